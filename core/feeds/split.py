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


class Splitter:
    """Feed cleaned blocks in order; iterate the products each block completes."""

    def __init__(self, product_tag: str, max_product_bytes: int, max_envelope_bytes: int = 16 * 1024 * 1024):
        tag = re.escape(product_tag.encode())
        self._token = re.compile(rb"<!--|<!\[CDATA\[|<(/?)(?:[A-Za-z_][\w.-]*:)?" + tag + rb"(?=[\s/>])")
        self._end = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?" + tag + rb"\s*>")
        self.max_product = max_product_bytes
        self.max_envelope = max_envelope_bytes
        self.product_tag = product_tag
        self.prolog: bytes | None = None
        self.epilogue = b""
        self._buf = b""
        self._line = 1  # line of _buf[0]
        self._column = 1  # column of _buf[0]
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
        before = self._buf[:offset]
        newlines = before.count(b"\n")
        if newlines:
            return self._line + newlines, offset - before.rfind(b"\n")
        return self._line, self._column + offset

    def _drop(self, offset: int) -> None:
        """Forget _buf[:offset], keeping line and column of what remains."""
        self._line, self._column = self._where(offset)
        self._buf = self._buf[offset:]
        self._scan = max(0, self._scan - offset)

    # -- scanning ----------------------------------------------------------------------------

    def feed(self, block: bytes) -> Iterator[RawProduct]:
        self._buf += block
        pos = self._scan
        while True:
            m = self._token.search(self._buf, pos)
            if m is None:
                pos = max(pos, len(self._buf) - 64)  # a token may straddle the next block
                break
            token = m.group(0)
            if token in (b"<!--", b"<![CDATA["):
                close = self._buf.find(b"-->" if token == b"<!--" else b"]]>", m.end())
                if close < 0:
                    pos = m.start()
                    break
                pos = close + 3
                continue
            if m.group(1):  # an end tag
                if not self._in_product:
                    line, column = self._where(m.start())
                    raise NotWellFormed(f"</{self.product_tag}> without a matching start tag", line, column)
                end = self._end.match(self._buf, m.start())
                if end is None:
                    pos = m.start()
                    break
                yield (
                    self._finish_oversize(end.end()) if self._skipping is not None else self._emit(end.end())
                )
                pos = 0
                continue
            if self._in_product:  # a start tag inside a product
                line, column = self._where(m.start())
                raise NotWellFormed(
                    f"<{self.product_tag}> starts before the product opened at line {self._start_line} "
                    "was closed",
                    line,
                    column,
                )
            close = self._buf.find(b">", m.end())
            if close < 0:
                pos = m.start()
                break
            tag_length = close + 1 - m.start()
            self._open(m.start())
            if self._buf[self._start + tag_length - 2 : self._start + tag_length - 1] == b"/":
                yield self._emit(self._start + tag_length)
                pos = 0
                continue
            pos = self._start + tag_length
        self._scan = pos
        self._check_sizes()

    def _open(self, start: int) -> None:
        if self.prolog is None:
            self.prolog = self._buf[:start]
            self._drop(start)
            self._gap_line, self._gap_column = self._line, self._column
            start = 0
        self._in_product = True
        self._start = start
        self._start_line, self._start_column = self._where(start)

    def _emit(self, end: int) -> RawProduct:
        size = end - self._start
        oversize = size > self.max_product
        product = RawProduct(
            position=self._position,
            data=self._buf[self._start : end][:RAW_EXCERPT] if oversize else self._buf[self._start : end],
            gap=b"" if oversize else self._buf[: self._start],
            gap_line=self._start_line if oversize else self._gap_line,
            gap_column=self._start_column if oversize else self._gap_column,
            line=self._start_line,
            column=self._start_column,
            size=size,
            oversize=oversize,
        )
        self._position += 1
        self._in_product = False
        self._drop(end)
        self._gap_line, self._gap_column = self._line, self._column
        return product

    def _check_sizes(self) -> None:
        if self._skipping is not None:
            # Skipping an oversized product: forget what was scanned, keep counting its size.
            self._keep_excerpt(self._buf[: self._scan])
            self._skipped += self._scan
            self._drop(self._scan)
            if len(self._buf) > max(self.max_product, self.max_envelope):
                line, column = self._where(0)
                raise NotWellFormed(
                    "an unterminated comment or CDATA section inside an oversized product", line, column
                )
            return
        if self._in_product and len(self._buf) - self._start > self.max_product:
            self._skipping = b""
            self._skipped = 0
            self._drop(self._start)
            self._start = 0
            self._check_sizes()
            return
        if not self._in_product and len(self._buf) > self.max_envelope:
            line, column = self._where(0)
            where = "before the first product" if self.prolog is None else "between products"
            raise NotWellFormed(
                f"more than {self.max_envelope} bytes {where} without a product", line, column
            )

    def _keep_excerpt(self, data: bytes) -> None:
        assert self._skipping is not None
        if len(self._skipping) < RAW_EXCERPT:
            self._skipping += data[: RAW_EXCERPT - len(self._skipping)]

    def _finish_oversize(self, end: int) -> RawProduct:
        assert self._skipping is not None
        self._keep_excerpt(self._buf[:end])
        product = RawProduct(
            position=self._position,
            data=self._skipping,
            gap=b"",  # the gap before an oversized product is not parsed: the product is not sent on
            gap_line=self._start_line,
            gap_column=self._start_column,
            line=self._start_line,
            column=self._start_column,
            size=self._skipped + end,
            oversize=True,
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
        if self.prolog is None:
            self.prolog = self._buf
            self.epilogue = b""
        else:
            self.epilogue = self._buf
        self._buf = b""
