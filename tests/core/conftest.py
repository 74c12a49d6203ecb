"""A database seeded from the sample feeds (as a first start does), built once and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import Settings
from core.db import Database
from core.seed import seed_if_empty
from tests.conftest import SAMPLES, make_settings


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("seeded")
    cfg = make_settings(tmp, samples_dir=SAMPLES)
    db = Database(cfg.db)
    try:
        seed_if_empty(db, cfg)
    finally:
        db.close()
    return cfg.data_dir


@pytest.fixture
def seeded_cfg(tmp_path: Path, seeded_template: Path) -> Settings:
    shutil.copytree(seeded_template, tmp_path / "data")
    return make_settings(tmp_path, samples_dir=SAMPLES)


@pytest.fixture
def seeded(seeded_cfg: Settings) -> Iterator[Database]:
    database = Database(seeded_cfg.db)
    yield database
    database.close()
