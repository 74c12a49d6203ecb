"""Reading findings: the current ones (each product's latest check), filtered, counted and over time.

"Current" is what the latest check of each product found, so a finding a later delivery fixed shows as
resolved, and one a re-check no longer raises is gone from the open counts. Waived findings are kept and
flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from core.checks.catalogue import SEVERITIES
from core.db import Database
from core.errors import InvalidInput

STATUSES = ("open", "waived", "new", "recurring", "resolved")


@dataclass(frozen=True)
class Filters:
    rule: str | None = None
    gtin: str | None = None
    severity: str | None = None
    publisher: str | None = None
    status: str | None = None
    run_id: int | None = None

    def __post_init__(self) -> None:
        if self.severity is not None and self.severity not in SEVERITIES:
            raise InvalidInput(f"severity {self.severity!r}: use one of {', '.join(SEVERITIES)}")
        if self.status is not None and self.status not in STATUSES:
            raise InvalidInput(f"status {self.status!r}: use one of {', '.join(STATUSES)}")


def search(db: Database, filters: Filters | None = None, limit: int = 10_000) -> pl.DataFrame:
    f = filters or Filters()
    return db.read(
        "findings/search",
        rule=f.rule,
        gtin=f.gtin,
        severity=f.severity,
        publisher=f.publisher,
        status=f.status,
        run_id=f.run_id,
        limit=limit,
    )


def summary(db: Database) -> pl.DataFrame:
    """Open findings by rule, severity and publisher."""
    return db.read("findings/summary")


def by_rule(db: Database) -> dict[str, dict[str, int]]:
    return {r["rule_id"]: r for r in db.read("findings/by_rule").to_dicts()}


def trend(db: Database, days: int = 90) -> pl.DataFrame:
    return db.read("findings/trend", days=days)


def to_json(row: dict[str, Any]) -> dict[str, Any]:
    """One finding for `findings --json`: rule, gtin, severity, field, observed, message, status, and more."""
    return {
        "rule": row["rule_id"],
        "gtin": row["product_key"],
        "severity": row["severity"],
        "field": row["field"],
        "observed": row["observed"],
        "message": row["message"],
        "status": row["status"],
        "waived": bool(row["waived"]),
        "publisher": row["publisher"],
        "title": row.get("title"),
        "suggested_fix": row["suggested_fix"],
        "scope": row["scope"],
        "line": row["line"],
        "run_id": row["run_id"],
        "rule_version": row["rule_version"],
        "found_at": row["created_at"].isoformat() if isinstance(row["created_at"], datetime) else None,
    }
