"""The rule benchmark (`python -m tools.bench --only rules`): every SQL quality rule over a generated
catalogue in a real DuckDB file, beside the floor of one plain scan of the same table.

The catalogue (1,000,000 products by default, with defects for every rule and what ingests and approvals
leave beside it) comes from tools/bench_catalog.py. The rules then run the way a re-check runs them
(`engine.recheck`: under `db.memory_limit(recheck_memory_limit)`, `engine.subjects_from_catalog`,
`checks/notes_from_catalog`, `engine.rule_sql`, in a transaction): each rule alone (median of --runs), then
all of them through `engine.run_rules_in_parts`; the floor is one plain scan of the catalogue that reads its CCF
struct. The database is opened with the project's settings (`memory_limit`, `threads`, and the re-check's
own limit: CONSOLE_RECHECK_MEMORY_LIMIT changes it for a comparison). A statement that fails (DuckDB out of
memory) is reported, not raised. Figures only: a benchmark never passes or fails.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checks import engine
from core.checks.catalogue import Rule
from core.config import Settings
from core.db import Database, Tx
from core.errors import ConsoleError
from tools.bench_catalog import generate, open_database, settings_in, validate

GOAL_PRODUCTS = 1_000_000
GOAL_SECONDS = 10.0
GOAL = "all product rules over 1,000,000 products under 10 s on a 2-core machine"


# -- timing ----------------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    seconds: float
    findings: int | None = None
    scope: str = ""
    failed: int = 0
    """Runs whose statement failed (DuckDB out of memory: at the edge of the limit this varies run to run)."""
    error: str | None = None
    """The first failure's message; `seconds` is the median of the runs that succeeded, else the time until
    the first failure."""


PARTS = ("checks/subjects_catalog_part", "checks/subjects_pending_part")


def _params(rule: Rule) -> dict[str, Any]:
    """What engine.run_rules binds to a rule's SQL."""
    return {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "severity": rule.severity,
        "field": rule.field,
        "message": rule.message,
        "fix": rule.fix,
    }


def _timed(db: Database, name: str, runs: int, step: Callable[[Tx], int | None], scope: str = "") -> Timing:
    """The median of `runs` timings of `step`, each in its own transaction over the re-check's views (a
    failed statement aborts its transaction, so a failure cannot spoil the runs and figures after it)."""
    times: list[float] = []
    result: int | None = None
    failures: list[tuple[float, str]] = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            with db.transaction() as tx:
                engine.subjects_from_catalog(tx)
                tx.run("checks/notes_from_catalog")
                started = time.perf_counter()
                result = step(tx)
                times.append(time.perf_counter() - started)
        except ConsoleError as e:
            failures.append((time.perf_counter() - started, str(e).splitlines()[0].removesuffix(".")))
    if not times:
        return Timing(name, failures[0][0], None, scope, len(failures), failures[0][1])
    error = failures[0][1] if failures else None
    return Timing(name, statistics.median(times), result, scope, len(failures), error)


def _rule(db: Database, rule: Rule, runs: int) -> Timing:
    """One rule as a re-check runs it: its SQL into a fresh staged_findings, then the count."""
    sql, params = engine.rule_sql(rule), _params(rule)

    def once(tx: Tx) -> int:
        tx.run("checks/create_staged")
        # As a re-check runs it (engine.run_rules_in_parts): a product rule over each part in turn.
        parted = rule.scope == "product" and engine.reads_subjects(rule)
        for part in PARTS if parted else ("checks/subjects_from_catalog",):
            tx.run(part)
            tx.execute(sql, params)
        return int(tx.scalar("checks/count_staged"))

    return _timed(db, f"{rule.id} {rule.check}", runs, once, rule.scope)


def measure(db: Database, runs: int) -> tuple[int, list[Timing], list[Timing], Timing]:
    """(subjects, the floors, one timing per rule, all rules through engine.run_rules_in_parts)."""
    subjects = _timed(db, "subjects", 1, lambda tx: int(tx.scalar("checks/count_subjects"))).findings or 0
    _timed(db, "warm-up", 1, lambda tx: tx.scalar("bench/scan_catalog"))  # the file cache, before any timing
    floors = [
        _timed(db, "floor: scan of catalog", runs, lambda tx: tx.scalar("bench/scan_catalog")),
        _timed(db, "the same scan of check_subjects", runs, lambda tx: tx.scalar("bench/scan_subjects")),
    ]
    for floor in floors:
        floor.findings = None  # the scans return products read, not findings
    timings = [_rule(db, rule, runs) for rule in engine.sql_rules()]
    total = _timed(
        db, "all rules: engine.run_rules_in_parts", runs, lambda tx: sum(engine.run_rules_in_parts(tx).values()), "all"
    )  # fmt: skip
    return subjects, floors, timings, total


# -- the report ------------------------------------------------------------------------------------


def bench_rules(products: int, runs: int) -> None:
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-rules-") as tmp:
        cfg = settings_in(Path(tmp))
        db = open_database(cfg)
        try:
            started = time.perf_counter()
            generate(db, products)
            made = time.perf_counter() - started
            size_mb = cfg.db.stat().st_size / 1e6
            validate(db, products)
            # As engine.recheck runs them: a re-check raises DuckDB's limit for its transaction.
            with db.memory_limit(cfg.recheck_memory_limit):
                subjects, floors, timings, total = measure(db, runs)
        finally:
            db.close()
    load_after = os.getloadavg()
    _report(products, runs, cfg, made, size_mb, subjects, floors, timings, total, (load[0], load_after[0]))


def _report(
    products: int,
    runs: int,
    cfg: Settings,
    made: float,
    size_mb: float,
    subjects: int,
    floors: list[Timing],
    timings: list[Timing],
    total: Timing,
    load: tuple[float, float],
) -> None:
    scan = floors[0].seconds

    def line(t: Timing) -> str:
        found = f"{t.findings:9,}" if t.findings is not None else f"{'':9}"
        text = f"{t.name:36} {t.scope:>8} {t.seconds:8.2f} {found} {t.seconds / scan:7.1f}"
        if t.failed and t.findings is None:
            return text + f"  FAILED in {t.failed} of {runs} runs, after {t.seconds:.1f} s: {t.error}"
        return text + (f"  failed in {t.failed} of {runs} runs: {t.error}" if t.failed else "")

    print(
        f"\n## Rules: {products:,} generated products ({subjects:,} subjects), median of {runs}; "
        f"DuckDB memory_limit {cfg.recheck_memory_limit} (a re-check's; {cfg.duckdb_memory_limit} otherwise), "
        f"{cfg.duckdb_threads} threads"
    )
    print(f"generated in {made:.0f} s into a fresh {size_mb:,.0f} MB database file")
    print(f"load average {load[0]:.2f} before, {load[1]:.2f} after (other work on the machine skews the figures)")
    print(f"{'':36} {'scope':>8} {'seconds':>8} {'findings':>9} {'x scan':>7}")
    for t in [*floors, *timings]:
        print(line(t))
    failed = [t for t in timings if t.failed]
    at_least = " (at least: a rule that always failed counts until it failed)" if failed else ""
    product = sum(t.seconds for t in timings if t.scope == "product")
    every = sum(t.seconds for t in timings)
    print(f"{'sum of the product rules, one by one':45} {product:8.2f} {'':9} {product / scan:7.1f}{at_least}")
    print(f"{'sum of all rules, one by one':45} {every:8.2f} {'':9} {every / scan:7.1f}{at_least}")
    print(line(total))
    if failed:
        rules = ", ".join(f"{t.name.split()[0]} ({t.failed}/{runs})" for t in failed)
        print(f"failed runs: {rules}: {failed[0].error}")
    at_goal = product * GOAL_PRODUCTS / products
    verdict = "met" if at_goal < GOAL_SECONDS and not failed else "NOT met"
    measured = f"{product:.1f} s measured" + (
        "" if products == GOAL_PRODUCTS else f" at {products:,} products, {at_goal:.1f} s scaled linearly"
    )
    whole = f"{total.seconds:.1f} s" + (f", failed in {total.failed} of {runs} runs" if total.failed else "")
    print(f"goal: {GOAL}: {verdict} ({measured}{at_least}; all SQL rules through run_rules: {whole})")
