"""Block updates (NotificationType 04): merged at the ONIX block level onto the product's last full record.

Each block present in the update replaces the whole stored block (an empty block clears it), absent
blocks keep their values (onix.md 1.5: Blocks 1-8). The base is the last full record received for the
product: earlier in the same file, else the latest one in `source_records` (a merged update counts, so
successive updates accumulate). A block update with no full record before it is an ingest error naming
Q07. The merged product is converted like any other and kept beside the update as `effective_xml`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from lxml import etree

from core import sources
from core.ccf.convert.context import Context
from core.db import Database
from core.feeds import xmlsafe
from core.feeds.envelope import local_names
from core.feeds.tags import short_to_reference
from core.ingest.pool import WorkerPool
from core.ingest.spool import Spool
from core.ingest.worker import SCHEMAS, MergedBatch, convert_merged

BLOCKS = (
    "DescriptiveDetail",
    "CollateralDetail",
    "PromotionDetail",
    "ContentDetail",
    "PublishingDetail",
    "RelatedMaterial",
    "ProductionDetail",
    "ProductSupply",
)
"""Blocks 1, 2, 7, 3, 4, 5, 8 and 6, in the order the 3.x schema puts them."""
MERGED_PER_BATCH = 500


def merge(base: etree._Element, update: etree._Element) -> etree._Element:
    """The base product with every block the update carries replaced by the update's."""
    merged = etree.Element("Product")
    head = [el for el in update if isinstance(el.tag, str) and el.tag not in BLOCKS and el.tag != "NotificationType"]
    notification = base.find("NotificationType")
    for el in head:
        if el.tag == "RecordReference":
            merged.append(_copy(el))
            if notification is not None:
                merged.append(_copy(notification))
        else:
            merged.append(_copy(el))
    present = {el.tag for el in update if isinstance(el.tag, str)}
    for block in BLOCKS:
        source = update if block in present else base
        for el in source.iterfind(block):
            merged.append(_copy(el))
    return merged


def _copy(el: etree._Element) -> etree._Element:
    copy = etree.fromstring(etree.tostring(el))
    copy.tail = None
    return copy


def normalise(raw_xml: str, release: str | None, tag_style: str | None) -> etree._Element:
    """A stored product as an element with reference names and no namespace."""
    el = etree.fromstring(raw_xml.encode("utf-8"), xmlsafe.parser())
    rename = short_to_reference(release) if tag_style == "short" and release else None
    local_names(el, rename)
    xmlsafe.resolve_entity_nodes(el, None)
    return el


@dataclass
class Pending:
    position: int
    line: int
    key: str
    reference: str | None
    xml: str


KEYS_PER_CHUNK = 1_000
"""Products whose block updates are merged together. Products are independent of each other (an update
merges onto the same product's earlier record), so a run's updates are merged a chunk of products at a
time, and only that chunk's records are in memory: a 50,000-product block-update feed merged at once
peaked at 7 GB."""


def resolve(db: Database, spool: Spool, pool: WorkerPool, ctx: Context, release: str, tag_style: str) -> int:
    """Merge and convert the run's block updates into the spool; returns how many there were."""
    columns = ["position", "line", "product_key", "record_reference", "xml"]
    updates = [
        Pending(r["position"], r["line"], r["product_key"], r["record_reference"], r["xml"])
        for r in spool.read("blocks", columns)
    ]
    if not updates:
        return 0
    by_key: dict[str, list[Pending]] = {}
    for update in updates:
        by_key.setdefault(update.key, []).append(update)
    keys = sorted(by_key)
    # Full records of these products earlier in this file: where they are (their XML is read per chunk).
    in_file: dict[str, list[int]] = {}
    for row in spool.read("sources", ["position", "product_key", "notification"], keys=keys):
        if row["notification"] in ("early", "advance", "confirmed"):
            in_file.setdefault(row["product_key"], []).append(row["position"])
    errors: list[dict[str, Any]] = []

    def merged_batches() -> Iterator[MergedBatch]:
        number = 0
        for start in range(0, len(keys), KEYS_PER_CHUNK):
            chunk = keys[start : start + KEYS_PER_CHUNK]
            merged = _merge_chunk(db, spool, chunk, by_key, in_file, release, tag_style, errors)
            for first in range(0, len(merged), MERGED_PER_BATCH):
                # Indices well above the reading batches', so the merged batches' spool files get their own names.
                items = merged[first : first + MERGED_PER_BATCH]
                yield MergedBatch(ctx, items, str(spool.directory), 1_000_000 + number)
                number += 1

    for batch_result in pool.map_ordered(convert_merged, merged_batches()):
        for name, (path, rows) in batch_result.files.items():
            spool.add(name, path, rows)
    if errors:
        spool.write("errors", pa.Table.from_pylist(errors, schema=SCHEMAS["errors"]))
    return len(updates)


def _merge_chunk(
    db: Database,
    spool: Spool,
    chunk: list[str],
    by_key: dict[str, list[Pending]],
    in_file: dict[str, list[int]],
    release: str,
    tag_style: str,
    errors: list[dict[str, Any]],
) -> list[tuple[int, int, str, str]]:
    """Merge the updates of some products in file order: a full record becomes the base; an update merges
    onto the base and becomes it. The bases are kept as XML text (a parsed product is ten times larger)."""
    events: list[tuple[int, str, Pending | str]] = [(u.position, u.key, u) for key in chunk for u in by_key[key]]
    positions = {position for key in chunk for position in in_file.get(key, ())}
    if positions:
        for row in spool.read("sources", ["position", "product_key", "raw_xml"], keys=chunk):
            if row["position"] in positions:
                events.append((row["position"], row["product_key"], row["raw_xml"]))
    stored = {r["product_key"]: r for r in db.read("ingest/base_records", keys=chunk).to_dicts()}
    xml = sources.read(db, [(r["sources_path"], r["position"]) for r in stored.values() if r["sources_path"]])
    for row in stored.values():
        row.update(xml.get((row["sources_path"], row["position"]), {"raw_xml": None, "effective_xml": None}))
    current: dict[str, str] = {}
    """The product's base so far, as normalised XML."""
    merged: list[tuple[int, int, str, str]] = []
    for _, key, event in sorted(events, key=lambda e: e[0]):
        if isinstance(event, str):
            current[key] = etree.tostring(normalise(event, release, tag_style), encoding="unicode")
            continue
        base = normalise(current[key], "3.0", "reference") if key in current else _stored_base(stored.get(key))
        if base is None:
            errors.append(_q07(event, "no full record of this product was received before this block update"))
        elif isinstance(base, str):
            errors.append(_q07(event, base))
        else:
            result = etree.tostring(
                merge(base, etree.fromstring(event.xml.encode("utf-8"), xmlsafe.parser())), encoding="unicode"
            )
            current[key] = result
            merged.append((event.position, event.line, event.xml, result))
    return merged


def _stored_base(row: dict[str, Any] | None) -> etree._Element | str | None:
    """The stored record to merge onto (a merged update counts), or why there is none."""
    if row is None:
        return None
    if row["raw_xml"] is None:
        return "the XML of its last full record is gone (the run's source folder is missing)"
    if row["effective_xml"]:
        return normalise(row["effective_xml"], "3.0", "reference")
    if row["onix_release"] == "2.1":
        return "the last full record of this product is ONIX 2.1, which has no blocks to merge an update onto"
    return normalise(row["raw_xml"], row["onix_release"], row["tag_style"])


def _q07(update: Pending, message: str) -> dict[str, Any]:
    return {
        "position": update.position,
        "line": update.line,
        "record_reference": update.reference,
        "product_key": update.key,
        "rule_id": "Q07",
        "message": f"block update not applied: {message}",
        "raw_xml": update.xml,
    }
