"""Shared fixtures: settings and databases in a temporary folder, built by real ingests of real files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.auth import Actor
from core.config import ROOT, Settings
from core.db import Database

CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
SAMPLES = ROOT / "data" / "samples"
FIXTURES = Path(__file__).parent / "fixtures"

ADMIN = Actor("tester", "admin")
REVIEWER = Actor("rita", "reviewer")
VIEWER = Actor("vic", "viewer")


def make_settings(tmp: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp / "data",
        "db": tmp / "data" / "console.duckdb",
        "workers": 2,
        "seed_on_start": False,
        "inbox_poll_seconds": 0.2,
        "operator": "tester",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def cfg(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def db(cfg: Settings) -> Iterator[Database]:
    database = Database(cfg.db)
    yield database
    database.close()


def copy_to(tmp: Path, source: Path, name: str | None = None) -> Path:
    target = tmp / (name or source.name)
    shutil.copyfile(source, target)
    return target
