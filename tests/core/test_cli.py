"""The command line, run as a user runs it (`python -m core ...` in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.config import ROOT
from tests.conftest import CORPUS, SAMPLES

REQUIRED = {"file", "sha256", "format", "status", "products", "rejected", "conversions", "error"}


def cli(tmp: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CONSOLE_DATA_DIR": str(tmp / "data"),
        "CONSOLE_DB": str(tmp / "data" / "console.duckdb"),
        "CONSOLE_OPERATOR": "tester",
    }
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=check,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    out = cli(tmp, "ingest", "--json", str(SAMPLES / "delivery-1.xml"), check=True)
    run_id = json.loads(out.stdout)[0]["run_id"]
    cli(tmp, "approve", "--run", str(run_id), check=True)
    return tmp


def test_ingest_json_reports_every_file_and_exit_status_zero(tmp_path: Path) -> None:
    out = cli(
        tmp_path,
        "ingest",
        "--json",
        str(SAMPLES / "delivery-1.xml"),
        str(CORPUS / "immateriel__im_onix" / "audio1.xml"),
    )
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert [r["file"] for r in results] == ["delivery-1.xml", "audio1.xml"]
    for r in results:
        assert set(r) >= REQUIRED
        assert set(r["conversions"]) == {"new", "changed", "unchanged", "deleted"}
    assert (
        results[0]["status"] == "succeeded"
        and results[0]["conversions"]["new"] == results[0]["products"] == 240
    )


def test_a_failed_file_gives_exit_status_one_and_a_duplicate_does_not(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<ONIXMessage release="3.0"><Header/><Product><A></Product></ONIXMessage>', encoding="utf-8"
    )
    out = cli(tmp_path, "ingest", "--json", str(bad))
    assert out.returncode == 1
    [result] = json.loads(out.stdout)
    assert result["status"] == "failed" and result["error"] and result["error_line"] == 1
    good = CORPUS / "immateriel__im_onix" / "audio1.xml"
    assert cli(tmp_path, "ingest", str(good)).returncode == 0
    again = cli(tmp_path, "ingest", "--json", str(good))
    assert again.returncode == 0 and json.loads(again.stdout)[0]["status"] == "duplicate"


def test_a_folder_is_ingested_file_by_file(tmp_path: Path) -> None:
    out = cli(tmp_path, "ingest", "--json", str(CORPUS / "elibri__elibri_onix"))
    results = json.loads(out.stdout)
    assert sorted(r["file"] for r in results) == sorted(
        p.name for p in (CORPUS / "elibri__elibri_onix").glob("*.xml")
    )


def test_rejected_products_still_exit_zero(tmp_path: Path) -> None:
    feed = tmp_path / "partial.xml"
    feed.write_text(
        '<ONIXMessage release="3.0"><Header><SentDateTime>20260101</SentDateTime></Header>'
        "<Product><RecordReference>a</RecordReference><NotificationType>03</NotificationType>"
        "<ProductIdentifier><ProductIDType>01</ProductIDType><IDValue>x</IDValue></ProductIdentifier></Product>"
        "</ONIXMessage>",
        encoding="utf-8",
    )
    out = cli(tmp_path, "ingest", "--json", str(feed))
    assert out.returncode == 0
    assert json.loads(out.stdout)[0]["status"] == "partial" and json.loads(out.stdout)[0]["rejected"] == 1


def test_runs_and_errors_json(seeded: Path, tmp_path: Path) -> None:
    runs = json.loads(cli(seeded, "runs", "--json", check=True).stdout)
    assert runs[0]["status"] == "succeeded" and runs[0]["file"] == "delivery-1.xml"
    detail = json.loads(cli(seeded, "errors", str(runs[0]["run_id"]), "--json", check=True).stdout)
    assert detail["run"]["run_id"] == runs[0]["run_id"] and detail["errors"] == []
    # The sample delivery carries a control character (a Q01 file finding), listed with its line.
    assert [f["rule_id"] for f in detail["file_findings"]] == ["Q01"]
    missing = cli(seeded, "errors", "999")
    assert missing.returncode == 1 and "no ingest run 999" in missing.stderr


def test_show_prints_the_approved_record_or_the_latest_conversion(seeded: Path) -> None:
    from tests.core.ingest import helpers

    gtin = helpers.isbn(helpers.products(SAMPLES / "delivery-1.xml")[0])
    shown = json.loads(cli(seeded, "show", gtin or "", "--json", check=True).stdout)
    assert shown["status"] == "approved" and shown["version"] == 1 and shown["ccf"]["product_key"] == gtin
    new_only = next(
        helpers.isbn(p)
        for p in helpers.products(SAMPLES / "delivery-2.xml")
        if helpers.isbn(p) not in helpers.xml_by_isbn(SAMPLES / "delivery-1.xml")
    )
    other = cli(seeded, "show", new_only or "", "--json")
    assert other.returncode == 1 and "no product" in other.stderr


def test_a_database_held_by_the_console_fails_fast_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "data" / "console.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from core.db import Database, claim; from pathlib import Path; "
            f"d = Database(Path({str(db)!r})); claim(Path({str(db)!r}), 'http://localhost:8599', Path('/tmp/inbox-x')); "
            "print('ready', flush=True); time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        out = cli(tmp_path, "ingest", str(SAMPLES / "delivery-1.xml"))
        assert time.monotonic() - started < 20
        assert out.returncode == 2
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "http://localhost:8599" in lines[0] and "/tmp/inbox-x" in lines[0]
        runs = cli(tmp_path, "runs")
        assert runs.returncode == 2 and "http://localhost:8599" in runs.stderr and "inbox" not in runs.stderr
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["ingest", "feed.xml"], "ingest"),
        (["--db", "ingest", "runs"], "runs"),  # a database file named like a command is the option's value
        (["--db", "x.duckdb", "ingest", "--json", "a.xml"], "ingest"),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_command_is_found_before_the_parser_is_built(argv: list[str], command: str | None) -> None:
    # The ingest's workers start on this reading, before the rest of the command line is imported.
    from core.cli.early import command_of

    assert command_of(argv) == command
