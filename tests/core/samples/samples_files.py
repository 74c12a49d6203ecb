"""The committed sample files as the tests read them: raw bytes plus a safely parsed tree.

Kept out of conftest.py so test modules can import it by a name no other test folder uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from lxml import etree
from samples_facts import NS, hardened_parser

REPO = Path(__file__).resolve().parents[3]
SAMPLES_DIR = REPO / "data" / "samples"
C0 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Feed:
    """A sample file: raw bytes, the parsed message (control bytes removed first, as ingest does)."""

    name: str
    raw: bytes
    root: etree._Element

    @property
    def header(self) -> etree._Element:
        header = self.root.find(f"{{{NS}}}Header")
        assert header is not None
        return header

    @property
    def sent(self) -> date:
        return datetime.strptime(self.header.findtext(f"{{{NS}}}SentDateTime", "")[:8], "%Y%m%d").date()

    @property
    def products(self) -> list[etree._Element]:
        return self.root.findall(f"{{{NS}}}Product")


def load_feed(path: Path) -> Feed:
    raw = path.read_bytes()
    # XML 1.0 forbids C0 controls, so a raw 0x10 makes the file ill-formed: strip it before parsing,
    # exactly as the pipeline's ingest does (and reports as Q01).
    root = etree.fromstring(C0.sub(b"", raw), hardened_parser())
    return Feed(path.name, raw, root)
