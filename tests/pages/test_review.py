"""The Review screen, driven through AppTest on a database built by real ingests (the first sample delivery
approved, the second pending on top): what it lists and counts is compared with plain SQL over
`conversions`, `conversion_changes` and `current_findings`, and every decision is checked in the database
(the catalogue, the conversion's status, the audit trail), not only on the screen.

The bulk decision's confirmation is an st.dialog: AppTest shows its preview but cannot press its button,
so applying it is covered by the browser test (tests/e2e/test_review.py).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from streamlit.testing.v1 import AppTest

from core.auth import Actor
from core.ingest.run import ingest_file
from core.review import decisions, history
from core.review.queue import FLAG_LABELS
from tests.conftest import SAMPLES
from tests.pages.conftest import PYTEST_MAIN, Console
from tests.pages.test_ingest import page_links, select_row, texts

REVIEW_PAGE = "../pages/review.py"
PENDING = "status = 'pending'"
OPEN_ERRORS = (
    "SELECT DISTINCT product_key FROM current_findings WHERE severity = 'error' AND open AND NOT waived "
    "AND product_key IS NOT NULL"
)
CLEAN_CHANGE = (
    f"SELECT conversion_id, product_key, base_version FROM conversions WHERE {PENDING} AND kind = 'changed' "
    f"AND product_key NOT IN ({OPEN_ERRORS})"
)


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def table(at: AppTest, *columns: str) -> Any:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def listed(at: AppTest) -> list[int]:
    return [int(c) for c in table(at, "Conversion", "Kind", "GTIN")["Conversion"]]


def queue_key(at: AppTest) -> str:
    return f"review_queue_{at.session_state['review_gen']}"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def ids(console: Console, where: str, **params: object) -> list[int]:
    return [int(c) for (c,) in console.sql(f"SELECT conversion_id FROM conversions WHERE {where} ORDER BY 1", **params)]


def one_with_flag(console: Console, flag: str) -> tuple[int, str]:
    [(cid, gtin)] = console.sql(
        f"SELECT conversion_id, product_key FROM conversions WHERE {PENDING} AND list_contains(flags, $f)", f=flag
    )
    return int(cid), str(gtin)


def test_the_queue_lists_every_pending_conversion_under_the_summary(console: Console) -> None:
    at = console.app(REVIEW_PAGE)
    assert at.title[0].value == "Review"
    pending = console.sql(f"SELECT conversion_id, kind FROM conversions WHERE {PENDING} ORDER BY conversion_id")
    rows = table(at, "Conversion", "Kind", "GTIN")
    assert [int(c) for c in rows["Conversion"]] == [c for c, _ in pending]
    assert [k[0] for k in rows["Kind"]] == [k for _, k in pending]
    # The summary: pending conversions by kind, how often each field changed, and the risk flags.
    by_kind = dict(console.sql(f"SELECT kind, count(*) FROM conversions WHERE {PENDING} GROUP BY kind"))
    assert by_kind["new"] and by_kind["changed"] and by_kind["deleted"]
    shown = metrics(at)
    assert (shown["New products"], shown["Changed"], shown["Deleted"]) == (
        str(by_kind["new"]),
        str(by_kind["changed"]),
        str(by_kind["deleted"]),
    )
    fields = console.sql(
        f"SELECT f, count(*) FROM (SELECT unnest(changed_fields) AS f FROM conversions WHERE {PENDING}) GROUP BY f"
    )
    assert sorted(table(at, "Field", "Changed in")["Changed in"].tolist()) == sorted(n for _, n in fields)
    flags = console.sql(
        f"SELECT f, count(*) FROM (SELECT unnest(flags) AS f FROM conversions WHERE {PENDING}) GROUP BY f"
    )
    assert flags
    page = texts(at)
    for flag, n in flags:
        assert f"**{n}** · {FLAG_LABELS[flag]}" in page


def test_a_delivery_summary_counts_what_it_left_unchanged(console: Console) -> None:
    run_id = console.runs["delivery2"]
    at = console.app(REVIEW_PAGE, run=str(run_id), status="all")
    [(new, changed, deleted, unchanged)] = console.sql(
        "SELECT conv_new, conv_changed, conv_deleted, conv_unchanged FROM ingest_runs WHERE run_id = $r", r=run_id
    )
    shown = metrics(at)
    assert (shown["New products"], shown["Changed"], shown["Deleted"], shown["Unchanged"]) == (
        str(new),
        str(changed),
        str(deleted),
        str(unchanged),
    )
    assert unchanged > 0
    assert listed(at) == ids(console, "run_id = $r", r=run_id)
    assert at.selectbox(key="review_run").value == run_id


def test_a_deep_link_filters_the_queue_and_fills_the_form(console: Console) -> None:
    at = console.app(REVIEW_PAGE, flag="price_drop", status="pending")
    want = ids(console, f"{PENDING} AND list_contains(flags, 'price_drop')")
    assert want and listed(at) == want
    assert at.selectbox(key="review_flag").value == "price_drop"
    # An unknown value in an old link is dropped, not an error.
    at = console.app(REVIEW_PAGE, flag="no_such_flag", kind="sideways")
    assert not at.exception
    assert listed(at) == ids(console, PENDING)


def test_the_filter_form_narrows_the_queue_and_writes_the_address(console: Console) -> None:
    at = console.app(REVIEW_PAGE)
    at.get("button_group")[0].set_value("changed")
    at.selectbox(key="review_field").set_value("prices")
    click(at, "Apply")
    assert (at.query_params["kind"], at.query_params["field"]) == ("changed", "prices")
    want = ids(console, f"{PENDING} AND kind = 'changed' AND list_contains(changed_fields, 'prices')")
    assert want and listed(at) == want
    # Only what a publisher sent.
    at.selectbox(key="review_publisher").set_value("Harbor Lane Audio")
    click(at, "Apply")
    want = ids(
        console,
        f"{PENDING} AND kind = 'changed' AND list_contains(changed_fields, 'prices') AND ccf.publisher = $p",
        p="Harbor Lane Audio",
    )
    assert want and listed(at) == want
    # Products with an open error finding (no waiver): the ones approval would leave pending.
    click(at, "Clear")
    at.selectbox(key="review_findings").set_value("error")
    click(at, "Apply")
    want = ids(console, f"{PENDING} AND product_key IN ({OPEN_ERRORS})")
    assert want and listed(at) == want
    # Clear: every pending conversion, and a clean address.
    click(at, "Clear")
    assert not set(at.query_params) & {"kind", "field", "publisher", "findings"}
    assert listed(at) == ids(console, PENDING)


def test_a_selected_conversion_opens_to_its_changes_and_flags(console: Console) -> None:
    cid, gtin = one_with_flag(console, "price_drop")
    at = console.app(REVIEW_PAGE, flag="price_drop")
    select_row(at, queue_key(at), 0)
    assert at.query_params["conversion"] == str(cid)
    page = texts(at)
    assert gtin in page and FLAG_LABELS["price_drop"] in page
    changes = console.sql(
        "SELECT field, item, change, old_value, new_value FROM conversion_changes WHERE conversion_id = $c", c=cid
    )
    assert changes
    for field, item, change, old, new in changes:
        assert (field, change) == ("prices", "changed")
        assert item in page
        assert json.loads(old)["amount"] in page and json.loads(new)["amount"] in page
    assert any(e.label.startswith("Unchanged fields") for e in at.expander)
    assert ("Open the product in the Catalogue", "catalog", f"gtin={gtin}") in page_links(at)


def test_a_country_set_change_shows_the_countries_removed_and_added(console: Console) -> None:
    cid, _ = one_with_flag(console, "market_removed")
    at = console.app(REVIEW_PAGE, conversion=str(cid))
    sets = console.sql(
        "SELECT field, change, coalesce(old_value, new_value) FROM conversion_changes WHERE conversion_id = $c "
        "AND field LIKE 'sales_rights.%'",
        c=cid,
    )
    assert sets
    cells = [m.value for m in at.markdown]
    for _, change, countries in sets:
        sign = "**−**" if change == "removed" else "**+**"
        [cell] = [c for c in cells if sign in c and all(f"({code})" in c for code in json.loads(countries))]
        assert cell


def test_the_source_xml_is_folded_until_opened(console: Console) -> None:
    cid, gtin = one_with_flag(console, "market_removed")
    at = console.app(REVIEW_PAGE, conversion=str(cid))
    assert not [c for c in at.code if c.language == "xml"]
    at.session_state[f"review_xml_{cid}"] = True
    at.run()
    [xml] = [c.value for c in at.code if c.language == "xml"]
    assert gtin in xml and "<Product" in xml


def test_approving_a_change_writes_it_into_the_catalogue(console: Console) -> None:
    [(cid, gtin, base)] = console.sql(f"{CLEAN_CHANGE} AND list_contains(changed_fields, 'title')")
    [(new_title,)] = console.sql("SELECT ccf.title FROM conversions WHERE conversion_id = $c", c=cid)
    assert console.sql("SELECT ccf.title FROM catalog WHERE product_key = $g", g=gtin)[0][0] != new_title
    at = console.app(REVIEW_PAGE, conversion=str(cid))
    at.text_area(key=f"review_comment_{cid}").set_value("the publisher fixed a typo")
    click(at, "Approve")
    [(version, title, by)] = console.sql(
        "SELECT version, ccf.title, approved_by FROM catalog WHERE product_key = $g", g=gtin
    )
    assert (version, title, by) == (base + 1, new_title, "tester")
    [(status, comment)] = console.sql("SELECT status, comment FROM conversions WHERE conversion_id = $c", c=cid)
    assert (status, comment) == ("approved", "the publisher fixed a typo")
    [(action, actor)] = console.sql("SELECT action, actor FROM review_events WHERE conversion_id = $c", c=cid)
    assert (action, actor) == ("approve", "tester")
    assert any(f"version {version}" in s.value for s in at.success)
    assert "Approve" not in labels(at)  # decided: the buttons are gone, the decision is shown
    assert "Next pending: conversion" in " ".join(labels(at))


def test_rejecting_needs_a_comment(console: Console) -> None:
    cid, gtin = one_with_flag(console, "price_drop")
    before = console.sql("SELECT version, content_hash FROM catalog WHERE product_key = $g", g=gtin)
    at = console.app(REVIEW_PAGE, conversion=str(cid))
    click(at, "Reject")
    assert "needs a comment" in at.error[0].value
    assert console.sql("SELECT status FROM conversions WHERE conversion_id = $c", c=cid) == [("pending",)]
    assert console.sql("SELECT count(*) FROM review_events WHERE conversion_id = $c", c=cid) == [(0,)]
    at.text_area(key=f"review_comment_{cid}").set_value("a price cut the publisher did not mean")
    click(at, "Reject")
    [(status, comment, by)] = console.sql(
        "SELECT status, comment, decided_by FROM conversions WHERE conversion_id = $c", c=cid
    )
    assert (status, comment, by) == ("rejected", "a price cut the publisher did not mean", "tester")
    assert console.sql("SELECT version, content_hash FROM catalog WHERE product_key = $g", g=gtin) == before
    assert console.sql("SELECT action FROM review_events WHERE conversion_id = $c", c=cid) == [("reject",)]
    assert "Rejected" in at.success[0].value


def test_an_open_error_finding_blocks_approval_with_its_rules(console: Console) -> None:
    [(cid, gtin)] = console.sql(
        f"SELECT conversion_id, product_key FROM conversions WHERE {PENDING} AND kind = 'new' "
        f"AND product_key IN ({OPEN_ERRORS}) ORDER BY conversion_id LIMIT 1"
    )
    blocking = console.sql(
        "SELECT finding_id, rule_id FROM current_findings WHERE product_key = $g AND severity = 'error' "
        "AND open AND NOT waived",
        g=gtin,
    )
    at = console.app(REVIEW_PAGE, conversion=str(cid))
    # The findings are listed with links to Quality.
    for finding_id, _ in blocking:
        assert ("Open", "quality", f"finding={finding_id}") in page_links(at)
    click(at, "Approve")
    assert console.sql("SELECT status FROM conversions WHERE conversion_id = $c", c=cid) == [("pending",)]
    assert console.sql("SELECT count(*) FROM catalog WHERE product_key = $g", g=gtin) == [(0,)]
    [warning] = [w.value for w in at.warning if "Blocked" in w.value]
    assert all(rule in warning for _, rule in blocking)


def test_a_change_the_catalogue_moved_past_is_superseded_not_applied(console: Console) -> None:
    """Another reviewer acts while this one reads: the change was compared with a version the catalogue
    no longer holds, so approving it supersedes it, with the reason."""
    [(first, gtin, _)] = console.sql(f"{CLEAN_CHANGE} AND list_contains(changed_fields, 'title')")
    db, other = console.services.db, Actor("olga", "admin")
    decisions.approve(db, other, [first])  # the product's version 2
    main, sys.modules["__main__"] = sys.modules["__main__"], PYTEST_MAIN
    try:  # the first delivery again: the product differs from version 2, so a change against version 2
        ingest_file(db, SAMPLES / "delivery-1.xml", other, config=console.cfg, force=True)
    finally:
        sys.modules["__main__"] = main
    [(cid, base)] = console.sql(
        f"SELECT conversion_id, base_version FROM conversions WHERE {PENDING} AND product_key = $g", g=gtin
    )
    assert base == 2
    at = console.app(REVIEW_PAGE, conversion=str(cid))
    history.revert(db, other, gtin, 1, "back to the first record")  # meanwhile: version 3
    click(at, "Approve")
    [(status, reason)] = console.sql("SELECT status, status_reason FROM conversions WHERE conversion_id = $c", c=cid)
    assert status == "superseded" and "against version 2" in reason and "now has 3" in reason
    assert console.sql("SELECT version FROM catalog WHERE product_key = $g", g=gtin) == [(3,)]
    [warning] = [w.value for w in at.warning if "Superseded" in w.value]
    assert reason in warning


def test_the_bulk_dialog_previews_what_approval_would_do(console: Console) -> None:
    at = console.app(REVIEW_PAGE, kind="new")
    click(at, "Approve all matching…")
    new = ids(console, f"{PENDING} AND kind = 'new'")
    blocked = ids(console, f"{PENDING} AND kind = 'new' AND product_key IN ({OPEN_ERRORS})")
    shown = metrics(at)
    assert (shown["Would be approved"], shown["Stay pending"], shown["Would be superseded"]) == (
        str(len(new) - len(blocked)),
        str(len(blocked)),
        "0",
    )
    assert f"Approve {len(new)} conversions" in labels(at)


def test_a_viewer_reads_the_queue_but_sees_no_decision_buttons(viewer_console: Console) -> None:
    at = viewer_console.app(REVIEW_PAGE)
    assert listed(at) == ids(viewer_console, PENDING)
    assert not {"Approve all matching…", "Reject all matching…"} & set(labels(at))
    assert any("cannot approve or reject" in i.value for i in at.info)
    cid, _ = one_with_flag(viewer_console, "price_drop")
    at = viewer_console.app(REVIEW_PAGE, conversion=str(cid))
    assert not {"Approve", "Reject"} & set(labels(at))
    assert not at.text_area
    assert any("role **viewer**" in i.value for i in at.info)


def test_an_empty_queue_says_where_conversions_come_from(empty_console: Console) -> None:
    at = empty_console.app(REVIEW_PAGE)
    assert any(i.value.startswith("No pending conversions. Ingest a feed") for i in at.info)
    assert ("Go to Ingest", "ingest", "") in page_links(at)
