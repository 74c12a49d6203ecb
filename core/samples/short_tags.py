"""The short-tag sample feed: ONIX 3.0 in short tags from a fourth sender, Larchfield Metadata Services.

Short tags (``<product>``, ``<a001>``) carry exactly what reference names carry, and the console reads
them by renaming with the map generated from EDItEUR's short-tag schemas (``core.feeds.tags``). So this
feed is written by the reference writer and renamed through the inverse of that same map: only the
names differ from a reference feed, which is what makes it a test of the tag map and nothing else.
XHTML inside a Text keeps its own element names (they are not ONIX names, so the map leaves them).
Its 30 products are clean, from a fifth publisher, with ISBNs of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from core.feeds.tags import short_to_reference
from core.samples.build import build_product
from core.samples.feed import product_rng
from core.samples.model import Product
from core.samples.onix_writer import Header, header_xml, product_xml
from core.samples.parties import BRIGHTWATER, LARCHFIELD_SENDER

SHORT_TAGS = "short-tags-3.0.xml"
SHORT_NAMESPACE = "http://ns.editeur.org/onix/3.0/short"
SHORT_SEED = 20261125
SENT_SHORT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PRODUCTS_SHORT = 30
MESSAGE_NUMBER_SHORT = 7

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")


@dataclass(slots=True)
class ShortFeed:
    header: Header
    products: list[Product]


@cache
def reference_to_short() -> dict[str, str]:
    """{reference name: short tag} for ONIX 3.0: the inverse of the schema-generated map."""
    mapping = short_to_reference("3.0")
    inverse = {reference: short for short, reference in mapping.items()}
    assert len(inverse) == len(mapping), "the 3.0 short-tag map is not one to one"
    return inverse


def to_short_tags(xml: str) -> str:
    """Rename every ONIX element of ``xml`` (start, end and empty tags); anything else is left alone.

    Only markup produced by the reference writer is renamed: its text is escaped, so every ``<`` that
    starts a name is a tag.
    """
    names = reference_to_short()
    return _TAG.sub(lambda m: f"<{m[1]}{names.get(m[2], m[2])}", xml)


def build_short_feed() -> ShortFeed:
    """The short-tag feed's header and products (pure: no files, no clock)."""
    products = [
        build_product(
            product_rng(SHORT_SEED, index),
            isbn_body=f"{BRIGHTWATER.isbn_block}{index:03d}",
            publisher=BRIGHTWATER,
            sent=SENT_SHORT.date(),
        )
        for index in range(PRODUCTS_SHORT)
    ]
    return ShortFeed(Header(LARCHFIELD_SENDER, MESSAGE_NUMBER_SHORT, SENT_SHORT), products)


def message_xml(feed: ShortFeed) -> str:
    root = reference_to_short()["ONIXMessage"]
    body = header_xml(feed.header) + "".join(product_xml(p) for p in feed.products)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} release="3.0" xmlns="{SHORT_NAMESPACE}">\n'
        f"{to_short_tags(body)}</{root}>\n"
    )
