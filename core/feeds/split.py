"""Splitting a message into its envelope and its products, streaming, without building a tree.

The splitter scans cleaned bytes for product start and end tags (skipping comments and CDATA, where
such text may appear), so the process that reads the file does almost no work per element: the products
go as bytes to worker processes, which parse and convert them in parallel. The envelope (everything before
the first product and after the last) is parsed separately, so the file as a whole is still checked for
well-formedness and nothing is applied unless all of it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.feeds.clean import NotWellFormed

RAW_EXCERPT = 64 * 1024
"""How much of an oversized product is kept to show in the ingest error."""


@dataclass
class RawProduct:
    position: int
    data: bytes
    gap: bytes
    gap_line: int
    gap_column: int
    line: int
    column: int
    size: int
    oversize: bool = False
    """Above the size limit: `data` holds only the first RAW_EXCERPT bytes, to show in the error."""
    offset: int = 0
    """Where `gap` starts in the cleaned bytes (the bytes the splitter was fed), counted from their start."""


class Splitter:
    """Feed cleaned blocks in order; iterate the products each block completes."""

    def __init__(
        self,
        product_tag: str,
        max_product_bytes: int,
        max_envelope_bytes: int = 16 * 1024 * 1024,
        prefix: str = "",
    ):
        # Patterns that start with a literal ("<Product", "</Product") let the regex engine skip ahead fast;
        # a product's start and end are two searches, whatever lies between them.
        name = (f"{prefix}:" if prefix else "").encode() + product_tag.encode()
        self._start_literal, self._end_literal = b"<" + name, b"</" + name
        self._start_tag = re.compile(re.escape(self._start_literal) + rb"[\s/>]")
        self._end = re.compile(re.escape(self._end_literal) + rb"\s*>")
        self.max_product = max_product_bytes
        self.max_envelope = max_envelope_bytes
        self.product_tag = product_tag
        self.prolog: bytes | None = None
        self.epilogue = b""
        self._buf = b""
        # Positions are offsets into _buf; _buf[:_base] is consumed (kept until the next block arrives, so
        # emitting a product never copies the rest of the block).
        self._base = 0
        self._dropped = 0  # bytes fed before _buf[0]
        self._line = 1  # line of _buf[_base]
        self._column = 1  # column of _buf[_base]
        self._position = 0
        self._in_product = False
        self._start = 0  # offset of the open product's '<' in _buf
        self._start_line = 0
        self._start_column = 0
        self._gap_line = 1
        self._gap_column = 1
        self._skipping: bytes | None = None  # excerpt of an oversized product being skipped
        self._skipped = 0
        self._scan = 0  # where scanning resumes in _buf

    # -- position bookkeeping ----------------------------------------------------------------

    def _where(self, offset: int) -> tuple[int, int]:
        newlines = self._buf.count(b"\n", self._base, offset)
        if newlines:
            return self._line + newlines, offset - self._buf.rfind(b"\n", self._base, offset)
        return self._line, self._column + offset - self._base

    def next_line(self) -> int:
        """The line the next block fed starts on (the lines of what is buffered are counted on demand)."""
        return self._line + self._buf.count(b"\n", self._base)

    def _drop(self, offset: int) -> None:
        """Forget what comes before `offset`, keeping line and column of what remains."""
        self._line, self._column = self._where(offset)
        self._base = offset
        self._scan = max(self._scan, offset)

    # -- scanning ----------------------------------------------------------------------------

    def feed(self, block: bytes) -> Iterator[RawProduct]:
        if self._base:
            self._dropped += self._base
            self._buf = self._buf[self._base :] + block
            self._start -= self._base
            self._scan -= self._base
            self._base = 0
        else:
            self._buf += block
        pos = self._scan
        while True:
            if self._in_product:
                # One regex scan: `</Product` alone also stops at each `</ProductIdentifier>`,
                # `</ProductForm>`... (twenty per product), and each stop is a round trip through Python.
                end = self._end.search(self._buf, pos)
            else:
                end = self._search(self._start_literal, self._start_tag, pos)
            limit = end.start() if end else len(self._buf)
            markup = self._markup(pos, limit)
            if markup >= 0:  # a comment or CDATA section comes first: what it holds is text, not tags
                skipped = self._skip_markup(markup)
                if skipped is None:
                    pos = markup
                    break
                pos = skipped
                continue
            if end is None:
                safe = max(pos, len(self._buf) - 64)  # a tag may straddle the next block
                stray = None if self._in_product else self._search(self._end_literal, self._end, pos, safe)
                if stray is not None:
                    line, column = self._where(stray.start())
                    raise NotWellFormed(f"</{self.product_tag}> without a matching start tag", line, column)
                pos = safe
                break
            if self._in_product:
                # A product left open shows up when the worker parses it (a tag mismatch, with its line):
                # looking for a nested start tag here would cost a second scan of every product.
                yield (self._finish_oversize(end.end()) if self._skipping is not None else self._emit(end.end()))
                pos = self._base
                continue
            stray = self._search(self._end_literal, self._end, pos, end.start())
            if stray is not None:
                line, column = self._where(stray.start())
                raise NotWellFormed(f"</{self.product_tag}> without a matching start tag", line, column)
            close = self._buf.find(b">", end.start())
            if close < 0:
                pos = end.start()
                break
            tag_length = close + 1 - end.start()
            self._open(end.start())
            if self._buf[self._start + tag_length - 2 : self._start + tag_length - 1] == b"/":
                yield self._emit(self._start + tag_length)
                pos = self._base
                continue
            pos = self._start + tag_length
        self._scan = pos
        self._check_sizes()

    def _search(
        self, literal: bytes, pattern: re.Pattern[bytes], pos: int, endpos: int | None = None
    ) -> re.Match[bytes] | None:
        """The first match of `pattern` (which starts with `literal`) in _buf[pos:endpos]: a fast find of the
        literal, then an anchored match, so `<ProductIdentifier` is passed over without a regex scan."""
        end = len(self._buf) if endpos is None else endpos
        while True:
            at = self._buf.find(literal, pos, end)
            if at < 0:
                return None
            m = pattern.match(self._buf, at, end)
            if m is not None:
                return m
            pos = at + 1

    def _markup(self, pos: int, limit: int) -> int:
        """`_buf.find(b"<!", pos, limit)`, found through the `!`: a one-byte search runs at memory speed, a
        two-byte one at a tenth of it, and `!` is rare in a feed."""
        buf = self._buf
        at = buf.find(b"!", pos + 1, limit)
        while at >= 0:
            if buf[at - 1] == 0x3C:  # "<"
                return at - 1
            at = buf.find(b"!", at + 1, limit)
        return -1

    def _skip_markup(self, at: int) -> int | None:
        """Where the comment, CDATA section or declaration starting at `at` ends (None: not in this block)."""
        if self._buf.startswith(b"<!--", at):
            close, width = self._buf.find(b"-->", at + 4), 3
        elif self._buf.startswith(b"<![CDATA[", at):
            close, width = self._buf.find(b"]]>", at + 9), 3
        elif len(self._buf) - at < 9:
            return None  # too few bytes to tell what it is yet
        else:
            close, width = self._buf.find(b">", at + 2), 1
        return None if close < 0 else close + width

    def _open(self, start: int) -> None:
        if self.prolog is None:
            self.prolog = self._buf[self._base : start]
            self._drop(start)
            self._gap_line, self._gap_column = self._line, self._column
        self._in_product = True
        self._start = start
        self._start_line, self._start_column = self._where(start)

    def _emit(self, end: int) -> RawProduct:
        size = end - self._start
        oversize = size > self.max_product
        product = RawProduct(
            position=self._position,
            data=self._buf[self._start : end][:RAW_EXCERPT] if oversize else self._buf[self._start : end],
            gap=b"" if oversize else self._buf[self._base : self._start],
            gap_line=self._start_line if oversize else self._gap_line,
            gap_column=self._start_column if oversize else self._gap_column,
            line=self._start_line,
            column=self._start_column,
            size=size,
            oversize=oversize,
            offset=self._dropped + (self._start if oversize else self._base),
        )
        self._position += 1
        self._in_product = False
        self._drop(end)
        self._gap_line, self._gap_column = self._line, self._column
        return product

    def _check_sizes(self) -> None:
        if self._skipping is not None:
            # Skipping an oversized product: forget what was scanned, keep counting its size.
            self._keep_excerpt(self._buf[self._base : self._scan])
            self._skipped += self._scan - self._base
            self._drop(self._scan)
            if len(self._buf) - self._base > max(self.max_product, self.max_envelope):
                line, column = self._where(self._base)
                raise NotWellFormed(
                    "an unterminated comment or CDATA section inside an oversized product", line, column
                )
            return
        if self._in_product and len(self._buf) - self._start > self.max_product:
            self._skipping = b""
            self._skipped = 0
            self._drop(self._start)
            self._scan = max(self._scan, self._start)
            self._check_sizes()
            return
        if not self._in_product and len(self._buf) - self._base > self.max_envelope:
            line, column = self._where(self._base)
            where = "before the first product" if self.prolog is None else "between products"
            raise NotWellFormed(f"more than {self.max_envelope} bytes {where} without a product", line, column)

    def _keep_excerpt(self, data: bytes) -> None:
        assert self._skipping is not None
        if len(self._skipping) < RAW_EXCERPT:
            self._skipping += data[: RAW_EXCERPT - len(self._skipping)]

    def _finish_oversize(self, end: int) -> RawProduct:
        assert self._skipping is not None
        self._keep_excerpt(self._buf[self._base : end])
        product = RawProduct(
            position=self._position,
            data=self._skipping,
            gap=b"",  # the gap before an oversized product is not parsed: the product is not sent on
            gap_line=self._start_line,
            gap_column=self._start_column,
            line=self._start_line,
            column=self._start_column,
            size=self._skipped + end - self._base,
            oversize=True,
            offset=self._dropped + self._base - self._skipped,
        )
        self._position += 1
        self._skipping = None
        self._in_product = False
        self._drop(end)
        self._gap_line, self._gap_column = self._line, self._column
        return product

    def close(self) -> None:
        """The file ended: a product still open means a truncated file."""
        if self._in_product or self._skipping is not None:
            raise NotWellFormed(
                f"the file ends inside the product that starts at line {self._start_line} (truncated?)",
                self._start_line,
                self._start_column,
            )
        rest = self._buf[self._base :]
        if self.prolog is None:
            self.prolog = rest
            self.epilogue = b""
        else:
            self.epilogue = rest
        self._buf, self._base = b"", 0
