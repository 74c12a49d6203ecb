"""What the Quality screen asks beyond `core.checks.findings`: findings counted by rule, severity and
publisher under the same filters as a search, totals by severity, and one finding with everything needed
to judge it: the CCF record version it judged, the value of its field there, and the delivery (source XML)
it came from. Headless, like every service the console calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import polars as pl

from core.ccf.model import CCFRecord
from core.ccf.storage import from_row
from core.checks.findings import Filters
from core.db import Database
from core.errors import NotFound


def counts(db: Database, filters: Filters | None = None) -> pl.DataFrame:
    """Findings matching `filters`, by rule, severity and publisher: findings, products, waived."""
    f = filters or Filters()
    return db.read(
        "quality/counts",
        rule=f.rule,
        gtin=f.gtin,
        severity=f.severity,
        publisher=f.publisher,
        status=f.status,
        run_id=f.run_id,
    )


def totals(db: Database) -> dict[str, int]:
    """Open findings by severity (error, warning, info; waived apart), waived, resolved, and products."""
    row = db.one("quality/totals")
    assert row is not None
    return {k: int(v or 0) for k, v in row.items()}


def publishers(db: Database) -> list[str]:
    return [str(p) for p in db.read("quality/publishers")["publisher"].to_list()]


def finding(db: Database, finding_id: int) -> dict[str, Any]:
    """One finding, with `current`, `open`, `waived`, `waiver_id` and the product's `title`."""
    row = db.one("quality/finding", finding_id=finding_id)
    if row is None:
        raise NotFound(f"there is no finding {finding_id}; the Quality screen lists the current ones")
    return row


def judged_record(db: Database, row: dict[str, Any]) -> CCFRecord | None:
    """The version of the product the finding judged (by its content hash), or None (a product that could
    not be converted, or a finding about a file)."""
    if not row.get("product_key") or not row.get("content_hash"):
        return None
    found = db.one("quality/judged", gtin=row["product_key"], content_hash=row["content_hash"])
    return from_row(found["ccf"]) if found is not None else None


@dataclass(frozen=True)
class Delivery:
    source_id: int
    run_id: int
    line: int | None
    exact: bool
    """True when this is the very delivery the finding was raised on (else the product's latest)."""


def delivery(db: Database, row: dict[str, Any]) -> Delivery | None:
    """The delivery whose XML the finding came from, when one was kept."""
    if row.get("product_key") is None and row.get("position") is None:
        return None
    found = db.one(
        "quality/source", gtin=row.get("product_key"), run_id=row.get("run_id"), position=row.get("position")
    )
    if found is None:
        return None
    return Delivery(int(found["source_id"]), int(found["run_id"]), found["line"], bool(found["exact"]))


def rejected_xml(db: Database, row: dict[str, Any]) -> dict[str, Any] | None:
    """For a finding about a product the run could not convert (no delivery kept): its raw XML as the
    run's ingest error has it (error_id, record_reference, line, raw_xml)."""
    if row.get("run_id") is None or row.get("line") is None:
        return None
    return db.one("quality/rejected_xml", run_id=row["run_id"], line=row["line"])


_MISSING = object()


def field_value(record: CCFRecord, path: str | None) -> tuple[bool, Any]:
    """The value of a finding's CCF field in a record, as JSON data: (found, value).

    A dotted path walks into lists element by element (`contributors.name` is every contributor's name);
    a field that is not a CCF field (`file`, an ONIX element) is not found.
    """
    if not path:
        return False, None
    value: Any = record.model_dump(mode="json")
    for part in path.split("."):
        value = _step(value, part)
        if value is _MISSING:
            return False, None
    return True, value


def _step(value: Any, part: str) -> Any:
    if isinstance(value, dict):
        return value.get(part, _MISSING)
    if isinstance(value, list):
        items = [_step(v, part) for v in value]
        if items and all(i is _MISSING for i in items):
            return _MISSING
        return [i for i in items if i is not _MISSING]
    return _MISSING


def end_of_day(day: date) -> datetime:
    """A waiver's expiry from a date: it waives through the end of that day (UTC), as `waive --until`."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
