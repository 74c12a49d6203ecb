"""The spool: a run's converted batches as Parquet files on disk, until the commit reads them.

Spooling keeps the committing process's memory flat (a 5 GB feed never sits in memory) and lets the
write lock be taken only for the short stage-check-diff-commit at the end. A table may span several
files (`flush` closes the current ones so they can be read mid-run); readers take them all.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def write_part(directory: Path, name: str, index: int, table: pa.Table) -> tuple[str, int]:
    """One batch's table as its own Parquet file (workers write these; the spool only registers them)."""
    path = directory / f"{name}-{index:07d}.parquet"
    pq.write_table(table, path, **_options(name, table))
    return str(path), table.num_rows


KEPT = frozenset({"sources"})
"""Spool tables whose files outlive the run: the products' raw XML moves into the run's source folder."""


def compression(name: str) -> str:
    # zstd for what is kept (a quarter of LZ4's size on feed XML); LZ4 for what the commit reads once and
    # drops: zstd cost the workers 40 % more time per write, and every read of the spool decompresses it.
    return "zstd" if name in KEPT else "lz4"


def _options(name: str, table: pa.Table) -> dict[str, Any]:
    """How a spool table is written. No dictionary encoding: most of a batch's values are unique (raw XML,
    descriptions, keys), and building dictionaries only to drop them cost the workers a sixth of each write.
    The sources files come out no larger without them; the products files 16 % larger, read once by the
    commit and then removed."""
    return {"compression": compression(name), "write_statistics": _statistics(table), "use_dictionary": False}


def _statistics(table: pa.Table) -> list[str] | bool:
    # Statistics only on `position` (reads of one product's source XML filter on it): a ParquetWriter keeps
    # every row group's min/max in memory until it closes, and descriptions make those large.
    return ["position"] if "position" in table.schema.names else False


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._files: dict[str, list[Path]] = {}
        self.rows: dict[str, int] = {}

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        writer = self._writers.get(name)
        if writer is None:
            files = self._files.setdefault(name, [])
            path = self.directory / f"{name}-main-{len(files)}.parquet"
            files.append(path)
            writer = self._writers[name] = pq.ParquetWriter(path, table.schema, **_options(name, table))
        writer.write_table(table)
        self.rows[name] = self.rows.get(name, 0) + table.num_rows

    def add(self, name: str, path: str, rows: int) -> None:
        """Register a file a worker wrote into this spool's folder."""
        if rows:
            self._files.setdefault(name, []).append(Path(path))
            self.rows[name] = self.rows.get(name, 0) + rows

    def flush(self) -> None:
        """Close the files written so far so they can be read; later writes start new files."""
        self.close()

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def path(self, name: str) -> list[str] | None:
        """The Parquet files of `name` (for DuckDB's read_parquet), or None when nothing was written."""
        files = self._files.get(name)
        return [str(p) for p in files] if files and self.rows.get(name) else None

    def remove(self) -> None:
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)
