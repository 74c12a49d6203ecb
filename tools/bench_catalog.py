"""The generated benchmark catalogue: a catalogue of N products built inside DuckDB, shared by the rule,
review and export benchmarks (tools/bench_rules.py, bench_review.py, bench_exports.py).

The catalogue (1,000,000 products by default) is generated inside DuckDB (`queries/bench/`: INSERT ...
SELECT from range(), no Python per product) with the distributions of the sample feeds. What the SQL draws
from comes from `core/samples` and is bound as parameters: languages and their weights, the markets and
currencies of each language (prices formatted by `markets.format_amount`), names, genres with their BISAC
and Thema subjects, titles, series names and descriptions (`blurbs.compose`). Country sets use the storage
encoding (`core.ccf.countryset.to_bits`, bit i = line i of countries.txt). About 7% of products carry one
deliberate defect each (one rule each, as `core/samples/defects.py` does), so the rules find something.
Besides the catalogue, the database holds what an ingest and approvals leave: senders, ingest runs, the
approved conversion of every record, a pending change for 1% of products, source records (20% of products
delivered twice) and the converter's notes; with `history`, the approved version of every product in
`catalog_history` too (what exports read).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from random import Random
from typing import Any

from core.ccf import countryset
from core.ccf.storage import from_row
from core.config import Settings
from core.db import Database
from core.samples import blurbs, names, titles
from core.samples.build import LANGUAGES
from core.samples.deliveries import SENT_1
from core.samples.genres import CONTINENTAL_GENRES, GENRE_BY_KEY, GENRES, THEMA_PLACE
from core.samples.markets import LANGUAGE_MARKETS, format_amount
from core.samples.parties import HARBOR_LANE, KESTREL, LARCHFIELD_SENDER, SENDER, Publisher

GENERATE_MEMORY_LIMIT = "2GB"
"""DuckDB's limit while the catalogue is generated (not what any benchmark measures: the measured steps run
under the project's limits); a million products with their history do not commit in the console's 128MB."""

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


def settings_in(folder: Path) -> Settings:
    """The project's settings (memory limits, threads, batch size) with the data folder and the database
    file in `folder`: both are named, so CONSOLE_DB cannot point a benchmark at a real database."""
    return Settings(data_dir=folder, db=folder / "console.duckdb")


def open_database(cfg: Settings) -> Database:
    """The database as the console and the command line open it (core/cli/common.py, app/state.py)."""
    return Database(cfg.db, memory_limit=cfg.duckdb_memory_limit, threads=cfg.duckdb_threads)


def generate(db: Database, products: int, history: bool = False) -> None:
    """The catalogue of `products` products and what ingests and approvals leave beside it (with
    `history`, each product's approved version in catalog_history too)."""
    runs = -(-products // PER_RUN)
    sent_at = SENT_1
    seen = [SENDER.name, LARCHFIELD_SENDER.name]
    table = lookups()
    picks, languages = table.pop("language_picks"), table["languages"]
    assert len(picks) and all(1 <= p <= len(languages) for p in picks)
    with db.memory_limit(GENERATE_MEMORY_LIMIT), db.transaction() as tx:
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
    if history:
        with db.memory_limit(GENERATE_MEMORY_LIMIT), db.transaction() as tx:
            tx.run("bench/insert_history")
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
