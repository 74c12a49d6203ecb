"""In a real browser: open Exports, pick a partner, run a dry run and read its counts, export through the
confirmation dialog, follow the job, and open the delivered export with its files; then check in the
database and on disk that the screen told the truth (the exports row, the files, manifest.json's checksums).

This covers what AppTest cannot: the dialog's buttons, the live jobs panel, and st.page_link navigation.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from core.db import Database
from tests.e2e.conftest import Server, choose

pytestmark = pytest.mark.e2e

PARTNER = "northwind-retail"
SENT_PRODUCT = "9798889400004"
"""A product of the first sample delivery that the retail profile selects (checked in the ledger below)."""


def metric(page: Any, label: str) -> int:
    """The value of the st.metric labelled `label`, as a number."""
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).first
    return int(box.get_by_test_id("stMetricValue").inner_text().replace(",", ""))


def click_until(button: Any, shown: Any, tries: int = 3) -> None:
    """Click until `shown` appears: a click that lands while the script is still rerunning can be lost."""
    from playwright.sync_api import expect

    for _ in range(tries - 1):
        button.click()
        try:
            expect(shown).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            continue
    button.click()
    expect(shown).to_be_visible(timeout=30_000)


def shoot(page: Any, path: Path) -> None:
    """A screenshot of the whole screen: the viewport grows to the app's scroll height for it (Streamlit
    scrolls inside its own container, which a full-page screenshot does not unfold)."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": 1400, "height": max(1000, int(height))})
    page.wait_for_timeout(700)  # tables draw on a canvas after they resize
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_then_export_to_a_partner_and_find_it_delivered(seeded_server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    server = seeded_server
    shots = server.data_dir.parent
    page.goto(f"{server.url}/exports")
    expect(page.get_by_role("heading", name="Exports", exact=True)).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Choose a partner to see its profile")).to_be_visible()
    shoot(page, shots / "exports-partners.png")

    # Pick the partner: the address names it, its profile title heads the section.
    choose(page, "Partner", page.get_by_role("option", name=re.compile(rf"^{PARTNER} · ")))
    expect(page).to_have_url(re.compile(rf"/exports\?partner={PARTNER}$"))
    expect(page.get_by_role("heading", name="Northwind Audio (retail store, EU)")).to_be_visible()

    # A dry run: the counts, what would go and what is held back.
    expect(page.get_by_text("Run a dry run to see what an export would send now")).to_be_visible()
    click_until(page.get_by_role("button", name="Dry run"), page.get_by_text("Would go", exact=True))
    would_go, added, blocked = metric(page, "Would go"), metric(page, "Added"), metric(page, "Blocked")
    assert would_go == added > 0  # nothing was delivered to this partner before: everything is new to it
    expect(page.get_by_text("Nothing has been delivered to this partner yet", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name=f"Held back ({blocked})")).to_be_visible()
    shoot(page, shots / "exports-dry-run.png")

    # Export: the dialog shows the counts and the destination, and asks first.
    dialog = page.get_by_role("dialog")
    click_until(page.get_by_role("button", name="Export…"), dialog)
    expect(dialog.get_by_text(f"{would_go:,} products", exact=False)).to_be_visible(timeout=30_000)
    expect(dialog.get_by_text(str(server.data_dir / "exports"), exact=False)).to_be_visible()
    shoot(page, shots / "exports-confirm.png")
    dialog.get_by_role("button", name="Confirm export").click()
    expect(dialog).to_have_count(0)

    # The job ends; the latest export says it was delivered, with a link to it.
    expect(page.get_by_text(re.compile(rf"Delivered {would_go:,} products in 1 file"))).to_be_visible(timeout=90_000)
    open_link = page.get_by_role("link", name="Open export 1")
    expect(open_link).to_be_visible()
    expect(page.get_by_text("Export 1 ran after the last dry run")).to_be_visible()  # that dry run is stale now
    shoot(page, shots / "exports-delivered.png")

    # The history lists it.
    page.get_by_role("tab", name="History").click()
    expect(page).to_have_url(re.compile(r"tab=History"))
    expect(page.get_by_text("1 export to northwind-retail", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").filter(visible=True).first).to_be_visible()
    shoot(page, shots / "exports-history.png")

    # The profile reads as three questions; an admin can change it.
    page.get_by_role("tab", name="Profile").click()
    expect(page.get_by_text("What holds a product back").first).to_be_visible()
    expect(page.get_by_role("button", name="Save as a new version")).to_be_visible()
    shoot(page, shots / "exports-profile.png")

    # The export itself: its files with their checksums, and the manifest.
    page.get_by_role("tab", name="Dry run and export").click()
    page.get_by_role("link", name="Open export 1").click()
    expect(page).to_have_url(re.compile(r"/exports\?export=1$"))
    expect(page.get_by_role("heading", name=f"Export 1 · {PARTNER}")).to_be_visible()
    expect(page.get_by_role("heading", name="Files (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Manifest")).to_be_visible()
    expect(page.get_by_role("button", name="Re-deliver…")).to_be_visible()
    shoot(page, shots / "exports-export.png")

    # The product page says where the product went, and links back to the export.
    page.goto(f"{server.url}/catalog?gtin={SENT_PRODUCT}")
    page.get_by_role("tab", name=re.compile(r"^History")).click()
    expect(page.get_by_role("heading", name="Sent to partners")).to_be_visible(timeout=30_000)
    back = page.get_by_role("link", name=f"Export 1 · {PARTNER}")
    expect(back).to_be_visible()
    shoot(page, shots / "exports-product.png")
    back.click()
    expect(page).to_have_url(re.compile(r"/exports\?export=1$"))
    expect(page.get_by_role("heading", name=f"Export 1 · {PARTNER}")).to_be_visible()

    # What the browser showed is what the database and the partner's folder hold.
    server.stop()
    db = Database(server.db)
    try:
        with db.cursor() as cur:
            [(export_id, partner, status, counts, destination, actor)] = cur.execute(
                "SELECT export_id, partner, status, CAST(counts AS VARCHAR), destination, actor FROM exports"
            ).fetchall()
            carried = cur.execute(
                "SELECT version, action FROM export_items WHERE export_id = $e AND product_key = $k",
                {"e": export_id, "k": SENT_PRODUCT},
            ).fetchall()
            files = cur.execute(
                "SELECT key, bytes, rows, sha256, delivered_at IS NOT NULL FROM export_files WHERE export_id = $e",
                {"e": export_id},
            ).fetchall()
    finally:
        db.close()
    assert carried == [(1, "send")]
    recorded = json.loads(counts)
    assert (export_id, partner, status, actor) == (1, PARTNER, "delivered", "e2e")
    assert (recorded["added"], recorded["blocked"]) == (added, blocked)
    assert destination == str(server.data_dir / "exports")
    [(key, size, rows, digest, delivered)] = files
    sent = Path(destination) / key
    assert delivered and sent.is_file() and sent.stat().st_size == size and sha256(sent) == digest
    assert rows == would_go
    manifest = json.loads((sent.parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["export_id"] == export_id and manifest["counts"]["added"] == added
    assert [(f["key"], f["sha256"]) for f in manifest["files"]] == [(key, sha256(sent))]
