"""The rule catalogue as data (`rules.toml`): every rule's id, version, scope, severity, field, message
template, suggested fix, how it runs, and its passing and failing examples.

One place for all rules: the engine, the converter's notes, the findings, the command line and the console
read rule metadata from here; the examples run as tests.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Example:
    about: str
    passes: bool
    severity: Severity | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    """The example's edits (see the comment at the top of rules.toml)."""


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    scope: str
    severity: Severity
    severities: tuple[Severity, ...]
    field: str
    title: str
    summary: str
    message: str
    fix: str
    check: str
    examples: tuple[Example, ...] = ()

    @property
    def failing(self) -> list[Example]:
        return [e for e in self.examples if not e.passes]

    @property
    def passing(self) -> list[Example]:
        return [e for e in self.examples if e.passes]


def _examples(entry: dict[str, Any], default: Severity) -> tuple[Example, ...]:
    found = []
    for passes, key in ((False, "fail"), (True, "pass")):
        for item in entry.get(key, []):
            spec = {k: v for k, v in item.items() if k not in ("about", "severity")}
            severity = None if passes else item.get("severity", default)
            found.append(Example(item["about"], passes, severity, spec))
    return tuple(found)


@cache
def rules() -> dict[str, Rule]:
    data = tomllib.loads((Path(__file__).with_name("rules.toml")).read_text(encoding="utf-8"))
    found = {}
    for rule_id, entry in sorted(data.items()):
        severity = entry["severity"]
        found[rule_id] = Rule(
            id=rule_id,
            version=int(entry["version"]),
            scope=entry["scope"],
            severity=severity,
            severities=tuple(entry.get("severities", [severity])),
            field=entry["field"],
            title=entry["title"],
            summary=entry["summary"],
            message=entry["message"],
            fix=entry["fix"],
            check=entry["check"],
            examples=_examples(entry, severity),
        )
    return found


def rule(rule_id: str) -> Rule:
    return rules()[rule_id]
