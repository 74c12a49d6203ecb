"""The Overview's numbers and the Quality screen's questions, headless: core.overview and core.quality
against plain SQL on the seeded database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core import catalog, overview, quality
from core.checks import findings, waivers
from core.checks.findings import Filters
from core.db import Database
from core.errors import InvalidInput, NotFound
from tests.conftest import REVIEWER

OPEN = "open AND NOT waived"


def rows(db: Database, sql: str, **params: object) -> list[tuple[object, ...]]:
    with db.cursor() as cur:
        return cur.execute(sql, params or None).fetchall()


def test_the_summary_is_what_the_tables_hold(seeded: Database) -> None:
    got = overview.summary(seeded, days=7)
    [(products,)] = rows(seeded, "SELECT count(*) FROM catalog")
    [(pending,)] = rows(seeded, "SELECT count(*) FROM conversions WHERE status = 'pending'")
    by_severity = dict(rows(seeded, f"SELECT severity, count(*) FROM current_findings WHERE {OPEN} GROUP BY ALL"))
    assert (got["products"], got["pending"]) == (products, pending)
    assert got["pending"] == got["pending_new"] + got["pending_changed"] + got["pending_deleted"]
    assert (got["open_error"], got["open_warning"], got["open_info"]) == (
        by_severity.get("error", 0),
        by_severity.get("warning", 0),
        by_severity.get("info", 0),
    )
    assert int(overview.pending_by_run(seeded)["pending"].sum()) == pending
    with pytest.raises(InvalidInput):
        overview.summary(seeded, days=0)


def test_worst_rules_and_publishers_rank_by_errors_then_open(seeded: Database) -> None:
    worst = overview.worst_rules(seeded, 3).to_dicts()
    assert len(worst) == 3
    assert [(r["errors"], r["open"]) for r in worst] == sorted(
        ((r["errors"], r["open"]) for r in worst), reverse=True
    )
    publishers = overview.worst_publishers(seeded).to_dicts()
    want = dict(rows(seeded, f"SELECT publisher, count(*) FROM current_findings WHERE {OPEN} GROUP BY ALL"))
    assert {r["publisher"]: r["open"] for r in publishers} == {p: n for p, n in want.items() if p is not None}


def test_counts_follow_the_same_filters_as_the_search(seeded: Database) -> None:
    for filters in (Filters(status="open"), Filters(severity="warning", status="open"), Filters(status="resolved")):
        counted = quality.counts(seeded, filters)
        assert int(counted["findings"].sum()) == len(findings.search(seeded, filters)) > 0


def test_a_finding_comes_with_its_judged_record_field_and_delivery(seeded: Database) -> None:
    [(finding_id, gtin, run_id, position)] = rows(
        seeded,
        f"SELECT finding_id, product_key, run_id, position FROM current_findings WHERE rule_id = 'Q35' AND {OPEN}",
    )
    row = quality.finding(seeded, int(str(finding_id)))
    assert (row["current"], row["open"], row["waived"]) == (True, True, False)
    record = quality.judged_record(seeded, row)
    assert record is not None and record.product_key == gtin
    found, amounts = quality.field_value(record, "prices.amount")
    assert found and amounts == [p.amount for p in record.prices]
    assert quality.field_value(record, "file") == (False, None)
    assert quality.field_value(record, "contributors.name")[1] == [c.name for c in record.contributors]
    delivery = quality.delivery(seeded, row)
    assert delivery is not None and delivery.exact and delivery.run_id == run_id
    [(source_id,)] = rows(seeded, "SELECT source_id FROM source_records WHERE run_id = $r AND position = $p", r=run_id, p=position)
    assert delivery.source_id == source_id
    assert "<Product" in catalog.source(seeded, delivery.source_id)["raw_xml"]
    with pytest.raises(NotFound):
        quality.finding(seeded, 10**9)


def test_totals_and_waivers(seeded: Database) -> None:
    before = quality.totals(seeded)
    [(gtin,)] = rows(seeded, f"SELECT product_key FROM current_findings WHERE rule_id = 'Q20' AND {OPEN}")
    waivers.create(seeded, REVIEWER, rule_id="Q20", product_key=str(gtin), reason="test", expires_at=None)
    after = quality.totals(seeded)
    assert (after["error"], after["waived"]) == (before["error"] - 1, before["waived"] + 1)
    assert quality.end_of_day(date(2027, 1, 31)) == datetime(2027, 1, 31, 23, 59, 59, tzinfo=UTC)
