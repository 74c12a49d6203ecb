"""Approving conversions into the catalogue, optimistically and with an audit trail.

A conversion whose product has an open `error` finding that no waiver silences is not applied: it stays
pending, and the decision says which rules block it.

A conversion was diffed against one catalogue version; it is applied only if the catalogue still has that
version, otherwise it becomes `superseded` with the reason, and the reviewer is told. Every conversion a
decision touches gets a `review_events` row (who, when, from which state to which, the comment, the bulk
operation). All of it is set-based SQL in one transaction, so approving 100,000 conversions is one write.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from core.auth import Actor
from core.db import Database, Tx
from core.errors import InvalidInput, NotFound


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


def approve(
    db: Database,
    actor: Actor,
    ids: list[int],
    *,
    comment: str | None = None,
    bulk: bool = False,
    action: str = "approve",
) -> Decision:
    """Apply pending conversions to the catalogue (new, changed, deleted), each only if still current.
    `action` is `auto-approve` when a configured policy decides (its actor names the policy)."""
    actor.require("review")
    now = datetime.now(UTC)
    result = Decision(action, uuid.uuid4().hex[:12] if bulk or len(ids) > 1 else None)
    if not ids:
        return result
    with db.transaction() as tx:
        # The temporary table goes with a rollback; it is dropped explicitly only on success.
        tx.run("review/stage_decision", ids=ids)
        tx.run("review/apply_deletes")  # before the updates and inserts, so it never scans rows written just now
        tx.run("review/apply_updates", approved_at=now, approved_by=actor.name)
        tx.run("review/apply_inserts", approved_at=now, approved_by=actor.name)
        tx.run("review/apply_history", approved_at=now, approved_by=actor.name, comment=comment, action=action)
        tx.run("review/mark_decided", status="approved", decided_at=now, decided_by=actor.name, comment=comment)
        tx.run("review/mark_stale")
        tx.run(
            "review/record_events",
            event_at=now,
            actor=actor.name,
            role=actor.role,
            action=action,
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


def reject(db: Database, actor: Actor, ids: list[int], *, comment: str, bulk: bool = False) -> Decision:
    """Reject pending conversions (a comment says why); the catalogue stays as it was."""
    actor.require("review")
    if not comment or not comment.strip():
        raise InvalidInput("say why in a comment: a rejection without one cannot be traced back to a reason")
    now = datetime.now(UTC)
    result = Decision("reject", uuid.uuid4().hex[:12] if bulk or len(ids) > 1 else None)
    if not ids:
        return result
    with db.transaction() as tx:
        tx.run("review/stage_decision", ids=ids)
        tx.run("review/mark_rejected", decided_at=now, decided_by=actor.name, comment=comment.strip())
        tx.run(
            "review/record_reject_events",
            event_at=now,
            actor=actor.name,
            role=actor.role,
            comment=comment.strip(),
            bulk_id=result.bulk_id,
        )
        verdicts = tx.read("review/decision_verdicts").to_dicts()
        tx.run("review/drop_decision")
    for v in verdicts:
        (result.applied if v["status"] == "pending" else result.skipped).append(int(v["conversion_id"]))
    found = {int(v["conversion_id"]) for v in verdicts}
    result.unknown = [i for i in ids if i not in found]
    return result


def comment(db: Database, actor: Actor, conversion_id: int, text: str) -> None:
    """A reviewer's note on a conversion, in the audit trail (nothing changes state)."""
    actor.require("review")
    if not text or not text.strip():
        raise InvalidInput("the comment is empty")
    row = db.one("review/conversion_state", conversion_id=conversion_id)
    if row is None:
        raise NotFound(f"no conversion {conversion_id}")
    record_event(db, actor, "comment", conversion_id=conversion_id, product_key=row["product_key"],
                 from_status=row["status"], to_status=row["status"], comment=text.strip())


def record_event(
    db: Database,
    actor: Actor,
    action: str,
    *,
    conversion_id: int | None = None,
    product_key: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    comment: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One audit event in its own transaction (see `event` to write one inside another's)."""
    with db.transaction() as tx:
        event(tx, actor, action, conversion_id=conversion_id, product_key=product_key, from_status=from_status,
              to_status=to_status, comment=comment, details=details)


def event(
    tx: Tx,
    actor: Actor,
    action: str,
    *,
    conversion_id: int | None = None,
    product_key: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    comment: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    tx.run(
        "review/insert_event",
        event_at=datetime.now(UTC),
        actor=actor.name,
        role=actor.role,
        action=action,
        conversion_id=conversion_id,
        product_key=product_key,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        details=json.dumps(details, default=str) if details else None,
    )


AUTO_APPROVE = Actor("auto-approve", "admin")
"""The auto-approve policy, as recorded in the catalogue's history and the audit trail."""


def auto_approve(db: Database, run_id: int, allowed: list[str]) -> Decision:
    """The configured policy over one run: approve its changed conversions whose changed fields are all
    in `allowed` and whose product has no open finding above info. Off when `allowed` is empty."""
    if not allowed:
        return Decision("auto-approve", None)
    ids = [int(i) for i in db.read("review/auto_candidates", run_id=run_id, allowed=allowed)["conversion_id"]]
    note = f"policy: only {', '.join(sorted(allowed))} changed, no findings above info"
    return approve(db, AUTO_APPROVE, ids, comment=note, bulk=True, action="auto-approve")
