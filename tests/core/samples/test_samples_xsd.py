"""Every product without a deliberate defect validates against EDItEUR's ONIX 3.0 reference XSD."""

from __future__ import annotations

import io

from lxml import etree
from samples_facts import NS, hardened_parser
from samples_files import Feed

from core.samples import SampleSet, write_feed


def _as_message(header: etree._Element, product: etree._Element) -> etree._Element:
    """Wrap one product with the file's header, so products can be validated (and blamed) one by one."""
    message = etree.Element(f"{{{NS}}}ONIXMessage", release="3.0", nsmap={None: NS})  # type: ignore[dict-item]
    message.append(etree.fromstring(etree.tostring(header), hardened_parser()))
    message.append(etree.fromstring(etree.tostring(product), hardened_parser()))
    return message


def _invalid(feed: Feed, schema: etree.XMLSchema, skip: set[str]) -> dict[str, str]:
    failures: dict[str, str] = {}
    for product in feed.products:
        reference = product.findtext(f"{{{NS}}}RecordReference", "")
        if reference in skip:
            continue
        if not schema.validate(_as_message(feed.header, product)):
            failures[reference] = str(schema.error_log).splitlines()[0]
    return failures


def _defective(samples: SampleSet, file: str) -> set[str]:
    return {d.record_reference for d in samples.defects if d.file == file and d.rule != "Q40"}


def test_clean_products_of_delivery_1_validate(
    delivery_1: Feed, schema: etree.XMLSchema, samples: SampleSet
) -> None:
    skip = _defective(samples, "delivery-1.xml")
    assert len(delivery_1.products) - len(skip) == 215
    assert _invalid(delivery_1, schema, skip) == {}


def test_clean_products_of_delivery_2_validate(
    delivery_2: Feed, schema: etree.XMLSchema, samples: SampleSet
) -> None:
    # Includes the re-keyed product (Q40 is about history, not the record) and the delete record.
    assert _invalid(delivery_2, schema, _defective(samples, "delivery-2.xml")) == {}


def test_only_schema_breaking_defects_fail_the_schema(
    delivery_1: Feed, schema: etree.XMLSchema, samples: SampleSet
) -> None:
    by_reference = {d.record_reference: d.rule for d in samples.defects if d.file == "delivery-1.xml"}
    failing = _invalid(delivery_1, schema, set())
    assert sorted(by_reference[r] for r in failing) == ["Q24", "Q33", "Q35"]


def test_a_generated_feed_validates_as_a_whole(schema: etree.XMLSchema) -> None:
    buffer = io.BytesIO()
    write_feed(buffer, products=400, seed=21)
    root = etree.fromstring(buffer.getvalue(), hardened_parser())
    assert schema.validate(root), str(schema.error_log)[:2000]
