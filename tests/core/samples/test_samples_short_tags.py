"""The short-tag feed: valid ONIX 3.0 short tags whose products, renamed back, are clean reference ones."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from samples_facts import NS, gtin_ok, hardened_parser, rules_broken

from core.feeds.tags import short_to_reference
from core.samples import SampleSet, build_legacy

SHORT_NS = "http://ns.editeur.org/onix/3.0/short"
XHTML_NAMES = {"p", "br", "em", "strong", "b", "i", "ul", "ol", "li"}


@pytest.fixture(scope="module")
def root(short_raw: bytes) -> etree._Element:
    parsed: etree._Element = etree.fromstring(short_raw, hardened_parser())
    return parsed


@pytest.fixture(scope="module")
def as_reference(root: etree._Element) -> etree._Element:
    """The same message with reference names in the reference namespace (the way a reader sees it)."""
    names = short_to_reference("3.0")
    copy = etree.fromstring(etree.tostring(root), hardened_parser())
    for el in copy.iter():
        if isinstance(el.tag, str):
            local = etree.QName(el).localname
            el.tag = f"{{{NS}}}{names.get(local, local)}"
    renamed: etree._Element = etree.fromstring(etree.tostring(copy), hardened_parser())
    return renamed


def test_root_namespace_release_and_encoding(short_raw: bytes, root: etree._Element) -> None:
    assert short_raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert short_raw.split(b"\n")[1] == f'<ONIXmessage release="3.0" xmlns="{SHORT_NS}">'.encode()
    assert root.tag == f"{{{SHORT_NS}}}ONIXmessage" and root.get("release") == "3.0"
    short_raw.decode("utf-8")


def test_validates_against_the_30_short_xsd(root: etree._Element, schema_short: etree.XMLSchema) -> None:
    assert schema_short.validate(root), str(schema_short.error_log)[:2000]


def test_only_short_tags_and_xhtml(root: etree._Element) -> None:
    names = short_to_reference("3.0")
    locals_ = {etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)}
    assert locals_ - set(names) <= XHTML_NAMES
    assert "product" in locals_ and "a001" in locals_ and "Product" not in locals_


def test_product_count_counted_independently(short_raw: bytes, root: etree._Element) -> None:
    assert short_raw.count(b"<product>") == short_raw.count(b"</product>") == 30
    assert len(root.findall(f"{{{SHORT_NS}}}product")) == 30


def test_renamed_back_it_is_a_valid_clean_reference_feed(
    as_reference: etree._Element, schema: etree.XMLSchema
) -> None:
    assert schema.validate(as_reference), str(schema.error_log)[:2000]
    sent = date(2026, 11, 25)
    products = as_reference.findall(f"{{{NS}}}Product")
    assert {p.findtext(f"{{{NS}}}RecordReference"): rules_broken(p, sent) for p in products} == {
        p.findtext(f"{{{NS}}}RecordReference"): set() for p in products
    }
    header = as_reference.find(f"{{{NS}}}Header")
    assert header is not None
    assert header.findtext(f"{{{NS}}}Sender/{{{NS}}}SenderName") == "Larchfield Metadata Services"


def test_isbns_are_new(as_reference: etree._Element, samples: SampleSet) -> None:
    isbns = [
        p.findtext(f"{{{NS}}}ProductIdentifier[{{{NS}}}ProductIDType='15']/{{{NS}}}IDValue", "")
        for p in as_reference.findall(f"{{{NS}}}Product")
    ]
    assert len(set(isbns)) == 30 and all(gtin_ok(i) and i.startswith("979890618") for i in isbns)
    taken = {p.isbn for p in samples.delivery_2} | {i.product.isbn for i in build_legacy().products}
    assert not taken & set(isbns)
