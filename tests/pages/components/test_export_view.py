"""How exports read: badges for every status and change, a dry run's sentence, the history and file tables."""

from __future__ import annotations

from datetime import UTC, datetime

from app.components import badges, export_view
from core.exports.run import Plan

WHEN = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def plan(mode: str = "delta", **counts: int) -> Plan:
    return Plan(
        "northwind-retail",
        2,
        mode,
        WHEN.isoformat(),
        {"added": 0, "changed": 0, "unchanged": 0, "removed": 0, **counts},
    )


def test_every_export_status_change_and_action_has_words_and_a_colour() -> None:
    for status in ("delivered", "failed", "rendering", "delivering"):
        assert export_view.look(status) == badges.look(status)  # the shared look, the same on every screen
        assert badges.look(status).icon != ":material/help:"  # a known status, not the fallback
    for status in ("added", "changed", "unchanged", "removed", "send", "remove"):
        look = export_view.look(status)
        assert look.label == status.capitalize() and look.color in {"violet", "orange", "gray", "red", "blue"}
    assert export_view.badge_md("delivered") == badges.badge_md("delivered")


def test_what_would_change_at_the_partner_is_one_sentence() -> None:
    first = export_view.since_last(plan(added=3), None)
    assert (
        first
        == "Nothing has been delivered to this partner yet, so everything eligible goes as new: 3 products added, 0 changed and 0 removed."
    )
    last = {"export_id": 7, "finished_at": WHEN, "started_at": WHEN}
    assert export_view.since_last(plan(changed=2, removed=1), last) == (
        "Since export 7 (delivered 2026-11-16 09:00 UTC), the partner would see 0 products added, 2 changed and 1 removed."
    )
    assert "4 unchanged products are sent again" in export_view.since_last(plan("full", unchanged=4), last)


def test_a_blocked_product_says_why_with_the_rules_findings() -> None:
    blocked = [
        {
            "product_key": "9798889400660",
            "title": "T",
            "publisher": "P",
            "rules": "Q37",
            "reason": "channel: streaming embargo until 2027-06-25",
        },
        {"product_key": "9798889400301", "title": "U", "publisher": "P", "rules": "Q12", "reason": "findings: Q12"},
    ]
    findings = [{"product_key": "9798889400301", "rule_id": "Q12", "message": "no price for DE", "finding_id": 1}]
    frame = export_view.blocked_frame(blocked, findings)
    assert frame["Why"].to_list() == ["Channel rule: streaming embargo until 2027-06-25", "Open findings of Q12"]
    assert (
        frame["Findings"][0] == "—"
        and frame["Findings"][1].startswith("Q12 · ")
        and frame["Findings"][1].endswith(": no price for DE")
    )


def test_history_and_files_tables_carry_the_numbers() -> None:
    row = {
        "export_id": 3, "status": "failed", "mode": "delta", "counts": {"added": 2, "changed": 1, "blocked": 4},
        "files": 2, "snapshot_at": WHEN, "started_at": WHEN, "finished_at": WHEN, "actor": "rita",
        "error": "Cannot write /x: Not a directory.\nmore", "destination": "/x",
    }  # fmt: skip
    history = export_view.history_frame([row]).to_dicts()[0]
    assert (history["Export"], history["Status"], history["Products"], history["Blocked"]) == (3, ["failed"], 3, 4)
    assert history["Error"] == "Cannot write /x: Not a directory."
    assert export_view.outcome(row) == "Failed on 2026-11-16 09:00 UTC while delivering 3 products in 2 files to /x."
    files = export_view.files_frame(
        [{"key": "a/b.csv", "bytes": 2048, "rows": 9, "sha256": "ab", "delivered_at": None}]
    )
    assert files.to_dicts() == [
        {"File": "a/b.csv", "Size": "2.0 KB", "Bytes": 2048, "Rows": 9, "SHA-256": "ab", "Delivered": "not yet"}
    ]


def test_a_finished_job_says_what_the_export_did() -> None:
    done = {
        "export_id": 4,
        "partner": "lumen-streaming",
        "status": "delivered",
        "files": ["a"],
        "counts": {"added": 5},
        "destination": "/out",
    }
    assert export_view.result_message(done) == "Export 4 to lumen-streaming: delivered, 5 products in 1 file at /out."
    failed = {**done, "status": "failed", "error": "the bucket is gone"}
    assert export_view.result_message(failed) == "Export 4 to lumen-streaming: failed: the bucket is gone"
