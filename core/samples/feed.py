"""Stream ONIX messages to a file: the sample deliveries and clean benchmark feeds of any size.

Products are generated one at a time from a per-product seed and written in batches, so memory stays
flat whatever the product count, and product ``i`` of a feed is the same whatever ``products`` is.
Each product gets its own ``Random`` seeded from (seed, index): output is identical across runs and
processes (integer seeds do not depend on hash randomisation), which is also what lets a large feed
be rendered in chunks by worker processes and still come out byte-identical to a serial run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from random import Random
from typing import BinaryIO

from core.samples.build import build_product
from core.samples.model import Product
from core.samples.onix_writer import MESSAGE_END, MESSAGE_START, Header, header_xml, product_xml
from core.samples.parties import SENDER, publisher_for

Target = str | os.PathLike[str] | BinaryIO

BENCHMARK_SENT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
_BATCH = 64  # products per write call: amortises the call, keeps the buffer to a few MB
_CHUNK = 2000  # products per worker task: a few MB of XML, a fraction of a second of work
_PARALLEL_FROM = 20_000  # below this, starting worker processes costs more than it saves
_MAX_PRODUCTS = 10**8  # the ISBN body has eight digits


def product_rng(seed: int, index: int) -> Random:
    """The random source of product ``index`` of a feed generated with ``seed``."""
    return Random((seed << 32) | index)


@contextmanager
def _binary_out(target: Target) -> Iterator[BinaryIO]:
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            yield handle
    else:
        yield target  # the caller owns (and closes) a file object it passed in


def write_message(
    target: Target,
    header: Header,
    products: Iterable[Product],
    *,
    render: Callable[[Product], str] = product_xml,
) -> int:
    """Write one ONIX 3.0 message (declaration, header, products) as UTF-8; return the product count.

    ``render`` writes one product: the full record by default, ``supply_update_xml`` for a Block 6 update.
    """
    count = 0
    with _binary_out(target) as out:
        out.write((MESSAGE_START + header_xml(header)).encode("utf-8"))
        batch: list[str] = []
        for product in products:
            batch.append(render(product))
            count += 1
            if len(batch) == _BATCH:
                out.write("".join(batch).encode("utf-8"))
                batch.clear()
        batch.append(MESSAGE_END)
        out.write("".join(batch).encode("utf-8"))
    return count


def write_text(target: Target, text: str, *, encoding: str = "utf-8") -> None:
    """Write a small, fully rendered document (the extra sample files) in ``encoding``.

    Characters the encoding cannot hold become numeric character references, which XML reads back as
    the same characters (the writers keep them out of CDATA sections, where references are not read).
    """
    with _binary_out(target) as out:
        out.write(text.encode(encoding, errors="xmlcharrefreplace"))


def _isbn_offset(seed: int) -> int:
    return Random(seed).randrange(_MAX_PRODUCTS)


def _product_range(seed: int, start: int, stop: int, sent: date) -> Iterator[Product]:
    offset = _isbn_offset(seed)
    for index in range(start, stop):
        body = f"{(offset + index) % _MAX_PRODUCTS:08d}"
        yield build_product(product_rng(seed, index), isbn_body=body, publisher=publisher_for(index, None), sent=sent)


def clean_products(products: int, *, seed: int = 1, sent: datetime = BENCHMARK_SENT) -> Iterator[Product]:
    """Lazily generate ``products`` clean products; ISBNs are unique within the feed."""
    _check_count(products)
    return _product_range(seed, 0, products, sent.date())


def _check_count(products: int) -> None:
    if not 0 <= products <= _MAX_PRODUCTS:
        raise ValueError(f"products must be between 0 and {_MAX_PRODUCTS}, got {products}")


def _render_chunk(seed: int, start: int, stop: int, sent: date) -> bytes:
    """Worker task: products ``start..stop`` of the feed as UTF-8 XML."""
    return "".join(product_xml(p) for p in _product_range(seed, start, stop, sent)).encode("utf-8")


def _worker_count(workers: int | None, products: int) -> int:
    if workers is not None:
        return max(1, workers)
    cpus = os.cpu_count() or 1
    # The parent process receives and writes every byte, so it needs a core of its own: with fewer
    # than four CPUs, shipping the XML between processes costs more than the workers save.
    if products < _PARALLEL_FROM or cpus < 4:
        return 1
    return min(cpus - 1, 8)


def write_feed(
    target: Target,
    *,
    products: int,
    seed: int = 1,
    message_number: int = 1,
    sent: datetime = BENCHMARK_SENT,
    workers: int | None = None,
) -> int:
    """Write a clean (defect-free) ONIX 3.0 reference-tag feed of ``products`` audiobooks.

    ``target`` is a path or a binary file object. The same arguments always give the same bytes,
    whatever ``workers`` is: ``None`` renders large feeds in worker processes when there are at least
    four CPUs (one fewer than the CPUs, up to 8), ``1`` forces a single process. Memory stays flat:
    at most two chunks per worker are held at once.
    Returns the number of products written.
    """
    _check_count(products)
    header = Header(SENDER, message_number, sent)
    count = _worker_count(workers, products)
    if count == 1:
        return write_message(target, header, clean_products(products, seed=seed, sent=sent))
    with _binary_out(target) as out:
        out.write((MESSAGE_START + header_xml(header)).encode("utf-8"))
        # "spawn" rather than fork: the caller may be a threaded app (the console), where fork is unsafe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            pending: deque[Future[bytes]] = deque()
            for start in range(0, products, _CHUNK):
                stop = min(start + _CHUNK, products)
                pending.append(pool.submit(_render_chunk, seed, start, stop, sent.date()))
                if len(pending) >= 2 * count:
                    out.write(pending.popleft().result())
            while pending:
                out.write(pending.popleft().result())
        out.write(MESSAGE_END.encode("utf-8"))
    return products
