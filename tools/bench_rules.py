"""The rule benchmark (`python -m tools.bench --only rules`): every SQL quality rule over a generated
catalogue in a real DuckDB file, beside the floor of one plain scan of the same table.

The catalogue (1,000,000 products by default) is generated inside DuckDB (`queries/bench/`: INSERT ...
SELECT from range(), no Python per product) with the distributions of the sample feeds. What the SQL draws
from comes from `core/samples` and is bound as parameters: languages and their weights, the markets and
currencies of each language (prices formatted by `markets.format_amount`), names, genres with their BISAC
and Thema subjects, titles, series names and descriptions (`blurbs.compose`). Country sets use the storage
encoding (`core.ccf.countryset.to_bits`, bit i = line i of countries.txt). About 7% of products carry one
deliberate defect each (one rule each, as `core/samples/defects.py` does), so the rules find something.
Besides the catalogue, the database holds what an ingest and approvals leave: senders, ingest runs, the
approved conversion of every record, a pending change for 1% of products, source records (20% of products
delivered twice) and the converter's notes.

The rules then run the way a re-check runs them (`checks/subjects_from_catalog`, `checks/notes_from_catalog`,
`engine.rule_sql`, in a transaction): each rule alone (median of --runs), then all of them through
`engine.run_rules`; the floor is one plain scan of the catalogue that reads its CCF struct. The database
is opened with the project's settings (`memory_limit`, `threads`; CONSOLE_DUCKDB_MEMORY_LIMIT changes the
limit for a comparison). A statement that fails (DuckDB out of memory) is reported, not raised. Figures
only: a benchmark never passes or fails.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from random import Random
from typing import Any

from core.ccf import countryset
from core.ccf.storage import from_row
from core.checks import engine
from core.checks.catalogue import Rule
from core.config import Settings
from core.db import Database, Tx
from core.errors import ConsoleError
from core.samples import blurbs, names, titles
from core.samples.build import LANGUAGES
from core.samples.deliveries import SENT_1
from core.samples.genres import CONTINENTAL_GENRES, GENRE_BY_KEY, GENRES, THEMA_PLACE
from core.samples.markets import LANGUAGE_MARKETS, format_amount
from core.samples.parties import HARBOR_LANE, KESTREL, LARCHFIELD_SENDER, SENDER, Publisher

GOAL_PRODUCTS = 1_000_000
GOAL_SECONDS = 10.0
GOAL = "all product rules over 1,000,000 products under 10 s on a 2-core machine"

PER_RUN = 5_000
"""Products per delivery (ingest run): a 1,000,000-product catalogue came in 200 deliveries."""

DEFECT_SHARE = 0.07
EARLIER_SHARE = 0.20
PENDING_SHARE = 0.01
CHAPTER_SHARE = 0.30

DEFECTS = (
    "Q06", "Q08", "Q09", "Q10", "Q11", "Q12", "Q13", "Q14", "Q15", "Q16", "Q17", "Q18", "Q19", "Q20", "Q21",
    "Q22", "Q23", "Q24", "Q25", "Q26", "Q27", "Q28", "Q29", "Q30", "Q31", "Q32", "Q33", "Q34", "Q35", "Q36",
    "Q38", "Q39", "Q40",
)  # fmt: skip
"""The rules a generated defect breaks (the edits are in queries/bench/insert_catalog.sql and the notes,
sources and pending conversions beside it); every SQL rule has one."""

EXCL_TAX = frozenset({"US", "CA"})
"""Where list prices exclude tax (PriceType 01), as core/samples/markets.py prices them."""


# -- what the generator draws from -----------------------------------------------------------------


def _publisher(p: Publisher) -> dict[str, Any]:
    return {
        "key": p.key,
        "name": p.name,
        "record_prefix": p.record_prefix,
        "cover_slug": p.cover_slug,
        "imprints": list(p.imprints),
        "proprietary_name": p.proprietary_id_name,
        "proprietary_prefix": p.proprietary_prefix,
    }


def _market_groups(language: str) -> list[list[dict[str, Any]]]:
    """Each market option of a language as its prices: one per currency, for that currency's countries, with
    the amount for every whole-dollar base price of 9.99 to 34.99 (the generator indexes by base)."""
    options = []
    for option in LANGUAGE_MARKETS[language]:
        groups = []
        for currency, territory, first in option.groups:
            countries = territory.split() if territory else list(option.countries)
            groups.append(
                {
                    "currency": currency,
                    "bits": countryset.to_bits(countries),
                    "excl_tax": first in EXCL_TAX,
                    "amounts": [format_amount(base + 0.99, currency) for base in range(9, 35)],
                }
            )
        options.append(groups)
    return options


def lookups(seed: int = 7) -> dict[str, Any]:
    """The lists insert_catalog draws from, in LANGUAGES order where they are per language."""
    rng = Random(seed)
    genres = [
        {
            "key": g.key,
            "fiction": g.fiction,
            "bisac": g.bisac[0],
            "bisac_heading": g.bisac[1],
            "bisac_extra": [{"code": c, "heading": h} for c, h in g.bisac_extra],
            "thema": g.thema[0],
            "thema_heading": g.thema[1],
            "thema_extra": [{"code": c, "heading": h} for c, h in g.thema_extra],
            "keyword_sets": [blurbs.keywords(rng, g) for _ in range(8)],
            "hours_lo": g.hours[0],
            "hours_hi": g.hours[1],
            "advice": list(g.advice),
            "titles": list(g.titles),
            "subtitles": list(g.subtitles),
        }
        for g in GENRES
    ]

    def genre_pool(language: str) -> list[Any]:
        return list(GENRES) if language == "eng" else [GENRE_BY_KEY[k] for k in CONTINENTAL_GENRES]

    def blurb(language: str) -> dict[str, str]:
        genre = rng.choice(genre_pool(language))
        place = rng.choice(names.PLACES[language])
        title = titles.fiction_title(rng, language, place) if genre.fiction else rng.choice(genre.titles)
        hero, other = rng.sample(names.FIRST_NAMES[language], 2)
        narrator = names.person(rng, language).display
        b = blurbs.compose(
            rng, language=language, genre=genre, title=title, hero=hero, other=other, place=place,
            narrator=narrator, cast=None,
        )  # fmt: skip
        return {"plain": b.plain, "html": b.html, "hook": b.hook}

    def fiction_titles(language: str) -> list[str]:
        if language in titles.FICTION_TITLES:
            return list(titles.FICTION_TITLES[language])
        found = {titles.fiction_title(rng, language, rng.choice(names.PLACES[language])) for _ in range(400)}
        return sorted(found)

    # Publishers alternate by position: Harbor Lane (English only) and Kestrel (its language weights).
    picks = [LANGUAGES.index("eng") + 1] * sum(w for _, w in KESTREL.languages)
    for language, weight in KESTREL.languages:
        picks += [LANGUAGES.index(language) + 1] * weight
    order = countryset.order()
    in_markets = {c for options in LANGUAGE_MARKETS.values() for o in options for c in o.countries}
    return {
        "language_picks": picks,
        "languages": list(LANGUAGES),
        "first_names": [list(names.FIRST_NAMES[lang]) for lang in LANGUAGES],
        "surnames": [list(names.SURNAMES[lang]) for lang in LANGUAGES],
        "corporate": list(names.CORPORATE_AUTHORS),
        "genres": genres,
        "continental": [GENRES.index(GENRE_BY_KEY[k]) + 1 for k in CONTINENTAL_GENRES],
        "fiction_titles": [fiction_titles(lang) for lang in LANGUAGES],
        "series_names": [
            sorted(
                {
                    titles.series_name(rng, lang, rng.choice(names.PLACES[lang]), rng.choice(names.SURNAMES[lang]))
                    for _ in range(60)
                }
            )
            for lang in LANGUAGES
        ],
        "chapter_words": [titles.CHAPTER_WORDS[lang][0] for lang in LANGUAGES],
        "thema_places": [{"code": THEMA_PLACE[lang][0], "heading": THEMA_PLACE[lang][1]} for lang in LANGUAGES],
        "blurbs": [[blurb(lang) for _ in range(48)] for lang in LANGUAGES],
        "markets": [_market_groups(lang) for lang in LANGUAGES],
        "publishers": [_publisher(HARBOR_LANE), _publisher(KESTREL)],
        "world": countryset.to_bits(order),
        "nothing": countryset.to_bits([]),
        # Excluded countries are never a market's (rights sold elsewhere) nor ZA (Q34's conflict).
        "exclusion_pool": [bit for bit, code in enumerate(order) if code not in in_markets and code != "ZA"],
        "za": order.index("ZA"),
    }


# -- generating ------------------------------------------------------------------------------------


def generate(db: Database, products: int) -> None:
    """The catalogue of `products` products and what ingests and approvals leave beside it."""
    runs = -(-products // PER_RUN)
    sent_at = SENT_1
    seen = [SENDER.name, LARCHFIELD_SENDER.name]
    table = lookups()
    picks, languages = table.pop("language_picks"), table["languages"]
    assert len(picks) and all(1 <= p <= len(languages) for p in picks)
    with db.transaction() as tx:
        for macro in ("bench/create_chance", "bench/create_pick", "bench/create_gtin"):
            tx.run(macro)
        tx.run(
            "bench/create_plan",
            products=products,
            per_run=PER_RUN,
            runs=runs,
            sent_at=sent_at,
            language_picks=picks,
            defects=list(DEFECTS),
            defect_share=DEFECT_SHARE,
            earlier_share=EARLIER_SHARE,
            pending_share=PENDING_SHARE,
        )
        tx.run("bench/insert_senders", names=seen, seen_at=sent_at)
        tx.run("bench/insert_runs", runs=runs, per_run=PER_RUN, sent_at=sent_at, names=seen)
        tx.run(
            "bench/insert_catalog",
            **table,
            sender=SENDER.name,
            chapter_share=CHAPTER_SHARE,
            approved_at=sent_at + timedelta(days=1),
        )
        tx.run("bench/insert_conversions")
        tx.run("bench/insert_pending", products=products, runs=runs, created_at=sent_at + timedelta(days=2))
        tx.run("bench/insert_sources", products=products, runs=runs)
        tx.run("bench/insert_notes", runs=runs)
        tx.run("bench/drop_plan")
    db.scalar("bench/checkpoint")


def validate(db: Database, products: int) -> None:
    """Read a few generated records back through storage (pydantic validates them): the generator writes
    what the converter would, in the storage encoding."""
    keys = db.read("bench/sample_keys", every=max(1, products // 25))["product_key"].to_list()
    for key in keys:
        row = db.one("catalog/record", gtin=key)
        assert row is not None, key
        record = from_row(row["ccf"])
        excluded = set(record.sales_rights.not_for_sale) - {"ZA"}
        assert record.product_key == key and 1 <= len(excluded) <= 3, record.sales_rights
        assert len(record.sales_rights.for_sale) == len(countryset.order()) - len(excluded), key
        assert record.prices and all(p.countries for p in record.prices), key


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
                tx.run("checks/subjects_from_catalog")
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
    """One rule as engine.run_rules runs it: its SQL into a fresh staged_findings, then the count."""
    sql, params = engine.rule_sql(rule), _params(rule)

    def once(tx: Tx) -> int:
        tx.run("checks/create_staged")
        tx.execute(sql, params)
        return int(tx.scalar("checks/count_staged"))

    return _timed(db, f"{rule.id} {rule.check}", runs, once, rule.scope)


def measure(db: Database, runs: int) -> tuple[int, list[Timing], list[Timing], Timing]:
    """(subjects, the floors, one timing per rule, all rules through engine.run_rules)."""
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
        db, "all rules: engine.run_rules", runs, lambda tx: sum(engine.run_rules(tx).values()), "all"
    )  # fmt: skip
    return subjects, floors, timings, total


# -- the report ------------------------------------------------------------------------------------


def bench_rules(products: int, runs: int) -> None:
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-rules-") as tmp:
        # The project's settings (memory limit, threads); the file is named too, so CONSOLE_DB cannot point
        # the benchmark at a real database.
        cfg = Settings(data_dir=Path(tmp), db=Path(tmp) / "console.duckdb")
        db = Database(cfg.db, memory_limit=cfg.duckdb_memory_limit, threads=cfg.duckdb_threads)
        try:
            started = time.perf_counter()
            generate(db, products)
            made = time.perf_counter() - started
            size_mb = cfg.db.stat().st_size / 1e6
            validate(db, products)
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
        f"DuckDB memory_limit {cfg.duckdb_memory_limit}, {cfg.duckdb_threads} threads"
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
