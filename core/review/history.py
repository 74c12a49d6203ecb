"""A product's approved versions, and reverting it to an earlier one (a new version, audited)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from core.auth import Actor
from core.db import Database
from core.errors import InvalidInput, NotFound
from core.review.decisions import event


def versions(db: Database, product_key: str) -> pl.DataFrame:
    return db.read("review/history", product_key=product_key)


def revert(db: Database, actor: Actor, product_key: str, version: int, comment: str) -> int:
    """Make `version`'s record the product's current one again, as a new version; returns its number.
    Pending conversions made against the replaced version will be superseded if approved."""
    actor.require("review")
    if not comment or not comment.strip():
        raise InvalidInput("say why the product goes back to an earlier version (--comment)")
    now = datetime.now(UTC)
    with db.transaction() as tx:
        row = tx.one("review/version", product_key=product_key, version=version)
        if row is None:
            raise NotFound(f"{product_key} has no approved version {version}")
        if row["deleted"] or row["ccf"] is None:
            raise InvalidInput(f"version {version} of {product_key} is a delete: there is no record to go back to")
        if row["current_version"] is not None and row["content_hash"] == tx.scalar(
            "review/current_hash", product_key=product_key
        ):
            raise InvalidInput(f"the catalogue already holds that record (version {row['current_version']})")
        new_version = int(row["next_version"])
        tx.run(
            "review/revert",
            product_key=product_key,
            old_version=version,
            next_version=new_version,
            approved_at=now,
            approved_by=actor.name,
        )
        tx.run(
            "review/revert_history",
            product_key=product_key,
            old_version=version,
            next_version=new_version,
            approved_at=now,
            approved_by=actor.name,
            comment=comment.strip(),
        )
        event(
            tx,
            actor,
            "revert",
            product_key=product_key,
            from_status=f"version {row['current_version']}" if row["current_version"] else "deleted",
            to_status=f"version {new_version}",
            comment=comment.strip(),
            details={"restores_version": version, "new_version": new_version},
        )
    return new_version
