"""In a real browser: upload a sample feed, watch its job run, open the run, follow a conversion into the
Catalogue, and find the product there; then check through core that the page told the truth.

This covers what AppTest cannot see: the live job panel (a fragment with run_every) with st.progress,
st.page_link navigation, and row selection in a real dataframe.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from core import catalog, runs
from core.db import Database
from tests.core.ingest import helpers
from tests.e2e.conftest import Server, copy_sample

pytestmark = pytest.mark.e2e

ONIX = {"o": "http://ns.editeur.org/onix/3.0/reference"}


def first_product(path: Path) -> tuple[str, str]:
    """(ISBN-13, title) of the feed's first product, read with plain lxml (independent of the pipeline)."""
    product = helpers.products(path)[0]
    isbn = helpers.isbn(product)
    title = product.findtext("o:DescriptiveDetail/o:TitleDetail/o:TitleElement/o:TitleText", namespaces=ONIX)
    assert isbn and title
    return isbn, title


def click_first_row(page: Any, table: Any) -> None:
    """Tick the first row of a dataframe (a canvas): its row marker sits left of the first column."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)


def test_upload_a_feed_follow_its_run_to_a_product_in_the_catalogue(
    server: Server, page: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    feed = copy_sample(tmp_path, "delivery-1.xml")
    gtin, title = first_product(feed)

    page.goto(f"{server.url}/ingest")
    expect(page.get_by_text("No runs yet")).to_be_visible(timeout=60_000)

    # Upload, start: the jobs panel shows the running job with a progress bar, then its outcome.
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(feed))
    expect(page.get_by_text("delivery-1.xml").first).to_be_visible()
    page.get_by_role("button", name="Start ingest").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=15_000)
    run_link = page.get_by_role("link", name="Open run 1")
    expect(run_link).to_be_visible(timeout=90_000)
    expect(page.get_by_text("240 products read, 240 converted").first).to_be_visible()
    expect(page.get_by_text("Succeeded").first).to_be_visible()
    expect(page.get_by_test_id("stProgress")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "ingest.png"), full_page=True)

    # Open the run through its link: the deep link and the shareable address both name it.
    run_link.click()
    expect(page).to_have_url(re.compile(r"/ingest\?run=1$"))
    expect(page.get_by_role("heading", name="Run 1: delivery-1.xml")).to_be_visible()
    expect(page.get_by_text("http://127.0.0.1", exact=False).first).to_be_visible()
    page.get_by_role("tab", name=re.compile(r"^Conversions \(240\)")).click()
    table = page.get_by_test_id("stDataFrame").filter(visible=True).first
    expect(table).to_be_visible()
    click_first_row(page, table)
    product_link = page.get_by_role("link", name="Open in the Catalogue")
    expect(product_link).to_be_visible()
    expect(page.get_by_text(f"{title} · {gtin}", exact=False)).to_be_visible()

    # Follow it: the Catalogue opens the product.
    product_link.click()
    expect(page).to_have_url(re.compile(rf"\?gtin={gtin}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("Pending new", exact=False).first).to_be_visible()
    page.screenshot(path=str(tmp_path / "product.png"), full_page=True)

    # What the browser showed is what core holds (the server must let go of the file first).
    server.stop()
    db = Database(server.db)
    try:
        [run] = runs.recent(db).to_dicts()
        assert (run["run_id"], run["status"], run["file"], run["source"]) == (
            1,
            "succeeded",
            "delivery-1.xml",
            "upload",
        )
        record = catalog.record(db, gtin)
        assert record["status"] == "pending" and record["ccf"].title == title
    finally:
        db.close()
