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


def _glob(folder: str) -> str:
    return str(Path(folder) / "*.parquet")


def read(db: Database, wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
    """XML of many products: {(sources folder, position): {raw_xml, effective_xml}}, one read per run."""
    by_folder: dict[str, list[int]] = {}
    for folder, position in wanted:
        by_folder.setdefault(folder, []).append(position)
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for folder, positions in by_folder.items():
        if not Path(folder).is_dir():
            continue
        for row in db.read("sources/xml", files=_glob(folder), positions=positions).to_dicts():
            found[(folder, int(row["position"]))] = row
    return found


def source(db: Database, source_id: int) -> dict[str, Any]:
    """One delivery of a product with its raw XML (and the merged XML of a block update)."""
    row = db.one("catalog/source", source_id=source_id)
    if row is None:
        raise NotFound(f"no source record {source_id}")
    folder = row["sources_path"]
    xml = read(db, [(folder, row["position"])]).get((folder, row["position"])) if folder else None
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
