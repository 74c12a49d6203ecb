"""Merging one block update (NotificationType 04) onto its base record, at the ONIX block level.

Each block present in the update replaces the whole base block (an empty block clears it); absent blocks
keep the base's (onix.md 1.5: Blocks 1-8). The committing process merges where the base comes from the
same file or a later update in the file builds on the result; the workers merge all others (`MergeItem`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from core.feeds import xmlsafe
from core.feeds.envelope import local_names
from core.feeds.tags import short_to_reference

BLOCKS = (
    "DescriptiveDetail",
    "CollateralDetail",
    "PromotionDetail",
    "ContentDetail",
    "PublishingDetail",
    "RelatedMaterial",
    "ProductionDetail",
    "ProductSupply",
)
"""Blocks 1, 2, 7, 3, 4, 5, 8 and 6, in the order the 3.x schema puts them."""


def merge(base: etree._Element, update: etree._Element) -> etree._Element:
    """The base product with every block the update carries replaced by the update's. Both are used up:
    their elements move into the merged product (a copy of each, through its XML, cost a quarter of a merge)."""
    merged = etree.Element("Product")
    head = [el for el in update if isinstance(el.tag, str) and el.tag not in BLOCKS and el.tag != "NotificationType"]
    notification = base.find("NotificationType")
    present = {el.tag for el in update if isinstance(el.tag, str)}
    blocks = [el for block in BLOCKS for el in (update if block in present else base).iterfind(block)]
    for el in head:
        _move(el, merged)
        if el.tag == "RecordReference" and notification is not None:
            _move(notification, merged)
    for el in blocks:
        _move(el, merged)
    return merged


def _move(el: etree._Element, parent: etree._Element) -> None:
    el.tail = None  # the whitespace after it in its own product
    parent.append(el)


def normalise(raw_xml: str, release: str | None, tag_style: str | None) -> etree._Element:
    """A stored product as an element with reference names and no namespace."""
    el = etree.fromstring(raw_xml.encode("utf-8"), xmlsafe.parser())
    rename = short_to_reference(release) if tag_style == "short" and release else None
    # As in the workers: only a product with short tags or a namespace is renamed (half a normalisation's
    # time), only one with an entity reference searched for entity nodes.
    if rename is not None or "xmlns" in raw_xml or el.tag[0] == "{":
        local_names(el, rename)
    if "&" in raw_xml:
        xmlsafe.resolve_entity_nodes(el, None)
    return el


def merged_xml(base: etree._Element, update_xml: str) -> str:
    """The update (normalised XML, as the workers leave it) merged onto `base`, as XML."""
    update = etree.fromstring(update_xml.encode("utf-8"), xmlsafe.parser())
    return etree.tostring(merge(base, update), encoding="unicode")


@dataclass
class MergeItem:
    """One block update to convert: merged already (`merged`), or to merge onto a stored `base` first."""

    position: int
    line: int
    update: str
    merged: str | None = None
    base: str | None = None
    base_release: str | None = None
    base_style: str | None = None

    def merged_xml(self) -> str:
        if self.merged is None:
            assert self.base is not None
            self.merged = merged_xml(normalise(self.base, self.base_release, self.base_style), self.update)
            self.base = None  # what travels on is the merged record
        return self.merged
