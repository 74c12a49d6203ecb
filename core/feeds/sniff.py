"""Sniffing: from the first bytes of a file, how it is written (encoding, ONIX release, tag style,
namespace) and whether this console reads it.

Only the head of the file is looked at, so a 5 GB feed is classified in microseconds; the decision is
recorded on the ingest run (`format`, e.g. `onix-3.0-reference`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from core.feeds.encoding import python_codec

HEAD_BYTES = 64 * 1024

REFERENCE_NS = {
    "http://ns.editeur.org/onix/3.0/reference": ("3.0", "reference"),
    "http://ns.editeur.org/onix/3.0/short": ("3.0", "short"),
    "http://ns.editeur.org/onix/3.1/reference": ("3.1", "reference"),
    "http://ns.editeur.org/onix/3.1/short": ("3.1", "short"),
    "http://www.editeur.org/onix/2.1/reference": ("2.1", "reference"),
    "http://www.editeur.org/onix/2.1/short": ("2.1", "short"),
}
"""The namespaces EDItEUR's schemas declare, per release and tag style."""

_DECL = re.compile(rb"^<\?xml\s[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+([\w:.-]+)(?:\s+(?:SYSTEM|PUBLIC)\s+(?:\"[^\"]*\"|'[^']*')(?:\s+(?:\"[^\"]*\"|'[^']*'))?)?\s*(\[.*?\]\s*)?>",
    re.S,
)
_ROOT = re.compile(
    rb"<((?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>", re.S
)
_ATTR = re.compile(rb"""([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SKIP = re.compile(rb"\s+|<!--.*?-->|<\?.*?\?>", re.S)


@dataclass
class Sniffed:
    """What the head of a file says about it."""

    bom: str | None = None
    declared_encoding: str | None = None
    encoding: str = "UTF-8"
    codec: str = "utf-8"
    """The Python codec the bytes are decoded with (the reader turns everything into UTF-8)."""
    has_declaration: bool = False
    doctype: bytes | None = None
    doctype_name: str | None = None
    doctype_has_subset: bool = False
    root: str | None = None
    root_tag: bytes = b""
    namespace: str | None = None
    release_attr: str | None = None
    release: str | None = None
    tag_style: str | None = None
    namespace_ok: bool = False
    warnings: list[str] = field(default_factory=list)
    refusal: str | None = None

    @property
    def format(self) -> str:
        if self.release and self.tag_style:
            return f"onix-{self.release}-{self.tag_style}"
        return "unknown"

    @property
    def product_tag(self) -> str:
        return "product" if self.tag_style == "short" else "Product"


def _bom(head: bytes) -> tuple[str | None, int]:
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return name, len(bom)
    return None, 0


def _structure_release(head: bytes) -> str | None:
    """Without namespace, release or DOCTYPE: tell 2.1 from 3.x by elements only one of them has."""
    if re.search(rb"<(?:\w+:)?(?:DescriptiveDetail|PublishingDetail|SentDateTime|descriptivedetail|x307)\b", head):
        return "3.0"
    if re.search(rb"<(?:\w+:)?(?:FromCompany|SentDate|FromSAN|FromEAN|m174|m182|b064)\b", head):
        return "2.1"
    if re.search(rb"<(?:\w+:)?(?:Product|product)\b.*?<(?:\w+:)?(?:ProductForm|b012)\b", head, re.S):
        # A ProductForm directly inside Product (before any block) is 2.1's flat layout.
        return "2.1" if not re.search(rb"<(?:DescriptiveDetail|descriptivedetail)\b", head) else "3.0"
    return None


def _encoding(s: Sniffed, head: bytes) -> bytes | None:
    """Decide the file's encoding (BOM, then byte pattern, then declaration); returns the head as UTF-8."""
    s.bom, skip = _bom(head)
    codec = None
    if s.bom:
        codec = {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(s.bom, s.bom)
        s.encoding = f"{s.bom.upper()} (byte order mark)"
    elif head.startswith(b"<\x00?\x00"):
        codec, s.encoding = "utf-16-le", "UTF-16LE (no byte order mark)"
    elif head.startswith(b"\x00<\x00?"):
        codec, s.encoding = "utf-16-be", "UTF-16BE (no byte order mark)"
    if codec and codec.startswith("utf-32"):
        s.refusal = "the file is UTF-32: convert it to UTF-8 (or UTF-16) to ingest it"
        return None
    # The head is decoded in the byte order its BOM names; the stream decoder ("utf-16") reads the BOM.
    text = head[skip:].decode(s.bom or codec, errors="replace") if codec else None
    probe = text.encode("utf-8") if text is not None else head[skip:]
    decl = _DECL.match(probe)
    if decl:
        s.has_declaration = True
        m = _ENCODING.search(decl.group(0))
        if m:
            s.declared_encoding = m.group(1).decode("ascii")
    if codec is None:
        declared = s.declared_encoding or "UTF-8"
        codec = python_codec(declared)
        if codec is None:
            s.refusal = f"the file declares encoding {declared}, which is not an encoding this console knows"
            return None
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            s.warnings.append(f"declares {declared} but is written in single bytes: read as UTF-8")
            codec = "utf-8"
        if codec == "ascii":
            codec = "utf-8"  # ASCII is UTF-8; reading it so tolerates the non-ASCII bytes senders slip in
        s.encoding = declared if s.declared_encoding else "UTF-8 (no declaration)"
        probe = head[skip:].decode(codec, errors="replace").encode("utf-8") if codec != "utf-8" else probe
    elif s.declared_encoding and python_codec(s.declared_encoding) not in (codec, "utf-16", None):
        s.warnings.append(f"declares {s.declared_encoding} but is {s.encoding}: read as {s.encoding}")
    s.codec = codec
    return probe


def sniff(head: bytes) -> Sniffed:
    """Classify a file from its first bytes (at least HEAD_BYTES of it, or all of a smaller file)."""
    s = Sniffed()
    body = _encoding(s, head)
    if body is None:
        return s
    decl = _DECL.match(body)
    pos = decl.end() if decl else 0
    while True:
        m = _SKIP.match(body, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        d = _DOCTYPE.match(body, pos)
        if d:
            s.doctype = d.group(0)
            s.doctype_name = d.group(1).decode("utf-8", "replace")
            s.doctype_has_subset = d.group(2) is not None
            pos = d.end()
            continue
        break
    root = _ROOT.match(body, pos)
    if not root:
        s.refusal = "no XML root element found at the start of the file: it is not an XML feed"
        return s
    s.root_tag = root.group(0)
    s.root = root.group(1).decode("utf-8", "replace")
    prefix, _, local = s.root.rpartition(":")
    attrs = {k.decode(): (v1 or v2).decode("utf-8", "replace") for k, v1, v2 in _ATTR.findall(root.group(2))}
    s.namespace = attrs.get(f"xmlns:{prefix}" if prefix else "xmlns")
    s.release_attr = attrs.get("release")
    if local not in ("ONIXMessage", "ONIXmessage"):
        s.refusal = f"the root element is <{s.root}>, not an ONIX message (ONIXMessage or ONIXmessage)"
        return s
    s.tag_style = "reference" if local == "ONIXMessage" else "short"
    _decide_release(s, head)
    return s


def _decide_release(s: Sniffed, head: bytes) -> None:
    known = REFERENCE_NS.get(s.namespace or "")
    if known:
        s.release, style = known
        s.namespace_ok = True
        if style != s.tag_style:
            s.warnings.append(f"namespace {s.namespace} is for {style} tags, but the root is <{s.root}>")
    elif s.namespace:
        m = re.search(r"onix/(2\.1|3\.0|3\.1)/(reference|short)", s.namespace)
        if m:
            s.release = m.group(1)
            s.warnings.append(
                f"wrong namespace {s.namespace} (expected {_expected_ns(m.group(1), s.tag_style)}): read anyway"
            )
        else:
            s.warnings.append(f"unknown namespace {s.namespace}: read as ONIX anyway")
    if s.release_attr:
        if s.release and not s.release_attr.startswith(s.release):
            s.warnings.append(f"release attribute {s.release_attr} disagrees with the namespace ({s.release})")
        if s.release is None:
            s.release = s.release_attr[:3]
    if s.release is None and s.doctype and b"2.1" in s.doctype:
        s.release = "2.1"
    if s.release is None:
        s.release = _structure_release(head)
    if s.release is None:
        s.refusal = (
            "cannot tell the ONIX release: no namespace, no release attribute, no DOCTYPE, "
            "no elements that only one release has"
        )
        return
    if s.release not in ("2.1", "3.0", "3.1"):
        s.refusal = f"ONIX release {s.release} is not a release this console reads (2.1, 3.0, 3.1)"
        return
    if s.namespace is None and s.release != "2.1":
        s.warnings.append(f"no namespace (expected {_expected_ns(s.release, s.tag_style)}): read anyway")


def _expected_ns(release: str, style: str | None) -> str:
    base = "http://www.editeur.org/onix/2.1" if release == "2.1" else f"http://ns.editeur.org/onix/{release}"
    return f"{base}/{style or 'reference'}"
