"""The legacy feed is real-looking ONIX 2.1: Latin-1 bytes, DOCTYPE, no namespace, valid, clean but for
the findings its format habits imply (registered, and checked here from the XML alone)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from lxml import etree
from samples_facts import gtin_ok, hardened_parser
from samples_legacy import (
    isbn10_ok,
    isbn10_to_13,
    product_chunks,
    product_key,
    rights,
    rules_broken21,
    with_namespace,
)

from core.samples import SampleSet, build_short_feed, sample_defects

DOCTYPE = b'<!DOCTYPE ONIXMessage SYSTEM "http://www.editeur.org/onix/2.1/reference/onix-international.dtd">'
SENT = date(2026, 11, 24)


@pytest.fixture(scope="module")
def root(legacy_raw: bytes) -> etree._Element:
    parsed: etree._Element = etree.fromstring(legacy_raw, hardened_parser())
    return parsed


@pytest.fixture(scope="module")
def products(root: etree._Element) -> list[etree._Element]:
    return root.findall("Product")


def test_declared_and_really_iso_8859_1(legacy_raw: bytes) -> None:
    assert legacy_raw.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n')
    with pytest.raises(UnicodeDecodeError):
        legacy_raw.decode("utf-8")
    text = legacy_raw.decode("iso-8859-1")
    # Accented names and titles, written as single Latin-1 bytes (é is 0xE9, ü is 0xFC).
    assert "Éditions du Moulin" in text and "Mühlstein Hörbücher" in text
    assert b"\xe9" in legacy_raw and b"\xfc" in legacy_raw
    assert b"\xc3\xa9" not in legacy_raw  # no UTF-8 é slipped in


def test_doctype_and_no_namespace_nor_release(legacy_raw: bytes, root: etree._Element) -> None:
    assert legacy_raw.split(b"\n")[1] == DOCTYPE
    assert root.tag == "ONIXMessage"  # no namespace
    assert "release" not in root.attrib and not root.nsmap
    assert (root.getroottree().docinfo.encoding or "").upper() == "ISO-8859-1"


def test_header(root: etree._Element) -> None:
    header = root.find("Header")
    assert header is not None
    assert [etree.QName(c).localname for c in header] == [
        "FromEANNumber",
        "FromCompany",
        "FromPerson",
        "FromEmail",
        "MessageNumber",
        "SentDate",
        "DefaultLanguageOfText",
        "DefaultCurrencyCode",
    ]
    assert header.findtext("FromCompany") == "Old Mill Audio"
    assert gtin_ok(header.findtext("FromEANNumber", ""))
    assert header.findtext("SentDate") == SENT.strftime("%Y%m%d")


def test_product_count_counted_independently(legacy_raw: bytes, products: list[etree._Element]) -> None:
    assert legacy_raw.count(b"<Product>") == legacy_raw.count(b"</Product>") == 40
    assert len(products) == 40
    assert len(product_chunks(legacy_raw)) == 40


def test_validates_against_the_21_reference_xsd(root: etree._Element, schema_21: etree.XMLSchema) -> None:
    message = with_namespace(root)
    assert schema_21.validate(message), str(schema_21.error_log)[:2000]
    # The schema is really applied: a product without its title is rejected.
    broken = with_namespace(root)
    first = broken.find("{http://www.editeur.org/onix/2.1/reference}Product")
    assert first is not None
    first.remove(first.find("{http://www.editeur.org/onix/2.1/reference}Title"))
    assert not schema_21.validate(broken)


def test_21_structures(legacy_raw: bytes, products: list[etree._Element]) -> None:
    assert Counter(p.findtext("NotificationType") for p in products) == {"03": 39, "02": 1}
    assert {p.findtext("ProductForm") for p in products} == {"AJ", "AC"}
    assert sum(p.findtext("ProductForm") == "AC" for p in products) == 3
    assert all(
        p.find("ProductIdentifier[ProductIDType='15']") is not None
        for p in products
        if p.find("ISBN") is None
    )
    assert sum(p.find("EAN13") is not None for p in products) >= 5
    assert all(p.find("Title/TitleType") is not None for p in products)
    assert any(p.find("Title/TitlePrefix") is not None for p in products)
    assert any(
        p.find("Series/TitleOfSeries") is not None and p.find("Series/NumberWithinSeries") is not None
        for p in products
    )
    assert all(p.find("Extent[ExtentType='09'][ExtentUnit='05']") is not None for p in products)
    assert all(p.find("OtherText[TextTypeCode='01']") is not None for p in products)
    assert any(p.find("OtherText[TextFormat='02']") is not None for p in products)
    assert all(
        p.find("MediaFile[MediaFileTypeCode='04'][MediaFileLinkTypeCode='01']") is not None for p in products
    )
    assert all(p.find("MediaFile[MediaFileTypeCode='44']") is not None for p in products)
    assert any(p.find("BASICMainSubject") is not None for p in products)
    assert all(
        p.findtext("Publisher/PublishingRole") == "01" and p.findtext("Imprint/ImprintName") for p in products
    )
    assert {
        a for p in products for a in (d.findtext("AvailabilityCode") for d in p.iterfind("SupplyDetail"))
    } == {
        "IP",
        "NP",
    }
    territories = Counter(t.text for p in products for t in p.iterfind(".//RightsTerritory"))
    assert territories["WORLD"] >= 5 and territories["ROW"] >= 5
    assert any(p.find("NotForSale/RightsCountry") is not None for p in products)
    assert any(p.find("SalesRights[SalesRightsType='03']/RightsCountry") is not None for p in products)
    # 2.1 has no AN/AO forms and no ProductSupply: nothing of 3.0 leaked in.
    assert b"<DescriptiveDetail>" not in legacy_raw and b"<ProductSupply>" not in legacy_raw


def test_isbns_new_block_valid_and_one_isbn10(products: list[etree._Element]) -> None:
    keys = [product_key(p) for p in products]
    assert len(set(keys)) == 40
    assert all(gtin_ok(k) and k.startswith("978191573") for k in keys)
    (only_isbn10,) = [p for p in products if p.find("ISBN") is not None]
    isbn10 = only_isbn10.findtext("ISBN", "")
    assert isbn10_ok(isbn10) and only_isbn10.find("ProductIdentifier") is None
    assert isbn10_to_13(isbn10) == product_key(only_isbn10)


def test_keys_do_not_collide_with_the_other_sample_files(
    products: list[etree._Element], samples: SampleSet
) -> None:
    others = {p.isbn for p in samples.delivery_2} | {p.isbn for p in build_short_feed().products}
    others |= {r.isbn for p in samples.delivery_2 for r in p.related}
    assert not others & {product_key(p) for p in products}


def test_findings_are_exactly_the_registered_ones(legacy_raw: bytes, products: list[etree._Element]) -> None:
    expected: dict[str, set[str]] = {}
    for d in sample_defects():
        if d.file == "legacy-2.1.xml":
            expected.setdefault(d.gtin, set()).add(d.rule)
    found = {}
    for product, raw in zip(products, product_chunks(legacy_raw), strict=True):
        broken = rules_broken21(product, raw, SENT)
        if broken:
            found[product_key(product)] = broken
    assert found == expected
    assert Counter(r for rules in found.values() for r in rules) == {"Q12": 3, "Q09": 1, "Q27": 2}


def test_rights_are_consistent_with_the_supply(products: list[etree._Element]) -> None:
    for p in products:
        for_sale, not_for_sale = rights(p)
        supplied = {c for d in p.iterfind("SupplyDetail") for c in d.findtext("SupplyToCountry", "").split()}
        assert supplied and supplied <= for_sale and not for_sale & not_for_sale


def test_readme_lists_the_legacy_findings(readme: str) -> None:
    rows = re.findall(r"^\| (legacy-2\.1\.xml) \| (\d{13}) \| (\S+) \| (Q\d\d) \| (\w+) \|", readme, re.M)
    assert Counter(rows) == Counter(
        (d.file, d.gtin, d.record_reference, d.rule, d.severity)
        for d in sample_defects()
        if d.file == "legacy-2.1.xml"
    )
    assert "exercises the 2.1 converter, ISO-8859-1 and ROW/WORLD" in readme
