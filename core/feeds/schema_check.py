"""Strict mode (rule Q03): the message against the EDItEUR XSD of its release, product by product.

The schemas come with onixcheck (EDItEUR's XSDs for 2.1, 3.0 and 3.1, reference and short tags). Every
ONIX element is declared globally, so each Product (and the Header) validates on its own: workers check
their batch's products in parallel and memory stays flat, as for reading. The document a batch validates
is the batch itself under the release's own namespace (a wrong namespace is rule Q02's business, not a
schema error on every element), with the file's lines kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lxml import etree
from onixcheck import schema as onixcheck_schema

from core.feeds import xmlsafe

MAX_PER_BATCH = 10
"""Schema errors reported per batch; a systematic error repeats on every product, and the first ones say it."""

MAX_PER_FILE = 50

NAMESPACES = {
    ("2.1", "reference"): "http://www.editeur.org/onix/2.1/reference",
    ("2.1", "short"): "http://www.editeur.org/onix/2.1/short",
    ("3.0", "reference"): "http://ns.editeur.org/onix/3.0/reference",
    ("3.0", "short"): "http://ns.editeur.org/onix/3.0/short",
    ("3.1", "reference"): "http://ns.editeur.org/onix/3.1/reference",
    ("3.1", "short"): "http://ns.editeur.org/onix/3.1/short",
}

_SCHEMA_FILES = {
    ("2.1", "reference"): onixcheck_schema.O21_XSD_REFERENCE,
    ("2.1", "short"): onixcheck_schema.O21_XSD_SHORT,
    ("3.0", "reference"): onixcheck_schema.O30_XSD_REFERENCE,
    ("3.0", "short"): onixcheck_schema.O30_XSD_SHORT,
    ("3.1", "reference"): onixcheck_schema.O31_XSD_REFERENCE,
    ("3.1", "short"): onixcheck_schema.O31_XSD_SHORT,
}

_XMLNS = re.compile(rb"""\sxmlns\s*=\s*(?:"[^"]*"|'[^']*')""")
_NAME = re.compile(r"\{[^}]*\}")
_ENUMERATION = re.compile(r"The value '([^']*)' is not an element of the set \{[^}]*\}\.?")


@dataclass(frozen=True)
class SchemaError:
    line: int
    column: int
    message: str


@cache
def schema(release: str, style: str) -> etree.XMLSchema:
    """The XSD of a release and tag style (parsed once per process: about 0.1 s)."""
    return etree.XMLSchema(etree.parse(_SCHEMA_FILES[(release, style)]))


def namespaced_root(root_tag: bytes, release: str, style: str) -> bytes:
    """The file's root start tag under the release's namespace (whatever namespace the file declared)."""
    namespace = NAMESPACES[(release, style)].encode()
    bare = _XMLNS.sub(b"", root_tag)
    name_end = re.search(rb"[\s/>]", bare[1:])
    cut = 1 + (name_end.start() if name_end else len(bare) - 1)
    return bare[:cut] + b' xmlns="' + namespace + b'"' + bare[cut:]


def message(entry: etree._LogEntry) -> str:
    """An XSD error in short: element names without their namespace, long enumerations cut."""
    text = _ENUMERATION.sub(r"'\1' is not a code of its list.", entry.message)
    text = _NAME.sub("", text)
    return text if len(text) <= 300 else text[:297] + "..."


def validate(elements: list[etree._Element], release: str, style: str, limit: int = MAX_PER_BATCH) -> list[SchemaError]:
    """The first `limit` schema errors of the elements (each a Product or Header), with document lines."""
    xsd = schema(release, style)
    found: list[SchemaError] = []
    for el in elements:
        if xsd.validate(el):
            continue
        for entry in list(xsd.error_log):  # type: ignore[call-overload]  # the stubs miss __iter__
            line = entry.line or el.sourceline
            found.append(SchemaError(line if isinstance(line, int) else 0, entry.column or 1, message(entry)))
            if len(found) >= limit:
                return found
    return found


def validate_document(document: bytes, release: str, style: str, limit: int = MAX_PER_BATCH) -> list[SchemaError]:
    """Parse a document (root under the release's namespace) and validate its element children."""
    root = etree.fromstring(document, xmlsafe.parser())
    xmlsafe.resolve_entity_nodes(root, None)
    return validate([el for el in root if isinstance(el.tag, str)], release, style, limit)
