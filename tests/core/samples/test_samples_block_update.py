"""Delivery 3 is a Block 6 update of delivery-1 products; its price moves, computed from the XML alone,
are the README's, and every record merged the ONIX way (Block 6 replaced) stays clean."""

from __future__ import annotations

import copy
import re

import pytest
from lxml import etree
from samples_facts import NS, nodes, one, rules_broken
from samples_files import Feed

BLOCK_6 = {"RecordReference", "NotificationType", "ProductIdentifier", "ProductSupply"}


def _key(product: etree._Element) -> str:
    return one(product, "o:ProductIdentifier[o:ProductIDType='15']/o:IDValue/text()") or ""


def _supply(product: etree._Element) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """Per ProductSupply: market countries, then (type, currency, price countries, amount) per price."""
    markets = []
    for supply in nodes(product, "o:ProductSupply"):
        prices = [
            (
                one(price, "o:PriceType/text()") or "",
                one(price, "o:CurrencyCode/text()") or "",
                one(price, "o:Territory/o:CountriesIncluded/text()") or "",
                one(price, "o:PriceAmount/text()") or "",
            )
            for price in nodes(supply, "o:SupplyDetail/o:Price")
        ]
        markets.append((one(supply, "o:Market/o:Territory/o:CountriesIncluded/text()") or "", prices))
    return markets


def _describe(old: etree._Element, new: etree._Element) -> str:
    before = dict(_supply(old))
    parts = []
    for market, prices in _supply(new):
        if market not in before:
            parts.append(f"market {market} added: " + ", ".join(f"{c} {a}" for _, c, _, a in prices))
            continue
        was = {(t, c, countries): a for t, c, countries, a in before[market]}
        moves = [f"{c} {was[(t, c, n)]} -> {a}" for t, c, n, a in prices if was[(t, c, n)] != a]
        if moves:
            parts.append(f"market {market}: " + ", ".join(moves))
    return "; ".join(parts)


def _readme_rows(readme: str) -> dict[str, tuple[str, str, str]]:
    section = readme.split("## delivery-3-prices.xml", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d{13}) \| (\S+) \| (.*?) \| (.*) \|$", section, re.M)
    return {gtin: (reference, changed, what) for gtin, reference, changed, what in rows}


@pytest.fixture(scope="module")
def first(delivery_1: Feed) -> dict[str, etree._Element]:
    return {_key(p): p for p in delivery_1.products}


@pytest.fixture(scope="module")
def second(delivery_2: Feed) -> dict[str, etree._Element]:
    return {_key(p): p for p in delivery_2.products}


def test_header(delivery_2: Feed, delivery_3: Feed) -> None:
    assert delivery_3.header.findtext(f"{{{NS}}}MessageNumber") == "3"
    assert delivery_3.header.findtext(f"{{{NS}}}Sender/{{{NS}}}SenderName") == "Northgate Audio Distribution"
    assert (delivery_3.sent - delivery_2.sent).days == 7
    assert "Block 6" in (delivery_3.header.findtext(f"{{{NS}}}MessageNote") or "")


def test_only_block_6_and_notification_04(delivery_3: Feed) -> None:
    assert len(delivery_3.products) == 15
    for product in delivery_3.products:
        assert one(product, "o:NotificationType/text()") == "04"
        children = [etree.QName(c).localname for c in product]
        assert set(children) == BLOCK_6, children


def test_validates_against_the_reference_xsd(delivery_3: Feed, schema: etree.XMLSchema) -> None:
    assert schema.validate(delivery_3.root), str(schema.error_log)[:2000]


def test_every_product_is_a_delivery_1_product(
    delivery_3: Feed, first: dict[str, etree._Element], second: dict[str, etree._Element]
) -> None:
    unchanged = changed = 0
    for product in delivery_3.products:
        old = first[_key(product)]
        assert one(old, "o:RecordReference/text()") == one(product, "o:RecordReference/text()")
        assert t_ids(old) == t_ids(product)
        if etree.tostring(old) == etree.tostring(second[_key(product)]):
            unchanged += 1
        else:
            changed += 1
            assert _supply(old) == _supply(second[_key(product)])  # delivery 2 left Block 6 alone
    assert (unchanged, changed) == (13, 2)


def t_ids(product: etree._Element) -> list[tuple[str | None, str | None]]:
    return [
        (one(i, "o:ProductIDType/text()"), one(i, "o:IDValue/text()"))
        for i in nodes(product, "o:ProductIdentifier")
    ]


def test_prices_moved_as_the_readme_says(
    delivery_3: Feed, first: dict[str, etree._Element], readme: str
) -> None:
    rows = _readme_rows(readme)
    assert len(rows) == 15
    added = ups = downs = 0
    for product in delivery_3.products:
        old = first[_key(product)]
        what = _describe(old, product)
        assert what, f"{_key(product)}: no price changed"
        assert rows[_key(product)][0] == one(product, "o:RecordReference/text()")
        assert rows[_key(product)][2] == what
        # Every market of delivery 1 is sent again (Block 6 replaces them all).
        assert {m for m, _ in _supply(old)} <= {m for m, _ in _supply(product)}
        added += what.count(" added: ")
        for old_amount, new_amount in re.findall(r"(\d+\.\d\d) -> (\d+\.\d\d)", what):
            ups += float(new_amount) > float(old_amount)
            downs += float(new_amount) < float(old_amount)
    assert added == 1 and ups >= 5 and downs >= 5


def test_merged_records_stay_clean(delivery_3: Feed, second: dict[str, etree._Element]) -> None:
    for update in delivery_3.products:
        merged = copy.deepcopy(second[_key(update)])
        for supply in nodes(merged, "o:ProductSupply"):
            merged.remove(supply)
        for supply in nodes(update, "o:ProductSupply"):
            merged.append(copy.deepcopy(supply))
        assert rules_broken(merged, delivery_3.sent) == set(), _key(update)
