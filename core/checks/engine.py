"""Running the rules: product and catalogue rules as set-based SQL over the products a check judges.

A check judges a set of products through two relations: `check_subjects` (each product's CCF record, the
conversion it belongs to, its run and sender) and `check_notes` (what the converter repaired or could not
interpret). An ingest's check reads them from the run's spool inside the commit; a re-check reads each
product's latest version (pending conversion, else catalogue record). Every rule's SQL
(`queries/checks/<rule>.sql`) returns the violating rows; the engine stamps them with the rule's
metadata from the catalogue, then records them with their lifecycle (new, recurring, resolved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.auth import Actor
from core.checks.catalogue import Rule, rules
from core.db import Database, Tx
from core.sqlfiles import query

# The rule's SQL file is trusted text from the repository; only values are bound.
_WRAPPER = """INSERT INTO staged_findings
SELECT $rule_id, $rule_version, coalesce(r.severity, $severity), coalesce(r.field, $field), r.observed,
       replace($message, '{{observed}}', coalesce(r.observed, '')), $fix, r.product_key
FROM (
{sql}
) AS r"""


def sql_rules() -> list[Rule]:
    """The rules that run as SQL (product and catalogue scope), in catalogue order."""
    return [r for r in rules().values() if r.check not in ("reading", "export")]


def rule_sql(rule: Rule) -> str:
    return _WRAPPER.format(sql=query(f"checks/{rule.check}").sql.strip())


def run_rules(tx: Tx) -> dict[str, int]:
    """Every SQL rule over the current views, into staged_findings; returns the rows per rule."""
    tx.run("checks/create_staged")
    return run_some(tx, sql_rules())


def run_some(tx: Tx, chosen: list[Rule], counts: dict[str, int] | None = None) -> dict[str, int]:
    """Some rules into the existing staged_findings, adding their rows to `counts` (per rule)."""
    counts = {} if counts is None else counts
    for rule in chosen:
        before = tx.scalar("checks/count_staged")
        tx.execute(
            rule_sql(rule),
            {
                "rule_id": rule.id,
                "rule_version": rule.version,
                "severity": rule.severity,
                "field": rule.field,
                "message": rule.message,
                "fix": rule.fix,
            },
        )
        counts[rule.id] = counts.get(rule.id, 0) + int(tx.scalar("checks/count_staged")) - int(before)
    return counts


def run_rules_in_parts(tx: Tx) -> dict[str, int]:
    """A re-check's rules. A product rule judges each product on its own, so it runs twice: over the
    catalogue records (read in place) and over the pending conversions (few). One view of both would be a
    UNION ALL, through which DuckDB reads every record whole instead of the fields a rule needs: at a
    million products each rule took several times longer. Catalogue rules see every product at once."""
    parted = [r for r in sql_rules() if r.scope == "product" and reads_subjects(r)]
    counts: dict[str, int] = {}
    tx.run("checks/create_staged")
    for part in ("checks/subjects_catalog_part", "checks/subjects_pending_part"):
        tx.run(part)
        run_some(tx, parted, counts)
    tx.run("checks/subjects_from_catalog")
    run_some(tx, [r for r in sql_rules() if r not in parted], counts)
    tx.run("checks/dedupe_staged")
    found = dict(tx.read("checks/staged_counts").iter_rows())
    return {rule_id: int(found.get(rule_id, 0)) for rule_id in counts}


def reads_subjects(rule: Rule) -> bool:
    # A rule over the converter's notes alone (Q27) would find the same rows in both parts; a rule with a
    # clause over the notes besides one over the subjects does too, which dedupe_staged takes care of.
    return re.search(r"\bcheck_subjects\b", query(f"checks/{rule.check}").sql) is not None


def record(tx: Tx, check_id: int, run_id: int | None) -> None:
    """Staged findings into `findings`, with their lifecycle; the check's objects are dropped after."""
    now = datetime.now(UTC)
    tx.run("checks/insert_findings", check_id=check_id, run_id=run_id, created_at=now)
    tx.run("checks/record_checked", check_id=check_id)
    tx.run("checks/finish_check", check_id=check_id, finished_at=now)
    tx.run("checks/drop_staged")
    tx.run("checks/drop_notes")
    tx.run("checks/drop_subjects_runs")
    if subjects_is_table(tx):
        tx.run("checks/drop_subjects_table")
    else:
        tx.run("checks/drop_subjects")
        tx.run("checks/drop_pending")


def subjects_from_catalog(tx: Tx) -> None:
    """A re-check's subjects: the pending conversions materialised (few), the catalogue read in place (many)."""
    tx.run("checks/pending_from_catalog")
    tx.run("checks/subjects_from_catalog")
    tx.run("checks/subjects_runs_from_catalog")


def subjects_is_table(tx: Tx) -> bool:
    """Whether this check's subjects are a table (a delivery: read once from the spool) or a view (a re-check
    of the whole catalogue, which is too large to copy)."""
    return bool(tx.scalar("checks/subjects_is_table"))


def start_check(tx: Tx, kind: str, run_id: int | None, actor: str) -> int:
    return int(tx.scalar("checks/start_check", kind=kind, run_id=run_id, actor=actor, started_at=datetime.now(UTC)))


def stage_delivery(
    tx: Tx,
    *,
    run_id: int,
    sender_id: int | None,
    products: list[str],
    notes: list[str] | None,
    actor: str,
    slices: list[tuple[int, int]],
) -> int:
    """Start the check of one delivery, inside its commit (after classifying, before anything is written):
    its subjects and notes, read once from the spool into temporary tables, the subjects a slice of
    positions (first, last) at a time. Returns the check's id; the rules run in `check_delivery`."""
    check_id = start_check(tx, "ingest", run_id, actor)
    tx.run("checks/set_spool", products=products)
    tx.run("checks/set_run", value=run_id)
    tx.run("checks/set_sender", value=sender_id)
    tx.run("checks/create_subjects")
    for low, high in slices:
        tx.run("checks/subjects_from_spool", low=low, high=high)
    tx.run("checks/subjects_runs_from_spool")
    if notes:
        tx.run("checks/set_notes", files=notes)
        tx.run("checks/notes_from_spool")
    else:
        tx.run("checks/notes_none")
    return check_id


def check_delivery(tx: Tx, *, check_id: int, run_id: int) -> int:
    """Run the rules over a staged delivery (`stage_delivery`) and record the findings."""
    run_rules(tx)
    record(tx, check_id, run_id)
    return check_id


@dataclass
class Recheck:
    check_id: int
    subjects: int
    findings: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"check_id": self.check_id, "subjects": self.subjects, "findings": self.findings}


def recheck(db: Database, actor: Actor, memory_limit: str | None = None) -> Recheck:
    """Re-run the rules over every product's latest version (after a rule changed). A million products
    need more memory than an ingest's commit: `memory_limit` raises DuckDB's limit for the re-check."""
    actor.require("review")
    with db.memory_limit(memory_limit), db.transaction() as tx:
        check_id = start_check(tx, "recheck", None, actor.name)
        subjects_from_catalog(tx)
        tx.run("checks/notes_from_catalog")
        subjects = int(tx.scalar("checks/count_subjects"))
        counts = run_rules_in_parts(tx)
        record(tx, check_id, None)
    return Recheck(check_id, subjects, counts)
