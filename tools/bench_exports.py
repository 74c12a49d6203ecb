"""The export benchmark (`python -m tools.bench --only exports`): a generated catalogue rendered to ONIX 3.0
and to Parquet by the export renderers, for products per second and peak memory.

The catalogue (1,000,000 products by default, each with its approved version in catalog_history, which
exports read) comes from tools/bench_catalog.py; the partner profiles are the shipped demo ones
(data/partners: northwind-retail for ONIX 3.0 reference tags, lumen-streaming for Parquet), seeded as a
first start seeds them. Each step runs in its own process (`python -m tools.bench_exports plan|render`,
timed by tools/bench_proc.py), so its peak RSS is its own:

- plan: the ledger of an export as `core.exports.run.export` writes it in its first transaction (the
  partner's view at the snapshot, the plan, files, items), with the same named queries;
- render, ONIX: `onix_out.render_onix` over `run._records` (the pinned records streamed from DuckDB in
  batches), as `run._render_one` does, into a sink that counts the bytes and takes their SHA-256 (what
  `render_files` computes of each file) instead of a file: the output is several GB;
- render, Parquet: `run.render_files` itself (the flat rows, the COPY of `run._copy_sql`, the checksum),
  into a folder deleted afterwards.

The database is opened with the project's settings (the console's memory limit and threads). Nothing is
blocked by findings (the generated catalogue has never been checked), so every product the profile selects
goes out. One run per step: the ONIX render of a million products takes minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from core import catalog
from core.auth import SEED
from core.db import Database
from core.errors import ConsoleError
from core.exports import profiles, run
from core.exports.onix_out import render_onix
from core.samples.deliveries import SENT_1
from tools.bench_catalog import generate, open_database, settings_in
from tools.bench_proc import ChildRun, peak_rss_of_self_kib, run_child

SNAPSHOT = SENT_1 + timedelta(days=5)
"""The export's snapshot instant: fixed, so the channel rules (embargoes) select the same products each time."""

PARTNERS = (("northwind-retail", "ONIX 3.0"), ("lumen-streaming", "Parquet"))


class CountingSink:
    """A binary sink that keeps only the byte count and the SHA-256 of what is written."""

    def __init__(self) -> None:
        self.bytes = 0
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        self.digest.update(data)
        return len(data)

    def flush(self) -> None:
        return None


# -- the steps, each in its own process ---------------------------------------------------------------


def plan(db: Database, partner: str) -> dict[str, Any]:
    """The export's ledger, as run.export records it before rendering; returns the export id and counts."""
    version, profile = profiles.get(db, partner)
    mode = profile.mode
    started = time.perf_counter()
    with db.transaction() as tx:
        export_id = int(
            tx.scalar(
                "exports/start", partner=partner, profile_version=version, mode=mode, snapshot_at=SNAPSHOT,
                destination="bench", actor=SEED.name, started_at=datetime.now(UTC),
            )
        )  # fmt: skip
        tx.run("exports/view", **run._view_params(profile, SNAPSHOT))
        tx.run("exports/plan", partner=partner, mode=mode)
        counts = {k: int(v) for k, v in (tx.one("exports/plan_counts") or {}).items()}
        prefix = f"{partner}/{SNAPSHOT:%Y-%m-%d}/{export_id}/"
        tx.run(
            "exports/assign_files",
            per_file=profile.max_products_per_file,
            key_prefix=f"{prefix}{partner}-{export_id}-",
            suffix=f".{profile.extension}",
        )
        tx.run("exports/insert_items", export_id=export_id, partner=partner)
        tx.run("exports/insert_files", export_id=export_id)
        for name in ("exports/drop_plan", "exports/drop_plan_table", "exports/drop_view"):
            tx.run(name)
    return {"export_id": export_id, "seconds": time.perf_counter() - started, "counts": counts}


def render(db: Database, partner: str, export_id: int, folder: Path) -> dict[str, Any]:
    """Every file of the export rendered; returns seconds, products and bytes."""
    _, profile = profiles.get(db, partner)
    started = time.perf_counter()
    if profile.format.startswith("onix30"):
        files = db.read("exports/files", export_id=export_id).to_dicts()
        products = written = 0
        for f in files:
            sink = CountingSink()
            products += render_onix(
                run._records(db, export_id, int(f["file_index"])), sink,  # type: ignore[arg-type]
                style="short" if profile.format == "onix30-short" else "reference", sent_at=SNAPSHOT,
                sender=run.SENDER, addressee=profile.title, message_number=export_id,
            )  # fmt: skip
            written += sink.bytes
        return {"seconds": time.perf_counter() - started, "products": products, "bytes": written, "files": len(files)}
    try:
        rendered = run.render_files(db, export_id, profile, SNAPSHOT, folder, record=False)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "seconds": seconds,
        "products": sum(int(f["rows"]) for f in rendered),
        "bytes": sum(int(f["bytes"]) for f in rendered),
        "files": len(rendered),
    }


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_exports")
    parser.add_argument("step", choices=["plan", "render"])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--partner", required=True)
    parser.add_argument("--export-id", type=int)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    cfg = settings_in(args.data_dir)
    db = open_database(cfg)
    started = time.perf_counter()
    try:
        if args.step == "plan":
            result = plan(db, args.partner)
        else:
            # Under the limit production's export() sets for this catalogue (core/catalog.py).
            with db.memory_limit(catalog.memory_limit_for(db, cfg)):
                result = render(db, args.partner, args.export_id, cfg.exports_dir / "bench")
    except ConsoleError as e:  # DuckDB out of memory, say: reported, not raised
        result = {"error": str(e).splitlines()[0], "seconds": time.perf_counter() - started}
    finally:
        db.close()
    result["vm_hwm_kib"] = peak_rss_of_self_kib()
    args.result.write_text(json.dumps(result), encoding="utf-8")
    return 0


# -- the benchmark -------------------------------------------------------------------------------------


@dataclass
class Figures:
    partner: str
    format: str
    plan: ChildRun
    render: ChildRun | None
    again: ChildRun | None = None
    """The render again under the re-check's memory limit, when it failed under the console's."""


def _step(
    folder: Path, step: str, partner: str, export_id: int | None = None, memory_limit: str | None = None
) -> ChildRun:
    command = [sys.executable, "-m", "tools.bench_exports", step, "--data-dir", str(folder), "--partner", partner]
    env = {**os.environ, "CONSOLE_DUCKDB_MEMORY_LIMIT": memory_limit} if memory_limit else None
    return run_child(command + (["--export-id", str(export_id)] if export_id is not None else []), env)


def bench_exports(products: int) -> None:
    load = os.getloadavg()
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
        folder = Path(tmp)
        cfg = settings_in(folder)
        db = open_database(cfg)
        try:
            started = time.perf_counter()
            generate(db, products, history=True)
            profiles.seed_if_empty(db, cfg.partners_dir, SEED)
            made = time.perf_counter() - started
        finally:
            db.close()  # the steps open it in their own processes
        size_mb = cfg.db.stat().st_size / 1e6
        for partner, kind in PARTNERS:
            planned = _step(folder, "plan", partner)
            export_id = planned.result.get("export_id")
            rendered = again = None
            if export_id is not None:
                rendered = _step(folder, "render", partner, int(export_id))
                if "error" in rendered.result:
                    again = _step(folder, "render", partner, int(export_id), cfg.recheck_memory_limit)
            figures.append(Figures(partner, kind, planned, rendered, again))
    load_after = os.getloadavg()
    print(
        f"\n## Exports: {products:,} generated products rendered by the export renderers, one run each; "
        f"DuckDB memory_limit {cfg.duckdb_memory_limit}, {cfg.duckdb_threads} threads"
    )
    print(f"generated in {made:.0f} s into a fresh {size_mb:,.0f} MB database file (catalogue and history)")
    print(f"load average {load[0]:.2f} before, {load_after[0]:.2f} after (other work on the machine skews the figures)")
    print(f"{'':44} {'products':>9} {'seconds':>8} {'products/s':>10} {'MB written':>10} {'peak RSS MB':>11}")
    for f in figures:
        _line(f"{f.partner}: plan (the ledger)", f.plan)
        if f.render is not None:
            _line(f"{f.partner}: render {f.format}", f.render)
        if f.again is not None:
            _line(f"  again, memory_limit {cfg.recheck_memory_limit} (for comparison)", f.again)
    print("peak RSS: the step's process (its VmHWM), start-up and opening the database included; "
          "seconds: the step alone")  # fmt: skip


def _line(name: str, step: ChildRun) -> None:
    r, rss = step.result, f"{step.peak_rss_kib / 1024:11.0f}"
    if "error" in r:
        print(f"{name:44} {'':9} {r['seconds']:8.1f} {'':10} {'':10} {rss}  FAILED: {r['error']}")
        return
    if "counts" in r:  # a plan: the products it sends (and those the view holds back)
        counts = r["counts"]
        products = sum(counts.get(k, 0) for k in ("added", "changed", "unchanged", "removed"))
        extra, written = f"  (selected {counts['selected']:,}, held back {counts['blocked']:,})", ""
    else:
        products, extra, written = r["products"], "", f"{r['bytes'] / 1e6:10,.0f}"
    print(f"{name:44} {products:9,} {r['seconds']:8.1f} {products / r['seconds']:10,.0f} {written:>10} {rss}{extra}")


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))
