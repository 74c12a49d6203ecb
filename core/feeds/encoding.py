"""Turning a feed's bytes into UTF-8, streaming, whatever the file declares.

UTF-8 passes through untouched (checked as it goes). UTF-16 (either byte order), ISO-8859-1, Windows-1252
and the other encodings Python knows are decoded and re-encoded, and the XML declaration is rewritten to
say UTF-8. Two real-world defects are read rather than refused, each with a Q01 finding on the file:
Windows-1252 bytes in a file declared UTF-8 (each invalid sequence is read as Windows-1252), and
Windows-1252 characters in a file declared ISO-8859-1 (read as Windows-1252, as browsers do).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from core.feeds.clean import NotWellFormed

_DECLARED = re.compile(rb"""^(\s*<\?xml\s[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
_C1 = re.compile(rb"[\x80-\x9f]")
_ESCAPED = re.compile("[\udc80-\udcff]")


def _byte_as_cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined keep their Latin-1 meaning
        return chr(byte)


# surrogateescape turns each undecodable byte b into U+DC00+b; this table gives it its Windows-1252 meaning.
_AS_CP1252 = {0xDC00 + b: _byte_as_cp1252(b) for b in range(0x80, 0x100)}
_AS_LATIN1 = {0xDC00 + b: chr(b) for b in range(0x80, 0x100)}


def python_codec(name: str) -> str | None:
    """The Python codec for an XML encoding name, or None when Python has none."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@dataclass
class Repair:
    """A read-anyway encoding defect: what it was, how many bytes, the first line."""

    message: str
    count: int = 0
    line: int | None = None


@dataclass
class Transcoder:
    """Feed it raw blocks in order; it returns UTF-8 bytes and remembers what it had to repair."""

    codec: str
    line: int = 1
    repair: Repair | None = None
    _carry: bytes = field(default=b"", repr=False)
    _first: bool = field(default=True, repr=False)
    _head: bytes = field(default=b"", repr=False)
    _lenient: bool = field(default=False, repr=False)
    _decoder: codecs.IncrementalDecoder | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.codec != "utf-8":
            self._decoder = codecs.getincrementaldecoder(self.codec)("strict")

    def feed(self, block: bytes, final: bool = False, line: int | None = None) -> bytes:
        """The block as UTF-8. `line` is the line the block starts on, when the caller counts lines anyway
        (the reader's cleaner does): counting them here too cost a pass over every byte of the file."""
        if line is not None:
            self.line = line
        out = self._utf8(block, final) if self._decoder is None else self._other(block, final)
        if self._first and self._decoder is not None:
            # Hold the start back until the whole XML declaration is there, then make it say UTF-8.
            self._head += out
            if b"?>" not in self._head and len(self._head) < 1024 and not final:
                return b""
            out, self._head, self._first = _DECLARED.sub(rb"\g<1>UTF-8\g<3>", self._head, count=1), b"", False
        if line is None:
            self.line += out.count(b"\n")
        return out

    def _utf8(self, block: bytes, final: bool) -> bytes:
        data = self._carry + block
        if not self._lenient:
            try:
                _, consumed = codecs.utf_8_decode(data, "strict", final)
            except UnicodeDecodeError as e:
                self._lenient = True
                self.repair = Repair(
                    "declared UTF-8 (or no encoding) but holds bytes that are not UTF-8: read as Windows-1252",
                    line=self.line + data[: e.start].count(b"\n"),
                )
            else:
                self._carry = data[consumed:]
                return data[:consumed]
        text, consumed = codecs.utf_8_decode(data, "surrogateescape", final)
        self._carry = data[consumed:]
        assert self.repair is not None
        self.repair.count += len(_ESCAPED.findall(text))
        return text.translate(_AS_CP1252).encode("utf-8")

    def _other(self, block: bytes, final: bool) -> bytes:
        if self.codec == "iso8859-1" and _C1.search(block):
            # ISO-8859-1 has no characters at 0x80-0x9F; senders who declare it mean Windows-1252 there.
            first = _C1.search(block)
            assert first is not None
            self.codec = "cp1252"
            self.repair = Repair(
                "declared ISO-8859-1 but holds Windows-1252 characters (bytes 0x80-0x9F): read as Windows-1252",
                line=self.line + block[: first.start()].count(b"\n"),
            )
        if self.codec == "cp1252" and self.repair is not None:
            self.repair.count += len(_C1.findall(block))
            return block.decode("cp1252", "surrogateescape").translate(_AS_LATIN1).encode("utf-8")
        assert self._decoder is not None
        try:
            text = self._decoder.decode(block, final)
        except UnicodeDecodeError as e:
            single_byte = self.codec in ("cp1252", "iso8859-1")
            raise NotWellFormed(
                f"the bytes are not valid {self.codec} (byte {block[e.start : e.start + 1].hex()}): "
                "the file is in another encoding than it declares",
                self.line + block[: e.start].count(b"\n") if single_byte else self.line,
                None,
                rule_id="Q01",
            ) from None
        return text.encode("utf-8")
