"""Fixtures for the sample-generator tests: the committed files, parsed safely, and the XSDs."""

from __future__ import annotations

import pytest
from lxml import etree
from samples_facts import XSD_DIR, hardened_parser
from samples_files import SAMPLES_DIR, Feed, load_feed
from samples_legacy import XSD21_DIR

from core.samples import SampleSet, build_samples


@pytest.fixture(scope="session")
def delivery_1() -> Feed:
    return load_feed(SAMPLES_DIR / "delivery-1.xml")


@pytest.fixture(scope="session")
def delivery_2() -> Feed:
    return load_feed(SAMPLES_DIR / "delivery-2.xml")


@pytest.fixture(scope="session")
def readme() -> str:
    text: str = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    return text


@pytest.fixture(scope="session")
def samples() -> SampleSet:
    return build_samples()


@pytest.fixture(scope="session")
def schema() -> etree.XMLSchema:
    tree = etree.parse(str(XSD_DIR / "ONIX_BookProduct_3.0_reference.xsd"), hardened_parser())
    return etree.XMLSchema(tree)


@pytest.fixture(scope="session")
def delivery_3() -> Feed:
    return load_feed(SAMPLES_DIR / "delivery-3-prices.xml")


@pytest.fixture(scope="session")
def legacy_raw() -> bytes:
    raw: bytes = (SAMPLES_DIR / "legacy-2.1.xml").read_bytes()
    return raw


@pytest.fixture(scope="session")
def short_raw() -> bytes:
    raw: bytes = (SAMPLES_DIR / "short-tags-3.0.xml").read_bytes()
    return raw


@pytest.fixture(scope="session")
def schema_21() -> etree.XMLSchema:
    tree = etree.parse(str(XSD21_DIR / "ONIX_BookProduct_Release2.1_reference.xsd"), hardened_parser())
    return etree.XMLSchema(tree)


@pytest.fixture(scope="session")
def schema_short() -> etree.XMLSchema:
    tree = etree.parse(str(XSD_DIR / "ONIX_BookProduct_3.0_short.xsd"), hardened_parser())
    return etree.XMLSchema(tree)
