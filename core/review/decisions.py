"""Approving conversions into the catalogue, optimistically and with an audit trail.

A conversion whose product has an open `error` finding that no waiver silences is not applied: it stays
pending, and the decision says which rules block it.

A conversion was diffed against one catalogue version; it is applied only if the catalogue still has that
version, otherwise it becomes `superseded` with the reason, and the reviewer is told. Every conversion a
decision touches gets a `review_events` row (who, when, from which state to which, the comment, the bulk
operation). All of it is set-based SQL in one transaction, so approving 100,000 conversions is one write.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from core.auth import Actor
from core.db import Database


@dataclass
class Decision:
    """What a decision did: applied, superseded (the catalogue moved on), skipped (not pending)."""

    action: str
    bulk_id: str | None
    applied: list[int] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    blocked: dict[int, list[str]] = field(default_factory=dict)
    """Conversions left pending: the rules of their open, unwaived error findings (waive them or fix)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def approve(db: Database, actor: Actor, ids: list[int], *, comment: str | None = None, bulk: bool = False) -> Decision:
    """Apply pending conversions to the catalogue (new, changed, deleted), each only if still current."""
    actor.require("review")
    now = datetime.now(UTC)
    result = Decision("approve", uuid.uuid4().hex[:12] if bulk or len(ids) > 1 else None)
    if not ids:
        return result
    with db.transaction() as tx:
        # The temporary table goes with a rollback; it is dropped explicitly only on success.
        tx.run("review/stage_decision", ids=ids)
        tx.run("review/apply_deletes")  # before the upserts, so it never scans rows written just now
        tx.run("review/apply_upserts", approved_at=now, approved_by=actor.name)
        tx.run("review/apply_history", approved_at=now, approved_by=actor.name, comment=comment, action="approve")
        tx.run("review/mark_decided", status="approved", decided_at=now, decided_by=actor.name, comment=comment)
        tx.run("review/mark_stale")
        tx.run(
            "review/record_events",
            event_at=now,
            actor=actor.name,
            role=actor.role,
            action="approve",
            to_status="approved",
            comment=comment,
            bulk_id=result.bulk_id,
        )
        verdicts = tx.read("review/decision_verdicts").to_dicts()
        tx.run("review/drop_decision")
    found = {int(v["conversion_id"]) for v in verdicts}
    for v in verdicts:
        if v["verdict"] == "blocked":
            result.blocked[int(v["conversion_id"])] = list(v["blocking"])
            continue
        {"ok": result.applied, "stale": result.superseded}.get(v["verdict"], result.skipped).append(
            int(v["conversion_id"])
        )
    result.unknown = [i for i in ids if i not in found]
    return result


def pending_ids(db: Database, run_id: int | None = None) -> list[int]:
    return [int(i) for i in db.read("review/pending_ids", run_id=run_id)["conversion_id"].to_list()]
