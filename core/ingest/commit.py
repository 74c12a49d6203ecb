"""The commit of one run: stage the spool, diff against the catalogue, write conversions, one transaction.

This is the only part of an ingest that holds the write lock, and it is set-based SQL over the staged
batch (no row-by-row inserts), so reviewers can keep working while the next file is being parsed.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core import sources
from core.checks.catalogue import rule
from core.db import Database, Tx
from core.feeds.clean import Removed
from core.feeds.envelope import Header
from core.ingest.spool import Spool


@dataclass
class FileFinding:
    rule_id: str
    field: str
    observed: str | None
    message: str
    suggested_fix: str | None = None
    line: int | None = None
    severity: str | None = None


@dataclass
class Outcome:
    sender_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


def control_findings(removed: list[Removed], total: int) -> list[FileFinding]:
    findings = [
        FileFinding(
            "Q01",
            "file",
            f"U+{ord(r.char[0]):04X}" if len(r.char) == 1 else r.char,
            f"control character {r.char!r} removed before parsing (line {r.line})",
            "remove control characters from the text at the source",
            r.line,
        )
        for r in removed
    ]
    if total > len(removed):
        findings.append(
            FileFinding("Q01", "file", str(total), f"{total - len(removed)} more control characters removed")
        )
    return findings


def record_file_findings(tx: Tx, run_id: int, sha256: str, findings: list[FileFinding]) -> None:
    now = datetime.now(UTC)
    for f in findings:
        r = rule(f.rule_id)
        fingerprint = hashlib.sha256(f"{f.rule_id}|{sha256}|{f.field}|{f.observed}|{f.line}".encode()).hexdigest()
        tx.run(
            "ingest/insert_file_finding",
            run_id=run_id,
            rule_id=f.rule_id,
            rule_version=r.version,
            severity=f.severity or r.severity,
            field=f.field,
            observed=f.observed,
            message=f.message,
            suggested_fix=f.suggested_fix,
            line=f.line,
            fingerprint=fingerprint,
            created_at=now,
        )


def upsert_sender(tx: Tx, header: Header) -> int | None:
    if not header.sender_name and not header.sender_ids:
        return None
    name = header.sender_name or header.sender_ids[0]
    now = datetime.now(UTC)
    known = tx.one("ingest/find_sender", name=name, identifiers=header.sender_ids)
    if known:
        sender_id = int(known["sender_id"])
    else:
        sender_id = int(tx.scalar("ingest/insert_sender", name=name, identifiers=header.sender_ids, seen_at=now))
    tx.run(
        "ingest/touch_sender",
        sender_id=sender_id,
        identifiers=header.sender_ids,
        seen_at=now,
        sent_at=header.sent_at,
    )
    return sender_id


def commit(
    db: Database,
    *,
    run_id: int,
    feed_id: int,
    sha256: str,
    spool: Spool,
    header: Header,
    findings: list[FileFinding],
    finish: dict[str, Any],
    data_dir: Path,
) -> Outcome:
    """Apply a parsed run in one transaction; `finish` holds the run's closing fields. The products' raw
    XML moves from the spool into the run's source folder, which goes again if the commit fails."""
    outcome = Outcome()
    counts = {"new": 0, "changed": 0, "unchanged": 0, "deleted": 0, "skipped": 0}
    spooled = spool.path("sources")
    folder = sources.run_folder(data_dir, run_id)
    kept = sources.keep(spooled, folder) if spooled else None
    try:
        _commit(db, run_id, feed_id, sha256, spool, header, findings, finish, kept, folder, outcome, counts)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # nothing of the run was applied: neither are its sources
        raise
    outcome.counts = counts
    return outcome


def _commit(
    db: Database,
    run_id: int,
    feed_id: int,
    sha256: str,
    spool: Spool,
    header: Header,
    findings: list[FileFinding],
    finish: dict[str, Any],
    kept: list[str] | None,
    folder: Path,
    outcome: Outcome,
    counts: dict[str, int],
) -> None:
    with db.transaction() as tx:
        outcome.sender_id = upsert_sender(tx, header)
        if kept:
            tx.run("ingest/insert_sources", run_id=run_id, feed_id=feed_id, path=kept)
            tx.run("ingest/set_sources_path", run_id=run_id, sources_path=str(folder))
        if spool.path("notes"):
            tx.run("ingest/insert_notes", run_id=run_id, path=spool.path("notes"))
        if spool.path("errors"):
            tx.run("ingest/insert_errors", run_id=run_id, path=spool.path("errors"))
        if spool.path("products"):
            products = spool.path("products")
            # Supersede before inserting: no statement reads back rows this transaction wrote (with a
            # tight memory limit DuckDB 2.0.1 spills such rows early and can misread them).
            tx.run("ingest/classify", path=products)
            tx.run("ingest/supersede", run_id=run_id)
            tx.run(
                "ingest/insert_conversions",
                run_id=run_id,
                feed_id=feed_id,
                created_at=datetime.now(UTC),
                path=products,
            )
            for row in tx.read("ingest/outcomes").to_dicts():
                counts[row["outcome"]] = int(row["n"])
            tx.run("ingest/drop_classified")
        record_file_findings(tx, run_id, sha256, findings)
        tx.run(
            "ingest/finish_run",
            run_id=run_id,
            sender_id=outcome.sender_id,
            conv_new=counts["new"],
            conv_changed=counts["changed"],
            conv_unchanged=counts["unchanged"],
            conv_deleted=counts["deleted"],
            **{**finish, "skipped": finish["skipped"] + counts["skipped"]},
        )
