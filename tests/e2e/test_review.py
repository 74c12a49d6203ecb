"""In a real browser: open the Review queue, open a changed conversion, read its diff, approve it and find
the new value in the Catalogue; and approve every conversion a filter matches through the confirmation
dialog with its preview. Then check in the database that the screen told the truth.

This covers what AppTest cannot: the button inside st.dialog, row selection in a real dataframe, and the
st.page_link from a conversion to its product.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from core.db import Database
from tests.conftest import SAMPLES
from tests.core.ingest import helpers
from tests.e2e.conftest import Server, choose
from tests.e2e.test_ingest_to_catalogue import click_first_row

pytestmark = pytest.mark.e2e

ONIX = {"o": "http://ns.editeur.org/onix/3.0/reference"}
ELEMENT = "o:DescriptiveDetail/o:TitleDetail/o:TitleElement/o:"
COMMENT = "the publisher corrected a typo in the title"


def settled(page: Any) -> None:
    """Wait until the rerun has replaced every element of the previous run (for a true screenshot)."""
    from playwright.sync_api import expect

    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=30_000)


def title(product: Any) -> str | None:
    """The distinctive title as sent: TitleText, or TitlePrefix + TitleWithoutPrefix."""
    text = product.findtext(ELEMENT + "TitleText", namespaces=ONIX)
    if text:
        return str(text)
    parts = [product.findtext(ELEMENT + tag, namespaces=ONIX) for tag in ("TitlePrefix", "TitleWithoutPrefix")]
    return " ".join(p for p in parts if p) or None


def retitled() -> tuple[str, str, str]:
    """(ISBN, old title, new title) of the one product whose title the second sample delivery changes,
    read from the two feed files with plain lxml (independent of the pipeline)."""
    first = {helpers.isbn(p): title(p) for p in helpers.products(SAMPLES / "delivery-1.xml")}
    found = [
        (isbn, first[isbn], new)
        for p in helpers.products(SAMPLES / "delivery-2.xml")
        if (isbn := helpers.isbn(p)) in first and (new := title(p)) and new != first[isbn]
    ]
    assert len(found) == 1, found
    isbn, old, new = found[0]
    assert isbn and old and new
    return isbn, old, new


def test_approve_a_changed_title_and_find_it_in_the_catalogue(seeded_server: Server, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    server = seeded_server
    gtin, old, new = retitled()
    page.goto(f"{server.url}/review?field=title")
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible(timeout=60_000)
    expect(page.get_by_text("1 conversion ·")).to_be_visible()

    # Open the conversion: a side-by-side diff with the old and the new title, and its risk flag.
    click_first_row(page, page.get_by_test_id("stDataFrame").filter(has_text="Conversion").first)
    expect(page).to_have_url(re.compile(r"/review\?.*conversion=\d+"))
    conversion_id = int(parse_qs(urlparse(page.url).query)["conversion"][0])
    expect(page.get_by_role("heading", level=1)).to_have_text(new)
    expect(page.get_by_text(f"GTIN {gtin}")).to_be_visible()
    expect(page.get_by_text("Identity change on sale").first).to_be_visible()
    [misspelt] = set(old.split()) - set(new.split())
    expect(page.get_by_text(misspelt, exact=True).first).to_be_visible()  # marked red in the old title
    settled(page)
    page.screenshot(path=str(tmp_path / "review-diff.png"), full_page=True)

    # Approve it with a comment: the screen says which catalogue version it became.
    page.get_by_label("Comment").fill(COMMENT)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("the catalogue now holds it as version 2")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    settled(page)
    page.screenshot(path=str(tmp_path / "review-approved.png"), full_page=True)

    # The Catalogue shows the new title as the approved record.
    page.get_by_role("link", name="Open the product in the Catalogue").click()
    expect(page).to_have_url(re.compile(rf"/catalog\?gtin={gtin}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(new)
    expect(page.get_by_text("Approved · version 2").first).to_be_visible()

    server.stop()
    db = Database(server.db)
    try:
        with db.cursor() as cur:
            [(version, title, by)] = cur.execute(
                "SELECT version, ccf.title, approved_by FROM catalog WHERE product_key = $g", {"g": gtin}
            ).fetchall()
            [(status, comment, product)] = cur.execute(
                "SELECT status, comment, product_key FROM conversions WHERE conversion_id = $c", {"c": conversion_id}
            ).fetchall()
        assert (version, title, by) == (2, new, "e2e")
        assert (status, comment, product) == ("approved", COMMENT, gtin)
    finally:
        db.close()


def test_approve_every_conversion_a_filter_matches_after_its_preview(
    seeded_server: Server, page: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server = seeded_server
    page.goto(f"{server.url}/review")
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible(timeout=60_000)

    # Filter: changed products whose prices changed.
    choose(page, "Changed field", page.get_by_role("option", name="Prices", exact=True), typed="Prices")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/review\?field=prices$"))
    caption = page.get_by_text(re.compile(r"^\d+ conversions · pending, prices changed ·"))
    expect(caption).to_be_visible()
    listed = int(caption.inner_text().split()[0])

    # The dialog previews what approval would do, and applies it on confirm.
    page.get_by_role("button", name="Approve all matching…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Would be approved")).to_be_visible()
    counts = {
        name: int(dialog.get_by_test_id("stMetric").filter(has_text=name).get_by_test_id("stMetricValue").inner_text())
        for name in ("Would be approved", "Stay pending", "Would be superseded")
    }
    assert sum(counts.values()) == listed and counts["Would be approved"] > 0
    page.screenshot(path=str(tmp_path / "review-bulk-preview.png"), full_page=True)
    dialog.get_by_label("Comment (optional)").fill("price update of the spring list")
    dialog.get_by_role("button", name=f"Approve {listed} conversions").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text(f"Approved {counts['Would be approved']} conversions")).to_be_visible(timeout=30_000)
    if counts["Stay pending"] == 0:
        expect(page.get_by_text("No conversion is pending, prices changed.")).to_be_visible()
    settled(page)
    page.screenshot(path=str(tmp_path / "review-bulk-done.png"), full_page=True)

    server.stop()
    db = Database(server.db)
    try:
        with db.cursor() as cur:
            rows = cur.execute(
                "SELECT status, decided_by, comment FROM conversions WHERE list_contains(changed_fields, 'prices')"
            ).fetchall()
            [(bulk_ids,)] = cur.execute(
                "SELECT list(DISTINCT bulk_id) FROM review_events WHERE action = 'approve' AND actor = 'e2e'"
            ).fetchall()
        approved = [r for r in rows if r[0] == "approved"]
        assert len(rows) == listed
        assert len(approved) == counts["Would be approved"]
        assert {(by, comment) for _, by, comment in approved} == {("e2e", "price update of the spring list")}
        assert len([r for r in rows if r[0] == "pending"]) == counts["Stay pending"]
        assert len(bulk_ids) == 1 and bulk_ids[0]  # one bulk decision in the audit trail
    finally:
        db.close()
