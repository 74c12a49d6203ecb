"""In a real browser: from the Overview's error count to the Quality screen, open a finding, waive it, and
see it waived; then check in the database that the waiver exists and silences exactly that finding.

This covers what AppTest cannot: st.page_link navigation between screens, row selection in a real
dataframe, and the form's round trip with the reruns that show its effect.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from core.db import Database
from tests.e2e.conftest import Server
from tests.e2e.test_ingest_to_catalogue import click_first_row

pytestmark = pytest.mark.e2e

REASON = "accepted by the content lead for the spring list"


def test_open_a_finding_from_the_overview_and_waive_it(seeded_server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    server = seeded_server
    page.goto(server.url)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=60_000)

    # The Overview's error count opens the Quality screen filtered to open errors.
    page.get_by_role("link", name="Errors on Quality").click()
    expect(page).to_have_url(re.compile(r"/quality\?.*severity=error"))
    expect(page.get_by_role("heading", name="Quality", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()

    # The products list is the second table (the first counts by rule, severity and publisher).
    tables = page.get_by_test_id("stDataFrame")
    expect(tables).to_have_count(2)
    click_first_row(page, tables.nth(1))
    expect(page).to_have_url(re.compile(r"/quality\?.*finding=\d+$"))  # the filters stay, for the way back
    finding_id = int(parse_qs(urlparse(page.url).query)["finding"][0])
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(re.compile(r"^Q\d\d · "))
    rule_id = title.inner_text()[:3]
    expect(page.get_by_text("Error").first).to_be_visible()
    expect(page.get_by_test_id("stCode").first).to_be_visible()  # the source XML
    page.screenshot(path=str(server.data_dir.parent / "finding.png"), full_page=True)

    # Waive it for this product, with a reason.
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name=f"Waive {rule_id}").click()
    expect(page.get_by_text(re.compile(r"Waiver \d+ created"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name=re.compile(r"^Expire waiver \d+$"))).to_be_visible()
    expect(page.get_by_text("Waived").first).to_be_visible()
    page.screenshot(path=str(server.data_dir.parent / "waived.png"), full_page=True)

    # What the browser showed is what the database holds (the server lets go of the file first).
    server.stop()
    db = Database(server.db)
    try:
        with db.cursor() as cur:
            [(product_key,)] = cur.execute(
                "SELECT product_key FROM findings WHERE finding_id = $f", {"f": finding_id}
            ).fetchall()
            [(waiver_id, rule, product, publisher, reason, by, revoked)] = cur.execute(
                "SELECT waiver_id, rule_id, product_key, publisher, reason, created_by, revoked_at FROM waivers"
            ).fetchall()
            [(waived, silenced_by)] = cur.execute(
                "SELECT waived, waiver_id FROM current_findings WHERE finding_id = $f", {"f": finding_id}
            ).fetchall()
        assert (rule, product, publisher, reason, by, revoked) == (rule_id, product_key, None, REASON, "e2e", None)
        assert waived and silenced_by == waiver_id
    finally:
        db.close()
