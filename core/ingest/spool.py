"""The spool: a run's converted batches as Parquet files on disk, until the commit reads them.

Spooling keeps the committing process's memory flat (a 5 GB feed never sits in memory) and lets the
write lock be taken only for the short stage-check-diff-commit at the end.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = {}

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        writer = self._writers.get(name)
        if writer is None:
            writer = pq.ParquetWriter(self.directory / f"{name}.parquet", table.schema, compression="zstd")
            self._writers[name] = writer
        writer.write_table(table)
        self.rows[name] = self.rows.get(name, 0) + table.num_rows

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def path(self, name: str) -> str | None:
        """The Parquet file of `name`, or None when nothing was written to it."""
        return str(self.directory / f"{name}.parquet") if self.rows.get(name) else None

    def remove(self) -> None:
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)
