"""Waivers: a rule silenced for one product, or for every product of one publisher, with a reason, who
and until when. A waived finding stays visible (as waived); it no longer blocks approval or export. An
expired or revoked waiver stops waiving at once: nothing is deleted, so the history says who waived what.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl

from core.auth import Actor
from core.checks.catalogue import rules
from core.db import Database
from core.errors import InvalidInput, NotFound
from core.review.decisions import event


def create(
    db: Database,
    actor: Actor,
    *,
    rule_id: str,
    reason: str,
    product_key: str | None = None,
    publisher: str | None = None,
    expires_at: datetime | None = None,
) -> int:
    """A new waiver; exactly one of `product_key` and `publisher`. Returns its id."""
    actor.require("waive")
    rule_id = rule_id.strip().upper()
    if rule_id not in rules():
        raise InvalidInput(f"{rule_id} is not a rule of the catalogue (Q01-Q40); `python -m core rules` lists them")
    if (product_key is None) == (publisher is None):
        raise InvalidInput("a waiver is for one product (--gtin) or for one publisher (--publisher), not both")
    if not reason or not reason.strip():
        raise InvalidInput("say why the finding is acceptable (--reason): the waiver keeps it for the audit")
    now = datetime.now(UTC)
    if expires_at is not None:
        if expires_at.tzinfo is None:
            expires_at = expires_at.replace(tzinfo=UTC)
        if expires_at <= now:
            raise InvalidInput(f"the expiry {expires_at:%Y-%m-%d %H:%M} UTC is in the past")
    if product_key is not None:
        row = db.one("waivers/product_publisher", product_key=product_key)
        if not row or not row["known"]:
            raise NotFound(f"no product {product_key} has been delivered")
    elif not db.scalar("waivers/publisher_known", publisher=publisher):
        raise NotFound(f"no product of a publisher named {publisher!r}")
    with db.transaction() as tx:
        waiver_id = int(
            tx.scalar(
                "waivers/insert",
                rule_id=rule_id,
                product_key=product_key,
                publisher=publisher,
                reason=reason.strip(),
                created_by=actor.name,
                created_at=now,
                expires_at=expires_at,
            )
        )
        details = {"waiver_id": waiver_id, "rule_id": rule_id, "publisher": publisher, "expires_at": expires_at}
        event(tx, actor, "waive", product_key=product_key, comment=reason.strip(), details=details)
    return waiver_id


def revoke(db: Database, actor: Actor, waiver_id: int) -> None:
    """End a waiver now (the console's Expire)."""
    actor.require("waive")
    with db.transaction() as tx:
        ended = tx.one("waivers/revoke", waiver_id=waiver_id, revoked_at=datetime.now(UTC), revoked_by=actor.name)
        if ended is None:
            raise NotFound(f"no waiver {waiver_id} in force")
        event(tx, actor, "unwaive", product_key=ended["product_key"], details={"waiver_id": waiver_id,
              "rule_id": ended["rule_id"], "publisher": ended["publisher"]})


def listing(db: Database, include_ended: bool = False) -> pl.DataFrame:
    return db.read("waivers/list", include_ended=include_ended)


def to_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
