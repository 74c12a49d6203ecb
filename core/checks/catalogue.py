"""The rule catalogue as data (`rules.toml`): id, version, scope, severity and summary of every rule.

One place for all rules: the converter's notes, the findings and the console's explanations all refer to
rules by id and read their metadata from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    scope: str
    severity: Severity
    severities: tuple[Severity, ...]
    summary: str


@cache
def rules() -> dict[str, Rule]:
    data = tomllib.loads((Path(__file__).with_name("rules.toml")).read_text(encoding="utf-8"))
    return {
        rule_id: Rule(
            id=rule_id,
            version=int(entry["version"]),
            scope=entry["scope"],
            severity=entry["severity"],
            severities=tuple(entry.get("severities", [entry["severity"]])),
            summary=entry["summary"],
        )
        for rule_id, entry in sorted(data.items())
    }


def rule(rule_id: str) -> Rule:
    return rules()[rule_id]
