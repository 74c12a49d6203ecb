"""Deliveries of the rule examples' clean base product (core/checks/examples/base_product.xml), edited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from core.checks import examples
from core.config import Settings
from core.db import Database
from core.ingest.run import IngestResult, ingest_file
from tests.conftest import ADMIN

Deliver = Callable[..., IngestResult]


@pytest.fixture
def deliver(db: Database, cfg: Settings, tmp_path: Path) -> Deliver:
    """deliver(products=[(edits, number), ...], sender=...) ingests one message; each call a day later."""
    calls = [0]

    def run(*products: tuple[list[dict[str, Any]], int], sender: str | None = None) -> IngestResult:
        calls[0] += 1
        day = f"202610{calls[0]:02d}T0900Z"
        header = examples.HEADER.replace("20261101T0900Z", day)
        if sender:
            header = header.replace("Rule Examples Ltd", sender)
        xml = [etree.tostring(examples.with_identity(examples.apply(examples.base_product(), e), n)[0]) for e, n in products]
        path = tmp_path / f"delivery-{calls[0]}.xml"
        path.write_bytes(examples.message(xml, header=header))
        return ingest_file(db, path, ADMIN, config=cfg)

    return run


def conversion_of(db: Database, run_id: int | None, number: int = 1) -> dict[str, Any] | None:
    key = examples.isbn(number)
    with db.cursor() as cur:
        rows = cur.execute(
            "SELECT conversion_id, kind, changed_fields, flags FROM conversions WHERE run_id = $r AND product_key = $k",
            {"r": run_id, "k": key},
        ).fetchall()
    if not rows:
        return None
    conversion_id, kind, fields, flags = rows[0]
    return {"conversion_id": conversion_id, "kind": kind, "changed_fields": fields, "flags": flags}
