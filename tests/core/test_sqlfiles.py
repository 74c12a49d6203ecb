"""Every SQL file parses, declares exactly the parameters it binds, and is used by the code."""

from __future__ import annotations

import re

import duckdb
import pytest

from core.config import ROOT
from core.sqlfiles import (
    QUERIES,
    all_query_files,
    declared_params,
    migration_files,
    split_statements,
    used_params,
)

QUERY_FILES = all_query_files()


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(QUERIES)))
def test_query_file_is_one_statement_that_parses(path) -> None:  # type: ignore[no-untyped-def]
    sql = path.read_text(encoding="utf-8")
    assert sql.startswith("--"), "a query file starts with a comment saying what it returns"
    statements = duckdb.extract_statements(sql)
    assert len(statements) == 1


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(QUERIES)))
def test_declared_parameters_match_the_statement(path) -> None:  # type: ignore[no-untyped-def]
    sql = path.read_text(encoding="utf-8")
    assert "-- params:" in sql
    assert declared_params(sql) == used_params(sql)


def test_every_query_is_called_from_the_code() -> None:
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for d in ("core", "app", "pages", "tools")
        for p in (ROOT / d).rglob("*.py")
    )
    names = {str(p.relative_to(QUERIES).with_suffix("")) for p in QUERY_FILES}
    called = set(re.findall(r"""["']([a-z_]+/[a-z_0-9]+)["']""", code))
    # A rule names its SQL file in the catalogue; the engine reads it as checks/<check>.
    rules = (ROOT / "core" / "checks" / "rules.toml").read_text(encoding="utf-8")
    called |= {f"checks/{name}" for name in re.findall(r'^check = "([a-z_0-9]+)"', rules, re.M)}
    assert sorted(names - called) == []


def test_migrations_are_numbered_without_gaps_and_apply_to_an_empty_database() -> None:
    found = migration_files()
    assert [n for n, _, _ in found] == list(range(1, len(found) + 1))
    con = duckdb.connect()
    for _, _, path in found:
        for statement in split_statements(path.read_text(encoding="utf-8")):
            con.execute(statement)
    tables = {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()}
    architecture_tables = {
        "senders",
        "feeds",
        "ingest_runs",
        "ingest_errors",
        "source_records",
        "conversion_notes",
        "conversions",
        "catalog",
        "catalog_history",
        "findings",
        "waivers",
        "review_events",
        "partners",
        "exports",
        "export_items",
        "jobs",
    }
    assert architecture_tables <= tables
