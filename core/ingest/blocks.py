"""Block updates (NotificationType 04): merged at the ONIX block level onto the product's last full record.

Each block present in the update replaces the whole stored block (an empty block clears it), absent
blocks keep their values (onix.md 1.5: Blocks 1-8). The base is the last full record received for the
product: earlier in the same file, else the latest one in `source_records` (a merged update counts, so
successive updates accumulate). A block update with no full record before it is an ingest error naming
Q07. The merged product is converted like any other and kept beside the update as `effective_xml`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
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
FULL = ("early", "advance", "confirmed")
"""Notifications of a full record (onix.md 1.5), which a block update merges onto."""


def merge(base: etree._Element, update: etree._Element) -> etree._Element:
    """The base product with every block the update carries replaced by the update's. Both are used up:
    their elements move into the merged product (a copy of each, through its XML, cost a quarter of a merge)."""
    merged = etree.Element("Product")
    head = [el for el in update if isinstance(el.tag, str) and el.tag not in BLOCKS and el.tag != "NotificationType"]
    notification = base.find("NotificationType")
    present = {el.tag for el in update if isinstance(el.tag, str)}
    blocks = [el for block in BLOCKS for el in (update if block in present else base).iterfind(block)]
    for el in head:
        _move(el, merged)
        if el.tag == "RecordReference" and notification is not None:
            _move(notification, merged)
    for el in blocks:
        _move(el, merged)
    return merged


def _move(el: etree._Element, parent: etree._Element) -> None:
    el.tail = None  # the whitespace after it in its own product
    parent.append(el)


def normalise(raw_xml: str, release: str | None, tag_style: str | None) -> etree._Element:
    """A stored product as an element with reference names and no namespace."""
    el = etree.fromstring(raw_xml.encode("utf-8"), xmlsafe.parser())
    rename = short_to_reference(release) if tag_style == "short" and release else None
    # As in the workers: only a product with short tags or a namespace is renamed (half a normalisation's
    # time), only one with an entity reference searched for entity nodes.
    if rename is not None or "xmlns" in raw_xml or el.tag[0] == "{":
        local_names(el, rename)
    if "&" in raw_xml:
        xmlsafe.resolve_entity_nodes(el, None)
    return el


@dataclass
class Pending:
    position: int
    line: int
    key: str
    reference: str | None
    xml: str


UPDATES_PER_CHUNK = 250
"""Block updates merged together. The run's updates and the full records before them stream from the
spool in file order, a chunk at a time: only that chunk's records are in memory, and of earlier ones
only the merged record of a product that has another update still to come. Merged at once, a
50,000-product block-update feed peaked at 7 GB; in chunks of 1,000 at 447 MB (the allocators kept
what each chunk's reads had freed), in chunks of 250 at 368 MB, 49 MB above a 5,000-product one."""


@dataclass
class FullRecord:
    """A full record in the same file as a later block update of its product: that update's base."""

    position: int
    key: str
    xml: str


def resolve(db: Database, spool: Spool, pool: WorkerPool, ctx: Context, release: str, tag_style: str) -> int:
    """Merge and convert the run's block updates into the spool; returns how many there were."""
    updates = spool.path("blocks")
    if updates is None:
        return 0
    last = {r["product_key"]: r["last_position"] for r in db.stream("ingest/block_last_updates", blocks=updates)}
    events = heapq.merge(_updates(updates), _full_records(spool.path("sources") or [], last), key=lambda e: e.position)
    merging = Merging(db, last, release, tag_style)

    def merged_batches() -> Iterator[MergedBatch]:
        number = 0
        for chunk in _chunks(events, UPDATES_PER_CHUNK):
            merged, errors = merging.merge(chunk)
            if errors:
                spool.write("errors", pa.Table.from_pylist(errors, schema=SCHEMAS["errors"]))
            for first in range(0, len(merged), MERGED_PER_BATCH):
                # Indices well above the reading batches', so the merged batches' spool files get their own names.
                items = merged[first : first + MERGED_PER_BATCH]
                yield MergedBatch(ctx, items, str(spool.directory), 1_000_000 + number)
                number += 1

    for batch_result in pool.map_ordered(convert_merged, merged_batches()):
        for name, (path, rows) in batch_result.files.items():
            spool.add(name, path, rows)
    return spool.rows.get("blocks", 0)


def _rows(files: list[str], columns: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of spool files, in file order (the files are in the order of their products)."""
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1_024, columns=columns):
            yield from batch.to_pylist()


def _updates(files: list[str]) -> Iterator[Pending | FullRecord]:
    for r in _rows(files, ["position", "line", "product_key", "record_reference", "xml"]):
        yield Pending(r["position"], r["line"], r["product_key"], r["record_reference"], r["xml"])


def _full_records(files: list[str], last: dict[str, int]) -> Iterator[Pending | FullRecord]:
    """Full records of updated products that come before the product's last update."""
    for r in _rows(files, ["position", "product_key", "notification", "raw_xml"]):
        key = r["product_key"]
        if key in last and r["position"] < last[key] and r["notification"] in FULL:
            yield FullRecord(r["position"], key, r["raw_xml"])


def _chunks(events: Iterator[Pending | FullRecord], size: int) -> Iterator[list[Pending | FullRecord]]:
    chunk: list[Pending | FullRecord] = []
    for event in events:
        chunk.append(event)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Merging:
    """Merges a run's block updates chunk by chunk, in file order: a full record becomes its product's
    base; an update merges onto the base and becomes it. A product's first base, when the file has none
    before its update, is its last stored record. Bases are kept as XML text (a parsed product is ten
    times larger), and only until the product's last update."""

    def __init__(self, db: Database, last: dict[str, int], release: str, tag_style: str) -> None:
        self.db, self.last, self.release, self.tag_style = db, last, release, tag_style
        self.current: dict[str, str] = {}
        """Products with an update still to come: their base so far, as normalised XML."""

    def merge(self, chunk: list[Pending | FullRecord]) -> tuple[list[tuple[int, int, str, str]], list[dict[str, Any]]]:
        """The chunk's merged products (position, line, update, merged XML) and its unmerged updates (Q07)."""
        stored = self._stored({e.key for e in chunk if isinstance(e, Pending) and e.key not in self.current})
        merged: list[tuple[int, int, str, str]] = []
        errors: list[dict[str, Any]] = []
        for event in chunk:
            key = event.key
            if isinstance(event, FullRecord):
                self.current[key] = etree.tostring(
                    normalise(event.xml, self.release, self.tag_style), encoding="unicode"
                )
                continue
            known = self.current.get(key)
            base = normalise(known, "3.0", "reference") if known is not None else _stored_base(stored.get(key))
            if base is None:
                errors.append(_q07(event, "no full record of this product was received before this block update"))
            elif isinstance(base, str):
                errors.append(_q07(event, base))
            else:
                update = etree.fromstring(event.xml.encode("utf-8"), xmlsafe.parser())
                result = etree.tostring(merge(base, update), encoding="unicode")
                merged.append((event.position, event.line, event.xml, result))
                self.current[key] = result
            if event.position >= self.last[key]:
                self.current.pop(key, None)
        return merged, errors

    def _stored(self, keys: set[str]) -> dict[str, dict[str, Any]]:
        """The last stored record of each product, with its XML."""
        if not keys:
            return {}
        stored = {r["product_key"]: r for r in self.db.read("ingest/base_records", keys=sorted(keys)).to_dicts()}
        xml = sources.read(self.db, [(r["sources_path"], r["position"]) for r in stored.values() if r["sources_path"]])
        for row in stored.values():
            row.update(xml.get((row["sources_path"], row["position"]), {"raw_xml": None, "effective_xml": None}))
        return stored


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
