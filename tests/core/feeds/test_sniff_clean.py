"""Sniffing tells formats apart from the head of a file; cleaning removes C0 characters and checks UTF-8."""

from __future__ import annotations

import codecs

import pytest

from core.feeds.clean import ByteCleaner, NotWellFormed
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
        (codecs.BOM_UTF16_LE + "<ONIXMessage>".encode("utf-16-le"), "UTF-16"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><ONIXMessage>', "ISO-8859-1"),
        (b"<html><body>", "not an ONIX message"),
        (b"just text", "no XML root element"),
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


def test_bytes_that_are_not_utf8_fail_with_line_and_column() -> None:
    with pytest.raises(NotWellFormed) as caught:
        ByteCleaner().clean(b"<a>\n<b>caf" + b"\xe9</b></a>", final=True)
    assert (caught.value.line, caught.value.column, caught.value.rule_id) == (2, 7, "Q01")


def test_a_multibyte_character_split_across_blocks_is_fine() -> None:
    data = "<a>€</a>".encode()
    cleaner = ByteCleaner()
    assert cleaner.clean(data[:4]) + cleaner.clean(data[4:], final=True) == data
