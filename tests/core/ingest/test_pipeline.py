"""The pipeline end to end on the sample deliveries: counts, duplicates, supersede, approval, failures."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from core import catalog
from core.checks import engine
from core.config import Settings
from core.db import Database, Tx, size_bytes
from core.errors import PermissionDenied
from core.ingest import blocks, commit
from core.ingest.run import ingest_file
from core.review import decisions, diff
from tests.conftest import ADMIN, SAMPLES, VIEWER, copy_to
from tests.core.ingest import helpers

D1, D2 = SAMPLES / "delivery-1.xml", SAMPLES / "delivery-2.xml"


def count(db: Database, sql: str) -> int:
    with db.cursor() as cur:
        row = cur.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_first_delivery_becomes_new_conversions(db: Database, cfg: Settings) -> None:
    expected = len(helpers.products(D1))
    result = ingest_file(db, D1, ADMIN, config=cfg)
    assert (result.status, result.format, result.products, result.converted, result.rejected) == (
        "succeeded",
        "onix-3.0-reference",
        expected,
        expected,
        0,
    )
    assert result.conversions == {"new": expected, "changed": 0, "unchanged": 0, "deleted": 0}
    assert count(db, "SELECT count(*) FROM conversions WHERE status = 'pending' AND kind = 'new'") == expected
    assert count(db, "SELECT count(*) FROM source_records") == expected
    assert result.sender == "Northgate Audio Distribution"
    assert count(db, "SELECT count(*) FROM senders") == 1


def test_second_delivery_against_the_approved_first(db: Database, cfg: Settings) -> None:
    first = ingest_file(db, D1, ADMIN, config=cfg)
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    before, after = helpers.xml_by_isbn(D1), helpers.xml_by_isbn(D2)
    deletes = {helpers.isbn(p) for p in helpers.products(D2) if helpers.notification(p) == "05"}
    new = set(after) - set(before)
    changed = {k for k in after if k in before and after[k] != before[k] and k not in deletes}
    unchanged = {k for k in after if k in before and after[k] == before[k]}

    second = ingest_file(db, D2, ADMIN, config=cfg)

    assert second.status == "succeeded"
    assert second.conversions == {
        "new": len(new),
        "changed": len(changed),
        "unchanged": len(unchanged),
        "deleted": len(deletes),
    }
    kinds = {
        (r["product_key"], r["kind"]) for r in db.read("runs/conversions", run_id=second.run_id).to_dicts()
    }
    assert kinds == {(k, "new") for k in new} | {(k, "changed") for k in changed} | {
        (k, "deleted") for k in deletes
    }


def test_a_repeated_delivery_is_skipped_unless_forced(db: Database, cfg: Settings, tmp_path: Path) -> None:
    ingest_file(db, D1, ADMIN, config=cfg)
    again = ingest_file(db, copy_to(tmp_path, D1, "renamed.xml"), ADMIN, config=cfg)
    assert again.status == "duplicate" and "already ingested" in (again.error or "")
    assert count(db, "SELECT count(*) FROM conversions") == len(helpers.products(D1))
    forced = ingest_file(db, D1, ADMIN, config=cfg, force=True)
    assert forced.status == "succeeded"
    # The same content again: every product is already pending with the same hash.
    assert forced.conversions["unchanged"] == forced.converted and forced.conversions["new"] == 0


def test_a_newer_delivery_supersedes_an_older_pending_conversion(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    ingest_file(db, D1, ADMIN, config=cfg)
    target = helpers.products(D1)[5]
    gtin = helpers.isbn(target)
    text = D1.read_text(encoding="utf-8")
    title = target.findtext(".//{*}TitleText") or target.findtext(".//{*}TitleWithoutPrefix")
    assert title and text.count(title) >= 1
    changed = copy_to(tmp_path, D1, "changed.xml")
    changed.write_text(text.replace(f">{title}<", f">{title} (revised)<", 1), encoding="utf-8")
    result = ingest_file(db, changed, ADMIN, config=cfg)
    assert result.conversions["new"] == 1 and result.conversions["unchanged"] == result.converted - 1
    rows = db.read("catalog/latest_conversion", gtin=gtin).to_dicts()
    assert rows[0]["status"] == "pending" and rows[0]["run_id"] == result.run_id
    with db.cursor() as cur:
        old = cur.execute(
            "SELECT status, superseded_by, status_reason FROM conversions WHERE product_key = $g AND run_id <> $r",
            {"g": gtin, "r": result.run_id},
        ).fetchall()
    assert [(s, by) for s, by, _ in old] == [("superseded", rows[0]["conversion_id"])]
    assert f"run {result.run_id}" in old[0][2]


def test_approval_writes_catalogue_history_and_audit(db: Database, cfg: Settings) -> None:
    first = ingest_file(db, D1, ADMIN, config=cfg)
    pending = decisions.pending_ids(db, first.run_id)
    done = decisions.approve(db, ADMIN, pending, comment="looks right")
    # Products with an error finding stay pending (blocked); every other one is applied.
    assert done.blocked and len(done.applied) + len(done.blocked) == len(pending)
    assert done.superseded == [] and done.bulk_id
    ids = done.applied
    gtin = helpers.isbn(helpers.products(D1)[0])
    assert gtin is not None
    record = catalog.record(db, gtin)
    assert (record["status"], record["version"], record["approved_by"]) == ("approved", 1, "tester")
    assert count(db, "SELECT count(*) FROM catalog_history") == len(ids)
    assert count(
        db, f"SELECT count(*) FROM review_events WHERE action = 'approve' AND bulk_id = '{done.bulk_id}'"
    ) == len(ids)
    assert count(
        db, f"SELECT count(*) FROM review_events WHERE action = 'block' AND bulk_id = '{done.bulk_id}'"
    ) == len(done.blocked)
    # Approving the same conversions again changes nothing: they are no longer pending.
    again = decisions.approve(db, ADMIN, ids[:3])
    assert again.applied == [] and again.skipped == ids[:3]


def test_approval_is_optimistic(db: Database, cfg: Settings, tmp_path: Path) -> None:
    first = ingest_file(db, D1, ADMIN, config=cfg)
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    second = ingest_file(db, D2, ADMIN, config=cfg)
    pending = decisions.pending_ids(db, second.run_id)
    with db.cursor() as cur:
        changed = cur.execute(
            "SELECT conversion_id, product_key FROM conversions WHERE run_id = $r AND kind = 'changed' ORDER BY 1 LIMIT 1",
            {"r": second.run_id},
        ).fetchone()
    assert changed is not None
    # The catalogue record moves on underneath the pending conversion (another approved version).
    with db.transaction() as tx:
        tx.execute("UPDATE catalog SET version = version + 1 WHERE product_key = $k", {"k": changed[1]})
    result = decisions.approve(db, ADMIN, pending)
    assert result.superseded == [changed[0]]
    assert changed[0] not in result.applied and len(result.applied) == len(pending) - 1
    with db.cursor() as cur:
        reason = cur.execute(
            "SELECT status_reason FROM conversions WHERE conversion_id = $i", {"i": changed[0]}
        ).fetchone()
    assert reason is not None and "changed since this diff was made" in reason[0]


def test_approving_a_delete_removes_the_product_and_keeps_its_history(db: Database, cfg: Settings) -> None:
    first = ingest_file(db, D1, ADMIN, config=cfg)
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    second = ingest_file(db, D2, ADMIN, config=cfg)
    with db.cursor() as cur:
        row = cur.execute(
            "SELECT conversion_id, product_key FROM conversions WHERE run_id = $r AND kind = 'deleted'",
            {"r": second.run_id},
        ).fetchone()
    assert row is not None
    decisions.approve(db, ADMIN, [row[0]])
    assert count(db, f"SELECT count(*) FROM catalog WHERE product_key = '{row[1]}'") == 0
    history = catalog.history(db, row[1]).to_dicts()
    assert [(h["version"], h["deleted"]) for h in history] == [(2, True), (1, False)]


def test_a_viewer_can_neither_ingest_nor_approve(db: Database, cfg: Settings) -> None:
    with pytest.raises(PermissionDenied):
        ingest_file(db, D1, VIEWER, config=cfg)
    with pytest.raises(PermissionDenied):
        decisions.approve(db, VIEWER, [1])


def test_one_worker_and_several_give_identical_records(tmp_path: Path) -> None:
    from tests.conftest import make_settings

    records = []
    for workers in (1, 2):
        cfg = make_settings(tmp_path / f"w{workers}", workers=workers, batch_products=17)
        database = Database(cfg.db)
        ingest_file(database, D2, ADMIN, config=cfg)
        with database.cursor() as cur:
            records.append(
                cur.execute(
                    "SELECT product_key, content_hash FROM conversions ORDER BY product_key"
                ).fetchall()
            )
        database.close()
    assert records[0] == records[1] and len(records[0]) > 200


def test_each_product_keeps_its_raw_xml_as_delivered(db: Database, cfg: Settings) -> None:
    from core import sources

    result = ingest_file(db, D1, ADMIN, config=cfg)
    text = D1.read_text(encoding="utf-8")
    gtin = helpers.isbn(helpers.products(D1)[7])
    assert gtin is not None
    [delivery] = catalog.deliveries(db, gtin).to_dicts()
    source = catalog.source(db, delivery["source_id"])
    assert source["raw_xml"].startswith("<Product>") and source["raw_xml"] in text and gtin in source["raw_xml"]
    assert source["line"] == text[: text.index(source["raw_xml"])].count("\n") + 1
    # The XML lives in the run's source folder; a folder no committed run owns is removed on recovery.
    folder = sources.run_folder(cfg.data_dir, result.run_id or 0)
    assert folder.is_dir()
    stray = sources.run_folder(cfg.data_dir, 999)
    stray.mkdir(parents=True)
    assert sources.remove_orphans(db, cfg.data_dir) == [stray] and folder.is_dir()


def test_a_failed_commit_leaves_no_source_folder(db: Database, cfg: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import sources

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(commit, "upsert_sender", broken)
    with pytest.raises(RuntimeError):
        ingest_file(db, D1, ADMIN, config=cfg)
    assert not any((cfg.data_dir / "sources").glob("run-*"))
    assert count(db, "SELECT count(*) FROM source_records") == 0
    assert sources.remove_orphans(db, cfg.data_dir) == []


@pytest.mark.parametrize(("per_product", "status"), [(1_000, "failed"), (400_000, "succeeded")])
def test_a_large_delivery_commits_under_a_memory_limit_for_its_size(
    tmp_path: Path, cfg: Settings, per_product: int, status: str
) -> None:
    # 240 products do not fit a 16MB DuckDB: the commit succeeds only when it is given memory for its size
    # (240 x 400 kB = 96MB), and the configured limit comes back afterwards.
    update = {"duckdb_memory_limit": "16MB", "delivery_memory_limit": "16MB", "delivery_memory_per_product": per_product}
    settings = cfg.model_copy(update=update)
    database = Database(settings.db, memory_limit=settings.duckdb_memory_limit)
    try:
        result = ingest_file(database, SAMPLES / "delivery-1.xml", ADMIN, config=settings)
        assert result.status == status, result.error
        if status == "failed":
            assert "Out of Memory" in (result.error or "")
        with database.cursor() as cur:
            assert cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "15.2 MiB"
    finally:
        database.close()


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ({}, lambda products: 100_000_000),  # the delivery limit, below the console's
        ({"delivery_memory_per_product": 600_000}, lambda products: products * 600_000),  # more for its size
        ({"delivery_memory_per_product": 600_000, "recheck_memory_limit": "120MB"}, lambda products: 120_000_000),
        ({"large_catalog_products": 100}, lambda products: 300_000_000),  # a large catalogue: the re-check's
    ],
)
def test_a_delivery_commits_under_its_own_memory_limit(
    tmp_path: Path,
    cfg: Settings,
    monkeypatch: pytest.MonkeyPatch,
    update: dict[str, object],
    expected: Callable[[int], int],
) -> None:
    settings = cfg.model_copy(
        update={
            "duckdb_memory_limit": "200MB",
            "delivery_memory_limit": "100MB",
            "recheck_memory_limit": "300MB",
            **update,
        }
    )
    database = Database(settings.db, memory_limit=settings.duckdb_memory_limit)
    seen: list[str] = []
    check_delivery = engine.check_delivery

    def observed(tx: Tx, **kwargs: Any) -> int:
        seen.append(tx.cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        return int(check_delivery(tx, **kwargs))

    monkeypatch.setattr(engine, "check_delivery", observed)
    try:
        first = ingest_file(database, SAMPLES / "delivery-1.xml", ADMIN, config=settings)
        decisions.approve(database, ADMIN, decisions.pending_ids(database, first.run_id))  # 240 in the catalogue
        result = ingest_file(database, SAMPLES / "delivery-2.xml", ADMIN, config=settings)
        assert result.status == "succeeded", result.error
        # DuckDB reports the limit in MiB, rounded: within 1 % of what was asked
        wanted = expected(result.converted)
        assert abs(size_bytes(seen[-1]) - wanted) < wanted / 100, seen
        with database.cursor() as cur:
            restored = cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert abs(size_bytes(restored) - 200_000_000) < 2_000_000
    finally:
        database.close()


def test_a_large_commit_says_what_it_is_doing(db: Database, cfg: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # A re-delivery of 50,000 changed products spends half a minute in its commit: the progress says how
    # far the diff is, then the check, then the writing (here in slices of 5 changed products).
    first = ingest_file(db, D1, ADMIN, config=cfg)
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    monkeypatch.setattr(diff, "slice_size", lambda memory_limit_bytes: 5)
    messages: list[str] = []
    second = ingest_file(db, D2, ADMIN, config=cfg, progress=lambda done, total, unit, message: messages.append(message))
    assert second.status in ("succeeded", "partial"), second.error
    steps = [m.split("; ", 1)[1] for m in messages if "; " in m]
    compared = [re.fullmatch(r"comparing with the catalogue: ([\d,]+) of ([\d,]+) changed", s) for s in steps]
    counts = [(int(m[1].replace(",", "")), int(m[2].replace(",", ""))) for m in compared if m]
    total = counts[-1][1]
    assert total >= second.conversions["changed"] > 5  # more than one slice
    assert counts == [(done, total) for done in range(0, total, 5)] + [(total, total)]
    after = steps[steps.index(f"comparing with the catalogue: {total:,} of {total:,} changed") + 1 :]
    assert after[:2] == ["checking the products against the rules", "writing the conversions"]


ONIX3 = "http://ns.editeur.org/onix/3.0/reference"


def _reference(product: etree._Element) -> str:
    return next(((c.text or "").strip() for c in product if helpers.local(c.tag) == "RecordReference"), "")


def _prices(product: etree._Element) -> list[etree._Element]:
    return [el for el in product.iter() if helpers.local(el.tag) == "PriceAmount"]


def _price_updates(products: list[etree._Element], namespace_on_product: bool) -> bytes:
    """Block updates (NotificationType 04) of these products carrying only their ProductSupply, with every
    PriceAmount raised by one; the namespace declared on each Product, or on the message."""
    out = []
    for product in products:
        kept = [c for c in product if helpers.local(c.tag) in ("RecordReference", "ProductIdentifier", "ProductSupply")]
        update = etree.Element(f"{{{ONIX3}}}Product", nsmap={None: ONIX3})  # type: ignore[dict-item]
        for child in kept:
            update.append(copy.deepcopy(child))
            if helpers.local(child.tag) == "RecordReference":
                etree.SubElement(update, f"{{{ONIX3}}}NotificationType").text = "04"
        for amount in update.iter(f"{{{ONIX3}}}PriceAmount"):
            amount.text = str(float(amount.text or "0") + 1)
        text = etree.tostring(update).decode()
        out.append(text if namespace_on_product else text.replace(f' xmlns="{ONIX3}"', "", 1))
    header = etree.tostring(helpers.parse(D1)[0]).decode()
    return (f'<ONIXMessage release="3.0" xmlns="{ONIX3}">{header}' + "".join(out) + "</ONIXMessage>").encode()


@pytest.mark.parametrize("namespace_on_product", [False, True])
def test_block_updates_are_merged_a_few_products_at_a_time(
    db: Database, cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, namespace_on_product: bool
) -> None:
    # Merged two products at a time, every update applies (a product that declared the namespace itself
    # lost all its fields in the merge: no identifier, rule Q08).
    first = ingest_file(db, D1, ADMIN, config=cfg)
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    with db.cursor() as cur:
        approved = {r for (r,) in cur.execute("SELECT record_reference FROM conversions WHERE status = 'approved'").fetchall()}
    originals = [p for p in helpers.products(D1) if _reference(p) in approved and _prices(p)][:5]
    monkeypatch.setattr(blocks, "UPDATES_PER_CHUNK", 2)
    feed = tmp_path / "price-updates.xml"
    feed.write_bytes(_price_updates(originals, namespace_on_product))
    result = ingest_file(db, feed, ADMIN, config=cfg)
    assert (result.converted, result.rejected) == (5, 0), result.error
    with db.cursor() as cur:
        changed = cur.execute(
            "SELECT record_reference FROM conversions WHERE run_id = $r AND changed_fields = ['prices']",
            {"r": result.run_id},
        ).fetchall()
    assert len(originals) == 5
    assert sorted(r for (r,) in changed) == sorted(_reference(p) for p in originals)
