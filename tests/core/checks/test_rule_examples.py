"""Every rule's examples, through the real ingest pipeline into a real database.

Product rules: one feed in which each product is one example (a failing one breaks exactly its rule, a
passing one none), plus the clean base product; the exact set of (rule, severity) found on each product is
asserted. File rules: each example is a whole message, ingested on its own. Catalogue rules: the `before`
product is delivered and approved first. Q37 (channel restrictions) is enforced at export time and is
covered by the export tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.checks import examples
from core.checks.catalogue import Example, Rule, rules
from core.config import Settings
from core.db import Database
from core.ingest.run import ingest_file
from core.review import decisions
from tests.conftest import ADMIN, make_settings

PRODUCT_RULES = [r for r in rules().values() if r.scope == "product" and r.check not in ("reading", "export")]
FILE_RULES = [r for r in rules().values() if r.scope == "file"]
CATALOG_RULES = [r for r in rules().values() if r.scope == "catalog"]


def product_findings(db: Database, run_id: int | None = None) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    with db.cursor() as cur:
        rows = cur.execute(
            "SELECT product_key, rule_id, severity FROM findings WHERE status <> 'resolved' "
            "AND ($run IS NULL OR run_id = $run)",
            {"run": run_id},
        ).fetchall()
    for key, rule_id, severity in rows:
        found.setdefault(key or "(file)", set()).add((rule_id, severity))
    return found


def expected(rule: Rule, example: Example) -> set[tuple[str, str]]:
    return set() if example.passes else {(rule.id, example.severity or rule.severity)}


def test_every_rule_of_the_catalogue_is_defined_with_examples() -> None:
    assert sorted(rules()) == [f"Q{n:02d}" for n in range(1, 41)]
    for rule in rules().values():
        assert rule.message and rule.fix and rule.title and rule.field
        if rule.check != "export":
            assert rule.failing and rule.passing, f"{rule.id} needs failing and passing examples"


def test_a_feed_of_examples_gives_exactly_each_products_rule(db: Database, cfg: Settings, tmp_path: Path) -> None:
    products: list[bytes] = []
    want: dict[str, tuple[str, set[tuple[str, str]]]] = {}
    number = 0
    for rule in PRODUCT_RULES:
        for example in rule.examples:
            number += 1
            xml, key = examples.product(example, number)
            products.append(xml)
            want[key] = (f"{rule.id} {'passes' if example.passes else 'fails'}: {example.about}", expected(rule, example))
    base, base_key = examples.product(None, 0)
    products.append(base)
    want[base_key] = ("the clean base product", set())
    feed = tmp_path / "examples.xml"
    feed.write_bytes(examples.message(products))

    result = ingest_file(db, feed, ADMIN, config=cfg)

    assert result.status in ("succeeded", "partial"), result.error
    found = product_findings(db)
    mismatches = [
        f"{about}: expected {sorted(rules_)}, found {sorted(found.get(key, set()))}"
        for key, (about, rules_) in want.items()
        if found.get(key, set()) != rules_
    ]
    assert mismatches == []
    assert set(found) <= set(want), "findings on products no example made"


FILE_EXAMPLES = [(rule, example) for rule in FILE_RULES for example in rule.examples]


@pytest.mark.parametrize(
    ("rule", "example"), FILE_EXAMPLES, ids=[f"{r.id}-{'pass' if e.passes else 'fail'}-{i}" for i, (r, e) in enumerate(FILE_EXAMPLES)]
)
def test_file_rule_example(rule: Rule, example: Example, tmp_path: Path) -> None:
    cfg = make_settings(tmp_path)
    db = Database(cfg.db)
    feed = tmp_path / "message.xml"
    feed.write_bytes(examples.file_message(example, 1))

    result = ingest_file(db, feed, ADMIN, config=cfg, strict=bool(example.spec.get("strict")))

    with db.cursor() as cur:
        found = set(cur.execute("SELECT rule_id, severity FROM findings").fetchall())
    db.close()
    assert found == expected(rule, example), f"{rule.id}: {example.about} ({result.status}: {result.error})"


CATALOG_EXAMPLES = [(rule, example) for rule in CATALOG_RULES for example in rule.examples]


@pytest.mark.parametrize(
    ("rule", "example"), CATALOG_EXAMPLES, ids=[f"{r.id}-{'pass' if e.passes else 'fail'}" for r, e in CATALOG_EXAMPLES]
)
def test_catalogue_rule_example(rule: Rule, example: Example, db: Database, cfg: Settings, tmp_path: Path) -> None:
    before, key = examples.product(example, 1, edits_key="before")
    sender = example.spec.get("before_sender")
    header = examples.HEADER.replace("Rule Examples Ltd", sender) if sender else examples.HEADER
    first = tmp_path / "before.xml"
    first.write_bytes(examples.message([before], header=header.replace("20261101", "20261001")))
    earlier = ingest_file(db, first, ADMIN, config=cfg)
    assert decisions.approve(db, ADMIN, decisions.pending_ids(db, earlier.run_id)).blocked == {}
    now, same_key = examples.product(example, 1)
    assert same_key == key
    second = tmp_path / "now.xml"
    second.write_bytes(examples.message([now]))

    result = ingest_file(db, second, ADMIN, config=cfg)

    assert product_findings(db, result.run_id).get(key, set()) == expected(rule, example), example.about
