"""Storage: migrations, the one write path, rollback, error translation, the owner of the file."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from core.db import ROW_GROUP_SIZE, Database, busy_message, claim, owner_marker, release
from core.errors import InvalidInput, TerminalError
from core.sqlfiles import migration_files


def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    db = Database(path)
    assert db.migrate() == []
    with db.cursor() as cur:
        applied = [r[0] for r in cur.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert applied == [n for n, _, _ in migration_files()]
    db.close()
    reopened = Database(path)
    assert reopened.migrate() == []
    reopened.close()


def test_a_failed_transaction_leaves_nothing_and_reraises(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as tx:
        tx.execute(
            "INSERT INTO jobs (job_id, kind, title, actor, status, created_at) VALUES ('j1', 'k', 't', 'a', 'queued', now())"
        )
        raise RuntimeError("boom")
    assert db.read("jobs/recent", limit=10).height == 0
    before = db.data_version
    with db.transaction() as tx:
        tx.execute(
            "INSERT INTO jobs (job_id, kind, title, actor, status, created_at) VALUES ('j2', 'k', 't', 'a', 'queued', now())"
        )
    assert db.read("jobs/recent", limit=10)["job_id"].to_list() == ["j2"]
    assert db.data_version == before + 1


def test_driver_errors_become_console_errors(db: Database) -> None:
    with pytest.raises(TerminalError), db.transaction() as tx:
        tx.execute("SELECT * FROM no_such_table")
    with pytest.raises(InvalidInput), db.transaction() as tx:
        tx.execute("INSERT INTO catalog (product_key) VALUES (NULL)")


def test_named_queries_check_their_parameters(db: Database) -> None:
    with pytest.raises(InvalidInput, match="missing parameters"):
        db.read("runs/list")
    with pytest.raises(InvalidInput, match="unexpected"):
        db.read("runs/list", limit=1, nope=2)


def test_writes_are_serialised(db: Database) -> None:
    order: list[str] = []

    def writer(name: str) -> None:
        with db.transaction() as tx:
            order.append(f"{name}-start")
            tx.execute(
                "INSERT INTO jobs (job_id, kind, title, actor, status, created_at) VALUES ($id, 'k', 't', 'a', 'queued', now())",
                {"id": name},
            )
            time.sleep(0.1)
            order.append(f"{name}-end")

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(order[i].split("-")[0] == order[i + 1].split("-")[0] for i in range(0, len(order), 2))
    assert db.read("jobs/recent", limit=10).height == 3


def test_reads_see_committed_data_while_a_write_is_open(db: Database) -> None:
    with db.transaction() as tx:
        tx.execute(
            "INSERT INTO jobs (job_id, kind, title, actor, status, created_at) VALUES ('w', 'k', 't', 'a', 'queued', now())"
        )
        assert db.read("jobs/recent", limit=10).height == 0  # not committed yet: readers do not see it
    assert db.read("jobs/recent", limit=10).height == 1


def test_the_owner_marker_names_the_console(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    claim(path, "http://localhost:9999", tmp_path / "inbox")
    assert owner_marker(path).exists()
    message = busy_message(path, "ingest")
    assert "http://localhost:9999" in message and str(tmp_path / "inbox") in message
    release(path)
    assert not owner_marker(path).exists()
    assert "Another process holds" in busy_message(path, None)


def _setting(db: Database, name: str) -> str:
    with db.cursor() as cur:
        return str(cur.execute(f"SELECT current_setting('{name}')").fetchall()[0][0])


def test_memory_limit_and_threads_apply_inside_a_transaction_and_come_back_even_after_a_failure(
    db: Database,
) -> None:
    threads, limit = _setting(db, "threads"), _setting(db, "memory_limit")
    assert threads != "1"
    with pytest.raises(TerminalError), db.memory_limit("64MB"), db.transaction() as tx, db.threads(1):
        seen = tx.cur.execute("SELECT current_setting('threads'), current_setting('memory_limit')").fetchall()
        assert seen == [(1, "61.0 MiB")]
        tx.execute("SELECT * FROM no_such_table")  # aborts the transaction inside the block
    assert (_setting(db, "threads"), _setting(db, "memory_limit")) == (threads, limit)


def test_overlapping_memory_limits_hold_the_highest_and_end_on_the_configured_one(db: Database) -> None:
    """Two jobs at once (a delivery's commit lowers the limit, an export raises it) end in either order."""
    configured, configured_bytes = _setting(db, "memory_limit"), db.memory_limit_bytes
    commit, export = db.memory_limit("64MB"), db.memory_limit("256MB")
    commit.__enter__()
    assert _setting(db, "memory_limit") == "61.0 MiB"
    export.__enter__()
    assert _setting(db, "memory_limit") == "244.1 MiB"
    commit.__exit__(None, None, None)
    assert _setting(db, "memory_limit") == "244.1 MiB"
    export.__exit__(None, None, None)
    assert _setting(db, "memory_limit") == configured
    assert db.memory_limit_bytes == configured_bytes


def test_limits_set_from_many_threads_at_once_come_back_to_the_configured_one(db: Database) -> None:
    configured = _setting(db, "memory_limit")

    def job(limit: str) -> None:
        for _ in range(20):
            with db.memory_limit(limit):
                _setting(db, "memory_limit")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(job, ["64MB", "96MB", "200MB", "300MB"]))
    assert _setting(db, "memory_limit") == configured


def test_memory_sizes_read_as_duckdb_reads_them() -> None:
    from core.db import size_bytes

    assert [size_bytes(v) for v in ("128MB", "1GB", "61.0 MiB", "2KiB")] == [
        128 * 10**6,
        10**9,
        61 * 2**20,
        2048,
    ]
    with pytest.raises(InvalidInput):
        size_bytes("lots")


def test_the_file_is_written_in_row_groups_of_the_configured_size(tmp_path: Path) -> None:
    # A large append fills row groups that DuckDB writes once, straight into the file (see ROW_GROUP_SIZE).
    path = tmp_path / "a.duckdb"
    db = Database(path)
    rows = 2 * ROW_GROUP_SIZE + 100
    with db.transaction() as tx:
        tx.execute("CREATE TABLE appended (i BIGINT)")
    with db.transaction() as tx:
        tx.execute(f"INSERT INTO appended SELECT range FROM range({rows})")
    db.close()
    plain = duckdb.connect(str(path), read_only=True)
    try:
        groups = plain.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('appended')").fetchall()
        count = plain.execute("SELECT count(*) FROM appended").fetchall()
    finally:
        plain.close()
    assert (groups[0][0], count[0][0]) == (3, rows)
