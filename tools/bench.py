"""`make bench`: the console's performance figures, each beside its floor, as medians of several runs.

Benchmarks print figures and ratios; they never pass or fail (the goals are in the issues and in the
notes). Ingest: the real path (`python -m core ingest` in a subprocess, into a fresh database, every step
included) against two floors over the same file: a bare lxml walk that touches every element in Python,
and `xmllint --noout --stream`. Re-delivery: the 50,000-product feed ingested, approved at once, and
re-sent with every price changed, each step from the command line with its peak memory. Block updates:
every product's prices re-sent as block updates onto the ingested 5,000- and 50,000-product feeds. Rules: every SQL
quality rule over a generated catalogue of 1,000,000 products in a fresh DuckDB file, beside a plain scan
of the same table (tools/bench_rules.py). Review: the commit's diff of a 100,000-product re-delivery (10%
changed) against that catalogue, beside a hash join of the two (tools/bench_review.py). Exports: the
catalogue rendered to ONIX 3.0 and Parquet by the export renderers, each in its own process for its peak
memory (tools/bench_exports.py).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

from core.config import ROOT
from tools.bench_exports import bench_exports
from tools.bench_proc import timed
from tools.bench_review import bench_review
from tools.bench_rules import bench_rules

BENCH = ROOT / ".bench"
CHOICES = ["ingest", "memory", "resend", "blocks", "rules", "review", "exports"]
WALK = """
import sys
from lxml import etree
n = 0
for _, el in etree.iterparse(sys.argv[1], events=("end",), resolve_entities=False, no_network=True):
    tag, text, attrs = el.tag, el.text, dict(el.attrib)
    if tag.endswith("}Product") or tag == "Product":
        n += 1
        el.clear(keep_tail=True)
        while el.getprevious() is not None:
            del el.getparent()[0]
print(n)
"""


def feed(products: int, seed: int = 7) -> Path:
    """A clean ONIX 3.0 feed from the project's generator, made once and kept in .bench/."""
    path = BENCH / f"feed-{products}.xml"
    if not path.exists():
        BENCH.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "core.samples", "--products", str(products), "--seed", str(seed), str(path)]
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return path


def ingest_once(path: Path) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        env = {**os.environ, "CONSOLE_DATA_DIR": tmp, "CONSOLE_DB": f"{tmp}/console.duckdb"}
        return timed([sys.executable, "-m", "core", "ingest", str(path)], env)


def xmllint() -> str | None:
    found = shutil.which("xmllint")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing xmllint (Debian's libxml2-utils) for the parse floor...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "libxml2-utils"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("xmllint")


def bench_ingest(products: int, runs: int) -> None:
    """The ingest beside its floors: the machine's speed drifts by a fifth over minutes here, so the floors
    run before the first ingest and after each one, and each ingest is compared with the mean of the floor
    runs just before and just after it (a steady drift cancels out); the median of these ratios is printed."""
    path = feed(products)
    size_mb = path.stat().st_size / 1e6
    print(f"\n## Ingest: {products:,} products, {size_mb:,.0f} MB ({path.name}), median of {runs} rounds")
    lint = xmllint()
    commands = {"floor 1: lxml walk in Python": [sys.executable, "-c", WALK, str(path)]}
    if lint:
        commands["floor 2: xmllint --noout --stream"] = [lint, "--noout", "--stream", str(path)]

    def run_floors() -> dict[str, float]:
        return {name: timed(command)[0] for name, command in commands.items()}

    before = run_floors()
    rounds = []
    for _ in range(runs):
        ingest = ingest_once(path)
        after = run_floors()
        rounds.append((ingest, {name: (before[name] + after[name]) / 2 for name in commands}))
        before = after
    seconds = statistics.median(ingest[0] for ingest, _ in rounds)
    peak = statistics.median(ingest[1] for ingest, _ in rounds)
    tree = statistics.median(ingest[2] for ingest, _ in rounds)
    Row = tuple[str, float, float | None, float | None]
    rows: list[Row] = [("ingest (python -m core ingest)", seconds, peak, tree)]
    rows += [(name, statistics.median(floors[name] for _, floors in rounds), None, None) for name in commands]
    print(f"{'':36} {'seconds':>8} {'MB/s':>7} {'products/s':>11} {'peak RSS MB':>12} {'tree RSS MB':>12}")
    for name, secs, rss, tree_rss in rows:
        peak_text = f"{rss / 1024:12.0f}" if rss else f"{'':12}"
        tree_text = f"{tree_rss / 1024:12.0f}" if tree_rss else f"{'':12}"
        print(f"{name:36} {secs:8.1f} {size_mb / secs:7.1f} {products / secs:11,.0f} {peak_text} {tree_text}")
    for name in commands:
        ratios = [floors[name] / ingest[0] for ingest, floors in rounds]
        each = ", ".join(f"{r:.2f}" for r in ratios)
        print(
            f"ratio ingest / {name.split(':')[0]}: {statistics.median(ratios):.2f} (the ingest's throughput as a "
            f"share of the floor's; median of the rounds' ratios, each against the floor runs on either side of "
            f"its ingest: {each})"
        )
    if not lint:
        print("xmllint is not installed and could not be (apt-get install libxml2-utils): floor 2 skipped")


def bench_memory(sizes: list[int]) -> None:
    """Peak memory of one ingest per size: the 5,000/50,000 pair of the ingest goal, then a large delivery
    (its commit's records are many times DuckDB's memory limit, so it shows that memory stays bounded)."""
    print("\n## Peak memory by file size (one run each)")
    figures = []
    for products in sizes:
        seconds, peak, tree = ingest_once(feed(products))
        figures.append((products, peak, tree))
        print(
            f"{products:>8,} products: peak RSS {peak / 1024:6.0f} MB (largest process), "
            f"{tree / 1024:6.0f} MB (all processes), {seconds:6.1f} s"
        )
    if len(figures) >= 2:
        print(
            f"difference {figures[0][0]:,} / {figures[1][0]:,}: {abs(figures[1][1] - figures[0][1]) / 1024:.0f} MB "
            f"(largest process), {abs(figures[1][2] - figures[0][2]) / 1024:.0f} MB (all processes)"
        )


PRICE = re.compile(rb"<PriceAmount>(\d)")


def resent(path: Path) -> Path:
    """The feed as its publisher would re-send it with new prices: every PriceAmount gains a leading 1, so
    every product is changed (made once, line by line, and kept in .bench/)."""
    changed = path.with_name(f"{path.stem}-changed.xml")
    if not changed.exists():
        with path.open("rb") as source, changed.open("wb") as target:
            for line in source:
                target.write(PRICE.sub(rb"<PriceAmount>1\1", line))
    return changed


def bench_resend(products: int) -> None:
    """A publisher's full feed delivered, approved at once, then re-sent with every price changed: each step
    through the command line into one database, with its peak memory (one run)."""
    path = feed(products)
    print(f"\n## Re-delivery: {products:,} products delivered, approved at once, re-sent all changed (one run)")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        env = {**os.environ, "CONSOLE_DATA_DIR": tmp, "CONSOLE_DB": f"{tmp}/console.duckdb"}
        core = [sys.executable, "-m", "core"]
        steps = [
            ("ingest (all new)", [*core, "ingest", str(path)]),
            ("approve --all-pending", [*core, "approve", "--all-pending"]),
            ("ingest again (all changed)", [*core, "ingest", str(resent(path))]),
        ]
        print(f"{'':36} {'seconds':>8} {'peak RSS MB':>12}")
        for name, command in steps:
            seconds, peak, _ = timed(command, env)
            print(f"{name:36} {seconds:8.1f} {peak / 1024:12.0f}")


ONIX = "{http://ns.editeur.org/onix/3.0/reference}"
KEPT_IN_UPDATE = {"RecordReference", "ProductIdentifier", "ProductSupply"}


def block_updates(path: Path) -> Path:
    """The feed as a publisher's price update: every product as a block update (NotificationType 04) that
    carries only its ProductSupply, each PriceAmount with a leading 1 (made once, streamed, kept in .bench/)."""
    updates = path.with_name(f"{path.stem}-blocks.xml")
    if updates.exists():
        return updates
    with updates.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n')
        for _, el in etree.iterparse(str(path), events=("end",), tag=(f"{ONIX}Header", f"{ONIX}Product")):
            if el.tag == f"{ONIX}Product":
                for child in list(el):
                    name = etree.QName(child).localname
                    if name == "NotificationType":
                        child.text = "04"
                    elif name not in KEPT_IN_UPDATE:
                        el.remove(child)
            # Serialised alone, a product declares the namespace again; the message already does.
            xml = etree.tostring(el, with_tail=False)
            out.write(PRICE.sub(rb"<PriceAmount>1\1", re.sub(rb' xmlns="[^"]*"', b"", xml, count=1)) + b"\n")
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
        out.write(b"</ONIXMessage>\n")
    return updates


def bench_blocks(sizes: list[int]) -> None:
    """A price update sent as block updates onto each feed already ingested: the update's ingest (merging
    every product onto its stored record) with its time and peak memory, one run per size."""
    print("\n## Block updates: every product's ProductSupply re-sent onto the ingested feed (one run each)")
    print(f"{'':36} {'seconds':>8} {'peak RSS MB':>12} {'tree RSS MB':>12}")
    peaks = []
    for products in sizes:
        path = feed(products)
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            env = {**os.environ, "CONSOLE_DATA_DIR": tmp, "CONSOLE_DB": f"{tmp}/console.duckdb"}
            timed([sys.executable, "-m", "core", "ingest", str(path)], env)
            seconds, peak, tree = timed([sys.executable, "-m", "core", "ingest", str(block_updates(path))], env)
        peaks.append(peak)
        print(f"{f'{products:,} block updates':36} {seconds:8.1f} {peak / 1024:12.0f} {tree / 1024:12.0f}")
    if len(peaks) >= 2:
        print(f"difference {sizes[0]:,} / {sizes[1]:,}: {abs(peaks[1] - peaks[0]) / 1024:.0f} MB (largest process)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--catalog-products", type=int, default=1_000_000,
        help="size of the generated catalogue of the rule, review and export benchmarks",
    )  # fmt: skip
    parser.add_argument("--rule-products", type=int, help="catalogue size of the rule benchmark alone")
    parser.add_argument(
        "--delivery-products", type=int, help="products of the review benchmark's delivery (default: a tenth)"
    )
    parser.add_argument(
        "--large-products", type=int, default=200_000, help="the large delivery of the memory benchmark (0: none)"
    )
    parser.add_argument("--only", choices=CHOICES, action="append")
    args = parser.parse_args(argv)
    print(f"# Benchmarks ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    only = set(args.only or CHOICES)
    if "ingest" in only:
        bench_ingest(args.products, args.runs)
    if "memory" in only:
        bench_memory([5_000, args.products] + ([args.large_products] if args.large_products else []))
    if "resend" in only:
        bench_resend(args.products)
    if "blocks" in only:
        bench_blocks([5_000, args.products])
    if "rules" in only:
        bench_rules(args.rule_products or args.catalog_products, args.runs)
    if "review" in only:
        bench_review(args.catalog_products, args.runs, args.delivery_products)
    if "exports" in only:
        bench_exports(args.catalog_products)
    return 0


if __name__ == "__main__":
    sys.exit(main())
