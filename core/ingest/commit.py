"""The commit of one run: stage the spool, diff against the catalogue, write conversions, one transaction.

This is the only part of an ingest that holds the write lock, and it is set-based SQL over the staged
batch (no row-by-row inserts), so reviewers can keep working while the next file is being parsed.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from core import sources
from core.checks import engine
from core.checks.catalogue import rule
from core.db import Database, Tx
from core.feeds.clean import Removed
from core.feeds.envelope import Header
from core.ingest.spool import Spool
from core.review import diff


@dataclass
class FileFinding:
    rule_id: str
    field: str
    observed: str | None
    message: str
    suggested_fix: str | None = None
    line: int | None = None
    severity: str | None = None
    product_key: str | None = None
    """The product the finding is in, when it lies inside one (a control character in a description)."""


def attribute(findings: list[FileFinding], db: Database, products: list[str]) -> None:
    """Give each file finding with a line the product that line lies in: the last product of the spooled
    `products` that starts on or before it. A line before the first product is the header's."""
    open_ = [f for f in findings if f.line is not None and f.product_key is None]
    if not open_:
        return
    lines = sorted({f.line for f in open_ if f.line is not None})
    found = dict(db.read("ingest/products_at_lines", path=products, lines=lines).iter_rows())
    for finding in open_:
        finding.product_key = found.get(finding.line)


def _quiet(message: str) -> None:
    return None


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


def record_file_findings(
    tx: Tx, run_id: int, sha256: str, findings: list[FileFinding], check_id: int | None = None
) -> None:
    now = datetime.now(UTC)
    for f in findings:
        r = rule(f.rule_id)
        # A finding inside a product follows that product across deliveries; one about the file, the file.
        subject = f.product_key or f"{sha256}|{f.line}"
        fingerprint = hashlib.sha256(f"{f.rule_id}|{subject}|{f.field}|{f.observed}".encode()).hexdigest()
        tx.run(
            "ingest/insert_file_finding",
            run_id=run_id,
            rule_id=f.rule_id,
            rule_version=r.version,
            severity=f.severity or r.severity,
            field=f.field,
            observed=f.observed,
            message=f.message,
            suggested_fix=f.suggested_fix or r.fix,
            line=f.line,
            fingerprint=fingerprint,
            created_at=now,
            check_id=check_id,
            product_key=f.product_key,
        )


# A SentDateTime without a zone may be local time anywhere on earth: only beyond this is it in the future.
_SKEW_WITHOUT_ZONE = timedelta(hours=14)
_SKEW_WITH_ZONE = timedelta(minutes=15)


def sent_findings(header: Header, previous: datetime | None, now: datetime) -> list[FileFinding]:
    """Rule Q04: SentDateTime present, a date, not in the future, not before the sender's previous one."""
    raw, sent = header.sent_at_raw, header.sent_at
    field_name = "Header/SentDateTime"
    if not raw:
        return [FileFinding("Q04", field_name, None, "the Header has no SentDateTime (ONIX 2.1: SentDate)")]
    if sent is None:
        return [
            FileFinding("Q04", field_name, raw, f"SentDateTime {raw!r} is not a date (YYYYMMDD[Thhmm[ss]][Z|+hhmm])")
        ]
    has_zone = raw.strip().endswith("Z") or "+" in raw or raw.strip()[8:].count("-") > 0
    if sent > now + (_SKEW_WITH_ZONE if has_zone else _SKEW_WITHOUT_ZONE):
        return [FileFinding("Q04", field_name, raw, f"SentDateTime {raw} is in the future")]
    if previous is not None and sent < previous:
        when = previous.strftime("%Y-%m-%d %H:%M UTC")
        return [
            FileFinding(
                "Q04",
                field_name,
                raw,
                f"SentDateTime {raw} is older than the sender's previous delivery ({when}): "
                "an old file re-sent, or a clock that is wrong",
            )
        ]
    return []


def upsert_sender(tx: Tx, header: Header) -> tuple[int | None, datetime | None]:
    """The sender's id (created when new) and the sent time of its previous delivery."""
    if not header.sender_name and not header.sender_ids:
        return None, None
    name = header.sender_name or header.sender_ids[0]
    now = datetime.now(UTC)
    known = tx.one("ingest/find_sender", name=name, identifiers=header.sender_ids)
    previous = None
    if known:
        sender_id = int(known["sender_id"])
        previous = known["last_sent_at"]
    else:
        sender_id = int(tx.scalar("ingest/insert_sender", name=name, identifiers=header.sender_ids, seen_at=now))
    tx.run(
        "ingest/touch_sender",
        sender_id=sender_id,
        identifiers=header.sender_ids,
        seen_at=now,
        sent_at=header.sent_at,
    )
    return sender_id, previous


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
    actor: str,
    memory_limit: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Apply a parsed run in one transaction; `finish` holds the run's closing fields. The products' raw
    XML moves from the spool into the run's source folder, which goes again if the commit fails.
    `progress` hears what the commit is doing (a large one takes a while: diff, check, write)."""
    outcome = Outcome()
    spooled = spool.path("sources")
    folder = sources.run_folder(data_dir, run_id)
    kept = sources.keep(spooled, folder) if spooled else None
    try:
        with db.memory_limit(memory_limit), db.transaction() as tx:
            _apply(
                db, tx, run_id, feed_id, sha256, spool, header, findings, finish, kept, folder, outcome, actor,
                progress or _quiet,
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # nothing of the run was applied: neither are its sources
        raise
    return outcome


SLICE_BYTES = 1_000
"""DuckDB memory per product of a delivery's commit copied from the spool at once (into the check's
subjects, into the conversions): the copy's hash joins hold a slice's classified products (and their review
fields) in memory. In one statement, 200,000 products failed with "Out of Memory" under 96MB at the write,
360,000 at the copy into the subjects; in slices, the memory these need no longer grows with the delivery."""


def slice_size(memory_limit_bytes: int) -> int:
    """How many products one statement of a delivery's commit copies from the spool under this DuckDB limit."""
    return max(1_000, memory_limit_bytes // SLICE_BYTES)


def delivery_slices(db: Database, tx: Tx) -> list[tuple[int, int]]:
    """The first and last position of each slice of the classified delivery (`slice_size` products)."""
    bounds = tx.read("ingest/classified_slices", size=slice_size(db.memory_limit_bytes), outcome=None)
    return [(int(low), int(high)) for low, high, _ in bounds.iter_rows()]


def write_conversions(
    db: Database,
    tx: Tx,
    *,
    run_id: int,
    feed_id: int,
    products: list[str],
    slices: list[tuple[int, int]],
    progress: Callable[[str], None],
) -> None:
    """Insert the delivery's pending conversions, records read from the spool, a slice of positions at a time."""
    created_at = datetime.now(UTC)
    # One thread: DuckDB 2.0.1 inserting records with two threads buffers them beyond the memory limit
    # (a 200,000-product delivery failed with "Out of Memory" under 128MB); one thread streams them.
    with db.threads(1):
        for number, (low, high) in enumerate(slices, 1):
            if len(slices) > 1:
                progress(f"writing the conversions: slice {number:,} of {len(slices):,}")
            tx.run(
                "ingest/insert_conversions",
                run_id=run_id, feed_id=feed_id, created_at=created_at, path=products, low=low, high=high,
            )  # fmt: skip


def _apply(
    db: Database,
    tx: Tx,
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
    actor: str,
    progress: Callable[[str], None],
) -> None:
    # Order matters: every statement that reads tables runs before this transaction writes to them, so
    # nothing written here is read back (with a tight memory limit DuckDB 2.0.1 spills such rows early and
    # can misread them).
    counts = {"new": 0, "changed": 0, "unchanged": 0, "deleted": 0, "skipped": 0}
    outcome.sender_id, previous_sent = upsert_sender(tx, header)
    findings = findings + sent_findings(header, previous_sent, datetime.now(UTC))
    products, errors = spool.path("products"), spool.path("errors")
    if products:
        tx.run("ingest/classify", path=products)

        def diffing(done: int, total: int) -> None:
            progress(f"comparing with the catalogue: {done:,} of {total:,} changed")

        diff.stage_delivery(tx, products, outcome.sender_id, diff.slice_size(db.memory_limit_bytes), diffing)
        slices = delivery_slices(db, tx)
        # The rules judge the delivery before anything of it is written (set-based, from the spool).
        progress("checking the products against the rules")
        # The subjects are copied into a temporary table on one thread: with two, DuckDB 2.0.1 buffers the
        # records beyond the memory limit (200,000 products failed with "Out of Memory" under 96MB).
        with db.threads(1):
            check_id = engine.stage_delivery(
                tx, run_id=run_id, sender_id=outcome.sender_id, products=products, notes=spool.path("notes"),
                actor=actor, slices=slices,
            )  # fmt: skip
        engine.check_delivery(tx, check_id=check_id, run_id=run_id)
        progress("writing the conversions")
        tx.run("ingest/supersede", run_id=run_id)
        write_conversions(db, tx, run_id=run_id, feed_id=feed_id, products=products, slices=slices, progress=progress)
        diff.keep_delivery(tx)
        for row in tx.read("ingest/outcomes").to_dicts():
            counts[row["outcome"]] = int(row["n"])
        tx.run("ingest/drop_classified")
    else:
        check_id = engine.start_check(tx, "ingest", run_id, actor)
    if kept:
        tx.run("ingest/insert_sources", run_id=run_id, feed_id=feed_id, path=kept)
        tx.run("ingest/set_sources_path", run_id=run_id, sources_path=str(folder))
    if spool.path("notes"):
        tx.run("ingest/insert_notes", run_id=run_id, path=spool.path("notes"))
    if errors:
        tx.run("ingest/insert_errors", run_id=run_id, path=errors)
        tx.run(
            "checks/errors_as_findings", files=errors, check_id=check_id, run_id=run_id, created_at=datetime.now(UTC)
        )
    record_file_findings(tx, run_id, sha256, findings, check_id)
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
    outcome.counts = counts
