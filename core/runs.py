"""Ingest runs as people ask about them: what happened to which file, and why."""

from __future__ import annotations

from typing import Any

import polars as pl

from core.db import Database
from core.errors import NotFound


def recent(db: Database, limit: int = 100) -> pl.DataFrame:
    return db.read("runs/list", limit=limit)


def get(db: Database, run_id: int) -> dict[str, Any]:
    run = db.one("runs/get", run_id=run_id)
    if run is None:
        raise NotFound(f"there is no ingest run {run_id}; `python -m core runs` lists them")
    return run


def errors(db: Database, run_id: int) -> pl.DataFrame:
    get(db, run_id)
    return db.read("runs/errors", run_id=run_id)


def notes(db: Database, run_id: int, limit: int = 10_000) -> pl.DataFrame:
    return db.read("runs/notes", run_id=run_id, limit=limit)


def note_summary(db: Database, run_id: int) -> pl.DataFrame:
    return db.read("runs/note_summary", run_id=run_id)


def file_findings(db: Database, run_id: int) -> pl.DataFrame:
    return db.read("runs/file_findings", run_id=run_id)


def conversions(db: Database, run_id: int) -> pl.DataFrame:
    return db.read("runs/conversions", run_id=run_id)


def run_json(run: dict[str, Any]) -> dict[str, Any]:
    """A run as the command line prints it (`runs --json`)."""
    keys = (
        "run_id",
        "status",
        "file",
        "sha256",
        "format",
        "sender_name",
        "message_number",
        "products",
        "converted",
        "rejected",
        "skipped",
        "error",
        "error_line",
        "error_column",
        "actor",
    )
    out = {k: run.get(k) for k in keys}
    out["conversions"] = {
        "new": run.get("conv_new"),
        "changed": run.get("conv_changed"),
        "unchanged": run.get("conv_unchanged"),
        "deleted": run.get("conv_deleted"),
    }
    for k in ("started_at", "finished_at", "sent_at"):
        out[k] = run[k].isoformat() if run.get(k) else None
    return out
