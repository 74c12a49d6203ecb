"""The inbox folder: files dropped into `data/inbox/` are ingested without anyone pressing a button.

A file is taken once its size has stopped changing between two scans (so a copy in progress is not read
half-way). Afterwards it leaves the inbox: the archive holds its bytes; a file that failed moves to
`inbox/failed/` with a `.reason.txt` beside it, and its run says why.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from core.auth import Actor
from core.config import Settings
from core.db import Database
from core.ingest.run import IngestResult
from core.ingest.service import submit_ingest
from core.jobs import JobRunner

FAILED = "failed"


def candidates(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        return []
    return sorted(
        p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".partial")
    )


def failed_files(inbox: Path) -> list[tuple[Path, str]]:
    """Files that failed, with their reason, for the Ingest screen."""
    folder = inbox / FAILED
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and not p.name.endswith(".reason.txt"):
            reason = p.with_name(p.name + ".reason.txt")
            out.append((p, reason.read_text(encoding="utf-8") if reason.exists() else ""))
    return out


class InboxWatcher:
    def __init__(self, runner: JobRunner, db: Database, cfg: Settings, actor: Actor) -> None:
        self.runner, self.db, self.cfg, self.actor = runner, db, cfg, actor
        self.inbox = cfg.inbox_dir
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._sizes: dict[Path, int] = {}
        self._taken: set[Path] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def scan(self) -> list[str]:
        """One pass: submit every file whose size is stable; returns the job ids submitted."""
        jobs = []
        present = candidates(self.inbox)
        for path in present:
            size = path.stat().st_size
            with self._lock:
                if path in self._taken:
                    continue
                stable = self._sizes.get(path) == size
                self._sizes[path] = size
                if not stable:
                    continue
                self._taken.add(path)
            jobs.append(
                submit_ingest(
                    self.runner, self.db, self.cfg, path, self.actor, source="inbox", after=self._settle(path)
                )
            )
        with self._lock:
            self._sizes = {p: s for p, s in self._sizes.items() if p in present}
        return jobs

    def _settle(self, path: Path):  # type: ignore[no-untyped-def]
        def after(result: IngestResult) -> None:
            try:
                if result.status == "failed":
                    target = self.inbox / FAILED / path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(path), target)
                    where = f" (line {result.error_line}, column {result.error_column})" if result.error_line else ""
                    target.with_name(target.name + ".reason.txt").write_text(
                        f"run {result.run_id}: {result.error}{where}\n", encoding="utf-8"
                    )
                else:
                    path.unlink(missing_ok=True)
            finally:
                with self._lock:
                    self._taken.discard(path)
                    self._sizes.pop(path, None)

        return after

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="inbox-watcher", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.cfg.inbox_poll_seconds):
            try:
                self.scan()
            except Exception:  # a bad scan must not end the watcher; the next one retries
                continue

    def stop(self) -> None:
        self._stop.set()
