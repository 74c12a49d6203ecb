"""Reading one feed file, streaming: sniff, clean, split into products, check the envelope.

Memory stays flat whatever the file size: blocks are read, cleaned and split as they come, and products
leave as bytes. The reader decides whether a file is read at all (format, size) and fails a file that is
not well-formed with its line and column.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InvalidInput
from core.feeds import xmlsafe
from core.feeds.clean import ByteCleaner, Removed
from core.feeds.encoding import Transcoder
from core.feeds.envelope import Header, header_from, parse_header, verify
from core.feeds.sniff import HEAD_BYTES, Sniffed, sniff
from core.feeds.split import RawProduct, Splitter
from core.feeds.tags import short_to_reference

BLOCK = 1024 * 1024

READABLE_FORMATS = frozenset(
    f"onix-{release}-{style}" for release in ("2.1", "3.0", "3.1") for style in ("reference", "short")
)
"""The formats this console converts. Others are refused with the reason, before anything is read."""


class Refused(InvalidInput):
    """The file is not one this console reads (format, encoding, size): recorded, nothing applied."""

    default_title = "Feed refused"

    def __init__(self, detail: str, rule_id: str | None = None) -> None:
        super().__init__(detail)
        self.rule_id = rule_id
        self.reason = detail


@dataclass
class Limits:
    max_file_bytes: int
    max_product_bytes: int


@dataclass
class FeedReader:
    """One pass over a file. Iterate `products()`; `header` is known once the first product is out."""

    path: Path
    limits: Limits
    sniffed: Sniffed = field(init=False)
    header: Header | None = field(init=False, default=None)
    cleaner: ByteCleaner = field(init=False, default_factory=ByteCleaner)
    transcoder: Transcoder = field(init=False)
    bytes_read: int = field(init=False, default=0)
    size: int = field(init=False, default=0)
    prolog: bytes | None = field(init=False, default=None)
    """The bytes before the first product (declaration, root start tag, Header)."""

    def open(self) -> Sniffed:
        """Sniff the head and decide whether the file is read; raises Refused otherwise."""
        self.size = self.path.stat().st_size
        if self.size > self.limits.max_file_bytes:
            raise Refused(
                f"the file is {self.size:,} bytes, above the limit of {self.limits.max_file_bytes:,} "
                "(CONSOLE_MAX_FILE_BYTES)"
            )
        if self.size == 0:
            raise Refused("the file is empty")
        with self.path.open("rb") as f:
            self.sniffed = sniff(f.read(HEAD_BYTES))
        if self.sniffed.refusal:
            raise Refused(self.sniffed.refusal, rule_id="Q02" if self.sniffed.root else "Q01")
        self.transcoder = Transcoder(self.sniffed.codec)
        if self.sniffed.format not in READABLE_FORMATS:
            raise Refused(
                f"{describe(self.sniffed)} is not read by this console yet; it reads "
                + ", ".join(sorted(READABLE_FORMATS)),
                rule_id="Q02",
            )
        return self.sniffed

    def products(self) -> Iterator[RawProduct]:
        """Every product of the file, in order, as bytes with its line and column."""
        prefix = (self.sniffed.root or "").rpartition(":")[0]
        splitter = Splitter(self.sniffed.product_tag, self.limits.max_product_bytes, prefix=prefix)
        with self.path.open("rb") as f:
            while True:
                block = f.read(BLOCK)
                final = not block
                # The splitter counts the lines of everything it is fed: the line each block starts on.
                line = splitter.next_line()
                transcoded = self.transcoder.feed(block, final=final, line=line)
                cleaned = self.cleaner.clean(transcoded, final=final, line=line)
                self.bytes_read += len(block)
                for product in splitter.feed(cleaned):
                    if self.header is None:
                        assert splitter.prolog is not None
                        root = self.sniffed.root or "ONIXMessage"
                        self.prolog = splitter.prolog
                        self.header = parse_header(splitter.prolog, root, self.rename)
                    yield product
                if final:
                    break
        splitter.close()
        assert splitter.prolog is not None
        if self.header is None:  # a message without products: the prolog is the whole document
            self.prolog = splitter.prolog
            verify(splitter.prolog, b"", 1)
            self.header = header_from(xmlsafe.parse(splitter.prolog), self.rename)
        else:
            verify(splitter.prolog, splitter.epilogue, splitter._line)

    def file_offset(self, offset: int) -> int | None:
        """Where the cleaned bytes at `offset` (as the splitter counts them) lie in the file, while everything
        read so far passed through unchanged (UTF-8 as it came, nothing removed but a byte order mark), so
        a worker can read a batch from the file itself; None once any byte was transcoded or removed."""
        transcoder = self.transcoder
        if transcoder.codec != "utf-8" or transcoder.repair is not None or self.cleaner.removed_count:
            return None
        return offset + (len(codecs.BOM_UTF8) if self.cleaner.dropped_bom else 0)

    @property
    def rename(self) -> dict[str, str] | None:
        """The short-to-reference tag map when the file uses short tags."""
        if self.sniffed.tag_style != "short" or self.sniffed.release is None:
            return None
        return short_to_reference(self.sniffed.release)

    @property
    def removed_controls(self) -> list[Removed]:
        return sorted(self.cleaner.removed, key=lambda r: r.line)


def describe(s: Sniffed) -> str:
    style = {"reference": "reference tags", "short": "short tags"}.get(s.tag_style or "", "unknown tags")
    return f"ONIX {s.release} with {style}"
