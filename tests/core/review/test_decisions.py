"""Decisions: optimistic approval, rejection, bulk by filter with a preview, the auto-approve policy,
history and revert, comments, and the roles core enforces."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from core.checks import examples
from core.db import Database
from core.errors import InvalidInput, PermissionDenied
from core.ingest.run import ingest_file
from core.review import decisions, diff, history, queue
from core.samples import sample_defects
from core.samples.__main__ import main as generate
from tests.conftest import ADMIN, REVIEWER, VIEWER, make_settings
from tests.core.review.conftest import Deliver, conversion_of

TITLE = "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix"
PRICE = "ProductSupply/SupplyDetail/Price/PriceAmount"


def events(db: Database, action: str) -> list[tuple[str, str | None, str | None]]:
    with db.cursor() as cur:
        return cur.execute(
            "SELECT actor, from_status, to_status FROM review_events WHERE action = $a ORDER BY event_id", {"a": action}
        ).fetchall()


def versions_of(db: Database, number: int = 1) -> list[tuple[int, str, str]]:
    rows = history.versions(db, examples.isbn(number)).to_dicts()
    return [(r["version"], r["action"], r["approved_by"]) for r in rows]


def test_an_approval_made_against_a_version_the_catalogue_left_is_superseded(db: Database, deliver: Deliver) -> None:
    first = deliver(([], 1))
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    edited = deliver(([{"set": TITLE, "text": "Second Title"}], 1))
    decisions.approve(db, ADMIN, decisions.pending_ids(db, edited.run_id))
    third = deliver(([{"set": TITLE, "text": "Third Title"}], 1))
    pending = conversion_of(db, third.run_id)
    assert pending is not None  # made against version 2

    # Another reviewer's decision on version 2 lands first: the product goes back to version 1 (as version 3).
    assert history.revert(db, REVIEWER, examples.isbn(1), 1, "the second title was wrong") == 3
    late = decisions.approve(db, ADMIN, [pending["conversion_id"]])

    assert (late.applied, late.superseded) == ([], [pending["conversion_id"]])
    [row] = queue.listing(db, queue.QueueFilter(status="superseded")).to_dicts()
    assert "against version 2, the catalogue now has 3" in row["status_reason"]
    assert versions_of(db) == [(3, "revert", "rita"), (2, "approve", "tester"), (1, "approve", "tester")]
    assert [c.describe() for c in diff.between_versions(db, examples.isbn(1), 2, 3)] == [
        "changed title: The Second Title -> The Lighthouse Keeper's Daughter"
    ]


def test_two_reviewers_approving_the_same_conversion_at_once_apply_it_once(db: Database, deliver: Deliver) -> None:
    first = deliver(([], 1))
    [conversion_id] = decisions.pending_ids(db, first.run_id)
    results: list[decisions.Decision] = []
    threads = [
        threading.Thread(target=lambda who=who: results.append(decisions.approve(db, who, [conversion_id])))
        for who in (ADMIN, REVIEWER)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.applied) for r in results) == [0, 1]
    assert versions_of(db)[0][0] == 1 and len(versions_of(db)) == 1


def test_reject_needs_a_comment_and_leaves_the_catalogue(db: Database, deliver: Deliver) -> None:
    first = deliver(([], 1))
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    second = deliver(([{"set": TITLE, "text": "Bad Title"}], 1))
    ids = decisions.pending_ids(db, second.run_id)
    with pytest.raises(InvalidInput):
        decisions.reject(db, REVIEWER, ids, comment=" ")
    done = decisions.reject(db, REVIEWER, ids, comment="typo in the title")
    assert done.applied == ids
    assert versions_of(db) == [(1, "approve", "tester")]
    assert events(db, "reject") == [("rita", "pending", "rejected")]
    assert decisions.reject(db, REVIEWER, ids, comment="again").skipped == ids


def test_roles_are_enforced_in_core(db: Database, deliver: Deliver) -> None:
    first = deliver(([], 1))
    ids = decisions.pending_ids(db, first.run_id)
    for attempt in (
        lambda: decisions.approve(db, VIEWER, ids),
        lambda: decisions.reject(db, VIEWER, ids, comment="no"),
        lambda: decisions.comment(db, VIEWER, ids[0], "hello"),
        lambda: history.revert(db, VIEWER, examples.isbn(1), 1, "no"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert decisions.pending_ids(db, first.run_id) == ids and events(db, "approve") == []
    decisions.comment(db, REVIEWER, ids[0], "looks fine to me")
    assert events(db, "comment") == [("rita", "pending", "pending")]


def test_the_auto_approve_policy_takes_only_allowed_fields_without_findings(tmp_path: Path) -> None:
    cfg = make_settings(tmp_path, auto_approve_fields=["prices"])
    db = Database(cfg.db)
    try:
        def delivery(name: str, *products: tuple[list[dict[str, str]], int]) -> int:
            from lxml import etree

            xml = [etree.tostring(examples.with_identity(examples.apply(examples.base_product(), e), n)[0]) for e, n in products]
            path = tmp_path / name
            path.write_bytes(examples.message(xml, header=examples.HEADER.replace("20261101", "202610" + name[:2])))
            result = ingest_file(db, path, ADMIN, config=cfg)
            return int(result.run_id or 0)

        first = delivery("01.xml", ([], 1), ([], 2), ([], 3))
        decisions.approve(db, ADMIN, decisions.pending_ids(db, first))
        second = delivery(
            "02.xml",
            ([{"set": PRICE, "text": "18.99"}], 1),  # prices only: auto-approved
            ([{"set": PRICE, "text": "18.99"}, {"set": TITLE, "text": "Other"}], 2),  # a title too: a person decides
            ([{"set": PRICE, "text": "18.99"}, {"remove": "CollateralDetail/SupportingResource"}], 3),  # a finding
        )
        left = {r["gtin"]: r for r in queue.listing(db, queue.QueueFilter(run_id=second)).to_dicts()}
        assert set(left) == {examples.isbn(2), examples.isbn(3)}
        assert versions_of(db, 1)[0] == (2, "auto-approve", "auto-approve")
        assert events(db, "auto-approve") == [("auto-approve", "pending", "approved")]
    finally:
        db.close()


def test_bulk_approve_by_filter_previews_then_reports_what_it_skipped(seeded: Database) -> None:
    where = queue.QueueFilter(field="prices")
    preview = queue.preview(seeded, where)
    listed = queue.listing(seeded, where).to_dicts()
    assert preview.total == len(listed) == len(preview.ids) and preview.total > 3
    assert preview.by_kind == {"changed": preview.total}
    assert len(preview.sample) == min(10, preview.total)

    # A conflicting item: between the preview and the bulk decision another reviewer decides one of them.
    taken = preview.ids[0]
    assert decisions.approve(seeded, ADMIN, [taken]).applied == [taken]

    done = decisions.approve(seeded, REVIEWER, preview.ids, bulk=True, comment="price round")
    assert done.bulk_id and done.skipped == [taken]
    assert len(done.applied) + len(done.skipped) + len(done.blocked) == preview.total
    assert queue.listing(seeded, where).height == len(done.blocked) == preview.blocked
    with seeded.cursor() as cur:
        [(n,)] = cur.execute("SELECT count(*) FROM review_events WHERE bulk_id = $b", {"b": done.bulk_id}).fetchall()
    assert n == preview.total


def test_the_seeded_queue_flags_the_sample_changes(seeded: Database) -> None:
    flagged = {r["gtin"]: r["flags"] for r in queue.listing(seeded, queue.QueueFilter()).to_dicts() if r["flags"]}
    assert [gtin for gtin, flags in flagged.items() if "delete" in flags] == ["9798897710812"]  # samples README
    assert "9798897710010" in flagged and "price_drop" in flagged["9798897710010"]  # the 45 % promotion
    assert "market_removed" in flagged["9798889401629"]  # AU NZ withdrawn
    errors = {d.gtin for d in sample_defects() if d.severity == "error" and d.file == "delivery-2.xml"}
    with_errors = {r["gtin"] for r in queue.listing(seeded, queue.QueueFilter(findings="error")).to_dicts()}
    assert with_errors == errors


def test_approving_a_large_delivery_at_once_does_not_hold_it_in_memory(tmp_path: Path) -> None:
    # An INSERT ... ON CONFLICT into the catalogue held every approved record in DuckDB's memory: 2,000
    # products needed about 50MB, and approving 50,000 at once failed under the default 128MB. An insert for
    # the new products and an update for the known ones stream; 2,000 need about 35MB.
    feed = tmp_path / "feed-2000.xml"
    assert generate(["--products", "2000", "--seed", "7", str(feed)]) == 0
    cfg = make_settings(tmp_path)
    database = Database(cfg.db, memory_limit="200MB", threads=2)
    try:
        first = ingest_file(database, feed, ADMIN, config=cfg)
        with database.memory_limit("40MB"):
            approved = decisions.approve(database, ADMIN, decisions.pending_ids(database, first.run_id))
        assert len(approved.applied) == first.converted == 2000
        with database.cursor() as cur:
            assert cur.execute("SELECT count(*) FROM catalog").fetchall() == [(2000,)]
    finally:
        database.close()
