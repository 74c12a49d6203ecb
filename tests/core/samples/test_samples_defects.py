"""The defect registry agrees with the files: each defect is really there, alone, and nothing else is."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import etree
from samples_facts import NS, gtin_ok, one, rules_broken, t
from samples_files import C0, Feed

from core.samples import SampleSet, build_legacy, sample_defects

PRODUCT_SCOPE_EXCLUDED = {"Q01", "Q40"}  # file-level and catalogue-level: checked separately below
EXPECTED_RULES = [
    "Q01",
    "Q08",
    "Q09",
    "Q12",
    "Q14",
    "Q15",
    "Q16",
    "Q17",
    "Q18",
    "Q19",
    "Q20",
    "Q21",
    "Q22",
    "Q23",
    "Q24",
    "Q25",
    "Q26",
    "Q27",
    "Q28",
    "Q29",
    "Q31",
    "Q32",
    "Q33",
    "Q34",
    "Q35",
]


def _gtin(product: etree._Element) -> str:
    return one(product, "o:ProductIdentifier[o:ProductIDType='15']/o:IDValue/text()") or ""


def _by_gtin(feed: Feed) -> dict[str, etree._Element]:
    return {_gtin(p): p for p in feed.products}


def _raw_products(feed: Feed) -> dict[str, bytes]:
    """Each product's raw bytes keyed by its RecordReference (before any control byte is removed)."""
    chunks = re.findall(rb"<Product>.*?</Product>", feed.raw, re.S)
    return {
        re.search(rb"<RecordReference>(.*?)</RecordReference>", c).group(1).decode(): c  # type: ignore[union-attr]
        for c in chunks
    }


def test_every_requested_rule_has_exactly_one_product_in_delivery_1(samples: SampleSet) -> None:
    rules = [d.rule for d in samples.defects if d.file == "delivery-1.xml"]
    assert rules == EXPECTED_RULES
    assert len({d.gtin for d in samples.defects if d.file == "delivery-1.xml"}) == len(rules)


def test_public_registry_is_the_sample_set_registry(samples: SampleSet) -> None:
    assert sample_defects() == samples.defects + build_legacy().findings
    # The three extra files carry no deliberate defect: only the legacy feed's format habits.
    assert {d.file for d in sample_defects()} == {"delivery-1.xml", "delivery-2.xml", "legacy-2.1.xml"}


@pytest.mark.parametrize("name", ["delivery_1", "delivery_2"])
def test_q16_product_has_a_reader_and_an_e03_narrator(
    name: str, request: pytest.FixtureRequest, samples: SampleSet
) -> None:
    feed: Feed = request.getfixturevalue(name)
    (q16,) = [d for d in samples.defects if d.file == feed.name and d.rule == "Q16"]
    product = _by_gtin(feed)[q16.gtin]
    roles = t(product, "o:DescriptiveDetail/o:Contributor/o:ContributorRole/text()")
    assert roles.count("E07") == 1 and roles.count("E03") == 1
    assert roles.index("E07") < roles.index("E03")
    assert one(product, "o:DescriptiveDetail/o:PrimaryContentType/text()") == "01"
    assert rules_broken(product, feed.sent) == {"Q16"}


@pytest.mark.parametrize("name", ["delivery_1", "delivery_2"])
def test_each_product_breaks_exactly_the_registered_rules(
    name: str, request: pytest.FixtureRequest, samples: SampleSet
) -> None:
    feed: Feed = request.getfixturevalue(name)
    expected: dict[str, set[str]] = {}
    for d in samples.defects:
        if d.file == feed.name and d.rule not in PRODUCT_SCOPE_EXCLUDED:
            expected.setdefault(d.gtin, set()).add(d.rule)
    found: dict[str, set[str]] = {}
    for product in feed.products:
        if one(product, "o:NotificationType/text()") == "05":
            continue
        broken = rules_broken(product, feed.sent)
        if broken:
            found[_gtin(product)] = broken
    assert found == expected


@pytest.mark.parametrize("name", ["delivery_1", "delivery_2"])
def test_control_byte_is_in_the_registered_product_only(
    name: str, request: pytest.FixtureRequest, samples: SampleSet
) -> None:
    feed: Feed = request.getfixturevalue(name)
    q01 = [d for d in samples.defects if d.file == feed.name and d.rule == "Q01"]
    assert len(q01) == 1
    dirty = {ref for ref, raw in _raw_products(feed).items() if C0.search(raw)}
    assert dirty == {q01[0].record_reference}
    assert feed.raw.count(b"\x10") == 1
    assert C0.sub(b"", feed.raw).count(b"\x10") == 0  # nothing else in the file is a C0 control


def test_q08_isbn_really_has_a_bad_check_digit(delivery_1: Feed, samples: SampleSet) -> None:
    (d,) = [d for d in samples.defects if d.file == "delivery-1.xml" and d.rule == "Q08"]
    product = _by_gtin(delivery_1)[d.gtin]
    values = [
        v
        for v in t(
            product, "o:ProductIdentifier[o:ProductIDType='15' or o:ProductIDType='03']/o:IDValue/text()"
        )
    ]
    assert values and all(not gtin_ok(v) for v in values)
    assert all(gtin_ok(g) for g in _by_gtin(delivery_1) if g != d.gtin)


def test_q09_identifiers_differ_and_are_both_valid(delivery_1: Feed, samples: SampleSet) -> None:
    (d,) = [d for d in samples.defects if d.file == "delivery-1.xml" and d.rule == "Q09"]
    product = _by_gtin(delivery_1)[d.gtin]
    isbn = one(product, "o:ProductIdentifier[o:ProductIDType='15']/o:IDValue/text()")
    gtin = one(product, "o:ProductIdentifier[o:ProductIDType='03']/o:IDValue/text()")
    assert isbn and gtin and isbn != gtin and gtin_ok(isbn) and gtin_ok(gtin)


def test_q35_comma_and_q24_deu_are_literally_in_the_file(delivery_1: Feed) -> None:
    assert delivery_1.raw.count(b"<PriceAmount>13,99</PriceAmount>") == 1
    assert delivery_1.raw.count(b"<LanguageCode>deu</LanguageCode>") == 2  # text and audio
    assert delivery_1.raw.count(b"<RegionsIncluded>ROW</RegionsIncluded>") == 1
    # Escaped HTML in a Text without textformat: only the Q27 product (others say textformat="02").
    assert delivery_1.raw.count(b"<Text>&lt;p&gt;") == 1


def test_severities_follow_the_rule_catalogue(samples: SampleSet) -> None:
    severity = {d.rule: d.severity for d in samples.defects}
    assert {r for r, s in severity.items() if s == "info"} == {"Q18", "Q29"}
    assert {r for r, s in severity.items() if s == "error"} == {
        "Q01",
        "Q08",
        "Q14",
        "Q15",
        "Q20",
        "Q24",
        "Q31",
        "Q33",
        "Q34",
        "Q35",
    }


def test_readme_table_lists_every_defect(readme: str, samples: SampleSet) -> None:
    rows = re.findall(r"^\| ([\w.-]+\.xml) \| (\d{13}) \| (\S+) \| (Q\d\d) \| (\w+) \|", readme, re.M)
    assert Counter(rows) == Counter(
        (d.file, d.gtin, d.record_reference, d.rule, d.severity) for d in sample_defects()
    )


def test_record_references_are_unique_per_file(delivery_1: Feed, delivery_2: Feed) -> None:
    for feed in (delivery_1, delivery_2):
        references = [p.findtext(f"{{{NS}}}RecordReference") for p in feed.products]
        assert len(references) == len(set(references))
        gtins = [_gtin(p) for p in feed.products]
        assert len(gtins) == len(set(gtins))
