"""The worker side of an ingest: parse one batch and convert its products, in a separate process.

Runs in a process pool, so it imports nothing that holds state (no database, no UI). It returns Arrow
tables, which travel back to the committing process cheaply and go straight into the spool.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from lxml import etree

from core.ccf.convert import onix3
from core.ccf.convert.context import text
from core.ccf.convert.notes import Notes, ProductRejected
from core.ccf.storage import arrow_type, to_row
from core.feeds import xmlsafe
from core.feeds.envelope import local_names, syntax_message
from core.ingest.batch import Batch

PRODUCTS_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("line", pa.int64()),
        ("product_key", pa.string()),
        ("record_reference", pa.string()),
        ("notification", pa.string()),
        ("content_hash", pa.string()),
        ("ccf", arrow_type()),
    ]
)
NOTES_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("line", pa.int64()),
        ("product_key", pa.string()),
        ("record_reference", pa.string()),
        ("rule_id", pa.string()),
        ("field", pa.string()),
        ("raw_value", pa.string()),
        ("action", pa.string()),
        ("message", pa.string()),
    ]
)
SOURCES_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("line", pa.int64()),
        ("product_key", pa.string()),
        ("record_reference", pa.string()),
        ("notification", pa.string()),
        ("raw_xml", pa.string()),
    ]
)
ERRORS_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("line", pa.int64()),
        ("record_reference", pa.string()),
        ("product_key", pa.string()),
        ("rule_id", pa.string()),
        ("message", pa.string()),
        ("raw_xml", pa.string()),
    ]
)


@dataclass
class BatchResult:
    index: int
    products: int = 0
    tables: dict[str, pa.Table] = field(default_factory=dict)
    failure: str | None = None
    failure_line: int | None = None
    failure_column: int | None = None


def _rows_to_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def _raw_key(el: etree._Element) -> str | None:
    for pid in el.iterfind("ProductIdentifier"):
        if text(pid, "ProductIDType") in ("15", "03"):
            return text(pid, "IDValue")
    return None


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
    elements = [
        el for el in root if isinstance(el.tag, str) and el.tag.rpartition("}")[2].lower() == "product"
    ]
    if len(elements) != len(batch.spans):
        result.failure = (
            f"expected {len(batch.spans)} products in the batch, the parser found {len(elements)}"
        )
        result.failure_line, result.failure_column = batch.first_line, batch.first_column
        return result
    products, notes, sources, errors = [], [], [], []
    data = bytes(batch.data)
    for span, el in zip(batch.spans, elements, strict=True):
        raw = data[span.offset : span.offset + span.length]
        raw_xml = raw.decode("utf-8", "replace")
        source_line = el.sourceline
        line = batch.file_position(source_line, 1)[0] if isinstance(source_line, int) else span.line
        if b"xmlns" in raw or el.tag[0] == "{":
            local_names(el)
        product_notes = Notes()
        if b"&" in raw:
            xmlsafe.resolve_entity_nodes(el, product_notes)
        reference = text(el, "RecordReference")
        try:
            record, converter_notes = onix3.convert(el, batch.ctx, line, had_cdata=b"<![CDATA[" in raw)
        except ProductRejected as e:
            errors.append(
                {
                    "position": span.position,
                    "line": line,
                    "record_reference": reference,
                    "product_key": e.product_key or _raw_key(el),
                    "rule_id": e.rule_id,
                    "message": e.message,
                    "raw_xml": raw_xml,
                }
            )
            continue
        except Exception as e:  # a converter bug must not take the other products down
            errors.append(
                {
                    "position": span.position,
                    "line": line,
                    "record_reference": reference,
                    "product_key": _raw_key(el),
                    "rule_id": None,
                    "message": f"conversion failed: {type(e).__name__}: {e}",
                    "raw_xml": raw_xml
                    + "\n<!-- "
                    + traceback.format_exc(limit=3).replace("--", "- -")
                    + " -->",
                }
            )
            continue
        key = record.product_key
        products.append(
            {
                "position": span.position,
                "line": line,
                "product_key": key,
                "record_reference": reference,
                "notification": record.notification,
                "content_hash": record.content_hash(),
                "ccf": to_row(record),
            }
        )
        for note in product_notes.items + converter_notes:
            notes.append(
                {
                    "position": span.position,
                    "line": line,
                    "product_key": key,
                    "record_reference": reference,
                    **note.model_dump(),
                }
            )
        sources.append(
            {
                "position": span.position,
                "line": line,
                "product_key": key,
                "record_reference": reference,
                "notification": record.notification,
                "raw_xml": raw_xml,
            }
        )
        el.clear()
    result.tables = {
        "products": _rows_to_table(products, PRODUCTS_SCHEMA),
        "notes": _rows_to_table(notes, NOTES_SCHEMA),
        "sources": _rows_to_table(sources, SOURCES_SCHEMA),
        "errors": _rows_to_table(errors, ERRORS_SCHEMA),
    }
    return result
