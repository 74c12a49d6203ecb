"""Receiving a file: hashed, copied into the archive under its SHA-256, recorded once in `feeds`.

The archive keeps the exact bytes of every delivery (for re-runs and for engineers), and the hash is how
a repeated delivery is recognised, whatever its file name.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.db import Database
from core.ingest import digest


@dataclass(frozen=True)
class Received:
    feed_id: int
    sha256: str
    archive_path: Path
    size: int
    original_name: str
    new: bool


def archive_path(archive_dir: Path, sha256: str, name: str) -> Path:
    suffix = Path(name).suffix.lower()
    if not suffix or len(suffix) > 8 or not suffix[1:].isalnum():
        suffix = ".xml"
    return archive_dir / sha256[:2] / f"{sha256}{suffix}"


def receive(
    db: Database, path: Path, *, archive_dir: Path, source: str, actor: str, original_name: str | None = None
) -> Received:
    """Archive the file (once per content) and record it; returns the feed, new or already known."""
    name = original_name or path.name
    sha = digest.sha256(path)  # hashed ahead by `python -m core ingest`, else now
    target = archive_path(archive_dir, sha, name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        shutil.copyfile(path, partial)
        os.replace(partial, target)
    size = target.stat().st_size
    with db.transaction() as tx:
        known = tx.one("ingest/find_feed", sha256=sha)
        if known:
            return Received(known["feed_id"], sha, Path(known["archive_path"]), size, name, new=False)
        feed_id = tx.scalar(
            "ingest/insert_feed",
            sha256=sha,
            original_name=name,
            archive_path=str(target),
            bytes=size,
            source=source,
            received_at=datetime.now(UTC),
            received_by=actor,
        )
    return Received(int(feed_id), sha, target, size, name, new=True)
