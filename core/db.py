"""Storage: the root DuckDB connection, cursors, the one write path, migrations and named queries.

DuckDB allows one read-write process per file, so the process that opens the database owns it (the
console, or a command-line run when no console is up). Inside that process there is one root connection,
a cursor per borrower (closed in `finally`), and one serialized write path: `with db.transaction() as tx:`
holds the write lock, begins, commits, and rolls back on any exception. Reads never take the lock (MVCC).
Everything above this module talks to storage through it, so a move to another engine changes one module.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from core.ccf import countryset
from core.errors import ConsoleError, DatabaseBusy, InvalidInput, TerminalError, TransientError
from core.sqlfiles import migration_files, query, split_statements


def translate(error: duckdb.Error) -> ConsoleError:
    """A DuckDB error as the console's own: transient (retry) or terminal (fix the input)."""
    text = str(error)
    if isinstance(error, duckdb.TransactionException) or "Conflict" in text:
        return TransientError(text, "Write conflict, try again")
    if isinstance(error, duckdb.IOException):
        return TransientError(text, "Storage unavailable")
    if isinstance(error, duckdb.ConstraintException):
        return InvalidInput(text, "Conflicts with existing data")
    return TerminalError(text, "Database error")


class Tx:
    """A write transaction's handle: named statements, Arrow registration, raw SQL for migrations."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur

    def run(self, name: str, /, **params: Any) -> None:
        q = query(name)
        q.check(params)
        self.cur.execute(q.sql, params or None)

    def read(self, name: str, /, **params: Any) -> pl.DataFrame:
        q = query(name)
        q.check(params)
        frame: pl.DataFrame = self.cur.sql(q.sql, params=params or None).pl()
        return frame

    def one(self, name: str, /, **params: Any) -> dict[str, Any] | None:
        rows = self.read(name, **params).to_dicts()
        return rows[0] if rows else None

    def scalar(self, name: str, /, **params: Any) -> Any:
        q = query(name)
        q.check(params)
        # fetchall, not fetchone: a result left unread keeps the connection busy for the next statement.
        rows = self.cur.execute(q.sql, params or None).fetchall()
        return rows[0][0] if rows else None

    def register(self, view: str, table: pa.Table | pl.DataFrame) -> None:
        """Expose an Arrow table (or Polars frame) to SQL as `view`, for set-based staging."""
        self.cur.register(view, table)

    def unregister(self, view: str) -> None:
        self.cur.unregister(view)

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> None:
        self.cur.execute(sql, params)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT])(i?)B", re.IGNORECASE)


def _size(value: str) -> str:
    """A memory size such as 1GB or 128.0 MiB, checked before it goes into a SET statement."""
    if not _SIZE.fullmatch(value.strip()):
        raise InvalidInput(f"{value!r} is not a memory size (e.g. 512MB, 2GB)")
    return value.strip()


def _quoted(text: str) -> str:
    """`text` inside a single-quoted SQL string literal."""
    return text.replace("'", "''")


def size_bytes(value: str) -> int:
    """A memory size in bytes, as DuckDB reads it: 1MB is 1000², 1MiB is 1024²."""
    found = _SIZE.fullmatch(_size(value))
    assert found is not None
    number, unit, binary = found.groups()
    return int(float(number) * (1024 if binary else 1000) ** ("KMGT".index(unit.upper()) + 1))


ROW_GROUP_SIZE = 16_384
"""Rows per row group in the console's file (DuckDB's default is 122,880). DuckDB writes a large append
straight into the file, compressed, a full row group at a time; what is left over goes to the write-ahead
log, and past 16 MB of log the COMMIT checkpoints it: writes it a second time. At the default size a
50,000-product delivery fills no row group, and its COMMIT took 2.2 to 2.6 s. In row groups of 16,384
rows the records are compressed once, in the insert (0.9 s longer), and the COMMIT takes 0.5 s: the
whole commit about 1.1 s shorter under the ingest's memory limit."""

CATALOG = "console"
"""The name the file is attached under (the in-memory database DuckDB opens first is only a host)."""


class Database:
    """One DuckDB file, owned by this process."""

    def __init__(
        self,
        path: Path | str,
        *,
        memory_limit: str = "1GB",
        threads: int = 2,
        read_only: bool = False,
        owner_hint: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._write_lock = threading.Lock()
        self._version_lock = threading.Lock()
        self._data_version = 0
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._configured_limit = self._memory_limit = memory_limit
        self._limits: list[str] = []
        # The root connection is one DuckDB connection: jobs on several threads set limits through it,
        # one at a time.
        self._settings_lock = threading.Lock()
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": memory_limit,
            "threads": str(threads),
        }
        # The row group size is an option of ATTACH only: the file is attached to an in-memory host, and
        # every cursor is pointed at it (`_cursor`).
        self._root = duckdb.connect(":memory:", config=config)
        options = f"ROW_GROUP_SIZE {ROW_GROUP_SIZE}" + (", READ_ONLY" if read_only else "")
        try:
            self._root.execute(f"ATTACH '{_quoted(str(self.path))}' AS {CATALOG} ({options})")
        except duckdb.IOException as e:
            self._root.close()
            if "lock" in str(e).lower():
                raise DatabaseBusy(busy_message(self.path, owner_hint)) from e
            raise translate(e) from e
        self._root.execute(f"USE {CATALOG}")
        # Every timestamp is UTC, whatever the machine's zone (ICU is built in, but not loaded at connect).
        self._root.execute("SET GLOBAL TimeZone = 'UTC'")
        if not read_only:
            self.migrate()

    @contextmanager
    def memory_limit(self, limit: str | None) -> Iterator[None]:
        """Set DuckDB's memory limit for one piece of work: higher for a re-check of the whole catalogue,
        lower for a delivery's commit. The limit is the database's, not the caller's: while several such
        blocks overlap (two jobs at once) the highest of them holds, and the configured limit comes back
        when the last one ends, whatever order they end in."""
        if not limit:
            yield
            return
        with self._settings_lock:
            self._limits.append(limit)
            self._apply_memory_limit()
        try:
            yield
        finally:
            with self._settings_lock:
                self._limits.remove(limit)
                self._apply_memory_limit()

    def _apply_memory_limit(self) -> None:
        wanted = max(self._limits, key=size_bytes) if self._limits else self._configured_limit
        if wanted != self._memory_limit:
            # The limit as it was given: DuckDB reads it back rounded ('953.6 MiB' for 1GB), and setting
            # that again would shrink it a little with every use.
            self._root.execute(f"SET GLOBAL memory_limit = '{_size(wanted)}'")
            self._memory_limit = wanted

    @property
    def memory_limit_bytes(self) -> int:
        """The memory limit in force: the configured one, or the one a `memory_limit` block set."""
        return size_bytes(self._memory_limit)

    @contextmanager
    def threads(self, count: int) -> Iterator[None]:
        """Run a piece of work with `count` DuckDB threads; the configured number comes back afterwards.
        Set on the root connection, so it also applies (and is restored) inside an open transaction."""
        with self._settings_lock:
            before = int(self._root.execute("SELECT current_setting('threads')").fetchall()[0][0])
            self._root.execute(f"SET GLOBAL threads = {int(count)}")
        try:
            yield
        finally:
            with self._settings_lock:
                self._root.execute(f"SET GLOBAL threads = {before}")

    # -- reading ---------------------------------------------------------------------------------

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A new connection to the instance, at the console's file (a new one starts at the in-memory host)."""
        cur = self._root.cursor()
        cur.execute(f"USE {CATALOG}")
        return cur

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for this thread's work; closed when the block ends."""
        cur = self._cursor()
        try:
            yield cur
        except duckdb.Error as e:
            raise translate(e) from e
        finally:
            cur.close()

    def read(self, name: str, /, **params: Any) -> pl.DataFrame:
        """Run the named query and return every row as a Polars frame (the result is always drained)."""
        q = query(name)
        q.check(params)
        with self.cursor() as cur:
            frame: pl.DataFrame = cur.sql(q.sql, params=params or None).pl()
            return frame

    def stream(self, name: str, /, batch_rows: int = 2_048, **params: Any) -> Iterator[dict[str, Any]]:
        """Rows of the named query as dicts, fetched `batch_rows` at a time: for results too large to hold
        at once. The query keeps its own cursor until the iteration ends (or the iterator is closed)."""
        q = query(name)
        q.check(params)
        with self.cursor() as cur:
            for batch in cur.sql(q.sql, params=params or None).to_arrow_reader(batch_rows):
                yield from batch.to_pylist()

    def one(self, name: str, /, **params: Any) -> dict[str, Any] | None:
        rows = self.read(name, **params).to_dicts()
        return rows[0] if rows else None

    def scalar(self, name: str, /, **params: Any) -> Any:
        q = query(name)
        q.check(params)
        with self.cursor() as cur:
            row = cur.execute(q.sql, params or None).fetchone()
        return row[0] if row else None

    # -- writing ---------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """The one write path: serialized, explicit, all or nothing."""
        if self.read_only:
            raise TerminalError(f"{self.path} is open read-only", "Read-only database")
        with self._write_lock:
            cur = self._cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                try:
                    yield Tx(cur)
                    cur.execute("COMMIT")
                except BaseException:
                    with suppress(duckdb.Error):
                        cur.execute("ROLLBACK")
                    raise
            except duckdb.Error as e:
                raise translate(e) from e
            finally:
                cur.close()
            self._bump()

    @property
    def data_version(self) -> int:
        """Increases with every committed write; caches key on it so a write invalidates them."""
        return self._data_version

    def _bump(self) -> None:
        with self._version_lock:
            self._data_version += 1

    # -- schema ----------------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply the numbered migrations under `queries/schema/` that this file has not seen yet."""
        with self._write_lock:
            cur = self._cursor()
            try:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations "
                    "(version BIGINT PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
                )
                done = {r[0] for r in cur.execute("SELECT version FROM schema_migrations").fetchall()}
                applied = []
                for number, name, path in migration_files():
                    if number in done:
                        continue
                    cur.execute("BEGIN TRANSACTION")
                    try:
                        for statement in split_statements(path.read_text(encoding="utf-8")):
                            cur.execute(statement)
                        cur.execute(
                            "INSERT INTO schema_migrations VALUES ($v, $n, $at)",
                            {"v": number, "n": name, "at": datetime.now(UTC)},
                        )
                        cur.execute("COMMIT")
                    except duckdb.Error as e:
                        cur.execute("ROLLBACK")
                        raise TerminalError(f"migration {path.name} failed: {e}", "Schema migration failed") from e
                    applied.append(number)
                self._sync_countries(cur)
                return applied
            finally:
                cur.close()

    @staticmethod
    def _sync_countries(cur: duckdb.DuckDBPyConnection) -> None:
        """Keep `country_order` in step with the bit order of stored country sets (append-only)."""
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "country_order" not in tables:
            return
        known = cur.execute("SELECT count(*) FROM country_order").fetchall()[0][0]
        codes = countryset.order()
        if known < len(codes):
            cur.execute("BEGIN TRANSACTION")
            cur.executemany("INSERT INTO country_order VALUES (?, ?)", list(enumerate(codes))[known:])
            cur.execute("COMMIT")

    def close(self) -> None:
        with suppress(duckdb.Error):
            self._root.close()


# -- who holds the file --------------------------------------------------------------------------


def owner_marker(db_path: Path) -> Path:
    """The console writes its address here while it holds the database, so others can name it."""
    return db_path.with_name(db_path.name + ".console.json")


def claim(db_path: Path, url: str, inbox: Path) -> None:
    marker = owner_marker(db_path)
    marker.write_text(json.dumps({"url": url, "pid": os.getpid(), "inbox": str(inbox)}), encoding="utf-8")


def release(db_path: Path) -> None:
    marker = owner_marker(db_path)
    with suppress(OSError, ValueError):
        if json.loads(marker.read_text(encoding="utf-8")).get("pid") == os.getpid():
            marker.unlink()


def busy_message(db_path: Path, hint: str | None) -> str:
    """One line: who holds the file and what to do instead."""
    owner: dict[str, Any] = {}
    with suppress(OSError, ValueError):
        owner = json.loads(owner_marker(db_path).read_text(encoding="utf-8"))
    if owner.get("url"):
        line = f"The console at {owner['url']} holds {db_path}: use it"
        if hint == "ingest":
            line += f", or drop the files into its inbox folder {owner.get('inbox')}"
        return line + "."
    return f"Another process holds {db_path} (stop it, or point --db / CONSOLE_DB at another file)."
