"""The reads the Exports screen and the product page use: one export in detail, the products it carried,
the findings behind a dry run's blocked products, a partner's profile versions, and where a product went."""

from __future__ import annotations

import json
from pathlib import Path

from core.config import Settings
from core.db import Database
from core.exports import profiles
from core.exports import run as exporting
from tests.conftest import ADMIN, REVIEWER


def test_an_exports_detail_items_and_deliveries_match_the_ledger(
    seeded: Database, seeded_cfg: Settings, tmp_path: Path
) -> None:
    result = exporting.export(seeded, seeded_cfg, REVIEWER, "northwind-retail", to=str(tmp_path / "out"))
    assert result.status == "delivered" and result.export_id is not None
    found = exporting.detail(seeded, result.export_id)
    assert (found["status"], found["partner"], found["counts"]) == ("delivered", "northwind-retail", result.counts)
    assert [f["key"] for f in found["files"]] == result.files
    on_disk = json.loads((tmp_path / "out" / Path(result.files[0]).parent / "manifest.json").read_text())
    assert found["manifest"] == on_disk
    items = exporting.items(seeded, result.export_id, limit=10_000)
    with seeded.cursor() as cur:
        ledger = cur.execute(
            "SELECT product_key, version, action FROM export_items WHERE export_id = $e", {"e": result.export_id}
        ).fetchall()
        titles = dict(cur.execute("SELECT product_key, ccf.title FROM catalog").fetchall())
    assert sorted((i["product_key"], i["version"], i["action"]) for i in items) == sorted(ledger)
    assert all(i["title"] == titles[i["product_key"]] for i in items)
    assert len(exporting.items(seeded, result.export_id, limit=5)) == 5
    gtin = items[0]["product_key"]
    [where] = exporting.deliveries(seeded, gtin)
    assert (where["export_id"], where["partner"], where["mode"], where["status"]) == (
        result.export_id,
        "northwind-retail",
        "delta",
        "delivered",
    )


def test_the_findings_behind_blocked_products_are_those_of_the_blocking_rules(seeded: Database) -> None:
    plan = exporting.plan(seeded, "openreel-subscription")
    held = {b["product_key"]: set(b["rules"].split(", ")) for b in plan.blocked}
    found = exporting.blocking_findings(seeded, plan.blocked)
    assert found and all(f["rule_id"] in held[f["product_key"]] and f["rule_id"] != "Q37" for f in found)
    with seeded.cursor() as cur:
        expected = {
            (k, r)
            for k, r in cur.execute(
                "SELECT product_key, rule_id FROM current_findings WHERE open AND NOT waived"
            ).fetchall()
            if k in held and r in held[k]
        }
    assert {(f["product_key"], f["rule_id"]) for f in found} == expected
    assert exporting.blocking_findings(seeded, []) == []


def test_a_partners_versions_say_who_saved_them(seeded: Database) -> None:
    [listed] = [p for p in profiles.listing(seeded) if p["name"] == "lumen-streaming"]
    assert (listed["version"], listed["created_by"]) == (1, "seed")
    profiles.save(seeded, ADMIN, listed["profile"].model_copy(update={"mode": "delta"}))
    versions = profiles.versions(seeded, "lumen-streaming")
    assert [(v["version"], v["created_by"], v["profile"].mode) for v in versions] == [
        (2, ADMIN.name, "delta"),
        (1, "seed", "full"),
    ]
