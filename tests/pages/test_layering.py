"""The screens stay thin: pages and app widgets never talk to DuckDB or hold SQL; they call core services
and app.state helpers, and every Streamlit cache lives in app/state.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.config import ROOT

UI_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "app").rglob("*.py")])
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.IGNORECASE | re.DOTALL
)


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_screen_imports_duckdb_or_holds_sql(path: Path) -> None:
    assert "duckdb" not in imported(path)
    strings = [
        n.value
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert not [s for s in strings if SQL.search(s)]


@pytest.mark.parametrize("path", [p for p in UI_FILES if p.name != "state.py"], ids=lambda p: p.name)
def test_caches_live_only_in_app_state(path: Path) -> None:
    assert "cache_data" not in path.read_text(encoding="utf-8")
    assert "cache_resource" not in path.read_text(encoding="utf-8")
