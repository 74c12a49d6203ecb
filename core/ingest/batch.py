"""Batches: consecutive products of one file, as one small XML document a worker process can parse.

A batch is the file's own bytes from the first product to the last (with whatever lies between them),
wrapped in the root start tag (without its default namespace, so elements arrive with plain names) and
the file's DOCTYPE, so the worker parses exactly what the file says and maps lines back to the file.

When those bytes stand in the file as they are (UTF-8, nothing removed), a batch travels as the place they
lie and the worker reads them itself: the committing process then neither joins nor sends them (a pipe
moves a 550 MB feed in 64 KiB pieces, costing both sides a second of CPU).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from core.ccf.convert.context import Context
from core.feeds import schema_check
from core.feeds.sniff import Sniffed
from core.feeds.split import RawProduct

_DEFAULT_NS = re.compile(rb"""\sxmlns\s*=\s*(?:"[^"]*"|'[^']*')""")


@dataclass(frozen=True)
class ProductSpan:
    position: int
    offset: int
    length: int
    line: int


@dataclass
class Batch:
    index: int
    wrapper: bytes
    close: bytes
    first_line: int
    first_column: int
    ctx: Context
    tag_style: str
    release: str
    spool_dir: str
    strict_wrapper: bytes | None = None
    """In strict mode (rule Q03): the wrapper under the release's namespace, for schema validation."""
    spans: list[ProductSpan] = field(default_factory=list)
    file: str = ""
    """The file the batch's bytes are read from (by the worker), from `file_offset`; "" when they travel."""
    file_offset: int = -1
    _parts: list[bytes] = field(default_factory=list)
    _size: int = 0
    _data: bytes = b""

    def add(self, product: RawProduct, file_offset: int | None = None) -> None:
        """Add a product; `file_offset` is where its gap starts in `file`, when its bytes stand there as
        they are (the batch is read from the file if every product's are, one after the other)."""
        if not self.spans:
            self.first_line, self.first_column = product.gap_line, product.gap_column
            self.file_offset = -1 if file_offset is None else file_offset
        elif file_offset is None or file_offset != self.file_offset + self._size:
            self.file_offset = -1
        self.spans.append(ProductSpan(product.position, self._size + len(product.gap), len(product.data), product.line))
        # Joined once (`sealed`): a bytearray grown product by product copies itself at each reallocation.
        self._parts += (product.gap, product.data)
        self._size += len(product.gap) + len(product.data)

    @property
    def from_file(self) -> bool:
        return bool(self.file) and self.file_offset >= 0

    def sealed(self) -> Batch:
        """The batch as it travels to a worker: its parts joined into `data`, or dropped when the worker
        reads them from the file."""
        if self._parts:
            if self.from_file:
                self._parts = []
            else:
                self._data, self._parts = self._data + b"".join(self._parts), []
        return self

    @property
    def data(self) -> bytes:
        """The file's bytes from the batch's first product to its last."""
        if not self._data and self.from_file:
            with open(self.file, "rb") as f:
                f.seek(self.file_offset)
                self._data = f.read(self._size)
            if len(self._data) != self._size:
                raise OSError(f"{self.file} is shorter than it was when it was read (changed while ingesting?)")
        return self.sealed()._data

    def document(self) -> bytes:
        return self.wrapper + self.data + self.close

    def strict_document(self) -> bytes:
        assert self.strict_wrapper is not None
        return self.strict_wrapper + self.data + self.close

    def file_position(self, line: int, column: int) -> tuple[int, int]:
        """A line and column in `document()` as a line and column in the file."""
        if line <= 1:
            return self.first_line, self.first_column
        file_line = self.first_line + line - 2
        return file_line, column + (self.first_column - 1 if line == 2 else 0)


def wrapper_for(sniffed: Sniffed, namespaced: bool = False) -> tuple[bytes, bytes]:
    """(start, end) around a batch: DOCTYPE and root start tag on one line, then a line break. The root
    has no default namespace (elements arrive with plain names), or, for schema validation, the release's."""
    if namespaced:
        root_tag = schema_check.namespaced_root(sniffed.root_tag, sniffed.release or "3.0", sniffed.tag_style or "")
    else:
        root_tag = _DEFAULT_NS.sub(b"", sniffed.root_tag)
    start = b""
    if sniffed.doctype:
        start += re.sub(rb"[\r\n]+", b" ", sniffed.doctype) + b" "
    start += re.sub(rb"[\r\n]+", b" ", root_tag) + b"\n"
    return start, f"</{sniffed.root}>".encode()


def batches(
    products: Iterator[RawProduct],
    sniffed: Sniffed,
    ctx: Context,
    size: int,
    on_oversize: object,
    spool_dir: str = "",
    strict: bool = False,
    file: str = "",
    file_offset: Callable[[int], int | None] | None = None,
) -> Iterator[Batch]:
    """Group products into batches of `size`; oversized products go to `on_oversize` instead. With `file`
    and `file_offset` (a product's offset in the cleaned bytes -> in `file`, or None when they differ), a
    batch whose bytes stand in the file as they are is read from there by its worker."""
    start, close = wrapper_for(sniffed)
    strict_start = wrapper_for(sniffed, namespaced=True)[0] if strict else None
    index = 0
    current: Batch | None = None
    for product in products:
        if product.oversize:
            assert callable(on_oversize)
            on_oversize(product)
            continue
        if current is None:
            current = Batch(
                index,
                start,
                close,
                0,
                0,
                ctx,
                sniffed.tag_style or "reference",
                sniffed.release or "3.0",
                spool_dir,
                strict_start,
                file=file,
            )
            index += 1
        current.add(product, file_offset(product.offset) if file_offset is not None else None)
        if len(current.spans) >= size:
            yield current.sealed()
            current = None
    if current is not None:
        yield current.sealed()
