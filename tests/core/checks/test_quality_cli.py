"""`findings`, `rules`, `checks`, `waive`, `waivers`, `unwaive`, `senders`, `ingest --strict`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.checks.catalogue import rules
from core.samples import sample_defects
from tests.conftest import SAMPLES
from tests.core.test_cli import cli

FINDING_KEYS = {"rule", "gtin", "severity", "field", "observed", "message", "status"}


@pytest.fixture
def delivered(tmp_path: Path) -> Path:
    cli(tmp_path, "ingest", str(SAMPLES / "delivery-1.xml"), check=True)
    return tmp_path


def test_findings_json_filters_and_fields(delivered: Path) -> None:
    out = cli(delivered, "findings", "--json", check=True)
    every = json.loads(out.stdout)
    want = {(d.gtin, d.rule) for d in sample_defects() if d.file == "delivery-1.xml"}
    assert {(f["gtin"], f["rule"]) for f in every} == want
    assert all(set(f) >= FINDING_KEYS for f in every)

    errors = json.loads(cli(delivered, "findings", "--json", "--severity", "error", check=True).stdout)
    assert errors and {f["severity"] for f in errors} == {"error"}
    [q20] = json.loads(cli(delivered, "findings", "--json", "--rule", "Q20", check=True).stdout)
    assert q20["field"] == "duration_seconds" and q20["status"] == "new"
    by_gtin = json.loads(cli(delivered, "findings", "--json", "--gtin", q20["gtin"], check=True).stdout)
    assert [f["rule"] for f in by_gtin] == ["Q20"]
    by_publisher = json.loads(cli(delivered, "findings", "--json", "--publisher", q20["publisher"], check=True).stdout)
    assert q20 in by_publisher and {f["publisher"] for f in by_publisher} == {q20["publisher"]}
    table = cli(delivered, "findings", "--rule", "Q20", check=True).stdout
    assert q20["gtin"] in table and "no duration" in table


def test_waive_then_approve_then_unwaive(delivered: Path) -> None:
    [q20] = json.loads(cli(delivered, "findings", "--json", "--rule", "Q20", check=True).stdout)
    blocked = json.loads(cli(delivered, "approve", "--all-pending", "--json", check=True).stdout)["blocked"]
    assert ["Q20"] in blocked.values()

    out = cli(delivered, "waive", "Q20", "--gtin", q20["gtin"], "--reason", "duration comes next week", "--until", "2099-01-31")
    assert out.returncode == 0 and "waiver 1" in out.stdout
    [waived] = json.loads(cli(delivered, "findings", "--json", "--status", "waived", check=True).stdout)
    assert waived["gtin"] == q20["gtin"] and waived["waived"] is True
    [waiver] = json.loads(cli(delivered, "waivers", "--json", check=True).stdout)
    assert (waiver["rule_id"], waiver["product_key"], waiver["state"], waiver["silences"]) == ("Q20", q20["gtin"], "active", 1)

    cli(delivered, "unwaive", "1", check=True)
    assert json.loads(cli(delivered, "waivers", "--json", check=True).stdout) == []
    assert json.loads(cli(delivered, "waivers", "--all", "--json", check=True).stdout)[0]["state"] == "revoked"

    bad = cli(delivered, "waive", "Q20", "--gtin", q20["gtin"], "--reason", "x", "--until", "someday")
    assert bad.returncode == 1 and "--until" in bad.stderr


def test_rules_lists_the_catalogue_with_counts(delivered: Path) -> None:
    listed = json.loads(cli(delivered, "rules", "--json", check=True).stdout)
    assert [r["rule"] for r in listed] == list(rules())
    counts = {r["rule"]: r["open"] for r in listed}
    defects = [d for d in sample_defects() if d.file == "delivery-1.xml"]
    for rule_id in {d.rule for d in defects}:
        assert counts[rule_id] == sum(1 for d in defects if d.rule == rule_id), rule_id


def test_checks_reruns_the_rules(delivered: Path) -> None:
    done = json.loads(cli(delivered, "checks", "--json", check=True).stdout)
    assert done["subjects"] == 240
    assert sum(done["findings"].values()) == sum(
        1 for d in sample_defects() if d.file == "delivery-1.xml" and d.rule != "Q01"
    )  # Q01 is found while reading the file, not over stored records


def test_ingest_strict_and_a_strict_sender(tmp_path: Path) -> None:
    cli(tmp_path, "ingest", "--strict", str(SAMPLES / "short-tags-3.0.xml"), check=True)
    assert json.loads(cli(tmp_path, "findings", "--json", "--rule", "Q03", check=True).stdout) == []  # valid
    cli(tmp_path, "ingest", "--strict", str(SAMPLES / "delivery-1.xml"), check=True)
    schema_errors = json.loads(cli(tmp_path, "findings", "--json", "--rule", "Q03", check=True).stdout)
    assert {f["gtin"] for f in schema_errors} == {
        d.gtin for d in sample_defects() if d.file == "delivery-1.xml" and d.rule in ("Q24", "Q33", "Q35")
    }
    senders = json.loads(cli(tmp_path, "senders", "--json", check=True).stdout)
    assert {s["strict"] for s in senders} == {False}
    name = next(s["name"] for s in senders if "Larchfield" in s["name"])
    cli(tmp_path, "senders", name, "--strict", "on", check=True)
    assert [s["strict"] for s in json.loads(cli(tmp_path, "senders", "--json", check=True).stdout) if s["name"] == name] == [True]
