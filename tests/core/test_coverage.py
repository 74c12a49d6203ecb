"""Catalogue coverage, headless: every count of core.coverage against plain SQL on the seeded catalogue,
filters that combine, and the labels that come from the headings publishers sent (no hand list)."""

from __future__ import annotations

import pytest

from core import coverage
from core.db import Database
from core.errors import InvalidInput

AUDIO = "list_transform(list_filter(ccf.languages, lambda l: l.role = 'audio'), lambda l: l.code)"
IN_MARKET = (
    "coalesce(list_contains(country_list(ccf.sales_rights.for_sale), $m), false) "
    "AND NOT coalesce(list_contains(country_list(ccf.sales_rights.not_for_sale), $m), false)"
)


def count(db: Database, where: str = "true", **params: object) -> int:
    with db.cursor() as cur:
        return int(cur.execute(f"SELECT count(*) FROM catalog WHERE {where}", params or None).fetchone()[0])  # type: ignore[index]


def test_the_whole_catalogue_is_counted_along_every_dimension(seeded: Database) -> None:
    cov = coverage.breakdown(seeded)
    total = count(seeded)
    assert cov.titles == total > 0
    assert int(cov.publishers["titles"].sum()) == total
    assert int(cov.imprints["titles"].sum()) == total
    assert int(cov.forms["titles"].sum()) == total
    assert int(cov.bands["titles"].sum()) == total
    assert int(cov.years["titles"].sum()) == total
    assert int(cov.hours["titles"].sum()) == count(seeded, "ccf.duration_seconds IS NOT NULL")
    german = dict(zip(cov.languages["code"], cov.languages["titles"], strict=True))["ger"]
    assert german == count(seeded, f"list_contains({AUDIO}, 'ger')")
    markets = dict(zip(cov.markets["code"], cov.markets["titles"], strict=True))
    for code in ("AT", "GB", "ZA"):
        assert markets.get(code, 0) == count(seeded, IN_MARKET, m=code)
    assert dict(zip(cov.markets["code"], cov.markets["iso3"], strict=True))["AT"] == "AUT"


def test_filters_combine_with_and_and_values_with_or(seeded: Database) -> None:
    one = coverage.breakdown(seeded, coverage.Filters(languages=("ger",), markets=("AT",)))
    assert one.titles == count(seeded, f"list_contains({AUDIO}, 'ger') AND {IN_MARKET}", m="AT")
    either = coverage.breakdown(seeded, coverage.Filters(languages=("ger", "fre")))
    assert either.titles == count(seeded, f"list_has_any({AUDIO}, ['ger', 'fre'])")
    thrillers = coverage.breakdown(seeded, coverage.Filters(genres=("thema:FH", "bisac:FIC031")))
    assert thrillers.titles == count(
        seeded,
        "len(list_filter(ccf.subjects, lambda s: (s.scheme = 'thema' AND starts_with(s.code, 'FH')) "
        "OR (s.scheme = 'bisac' AND starts_with(s.code, 'FIC031')))) > 0",
    )
    long_recent = coverage.breakdown(seeded, coverage.Filters(bands=(4, 5), year_from=2020))
    assert long_recent.titles == count(
        seeded, "ccf.duration_seconds >= 10 * 3600 AND year(ccf.publication_date) >= 2020"
    )
    assert 0 < one.titles < either.titles


def test_genre_levels_and_their_labels_come_from_the_headings_sent(seeded: Database) -> None:
    cov = coverage.breakdown(seeded)
    keys = set(cov.genres["key"].drop_nulls())
    assert {"bisac:FIC", "thema:F"} <= keys
    assert not [k for k in keys if k.split(":")[1][0].isdigit()]  # Thema qualifiers are not genres
    assert cov.labels["bisac:FIC"] == "Fiction"
    assert cov.labels["bisac:FIC031"] == "Fiction / Thrillers"
    with seeded.cursor() as cur:
        [(heading,)] = cur.execute(
            "SELECT DISTINCT s.heading FROM (SELECT unnest(ccf.subjects) AS s FROM catalog) "
            "WHERE s.scheme = 'thema' AND s.code = 'FH'"
        ).fetchall()
    assert cov.labels["thema:FH"] == heading
    assert coverage.genre_name("thema:FH", cov.labels) == f"Thema FH · {heading}"
    assert coverage.genre_name("bisac:ZZZ", cov.labels) == "BISAC ZZZ"


def test_bad_filters_are_refused_with_a_reason() -> None:
    with pytest.raises(InvalidInput, match="not ISO 3166-1"):
        coverage.Filters(markets=("XX",))
    with pytest.raises(InvalidInput, match="scheme:code"):
        coverage.Filters(genres=("FIC",))
    with pytest.raises(InvalidInput, match="duration band"):
        coverage.Filters(bands=(9,))
    with pytest.raises(InvalidInput, match="wrong way round"):
        coverage.Filters(year_from=2024, year_to=2020)
    assert not coverage.Filters().active and coverage.Filters(year_to=2020).active
