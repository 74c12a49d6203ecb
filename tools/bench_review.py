"""The review benchmark (`python -m tools.bench --only review`): the diff an ingest's commit makes of a
re-delivery against the catalogue, beside the floor of a plain hash join of the two on product_key.

The catalogue (1,000,000 products by default) comes from tools/bench_catalog.py. The delivery (a tenth of
the catalogue: 100,000 products) is drawn from it in DuckDB (queries/bench/create_delivery.sql): 10% of
its products changed, each with one kind of change from CHANGES (every kind of CCF field: scalars, list
items added, removed or changed, a country set), 1% re-sent with only whitespace changed (another content
hash, no field-level change: the diff must find them unchanged), the rest identical. It is spooled as an
ingest's workers spool it: Parquet files of `batch_products` products in the spool's schema
(core/ingest/worker.py SCHEMAS, written by core/ingest/spool.write_part).

Timed, as the commit runs them (core/ingest/commit.py), in one transaction that is rolled back after
each run so every run starts from the same database: `ingest/classify` over the spool files, then
`review.diff.stage_delivery` (the pairs and the diff statement from review/diffspec.py, a slice of changed
products at a time as the memory limit allows, unchanged-without-diff, the review staging);
`review.diff.keep_delivery` (the change rows kept) is timed beside them. The database is opened with the
project's settings: the memory limit (`duckdb_memory_limit`; a large catalogue's commit gets the re-check's) and
threads (making the catalogue and the delivery may use more: it is not measured). A run that fails (DuckDB
out of memory) is reported, and then the runs are repeated under the re-check's limit for comparison.
Figures only: a benchmark never passes or fails, but a diff that does not find exactly the products
changed is reported loudly.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from core import catalog
from core.ccf import countryset
from core.config import Settings
from core.db import Database
from core.errors import ConsoleError
from core.ingest.spool import write_part
from core.ingest.worker import SCHEMAS
from core.review import diff
from core.samples.deliveries import SENT_1
from core.sqlfiles import query
from tools.bench_catalog import PER_RUN, generate, open_database, settings_in

GOAL_PRODUCTS = 1_000_000
GOAL_DELIVERY = 100_000
GOAL_SECONDS = 5.0
GOAL = "diff a 100,000-product delivery (10% changed) against 1,000,000 products under 5 s"

CHANGED_SHARE = 0.10
REWRAPPED_SHARE = 0.01
SENDER_ID = 1
"""The catalogue's sender (tools/bench_catalog.py): the delivery comes from the same publisher."""

CHANGES = (
    "title", "subtitle", "contributor added", "contributor removed", "billing order (sequences swapped)",
    "price amount", "price cut by half", "price added", "market removed (US)", "subject added", "subject removed",
    "chapter title / chapters added", "description (plain and HTML)", "short description", "duration",
    "publication date", "publishing status", "cover", "series added", "language added", "audience (explicit)",
    "related product", "sales restriction", "streaming embargo", "imprint", "identifier added",
)  # fmt: skip
"""The kinds of change, in the order of queries/bench/create_delivery.sql's `change` numbers."""


class _Rollback(Exception):
    """Raised inside the timed transaction so it rolls back (the database stays as generated)."""


@dataclass
class Staged:
    classify: float
    stage: float
    keep: float
    pairs: int = 0
    found: list[dict[str, Any]] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def spool_delivery(db: Database, cfg: Settings, products: int, runs: int) -> tuple[list[str], dict[int | None, int]]:
    """Draw the delivery (table bench_delivery) and spool it; returns the files and the products by change."""
    changed, rewrapped = round(products * CHANGED_SHARE), round(products * REWRAPPED_SHARE)
    order = countryset.order()
    # Making the delivery is not what is measured: it may use the re-check's limit.
    with db.memory_limit(cfg.recheck_memory_limit):
        with db.transaction() as tx:
            tx.run(
                "bench/create_delivery",
                products=products,
                changed=changed,
                rewrapped=rewrapped,
                kinds=len(CHANGES),
                run_id=runs + 3,
                sent_at=SENT_1 + timedelta(days=10),
                us=order.index("US"),
                ca=countryset.to_bits(["CA"]),
            )
        with db.cursor() as cur:
            table = cur.sql(query("bench/delivery_rows").sql).to_arrow_table().cast(SCHEMAS["products"])
    folder = cfg.spool_dir / "bench-delivery"
    folder.mkdir(parents=True)
    size = cfg.batch_products
    paths = [write_part(folder, "products", n, table.slice(start, size))[0]
             for n, start in enumerate(range(0, table.num_rows, size))]  # fmt: skip
    by_change = {r["change"]: int(r["products"]) for r in db.read("bench/delivery_changes").to_dicts()}
    db.scalar("bench/checkpoint")  # as a console's database mostly is: written, checkpointed
    return paths, by_change


def stage_once(db: Database, paths: list[str]) -> Staged:
    """classify + stage_delivery (+ keep_delivery) as the commit runs them, then roll back. A statement
    that fails (DuckDB out of memory) is recorded with the step it failed in, not raised."""
    staged, step = Staged(0.0, 0.0, 0.0), "classify"
    started = time.perf_counter()
    try:
        with db.transaction() as tx:
            tx.run("ingest/classify", path=paths)
            classified, step = time.perf_counter(), "stage_delivery"
            staged.pairs = diff.stage_delivery(tx, paths, SENDER_ID, diff.slice_size(db.memory_limit_bytes))
            staged.classify, staged.stage = classified - started, time.perf_counter() - classified
            staged.found = tx.read("bench/review_found").to_dicts()
            staged.fields = tx.read("bench/review_fields").to_dicts()
            started, step = time.perf_counter(), "keep_delivery"
            diff.keep_delivery(tx)
            staged.keep = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    except ConsoleError as e:
        staged.error = f"{step} failed after {time.perf_counter() - started:.1f} s: {str(e).splitlines()[0]}"
    return staged


def _median(runs: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(runs))


def bench_review(products: int, runs: int, delivery: int | None = None) -> None:
    delivered = delivery or max(1, products * GOAL_DELIVERY // GOAL_PRODUCTS)
    load = os.getloadavg()
    comparison: list[Staged] = []
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        cfg = settings_in(Path(tmp))
        db = open_database(cfg)
        try:
            started = time.perf_counter()
            generate(db, products)
            made = time.perf_counter() - started
            started = time.perf_counter()
            paths, by_change = spool_delivery(db, cfg, delivered, -(-products // PER_RUN))
            spooled = time.perf_counter() - started
            spool_mb = sum(Path(p).stat().st_size for p in paths) / 1e6

            def floor() -> float:
                started = time.perf_counter()
                db.one("bench/review_floor", path=paths)
                return time.perf_counter() - started

            floor()  # the file cache, before any timing
            floor_seconds = _median(runs, floor)
            # As a commit sets it: the re-check's limit from `large_catalog_products` on (core/catalog.py).
            limit = catalog.memory_limit_for(db, cfg) or cfg.duckdb_memory_limit
            with db.memory_limit(limit):
                staged = [stage_once(db, paths) for _ in range(runs)]
            if any(s.error for s in staged):  # the same under the re-check's limit, for comparison
                with db.memory_limit(cfg.recheck_memory_limit):
                    comparison = [stage_once(db, paths) for _ in range(runs)]
        finally:
            db.close()
    load_after = os.getloadavg()
    print(
        f"\n## Review diff: a {delivered:,}-product delivery against {products:,} products, median of {runs}; "
        f"DuckDB memory_limit {limit} (the commit's against this catalogue), {cfg.duckdb_threads} threads"
    )
    print(f"catalogue generated in {made:.0f} s; delivery spooled in {spooled:.1f} s "
          f"({len(paths)} files of {cfg.batch_products} products, {spool_mb:,.0f} MB)")  # fmt: skip
    print(f"load average {load[0]:.2f} before, {load_after[0]:.2f} after (other work on the machine skews the figures)")
    total = _timings(floor_seconds, staged, runs)
    if comparison:
        print(f"for comparison, the same under memory_limit {cfg.recheck_memory_limit} (the re-check's):")
        _timings(floor_seconds, comparison, runs)
    done = [s for s in [*staged, *comparison] if s.error is None]
    found = _found(delivered, by_change, done[-1]) if done else None
    expected = sum(n for change, n in by_change.items() if change is not None and change >= 0)
    if products != GOAL_PRODUCTS or delivered != GOAL_DELIVERY:
        verdict = "not measured (the goal's sizes: --catalog-products 1000000, a 100,000-product delivery)"
    else:
        verdict = "met" if total is not None and total < GOAL_SECONDS and found == expected else "NOT met"
    measured = (
        f"{total:.2f} s measured, {total / floor_seconds:.1f} x the floor"
        if total is not None
        else f"failed under memory_limit {limit}"
    )
    print(f"goal: {GOAL}: {verdict} ({measured})")


def _timings(floor: float, staged: list[Staged], runs: int) -> float | None:
    """The timing table of the runs that succeeded; returns their median classify + diff, if any."""
    failed = [s for s in staged if s.error]
    ok = [s for s in staged if not s.error]
    if failed:
        print(f"!!! FAILED in {len(failed)} of {runs} runs: {failed[0].error}")
    if not ok:
        return None
    total = statistics.median(s.classify + s.stage for s in ok)
    print(f"{'':58} {'seconds':>8} {'x floor':>8}")
    for name, secs in (
        ("floor: hash join on product_key comparing content_hash", floor),
        ("classify (ingest/classify)", statistics.median(s.classify for s in ok)),
        ("diff (review.diff.stage_delivery)", statistics.median(s.stage for s in ok)),
        ("classify + diff (what the commit runs before its checks)", total),
        ("keep the change rows (review.diff.keep_delivery)", statistics.median(s.keep for s in ok)),
    ):
        print(f"{name:58} {secs:8.2f} {secs / floor:8.1f}")
    return total


def _found(delivered: int, by_change: dict[int | None, int], last: Staged) -> int:
    """What the diff found against what was made, kind by kind; returns the products found changed."""
    expected = sum(n for change, n in by_change.items() if change is not None and change >= 0)
    rewrapped = by_change.get(-1, 0)
    found = sum(int(r["changed"]) for r in last.found)
    rows = sum(int(r["n"]) for r in last.fields)
    print(f"rows diffed: {delivered:,} products classified, {last.pairs:,} pairs field-diffed "
          f"({expected:,} changed + {rewrapped:,} with their description re-wrapped only)")  # fmt: skip
    verdict = "as made" if found == expected else "!!! MISMATCH !!!"
    print(f"changed found: {found:,} (made: {expected:,}): {verdict}")
    print(f"field-level change rows: {rows:,}")
    for r in last.found:
        change = r["change"]
        name = "identical" if change is None else "description re-wrapped only" if change < 0 else CHANGES[change]
        made = by_change.get(change, 0)
        wanted = made if change is not None and change >= 0 else 0
        flag = "" if int(r["changed"]) == wanted else f"   !!! MISMATCH: {wanted:,} expected changed"
        print(f"  {name:38} {made:7,} products {int(r['changed']):7,} changed {int(r['change_rows']):8,} rows{flag}")
    print("by field: " + ", ".join(f"{r['field']} {r['change']} {int(r['n']):,}" for r in last.fields))
    return found
