"""The Catalogue screen, driven through AppTest on a database built by real ingests; what it shows is
compared with what core.catalog returns for the same product or search."""

from __future__ import annotations

import json

from app.components.format import duration, escape_md
from core import catalog
from core.review import decisions
from tests.conftest import ADMIN
from tests.pages.conftest import CATALOG_PAGE, Console
from tests.pages.test_ingest import page_links, select_row, texts

SERIES_AND_TRANSLATOR = "9798897710010"  # Il caso Santoro: series, translator, restriction, a pending change
SYNTHETIC_VOICE = "9798897710751"
HTML_DESCRIPTION = "9798889400103"
NEW_IN_DELIVERY_2 = "9798889402404"
DELETED_IN_DELIVERY_2 = "9798897710812"


def results(at):  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if "GTIN" in d.value.columns and "Authors" in d.value.columns)


def search(at, text: str = "", status: str | None = None):  # type: ignore[no-untyped-def]
    at.text_input(key="catalog_q").set_value(text)
    if status is not None:
        at.get("button_group")[0].set_value(status)
    at.button[0].click()
    return at.run()


def test_the_counts_at_the_top_are_the_catalogues(console: Console) -> None:
    at = console.app(CATALOG_PAGE)
    counts = catalog.counts(console.services.db)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Products in the catalogue"] == f"{counts['products']:,}"
    assert shown["Conversions pending review"] == f"{counts['pending']:,}"
    assert shown["Ingest runs"] == f"{counts['runs']:,}"


def test_a_search_by_contributor_lists_what_core_finds(console: Console) -> None:
    at = search(console.app(CATALOG_PAGE), "Hatherley")
    expected = catalog.search(console.services.db, "Hatherley", limit=25)
    assert results(at)["GTIN"].tolist() == expected["product_key"].to_list()
    assert len(expected) > 0
    assert f"{int(expected['total'][0])} products matching “Hatherley”" in texts(at)


def test_the_pending_new_filter_shows_only_products_not_yet_in_the_catalogue(console: Console) -> None:
    at = search(console.app(CATALOG_PAGE), status="pending")
    expected = catalog.search(console.services.db, None, status="pending", limit=25)
    shown = results(at)
    assert shown["GTIN"].tolist() == expected["product_key"].to_list()
    assert {tuple(s) for s in shown["Status"]} == {("pending",)}
    assert NEW_IN_DELIVERY_2 in shown["GTIN"].tolist()


def test_results_are_paginated(console: Console) -> None:
    at = console.app(CATALOG_PAGE)
    first = results(at)["GTIN"].tolist()
    [pager] = at.get("pagination")
    pager.set_value(3).run()
    expected = catalog.search(console.services.db, None, limit=25, offset=50)["product_key"].to_list()
    assert results(at)["GTIN"].tolist() == expected
    assert expected[0] not in first


def test_selecting_a_result_opens_the_product(console: Console) -> None:
    at = search(console.app(CATALOG_PAGE), "Season")
    shown = results(at)
    select_row(at, "catalog_results", 2)
    gtin = shown["GTIN"][2]
    assert at.query_params["gtin"] == gtin
    assert at.title[0].value == escape_md(catalog.record(console.services.db, gtin)["ccf"].title)
    at.button[0].click().run()  # back to the search, which is kept
    assert "gtin" not in at.query_params and results(at)["GTIN"].tolist() == shown["GTIN"].tolist()


def test_a_product_page_lays_out_its_record(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin=SERIES_AND_TRANSLATOR)
    rec = catalog.record(console.services.db, SERIES_AND_TRANSLATOR)
    ccf = rec["ccf"]
    assert at.title[0].value == ccf.title
    page = texts(at)
    author = next(c.name for c in ccf.contributors if c.role == "author")
    narrator = next(c.name for c in ccf.contributors if c.role == "narrator")
    assert f"by **{author}** · read by **{narrator}**" in page
    assert "**Translator**" in page and f"**{ccf.series[0].name}** #{ccf.series[0].number}" in page
    assert f":gray[Duration]  \n{duration(ccf.duration_seconds)}" in page
    assert "worldwide (all 249 countries)" in page and "Except subscription" in page
    prices = next(d.value for d in at.dataframe if "Price" in d.value.columns)
    assert prices["Price"].tolist() == [p.amount for p in ccf.prices]
    identifiers = next(d.value for d in at.dataframe if list(d.value.columns) == ["Type", "Value"])
    assert identifiers["Value"].tolist() == [i.value for i in ccf.identifiers]
    # Approved, with a change from the second delivery waiting: both said, and the run is linked.
    assert rec["status"] == "approved" and rec.get("pending_conversion_id")
    assert "Pending change" in page and f"approved version {rec['version']}".lower() in page.lower()
    run2 = console.runs["delivery2"]
    assert (f"Open run {run2}", "ingest", f"run={run2}") in page_links(at)
    assert json.loads(at.json[0].value) == ccf.model_dump(mode="json")


def test_a_synthetic_narrator_is_marked(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin=SYNTHETIC_VOICE)
    ccf = catalog.record(console.services.db, SYNTHETIC_VOICE)["ccf"]
    assert any(c.synthetic_voice for c in ccf.contributors)
    assert "read by **:violet-badge[:material/graphic_eq: Synthetic voice]**" in texts(at)


def test_a_new_product_from_a_pending_run_says_so_and_links_the_run(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin=NEW_IN_DELIVERY_2)
    rec = catalog.record(console.services.db, NEW_IN_DELIVERY_2)
    assert (rec["status"], rec["kind"]) == ("pending", "new")
    assert "Pending new" in texts(at) and "not in the catalogue yet" in texts(at)
    run2 = console.runs["delivery2"]
    assert (f"Open run {run2}", "ingest", f"run={run2}") in page_links(at)


def test_the_source_xml_of_the_chosen_delivery_is_shown(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin=SERIES_AND_TRANSLATOR)
    deliveries = catalog.deliveries(console.services.db, SERIES_AND_TRANSLATOR).to_dicts()
    assert len(deliveries) == 2
    oldest = deliveries[-1]
    at.selectbox(key="product_source").set_value(oldest["source_id"]).run()
    raw = catalog.source(console.services.db, oldest["source_id"])["raw_xml"]
    assert any(c.value == raw and c.language == "xml" for c in at.code)
    history = next(d.value for d in at.dataframe if "What became of it" in d.value.columns)
    assert history["Run"].tolist() == [d["run_id"] for d in deliveries]
    assert history["What became of it"].tolist() == ["Changed → pending review", "New → approved"]


def test_an_html_description_is_shown_as_text_never_as_markup(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin=HTML_DESCRIPTION)
    ccf = catalog.record(console.services.db, HTML_DESCRIPTION)["ccf"]
    assert ccf.description_html and "<p>" in ccf.description_html
    assert not at.get("html")
    assert escape_md(ccf.description) in texts(at)
    assert any(c.language == "html" and c.value == ccf.description_html for c in at.code)


def test_an_approved_delete_shows_the_product_as_deleted_with_its_versions(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin=DELETED_IN_DELIVERY_2)
    assert "Approved version 1" in texts(at)
    db = console.services.db
    pending = [
        c["conversion_id"]
        for c in db.read("runs/conversions", run_id=console.runs["delivery2"]).to_dicts()
        if c["product_key"] == DELETED_IN_DELIVERY_2
    ]
    decision = decisions.approve(db, ADMIN, pending)
    assert decision.applied == pending
    at.run()
    assert "Deleted from the catalogue" in texts(at)
    versions = next(d.value for d in at.dataframe if "Approved by" in d.value.columns)
    assert versions["Version"].tolist() == catalog.history(db, DELETED_IN_DELIVERY_2)["version"].to_list()
    assert versions["Action"].tolist()[0] == "Deleted"


def test_an_unknown_or_malformed_gtin_says_so(console: Console) -> None:
    at = console.app(CATALOG_PAGE, gtin="9780000000002")
    assert "no product 9780000000002" in at.warning[0].value
    at = console.app(CATALOG_PAGE, gtin="abc")
    assert "is not a GTIN-13" in at.warning[0].value
