"""Independent views of feed files, computed with a plain lxml parse, to check the pipeline against."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)
    data = path.read_bytes()
    # Control characters make a file not well-formed for lxml; the pipeline removes them, so do we.
    for byte in [*range(0, 9), 11, 12, *range(14, 32)]:
        data = data.replace(bytes([byte]), b"")
    return etree.fromstring(data, parser)


def local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def products(path: Path) -> list[etree._Element]:
    """The message's products, in reference (`Product`) or short (`product`) tags."""
    return [el for el in parse(path) if local(el.tag) in ("Product", "product")]


def isbn(product: etree._Element) -> str | None:
    for pid in product:
        if local(pid.tag) not in ("ProductIdentifier", "productidentifier"):
            continue
        values = {local(c.tag): (c.text or "").strip() for c in pid}
        if (values.get("ProductIDType") or values.get("b221")) == "15":
            return values.get("IDValue") or values.get("b244")
    return None


def notification(product: etree._Element) -> str | None:
    for child in product:
        if local(child.tag) in ("NotificationType", "a002"):
            return (child.text or "").strip()
    return None


def xml_by_isbn(path: Path) -> dict[str, bytes]:
    return {isbn(p) or "": etree.tostring(p, method="c14n") for p in products(path)}
