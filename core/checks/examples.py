"""The rules' examples as real ONIX: the clean base product, edited as each example says.

Product examples become products (one per example, each with its own ISBN), so a whole catalogue's
examples go through the real ingest pipeline in one feed; file examples become whole messages.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from core.ccf.convert.notes import Notes
from core.ccf.convert.onix3 import identifiers
from core.ccf.convert.values import gtin_check_digit
from core.checks.catalogue import Example

BASE = Path(__file__).with_name("examples") / "base_product.xml"
BASE_ISBN = "9781234567897"
NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
HEADER = (
    "<Header><Sender><SenderName>Rule Examples Ltd</SenderName></Sender>"
    "<MessageNumber>1</MessageNumber><SentDateTime>20261101T0900Z</SentDateTime></Header>"
)


@cache
def _base_xml() -> bytes:
    return BASE.read_bytes()


def base_product() -> etree._Element:
    parser = etree.XMLParser(remove_comments=True, remove_blank_text=True, resolve_entities=False, no_network=True)
    return etree.fromstring(_base_xml(), parser)


def isbn(number: int) -> str:
    """A valid ISBN-13 in a block of its own (979-8-99...), one per example product."""
    first12 = f"97989{number:07d}"
    return first12 + gtin_check_digit(first12)


def _fragment(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def apply(root: etree._Element, edits: list[dict[str, Any]]) -> etree._Element:
    """Apply the edit operations of rules.toml to a copy of `root`."""
    el = copy.deepcopy(root)
    for edit in edits:
        if "set" in edit:
            target = el.find(edit["set"])
            if target is None:
                raise KeyError(f"no element at {edit['set']}")
            target.text = edit["text"]
        elif "remove" in edit:
            for target in el.findall(edit["remove"]):
                parent = target.getparent()
                assert parent is not None
                parent.remove(target)
        elif "append" in edit:
            parent = el if edit["append"] == "." else el.find(edit["append"])
            if parent is None:
                raise KeyError(f"no element at {edit['append']}")
            parent.append(_fragment(edit["xml"]))
        elif "replace" in edit:
            target = el.find(edit["replace"])
            if target is None:
                raise KeyError(f"no element at {edit['replace']}")
            parent = target.getparent()
            assert parent is not None
            parent.replace(target, _fragment(edit["xml"]))
        else:
            raise ValueError(f"unknown edit {edit}")
    return el


def with_identity(el: etree._Element, number: int) -> tuple[etree._Element, str]:
    """The product under its own ISBN and RecordReference (identifiers equal to the base ISBN change)."""
    new = isbn(number)
    for value in el.iterfind("ProductIdentifier/IDValue"):
        if value.text == BASE_ISBN:
            value.text = new
    reference = el.find("RecordReference")
    if reference is not None and reference.text == f"example.{BASE_ISBN}":
        reference.text = f"example.{new}"
    return el, new


def product(example: Example | None, number: int, edits_key: str = "edits") -> tuple[bytes, str]:
    """One example's product (or the clean base) as XML bytes, and the product key it will have."""
    edits = example.spec.get(edits_key, []) if example else []
    el, _ = with_identity(apply(base_product(), edits), number)
    key, _ = identifiers(el, Notes())
    return etree.tostring(el, encoding="utf-8"), key


def message(products: list[bytes], header: str = HEADER, namespace: str = NAMESPACE, release: str = "3.0") -> bytes:
    """An ONIX 3.0 reference-tag message around the products."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="{release}" xmlns="{namespace}">\n{header}\n'
    return head.encode("utf-8") + b"\n".join(products) + b"\n</ONIXMessage>\n"


def header_with(edits: list[dict[str, Any]]) -> str:
    el = apply(_fragment(HEADER), edits)
    return etree.tostring(el, encoding="unicode")


def file_message(example: Example | None, number: int) -> bytes:
    """A file example as a whole message: the base product (twice when `duplicate`), the header edited,
    then the raw replacements, encoded as `encode` says (UTF-8 unless the example breaks that)."""
    spec = example.spec if example else {}
    xml, _ = product(None, number)
    products = [xml, xml] if spec.get("duplicate") else [xml]
    text = message(products, header=header_with(spec.get("header", []))).decode("utf-8")
    for find, replace in spec.get("raw", []):
        if find not in text:
            raise KeyError(f"{find!r} is not in the example message")
        text = text.replace(find, replace)
    return text.encode(spec.get("encode", "utf-8"))
