"""The review queue: conversions filtered the way reviewers work (publisher, delivery, kind, changed
fields, risk flags, findings), a delivery's summary, and the preview a bulk decision shows first."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from core.db import Database
from core.errors import InvalidInput, NotFound

KINDS = ("new", "changed", "deleted")
STATUSES = ("pending", "approved", "rejected", "superseded")
FLAGS = ("on_sale_identity", "price_drop", "market_removed", "delete", "sender_change")
FLAG_LABELS = {
    "on_sale_identity": "title or contributors change on a product on sale",
    "price_drop": "a price cut by more than 30 %",
    "market_removed": "a market removed from the sales rights",
    "delete": "the product is deleted",
    "sender_change": "another sender than the catalogue's (Q10)",
}
FINDINGS = ("error", "warning", "info", "none")


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = "pending"
    publisher: str | None = None
    run_id: int | None = None
    kind: str | None = None
    field: str | None = None
    flag: str | None = None
    findings: str | None = None
    gtin: str | None = None

    def __post_init__(self) -> None:
        for name, allowed in (("status", STATUSES), ("kind", KINDS), ("flag", FLAGS), ("findings", FINDINGS)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise InvalidInput(f"{name} {value!r}: use one of {', '.join(allowed)}")

    def describe(self) -> str:
        parts = [f"{k} {v}" for k, v in asdict(self).items() if v is not None]
        return ", ".join(parts) or "everything"


def listing(
    db: Database, where: QueueFilter | None = None, limit: int = 1_000_000, conversion_id: int | None = None
) -> pl.DataFrame:
    f = where or QueueFilter()
    return db.read(
        "review/queue",
        status=f.status,
        publisher=f.publisher,
        run_id=f.run_id,
        kind=f.kind,
        field=f.field,
        flag=f.flag,
        findings=f.findings,
        gtin=f.gtin,
        conversion_id=conversion_id,
        limit=limit,
    )


def conversion(db: Database, conversion_id: int) -> dict[str, Any]:
    """One conversion as the queue shows it (whatever its status)."""
    rows = listing(db, QueueFilter(status=None), limit=1, conversion_id=conversion_id).to_dicts()
    if not rows:
        raise NotFound(f"no conversion {conversion_id}")
    return rows[0]


def ids(db: Database, where: QueueFilter) -> list[int]:
    return [int(i) for i in listing(db, where)["conversion_id"].to_list()]


@dataclass
class Preview:
    """What a bulk decision over a filter would touch, before it applies."""

    total: int
    by_kind: dict[str, int]
    by_flag: dict[str, int]
    blocked: int
    """Items an approval would leave pending: open, unwaived error findings."""
    stale: int
    """Items an approval would supersede: the catalogue moved on since their diff."""
    sample: list[dict[str, Any]] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def preview(db: Database, where: QueueFilter, sample: int = 10) -> Preview:
    rows = listing(db, QueueFilter(**{**asdict(where), "status": "pending"}))
    by_kind = {str(r["kind"]): int(r["len"]) for r in rows.group_by("kind").len().to_dicts()}
    flags = rows.select(pl.col("flags").explode().drop_nulls())
    by_flag = {str(r["flags"]): int(r["len"]) for r in flags.group_by("flags").len().to_dicts()} if len(flags) else {}
    blocked = rows.filter((pl.col("errors") > 0) & (pl.col("kind") != "deleted")).height
    return Preview(
        total=rows.height,
        by_kind=by_kind,
        by_flag=by_flag,
        blocked=blocked,
        stale=rows.filter(pl.col("stale")).height,
        sample=[row_json(r) for r in rows.head(sample).to_dicts()],
        ids=[int(i) for i in rows["conversion_id"].to_list()],
    )


def summary(db: Database, run_id: int | None = None) -> dict[str, dict[str, int]]:
    """{dimension: {key: count}} for kind, status, field, flag (and unchanged when a run is named)."""
    out: dict[str, dict[str, int]] = {}
    for r in db.read("review/delivery_summary", run_id=run_id).to_dicts():
        out.setdefault(r["dimension"], {})[r["key"]] = int(r["n"])
    return out


def row_json(row: dict[str, Any]) -> dict[str, Any]:
    """A queue row for `review list --json`."""
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
