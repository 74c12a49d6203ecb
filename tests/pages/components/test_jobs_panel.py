"""The job panel: live progress while a job runs, the outcome and a link to the run once it has ended.

The jobs are real: a blocking job (to catch it running) and an ingest of a real feed through core.
"""

from __future__ import annotations

import threading
import time

from streamlit.testing.v1 import AppTest

from core import runs
from core.ingest.service import submit_upload
from core.jobs import JobContext
from tests.conftest import ADMIN
from tests.pages.conftest import INGEST_PAGE, SMALL_FEED, Console
from tests.pages.test_ingest import page_links, texts


def panel() -> None:
    import streamlit as st

    from app import nav, state
    from app.components.jobs_panel import jobs_panel

    # The panel links to runs: the console's pages must be registered, as the router does.
    st.navigation(
        [st.Page(nav.CATALOG, default=True), st.Page(nav.INGEST, url_path=nav.INGEST_PATH)], position="hidden"
    )
    jobs_panel(state.started()[0].runner, key="test_jobs")


def test_a_running_job_shows_its_progress_in_words(console: Console) -> None:
    console.app(INGEST_PAGE)  # starts the console's services
    release = threading.Event()

    def slow(ctx: JobContext) -> None:
        ctx.progress(1_258_291, 2_752_215, "bytes", "1,500 products read")
        release.wait(30)

    runner = console.services.runner
    job_id = runner.submit("ingest", "Ingest big.xml", "tester", slow)
    try:
        deadline = time.monotonic() + 30
        while not getattr(runner.get(job_id), "done", 0) and time.monotonic() < deadline:
            time.sleep(0.02)  # the job runs on the runner's thread: wait until it has reported progress
        at = AppTest.from_function(panel, default_timeout=30).run()
        [progress] = at.get("progress")
        assert progress.proto.text.startswith("1.2 / 2.6 MB, 1,500 products read · ")
        assert "1 running" in texts(at) and "Ingest big.xml" in texts(at)
    finally:
        release.set()
        runner.wait(job_id)


def test_a_finished_ingest_says_what_it_did_and_links_its_run(console: Console) -> None:
    console.app(INGEST_PAGE)
    svc = console.services
    job_id = submit_upload(svc.runner, svc.db, svc.cfg, "copy.xml", SMALL_FEED.read_bytes() + b"\n", ADMIN)
    job = svc.runner.wait(job_id)
    assert job.result is not None
    run = runs.get(svc.db, job.result["run_id"])
    at = AppTest.from_function(panel, default_timeout=30).run()
    assert not at.get("progress")
    assert "1 product read, 1 converted" in texts(at)
    assert (f"Open run {run['run_id']}", "ingest", f"run={run['run_id']}") in page_links(at)
    at.button(key="test_jobs_dismiss").click().run()
    assert not page_links(at) and "Ingest copy.xml" not in texts(at)


def test_a_job_that_crashed_shows_the_first_line_of_its_error(console: Console) -> None:
    console.app(INGEST_PAGE)

    def broken(ctx: JobContext) -> None:
        raise RuntimeError("disk on fire\nstack trace line")

    runner = console.services.runner
    runner.wait(runner.submit("ingest", "Ingest doomed.xml", "tester", broken))
    at = AppTest.from_function(panel, default_timeout=30).run()
    assert "RuntimeError\\: disk on fire" in texts(at) and "stack trace line" not in texts(at)
