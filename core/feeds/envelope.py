"""The message envelope: the Header (sender, sent time, message number, defaults) and the check that
everything outside the products is well-formed, including the root's end tag (a truncated file fails).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from core.ccf.convert.context import text
from core.ccf.convert.values import fold, parse_sent_at
from core.feeds import xmlsafe
from core.feeds.clean import NotWellFormed


@dataclass
class Header:
    sender_name: str | None = None
    sender_ids: list[str] = field(default_factory=list)
    sent_at_raw: str | None = None
    sent_at: dt.datetime | None = None
    message_number: str | None = None
    default_language: str | None = None
    default_currency: str | None = None
    default_price_type: str | None = None


def local_names(root: etree._Element, rename: dict[str, str] | None = None) -> None:
    """Drop namespaces from every element under `root` (and rename short tags when a map is given)."""
    stripped = False
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag[0] == "{":
            tag = tag.split("}", 1)[1]
            stripped = True
        if rename:
            tag = rename.get(tag, tag)
        el.tag = tag
    if stripped:
        # The declarations go too: lxml would otherwise write `<Product xmlns="...">` around plain names,
        # which read back puts every element in the namespace again (a block update merged from a product
        # that declared the namespace itself lost all its fields).
        etree.cleanup_namespaces(root)


def _syntax_error(e: etree.XMLSyntaxError, line_map: tuple[int, int] | None = None) -> NotWellFormed:
    line, column = e.position if e.position else (None, None)
    if line is not None and line_map is not None and line > line_map[0]:
        line += line_map[1]
    return NotWellFormed(syntax_message(e), line, column)


def syntax_message(e: etree.XMLSyntaxError) -> str:
    """lxml's message for a syntax error, in words an engineer can act on."""
    message = re.sub(r", line \d+, column \d+.*$", "", e.msg or str(e))
    if "amplification" in message or "entity loop" in message.lower():
        return (
            "refused: the file's DTD declares entities that would expand enormously (an entity bomb); "
            "entities are never expanded"
        )
    return f"not well-formed XML: {message}"


def parse_header(prolog: bytes, root_name: str, rename: dict[str, str] | None = None) -> Header:
    """Read the Header from the bytes before the first product (closed with a synthetic end tag)."""
    try:
        root = xmlsafe.parse(prolog + f"</{root_name}>".encode())
    except etree.XMLSyntaxError as e:
        raise _syntax_error(e) from None
    return header_from(root, rename)


def header_from(root: etree._Element, rename: dict[str, str] | None = None) -> Header:
    local_names(root, rename)
    xmlsafe.resolve_entity_nodes(root, None)
    header_el = root.find("Header")
    if header_el is None:
        return Header()
    ids = []
    for sid in header_el.iterfind("Sender/SenderIdentifier"):
        value = text(sid, "IDValue")
        if value:
            ids.append(f"{text(sid, 'SenderIDType') or '00'}:{value}")
    raw_sent = text(header_el, "SentDateTime") or text(header_el, "SentDate")
    return Header(
        sender_name=fold(text(header_el, "Sender/SenderName") or text(header_el, "FromCompany")),
        sender_ids=ids,
        sent_at_raw=raw_sent,
        sent_at=parse_sent_at(raw_sent),
        message_number=text(header_el, "MessageNumber"),
        default_language=text(header_el, "DefaultLanguageOfText"),
        default_currency=text(header_el, "DefaultCurrencyCode"),
        default_price_type=text(header_el, "DefaultPriceType") or text(header_el, "DefaultPriceTypeCode"),
    )


def verify(prolog: bytes, epilogue: bytes, epilogue_line: int) -> None:
    """The envelope without its products must be a well-formed document (root closed, nothing after)."""
    prolog_lines = prolog.count(b"\n") + 1
    try:
        xmlsafe.parse(prolog + epilogue)
    except etree.XMLSyntaxError as e:
        raise _syntax_error(e, (prolog_lines, epilogue_line - prolog_lines)) from None
