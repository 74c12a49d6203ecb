"""The query loader: SQL lives in `queries/<area>/<name>.sql`, one statement per file, loaded by name.

Each file starts with a comment block that says what the statement returns and, on a line
`-- params: a, b`, which `$name` parameters it binds. The loader checks that every call passes exactly
those parameters, so a renamed parameter fails loudly in tests instead of binding NULL in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.config import ROOT
from core.errors import InvalidInput

QUERIES = ROOT / "queries"

_PARAM = re.compile(r"(?<![\w$:])\$([A-Za-z_]\w*)")
_STRING_OR_COMMENT = re.compile(r"'(?:[^']|'')*'|--[^\n]*")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    doc: str
    params: frozenset[str]

    def check(self, given: dict[str, object]) -> None:
        names = set(given)
        if names != self.params:
            missing = sorted(self.params - names)
            extra = sorted(names - self.params)
            raise InvalidInput(f"query {self.name}: missing parameters {missing}, unexpected {extra}")


def declared_params(sql: str) -> frozenset[str]:
    """The `-- params:` line of a query file's header."""
    for line in sql.splitlines():
        stripped = line.strip()
        if stripped.startswith("-- params:"):
            return frozenset(p.strip() for p in stripped.removeprefix("-- params:").split(",") if p.strip())
    return frozenset()


def used_params(sql: str) -> frozenset[str]:
    """The `$name` parameters a statement actually binds (outside strings and comments)."""
    return frozenset(_PARAM.findall(_STRING_OR_COMMENT.sub("", sql)))


def header(sql: str) -> str:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        if not line.startswith("-- params:"):
            lines.append(line.removeprefix("--").strip())
    return " ".join(lines).strip()


@cache
def query(name: str) -> Query:
    """Load `queries/<name>.sql` (e.g. `catalog/search`)."""
    path = QUERIES / f"{name}.sql"
    if not path.is_file():
        raise InvalidInput(f"no query named {name!r} (looked for {path})")
    sql = path.read_text(encoding="utf-8")
    return Query(name=name, sql=sql, doc=header(sql), params=declared_params(sql))


def all_query_files() -> list[Path]:
    """Every statement file (migrations under `schema/` excluded: they hold several statements)."""
    return sorted(p for p in QUERIES.rglob("*.sql") if p.parent.name != "schema")


def migration_files() -> list[tuple[int, str, Path]]:
    """Numbered migrations `queries/schema/NNN_name.sql`, in order."""
    found = []
    for path in sorted((QUERIES / "schema").glob("*.sql")):
        number, _, name = path.stem.partition("_")
        found.append((int(number), name, path))
    return found


def split_statements(sql: str) -> list[str]:
    """Split a migration into statements on `;` at line ends (migrations avoid `;` inside strings)."""
    parts = [p.strip() for p in re.split(r";\s*$", sql, flags=re.MULTILINE)]
    return [p for p in parts if p and not all(line.strip().startswith("--") for line in p.splitlines())]


def relative(path: Path) -> str:
    return str(Path(path).resolve().relative_to(ROOT))
