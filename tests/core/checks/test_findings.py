"""Findings of the sample feeds, their lifecycle across deliveries, re-checks, waivers and the approval gate."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core import senders
from core.checks import engine, findings, waivers
from core.config import Settings
from core.db import Database
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.ingest.run import ingest_file
from core.review import decisions
from core.samples import sample_defects
from tests.conftest import ADMIN, REVIEWER, SAMPLES, VIEWER, make_settings


def run_ids(db: Database) -> dict[str, int]:
    with db.cursor() as cur:
        rows = cur.execute("SELECT f.original_name, r.run_id FROM ingest_runs r JOIN feeds f USING (feed_id)").fetchall()
    return {name: run_id for name, run_id in rows}


def found_in_run(db: Database, run_id: int) -> set[tuple[str, str, str]]:
    with db.cursor() as cur:
        rows = cur.execute(
            "SELECT product_key, rule_id, severity FROM findings WHERE run_id = $r AND status <> 'resolved'",
            {"r": run_id},
        ).fetchall()
    return {(k, rule, severity) for k, rule, severity in rows}


@pytest.mark.parametrize("file", ["delivery-1.xml", "delivery-2.xml", "delivery-3-prices.xml", "legacy-2.1.xml", "short-tags-3.0.xml"])
def test_each_sample_file_gives_exactly_the_findings_its_readme_lists(seeded: Database, file: str) -> None:
    want = {(d.gtin, d.rule, d.severity) for d in sample_defects() if d.file == file}
    assert found_in_run(seeded, run_ids(seeded)[file]) == want


def test_findings_recur_resolve_and_appear_across_two_deliveries(seeded: Database) -> None:
    runs = run_ids(seeded)
    with seeded.cursor() as cur:
        rows = cur.execute(
            "SELECT product_key, rule_id, status FROM findings WHERE run_id = $r", {"r": runs["delivery-2.xml"]}
        ).fetchall()
    status = {(k, rule): s for k, rule, s in rows}
    first = {(d.gtin, d.rule) for d in sample_defects() if d.file == "delivery-1.xml"}
    second = {(d.gtin, d.rule) for d in sample_defects() if d.file == "delivery-2.xml"}
    assert {k for k in first & second if status.get(k) != "recurring"} == set()
    fixed = first - second
    assert fixed and all(status.get(k) == "resolved" for k in fixed)
    assert all(status.get(k) == "new" for k in second - first)
    assert set(status) == first | second


def test_a_recheck_finds_the_same_open_findings_again(seeded: Database) -> None:
    def open_set() -> set[tuple[str, str]]:
        return {(r["product_key"], r["rule_id"]) for r in findings.search(seeded, findings.Filters(status="open")).to_dicts()}

    before = open_set()
    done = engine.recheck(seeded, ADMIN)
    assert done.subjects > 0 and open_set() == before
    with seeded.cursor() as cur:
        statuses = cur.execute("SELECT DISTINCT status FROM findings WHERE check_id = $c", {"c": done.check_id}).fetchall()
    assert statuses == [("recurring",)]


def test_a_recheck_needs_a_reviewer(seeded: Database) -> None:
    with pytest.raises(PermissionDenied):
        engine.recheck(seeded, VIEWER)


def test_filters_narrow_the_findings(seeded: Database) -> None:
    every = findings.search(seeded).to_dicts()
    errors = findings.search(seeded, findings.Filters(severity="error")).to_dicts()
    assert errors and {r["severity"] for r in errors} == {"error"} and len(errors) < len(every)
    q35 = findings.search(seeded, findings.Filters(rule="q35")).to_dicts()
    assert [r["product_key"] for r in q35] == [d.gtin for d in sample_defects() if d.rule == "Q35" and d.file == "delivery-2.xml"]
    harbor = findings.search(seeded, findings.Filters(publisher="Harbor Lane Audio")).to_dicts()
    assert harbor and {r["publisher"] for r in harbor} == {"Harbor Lane Audio"}
    resolved = findings.search(seeded, findings.Filters(status="resolved")).to_dicts()
    assert [(r["rule_id"], r["status"]) for r in resolved] == [("Q26", "resolved")]
    with pytest.raises(InvalidInput):
        findings.Filters(severity="fatal")


def blocked_product(db: Database) -> tuple[int, str, list[str]]:
    """A pending conversion the seed could not approve: (conversion id, product, blocking rules)."""
    result = decisions.approve(db, ADMIN, decisions.pending_ids(db))
    conversion_id, rules = sorted(result.blocked.items())[0]
    with db.cursor() as cur:
        [(key,)] = cur.execute("SELECT product_key FROM conversions WHERE conversion_id = $c", {"c": conversion_id}).fetchall()
    return conversion_id, key, rules


def test_an_error_finding_blocks_approval_until_waived(seeded: Database) -> None:
    conversion_id, key, rules = blocked_product(seeded)
    assert decisions.approve(seeded, ADMIN, [conversion_id]).blocked == {conversion_id: rules}
    with seeded.cursor() as cur:
        events = cur.execute(
            "SELECT action, to_status FROM review_events WHERE conversion_id = $c AND action = 'block'", {"c": conversion_id}
        ).fetchall()
    assert events and set(events) == {("block", "pending")}

    for rule_id in rules:
        waivers.create(seeded, REVIEWER, rule_id=rule_id, product_key=key, reason="accepted by the publisher")
    shown = findings.search(seeded, findings.Filters(gtin=key)).to_dicts()
    assert shown and all(r["waived"] for r in shown if r["rule_id"] in rules)  # still visible, as waived
    assert findings.search(seeded, findings.Filters(gtin=key, status="open", severity="error")).is_empty()
    assert decisions.approve(seeded, REVIEWER, [conversion_id]).applied == [conversion_id]


def test_a_publisher_waiver_covers_every_product_of_that_publisher(seeded: Database) -> None:
    errors = findings.search(seeded, findings.Filters(rule="Q35", status="open")).to_dicts()
    [row] = errors
    waivers.create(seeded, ADMIN, rule_id="Q35", publisher=row["publisher"], reason="decimal commas are read right")
    assert findings.search(seeded, findings.Filters(rule="Q35", status="open")).is_empty()
    assert len(findings.search(seeded, findings.Filters(rule="Q35", status="waived"))) == 1


def test_an_expired_or_revoked_waiver_stops_waiving(seeded: Database) -> None:
    conversion_id, key, rules = blocked_product(seeded)
    soon = datetime.now(UTC) + timedelta(seconds=1.5)
    ids = [waivers.create(seeded, ADMIN, rule_id=r, product_key=key, reason="for a moment", expires_at=soon) for r in rules]
    assert findings.search(seeded, findings.Filters(gtin=key, status="open", severity="error")).is_empty()
    time.sleep(2)
    assert not findings.search(seeded, findings.Filters(gtin=key, status="open", severity="error")).is_empty()
    assert decisions.approve(seeded, ADMIN, [conversion_id]).blocked == {conversion_id: rules}
    assert {w["state"] for w in waivers.listing(seeded, include_ended=True).to_dicts()} == {"expired"}
    assert waivers.listing(seeded).is_empty()

    again = [waivers.create(seeded, ADMIN, rule_id=r, product_key=key, reason="until revoked") for r in rules]
    for waiver_id in again:
        waivers.revoke(seeded, ADMIN, waiver_id)
    assert decisions.approve(seeded, ADMIN, [conversion_id]).blocked == {conversion_id: rules}
    assert ids and {w["state"] for w in waivers.listing(seeded, include_ended=True).to_dicts()} == {"expired", "revoked"}


def test_waivers_refuse_what_makes_no_sense(seeded: Database) -> None:
    key = sample_defects()[1].gtin
    with pytest.raises(InvalidInput):
        waivers.create(seeded, ADMIN, rule_id="Q99", product_key=key, reason="r")
    with pytest.raises(InvalidInput):
        waivers.create(seeded, ADMIN, rule_id="Q20", reason="r")  # neither product nor publisher
    with pytest.raises(InvalidInput):
        waivers.create(seeded, ADMIN, rule_id="Q20", product_key=key, reason=" ")
    with pytest.raises(InvalidInput):
        waivers.create(seeded, ADMIN, rule_id="Q20", product_key=key, reason="r", expires_at=datetime(2020, 1, 1))
    with pytest.raises(NotFound):
        waivers.create(seeded, ADMIN, rule_id="Q20", product_key="9780000000000", reason="r")
    with pytest.raises(PermissionDenied):
        waivers.create(seeded, VIEWER, rule_id="Q20", product_key=key, reason="r")
    with pytest.raises(NotFound):
        waivers.revoke(seeded, ADMIN, 12345)


def test_a_sent_time_older_than_the_senders_last_delivery_is_q04(seeded: Database, seeded_cfg: Settings, tmp_path: Path) -> None:
    old = (SAMPLES / "delivery-1.xml").read_bytes().replace(b"20261102T0900Z", b"20261101T0900Z")
    feed = tmp_path / "resent.xml"
    feed.write_bytes(old)
    result = ingest_file(seeded, feed, ADMIN, config=seeded_cfg)
    rows = findings.search(seeded, findings.Filters(rule="Q04", run_id=result.run_id)).to_dicts()
    assert [r["observed"] for r in rows] == ["20261101T0900Z"]
    assert "older than the sender's previous delivery" in rows[0]["message"]


def test_a_sender_configured_strict_is_validated_against_the_schema(tmp_path: Path) -> None:
    cfg = make_settings(tmp_path)
    db = Database(cfg.db)
    first = ingest_file(db, SAMPLES / "delivery-1.xml", ADMIN, config=cfg)
    assert findings.search(db, findings.Filters(rule="Q03")).is_empty()  # not strict: not validated
    [sender] = senders.listing(db).to_dicts()
    senders.set_strict(db, ADMIN, sender["name"], True)
    second = ingest_file(db, SAMPLES / "delivery-2.xml", ADMIN, config=cfg)
    rows = findings.search(db, findings.Filters(rule="Q03", run_id=second.run_id)).to_dicts()
    # The defects the samples README says are also schema errors: 'deu', 'ROW', '13,99'.
    with_schema_errors = {d.gtin for d in sample_defects() if d.file == "delivery-2.xml" and d.rule in ("Q24", "Q33", "Q35")}
    assert {r["product_key"] for r in rows} == with_schema_errors
    assert all(r["line"] and r["message"].startswith(f"line {r['line']}:") for r in rows)
    assert first.run_id != second.run_id
    with pytest.raises(PermissionDenied):
        senders.set_strict(db, REVIEWER, sender["name"], False)
    db.close()
