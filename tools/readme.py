"""Regenerates the README's generated sections (configuration and database schema) from the code.

`python -m tools.readme` rewrites them in place; a test fails when the README and the code disagree, so
the documented environment variables and columns are always the real ones.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb

from core.config import ROOT, Settings
from core.sqlfiles import migration_files, split_statements

README = ROOT / "README.md"


def configuration_section() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    defaults = Settings.model_construct()
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else "(see meaning)"
        if name == "operator":
            default = "the operating-system user"
        value = getattr(defaults, name, default) if field.default_factory is None else default
        if isinstance(value, Path):
            value = value.relative_to(ROOT) if value.is_relative_to(ROOT) else value
        shown = f"`{value}`" if value not in ("", {}, None) else "(none)"
        lines.append(f"| `CONSOLE_{name.upper()}` | {shown} | {field.description or ''} |")
    return "\n".join(lines)


def schema_section() -> str:
    con = duckdb.connect()
    comments: dict[str, str] = {}
    for _, _, path in migration_files():
        text = path.read_text(encoding="utf-8")
        for comment, table in re.findall(r"((?:^-- .*\n)+)CREATE TABLE (\w+)", text, re.M):
            lines = comment.strip().splitlines()
            comments[table] = " ".join(line.removeprefix("-- ").strip() for line in lines)
        for statement in split_statements(text):
            con.execute(statement)
    rows = con.sql(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column, data_type in rows:
        shown = "CCF record (ccf_v1)" if data_type.startswith("STRUCT(ccf_version") else data_type.lower()
        tables.setdefault(table, []).append(f"`{column}` {shown}")
    entries = [f"- **`{t}`**: {comments.get(t, '')}<br>{', '.join(cols)}" for t, cols in tables.items()]
    return "\n\n".join(entries)


def render(text: str) -> str:
    for name, body in (("configuration", configuration_section()), ("schema", schema_section())):
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        text = pattern.sub(f"{start}\n{body}\n{end}", text)
    return text


def main() -> int:
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
