"""What every command shares: opening the database (or saying who holds it), the actor, output."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.auth import Actor, actor_named
from core.config import Settings, settings
from core.db import Database

EXIT_OK, EXIT_FAILED, EXIT_BUSY = 0, 1, 2


def config_for(args: argparse.Namespace) -> Settings:
    base = settings()
    if getattr(args, "db", None):
        return base.model_copy(update={"db": Path(args.db)})
    return base


@contextmanager
def open_db(args: argparse.Namespace, hint: str | None = None) -> Iterator[Database]:
    cfg = config_for(args)
    db = Database(cfg.db, memory_limit=cfg.duckdb_memory_limit, threads=cfg.duckdb_threads, owner_hint=hint)
    try:
        yield db
    finally:
        db.close()


def actor(args: argparse.Namespace) -> Actor:
    cfg = config_for(args)
    return actor_named(getattr(args, "actor", None) or cfg.operator, cfg)


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, default=_default, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> str:
    """A plain text table: (key, heading) columns, widths fitted to the content."""
    cells = [[heading for _, heading in columns]]
    for row in rows:
        cells.append(["" if row.get(key) is None else str(row.get(key)) for key, _ in columns])
    widths = [min(60, max(len(r[i]) for r in cells)) for i in range(len(columns))]
    lines = ["  ".join(c[:w].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class ProgressBar:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self._last = ""

    def __call__(self, done: int, total: int | None, unit: str, message: str) -> None:
        if not self.enabled:
            return
        if total:
            share = min(1.0, done / total)
            bar = "#" * int(share * 30)
            amount = f"{done / 1e6:,.1f}/{total / 1e6:,.1f} MB" if unit == "bytes" else f"{done:,}/{total:,}"
            line = f"\r{self.label[:30]:30} [{bar:30}] {share:4.0%} {amount} {message}"
        else:
            line = f"\r{self.label[:30]:30} {done:,} {unit} {message}"
        if line != self._last:
            sys.stderr.write(line[:160].ljust(len(self._last)))
            sys.stderr.flush()
            self._last = line

    def done(self) -> None:
        if self.enabled and self._last:
            sys.stderr.write("\r" + " " * len(self._last) + "\r")
            sys.stderr.flush()
