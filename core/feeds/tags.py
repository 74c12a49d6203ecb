"""Short tags to reference names, generated from EDItEUR's short-tag schemas (as shipped in `onixcheck`).

Every element of a short-tag XSD declares its reference name in a `refname` attribute enumeration, so the
map is read from the schemas themselves, per release; nobody types it. Readers rename a short-tag
product's elements once, then one converter reads one vocabulary.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from lxml import etree

_XS = "{http://www.w3.org/2001/XMLSchema}"

SHORT_SCHEMAS = {
    "2.1": "schema/xsd2.1/ONIX_BookProduct_Release2.1_short.xsd",
    "3.0": "schema/xsd3.0/ONIX_BookProduct_3.0_short.xsd",
    "3.1": "schema/xsd3.1/ONIX_BookProduct_3.1_short.xsd",
}


@cache
def short_to_reference(release: str) -> dict[str, str]:
    """{short tag: reference name} for one ONIX release (2.1, 3.0 or 3.1)."""
    data = files("onixcheck").joinpath(SHORT_SCHEMAS[release]).read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    mapping: dict[str, str] = {}
    for element in root.iterfind(f"{_XS}element"):
        short = element.get("name")
        for attribute in element.iter(f"{_XS}attribute"):
            if attribute.get("name") != "refname":
                continue
            # 3.x spells the name as an enumeration; 2.1 as a fixed value.
            values = [e.get("value") for e in attribute.iter(f"{_XS}enumeration")] or [attribute.get("fixed")]
            if short and values[0]:
                mapping[short] = values[0]
            break
    return mapping


def all_pairs() -> set[tuple[str, str, str]]:
    """(release, short, reference) for every release."""
    return {(release, s, r) for release in SHORT_SCHEMAS for s, r in short_to_reference(release).items()}
