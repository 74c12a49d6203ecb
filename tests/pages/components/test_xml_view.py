"""The XML viewer: highlighted code with line numbers, cut for the screen when very long, downloadable whole."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app.components.xml_view import SHOW_LIMIT
from tests.pages.conftest import SMALL_FEED


def viewer(xml: str) -> None:
    from app.components.xml_view import xml_view

    xml_view(xml, key="x", file_name="p.xml")


def test_a_product_is_shown_whole_as_xml() -> None:
    xml = SMALL_FEED.read_text(encoding="utf-8")
    at = AppTest.from_function(viewer, kwargs={"xml": xml}).run()
    [code] = at.code
    assert code.value == xml.rstrip("\n") and code.language == "xml"
    assert f"{xml.count(chr(10)) + 1:,} lines" in at.caption[0].value


def test_a_huge_document_is_cut_on_screen_but_not_in_the_download() -> None:
    xml = "<Product>" + "<x>y</x>\n" * 40_000 + "</Product>"
    at = AppTest.from_function(viewer, kwargs={"xml": xml}).run()
    assert len(at.code[0].value) == SHOW_LIMIT
    assert f"first {SHOW_LIMIT:,} characters" in at.caption[0].value
    assert at.get("download_button")


def test_nothing_kept_says_so() -> None:
    at = AppTest.from_function(viewer, kwargs={"xml": ""}).run()
    assert not at.code and "No XML was kept" in at.caption[0].value
