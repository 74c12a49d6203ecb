"""The Quality screen, driven through AppTest on a database built by real ingests: what it counts and lists
is compared with plain SQL over `current_findings`, and every action (waive, expire, re-check) is checked
in the database, not only on the screen."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from core import catalog
from core.auth import Actor
from core.checks import waivers
from core.checks.catalogue import rules
from core.errors import PermissionDenied
from tests.pages.conftest import CATALOG_PAGE, QUALITY_PAGE, Console
from tests.pages.test_ingest import page_links, select_row, texts

OPEN = "open AND NOT waived"


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def table(at: AppTest, *columns: str):  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def groups_key(at: AppTest) -> str:
    return f"quality_groups_{at.session_state['quality_gen']}"


def findings_key(at: AppTest) -> str:
    return f"quality_findings_{at.session_state['quality_gen']}"


def shown_groups(at: AppTest) -> set[tuple[str, str, str | None, int]]:
    groups = table(at, "Rule", "Severity", "Findings", "Products")
    return {
        (r["Rule"], r["Severity"][0], None if r["Publisher"].endswith("(a file)") else r["Publisher"], r["Findings"])
        for r in groups.to_dict("records")
    }


def open_finding(console: Console, rule: str) -> tuple[int, str, str]:
    """(finding id, product, publisher) of the one open finding of `rule` on a product."""
    [(finding_id, gtin, publisher)] = console.sql(
        f"SELECT finding_id, product_key, publisher FROM current_findings WHERE rule_id = $r AND {OPEN} "
        "AND product_key IS NOT NULL AND publisher IS NOT NULL",
        r=rule,
    )
    return int(finding_id), str(gtin), str(publisher)


def test_open_findings_are_counted_by_rule_severity_and_publisher(console: Console) -> None:
    at = console.app(QUALITY_PAGE)
    want = console.sql(f"SELECT rule_id, severity, publisher, count(*) FROM current_findings WHERE {OPEN} GROUP BY ALL")
    assert shown_groups(at) == {(r, s, p, n) for r, s, p, n in want}
    metrics = {m.label: m.value for m in at.metric}
    [(errors, warnings, infos, resolved)] = console.sql(
        f"SELECT count(*) FILTER (WHERE {OPEN} AND severity = 'error'), "
        f"count(*) FILTER (WHERE {OPEN} AND severity = 'warning'), count(*) FILTER (WHERE {OPEN} AND severity = 'info'), "
        "count(*) FILTER (WHERE status = 'resolved') FROM current_findings"
    )
    assert (metrics["Open errors"], metrics["Open warnings"], metrics["Open info"], metrics["Resolved"]) == (
        str(errors),
        str(warnings),
        str(infos),
        str(resolved),
    )
    assert errors and warnings and infos  # the sample feeds carry findings of every severity


def test_the_filter_form_narrows_the_counts_and_writes_the_address(console: Console) -> None:
    at = console.app(QUALITY_PAGE)
    at.get("button_group")[0].set_value("warning")
    at.selectbox(key="quality_publisher").set_value("Harbor Lane Audio")
    click(at, "Apply")
    assert (at.query_params["severity"], at.query_params["publisher"]) == ("warning", "Harbor Lane Audio")
    want = console.sql(
        f"SELECT rule_id, product_key FROM current_findings WHERE {OPEN} AND severity = 'warning' "
        "AND publisher = 'Harbor Lane Audio'"
    )
    assert want
    assert sum(n for *_, n in shown_groups(at)) == len(want)
    listed = table(at, "GTIN", "Rule", "Finding")
    assert sorted(zip(listed["Rule"], listed["GTIN"], strict=True)) == sorted(want)
    # Status "resolved": what later deliveries fixed.
    at.selectbox(key="quality_status").set_value("resolved")
    at.get("button_group")[0].set_value("all")
    at.selectbox(key="quality_publisher").set_value("")
    click(at, "Apply")
    resolved = console.sql("SELECT rule_id, product_key FROM current_findings WHERE status = 'resolved'")
    listed = table(at, "GTIN", "Rule", "Finding")
    assert resolved and sorted(zip(listed["Rule"], listed["GTIN"], strict=True)) == sorted(resolved)
    # Clear: back to every open finding, and a clean address.
    click(at, "Clear")
    assert not {"severity", "publisher", "status"} & set(at.query_params)
    [(every,)] = console.sql(f"SELECT count(*) FROM current_findings WHERE {OPEN}")
    assert sum(n for *_, n in shown_groups(at)) == every


def test_a_deep_link_filters_by_rule_and_product(console: Console) -> None:
    finding_id, gtin, _ = open_finding(console, "Q35")
    at = console.app(QUALITY_PAGE, rule="Q35")
    listed = table(at, "GTIN", "Rule", "Finding")
    assert listed["GTIN"].tolist() == [gtin] and listed["Finding"].tolist() == [finding_id]
    assert at.selectbox(key="quality_rule").value == "Q35"
    # The Catalogue links a product to its findings; the link filters by product and shows every status.
    at = console.app(CATALOG_PAGE, gtin=gtin)
    assert ("Quality findings of this product", "quality", f"status=all&gtin={gtin}") in page_links(at)
    at = console.app(QUALITY_PAGE, gtin=gtin, status="all")
    every = console.sql("SELECT finding_id FROM current_findings WHERE product_key = $g", g=gtin)
    assert sorted(table(at, "Finding")["Finding"].tolist()) == sorted(f for (f,) in every)


def test_selecting_a_group_lists_its_products(console: Console) -> None:
    at = console.app(QUALITY_PAGE)
    groups = table(at, "Rule", "Severity", "Findings", "Products")
    records = groups.to_dict("records")
    row = max(
        (i for i, r in enumerate(records) if not r["Publisher"].endswith("(a file)")),
        key=lambda i: (records[i]["Findings"], -i),
    )
    rule, severity, publisher = groups["Rule"][row], groups["Severity"][row][0], groups["Publisher"][row]
    select_row(at, groups_key(at), row)
    assert (at.query_params["rule"], at.query_params["severity"], at.query_params["publisher"]) == (
        rule,
        severity,
        publisher,
    )
    want = console.sql(
        f"SELECT product_key FROM current_findings WHERE {OPEN} AND rule_id = $r AND severity = $s AND publisher = $p",
        r=rule,
        s=severity,
        p=publisher,
    )
    assert sorted(table(at, "GTIN", "Finding")["GTIN"].tolist()) == sorted(g for (g,) in want)
    assert at.selectbox(key="quality_rule").value == rule  # the form shows the filter the group set


def test_a_finding_opens_to_its_product_field_and_source_xml(console: Console) -> None:
    finding_id, gtin, publisher = open_finding(console, "Q35")
    at = console.app(QUALITY_PAGE, rule="Q35")
    select_row(at, findings_key(at), 0)
    assert at.query_params["finding"] == str(finding_id)
    assert at.title[0].value == f"Q35 · {rules()['Q35'].title}"
    page = texts(at)
    [(message, observed, run_id, position, content_hash)] = console.sql(
        "SELECT message, observed, run_id, position, content_hash FROM findings WHERE finding_id = $f", f=finding_id
    )
    assert message.split(":")[0] in page and publisher in page
    assert ("Open the product in the Catalogue", "catalog", f"gtin={gtin}") in page_links(at)
    # The field as the judged version has it: every price amount, read here with plain SQL.
    [(amounts,)] = console.sql(
        "SELECT list_transform(ccf.prices, lambda p: p.amount) FROM conversions "
        "WHERE product_key = $g AND content_hash = $h",
        g=gtin,
        h=content_hash,
    )
    assert observed.split(":")[0].replace(",", ".") in amounts  # the decimal comma, read as a dot
    assert [json.loads(j.value) for j in at.json] == [amounts]
    # The source XML of the very delivery the finding was raised on.
    [(source_id,)] = console.sql(
        "SELECT source_id FROM source_records WHERE run_id = $r AND position = $p", r=run_id, p=position
    )
    raw = catalog.source(console.services.db, source_id)["raw_xml"]
    assert any(c.language == "xml" and c.value == raw.rstrip("\n") for c in at.code)
    assert f"run {run_id}" in page
    # The rule's explanation, with its examples.
    assert "**How to fix a finding:**" in page and rules()["Q35"].failing[0].about in page
    at.button[0].click().run()  # back to the list
    assert "finding" not in at.query_params and table(at, "Finding")["Finding"].tolist() == [finding_id]


def test_a_finding_about_a_product_that_could_not_be_converted_shows_its_raw_xml(console: Console) -> None:
    run_id = console.runs["partial"]
    [(finding_id, rule, line)] = console.sql(
        "SELECT finding_id, rule_id, line FROM current_findings WHERE run_id = $r AND product_key IS NULL", r=run_id
    )
    [(raw,)] = console.sql("SELECT raw_xml FROM ingest_errors WHERE run_id = $r AND line = $l", r=run_id, l=line)
    at = console.app(QUALITY_PAGE, finding=str(finding_id))
    assert at.title[0].value.startswith(f"{rule} · ")
    assert any(c.language == "xml" and c.value == raw.rstrip("\n") for c in at.code)
    assert "could not convert this product" in texts(at) and "nothing to waive it for" in texts(at)
    assert (f"Open run {run_id}", "ingest", f"run={run_id}") in page_links(at)


def test_a_waiver_made_on_a_finding_silences_it_until_it_is_expired(console: Console) -> None:
    finding_id, gtin, _ = open_finding(console, "Q20")
    at = console.app(QUALITY_PAGE, finding=str(finding_id))
    at.text_area(key="waive_reason").set_value("the publisher sends the duration next week")
    click(at, "Waive Q20")
    [(waiver_id, rule, product, publisher, reason, by, expires)] = console.sql(
        "SELECT waiver_id, rule_id, product_key, publisher, reason, created_by, expires_at FROM waivers"
    )
    assert (rule, product, publisher, reason, by) == (
        "Q20",
        gtin,
        None,
        "the publisher sends the duration next week",
        "tester",
    )
    assert expires.astimezone(UTC).date() == datetime.now(UTC).date() + timedelta(days=90)
    [(waived, silenced_by)] = console.sql(
        "SELECT waived, waiver_id FROM current_findings WHERE finding_id = $f", f=finding_id
    )
    assert waived and silenced_by == waiver_id
    assert f"Waiver {waiver_id} created" in texts(at) and "Waived" in texts(at)
    assert not console.sql(f"SELECT 1 FROM current_findings WHERE rule_id = 'Q20' AND {OPEN}")

    click(at, f"Expire waiver {waiver_id}")
    [(revoked_at, revoked_by)] = console.sql("SELECT revoked_at, revoked_by FROM waivers WHERE waiver_id = $w", w=waiver_id)
    assert revoked_at is not None and revoked_by == "tester"
    [(waived,)] = console.sql("SELECT waived FROM current_findings WHERE finding_id = $f", f=finding_id)
    assert not waived
    assert f"Waiver {waiver_id} ended" in texts(at)
    assert at.text_area(key="waive_reason") is not None  # it can be waived again


def test_a_waiver_needs_a_reason(console: Console) -> None:
    finding_id, _, _ = open_finding(console, "Q20")
    at = console.app(QUALITY_PAGE, finding=str(finding_id))
    click(at, "Waive Q20")
    assert not console.sql("SELECT 1 FROM waivers")
    assert any("say why the finding is acceptable" in e.value for e in at.error)


def test_a_publisher_waiver_from_the_waivers_tab_covers_the_publishers_products(console: Console) -> None:
    [(publisher, count)] = console.sql(
        f"SELECT publisher, count(*) FROM current_findings WHERE rule_id = 'Q27' AND {OPEN} GROUP BY publisher "
        "ORDER BY 2 DESC LIMIT 1"
    )
    at = console.app(QUALITY_PAGE, tab="Waivers")
    assert any("No waiver in force" in i.value for i in at.info)
    at.radio(key="new_waiver_scope").set_value("publisher").run()
    at.selectbox(key="new_waiver_rule").set_value("Q27")
    at.selectbox(key="new_waiver_publisher").set_value(publisher)
    at.text_area(key="new_waiver_reason").set_value("escaped HTML is rendered downstream")
    at.checkbox(key="new_waiver_forever").check()
    click(at, "Create waiver")
    [(waiver_id, product, expires)] = console.sql(
        "SELECT waiver_id, product_key, expires_at FROM waivers WHERE publisher = $p AND rule_id = 'Q27'", p=publisher
    )
    assert product is None and expires is None
    [(silenced,)] = console.sql(
        "SELECT count(*) FROM current_findings WHERE rule_id = 'Q27' AND publisher = $p AND open AND waived",
        p=publisher,
    )
    assert silenced == count > 0
    listing = table(at, "Waiver", "State", "Silences")
    assert listing["Waiver"].tolist() == [waiver_id] and listing["Silences"].tolist() == [count]
    assert listing["State"].tolist()[0] == ["active"]
    select_row(at, "quality_waivers", 0)
    click(at, f"Expire waiver {waiver_id}")
    assert console.sql("SELECT revoked_by FROM waivers WHERE waiver_id = $w", w=waiver_id) == [("tester",)]
    # Ended waivers are kept: shown on request, with their state.
    at.toggle(key="quality_waivers_all").set_value(True).run()
    assert table(at, "Waiver", "State")["State"].tolist()[0] == ["revoked"]


def test_a_viewer_sees_findings_but_cannot_waive_or_recheck(viewer_console: Console) -> None:
    finding_id, gtin, _ = open_finding(viewer_console, "Q20")
    at = viewer_console.app(QUALITY_PAGE, finding=str(finding_id))
    assert not [t for t in at.text_area if t.key == "waive_reason"]
    assert "role **viewer**" in texts(at) and "cannot waive" in texts(at)
    at = viewer_console.app(QUALITY_PAGE)
    assert not [b for b in at.button if b.key == "recheck"]
    assert "cannot re-run the checks" in texts(at)
    at = viewer_console.app(QUALITY_PAGE, tab="Waivers")
    assert not [e for e in at.expander if e.label == "New waiver"]
    # The UI hides it, and core refuses it too.
    with pytest.raises(PermissionDenied):
        waivers.create(
            viewer_console.services.db, Actor("tester", "viewer"), rule_id="Q20", product_key=gtin, reason="no"
        )
    assert not viewer_console.sql("SELECT 1 FROM waivers")


def test_the_rule_catalogue_explains_every_rule_with_its_examples(console: Console) -> None:
    at = console.app(QUALITY_PAGE, tab="Rules")
    catalogue = rules()
    listed = table(at, "Rule", "Scope", "Open")
    assert listed["Rule"].tolist() == list(catalogue)
    open_by_rule = dict(console.sql(f"SELECT rule_id, count(*) FROM current_findings WHERE {OPEN} GROUP BY rule_id"))
    assert {r: o for r, o in zip(listed["Rule"], listed["Open"], strict=True) if o} == open_by_rule
    assert len(at.expander) == len(catalogue)
    page = texts(at)
    q21 = catalogue["Q21"]
    assert all(e.about in page for e in q21.examples)
    assert "set `DescriptiveDetail/Extent/ExtentValue` to `3`" in page
    assert "in the file's text, replace `Lighthouse Keeper` with `Lighthouse\\x10Keeper`" in page  # Q01, a DLE
    # Finding a rule by a word.
    at.text_input(key="quality_rule_search").set_value("narrator").run()
    found = table(at, "Rule", "Scope")["Rule"].tolist()
    assert "Q15" in found and len(found) < len(catalogue)


def test_a_linked_rule_comes_first_and_open(console: Console) -> None:
    at = console.app(QUALITY_PAGE, tab="Rules", rule="Q21")
    assert at.expander[0].label.startswith("Q21 · ")
    assert at.expander[0].proto.expanded and not at.expander[1].proto.expanded


def test_re_run_checks_runs_a_recheck_job(console: Console) -> None:
    at = console.app(QUALITY_PAGE)
    before = console.sql("SELECT count(*) FROM check_runs WHERE kind = 'recheck'")
    at.button(key="recheck").click().run()
    [job] = console.wait_for_jobs()
    assert (job.kind, job.status, job.actor) == ("recheck", "succeeded", "tester")
    assert console.sql("SELECT count(*) FROM check_runs WHERE kind = 'recheck'") == [(before[0][0] + 1,)]
    [(subjects,)] = console.sql("SELECT subjects FROM check_runs WHERE kind = 'recheck' ORDER BY check_id DESC LIMIT 1")
    at.run()
    assert f"{subjects:,} products judged" in texts(at)


def test_an_unknown_finding_or_filter_says_so(console: Console) -> None:
    at = console.app(QUALITY_PAGE, finding="999999")
    assert "there is no finding 999999" in at.warning[0].value
    at = console.app(QUALITY_PAGE, finding="abc")
    assert "is not a finding number" in at.warning[0].value
    at = console.app(QUALITY_PAGE, gtin="12")
    assert "is not a GTIN-13" in at.warning[0].value
    at = console.app(QUALITY_PAGE, rule="Q99", severity="fatal")
    assert at.selectbox(key="quality_rule").value == "" and not at.exception


def test_a_filter_nothing_matches_says_what_to_do(console: Console) -> None:
    at = console.app(QUALITY_PAGE, rule="Q03")
    assert any("No finding matches these filters" in i.value for i in at.info)


def test_a_finding_waived_elsewhere_shows_its_waiver_and_can_be_expired(console: Console) -> None:
    finding_id, gtin, _ = open_finding(console, "Q20")
    waiver_id = waivers.create(
        console.services.db,
        Actor("tester", "admin"),
        rule_id="Q20",
        product_key=gtin,
        reason="until tomorrow",
        expires_at=datetime.combine(date.today() + timedelta(days=1), datetime.min.time(), tzinfo=UTC),
    )
    at = console.app(QUALITY_PAGE, finding=str(finding_id))
    assert f"Expire waiver {waiver_id}" in [b.label for b in at.button]


def test_an_empty_console_says_what_to_do(empty_console: Console) -> None:
    at = empty_console.app(QUALITY_PAGE)
    assert any("Nothing has been checked yet" in i.value for i in at.info)
    assert ("Go to Ingest", "ingest", "") in page_links(at)
    assert {m.label: m.value for m in at.metric}["Open errors"] == "0"
