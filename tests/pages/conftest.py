"""Fixtures for the screens: a console over a database built by real ingests, driven through AppTest.

The database is built once per session by real ingests and copied for every test, so each test acts on
its own file: the first sample delivery ingested and approved (as a first start does), the second one
ingested on top (changes, new products and a delete pending review), then a partial, a small and a
failed run from real and broken feeds. The two deliveries are named explicitly (not "every sample"), so
new sample files do not move what the tests look at. Streamlit's caches and the settings are process-wide and leak between tests: they
are cleared before and after each one, and the console's services (database, job runner, inbox watcher)
are stopped.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app import state
from core.config import ROOT, Settings, settings
from core.db import Database
from core.ingest.run import ingest_file
from core.jobs import Job
from core.review import decisions
from tests.conftest import ADMIN, CORPUS, SAMPLES, make_settings

MAIN = ROOT / "app" / "main.py"
INGEST_PAGE = "../pages/ingest.py"
CATALOG_PAGE = "../pages/catalog.py"
OVERVIEW_PAGE = "../pages/overview.py"
QUALITY_PAGE = "../pages/quality.py"
COVERAGE_PAGE = "../pages/coverage.py"

PARTIAL_FEED = CORPUS / "ramlev__dom-onix-parser" / "html_text.xml"
"""A real feed with one product the converter rejects."""
SMALL_FEED = CORPUS / "ramlev__dom-onix-parser" / "minimal.xml"
"""A real feed with one product: quick to ingest again."""

BROKEN_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
    "<Header><Sender><SenderName>Broken Sender</SenderName></Sender><SentDateTime>20261101</SentDateTime></Header>\n"
    "<Product><RecordReference>r-1</RecordReference><NotificationType>03</NotificationType>\n"
    "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9781234567897</IDValue></ProductIdentifier>\n"
    "<DescriptiveDetail><TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
    "<TitleText>Broken</TitleTxt></TitleElement></TitleDetail></DescriptiveDetail></Product>\n"
    "</ONIXMessage>\n"
)
"""A feed that is not well-formed on line 6: the whole file fails with line and column."""


@dataclass
class Template:
    """The session's seeded data folder and its runs, named by what they show."""

    data_dir: Path
    runs: dict[str, int] = field(default_factory=dict)


@dataclass
class Console:
    cfg: Settings
    runs: dict[str, int]

    def app(self, page: str | None = None, **query: str) -> AppTest:
        """The console's entry point, run (switched to `page`, with `query` as the URL's parameters)."""
        at = AppTest.from_file(str(MAIN), default_timeout=60)
        if page is not None:
            at.run()
            at.switch_page(page)
        at.query_params.update(query)
        return at.run()

    @property
    def services(self) -> state.Services:
        [svc] = state.started()
        return svc

    def sql(self, query: str, **params: object) -> list[tuple[Any, ...]]:
        """Rows of a plain SQL query on the console's database: expectations independent of the screens'
        own queries."""
        if not state.started():
            self.app()  # the console's services (and its database) start with its first page
        with self.services.db.cursor() as cur:
            return cur.execute(query, params or None).fetchall()

    def wait_for_jobs(self, timeout: float = 120) -> list[Job]:
        """Wait until every job of the console has ended; returns them, newest first."""
        runner = self.services.runner
        for job in runner.live():
            runner.wait(job.job_id, timeout=timeout)
        return runner.live()


def reset_streamlit() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    settings.cache_clear()


PYTEST_MAIN = sys.modules["__main__"]
"""An AppTest run leaves its script installed as `__main__`, and the ingest's worker processes (spawned,
and kept for the session once started) re-run `__main__` as they start: a component test's temporary
script there breaks them. The template's ingests, which start the workers, run with pytest's own."""


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    tmp = tmp_path_factory.mktemp("console-template")
    cfg = make_settings(tmp)
    db = Database(cfg.db)
    found = Template(cfg.data_dir)
    main, sys.modules["__main__"] = sys.modules["__main__"], PYTEST_MAIN
    try:
        first = ingest_file(db, SAMPLES / "delivery-1.xml", ADMIN, config=cfg)
        decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id), comment="test catalogue", bulk=True)
        found.runs["delivery1"] = int(first.run_id or 0)
        found.runs["delivery2"] = int(ingest_file(db, SAMPLES / "delivery-2.xml", ADMIN, config=cfg).run_id or 0)
        for name, path in (("partial", PARTIAL_FEED), ("small", SMALL_FEED)):
            found.runs[name] = int(ingest_file(db, path, ADMIN, config=cfg).run_id or 0)
        broken = tmp / "broken-feed.xml"
        broken.write_text(BROKEN_FEED, encoding="utf-8")
        found.runs["failed"] = int(ingest_file(db, broken, ADMIN, config=cfg).run_id or 0)
    finally:
        sys.modules["__main__"] = main
        db.close()
    return found


def _console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: dict[str, int], **env: str
) -> Iterator[Console]:
    values = {
        "CONSOLE_DATA_DIR": str(tmp_path / "data"),
        "CONSOLE_DB": str(tmp_path / "data" / "console.duckdb"),
        "CONSOLE_SEED_ON_START": "false",
        "CONSOLE_WORKERS": "2",
        "CONSOLE_INBOX_POLL_SECONDS": "3600",  # the tests drive the inbox themselves
        "CONSOLE_OPERATOR": "tester",
        "CONSOLE_OPERATOR_ROLE": "admin",
        "CONSOLE_PUBLIC_URL": "",
        "CONSOLE_CONFIG": str(tmp_path / "no-console.toml"),
        **env,
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    reset_streamlit()
    try:
        yield Console(settings(), runs)
    finally:
        state.stop_all()
        reset_streamlit()


@pytest.fixture
def console(tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    """A console over a copy of the seeded database, used by an admin."""
    shutil.copytree(template.data_dir, tmp_path / "data")
    yield from _console(tmp_path, monkeypatch, dict(template.runs))


@pytest.fixture
def viewer_console(tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    """The same console, used by someone whose role is viewer."""
    shutil.copytree(template.data_dir, tmp_path / "data")
    yield from _console(tmp_path, monkeypatch, dict(template.runs), CONSOLE_OPERATOR_ROLE="viewer")


@pytest.fixture
def empty_console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    """A console over a database nobody has ingested anything into."""
    yield from _console(tmp_path, monkeypatch, {})
