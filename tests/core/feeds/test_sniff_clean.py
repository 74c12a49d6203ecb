"""Sniffing tells formats apart from the head of a file; cleaning removes C0 control characters."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from core.feeds.clean import ByteCleaner
from core.feeds.reader import BLOCK, FeedReader, Limits
from core.feeds.sniff import sniff

REF30 = b'<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference"><Header/>'


@pytest.mark.parametrize(
    ("head", "fmt", "namespace_ok", "warned"),
    [
        (REF30, "onix-3.0-reference", True, False),
        (REF30.replace(b"ns.editeur.org", b"www.editeur.org"), "onix-3.0-reference", False, True),
        (
            b'<ONIXMessage release="3.0"><Header><SentDateTime>20260101</SentDateTime></Header>',
            "onix-3.0-reference",
            False,
            True,
        ),
        (
            b'<!DOCTYPE ONIXMessage SYSTEM "http://www.editeur.org/onix/2.1/reference/onix-international.dtd">\n<ONIXMessage>',
            "onix-2.1-reference",
            False,
            False,
        ),
        (
            b'<ONIXmessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/short"><header>',
            "onix-3.0-short",
            True,
            False,
        ),
        (
            b'<ONIXMessage release="3.1" xmlns="http://ns.editeur.org/onix/3.1/reference">',
            "onix-3.1-reference",
            True,
            False,
        ),
        (b"<ONIXMessage><Header><FromCompany>X</FromCompany></Header>", "onix-2.1-reference", False, False),
    ],
)
def test_formats(head: bytes, fmt: str, namespace_ok: bool, warned: bool) -> None:
    s = sniff(head)
    assert (s.format, s.namespace_ok, bool(s.warnings), s.refusal) == (fmt, namespace_ok, warned, None)


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (codecs.BOM_UTF32_LE + "<ONIXMessage>".encode("utf-32-le"), "UTF-32"),
        (b'<?xml version="1.0" encoding="klingon-1"?><ONIXMessage>', "klingon-1"),
        (b"<html><body>", "not an ONIX message"),
        (b"just text", "no XML root element"),
        (b'<ONIXMessage release="4.0">', "release 4.0"),
    ],
)
def test_refusals_say_why(head: bytes, reason: str) -> None:
    refusal = sniff(head).refusal
    assert refusal is not None and reason in refusal


def test_a_doctype_with_an_internal_subset_is_seen() -> None:
    s = sniff(b'<!DOCTYPE ONIXMessage [<!ENTITY a "b">]>\n<ONIXMessage release="3.0">')
    assert s.doctype_has_subset and s.format == "onix-3.0-reference"


def test_control_characters_are_removed_and_recorded_with_their_lines() -> None:
    cleaner = ByteCleaner()
    out = cleaner.clean(codecs.BOM_UTF8 + b"<a>\n<b>x\x10y</b>\n<c>&#16;z&#x1") + cleaner.clean(
        b"F;</c>\t\r\n</a>", final=True
    )
    assert out == b"<a>\n<b>xy</b>\n<c>z</c>\t\r\n</a>"
    assert sorted((r.line, r.char) for r in cleaner.removed) == [(2, "\x10"), (3, "&#16;"), (3, "&#x1F;")]


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1"])
def test_control_characters_deep_in_a_file_get_their_lines(tmp_path: Path, encoding: str) -> None:
    # Several blocks of products; the reader's splitter tells the cleaner which line each block starts on.
    products = [
        f"<Product>\n<RecordReference>r{i}</RecordReference>\n<DescriptiveDetail>"
        + "<TitleText>Été</TitleText>\n" * 40
        + "</DescriptiveDetail>\n</Product>\n"
        for i in range(3000)
    ]
    products[1700] = products[1700].replace("r1700", "r\x101700")
    products[2900] = products[2900].replace("r2900", "r&#x1F;2900")
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<ONIXMessage release="3.0">\n'
        "<Header><Sender><SenderName>S</SenderName></Sender><SentDateTime>20260101</SentDateTime></Header>\n"
        + "".join(products)
        + "</ONIXMessage>\n"
    )
    path = tmp_path / "feed.xml"
    path.write_bytes(text.encode(encoding))
    assert path.stat().st_size > 3 * BLOCK
    reader = FeedReader(path, Limits(10**9, 10**6))
    reader.open()
    assert sum(1 for _ in reader.products()) == 3000
    expected = [(text[: text.index(char)].count("\n") + 1, char) for char in ("\x10", "&#x1F;")]
    assert [(r.line, r.char) for r in reader.removed_controls] == expected
