"""The CCF record view, on records converted from the sample feeds by a real ingest, and on a record whose
fields carry hostile text: feed content is shown, never interpreted."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app.components.format import clock, duration
from core import catalog
from core.ccf.model import CCFRecord
from core.db import Database
from tests.pages.conftest import Console
from tests.pages.test_ingest import texts

WITH_CHAPTERS = "9798897710911"
SYNTHETIC_VOICE = "9798897710751"


def render(record_json: str) -> None:
    import streamlit as st

    from app import nav
    from app.components.record_view import record_header, record_view
    from core.ccf.model import CCFRecord

    # Related products link into the Catalogue: the console's pages must be registered, as the router does.
    st.navigation(
        [st.Page(nav.CATALOG, default=True), st.Page(nav.INGEST, url_path=nav.INGEST_PATH)], position="hidden"
    )

    rec = CCFRecord.model_validate_json(record_json)
    record_header(rec)
    record_view(rec)


def records(console: Console, *gtins: str) -> list[CCFRecord]:
    db = Database(console.cfg.db)
    try:
        return [catalog.record(db, g)["ccf"] for g in gtins]
    finally:
        db.close()


def show(rec: CCFRecord) -> AppTest:
    return AppTest.from_function(
        render, kwargs={"record_json": rec.model_dump_json()}, default_timeout=30
    ).run()


def test_chapters_are_listed_with_their_positions(console: Console) -> None:
    [rec] = records(console, WITH_CHAPTERS)
    at = show(rec)
    assert not at.exception
    total = sum(c.duration_seconds or 0 for c in rec.chapters)
    [expander] = [e for e in at.expander if e.label.startswith("Chapters")]
    assert expander.label == f"Chapters ({len(rec.chapters)}, {duration(total)} in total)"
    table = next(d.value for d in at.dataframe if "Starts at" in d.value.columns)
    assert table["Starts at"].tolist() == [clock(c.start_seconds) for c in rec.chapters]
    assert table["#"].tolist() == [c.number for c in rec.chapters]


def test_a_synthetic_voice_is_named_as_such(console: Console) -> None:
    [rec] = records(console, SYNTHETIC_VOICE)
    at = show(rec)
    assert "Synthetic voice" in texts(at)
    assert "*unnamed*" not in texts(at)


def test_hostile_feed_text_is_shown_not_interpreted(console: Console) -> None:
    [real] = records(console, SYNTHETIC_VOICE)
    hostile = real.model_copy(
        update={
            "title": "<img src=x onerror=alert(1)> **Loud** :red[Title]",
            "subtitle": "[click](javascript:alert(1))",
            "description": "# Not a heading\n- not a list\n$x^2$ <b>bold</b>",
            "cover": real.cover.model_copy(update={"url": "javascript:alert(1)"}) if real.cover else None,
        }
    )
    at = show(hostile)
    assert not at.exception and not at.get("html")
    assert at.title[0].value == "\\<img src=x onerror=alert(1)\\> \\*\\*Loud\\*\\* \\:red\\[Title\\]"
    page = texts(at)
    assert "\\# Not a heading\n\\- not a list\n\\$x^2\\$ \\<b\\>bold\\</b\\>" in page
    assert "\\[click\\](javascript\\:alert(1))" in page
    assert "javascript:" not in page.replace("javascript\\:", "")
    assert "[Cover image](#)" in page
