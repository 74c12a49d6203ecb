"""Browser tests: a real `streamlit run` server on a free port, driven by Debian's chromium via Playwright.

Never a downloaded browser: `/usr/bin/chromium` (or $CONSOLE_CHROMIUM). When it is missing the tests are
skipped with a message, except under CI (CI=true), where a missing browser fails them. A failing test
leaves a screenshot (and the server's log) in its pytest temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.config import ROOT

CHROMIUM = Path(os.environ.get("CONSOLE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 90.0


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "report_call", None)
    return bool(report is not None and report.failed)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = (
        f"no browser at {CHROMIUM}: install Debian's chromium (`apt-get install chromium`, or `make browser`) "
        "or point CONSOLE_CHROMIUM at a Chromium binary"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {message}; the browser tests must run in CI", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    data_dir: Path
    db: Path
    log: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop the server and everything it started (its worker processes share its process group)."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"the console stopped at start (exit {server.process.returncode}):\n{server.log.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the console did not answer within {START_TIMEOUT:.0f} s:\n{server.log.read_text()}")


@contextmanager
def serve(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A console on a free port over the database in `tmp_path/data` (created empty when missing)."""
    port = free_port()
    data = tmp_path / "data"
    env = {
        **os.environ,
        "CONSOLE_DATA_DIR": str(data),
        "CONSOLE_DB": str(data / "console.duckdb"),
        "CONSOLE_SEED_ON_START": "false",
        "CONSOLE_PORT": str(port),
        "CONSOLE_WORKERS": "2",
        "CONSOLE_INBOX_POLL_SECONDS": "1",
        "CONSOLE_OPERATOR": "e2e",
        "CONSOLE_OPERATOR_ROLE": "admin",
        "CONSOLE_CONFIG": str(tmp_path / "no-console.toml"),
    }
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app" / "main.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(f"http://127.0.0.1:{port}", data, data / "console.duckdb", log, process)
    try:
        _wait_until_up(running)
        yield running
    finally:
        running.stop()
        if _failed(request):
            print(f"\nserver log: {log}")


@pytest.fixture
def server(tmp_path: Path, chromium: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A console on a free port over an empty database in the test's temporary folder."""
    with serve(tmp_path, request) as running:
        yield running


@pytest.fixture
def seeded_server(tmp_path: Path, chromium: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A console over a database built by real ingests before it starts: the first sample delivery
    ingested and approved (its findings with it), the second ingested on top and pending review."""
    from core.db import Database
    from core.ingest.run import ingest_file
    from core.review import decisions
    from tests.conftest import ADMIN, SAMPLES, make_settings

    cfg = make_settings(tmp_path)
    db = Database(cfg.db)
    try:
        first = ingest_file(db, SAMPLES / "delivery-1.xml", ADMIN, config=cfg)
        decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id), comment="e2e catalogue", bulk=True)
        ingest_file(db, SAMPLES / "delivery-2.xml", ADMIN, config=cfg)
    finally:
        db.close()
    with serve(tmp_path, request) as running:
        yield running


@pytest.fixture
def page(chromium: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A browser page (1400 x 1000); on failure a full screenshot goes to the test's temporary folder."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.set_default_timeout(30_000)
            yield tab
            if _failed(request):
                shot = tmp_path / "failure.png"
                tab.screenshot(path=str(shot), full_page=True)
                print(f"\nscreenshot of the failure: {shot}")
        finally:
            browser.close()


def copy_sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(ROOT / "data" / "samples" / name, target)
    return target


def choose(page: Any, box: str, option: Any, typed: str | None = None, tries: int = 3) -> None:
    """Pick `option` (a locator) in the selectbox labelled `box`, typing `typed` first to narrow a long list
    (it is drawn as it scrolls). A click that lands while the script is still rerunning can open a list
    the rerun closes again: the list is opened again until the option shows."""
    from playwright.sync_api import expect

    for attempt in range(1, tries + 1):
        page.get_by_test_id("stSelectbox").filter(has_text=box).click()
        if typed:
            page.keyboard.type(typed)
        try:
            expect(option).to_be_visible(timeout=10_000 if attempt < tries else 30_000)
        except AssertionError:
            if attempt == tries:
                raise
            page.keyboard.press("Escape")
            continue
        option.click()
        return
