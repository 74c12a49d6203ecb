"""The splitter finds the same products, lines and columns however the bytes are cut into blocks."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from core.feeds.clean import NotWellFormed
from core.feeds.split import RAW_EXCERPT, Splitter
from tests.conftest import CORPUS

MESSAGE = (
    b'<?xml version="1.0"?>\n<ONIXMessage release="3.0">\n<Header><SentDateTime>20260101</SentDateTime></Header>\n'
    b"  <Product><A>1</A><!-- </Product> --></Product>\n"
    b"  <Product>\n<B><![CDATA[</Product> <Product>]]></B>\n</Product><Product/>\n"
    b"<!-- a comment between products -->\n"
    b'<Product xmlns="urn:x"><C>3</C></Product>\n</ONIXMessage>\n'
)


def split(
    data: bytes, cuts: list[int], limit: int = 10_000
) -> tuple[list[tuple[int, int, int, bytes, bool]], bytes, bytes]:
    s = Splitter("Product", limit)
    found = []
    previous = 0
    for cut in [*cuts, len(data)]:
        found += [(p.position, p.line, p.column, p.data, p.oversize) for p in s.feed(data[previous:cut])]
        previous = cut
    s.close()
    assert s.prolog is not None
    return found, s.prolog, s.epilogue


def test_products_lines_and_columns() -> None:
    found, prolog, epilogue = split(MESSAGE, [])
    assert [(pos, line, col) for pos, line, col, _, _ in found] == [
        (0, 4, 3),
        (1, 5, 3),
        (2, 7, 11),
        (3, 9, 1),
    ]
    assert found[1][3] == b"<Product>\n<B><![CDATA[</Product> <Product>]]></B>\n</Product>"
    assert found[2][3] == b"<Product/>"
    assert prolog.endswith(b"</Header>\n  ")
    assert epilogue == b"\n</ONIXMessage>\n"


@pytest.mark.parametrize("seed", range(25))
def test_any_cutting_into_blocks_gives_the_same_result(seed: int) -> None:
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(MESSAGE)), rng.randint(1, 40)))
    assert split(MESSAGE, cuts) == split(MESSAGE, [])


@pytest.mark.parametrize("seed", range(10))
def test_oversized_products_are_flagged_the_same_way_however_the_file_is_cut(seed: int) -> None:
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(MESSAGE)), rng.randint(1, 40)))
    found, _, _ = split(MESSAGE, cuts, limit=30)
    assert found == split(MESSAGE, [], limit=30)[0]
    assert [oversize for *_, oversize in found] == [True, True, False, True]


def test_an_oversized_product_keeps_only_an_excerpt() -> None:
    big = b"<M><Product><T>" + b"x" * (RAW_EXCERPT * 2) + b"</T></Product><Product/></M>"
    found, _, _ = split(big, list(range(4096, len(big), 4096)), limit=1000)
    assert [(o, len(d)) for _, _, _, d, o in found] == [(True, RAW_EXCERPT), (False, len(b"<Product/>"))]


def test_a_truncated_file_fails_with_the_open_product_line() -> None:
    with pytest.raises(NotWellFormed) as caught:
        split(MESSAGE[: MESSAGE.index(b"<C>")], [])
    assert caught.value.line == 9


def test_the_corpus_product_count_matches_a_full_parse() -> None:
    path = CORPUS / "jaerith__ONIX-Data" / "V3-Sample-500-Products.xml"
    data = path.read_bytes()
    found, _, _ = split(data, list(range(65536, len(data), 65536)))
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert len(found) == len(root.findall("{*}Product")) == 500
