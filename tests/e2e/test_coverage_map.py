"""In a real browser: the Coverage screen's world map draws its countries from the console's own copy of
plotly's map data (served from app/static), and no chart reaches the internet for it. AppTest cannot see
inside a plotly chart, nor what the browser fetches."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def test_the_world_map_draws_from_the_consoles_own_map_data(seeded_server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, r.status)))
    page.goto(f"{seeded_server.url}/coverage?language=ger")
    expect(page.get_by_role("heading", name="Coverage")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Titles available per country")).to_be_visible()
    # plotly draws one path per country that has a count once the map data has arrived.
    countries = page.locator(".geo .choroplethlocation")
    expect(countries.first).to_be_attached(timeout=30_000)
    assert countries.count() > 100
    page.screenshot(path=str(seeded_server.data_dir.parent / "coverage.png"), full_page=True)

    topojson = [(u, s) for u, s in fetched if u.endswith("world_110m.json")]
    assert topojson == [(f"{seeded_server.url}/app/static/topojson/world_110m.json", 200)]
    assert not [u for u, _ in fetched if "plot.ly" in u or "mapbox" in u]
