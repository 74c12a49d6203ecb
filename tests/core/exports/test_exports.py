"""Exports end to end into a folder: plan and ledger, every format read back, blocked products and why,
delta after an approval, removals, resume, re-delivery and replay."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from lxml import etree

from core.config import Settings
from core.db import Database
from core.errors import PermissionDenied
from core.exports import profiles
from core.exports import run as exporting
from core.feeds.schema_check import schema
from core.review import decisions, queue
from tests.conftest import ADMIN, REVIEWER, VIEWER


def archived(cfg: Settings, result: exporting.ExportResult) -> list[Path]:
    assert result.export_id is not None
    return [exporting.archive_dir(cfg, result.export_id) / key for key in result.files]


def delivered(root: Path, result: exporting.ExportResult) -> list[Path]:
    return [root / key for key in result.files]


def items(db: Database, export_id: int | None) -> dict[str, tuple[int, str, str]]:
    with db.cursor() as cur:
        rows = cur.execute(
            "SELECT product_key, version, action, change FROM export_items WHERE export_id = $e", {"e": export_id}
        ).fetchall()
    return {k: (v, a, c) for k, v, a, c in rows}


def catalogue_products(db: Database) -> dict[str, dict[str, object]]:
    with db.cursor() as cur:
        rows = cur.execute(
            "SELECT product_key, version, ccf.restrictions, ccf.embargo.subscription, ccf.embargo.streaming, "
            "country_list(ccf.sales_rights.for_sale), ccf.content_type FROM catalog"
        ).fetchall()
    return {
        k: {"version": v, "restrictions": r, "subscription": s, "streaming": st, "for_sale": set(fs), "type": t}
        for k, v, r, s, st, fs, t in rows
    }


def test_the_shipped_profiles_are_seeded_and_written_back(seeded: Database, tmp_path: Path) -> None:
    found = profiles.current(seeded)
    assert sorted(found) == ["lumen-streaming", "northwind-retail", "openreel-subscription"]
    written = profiles.write_files(seeded, tmp_path)
    assert [profiles.parse(p.read_text()).canonical() for p in written] == [found[n][1].canonical() for n in sorted(found)]
    edited = found["lumen-streaming"][1].model_copy(update={"mode": "delta"})
    with pytest.raises(PermissionDenied):
        profiles.save(seeded, REVIEWER, edited)
    assert profiles.save(seeded, ADMIN, edited) == 2 and profiles.save(seeded, ADMIN, edited) == 2


def test_a_subscription_export_in_csv_holds_exactly_the_eligible_products(seeded: Database, seeded_cfg: Settings, tmp_path: Path) -> None:
    _, profile = profiles.get(seeded, "openreel-subscription")
    dry = exporting.plan(seeded, "openreel-subscription")
    result = exporting.export(seeded, seeded_cfg, REVIEWER, "openreel-subscription", to=str(tmp_path / "out"))
    assert result.status == "delivered", result.error
    today = datetime.now(UTC).date()
    markets = set(profile.selection.markets)
    # Independently of the export's SQL: what the profile says should go (before findings).
    expected = {
        k for k, p in catalogue_products(seeded).items()
        if p["for_sale"] & markets and p["type"] == "audiobook"
        and "except_subscription" not in p["restrictions"] and "internal_only" not in p["restrictions"]
        and not (p["subscription"] and p["subscription"] > today)
    }  # fmt: skip
    frames = [pl.read_csv(f, separator=";", schema_overrides={"product_key": pl.Utf8}) for f in delivered(tmp_path / "out", result)]
    assert len(frames) == (len(expected) - result.blocked + 99) // 100  # 100 products a file
    rows = pl.concat(frames)
    assert rows.columns == profile.csv.columns
    sent = set(rows["product_key"].to_list())
    held = {b["product_key"]: b for b in dry.blocked}
    assert len(held) == result.blocked
    # What the export held back beyond the profile's own rules is exactly what findings block...
    assert expected - sent == {k for k, b in held.items() if b["rules"] != "Q37"}
    # ...and what the channel rule (Q37) holds back is what restrictions and embargoes say.
    assert {k for k, b in held.items() if b["rules"] == "Q37"} == {
        k for k, p in catalogue_products(seeded).items()
        if p["for_sale"] & markets and p["type"] == "audiobook" and k not in expected
    }  # fmt: skip
    assert set(rows["action"].to_list()) == {"send"}
    manifest = json.loads((tmp_path / "out" / Path(result.files[0]).parent / "manifest.json").read_text())
    assert manifest["counts"]["added"] == len(sent) and [f["key"] for f in manifest["files"]] == result.files


def test_a_dry_run_names_what_is_blocked_and_why(seeded: Database, seeded_cfg: Settings) -> None:
    result = exporting.export(seeded, seeded_cfg, REVIEWER, "northwind-retail", dry_run=True)
    assert result.export_id is None and result.plan is not None
    reasons = {b["product_key"]: b for b in result.plan.blocked}
    assert reasons, "the samples carry products the retail profile holds back"
    assert all(b["reason"] for b in reasons.values())
    # Q28 (cover too small) is a warning, and this profile blocks it by a per-rule override.
    assert any(b["rules"] == "Q28" for b in reasons.values())
    with seeded.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM exports").fetchall() == [(0,)]  # nothing recorded


def test_every_flat_format_reads_back(seeded: Database, seeded_cfg: Settings, tmp_path: Path) -> None:
    _, lumen = profiles.get(seeded, "lumen-streaming")
    frames = {}
    for fmt in ("parquet", "jsonl", "csv"):
        profiles.save(seeded, ADMIN, lumen.model_copy(update={"format": fmt}))
        result = exporting.export(seeded, seeded_cfg, REVIEWER, "lumen-streaming", mode="full", to=str(tmp_path / fmt))
        assert result.status == "delivered", result.error
        [path] = delivered(tmp_path / fmt, result)
        if fmt == "parquet":
            frames[fmt] = pl.read_parquet(path)
        elif fmt == "jsonl":
            frames[fmt] = pl.read_ndjson(path)
        else:
            frames[fmt] = pl.read_csv(path, schema_overrides={"product_key": pl.Utf8})
    keys = {fmt: sorted(f["product_key"].to_list()) for fmt, f in frames.items()}
    assert keys["parquet"] == keys["jsonl"] == keys["csv"] and keys["parquet"]
    assert frames["parquet"].columns == list(profiles.FLAT_COLUMNS)
    titles = dict(zip(frames["parquet"]["product_key"], frames["parquet"]["title"], strict=True))
    with seeded.cursor() as cur:
        catalogue = dict(cur.execute("SELECT product_key, ccf.title FROM catalog").fetchall())
    assert all(titles[k] == catalogue[k] for k in titles)


def test_delta_after_an_approval_holds_exactly_the_changed_products_and_replay_is_identical(
    seeded: Database, seeded_cfg: Settings, tmp_path: Path
) -> None:
    first = exporting.export(seeded, seeded_cfg, REVIEWER, "lumen-streaming", mode="delta", to=str(tmp_path / "d"))
    assert first.status == "delivered"
    before = items(seeded, first.export_id)
    nothing = exporting.export(seeded, seeded_cfg, REVIEWER, "lumen-streaming", mode="delta", to=str(tmp_path / "d"))
    assert nothing.products == 0 and nothing.files == []

    approved = decisions.approve(seeded, REVIEWER, queue.ids(seeded, queue.QueueFilter(field="prices"))).applied
    with seeded.cursor() as cur:
        keys = {k for (k,) in cur.execute("SELECT product_key FROM conversions WHERE list_contains($ids, conversion_id)", {"ids": approved}).fetchall()}
    delta = exporting.export(seeded, seeded_cfg, REVIEWER, "lumen-streaming", mode="delta", to=str(tmp_path / "d"))
    sent = items(seeded, delta.export_id)
    assert set(sent) == {k for k in keys if k in before}
    assert all(change == "changed" and version == before[k][0] + 1 for k, (version, _, change) in sent.items())

    # A newer version is approved after the first export: replaying it still gives the archived bytes.
    check = exporting.replay(seeded, seeded_cfg, first.export_id or 0)
    assert check.identical and check.files


def test_an_onix_export_is_valid_against_the_xsd_and_a_deleted_product_goes_as_a_status_change(
    seeded: Database, seeded_cfg: Settings, tmp_path: Path
) -> None:
    first = exporting.export(seeded, seeded_cfg, REVIEWER, "northwind-retail", mode="full", to=str(tmp_path / "o"))
    assert first.status == "delivered", first.error
    xsd = schema("3.0", "reference")
    for path in delivered(tmp_path / "o", first):
        assert xsd.validate(etree.parse(str(path))), str(xsd.error_log)[:500]
    # The sample's delete is approved: the next delta removes the product with availability 40, NotificationType 03.
    [delete] = queue.ids(seeded, queue.QueueFilter(kind="deleted"))
    with seeded.cursor() as cur:
        [(gone,)] = cur.execute("SELECT product_key FROM conversions WHERE conversion_id = $c", {"c": delete}).fetchall()
    had = gone in items(seeded, first.export_id)
    decisions.approve(seeded, REVIEWER, [delete])
    delta = exporting.export(seeded, seeded_cfg, REVIEWER, "northwind-retail", mode="delta", to=str(tmp_path / "o"))
    removed = {k for k, (_, action, _) in items(seeded, delta.export_id).items() if action == "remove"}
    assert removed == ({gone} if had else set())
    if had:
        [path] = delivered(tmp_path / "o", delta)
        ns = {"o": "http://ns.editeur.org/onix/3.0/reference"}
        tree = etree.parse(str(path))
        [product] = [p for p in tree.iterfind("o:Product", ns) if p.findtext("o:ProductIdentifier/o:IDValue", namespaces=ns) == gone]
        assert product.findtext("o:NotificationType", namespaces=ns) == "03"
        assert {a.text for a in product.iterfind(".//o:ProductAvailability", ns)} == {"40"}


def test_a_failed_delivery_is_resumed_and_a_redelivery_sends_the_archived_bytes(
    seeded: Database, seeded_cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.exports import deliver

    real_put = deliver.FolderDestination.put
    calls: list[str] = []
    failures = [1]  # the second put of the first attempt fails, once

    def failing_put(self: deliver.FolderDestination, key: str, path: Path, sha256: str) -> str:
        calls.append(key)
        if len(calls) == 2 and failures:
            failures.pop()
            raise deliver.TerminalDeliveryError("the partner's folder went away (injected)")
        return real_put(self, key, path, sha256)

    monkeypatch.setattr(deliver.FolderDestination, "put", failing_put)
    out = tmp_path / "r"
    failed = exporting.export(seeded, seeded_cfg, REVIEWER, "openreel-subscription", to=str(out))
    assert failed.status == "failed" and "injected" in (failed.error or "")
    assert len(failed.files) >= 2 and not (out / Path(failed.files[0]).parent / "manifest.json").exists()

    calls.clear()
    resumed = exporting.resume(seeded, seeded_cfg, REVIEWER, failed.export_id or 0)
    assert resumed.status == "delivered"
    assert calls[0] == failed.files[1] and failed.files[0] not in calls  # the delivered file is skipped
    assert [p.read_bytes() for p in delivered(out, resumed)] == [p.read_bytes() for p in archived(seeded_cfg, resumed)]

    again = exporting.redeliver(seeded, seeded_cfg, REVIEWER, failed.export_id or 0, to=str(tmp_path / "copy"))
    assert again.status == "delivered"
    assert [p.read_bytes() for p in delivered(tmp_path / "copy", again)] == [p.read_bytes() for p in archived(seeded_cfg, resumed)]
    [recorded] = exporting.redeliveries(seeded, failed.export_id or 0)  # the ledger knows of the second sending
    assert (recorded["status"], recorded["files"], recorded["actor"]) == ("delivered", len(again.files), REVIEWER.name)
    assert str(tmp_path / "copy") in recorded["destination"] and recorded["finished_at"] >= recorded["started_at"]


def test_exports_need_the_export_role(seeded: Database, seeded_cfg: Settings) -> None:
    with pytest.raises(PermissionDenied):
        exporting.export(seeded, seeded_cfg, VIEWER, "lumen-streaming")


def test_an_embargo_that_passes_sends_the_product(seeded: Database, seeded_cfg: Settings, tmp_path: Path) -> None:
    embargoed = {k: p["streaming"] for k, p in catalogue_products(seeded).items() if p["streaming"]}
    future = {k: d for k, d in embargoed.items() if d > datetime.now(UTC).date()}
    if not future:
        pytest.fail("the samples carry streaming embargoes in the future (README); none found")
    now = exporting.export(seeded, seeded_cfg, REVIEWER, "lumen-streaming", mode="delta", to=str(tmp_path / "e"))
    assert not set(future) & set(items(seeded, now.export_id))
    later = max(future.values()) + timedelta(days=1)
    after = exporting.export(
        seeded, seeded_cfg, REVIEWER, "lumen-streaming", mode="delta", to=str(tmp_path / "e"),
        snapshot_at=datetime(later.year, later.month, later.day, tzinfo=UTC),
    )  # fmt: skip
    assert set(future) <= {k for k, (_, action, change) in items(seeded, after.export_id).items() if change == "added"}
