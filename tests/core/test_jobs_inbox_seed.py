"""Background jobs, the inbox folder, and the first start's seeding."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from core import catalog
from core.auth import SEED
from core.config import Settings
from core.db import Database
from core.errors import PermissionDenied
from core.inbox import InboxWatcher, failed_files
from core.jobs import JobContext, JobRunner
from core.samples import SEED_ORDER, sample_defects
from core.seed import SEED_COMMENT, seed_if_empty
from tests.conftest import ADMIN, SAMPLES, VIEWER
from tests.core.ingest import helpers


def test_a_job_reports_progress_and_is_recorded(db: Database) -> None:
    runner = JobRunner(db)
    seen: list[int] = []

    def work(ctx: JobContext) -> dict[str, int]:
        for i in range(1, 4):
            ctx.progress(i, 3, "steps", f"step {i}")
            seen.append(i)
        return {"answer": 42}

    job = runner.wait(runner.submit("test", "A test job", "tester", work))
    assert (job.status, job.done, job.total, job.result) == ("succeeded", 3, 3, {"answer": 42})
    failed = runner.wait(runner.submit("test", "A failing job", "tester", lambda ctx: 1 / 0))  # type: ignore[arg-type,return-value]
    assert failed.status == "failed" and "ZeroDivisionError" in (failed.error or "")
    recorded = {r["title"]: r["status"] for r in runner.history()}
    assert recorded == {"A test job": "succeeded", "A failing job": "failed"}
    runner.shutdown()


def test_jobs_left_running_by_a_stopped_process_are_marked_interrupted(db: Database) -> None:
    with db.transaction() as tx:
        tx.run("jobs/insert", job_id="old", kind="ingest", title="t", actor="a", created_at=datetime.now(UTC))
    JobRunner(db).shutdown()
    [row] = db.read("jobs/recent", limit=5).to_dicts()
    assert row["status"] == "failed" and "interrupted" in row["error"]


def _wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_the_inbox_ingests_dropped_files_and_keeps_failed_ones_with_the_reason(
    db: Database, cfg: Settings
) -> None:
    runner = JobRunner(db)
    watcher = InboxWatcher(runner, db, cfg, ADMIN)
    shutil.copyfile(SAMPLES / "delivery-1.xml", cfg.inbox_dir / "delivery-1.xml")
    (cfg.inbox_dir / "broken.xml").write_text(
        "<ONIXMessage release='3.0'><Header/><Product>", encoding="utf-8"
    )
    assert watcher.scan() == []  # first sight: the size must be stable over two scans
    jobs = watcher.scan()
    assert len(jobs) == 2
    for job_id in jobs:
        runner.wait(job_id, timeout=120)
    _wait_for(lambda: not (cfg.inbox_dir / "delivery-1.xml").exists() and failed_files(cfg.inbox_dir))
    [(path, reason)] = failed_files(cfg.inbox_dir)
    assert path.name == "broken.xml" and "ends inside the product" in reason
    statuses = sorted(r["status"] for r in db.read("runs/list", limit=10).to_dicts())
    assert statuses == ["failed", "succeeded"]
    runner.shutdown()


def test_a_viewer_cannot_submit_an_ingest(db: Database, cfg: Settings) -> None:
    from core.ingest.service import submit_upload

    runner = JobRunner(db)
    try:
        submit_upload(runner, db, cfg, "x.xml", b"<x/>", VIEWER)
        raise AssertionError("a viewer must not ingest")
    except PermissionDenied:
        pass
    runner.shutdown()


def test_seeding_fills_an_empty_database_once(db: Database, cfg: Settings, tmp_path: Path) -> None:
    cfg = cfg.model_copy(update={"samples_dir": SAMPLES})
    report = seed_if_empty(db, cfg)
    first = helpers.products(SAMPLES / "delivery-1.xml")
    # Products with an error defect (data/samples/README.md) cannot be approved: they stay pending.
    blocked = {d.gtin for d in sample_defects() if d.file == "delivery-1.xml" and d.severity == "error"}
    assert report["seeded"] and report["approved"] == len(first) - len(blocked)
    assert report["blocked"] == len(blocked)
    assert catalog.counts(db)["products"] == len(first) - len(blocked)
    assert report["pending"] > 0
    with db.cursor() as cur:
        events = cur.execute("SELECT DISTINCT actor, comment FROM review_events").fetchall()
    assert events == [(SEED.name, SEED_COMMENT)]
    runs = list(reversed(db.read("runs/list", limit=10).to_dicts()))
    assert [r["file"] for r in runs] == list(SEED_ORDER)
    assert {r["status"] for r in runs} == {"succeeded"}
    assert seed_if_empty(db, cfg)["seeded"] is False
