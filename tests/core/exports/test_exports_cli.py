"""`partners`, `export`, `exports`, `replay`, `redeliver`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.core.test_cli import cli


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("exports-cli")
    run_id = json.loads(cli(tmp, "ingest", "--json", str(SAMPLES / "delivery-1.xml"), check=True).stdout)[0]["run_id"]
    cli(tmp, "review", "approve", "--all", "--run", str(run_id), check=True)
    return tmp


def test_partners_lists_the_shipped_profiles_and_writes_them_back(catalogue: Path, tmp_path: Path) -> None:
    listed = json.loads(cli(catalogue, "partners", "--json", check=True).stdout)
    assert [p["name"] for p in listed] == ["lumen-streaming", "northwind-retail", "openreel-subscription"]
    assert all(p["version"] == 1 and p["profile"]["format"] for p in listed)
    out = cli(catalogue, "partners", "export", str(tmp_path), check=True)
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert files == [f"{p['name']}.json" for p in listed] and str(tmp_path) in out.stdout
    shipped = json.loads((SAMPLES.parent / "partners" / "northwind-retail.json").read_text())
    assert json.loads((tmp_path / "northwind-retail.json").read_text())["selection"] == shipped["selection"]


def test_dry_run_export_history_replay_and_redeliver(catalogue: Path, tmp_path: Path) -> None:
    dry = json.loads(cli(catalogue, "export", "northwind-retail", "--dry-run", "--json", check=True).stdout)
    assert dry["export_id"] is None and dry["status"] == "dry-run" and dry["products"] > 0
    assert dry["blocked"] == len(dry["plan"]["blocked"]) and dry["blocked"] > 0

    done = json.loads(cli(catalogue, "export", "northwind-retail", "--to", str(tmp_path / "out"), "--json", check=True).stdout)
    assert done["status"] == "delivered" and done["products"] == dry["products"] and done["blocked"] == dry["blocked"]
    assert all((tmp_path / "out" / key).is_file() for key in done["files"])

    history = json.loads(cli(catalogue, "exports", "--json", check=True).stdout)
    assert history[0]["export_id"] == done["export_id"] and history[0]["status"] == "delivered"

    replay = cli(catalogue, "replay", str(done["export_id"]), check=True)
    assert "identical to the archive" in replay.stdout

    again = json.loads(cli(catalogue, "redeliver", str(done["export_id"]), "--to", str(tmp_path / "copy"), "--json", check=True).stdout)
    assert again["status"] == "delivered"
    assert [(tmp_path / "copy" / k).read_bytes() for k in done["files"]] == [(tmp_path / "out" / k).read_bytes() for k in done["files"]]

    unknown = cli(catalogue, "export", "nobody")
    assert unknown.returncode == 1 and "no partner 'nobody'" in unknown.stderr
