"""The raw XML of every product received, kept per ingest run in Parquet files under `data/sources/`.

Keeping gigabytes of XML out of DuckDB keeps the commit short and its memory flat; `source_records` says
which product of which run sits at which position, and these functions fetch the XML when someone looks
(an engineer on the Catalogue screen) or when a block update needs its base record.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.db import Database
from core.errors import NotFound


def run_folder(data_dir: Path, run_id: int) -> Path:
    return data_dir / "sources" / f"run-{run_id}"


def keep(files: list[str], folder: Path) -> list[str]:
    """Move a run's spooled source files into its folder; returns their new paths."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = []
    for index, file in enumerate(files):
        target = folder / f"part-{index}.parquet"
        shutil.move(file, target)
        kept.append(str(target))
    return kept


_COLUMNS = ("position", "raw_xml", "effective_xml")


class Reader:
    """Reads products' XML from runs' source folders. Each folder's files are indexed once by the positions
    they hold (their Parquet statistics), so a read opens only the files holding the products wanted: a
    block-update feed fetches its stored bases 250 at a time, and a query over a run's folder read the
    footer of every file of the run each time (17 s of a 50,000-product block-update feed)."""

    def __init__(self) -> None:
        self._index: dict[str, list[tuple[float, float, Path, list[str]]]] = {}

    def read(self, wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """XML of many products: {(sources folder, position): {raw_xml, effective_xml}}."""
        by_folder: dict[str, list[int]] = {}
        for folder, position in wanted:
            by_folder.setdefault(folder, []).append(position)
        found: dict[tuple[str, int], dict[str, Any]] = {}
        for folder, positions in by_folder.items():
            for low, high, path, columns in self._files(folder):
                inside = [p for p in positions if low <= p <= high]
                if not inside:
                    continue
                table = pq.ParquetFile(path).read(columns=columns, use_threads=False)
                # Only the wanted rows become Python strings (a file holds a whole batch of products).
                table = table.filter(pc.is_in(table["position"], pa.array(inside, pa.int64())))
                for row in table.to_pylist():
                    found[(folder, int(row["position"]))] = {
                        "raw_xml": row["raw_xml"],
                        "effective_xml": row.get("effective_xml"),
                    }
        return found

    def _files(self, folder: str) -> list[tuple[float, float, Path, list[str]]]:
        """(lowest position, highest position, path, columns to read) of each file of the folder."""
        if folder not in self._index:
            files = sorted(Path(folder).glob("*.parquet")) if Path(folder).is_dir() else []
            self._index[folder] = [_positions(path) for path in files]
        return self._index[folder]


def _positions(path: Path) -> tuple[float, float, Path, list[str]]:
    metadata = pq.ParquetFile(path).metadata
    names = metadata.schema.names
    columns = [c for c in _COLUMNS if c in names]
    column = names.index("position")
    low, high = float("inf"), float("-inf")
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(column).statistics
        if stats is None or not stats.has_min_max:
            return float("-inf"), float("inf"), path, columns  # no statistics: the file is always read
        low, high = min(low, stats.min), max(high, stats.max)
    return low, high, path, columns


def read(wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
    """XML of some products (see `Reader`)."""
    return Reader().read(wanted)


def source(db: Database, source_id: int) -> dict[str, Any]:
    """One delivery of a product with its raw XML (and the merged XML of a block update)."""
    row = db.one("catalog/source", source_id=source_id)
    if row is None:
        raise NotFound(f"no source record {source_id}")
    folder = row["sources_path"]
    xml = read([(folder, row["position"])]).get((folder, row["position"])) if folder else None
    if xml is None:
        raise NotFound(f"the XML of source record {source_id} is gone (its run's folder {folder} is missing)")
    return {**row, "raw_xml": xml["raw_xml"], "effective_xml": xml["effective_xml"]}


def remove_orphans(db: Database, data_dir: Path) -> list[Path]:
    """Remove source folders of runs that never committed (the process stopped mid-commit)."""
    root = data_dir / "sources"
    if not root.is_dir():
        return []
    folders = {int(p.name.removeprefix("run-")): p for p in root.glob("run-*") if p.name[4:].isdigit()}
    if not folders:
        return []
    statuses = {int(r["run_id"]): r["status"] for r in db.read("ingest/run_statuses", run_ids=list(folders)).to_dicts()}
    removed = []
    for run_id, folder in folders.items():
        if statuses.get(run_id) not in ("succeeded", "partial"):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
