"""The console's home in numbers: catalogue size, the review queue, ingest runs that went wrong lately,
open findings by severity, their trend, and the rules and publishers with the most open findings.

Each number is one aggregation in DuckDB (`queries/overview/`); the Overview screen links every number to
the screen that explains it.
"""

from __future__ import annotations

import polars as pl

from core.checks import findings
from core.db import Database
from core.errors import InvalidInput

DAYS = (7, 30, 90)
"""The look-back windows the Overview offers."""


def _days(days: int) -> int:
    if days < 1 or days > 3660:
        raise InvalidInput(f"look back 1 to 3660 days, not {days}")
    return days


def summary(db: Database, days: int = 7) -> dict[str, int]:
    """products, pending (+ pending_new/changed/deleted), runs / failed_runs / partial_runs in the last
    `days`, open_error / open_warning / open_info (waived apart) and waived."""
    row = db.one("overview/summary", days=_days(days))
    assert row is not None
    return {k: int(v or 0) for k, v in row.items()}


def pending_by_run(db: Database) -> pl.DataFrame:
    """Pending conversions per ingest run (newest first): run_id, file, pending, new, changed, deleted."""
    return db.read("overview/pending_by_run")


def problem_runs(db: Database, days: int = 7) -> pl.DataFrame:
    """Failed and partial ingest runs of the last `days`, newest first, with the reason's first line."""
    return db.read("overview/problem_runs", days=_days(days))


def worst_rules(db: Database, limit: int = 10) -> pl.DataFrame:
    """The rules with the most open findings: rule_id, open, errors, warnings, infos, products."""
    return db.read("overview/worst_rules", limit=limit)


def worst_publishers(db: Database, limit: int = 10) -> pl.DataFrame:
    """The publishers with the most open findings: publisher, open, errors, warnings, infos, products."""
    return db.read("overview/worst_publishers", limit=limit)


def trend(db: Database, days: int = 30) -> pl.DataFrame:
    """Findings recorded per day and severity over the last `days` (see core.checks.findings.trend):
    day, severity, found (new and recurring), new, resolved."""
    return findings.trend(db, _days(days))
