"""Block updates (NotificationType 04): merged at the ONIX block level onto the product's last full record.

How blocks merge is `core.ingest.merge`. The base is the last full record received for the product:
earlier in the same file, else the latest one in `source_records` (a merged update counts, so successive
updates accumulate). A block update with no full record before it is an ingest error naming Q07. The
merged product is converted like any other and kept beside the update as `effective_xml`.

Most updates merge onto a stored record and are the last of their product in the file: the workers merge
those (this process only finds the base). An update whose product has a full record earlier in the file,
or another update later, merges here, in file order, so that each merge builds on the one before.
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
from core.ingest.merge import MergeItem, merged_xml, normalise
from core.ingest.pool import WorkerPool
from core.ingest.spool import Spool
from core.ingest.worker import SCHEMAS, MergedBatch, convert_merged
from core.memory import arrow_on_malloc, trim

FULL = ("early", "advance", "confirmed")
"""Notifications of a full record (onix.md 1.5), which a block update merges onto."""


@dataclass
class Pending:
    position: int
    line: int
    key: str
    reference: str | None
    xml: str
    stored: dict[str, Any] | None = None
    """The product's last stored full record (or merged update): where its XML is, how it was written."""


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
    bases = db.stream("ingest/block_bases", blocks=updates)
    events = heapq.merge(
        _updates(updates, bases), _full_records(spool.path("sources") or [], last), key=lambda e: e.position
    )
    merging = Merging(last, release, tag_style)

    def merged_batches() -> Iterator[MergedBatch]:
        number = 0
        for chunk in _chunks(events, UPDATES_PER_CHUNK):
            items, errors = merging.merge(chunk)
            if errors:
                spool.write("errors", pa.Table.from_pylist(errors, schema=SCHEMAS["errors"]))
            if items:  # one worker batch per chunk
                # Indices well above the reading batches', so the merged batches' spool files get their own names.
                yield MergedBatch(ctx, items, str(spool.directory), 1_000_000 + number)
                number += 1

    with arrow_on_malloc():
        for batch_result in pool.map_ordered(convert_merged, merged_batches()):
            for name, (path, rows) in batch_result.files.items():
                spool.add(name, path, rows)
            trim()
    return spool.rows.get("blocks", 0)


def _rows(files: list[str], columns: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of spool files, in file order (the files are in the order of their products)."""
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1_024, columns=columns):
            yield from batch.to_pylist()


def _updates(files: list[str], bases: Iterator[dict[str, Any]]) -> Iterator[Pending | FullRecord]:
    """The updates in file order, each with its stored base (`bases`: ingest/block_bases, in the same order)."""
    rows = _rows(files, ["position", "line", "product_key", "record_reference", "xml"])
    for r, base in zip(rows, bases, strict=True):
        assert base["update_position"] == r["position"], (base, r["position"])
        stored = base if base["position"] is not None else None
        yield Pending(r["position"], r["line"], r["product_key"], r["record_reference"], r["xml"], stored)


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
    before its update, is its last stored record; when that update is also the product's last, a worker
    merges it. Bases are kept as XML text (a parsed product is ten times larger), and only until the
    product's last update."""

    def __init__(self, last: dict[str, int], release: str, tag_style: str) -> None:
        self.last, self.release, self.tag_style = last, release, tag_style
        self.current: dict[str, str] = {}
        """Products with an update still to come: their base so far, as normalised XML."""
        self.sources = sources.Reader()

    def merge(self, chunk: list[Pending | FullRecord]) -> tuple[list[MergeItem], list[dict[str, Any]]]:
        """The chunk's updates to convert (merged here, or with the stored base for a worker to merge onto)
        and its unmerged updates (Q07)."""
        stored = self._stored([e for e in chunk if isinstance(e, Pending) and e.key not in self.current])
        items: list[MergeItem] = []
        errors: list[dict[str, Any]] = []
        for event in chunk:
            key = event.key
            if isinstance(event, FullRecord):
                self.current[key] = etree.tostring(
                    normalise(event.xml, self.release, self.tag_style), encoding="unicode"
                )
                continue
            final = event.position >= self.last[key]
            known = self.current.pop(key, None) if final else self.current.get(key)
            row = stored.get(key) if known is None else None
            reason = _no_base(row) if known is None else None
            if reason is not None:
                errors.append(_q07(event, reason))
            elif known is not None:
                merged = merged_xml(normalise(known, "3.0", "reference"), event.xml)
                items.append(MergeItem(event.position, event.line, event.xml, merged=merged))
                if not final:
                    self.current[key] = merged
            else:
                assert row is not None
                item = MergeItem(event.position, event.line, event.xml, **_base(row))
                if not final:  # merged here: the product's next update in the file builds on it
                    self.current[key] = item.merged_xml()
                items.append(item)
        return items, errors

    def _stored(self, updates: list[Pending]) -> dict[str, dict[str, Any]]:
        """The last stored record of each of these updates' products, with its XML."""
        stored = {u.key: dict(u.stored) for u in updates if u.stored is not None}
        xml = self.sources.read([(r["sources_path"], r["position"]) for r in stored.values() if r["sources_path"]])
        for row in stored.values():
            row.update(xml.get((row["sources_path"], row["position"]), {"raw_xml": None, "effective_xml": None}))
        return stored


def _no_base(row: dict[str, Any] | None) -> str | None:
    """Why the stored record cannot be merged onto (None: it can)."""
    if row is None:
        return "no full record of this product was received before this block update"
    if row["raw_xml"] is None:
        return "the XML of its last full record is gone (the run's source folder is missing)"
    if not row["effective_xml"] and row["onix_release"] == "2.1":
        return "the last full record of this product is ONIX 2.1, which has no blocks to merge an update onto"
    return None


def _base(row: dict[str, Any]) -> dict[str, str | None]:
    """The stored record to merge onto (a merged update counts), as `normalise`'s arguments."""
    if row["effective_xml"]:
        return {"base": row["effective_xml"], "base_release": "3.0", "base_style": "reference"}
    return {"base": row["raw_xml"], "base_release": row["onix_release"], "base_style": row["tag_style"]}


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
