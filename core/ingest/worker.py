"""The worker side of an ingest: parse one batch and convert its products, in a separate process.

Runs in a process pool, so it imports nothing that holds state (no database, no UI). It returns Arrow
tables, which travel back to the committing process cheaply and go straight into the spool. Block
updates (NotificationType 04) are not converted here: they leave as normalised XML, to be merged onto
the product's last full record by the committing process (which can see the database) and converted then.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from lxml import etree

from core.ccf import rows as ccf_rows
from core.ccf.convert import onix3, onix21
from core.ccf.convert.context import Context, text
from core.ccf.convert.notes import Notes, ProductRejected
from core.ccf.model import ConversionNote
from core.ccf.storage import arrow_type
from core.feeds import schema_check, xmlsafe
from core.feeds.envelope import local_names, syntax_message
from core.feeds.tags import short_to_reference
from core.ingest.batch import Batch
from core.ingest.merge import MergeItem
from core.ingest.spool import write_part
from core.memory import trim

Converter = Callable[..., tuple[dict[str, Any], list[ConversionNote]]]

_STR, _INT = pa.string(), pa.int64()
SCHEMAS = {
    "products": pa.schema(
        [
            ("position", _INT),
            ("line", _INT),
            ("product_key", _STR),
            ("record_reference", _STR),
            ("notification", _STR),
            ("content_hash", _STR),
            ("ccf", arrow_type()),
        ]
    ),
    "notes": pa.schema(
        [
            ("position", _INT),
            ("line", _INT),
            ("product_key", _STR),
            ("record_reference", _STR),
            ("rule_id", _STR),
            ("field", _STR),
            ("raw_value", _STR),
            ("action", _STR),
            ("message", _STR),
        ]
    ),
    "sources": pa.schema(
        [
            ("position", _INT),
            ("line", _INT),
            ("product_key", _STR),
            ("record_reference", _STR),
            ("notification", _STR),
            ("raw_xml", _STR),
            ("effective_xml", _STR),
        ]
    ),
    "errors": pa.schema(
        [
            ("position", _INT),
            ("line", _INT),
            ("record_reference", _STR),
            ("product_key", _STR),
            ("rule_id", _STR),
            ("message", _STR),
            ("raw_xml", _STR),
        ]
    ),
    "blocks": pa.schema(
        [("position", _INT), ("line", _INT), ("product_key", _STR), ("record_reference", _STR), ("xml", _STR)]
    ),
}
ERRORS_SCHEMA = SCHEMAS["errors"]

TRIM_EVERY = 8
"""Batches between two `malloc_trim` calls in a worker. Trimming after every batch gave the next batch's
buffers back to the system only to fault them in again: 2.3 million page faults and 9 s of system time
over a 50,000-product feed. Every 8th batch still bounds what a worker keeps."""


@dataclass
class BatchResult:
    index: int
    products: int = 0
    files: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Spool files the worker wrote: {table: (path, rows)}."""
    failure: str | None = None
    failure_line: int | None = None
    failure_column: int | None = None
    schema_errors: list[tuple[int, int, str]] = field(default_factory=list)
    """Strict mode: the batch's first XSD errors as (file line, column, message)."""


@dataclass
class Collector:
    """The rows one batch produces, by spool table."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {name: [] for name in SCHEMAS})

    def write(self, directory: Path, index: int) -> dict[str, tuple[str, int]]:
        """Write the non-empty tables as this batch's spool files (compressed here, in parallel)."""
        return {
            name: write_part(directory, name, index, pa.Table.from_pylist(rows, schema=SCHEMAS[name]))
            for name, rows in self.rows.items()
            if rows
        }

    def error(
        self,
        position: int,
        line: int,
        el: etree._Element,
        raw_xml: str | bytes,
        message: str,
        rule_id: str | None = None,
        key: str | None = None,
    ) -> None:
        self.rows["errors"].append(
            {
                "position": position,
                "line": line,
                "record_reference": text(el, "RecordReference"),
                "product_key": key or raw_key(el),
                "rule_id": rule_id,
                "message": message,
                "raw_xml": as_text(raw_xml),
            }
        )

    def converted(
        self,
        position: int,
        line: int,
        record: ccf_rows.Row,
        notes: list[ConversionNote],
        raw_xml: str | bytes | None,
        effective_xml: str | None = None,
        notification: str | None = None,
    ) -> None:
        """`record` is a validated row (`core.ccf.rows.validated`); its country sets become bitsets here."""
        key, reference = record["product_key"], record["record_reference"]
        self.rows["products"].append(
            {
                "position": position,
                "line": line,
                "product_key": key,
                "record_reference": reference,
                "notification": record["notification"],
                "content_hash": ccf_rows.content_hash(record),
                "ccf": ccf_rows.storage_row(record),
            }
        )
        for note in notes:
            self.rows["notes"].append(
                {
                    "position": position,
                    "line": line,
                    "product_key": key,
                    "record_reference": reference,
                    **note.model_dump(),
                }
            )
        if raw_xml is not None:
            self.source(position, line, key, reference, notification or record["notification"], raw_xml, effective_xml)

    def source(
        self,
        position: int,
        line: int,
        key: str | None,
        reference: str | None,
        notification: str,
        raw_xml: str | bytes,
        effective_xml: str | None = None,
    ) -> None:
        """A product's XML as received: bytes (UTF-8, as parsed) go into the table as they are."""
        self.rows["sources"].append(
            {
                "position": position,
                "line": line,
                "product_key": key,
                "record_reference": reference,
                "notification": notification,
                "raw_xml": raw_xml,
                "effective_xml": effective_xml,
            }
        )


def as_text(xml: str | bytes) -> str:
    return xml if isinstance(xml, str) else xml.decode("utf-8", "replace")


def raw_key(el: etree._Element) -> str | None:
    for pid in el.iterfind("ProductIdentifier"):
        if text(pid, "ProductIDType") in ("15", "03"):
            return text(pid, "IDValue")
    return None


def converter_for(release: str) -> Converter:
    return onix21.convert_raw if release == "2.1" else onix3.convert_raw


def convert_into(
    out: Collector,
    el: etree._Element,
    ctx: Context,
    release: str,
    position: int,
    line: int,
    raw: bytes,
    raw_xml: str | bytes | None,
    notes: Notes | None = None,
    effective_xml: str | None = None,
    notification: str | None = None,
) -> None:
    """Convert one normalised product into `out`: a record, or an ingest error; never an exception."""
    try:
        # Through the rare `!` first: a one-byte search runs at memory speed, the nine-byte one far slower.
        had_cdata = b"!" in raw and b"<![CDATA[" in raw
        converted, converter_notes = converter_for(release)(el, ctx, line, had_cdata=had_cdata)
        record = ccf_rows.validated(converted)
    except ProductRejected as e:
        out.error(position, line, el, raw_xml or "", e.message, e.rule_id, e.product_key)
        return
    except Exception as e:  # a converter bug must not take the other products down
        trace = traceback.format_exc(limit=3).replace("--", "- -")
        out.error(
            position,
            line,
            el,
            f"{as_text(raw_xml or '')}\n<!-- {trace} -->",
            f"conversion failed: {type(e).__name__}: {e}",
        )
        return
    out.converted(
        position,
        line,
        record,
        (notes.items if notes else []) + converter_notes,
        raw_xml,
        effective_xml,
        notification,
    )


def process(batch: Batch) -> BatchResult:
    """Parse and convert every product of the batch; a product that fails never stops the others."""
    result = BatchResult(batch.index, products=len(batch.spans))
    try:
        root = etree.fromstring(batch.document(), xmlsafe.parser())
    except etree.XMLSyntaxError as e:
        line, column = e.position if e.position else (1, 1)
        result.failure = syntax_message(e)
        result.failure_line, result.failure_column = batch.file_position(line, column)
        return result
    elements = [el for el in root if isinstance(el.tag, str) and el.tag.rpartition("}")[2].lower() == "product"]
    if len(elements) != len(batch.spans):
        result.failure = f"expected {len(batch.spans)} products in the batch, the parser found {len(elements)}"
        result.failure_line, result.failure_column = batch.first_line, batch.first_column
        return result
    rename = short_to_reference(batch.release) if batch.tag_style == "short" else None
    out = Collector()
    data = batch.data
    for span, el in zip(batch.spans, elements, strict=True):
        # The product's bytes go to the spool as they are: the parser has just read them as UTF-8, and
        # decoding them to text only for Arrow to encode them again cost a worker 1 % of its time.
        raw = data[span.offset : span.offset + span.length]
        source_line = el.sourceline
        line = batch.file_position(source_line, 1)[0] if isinstance(source_line, int) else span.line
        if rename is not None or b"xmlns" in raw or el.tag[0] == "{":
            local_names(el, rename)
        notes = Notes()
        if b"&" in raw:
            xmlsafe.resolve_entity_nodes(el, notes)
        if batch.release != "2.1" and text(el, "NotificationType") == "04":
            _block_update(out, el, span.position, line, raw)
        else:
            convert_into(out, el, batch.ctx, batch.release, span.position, line, raw, raw, notes)
        el.clear()
    result.files = out.write(Path(batch.spool_dir), batch.index)
    del root, elements
    if batch.strict_wrapper is not None:
        result.schema_errors = _schema_errors(batch)
    if batch.index % TRIM_EVERY == 0:
        trim()
    return result


def _schema_errors(batch: Batch) -> list[tuple[int, int, str]]:
    errors = schema_check.validate_document(batch.strict_document(), batch.release, batch.tag_style)
    return [(*batch.file_position(e.line, e.column), e.message) for e in errors]


def _block_update(out: Collector, el: etree._Element, position: int, line: int, raw_xml: str | bytes) -> None:
    """A block update leaves as normalised XML (merged and converted later) and as its source record."""
    try:
        key, _ = onix3.identifiers(el, Notes())
    except ProductRejected as e:
        out.error(position, line, el, raw_xml, e.message, e.rule_id)
        return
    reference = text(el, "RecordReference")
    out.rows["blocks"].append(
        {
            "position": position,
            "line": line,
            "product_key": key,
            "record_reference": reference,
            "xml": etree.tostring(el, encoding="unicode"),
        }
    )


@dataclass
class MergedBatch:
    """Block updates to convert, merged onto their base records here or already (`MergeItem`)."""

    ctx: Context
    items: list[MergeItem]
    spool_dir: str
    index: int


def convert_merged(batch: MergedBatch) -> BatchResult:
    """Convert merged block updates; their source record keeps the update as received and the merge."""
    out = Collector()
    for item in batch.items:
        merged_xml = item.merged_xml()
        el = etree.fromstring(merged_xml.encode("utf-8"), xmlsafe.parser())
        convert_into(
            out,
            el,
            batch.ctx,
            "3.0",
            item.position,
            item.line,
            item.update.encode("utf-8"),
            item.update,
            effective_xml=merged_xml,
            notification="block_update",
        )
    result = BatchResult(batch.index, products=len(batch.items))
    result.files = out.write(Path(batch.spool_dir), batch.index)
    return result
