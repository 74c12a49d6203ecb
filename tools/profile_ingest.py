"""Where an ingest's time goes: one feed ingested in a single process under cProfile.

    .venv/bin/python -m tools.profile_ingest .bench/feed-5000.xml [--top 30] [--sort tottime]

The worker pool is replaced by an in-process one, so the profile covers reading, parsing, converting,
spooling and the commit in one place. It prints CPU seconds per phase (worker `process` calls against
the rest), then cProfile's top entries. The figures in the ingest-speed notes come from this script.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from core import config
from core.auth import Actor
from core.db import Database
from core.ingest import run


class InProcessPool:
    """The pool's interface, run in this process, timing each call of the worker function."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.calls = 0

    def start(self, module: str) -> None:
        return None

    def map_ordered(self, fn: Callable[[Any], Any], items: Iterable[Any], window: int | None = None) -> Iterator[Any]:
        for item in items:
            started = time.process_time()
            result = fn(item)
            self.cpu += time.process_time() - started
            self.calls += 1
            yield result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("feed", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--no-profile", action="store_true", help="only the CPU seconds per phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-ingest-") as tmp:
        cfg = config.Settings(data_dir=Path(tmp), seed_on_start=False)
        db = Database(cfg.db, memory_limit=cfg.duckdb_memory_limit, threads=cfg.duckdb_threads)
        pool = InProcessPool()
        profiler = cProfile.Profile()
        started, cpu_started = time.monotonic(), time.process_time()
        if not args.no_profile:
            profiler.enable()
        result = run.ingest_file(db, args.feed, Actor("profile", "admin"), config=cfg, pool=pool)  # type: ignore[arg-type]
        profiler.disable()
        cpu = time.process_time() - cpu_started
        db.close()
    print(f"{result.status}: {result.converted:,} converted, {result.rejected:,} rejected")
    print(f"wall {time.monotonic() - started:.2f} s, CPU {cpu:.2f} s")
    print(f"  worker.process ({pool.calls} batches): {pool.cpu:.2f} s CPU")
    print(f"  the rest (reading, splitting, spooling, commit): {cpu - pool.cpu:.2f} s CPU")
    if not args.no_profile:
        print("(profiled: cProfile's overhead inflates both)\n")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
