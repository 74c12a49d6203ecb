"""`review list|show|approve|reject|comment`, `history` and `revert`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.core.test_cli import cli

LIST_KEYS = {"conversion_id", "gtin", "kind", "changed_fields", "flags", "status"}


@pytest.fixture(scope="module")
def two_deliveries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("review-cli")
    run_id = json.loads(cli(tmp, "ingest", "--json", str(SAMPLES / "delivery-1.xml"), check=True).stdout)[0]["run_id"]
    cli(tmp, "review", "approve", "--all", "--run", str(run_id), check=True)
    cli(tmp, "ingest", str(SAMPLES / "delivery-2.xml"), check=True)
    return tmp


def test_review_list_and_show(two_deliveries: Path) -> None:
    rows = json.loads(cli(two_deliveries, "review", "list", "--json", check=True).stdout)
    assert rows and all(set(r) >= LIST_KEYS for r in rows)
    assert {r["kind"] for r in rows} == {"new", "changed", "deleted"}
    [deleted] = [r for r in rows if r["kind"] == "deleted"]
    assert deleted["gtin"] == "9798897710812" and deleted["flags"] == ["delete"]
    titles = json.loads(cli(two_deliveries, "review", "list", "--json", "--field", "title", check=True).stdout)
    assert [r["gtin"] for r in titles] == ["9798897711253"]  # 'A Frogotten Season' corrected (samples README)
    shown = json.loads(cli(two_deliveries, "review", "show", str(titles[0]["conversion_id"]), "--json", check=True).stdout)
    assert [(c["field"], c["old"], c["new"]) for c in shown["changes"]] == [
        ("title", "A Frogotten Season", "A Forgotten Season")
    ]
    text = cli(two_deliveries, "review", "show", str(titles[0]["conversion_id"]), check=True).stdout
    assert "changed title: A Frogotten Season -> A Forgotten Season" in text


def test_reject_needs_a_comment_then_approve_by_filter_and_revert(two_deliveries: Path) -> None:
    [title] = json.loads(cli(two_deliveries, "review", "list", "--json", "--field", "title", check=True).stdout)
    no_comment = cli(two_deliveries, "review", "reject", str(title["conversion_id"]))
    assert no_comment.returncode == 1 and "comment" in no_comment.stderr
    done = json.loads(
        cli(two_deliveries, "review", "approve", "--all", "--field", "title", "--json", "--comment", "typo", check=True).stdout
    )
    assert done["applied"] == [title["conversion_id"]]
    versions = json.loads(cli(two_deliveries, "history", title["gtin"], "--json", check=True).stdout)
    assert [v["version"] for v in versions] == [2, 1]
    cli(two_deliveries, "revert", title["gtin"], "--to", "1", "--comment", "the typo was the book's real title", check=True)
    back = json.loads(cli(two_deliveries, "history", title["gtin"], "--diff", "2", "3", "--json", check=True).stdout)
    assert [(c["field"], c["new"]) for c in back["changes"]] == [("title", "A Frogotten Season")]
    assert [v["action"] for v in back["versions"]] == ["revert", "approve", "approve"]
