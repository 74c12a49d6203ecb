"""The only way feed XML is parsed: no entity expansion, no DTD loading, no network, no huge trees.

A billion-laughs file stays a few bytes of unexpanded entity references; an external entity (XXE) is never
fetched. Entity references that survive (a DOCTYPE makes libxml2 keep them as nodes) are replaced by their
character when they are standard HTML entities (legacy feeds use `&eacute;` with the ONIX 2.1 DTD), and
dropped otherwise, each with a note.
"""

from __future__ import annotations

from html.entities import name2codepoint

from lxml import etree

from core.ccf.convert.notes import Notes


def parser() -> etree.XMLParser:
    """A fresh hardened parser (lxml parsers are not shareable across threads)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes) -> etree._Element:
    """Parse a whole (small) document with the hardened parser."""
    return etree.fromstring(data, parser())


def _append_text(node: etree._Element, text: str) -> None:
    """Put `text` where `node` stood: onto the previous sibling's tail, or the parent's text."""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = node.getparent()
        assert parent is not None
        parent.text = (parent.text or "") + text


def resolve_entity_nodes(root: etree._Element, notes: Notes | None) -> int:
    """Replace unexpanded entity references under `root` by text; returns how many there were."""
    entities = list(root.iter(etree.Entity))
    for node in entities:
        name = (node.text or "").strip("&;")  # an entity node's text is its reference, `&name;`
        parent = node.getparent()
        if parent is None:
            continue
        if name in name2codepoint:
            replacement = chr(name2codepoint[name])
            if notes is not None:
                notes.repaired("Q01", "text", f"&{name};", f"entity read as the character {replacement!r}")
        else:
            replacement = ""
            if notes is not None:
                notes.dropped("Q01", "text", f"&{name};", "entity reference not expanded (declared in the file)")
        _append_text(node, replacement + (node.tail or ""))
        parent.remove(node)
    return len(entities)
