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
            path = self.directory / f"{name}-{len(files)}.parquet"
            files.append(path)
            # Statistics only on `position` (reads of one product's source XML filter on it): the writer keeps
            # every row group's min/max in memory until it closes, and descriptions make those large.
            statistics = ["position"] if "position" in table.schema.names else False
            writer = self._writers[name] = pq.ParquetWriter(
                path, table.schema, compression="zstd", write_statistics=statistics
            )
        writer.write_table(table)
        self.rows[name] = self.rows.get(name, 0) + table.num_rows

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

    def read(self, name: str, columns: list[str]) -> list[dict[str, Any]]:
        """Every row of `name` (closed files only), for the small tables read back during a run."""
        rows: list[dict[str, Any]] = []
        for path in self.path(name) or []:
            rows.extend(pq.read_table(path, columns=columns).to_pylist())
        return rows

    def remove(self) -> None:
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)
