"""The Coverage screen, driven through AppTest on a database built by real ingests: each table is compared
with plain SQL over the catalogue (list functions and the `country_list` macro, not the screen's own
query), filters are checked to combine, and the world map is checked to key on ISO-3 and to draw its
countries from the console's own copy of the map, never from a CDN."""

from __future__ import annotations

import json

import pycountry

from app.components import charts, world_map
from tests.pages.conftest import COVERAGE_PAGE, Console
from tests.pages.test_ingest import texts
from tests.pages.test_quality import click, table

AUDIO = "list_transform(list_filter(k.ccf.languages, lambda l: l.role = 'audio'), lambda l: l.code)"
IN_MARKET = (  # country_list of an empty set is NULL
    "coalesce(list_contains(country_list(k.ccf.sales_rights.for_sale), $m), false) "
    "AND NOT coalesce(list_contains(country_list(k.ccf.sales_rights.not_for_sale), $m), false)"
)
THEMA = "len(list_filter(k.ccf.subjects, lambda s: s.scheme = 'thema' AND starts_with(s.code, $g))) > 0"


def count(console: Console, where: str = "true", **params: object) -> int:
    [(n,)] = console.sql(f"SELECT count(*) FROM catalog AS k WHERE {where}", **params)
    return int(n)


def test_the_whole_catalogue_by_language_publisher_and_form(console: Console) -> None:
    at = console.app(COVERAGE_PAGE)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Titles"] == f"{count(console):,}"
    languages = table(at, "Language", "Code", "Titles")
    want = console.sql(f"SELECT lang, count(*) FROM (SELECT unnest({AUDIO}) AS lang FROM catalog AS k) GROUP BY lang")
    assert dict(zip(languages["Code"], languages["Titles"], strict=True)) == dict(want)
    assert languages["Titles"].tolist() == sorted(languages["Titles"].tolist(), reverse=True)
    assert "German" in languages["Language"].tolist()
    imprints = table(at, "Publisher", "Imprint", "Titles")
    want = console.sql("SELECT ccf.publisher, ccf.imprint, count(*) FROM catalog GROUP BY ALL")
    assert set(zip(imprints["Publisher"], imprints["Imprint"], imprints["Titles"], strict=True)) == set(want)
    forms = table(at, "Product form", "Code", "Titles")
    assert dict(zip(forms["Code"], forms["Titles"], strict=True)) == dict(
        console.sql("SELECT ccf.product_form, count(*) FROM catalog GROUP BY ALL")
    )
    years = table(at, "Year", "Titles")
    want = console.sql("SELECT year(ccf.publication_date), count(*) FROM catalog GROUP BY ALL")
    assert dict(zip(years["Year"], years["Titles"], strict=True)) == {
        ("No date" if y is None else str(y)): n for y, n in want
    }


def test_markets_count_titles_for_sale_and_not_excluded(console: Console) -> None:
    at = console.app(COVERAGE_PAGE)
    markets = table(at, "Country", "ISO 3166-1", "Titles")
    shown = dict(zip(markets["ISO 3166-1"], markets["Titles"], strict=True))
    for code in ("AT", "US", "ZA", "BR"):
        assert shown.get(code, 0) == count(console, IN_MARKET, m=code)
    assert set(markets["ISO alpha-3"]) == {pycountry.countries.get(alpha_2=c).alpha_3 for c in shown}


def test_genres_count_bisac_and_thema_top_levels(console: Console) -> None:
    at = console.app(COVERAGE_PAGE)
    tops = [d.value for d in at.dataframe if list(d.value.columns) == ["Scheme", "Code", "Label", "Titles"]]
    bisac = next(t for t in tops if set(t["Scheme"]) == {"BISAC"})
    fic = dict(zip(bisac["Code"], bisac["Titles"], strict=True))["FIC"]
    assert fic == count(
        console, "len(list_filter(k.ccf.subjects, lambda s: s.scheme = 'bisac' AND starts_with(s.code, 'FIC'))) > 0"
    )
    assert dict(zip(bisac["Code"], bisac["Label"], strict=True))["FIC"] == "Fiction"  # from the headings sent
    thema = next(t for t in tops if "Thema" in set(t["Scheme"]))
    f_top = dict(zip(thema["Code"], thema["Titles"], strict=True))["F"]
    assert f_top == count(console, THEMA, g="F")
    assert "1" not in set(thema["Code"])  # Thema qualifiers (1D: Europe) are not genres


def test_filters_combine_german_thrillers_available_in_austria(console: Console) -> None:
    at = console.app(COVERAGE_PAGE, language="ger", market="AT", genre="thema:FH")
    want = count(console, f"list_contains({AUDIO}, 'ger') AND {IN_MARKET} AND {THEMA}", m="AT", g="FH")
    german = count(console, f"list_contains({AUDIO}, 'ger')")
    assert 0 < want < german
    assert {m.label: m.value for m in at.metric}["Titles"] == str(want)
    assert f"**{want} title" in texts(at) and "language German · available in Austria · genre Thema FH" in texts(at)
    # The form shows what the address asked for.
    assert at.multiselect(key="coverage_languages").value == ["ger"]
    assert at.multiselect(key="coverage_markets").value == ["AT"]
    # Every table counts the same titles.
    assert table(at, "Language", "Code", "Titles")["Titles"].tolist() == [want]


def test_the_form_applies_filters_to_the_address_and_clear_removes_them(console: Console) -> None:
    at = console.app(COVERAGE_PAGE)
    at.multiselect(key="coverage_languages").set_value(["ger", "fre"])
    at.multiselect(key="coverage_bands").set_value(["6-10h"])
    click(at, "Apply filters")
    assert (at.query_params["language"], at.query_params["duration"]) == (["ger", "fre"], "6-10h")
    want = count(
        console,
        f"list_has_any({AUDIO}, ['ger', 'fre']) AND k.ccf.duration_seconds >= 6 * 3600 "
        "AND k.ccf.duration_seconds < 10 * 3600",
    )
    assert {m.label: m.value for m in at.metric}["Titles"] == str(want)
    bands = table(at, "Duration", "Titles")
    assert dict(zip(bands["Duration"], bands["Titles"], strict=True))["6-10h"] == want
    click(at, "Clear")
    assert "language" not in at.query_params
    assert {m.label: m.value for m in at.metric}["Titles"] == f"{count(console):,}"


def test_years_filter_in_sql(console: Console) -> None:
    at = console.app(COVERAGE_PAGE, **{"from": "2020", "to": "2023"})
    want = count(console, "year(k.ccf.publication_date) BETWEEN 2020 AND 2023")
    assert {m.label: m.value for m in at.metric}["Titles"] == str(want)
    assert at.slider(key="coverage_years").value == (2020, 2023)


def test_the_world_map_keys_on_iso3_and_uses_the_local_topojson(console: Console) -> None:
    at = console.app(COVERAGE_PAGE, language="ger")
    chart = at.get("plotly_chart")[0]
    figure = json.loads(chart.proto.spec)
    config = json.loads(chart.proto.config)
    [trace] = figure["data"]
    assert trace["type"] == "choropleth" and trace["locationmode"] == "ISO-3"
    shown = dict(zip(trace["locations"], trace["z"], strict=True))
    assert shown["AUT"] == count(console, f"list_contains({AUDIO}, 'ger') AND {IN_MARKET}", m="AT")
    # plotly.js fetches "<topojsonURL>world_110m.json": the console serves it, nothing comes from a CDN.
    assert config["topojsonURL"] == "/app/static/topojson/"
    assert figure["layout"]["geo"]["resolution"] == 110
    topology = json.loads(world_map.TOPOJSON.read_text(encoding="utf-8"))
    assert {"countries", "land", "coastlines"} <= set(topology["objects"])
    ids = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    assert {"AUT", "DEU", "USA", "BRA", "IND", "AUS"} <= ids


def test_every_chart_has_its_table_and_a_csv_of_it(console: Console, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    downloads = []
    original = charts.csv_bytes
    monkeypatch.setattr(charts, "csv_bytes", lambda frame: downloads.append(frame) or original(frame))
    at = console.app(COVERAGE_PAGE)
    downloads.clear()  # the home page ran first
    at.run()
    assert len(at.get("plotly_chart")) == len(downloads) == len(at.get("download_button")) >= 9
    assert [list(d.columns) for d in downloads] == [list(d.value.columns) for d in at.dataframe]
    markets = next(d for d in downloads if "ISO 3166-1" in d.columns)
    lines = original(markets).decode("utf-8").splitlines()
    assert lines[0] == "Country,ISO 3166-1,ISO alpha-3,Titles" and len(lines) == len(markets) + 1


def test_a_filter_nothing_matches_says_so(console: Console) -> None:
    # An imprint of one publisher, asked for with another publisher: nothing, by construction.
    [(publisher, imprint)] = console.sql(
        "WITH pairs AS (SELECT DISTINCT ccf.publisher AS p, ccf.imprint AS i FROM catalog) "
        "SELECT a.p, b.i FROM pairs a, pairs b WHERE a.p <> b.p AND b.i IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM pairs c WHERE c.p = a.p AND c.i = b.i) ORDER BY ALL LIMIT 1"
    )
    at = console.app(COVERAGE_PAGE, publisher=publisher, imprint=imprint)
    assert {m.label: m.value for m in at.metric}["Titles"] == "0"
    assert any("No title matches all of these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    at = console.app(COVERAGE_PAGE, market="XX", language="zzz")  # unknown values are dropped
    assert not at.exception and {m.label: m.value for m in at.metric}["Titles"] == f"{count(console):,}"


def test_an_empty_catalogue_says_what_to_do(empty_console: Console) -> None:
    at = empty_console.app(COVERAGE_PAGE)
    assert any("The catalogue is empty" in i.value for i in at.info)
    assert not at.get("plotly_chart")
