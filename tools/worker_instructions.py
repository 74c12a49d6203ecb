"""Instructions per product of a worker's `process`, counted by valgrind: a figure that repeats.

    .venv/bin/python -m tools.worker_instructions [--feed FILE] [--products 500]

Timings on this machine drift by a fifth within minutes; an instruction count repeats within 0.2 %,
whatever else runs. The feed's first products are split into batches as an ingest splits them; one batch
warms the worker up, then callgrind counts the `process` calls over the next `--products` products (the
imports and the reading are not counted). Instructions are not seconds (C and Rust code run more of them
per cycle than the interpreter), so the figure compares versions of the same code, one change at a time.
Needs valgrind (`apt-get install valgrind`); it runs the worker some fifty times slower than usual.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from core.config import ROOT, settings
from core.feeds.reader import FeedReader, Limits
from core.ingest import batch, worker
from core.ingest.run import _context


def count(feed: Path, products: int) -> None:
    """Run inside valgrind: a warm-up batch, then `process` over `products` products with collection on."""
    reader = FeedReader(feed, Limits(1 << 40, 1 << 30))
    sniffed = reader.open()
    stream = reader.products()
    first = next(stream)
    size = settings().batch_products  # batches as the ingest cuts them
    wanted = [first] + [p for _, p in zip(range(products + size - 1), stream, strict=False)]
    with tempfile.TemporaryDirectory(prefix="worker-instructions-") as spool:
        batches = list(batch.batches(iter(wanted), sniffed, _context(reader, 1), size, lambda p: None, spool))
        worker.process(batches[0])
        control = ["callgrind_control", "--instr"]
        subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
        for each in batches[1:]:
            worker.process(each)
        subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feed", type=Path, default=ROOT / ".bench" / "feed-50000.xml")
    parser.add_argument("--products", type=int, default=500, help="products counted, after a warm-up batch")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        count(args.feed, args.products)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind", file=sys.stderr)
        return 2
    if not args.feed.exists():
        print(f"{args.feed} does not exist: `python -m tools.bench --only ingest` generates it", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="callgrind-") as tmp:
        inner = [sys.executable, "-m", "tools.worker_instructions", "--inner"]
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={tmp}/out"]
        command += [*inner, "--feed", str(args.feed), "--products", str(args.products)]
        done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or not found:
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    total = int(found.group(1))
    print(f"{total / args.products:,.0f} instructions per product ({args.products:,} products of {args.feed.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
