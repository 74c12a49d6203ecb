"""Delivery 2 against delivery 1, computed from the XML alone and compared with the README."""

from __future__ import annotations

import re

from lxml import etree
from samples_facts import NS, one, t
from samples_files import Feed

from core.samples import SampleSet


def _key(product: etree._Element) -> str:
    return one(product, "o:ProductIdentifier[o:ProductIDType='15']/o:IDValue/text()") or ""


def _compare(first: Feed, second: Feed) -> dict[str, list[str]]:
    before = {_key(p): p for p in first.products}
    result: dict[str, list[str]] = {"unchanged": [], "changed": [], "rekeyed": [], "new": [], "deleted": []}
    for product in second.products:
        gtin = _key(product)
        old = before.get(gtin)
        if one(product, "o:NotificationType/text()") == "05":
            result["deleted"].append(gtin)
        elif old is None:
            result["new"].append(gtin)
        elif etree.tostring(old, with_tail=False) == etree.tostring(product, with_tail=False):
            result["unchanged"].append(gtin)
        elif one(old, "o:RecordReference/text()") != one(product, "o:RecordReference/text()"):
            result["rekeyed"].append(gtin)
        else:
            result["changed"].append(gtin)
    return result


def _readme_count(readme: str, label: str) -> int:
    match = re.search(rf"^\| {re.escape(label)}[^|]* \| (\d+) \|$", readme, re.M)
    assert match, label
    return int(match.group(1))


def test_counts_match_the_readme(delivery_1: Feed, delivery_2: Feed, readme: str) -> None:
    diff = _compare(delivery_1, delivery_2)
    assert {k: len(v) for k, v in diff.items()} == {
        "unchanged": _readme_count(readme, "unchanged"),
        "changed": _readme_count(readme, "changed"),
        "rekeyed": _readme_count(readme, "re-keyed"),
        "new": _readme_count(readme, "new"),
        "deleted": _readme_count(readme, "deleted"),
    }
    assert len(diff["new"]) == 12 and len(diff["deleted"]) == 1 and len(diff["rekeyed"]) == 1
    assert 18 <= len(diff["changed"]) <= 22
    # Every delivery-1 product is in delivery 2 (one of them as the delete).
    assert {_key(p) for p in delivery_1.products} <= {_key(p) for p in delivery_2.products}


def test_changed_products_are_the_registered_ones(
    delivery_1: Feed, delivery_2: Feed, samples: SampleSet
) -> None:
    diff = _compare(delivery_1, delivery_2)
    assert sorted(diff["changed"]) == sorted(c.gtin for c in samples.changes)
    assert diff["new"] == samples.new_gtins


def test_exactly_one_delete_carrying_identity_only(delivery_2: Feed, readme: str) -> None:
    deletes = [p for p in delivery_2.products if one(p, "o:NotificationType/text()") == "05"]
    assert len(deletes) == 1
    children = [etree.QName(c).localname for c in deletes[0]]
    assert set(children) <= {"RecordReference", "NotificationType", "DeletionText", "ProductIdentifier"}
    assert f"deleted: GTIN {_key(deletes[0])}" in readme


def test_identity_drift_product(delivery_1: Feed, delivery_2: Feed, samples: SampleSet) -> None:
    (q40,) = [d for d in samples.defects if d.rule == "Q40"]
    assert q40.file == "delivery-2.xml"
    old = [p for p in delivery_1.products if _key(p) == q40.gtin]
    new = [p for p in delivery_2.products if _key(p) == q40.gtin]
    assert len(old) == len(new) == 1
    old_ref, new_ref = one(old[0], "o:RecordReference/text()"), one(new[0], "o:RecordReference/text()")
    assert new_ref == q40.record_reference and old_ref != new_ref
    # The old RecordReference is not sent any more.
    assert old_ref not in {one(p, "o:RecordReference/text()") for p in delivery_2.products}


def test_headers(delivery_1: Feed, delivery_2: Feed) -> None:
    for feed, number in ((delivery_1, "1"), (delivery_2, "2")):
        header = feed.header
        assert header.findtext(f"{{{NS}}}MessageNumber") == number
        assert header.findtext(f"{{{NS}}}Sender/{{{NS}}}SenderName") == "Northgate Audio Distribution"
    assert (delivery_2.sent - delivery_1.sent).days == 14
    assert len(delivery_1.products) == 240


def test_forthcoming_product_published_between_the_deliveries(
    delivery_1: Feed, delivery_2: Feed, samples: SampleSet
) -> None:
    (change,) = [c for c in samples.changes if c.kind == "status"]
    before = next(p for p in delivery_1.products if _key(p) == change.gtin)
    after = next(p for p in delivery_2.products if _key(p) == change.gtin)
    published = one(before, "o:PublishingDetail/o:PublishingDate[o:PublishingDateRole='01']/o:Date/text()")
    assert published is not None
    assert delivery_1.sent.strftime("%Y%m%d") < published <= delivery_2.sent.strftime("%Y%m%d")
    assert one(before, "o:PublishingDetail/o:PublishingStatus/text()") == "02"
    assert one(after, "o:PublishingDetail/o:PublishingStatus/text()") == "04"


def test_one_price_drop_of_more_than_30_percent(delivery_1: Feed, delivery_2: Feed) -> None:
    before = {_key(p): p for p in delivery_1.products}
    drops = []
    for product in delivery_2.products:
        old = before.get(_key(product))
        if old is None or one(product, "o:NotificationType/text()") == "05":
            continue
        old_prices = [float(a) for a in t(old, ".//o:PriceAmount/text()") if "," not in a]
        new_prices = [float(a) for a in t(product, ".//o:PriceAmount/text()") if "," not in a]
        if len(old_prices) == len(new_prices) and any(
            n < o * 0.7 for o, n in zip(old_prices, new_prices, strict=True)
        ):
            drops.append(_key(product))
    assert len(drops) == 1
