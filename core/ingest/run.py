"""One ingest, end to end: receive -> sniff -> parse and convert in workers -> spool -> commit.

`ingest_file` is the service the console's jobs, the inbox watcher, the seeding and the command line all
call. It never raises for a bad file: a refused or malformed file is a failed run with its reason (and
nothing of it applied); it raises only for what the caller must handle (permissions, storage).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from core import catalog, sources
from core.auth import Actor
from core.ccf.convert.context import Context
from core.config import Settings, settings
from core.db import Database
from core.errors import ConsoleError
from core.feeds import schema_check
from core.feeds.clean import NotWellFormed
from core.feeds.reader import FeedReader, Limits, Refused
from core.feeds.split import RawProduct
from core.ingest import blocks
from core.ingest import commit as committing
from core.ingest.batch import batches
from core.ingest.pool import WORKER_MODULE, WorkerPool, shared_pool
from core.ingest.receive import receive
from core.ingest.spool import Spool
from core.ingest.worker import ERRORS_SCHEMA, BatchResult, process
from core.memory import trim
from core.review import decisions

Progress = Callable[[int, int | None, str, str], None]
"""progress(done, total, unit, message)"""

PROGRESS_EVERY = 100
TRIM_EVERY = 4
"""Batches between two returns of freed memory to the system (`core.memory`), a millisecond each."""


@dataclass
class IngestResult:
    file: str
    sha256: str = ""
    run_id: int | None = None
    feed_id: int | None = None
    format: str = "unknown"
    status: str = "failed"
    products: int = 0
    converted: int = 0
    rejected: int = 0
    skipped: int = 0
    auto_approved: int = 0
    conversions: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0, "deleted": 0})
    sender: str | None = None
    error: str | None = None
    error_line: int | None = None
    error_column: int | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def recover(db: Database, cfg: Settings) -> None:
    """After a stop mid-ingest: runs left `running` are failed (nothing of them was committed), and the
    source folders of runs that never committed go."""
    with db.transaction() as tx:
        tx.run("ingest/interrupt_runs", finished_at=datetime.now(UTC))
    sources.remove_orphans(db, cfg.data_dir)


def _noop(done: int, total: int | None, unit: str, message: str) -> None:
    return None


def ingest_file(
    db: Database,
    path: Path,
    actor: Actor,
    *,
    source: str = "cli",
    force: bool = False,
    original_name: str | None = None,
    job_id: str | None = None,
    progress: Progress | None = None,
    config: Settings | None = None,
    pool: WorkerPool | None = None,
    strict: bool = False,
) -> IngestResult:
    """Ingest one feed file; see the module docstring. `strict` validates it against the XSD of its
    release (rule Q03), as happens anyway for a sender configured as strict."""
    actor.require("ingest")
    cfg = config or settings()
    report = progress or _noop
    started = time.monotonic()
    name = original_name or path.name
    result = IngestResult(file=name)
    workers = pool or shared_pool(cfg.worker_count)
    workers.start(WORKER_MODULE)
    received = receive(db, path, archive_dir=cfg.archive_dir, source=source, actor=actor.name, original_name=name)
    result.sha256, result.feed_id = received.sha256, received.feed_id
    with db.transaction() as tx:
        applied = None if force else tx.one("ingest/applied_run", feed_id=received.feed_id)
        run_id = int(
            tx.scalar(
                "ingest/start_run",
                feed_id=received.feed_id,
                job_id=job_id,
                actor=actor.name,
                forced=force,
                started_at=datetime.now(UTC),
            )
        )
    result.run_id = run_id
    if applied is not None:
        result.status = "duplicate"
        result.error = (
            f"the same bytes were already ingested in run {applied['run_id']} ({applied['status']}); "
            "use --force (or Re-run) to ingest them again"
        )
        _close(db, run_id, result, started)
        return result
    reader = FeedReader(received.archive_path, Limits(cfg.max_file_bytes, cfg.max_product_bytes))
    spool = Spool(cfg.spool_dir / f"run-{run_id}")
    try:
        _read_and_commit(db, reader, spool, result, received.sha256, cfg, workers, report, actor.name, strict)
    except (Refused, NotWellFormed) as e:
        sniffed = getattr(reader, "sniffed", None)
        result.format = sniffed.format if sniffed else "unknown"
        result.status = "failed"
        result.error = e.reason
        result.error_line = getattr(e, "line", None)
        result.error_column = getattr(e, "column", None)
        if e.rule_id:
            _file_finding(db, run_id, received.sha256, e.rule_id, e.reason, result.error_line)
        _close(db, run_id, result, started, reader)
    except ConsoleError as e:
        result.status = "failed"
        result.error = e.detail
        _close(db, run_id, result, started, reader)
    except BaseException as e:
        result.status = "failed"
        result.error = f"internal error: {type(e).__name__}: {e}"
        _close(db, run_id, result, started, reader)
        raise
    finally:
        spool.remove()
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _context(reader: FeedReader, feed_id: int | None) -> Context:
    header = reader.header
    assert header is not None
    return Context(
        feed_id=feed_id,
        onix_release=reader.sniffed.release or "3.0",
        tag_style=reader.sniffed.tag_style or "reference",
        sender=header.sender_name,
        sent_at=header.sent_at,
        default_language=header.default_language,
        default_currency=header.default_currency,
        default_price_type=header.default_price_type,
    )


def _read_and_commit(
    db: Database,
    reader: FeedReader,
    spool: Spool,
    result: IngestResult,
    sha256: str,
    cfg: Settings,
    workers: WorkerPool,
    report: Progress,
    actor_name: str,
    strict: bool = False,
) -> None:
    sniffed = reader.open()
    result.format = sniffed.format
    oversize: list[RawProduct] = []
    seen = 0
    context: list[Context] = []

    def counted() -> Any:
        nonlocal seen
        for product in reader.products():
            if not context:
                context.append(_context(reader, result.feed_id))
            seen += 1
            if seen % PROGRESS_EVERY == 0:
                report(reader.bytes_read, reader.size, "bytes", f"{seen:,} products read")
            yield product

    def product_batches() -> Any:
        stream = counted()
        first = next(stream, None)
        if first is None:
            return
        assert context

        def chained() -> Any:
            yield first
            yield from stream

        assert reader.header is not None
        validating.append(strict or _sender_is_strict(db, reader.header))
        yield from batches(
            chained(),
            sniffed,
            context[0],
            cfg.batch_products,
            oversize.append,
            str(spool.directory),
            strict=validating[0],
            file=str(reader.path),
            file_offset=reader.file_offset,
        )

    validating: list[bool] = []
    schema_errors: list[tuple[int, int, str]] = []
    failure: BatchResult | None = None
    for done, batch_result in enumerate(workers.map_ordered(process, product_batches()), 1):
        if batch_result.failure:
            failure = batch_result
            break
        if done % TRIM_EVERY == 0:
            trim()  # the split products' buffers, freed, would otherwise stay with this process
        for name, (path, rows) in batch_result.files.items():
            spool.add(name, path, rows)
        schema_errors += batch_result.schema_errors[: schema_check.MAX_PER_FILE - len(schema_errors)]
    if failure is not None:
        raise NotWellFormed(failure.failure or "not well-formed", failure.failure_line, failure.failure_column)
    if oversize:
        spool.write("errors", _oversize_errors(oversize, cfg.max_product_bytes))
    if context and spool.rows.get("blocks"):
        report(reader.size, reader.size, "bytes", f"{seen:,} products read; merging block updates")
        spool.flush()
        release, style = sniffed.release or "3.0", sniffed.tag_style or "reference"
        blocks.resolve(db, spool, workers, context[0], release, style)
    report(reader.size, reader.size, "bytes", f"{seen:,} products read; committing")
    header = reader.header
    assert header is not None
    result.products = seen
    result.converted = spool.rows.get("products", 0)
    result.rejected = spool.rows.get("errors", 0)
    result.sender = header.sender_name
    result.status = "partial" if result.rejected else "succeeded"
    spool.close()
    findings = committing.control_findings(reader.removed_controls, reader.cleaner.removed_count)
    repair = reader.transcoder.repair
    if repair is not None:
        findings.append(
            committing.FileFinding(
                "Q01",
                "encoding",
                f"{repair.count} bytes",
                f"{repair.message} ({repair.count} bytes, the first on line {repair.line})",
                "re-export the file in the encoding it declares (UTF-8)",
                repair.line,
            )
        )
    products = spool.path("products")
    if products:
        findings += duplicate_references(db.read("ingest/duplicate_references", path=products).to_dicts())
    if validating[0] if validating else (strict or _sender_is_strict(db, header)):
        findings += _schema_findings(_header_schema_errors(reader, seen) + schema_errors)
    if products:
        committing.attribute(findings, db, products)
    findings += [
        committing.FileFinding("Q02", "namespace", sniffed.namespace, w, severity="warning") for w in sniffed.warnings
    ]
    outcome = committing.commit(
        db,
        run_id=result.run_id or 0,
        feed_id=result.feed_id or 0,
        sha256=sha256,
        spool=spool,
        header=header,
        findings=findings,
        finish=_finish_fields(result, reader),
        data_dir=cfg.data_dir,
        actor=actor_name,
        memory_limit=catalog.commit_memory_limit(db, cfg, result.converted),
        progress=lambda message: report(reader.size, reader.size, "bytes", f"{seen:,} products read; {message}"),
    )
    result.skipped = outcome.counts.get("skipped", 0)
    result.conversions = {k: outcome.counts.get(k, 0) for k in ("new", "changed", "unchanged", "deleted")}
    if cfg.auto_approve_fields and result.run_id is not None:
        result.auto_approved = len(decisions.auto_approve(db, result.run_id, cfg.auto_approve_fields).applied)


def duplicate_references(rows: list[dict[str, Any]]) -> list[committing.FileFinding]:
    """Rule Q05 findings from `ingest/duplicate_references`: one at each repeat of a RecordReference."""
    return [
        committing.FileFinding(
            "Q05",
            "RecordReference",
            row["record_reference"],
            f"RecordReference {row['record_reference']} is used by more than one product in the message "
            f"(first on line {row['first_line']}, again on line {row['line']})",
            line=row["line"],
            product_key=row["product_key"],
        )
        for row in rows
    ]


def _sender_is_strict(db: Database, header: Any) -> bool:
    name = header.sender_name or (header.sender_ids[0] if header.sender_ids else None)
    if name is None:
        return False
    return bool(db.scalar("ingest/sender_strict", name=name, identifiers=header.sender_ids))


def _header_schema_errors(reader: FeedReader, products: int) -> list[tuple[int, int, str]]:
    """The Header against the schema (the products were validated by the workers)."""
    sniffed = reader.sniffed
    release, style = sniffed.release or "3.0", sniffed.tag_style or "reference"
    prolog = (reader.prolog or b"").replace(
        sniffed.root_tag, schema_check.namespaced_root(sniffed.root_tag, release, style), 1
    )
    document = prolog + (f"</{sniffed.root}>".encode() if products else b"")
    errors = schema_check.validate_document(document, release, style)
    return [(e.line, e.column, e.message) for e in errors]


def _schema_findings(errors: list[tuple[int, int, str]]) -> list[committing.FileFinding]:
    """Rule Q03: the first schema errors of the file, each with its line."""
    findings = [
        committing.FileFinding("Q03", "file", message, f"line {line}: {message}", line=line)
        for line, _, message in errors[: schema_check.MAX_PER_FILE]
    ]
    if len(errors) >= schema_check.MAX_PER_FILE:
        findings.append(
            committing.FileFinding(
                "Q03", "file", None, f"validation reports the first {schema_check.MAX_PER_FILE} schema errors only"
            )
        )
    return findings


def _oversize_errors(products: list[RawProduct], limit: int) -> pa.Table:
    rows = [
        {
            "position": p.position,
            "line": p.line,
            "record_reference": None,
            "product_key": None,
            "rule_id": None,
            "message": f"the product is {p.size:,} bytes, above the limit of {limit:,} "
            "(CONSOLE_MAX_PRODUCT_BYTES); it was not read (the first 64 KiB are kept here)",
            "raw_xml": p.data.decode("utf-8", "replace"),
        }
        for p in products
    ]
    return pa.Table.from_pylist(rows, schema=ERRORS_SCHEMA)


def _finish_fields(result: IngestResult, reader: FeedReader | None) -> dict[str, Any]:
    sniffed = getattr(reader, "sniffed", None) if reader else None
    header = reader.header if reader else None
    return {
        "status": result.status,
        "finished_at": datetime.now(UTC),
        "format": result.format if sniffed else None,
        "onix_release": sniffed.release if sniffed else None,
        "tag_style": sniffed.tag_style if sniffed else None,
        "namespace": sniffed.namespace if sniffed else None,
        "encoding": _encoding(reader) if reader and sniffed else None,
        "sender_name": header.sender_name if header else None,
        "message_number": header.message_number if header else None,
        "sent_at": header.sent_at if header else None,
        "products": result.products,
        "converted": result.converted,
        "rejected": result.rejected,
        "skipped": result.skipped,
        "error": result.error,
        "error_line": result.error_line,
        "error_column": result.error_column,
    }


def _encoding(reader: FeedReader) -> str:
    """How the bytes were read, in words: `ISO-8859-1`, `UTF-16LE (byte order mark)`, and any repair."""
    sniffed = reader.sniffed
    described = sniffed.encoding
    if sniffed.declared_encoding and sniffed.declared_encoding.upper() not in described.upper():
        described += f", declared {sniffed.declared_encoding}"
    transcoder = getattr(reader, "transcoder", None)
    if transcoder is not None and transcoder.repair is not None:
        described += "; read as Windows-1252 where it is not"
    return described


def _close(db: Database, run_id: int, result: IngestResult, started: float, reader: FeedReader | None = None) -> None:
    """Close a run that applies nothing (failed or duplicate)."""
    result.seconds = round(time.monotonic() - started, 3)
    fields = _finish_fields(result, reader)
    with db.transaction() as tx:
        tx.run(
            "ingest/finish_run",
            run_id=run_id,
            sender_id=None,
            conv_new=0,
            conv_changed=0,
            conv_unchanged=0,
            conv_deleted=0,
            **fields,
        )


def _file_finding(db: Database, run_id: int, sha256: str, rule_id: str, message: str, line: int | None) -> None:
    with db.transaction() as tx:
        committing.record_file_findings(
            tx, run_id, sha256, [committing.FileFinding(rule_id, "file", None, message, line=line)]
        )
