"""Every real ONIX file of the shared corpus (2.1, 3.0, 3.1; reference and short tags; block updates;
broken ones) ingests completely: every product converted or rejected with a named reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import runs
from core.config import Settings
from core.db import Database
from core.feeds.reader import READABLE_FORMATS
from core.feeds.sniff import HEAD_BYTES, sniff
from core.ingest.run import ingest_file
from tests.conftest import ADMIN, CORPUS
from tests.core.ingest import helpers

FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")
READABLE = [p for p in FILES if sniff(p.read_bytes()[:HEAD_BYTES]).format in READABLE_FORMATS]


def test_every_corpus_file_is_in_a_format_the_console_reads() -> None:
    assert len(FILES) >= 20 and READABLE == FILES


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_a_readable_corpus_file_ingests_every_product(path: Path, db: Database, cfg: Settings) -> None:
    expected = len(helpers.products(path))
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status in ("succeeded", "partial"), result.error
    assert result.products == expected
    assert result.converted + result.rejected == expected
    for error in runs.errors(db, result.run_id or 0).to_dicts():
        assert error["message"] and error["raw_xml"] and error["line"]
    with db.cursor() as cur:
        row = cur.execute(
            "SELECT count(*) FROM source_records WHERE run_id = $r", {"r": result.run_id}
        ).fetchone()
    assert row is not None and row[0] == result.converted
