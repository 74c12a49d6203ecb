"""Background jobs: long work (ingests, checks, exports) runs off the request path, with live progress.

The runner is owned by `core` and held by the console for its lifetime. A job's live progress lives in
memory (pages poll it); the `jobs` table records each job at submission, start, end and failure, so the
history survives a restart. Job functions never touch the UI.
"""

from __future__ import annotations

import json
import threading
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from core.db import Database
from core.errors import ConsoleError

ProgressFn = Callable[[int, int | None, str, str], None]


@dataclass(frozen=True)
class JobContext:
    """What a job function gets: its id (to record on what it creates) and a progress callback."""

    job_id: str
    progress: ProgressFn


JobFn = Callable[[JobContext], dict[str, Any] | None]


@dataclass
class Job:
    job_id: str
    kind: str
    title: str
    actor: str
    status: str = "queued"
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at: datetime | None = None
    finished_at: datetime | None = None
    done: int = 0
    total: int | None = None
    unit: str = ""
    message: str = ""
    error: str | None = None
    result: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed")

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.total) if self.total else None


class JobRunner:
    def __init__(self, db: Database, workers: int = 2) -> None:
        self.db = db
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        with db.transaction() as tx:
            tx.run("jobs/interrupt", finished_at=datetime.now(UTC))

    def submit(self, kind: str, title: str, actor: str, fn: JobFn) -> str:
        job = Job(job_id=uuid.uuid4().hex[:12], kind=kind, title=title, actor=actor)
        with self._lock:
            self._jobs[job.job_id] = job
        with self.db.transaction() as tx:
            tx.run(
                "jobs/insert",
                job_id=job.job_id,
                kind=kind,
                title=title,
                actor=actor,
                created_at=job.created_at,
            )
        self._pool.submit(self._run, job, fn)
        return job.job_id

    def _run(self, job: Job, fn: JobFn) -> None:
        job.status, job.started_at = "running", datetime.now(UTC)
        with self.db.transaction() as tx:
            tx.run("jobs/start", job_id=job.job_id, started_at=job.started_at)

        def progress(done: int, total: int | None, unit: str, message: str) -> None:
            job.done, job.total, job.unit, job.message = done, total, unit, message

        try:
            job.result = fn(JobContext(job.job_id, progress))
            job.status = "succeeded"
        except ConsoleError as e:
            job.status, job.error = "failed", f"{e.title}: {e.detail}"
        except Exception as e:
            job.status, job.error = "failed", f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=5)}"
        job.finished_at = datetime.now(UTC)
        with self.db.transaction() as tx:
            tx.run(
                "jobs/finish",
                job_id=job.job_id,
                status=job.status,
                finished_at=job.finished_at,
                progress_done=job.done,
                progress_total=job.total,
                unit=job.unit,
                message=job.message,
                error=job.error,
                result=json.dumps(job.result, default=str) if job.result is not None else None,
            )

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return replace(job) if job else None

    def live(self) -> list[Job]:
        """Jobs of this process, newest first (a snapshot: safe to read from any thread)."""
        with self._lock:
            jobs = [replace(j) for j in self._jobs.values()]
        return sorted(jobs, key=lambda j: j.created_at, reverse=True)

    def history(self, limit: int = 50) -> list[dict[str, Any]]:
        """Jobs as recorded in the database (this and earlier processes), newest first."""
        return self.db.read("jobs/recent", limit=limit).to_dicts()

    def active(self) -> list[Job]:
        return [j for j in self.live() if not j.finished]

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Block until a job ends (for tests and the command line)."""
        deadline = datetime.now(UTC).timestamp() + timeout
        while datetime.now(UTC).timestamp() < deadline:
            job = self.get(job_id)
            if job is None or job.finished:
                assert job is not None
                return job
            threading.Event().wait(0.05)
        raise TimeoutError(f"job {job_id} did not finish within {timeout} s")

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
