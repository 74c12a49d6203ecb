"""Sniffing tells formats apart from the head of a file; cleaning removes C0 control characters."""

from __future__ import annotations

import codecs

import pytest

from core.feeds.clean import ByteCleaner
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
