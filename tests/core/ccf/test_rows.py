"""The ingest path's rows (`core.ccf.rows`) against the models: for every product of the shared corpus and
the sample feeds, a converter's dict validated as a typed dict must give the same storage row and content
hash as `CCFRecord.model_validate` followed by `to_row` and `content_hash`; and a dict the models refuse
must be refused too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from core.ccf import rows
from core.ccf.convert import onix3, onix21
from core.ccf.convert.context import Context
from core.ccf.convert.notes import ProductRejected
from core.ccf.model import CCFRecord
from core.ccf.storage import to_row
from core.config import ROOT
from core.feeds.envelope import local_names
from core.feeds.sniff import HEAD_BYTES, sniff
from core.feeds.tags import short_to_reference
from tests.conftest import CORPUS
from tests.core.ingest import helpers

FEEDS = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv") + sorted(
    (ROOT / "data" / "samples").glob("*.xml")
)


def converted(path: Path) -> list[dict[str, Any]]:
    """Every product of the file that converts, as the converter's plain dict."""
    sniffed = sniff(path.read_bytes()[:HEAD_BYTES])
    release, style = sniffed.release or "3.0", sniffed.tag_style or "reference"
    rename = short_to_reference(release) if style == "short" else None
    convert = onix21.convert_raw if release == "2.1" else onix3.convert_raw
    ctx = Context(feed_id=1, onix_release=release, tag_style=style, sender="test", default_currency="EUR")
    found = []
    for product in helpers.products(path):
        local_names(product, rename)
        try:
            record, _ = convert(product, ctx, product.sourceline)
        except ProductRejected:
            continue
        found.append(record)
    return found


@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_rows_equal_the_models_rows_and_hashes(path: Path) -> None:
    records = converted(path)
    for record in records:
        model = CCFRecord.model_validate(record)
        row = rows.validated(record)
        assert rows.content_hash(row) == model.content_hash()
        assert rows.storage_row(row) == to_row(model)


def test_the_feeds_give_products_to_compare() -> None:
    # The comparison above is only as good as what it compares: both reading paths and many products.
    releases = {sniff(p.read_bytes()[:HEAD_BYTES]).release for p in FEEDS}
    assert {"2.1", "3.0"} <= releases
    assert sum(len(converted(p)) for p in FEEDS) > 500


def _base() -> dict[str, Any]:
    return converted(ROOT / "data" / "samples" / "delivery-1.xml")[0]


def _set(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    target = record
    for part in parents:
        target = target[part][0] if isinstance(target[part], list) else target[part]
    target[last] = value
    return record


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("notification", "sometimes"),
        ("product_key", None),
        ("duration_seconds", "an hour"),
        ("contributors.role", "ghostwriter"),
        ("prices.availability", "maybe"),
        ("sales_rights.for_sale", "FR"),
        ("publication_date", "the spring"),
        ("unheard_of", 1),
        ("audience.unheard_of", 1),
    ],
)
def test_what_the_models_refuse_the_rows_refuse(path: str, value: Any) -> None:
    record = _set(_base(), path, value)
    with pytest.raises(ValidationError):
        CCFRecord.model_validate(record)
    with pytest.raises(ValidationError):
        rows.validated(record)


def test_defaults_are_filled_as_the_models_fill_them() -> None:
    record = {"product_key": "9780000000002"}
    assert rows.storage_row(rows.validated(record)) == to_row(CCFRecord.model_validate(record))
