"""Coverage: what the approved catalogue offers, for product managers. Titles by language, market, genre
(BISAC and Thema top levels, and one level down), publisher and imprint, product form, duration and
publication year, under filters that combine ("German-language thrillers available in Austria").

Every count is a DuckDB aggregation in core (`core.coverage`); each chart shows the table behind it, which
downloads as CSV. The filters live in the address, so a view can be shared:
`coverage?language=ger&genre=thema:FH&market=AT`.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from app import nav, state
from app.components import charts, world_map
from app.components.format import DASH, country, escape_md, humanize, language, number, plural
from core.coverage import BANDS, Coverage, Filters, genre_name
from core.errors import ConsoleError

PARAMS = {
    "language": "coverage_languages",
    "market": "coverage_markets",
    "genre": "coverage_genres",
    "publisher": "coverage_publishers",
    "imprint": "coverage_imprints",
    "form": "coverage_forms",
    "duration": "coverage_bands",
}
YEARS = "coverage_years"
TOP = 15

svc = state.services()


# -- filters: the address is the truth, the form edits it ------------------------------------------


def url_state() -> dict[str, list[str]]:
    found = {name: st.query_params.get_all(name) for name in (*PARAMS, "from", "to")}
    return {k: v for k, v in found.items() if v}


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def filters_from(url: dict[str, list[str]], options: Coverage) -> Filters:
    """The filters an address asks for, keeping only values the catalogue has (an old link still opens)."""
    known = {
        "language": set(options.languages["code"].drop_nulls().to_list()),
        "market": set(options.markets["code"].to_list()),
        "genre": {k for k in options.genres["key"].to_list() + options.subgenres["key"].to_list() if k},
        "publisher": set(options.publishers["publisher"].drop_nulls().to_list()),
        "imprint": set(options.imprints["imprint"].drop_nulls().to_list()),
        "form": set(options.forms["form"].drop_nulls().to_list()),
        "duration": set(BANDS),
    }

    def kept(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in url.get(name, []) if v in known[name]))

    return Filters(
        languages=kept("language"),
        markets=kept("market"),
        genres=kept("genre"),
        publishers=kept("publisher"),
        imprints=kept("imprint"),
        forms=kept("form"),
        bands=tuple(BANDS.index(b) for b in kept("duration")),
        year_from=_int(next(iter(url.get("from", [])), None)),
        year_to=_int(next(iter(url.get("to", [])), None)),
    )


def year_span(options: Coverage) -> tuple[int, int] | None:
    years = options.years["year"].drop_nulls()
    return (int(years.min()), int(years.max())) if len(years) else None  # type: ignore[arg-type]


def seed_from_url(filters: Filters, options: Coverage) -> None:
    """When the address changed, the form shows what it says now."""
    wanted = url_state()
    if st.session_state.get("coverage_url") == wanted:
        return
    st.session_state["coverage_url"] = wanted
    st.session_state[PARAMS["language"]] = list(filters.languages)
    st.session_state[PARAMS["market"]] = list(filters.markets)
    st.session_state[PARAMS["genre"]] = list(filters.genres)
    st.session_state[PARAMS["publisher"]] = list(filters.publishers)
    st.session_state[PARAMS["imprint"]] = list(filters.imprints)
    st.session_state[PARAMS["form"]] = list(filters.forms)
    st.session_state[PARAMS["duration"]] = [BANDS[b] for b in filters.bands]
    span = year_span(options)
    if span is not None:
        low = max(span[0], min(filters.year_from or span[0], span[1]))
        high = min(span[1], max(filters.year_to or span[1], span[0]))
        st.session_state[YEARS] = (low, max(low, high))


def apply_form() -> None:
    """The form's submit: its values become the address (empty filters leave it)."""
    for name, key in PARAMS.items():
        values = [str(v) for v in st.session_state.get(key) or []]
        if values:
            st.query_params[name] = values
        else:
            st.query_params.pop(name, None)
    span = st.session_state.get("coverage_span")
    years = st.session_state.get(YEARS)
    for name, index in (("from", 0), ("to", 1)):
        if span and years and years[index] != span[index]:
            st.query_params[name] = str(years[index])
        else:
            st.query_params.pop(name, None)


def clear_form() -> None:
    for name in (*PARAMS, "from", "to"):
        st.query_params.pop(name, None)


def counted(label: str, titles: int) -> str:
    return f"{label} · {number(titles)}"


def filter_form(options: Coverage) -> None:
    langs = {r["code"]: r["titles"] for r in options.languages.to_dicts() if r["code"]}
    markets = {r["code"]: r["titles"] for r in options.markets.to_dicts()}
    genres = {r["key"]: r["titles"] for r in (*options.genres.to_dicts(), *options.subgenres.to_dicts()) if r["key"]}
    publishers = {r["publisher"]: r["titles"] for r in options.publishers.to_dicts() if r["publisher"]}
    imprints: dict[str, int] = {}
    for r in options.imprints.to_dicts():
        if r["imprint"]:
            imprints[r["imprint"]] = imprints.get(r["imprint"], 0) + int(r["titles"])
    forms = {r["form"]: r["titles"] for r in options.forms.to_dicts() if r["form"]}
    with st.form("coverage_filters", border=True, enter_to_submit=False):
        st.markdown("**Filters** · combined with AND; several values of one filter mean any of them")
        row = st.columns(3)
        row[0].multiselect(
            "Language (of the audio)",
            sorted(langs, key=lambda c: (-langs[c], c)),
            format_func=lambda c: counted(f"{language(c)} ({c})", langs[c]),
            key=PARAMS["language"],
            placeholder="Any language",
        )
        row[1].multiselect(
            "Available in",
            sorted(markets, key=country),
            format_func=lambda c: counted(f"{country(c)} ({c})", markets[c]),
            key=PARAMS["market"],
            placeholder="Any market",
            help="Countries where a title is for sale and not excluded.",
        )
        row[2].multiselect(
            "Genre (BISAC or Thema)",
            sorted(genres),
            format_func=lambda k: counted(genre_name(k, options.labels), genres[k]),
            key=PARAMS["genre"],
            placeholder="Any genre",
            help="A top level (BISAC FIC, Thema F) or the level below (BISAC FIC031, Thema FH).",
        )
        row = st.columns(3)
        row[0].multiselect(
            "Publisher",
            sorted(publishers),
            format_func=lambda p: counted(p, publishers[p]),
            key=PARAMS["publisher"],
            placeholder="Any publisher",
        )
        row[1].multiselect(
            "Imprint",
            sorted(imprints),
            format_func=lambda p: counted(p, imprints[p]),
            key=PARAMS["imprint"],
            placeholder="Any imprint",
        )
        row[2].multiselect(
            "Product form",
            sorted(forms),
            format_func=lambda f: counted(humanize(f), forms[f]),
            key=PARAMS["form"],
            placeholder="Any form",
        )
        row = st.columns(3)
        row[0].multiselect("Duration", list(BANDS), key=PARAMS["duration"], placeholder="Any duration")
        span = year_span(options)
        st.session_state["coverage_span"] = span
        if span is not None and span[0] < span[1]:
            row[1].slider("Publication year", span[0], span[1], key=YEARS, step=1)
        with row[2], st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
            st.form_submit_button("Apply filters", type="primary", icon=":material/filter_alt:", on_click=apply_form)
            st.form_submit_button("Clear", icon=":material/filter_alt_off:", on_click=clear_form)


def describe(f: Filters, labels: dict[str, str]) -> str:
    """The filters in words: 'language German · available in Austria · genre Thema FH · Thriller'."""
    parts = []
    if f.languages:
        parts.append("language " + " or ".join(language(c) for c in f.languages))
    if f.markets:
        parts.append("available in " + " or ".join(country(c) for c in f.markets))
    if f.genres:
        parts.append("genre " + " or ".join(genre_name(g, labels) for g in f.genres))
    if f.publishers:
        parts.append("publisher " + " or ".join(f.publishers))
    if f.imprints:
        parts.append("imprint " + " or ".join(f.imprints))
    if f.forms:
        parts.append("form " + " or ".join(humanize(x).lower() for x in f.forms))
    if f.bands:
        parts.append("duration " + " or ".join(BANDS[b] for b in f.bands))
    if f.year_from is not None or f.year_to is not None:
        parts.append(f"published {f.year_from or '…'}–{f.year_to or '…'}")
    return " · ".join(parts)


# -- the charts ------------------------------------------------------------------------------------


def none_as(value: Any, text: str) -> Any:
    return text if value is None else value


def markets_chart(cov: Coverage) -> None:
    table = cov.markets.select(
        pl.col("country").alias("Country"),
        pl.col("code").alias("ISO 3166-1"),
        pl.col("iso3").alias("ISO alpha-3"),
        pl.col("titles").alias("Titles"),
    )
    charts.chart_block(
        "Titles available per country",
        world_map.figure(cov.markets),
        table,
        key="coverage_map",
        file_name="coverage-by-country.csv",
        caption=f"{plural(len(table), 'country', 'countries')} with at least one title. Hover a country for its count.",
        config=world_map.config(),
    )


def languages_chart(cov: Coverage) -> None:
    names = [none_as(language(c) if c else None, "No language") for c in cov.languages["code"].to_list()]
    table = pl.DataFrame(
        {"Language": names, "Code": cov.languages["code"].to_list(), "Titles": cov.languages["titles"].to_list()},
        schema={"Language": pl.String, "Code": pl.String, "Titles": pl.Int64},
    )
    charts.chart_block(
        "Titles by language",
        charts.bars(names, table["Titles"].to_list(), horizontal=True),
        table,
        key="coverage_languages_chart",
        file_name="coverage-by-language.csv",
        caption="The language of the audio (else of the text).",
    )


def genre_table(frame: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Scheme": [none_as(s, DASH) for s in frame["scheme"].to_list()],
            "Code": [none_as(c, DASH) for c in frame["code"].to_list()],
            "Label": [
                "No BISAC or Thema subject" if k is None else (lbl or "")
                for k, lbl in zip(frame["key"].to_list(), frame["label"].to_list(), strict=True)
            ],
            "Titles": frame["titles"].to_list(),
        },
        schema={"Scheme": pl.String, "Code": pl.String, "Label": pl.String, "Titles": pl.Int64},
    )


def genres_chart(cov: Coverage, scheme: str) -> None:
    frame = cov.genres.filter(pl.col("scheme") == scheme)
    if frame.is_empty():
        st.markdown(f"**{scheme} top levels**")
        st.caption(f"No title has a {scheme} subject.")
        return
    labels = [genre_name(k, cov.labels) for k in frame["key"].to_list()]
    charts.chart_block(
        f"{scheme} top levels",
        charts.bars(labels, frame["titles"].to_list(), horizontal=True),
        genre_table(frame),
        key=f"coverage_{scheme.lower()}",
        file_name=f"coverage-by-{scheme.lower()}-top-level.csv",
        caption=(
            "Top level: the first three letters of the code (FIC)."
            if scheme == "BISAC"
            else "Top level: the first letter of the code (F); qualifiers (digits) are not genres."
        ),
    )


def subgenres_chart(cov: Coverage) -> None:
    frame = cov.subgenres.head(TOP)
    labels = [genre_name(k, cov.labels) for k in frame["key"].to_list()]
    charts.chart_block(
        "Genres one level down" + (f" (the {TOP} biggest)" if len(cov.subgenres) > TOP else ""),
        charts.bars(labels, frame["titles"].to_list(), horizontal=True),
        genre_table(cov.subgenres),
        key="coverage_subgenres",
        file_name="coverage-by-genre-second-level.csv",
        caption="BISAC FIC031, Thema FH: the table has all of them.",
    )


def publishers_chart(cov: Coverage) -> None:
    imprints = cov.imprints
    publishers = [p for p in cov.publishers["publisher"].to_list()]
    names = [none_as(p, "No publisher") for p in publishers]
    series: dict[str, list[int]] = {}
    for r in imprints.to_dicts():
        name = none_as(r["imprint"], "(no imprint)")
        series.setdefault(name, [0] * len(publishers))[publishers.index(r["publisher"])] += int(r["titles"])
    table = pl.DataFrame(
        {
            "Publisher": [none_as(p, "No publisher") for p in imprints["publisher"].to_list()],
            "Imprint": [none_as(i, DASH) for i in imprints["imprint"].to_list()],
            "Titles": imprints["titles"].to_list(),
        },
        schema={"Publisher": pl.String, "Imprint": pl.String, "Titles": pl.Int64},
    )
    charts.chart_block(
        "Titles by publisher and imprint",
        charts.stacked(names, series, horizontal=True),
        table,
        key="coverage_publishers",
        file_name="coverage-by-publisher-and-imprint.csv",
    )


def forms_chart(cov: Coverage) -> None:
    names = [humanize(f) if f else "No form" for f in cov.forms["form"].to_list()]
    table = pl.DataFrame(
        {"Product form": names, "Code": cov.forms["form"].to_list(), "Titles": cov.forms["titles"].to_list()},
        schema={"Product form": pl.String, "Code": pl.String, "Titles": pl.Int64},
    )
    charts.chart_block(
        "Titles by product form",
        charts.bars(names, table["Titles"].to_list()),
        table,
        key="coverage_forms",
        file_name="coverage-by-product-form.csv",
    )


def bands_chart(cov: Coverage) -> None:
    bands = cov.bands.filter((pl.col("band").is_not_null()) | (pl.col("titles") > 0))
    table = bands.select(pl.col("duration").alias("Duration"), pl.col("titles").alias("Titles"))
    charts.chart_block(
        "Titles by duration band",
        charts.bars(table["Duration"].to_list(), table["Titles"].to_list()),
        table,
        key="coverage_bands",
        file_name="coverage-by-duration-band.csv",
    )


def hours_chart(cov: Coverage) -> None:
    hours = cov.hours.select(
        pl.col("hours").alias("Hours from"), pl.col("label").alias("Running time"), pl.col("titles").alias("Titles")
    )
    charts.chart_block(
        "Running time, hour by hour",
        charts.bars(
            hours["Hours from"].to_list(),
            hours["Titles"].to_list(),
            category=False,
            hover="from %{x} h: %{y:,} titles<extra></extra>",
        ),
        hours,
        key="coverage_hours",
        file_name="coverage-by-running-time.csv",
        caption="A histogram of whole hours; the last bar holds everything from 40 hours up.",
    )


def years_chart(cov: Coverage) -> None:
    table = pl.DataFrame(
        {
            "Year": [none_as(y, "No date") if y is None else str(y) for y in cov.years["year"].to_list()],
            "Titles": cov.years["titles"].to_list(),
        },
        schema={"Year": pl.String, "Titles": pl.Int64},
    )
    charts.chart_block(
        "Titles by publication year",
        charts.bars(table["Year"].to_list(), table["Titles"].to_list()),
        table,
        key="coverage_years_chart",
        file_name="coverage-by-publication-year.csv",
    )


def metrics(cov: Coverage, everything: Coverage) -> None:
    cols = st.columns(5)
    share = f"{cov.titles / everything.titles:.0%} of {number(everything.titles)}" if everything.titles else None
    cols[0].metric("Titles", number(cov.titles), border=True, help="Approved catalogue products matching the filters.")
    if share:
        cols[0].caption(share)
    cols[1].metric("Languages", number(cov.languages["code"].drop_nulls().len()), border=True)
    cols[2].metric("Countries", number(len(cov.markets)), border=True, help="Countries with at least one title.")
    cols[3].metric("Publishers", number(cov.publishers["publisher"].drop_nulls().len()), border=True)
    cols[4].metric("Imprints", number(cov.imprints["imprint"].drop_nulls().len()), border=True)


# -- the screen ------------------------------------------------------------------------------------

st.title("Coverage")
st.caption(
    "What the approved catalogue offers, by language, market, genre, publisher, form, duration and year. "
    "Filters combine; every chart's table downloads as CSV."
)
version = state.data_version()
everything = state.coverage_breakdown(version, Filters())
if everything.titles == 0:
    st.info(
        "The catalogue is empty, so there is nothing to cover yet: ingest a feed on the Ingest screen and "
        "approve its conversions.",
        icon=":material/inbox:",
    )
    nav.ingest_link("Go to Ingest")
    st.stop()
try:
    filters = filters_from(url_state(), everything)
except ConsoleError as e:
    st.warning(f"**{escape_md(e.title)}**: {escape_md(e.detail)}. Showing the whole catalogue.")
    clear_form()
    filters = Filters()
seed_from_url(filters, everything)
filter_form(everything)
cov = state.coverage_breakdown(version, filters) if filters.active else everything
if filters.active:
    st.markdown(
        f"**{plural(cov.titles, 'title')}** of {number(everything.titles)} match: "
        f"{escape_md(describe(filters, everything.labels))}."
    )
    shared = {name: st.query_params.get_all(name) for name in (*PARAMS, "from", "to")}
    st.caption(f"Link to this view: {nav.share_url(nav.COVERAGE_PATH, **shared)}")
metrics(cov, everything)
if cov.titles == 0:
    st.info(
        "No title matches all of these filters. Remove one (or choose more values of one: they add up).",
        icon=":material/search_off:",
    )
    st.stop()
markets_chart(cov)
left, right = st.columns(2, gap="large")
with left:
    languages_chart(cov)
with right:
    publishers_chart(cov)
left, right = st.columns(2, gap="large")
with left:
    genres_chart(cov, "BISAC")
with right:
    genres_chart(cov, "Thema")
subgenres_chart(cov)
left, right = st.columns(2, gap="large")
with left:
    forms_chart(cov)
with right:
    bands_chart(cov)
left, right = st.columns(2, gap="large")
with left:
    hours_chart(cov)
with right:
    years_chart(cov)
