"""Ingests as background jobs: uploads from the console and files dropped into the inbox folder."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.auth import Actor
from core.config import Settings
from core.db import Database
from core.ingest.run import IngestResult, ingest_file
from core.jobs import JobContext, JobRunner


def safe_name(name: str) -> str:
    """A file name that cannot leave its folder."""
    base = Path(name).name.strip() or "feed.xml"
    return re.sub(r"[^\w.\- ]", "_", base)[:200]


def save_upload(cfg: Settings, name: str, data: bytes) -> Path:
    folder = cfg.data_dir / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(name)
    path.write_bytes(data)
    return path


def submit_ingest(
    runner: JobRunner,
    db: Database,
    cfg: Settings,
    path: Path,
    actor: Actor,
    *,
    source: str,
    original_name: str | None = None,
    force: bool = False,
    after: Callable[[IngestResult], None] | None = None,
) -> str:
    """Queue an ingest of `path`; `after` runs with the result when it ends (e.g. to tidy the inbox)."""
    actor.require("ingest")
    name = original_name or path.name

    def job(ctx: JobContext) -> dict[str, Any]:
        result = ingest_file(
            db,
            path,
            actor,
            source=source,
            force=force,
            original_name=name,
            job_id=ctx.job_id,
            progress=ctx.progress,
            config=cfg,
        )
        if after is not None:
            after(result)
        return result.to_json()

    return runner.submit("ingest", f"Ingest {name}", actor.name, job)


def submit_upload(
    runner: JobRunner, db: Database, cfg: Settings, name: str, data: bytes, actor: Actor, force: bool = False
) -> str:
    """Queue an ingest of uploaded bytes; the temporary copy is removed once the archive holds them."""
    actor.require("ingest")
    path = save_upload(cfg, name, data)

    def tidy(result: IngestResult) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)

    return submit_ingest(runner, db, cfg, path, actor, source="upload", original_name=name, force=force, after=tidy)
