"""Catalogue coverage for product managers: how many approved titles there are by language, market,
genre, publisher and imprint, product form, duration and publication year, under filters that combine
("German-language thrillers available in Austria").

Every count is a DuckDB aggregation (`queries/coverage/breakdown.sql`, one pass over the catalogue for all
dimensions); nothing here loads products. Filters are applied in SQL: AND across dimensions, OR among
the values of one dimension. Labels come from maintained code tables (pycountry via `core.ccf.codes`) and,
for genre codes, from the headings publishers sent with them: there is no hand-typed list of genres.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pycountry

from core.ccf import codes, countryset
from core.db import Database
from core.errors import InvalidInput

BAND_HOURS: tuple[float, ...] = (1, 3, 6, 10, 20)
"""Edges of the duration bands, in hours: a product is in the band of the edges its duration reaches."""
BANDS: tuple[str, ...] = ("<1h", "1-3h", "3-6h", "6-10h", "10-20h", "20h+")
MAX_HOURS = 40
"""The duration histogram counts whole hours; longer titles share the last bar (40 h and more)."""
SCHEMES = {"bisac": 3, "thema": 1}
"""Genre schemes and the length of their top-level code (BISAC FIC, Thema F); the level below is twice
as long for BISAC (FIC031) and one letter longer for Thema (FH)."""
SECOND_LEVEL = {"bisac": 6, "thema": 2}
SCHEME_NAMES = {"bisac": "BISAC", "thema": "Thema"}


@dataclass(frozen=True)
class Filters:
    """What to count. Empty means every product; several values of one filter mean any of them."""

    languages: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    """`bisac:FIC`, `bisac:FIC031`, `thema:F`, `thema:FH`: a product matches when one of its codes starts so."""
    publishers: tuple[str, ...] = ()
    imprints: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    bands: tuple[int, ...] = ()
    """Indexes into BANDS."""
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.markets) - set(countryset.order()))
        if unknown:
            raise InvalidInput(f"{', '.join(unknown)}: not ISO 3166-1 country codes (e.g. AT, DE, US)")
        for genre in self.genres:
            scheme, _, code = genre.partition(":")
            if scheme not in SCHEMES or not code:
                raise InvalidInput(f"genre {genre!r}: write scheme:code, e.g. bisac:FIC031 or thema:FH")
        bad = [b for b in self.bands if not 0 <= b < len(BANDS)]
        if bad:
            raise InvalidInput(f"duration band {bad[0]}: use 0 to {len(BANDS) - 1} ({', '.join(BANDS)})")
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise InvalidInput(f"the years {self.year_from}-{self.year_to} are the wrong way round")

    @property
    def active(self) -> bool:
        return any(
            (self.languages, self.markets, self.genres, self.publishers, self.imprints, self.forms, self.bands)
        ) or (self.year_from is not None or self.year_to is not None)


@dataclass
class Coverage:
    """The counts of one filter: the number of titles, and one frame per dimension (largest first)."""

    titles: int
    languages: pl.DataFrame
    markets: pl.DataFrame
    genres: pl.DataFrame
    subgenres: pl.DataFrame
    publishers: pl.DataFrame
    imprints: pl.DataFrame
    forms: pl.DataFrame
    bands: pl.DataFrame
    hours: pl.DataFrame
    years: pl.DataFrame
    labels: dict[str, str] = field(default_factory=dict)
    """Genre key -> label (bisac:FIC -> Fiction)."""


def _list(values: tuple[Any, ...]) -> list[Any] | None:
    return list(values) if values else None


def _params(f: Filters) -> dict[str, Any]:
    return {
        "languages": _list(f.languages),
        "markets": countryset.to_bits(f.markets) if f.markets else None,
        "genres": [g.split(":", 1)[0] + ":" + g.split(":", 1)[1].upper() for g in f.genres] or None,
        "publishers": _list(f.publishers),
        "imprints": _list(f.imprints),
        "forms": _list(f.forms),
        "bands": _list(f.bands),
        "band_hours": list(BAND_HOURS),
        "max_hours": MAX_HOURS,
        "year_from": f.year_from,
        "year_to": f.year_to,
    }


def alpha3(code: str) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 code (what a world map keys on), from pycountry."""
    country = pycountry.countries.get(alpha_2=code)
    return str(country.alpha_3) if country is not None else None


def genre_labels(db: Database) -> dict[str, str]:
    """A label for every genre key of the catalogue, from the headings sent with the codes.

    BISAC headings name their path ("FICTION / Thrillers / General"), so a level's label is the first
    segments of the headings of its codes. A Thema heading names one code only, so a Thema key is labelled
    by the heading of exactly that code; a top level no feed named is labelled by its best-known children.
    """
    rows = db.read("coverage/genre_headings").to_dicts()
    votes: dict[str, Counter[str]] = {}

    def vote(key: str, label: str, uses: int) -> None:
        votes.setdefault(key, Counter())[label] += uses

    for r in rows:
        scheme, code, heading, uses = r["scheme"], r["code"], r["heading"].strip(), int(r["uses"])
        if scheme == "bisac":
            parts = [p.strip() for p in heading.split("/") if p.strip()]
            if parts:
                top = parts[0].title() if parts[0].isupper() else parts[0]
                vote(f"bisac:{code[:3]}", top, uses)
                if len(parts) > 1:
                    vote(f"bisac:{code[:6]}", f"{top} / {parts[1]}", uses)
        elif len(code) <= SECOND_LEVEL["thema"]:
            vote(f"thema:{code}", heading, uses)
    labels = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    children: dict[str, list[str]] = {}
    for key, label in sorted(labels.items()):
        scheme, _, code = key.partition(":")
        if scheme == "thema" and len(code) == SECOND_LEVEL["thema"]:
            children.setdefault(f"thema:{code[:1]}", []).append(label)
    for top, names in children.items():
        if top not in labels:
            shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
            labels[top] = f"including {shown}"
    return labels


def genre_name(key: str, labels: dict[str, str]) -> str:
    """'bisac:FIC' -> 'BISAC FIC · Fiction'; a key with no label keeps its code."""
    scheme, _, code = key.partition(":")
    head = f"{SCHEME_NAMES.get(scheme, scheme)} {code}"
    label = labels.get(key)
    return f"{head} · {label}" if label else head


def _frame(rows: list[dict[str, Any]], dimension: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["dimension"] == dimension]


def _by_titles(frame: pl.DataFrame, *tie: str) -> pl.DataFrame:
    return frame.sort(["titles", *tie], descending=[True, *[False] * len(tie)], nulls_last=True)


def breakdown(db: Database, filters: Filters | None = None) -> Coverage:
    """Every dimension's counts for the products matching `filters`, in one query."""
    f = filters or Filters()
    rows = db.read("coverage/breakdown", **_params(f)).to_dicts()
    labels = genre_labels(db)
    total = next((int(r["titles"]) for r in rows if r["dimension"] == "total"), 0)

    languages = pl.DataFrame(
        [
            {"code": r["key"], "language": codes.language_name(r["key"]) if r["key"] else None, "titles": r["titles"]}
            for r in _frame(rows, "language")
        ],
        schema={"code": pl.String, "language": pl.String, "titles": pl.Int64},
    )
    markets = pl.DataFrame(
        [
            {
                "code": r["key"],
                "iso3": alpha3(r["key"]),
                "country": codes.country_name(r["key"]),
                "titles": r["titles"],
            }
            for r in _frame(rows, "market")
        ],
        schema={"code": pl.String, "iso3": pl.String, "country": pl.String, "titles": pl.Int64},
    )

    def genre_frame(dimension: str) -> pl.DataFrame:
        out = []
        for r in _frame(rows, dimension):
            key = r["key"]
            scheme, _, code = (key or "").partition(":")
            out.append(
                {
                    "key": key,
                    "scheme": SCHEME_NAMES.get(scheme) if key else None,
                    "code": code or None,
                    "label": labels.get(key) if key else None,
                    "titles": r["titles"],
                }
            )
        schema = {"key": pl.String, "scheme": pl.String, "code": pl.String, "label": pl.String, "titles": pl.Int64}
        return pl.DataFrame(out, schema=schema)

    publishers = pl.DataFrame(
        [{"publisher": r["key"], "titles": r["titles"]} for r in _frame(rows, "publisher")],
        schema={"publisher": pl.String, "titles": pl.Int64},
    )
    imprints = pl.DataFrame(
        [{"publisher": r["key"], "imprint": r["detail"], "titles": r["titles"]} for r in _frame(rows, "imprint")],
        schema={"publisher": pl.String, "imprint": pl.String, "titles": pl.Int64},
    )
    forms = pl.DataFrame(
        [{"form": r["key"], "titles": r["titles"]} for r in _frame(rows, "form")],
        schema={"form": pl.String, "titles": pl.Int64},
    )
    band_counts = {r["key"]: int(r["titles"]) for r in _frame(rows, "band")}
    bands = pl.DataFrame(
        {
            "band": [*range(len(BANDS)), None],
            "duration": [*BANDS, "no duration"],
            "titles": [*(band_counts.get(str(i), 0) for i in range(len(BANDS))), band_counts.get(None, 0)],
        },
        schema={"band": pl.Int64, "duration": pl.String, "titles": pl.Int64},
    )
    hour_counts = {int(r["key"]): int(r["titles"]) for r in _frame(rows, "hours") if r["key"] is not None}
    top = max(hour_counts, default=0)
    hours = pl.DataFrame(
        {
            "hours": list(range(top + 1)),
            "label": [f"{h}+ h" if h == MAX_HOURS else f"{h}-{h + 1} h" for h in range(top + 1)],
            "titles": [hour_counts.get(h, 0) for h in range(top + 1)],
        },
        schema={"hours": pl.Int64, "label": pl.String, "titles": pl.Int64},
    )
    years = pl.DataFrame(
        [
            {"year": int(r["key"]) if r["key"] is not None else None, "titles": r["titles"]}
            for r in _frame(rows, "year")
        ],
        schema={"year": pl.Int64, "titles": pl.Int64},
    ).sort("year", nulls_last=True)
    return Coverage(
        titles=total,
        languages=_by_titles(languages, "code"),
        markets=_by_titles(markets, "code"),
        genres=_by_titles(genre_frame("genre"), "key"),
        subgenres=_by_titles(genre_frame("genre2"), "key"),
        publishers=_by_titles(publishers, "publisher"),
        imprints=_by_titles(imprints, "publisher", "imprint"),
        forms=_by_titles(forms, "form"),
        bands=bands,
        hours=hours,
        years=years,
        labels=labels,
    )
