"""Batches read from the file by their worker: the same bytes as batches that travel, or none at all."""

from __future__ import annotations

import codecs
import pickle
import random
from pathlib import Path

import pytest

from core.ccf.convert.context import Context
from core.feeds.reader import FeedReader, Limits
from core.feeds.split import RawProduct, Splitter
from core.ingest.batch import Batch, batches


def message(products: int, *, inside: dict[int, bytes] | None = None, size: int = 0) -> bytes:
    """An ONIX 3.0 message; `inside[i]` is put into product i's title, `size` pads every product."""
    inside = inside or {}
    body = b"".join(
        b"<Product>\n  <RecordReference>ref-%d</RecordReference>\n  <TitleText>T%d %s</TitleText>%s\n</Product>\n"
        % (i, i, inside.get(i, b""), b"x" * size)
        for i in range(products)
    )
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
        b"<Header><Sender><SenderName>S</SenderName></Sender><SentDateTime>20260101</SentDateTime></Header>\n"
        + body
        + b"</ONIXMessage>\n"
    )


def cut(path: Path, *, from_file: bool, per_batch: int = 4, max_product: int = 1 << 20) -> tuple[list[Batch], list[int]]:
    """The file's batches as an ingest cuts them (with `from_file`: as it hands them to workers), and the
    positions of the oversized products left out."""
    reader = FeedReader(path, Limits(1 << 30, max_product))
    sniffed = reader.open()
    oversize: list[RawProduct] = []
    options = {"file": str(path), "file_offset": reader.file_offset} if from_file else {}
    made = list(batches(reader.products(), sniffed, Context(), per_batch, oversize.append, "", **options))
    return made, [p.position for p in oversize]


def travelled(batch: Batch) -> Batch:
    """The batch as a worker receives it."""
    received: Batch = pickle.loads(pickle.dumps(batch))
    return received


def test_the_splitter_says_where_each_product_starts_however_the_bytes_are_cut() -> None:
    data = message(12, inside={3: b"<!-- </Product> -->", 7: b"<![CDATA[<Product>]]>"})
    rng = random.Random(5)
    for _ in range(20):
        splitter = Splitter("Product", 1 << 20)
        cuts = sorted(rng.sample(range(1, len(data)), rng.randint(1, 30)))
        found = []
        for low, high in zip([0, *cuts], [*cuts, len(data)], strict=True):
            found += list(splitter.feed(data[low:high]))
        assert len(found) == 12
        for product in found:
            assert data[product.offset : product.offset + len(product.gap) + len(product.data)] == (
                product.gap + product.data
            )


def test_a_clean_utf8_file_travels_as_places_and_the_worker_reads_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(codecs.BOM_UTF8 + message(10, size=2_000))  # the mark is dropped, the offsets still hold
    sent, _ = cut(path, from_file=True)
    expected, _ = cut(path, from_file=False)
    assert len(sent) == 3
    for batch, reference in zip(sent, expected, strict=True):
        assert batch.from_file
        assert len(pickle.dumps(batch)) < len(reference.data)  # the bytes do not travel
        assert travelled(batch).data == reference.data
        assert travelled(batch).document().count(b"<Product>") == len(batch.spans)


@pytest.mark.parametrize(
    "change", [b"\x0b", b"&#x1;", b"caf\xe9"], ids=["control character", "character reference", "Windows-1252"]
)
def test_from_a_changed_byte_on_batches_travel_themselves(tmp_path: Path, change: bytes) -> None:
    # 30 products of 100 KB: the file is read in blocks of 1 MiB, the change lies in the third.
    path = tmp_path / "feed.xml"
    path.write_bytes(message(30, inside={25: change}, size=100_000))
    sent, _ = cut(path, from_file=True)
    expected, _ = cut(path, from_file=False)
    read_from_file = [b.from_file for b in sent]
    assert read_from_file[0] and not read_from_file[-1]
    assert read_from_file == sorted(read_from_file, reverse=True)  # once a byte changed, never again
    for batch, reference in zip(sent, expected, strict=True):
        assert travelled(batch).data == reference.data


def test_a_file_in_another_encoding_always_travels(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(message(6).replace(b"UTF-8", b"ISO-8859-1").replace(b"T3 ", "T3 é".encode("latin-1")))
    sent, _ = cut(path, from_file=True)
    expected, _ = cut(path, from_file=False)
    assert not any(b.from_file for b in sent)
    assert [travelled(b).data for b in sent] == [b.data for b in expected]
    assert "T3 é".encode() in sent[0].data


def test_a_batch_around_an_oversized_product_travels_itself(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(message(8, inside={2: b"y" * 5_000}, size=1_000))
    sent, oversize = cut(path, from_file=True, max_product=4_000)
    expected, _ = cut(path, from_file=False, max_product=4_000)
    assert oversize == [2]
    assert [b.from_file for b in sent] == [False, True]  # the first batch has a hole where product 2 was
    assert [travelled(b).data for b in sent] == [b.data for b in expected]


def test_a_file_shortened_after_reading_fails_the_batch_instead_of_parsing_less(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    data = message(8)
    path.write_bytes(data)
    sent, _ = cut(path, from_file=True)
    received = travelled(sent[-1])
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(OSError, match="shorter"):
        _ = received.data
