"""Command line: regenerate the committed samples, or write a clean benchmark feed.

python -m core.samples [--out DIR]                                  # data/samples by default
python -m core.samples --products N [--seed S] [--workers W] OUT.xml
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from core.samples.feed import write_feed
from core.samples.folder import DEFAULT_DIR, write_samples


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.1f} kB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core.samples",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("output", nargs="?", type=Path, help="benchmark feed to write (with --products)")
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR, help="folder for the sample deliveries")
    parser.add_argument("--products", type=int, help="write a clean feed of this many products")
    parser.add_argument("--seed", type=int, default=1, help="seed of the benchmark feed (default 1)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for a benchmark feed (default: one per CPU for large feeds)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if args.products is None:
        if args.output is not None:
            parser.error("OUT.xml needs --products N (without it, use --out DIR for the samples)")
        for path in write_samples(args.out):
            print(f"wrote {path} ({_size(path)})")
        return 0
    if args.output is None:
        parser.error("--products needs an output file, e.g. python -m core.samples --products 50000 big.xml")
    count = write_feed(args.output, products=args.products, seed=args.seed, workers=args.workers)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.output} ({count} products, seed {args.seed}, {_size(args.output)}, {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
