"""Descriptions: ONIX text in any of its forms (plain, escaped HTML, CDATA, XHTML elements) as plain text
and, where the source had markup, as sanitised HTML.

Plain text has markup removed, entities decoded and whitespace folded (paragraphs kept apart by a blank
line). The HTML keeps an allow-list of tags (nh3, a maintained sanitiser) and no attributes but links.
"""

from __future__ import annotations

import html
import re

import nh3
from lxml import etree

from core.ccf.convert.notes import Notes
from core.ccf.convert.values import fold

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "sub",
        "sup",
        "dl",
        "dt",
        "dd",
        "cite",
        "q",
        "small",
    }
)
MARKUP_FORMATS = frozenset({"02", "03", "05"})
"""List 34 text formats that carry markup: HTML, XML, XHTML."""

_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z][A-Za-z0-9]*(?:\s.*?)?/?&gt;")
_BLOCKS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "dd", "dt"})


def inner_markup(el: etree._Element) -> str:
    """The content of an element (text and children) as a markup string, namespaces dropped."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
        else:
            parts.append(child.tail or "")
    markup = "".join(parts)
    return re.sub(r'\sxmlns(?::\w+)?="[^"]*"', "", markup)


_BLOCK_TAG = re.compile(r"</?(?:p|div|li|br|h[1-6]|blockquote|tr|dd|dt|ul|ol)\b[^>]*>", re.I)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]*>")


def _plain_from_html(markup: str) -> str | None:
    """Markup as plain text: block elements become paragraph breaks, other tags go, entities are decoded
    and whitespace folded. Regular expressions over the already-sanitised markup, not a second parse."""
    text = _HIDDEN.sub(" ", markup)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _ANY_TAG.sub("", text)
    paragraphs = (fold(html.unescape(p)) for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p) or None


def _plain_from_text(text: str) -> str | None:
    paragraphs = [fold(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p) or None


_BLOCK_OPEN = re.compile(r"<(?:div|tr|table|section|article|header|footer|center)\b[^>]*>", re.I)
_BLOCK_CLOSE = re.compile(r"</(?:div|tr|table|section|article|header|footer|center)\s*>", re.I)
_CELL = re.compile(r"</?t[dh]\b[^>]*>", re.I)


def sanitise(markup: str) -> str | None:
    # Block elements outside the allowed tags become paragraphs (a cell a space) before the sanitiser
    # drops them, so their text does not run together and the HTML reads as the plain text does.
    markup = _CELL.sub(" ", _BLOCK_CLOSE.sub("</p>", _BLOCK_OPEN.sub("<p>", markup)))
    cleaned = nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Whitespace between tags carries no meaning in HTML (no <pre> is allowed): fold it, so that a
    # re-indented description is not a change. Folded, every run of whitespace is one space, so plain
    # replacements trim paragraphs (regular expressions testing every space cost several times more).
    cleaned = " ".join(cleaned.split())
    cleaned = cleaned.replace(" </p>", "</p>").replace("<p> ", "<p>").replace("<p></p>", "")
    return cleaned or None


def convert_text(
    el: etree._Element | None,
    notes: Notes,
    field_name: str,
    *,
    had_cdata: bool = False,
    text_format: str | None = None,
) -> tuple[str | None, str | None]:
    """A `<Text>` element as (plain text, sanitised HTML or None); `text_format` is ONIX 2.1's
    `<TextFormat>` element, which 3.x replaced by the `textformat` attribute."""
    if el is None:
        return None, None
    text_format = (el.get("textformat") or text_format or "").strip()
    has_children = any(isinstance(c.tag, str) for c in el)
    raw = inner_markup(el) if has_children else (el.text or "")
    declared_markup = text_format in MARKUP_FORMATS
    if had_cdata:
        notes.add("Q27", field_name, raw[:200], "ignored", "text wrapped in CDATA")
    if has_children and not declared_markup:
        notes.add("Q27", field_name, raw[:200], "ignored", "markup elements in a plain-text field")
    # Escaped markup (`&lt;p&gt;`) survives XML parsing as entity text; decode once to find it.
    if not has_children and _ESCAPED_TAG.search(raw):
        notes.add("Q27", field_name, raw[:200], "ignored", "doubly escaped HTML in the text")
        raw = html.unescape(raw)
    has_tags = bool(_TAG.search(raw))
    if has_tags and not declared_markup and not has_children:
        notes.add("Q27", field_name, raw[:200], "ignored", "HTML markup (escaped or CDATA) in a plain-text field")
    if has_tags or has_children:
        unknown = sorted({t.lower() for t in _TAG.findall(raw)} - ALLOWED_TAGS - {"div", "span"})
        if unknown:
            notes.add("Q27", field_name, ", ".join(unknown), "dropped", "tags outside the allowed subset removed")
        return _plain_from_html(raw), sanitise(raw)
    return _plain_from_text(html.unescape(raw)), None
