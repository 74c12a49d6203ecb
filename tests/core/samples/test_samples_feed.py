"""write_feed: deterministic, streaming, the product count it claims, unique valid ISBNs."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest
from lxml import etree
from samples_facts import NS, gtin_ok, hardened_parser

from core.samples import feed, write_feed
from core.samples.__main__ import main


def _count_products(source: Path | io.BytesIO) -> tuple[int, set[str]]:
    """Count Product elements and collect ISBNs with a streaming parse (independent of the writer)."""
    count, isbns = 0, set()
    for _, element in etree.iterparse(
        source, events=("end",), tag=f"{{{NS}}}Product", resolve_entities=False, no_network=True
    ):
        count += 1
        isbns.add(element.findtext(f"{{{NS}}}ProductIdentifier[{{{NS}}}ProductIDType='15']/{{{NS}}}IDValue"))
        element.clear()
    return count, isbns


def test_same_seed_same_bytes_and_other_seed_other_bytes(tmp_path: Path) -> None:
    first, again, other = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml"
    assert write_feed(first, products=150, seed=7) == 150
    write_feed(again, products=150, seed=7)
    write_feed(other, products=150, seed=8)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_file_object_and_path_targets_give_the_same_bytes(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_feed(buffer, products=40, seed=3)
    path = tmp_path / "feed.xml"
    write_feed(path, products=40, seed=3)
    assert buffer.getvalue() == path.read_bytes()
    assert not buffer.closed  # the caller's file object is left open


def test_product_count_and_isbns_counted_independently(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    write_feed(path, products=1234, seed=11)
    count, isbns = _count_products(path)
    assert count == 1234
    assert len(isbns) == 1234  # unique
    assert all(gtin_ok(isbn) and isbn.startswith("979") for isbn in isbns)


def test_a_prefix_of_a_feed_is_the_same_products(tmp_path: Path) -> None:
    small, large = io.BytesIO(), io.BytesIO()
    write_feed(small, products=20, seed=5)
    write_feed(large, products=60, seed=5)
    body = small.getvalue().rsplit(b"</ONIXMessage>", 1)[0]
    assert large.getvalue().startswith(body)


def test_parallel_rendering_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks so two worker processes really share the work of a small feed.
    monkeypatch.setattr(feed, "_CHUNK", 70)
    serial, parallel = tmp_path / "serial.xml", tmp_path / "parallel.xml"
    write_feed(serial, products=300, seed=9, workers=1)
    write_feed(parallel, products=300, seed=9, workers=2)
    assert serial.read_bytes() == parallel.read_bytes()


def test_memory_does_not_grow_with_the_feed() -> None:
    class Sink(io.RawIOBase):
        """Counts bytes and keeps none, so only the generator's own memory is measured."""

        def __init__(self) -> None:
            self.size = 0

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            self.size += len(data)
            return len(data)

    peaks, sizes = [], []
    for products in (150, 1500):
        sink = Sink()
        tracemalloc.start()
        write_feed(sink, products=products, seed=2, workers=1)  # type: ignore[arg-type]
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        sizes.append(sink.size)
    # Ten times the products, about the same peak (one batch of XML), far below the output size.
    assert sizes[1] > 9 * sizes[0]
    assert peaks[1] < peaks[0] * 1.3
    assert peaks[1] < sizes[1] / 3


def test_product_count_is_checked() -> None:
    with pytest.raises(ValueError):
        write_feed(io.BytesIO(), products=-1)


def test_the_feed_parses_with_a_hardened_parser() -> None:
    buffer = io.BytesIO()
    write_feed(buffer, products=25, seed=4)
    root = etree.fromstring(buffer.getvalue(), hardened_parser())
    assert root.get("release") == "3.0"
    assert etree.QName(root).namespace == NS
    assert buffer.getvalue().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')


def test_command_line_writes_a_benchmark_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bench.xml"
    assert main(["--products", "30", "--seed", "2", str(out)]) == 0
    assert f"wrote {out} (30 products, seed 2," in capsys.readouterr().out
    assert _count_products(out)[0] == 30
    reference = io.BytesIO()
    write_feed(reference, products=30, seed=2)
    assert out.read_bytes() == reference.getvalue()
    with pytest.raises(SystemExit):
        main(["--products", "30"])  # no output file
