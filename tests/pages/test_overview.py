"""The Overview (the console's home), driven through AppTest on a database built by real ingests: every
number is compared with plain SQL, and every number's link leads to a screen that shows the same thing."""

from __future__ import annotations

import json

from app.components import charts
from core.checks.catalogue import rules
from tests.pages.conftest import CATALOG_PAGE, OVERVIEW_PAGE, QUALITY_PAGE, Console
from tests.pages.test_ingest import page_links, texts
from tests.pages.test_quality import shown_groups, table

OPEN = "open AND NOT waived"


def metrics(at):  # type: ignore[no-untyped-def]
    return {m.label: m.value for m in at.metric}


def test_the_home_page_is_the_overview_and_its_numbers_are_the_databases(console: Console) -> None:
    at = console.app()
    assert at.title[0].value == "Overview" and not at.exception
    shown = metrics(at)
    [(products, pending, new, changed, deleted)] = console.sql(
        "SELECT (SELECT count(*) FROM catalog), count(*), count(*) FILTER (WHERE kind = 'new'), "
        "count(*) FILTER (WHERE kind = 'changed'), count(*) FILTER (WHERE kind = 'deleted') "
        "FROM conversions WHERE status = 'pending'"
    )
    [(failed, partial)] = console.sql(
        "SELECT count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'partial') FROM ingest_runs"
    )
    by_severity = dict(console.sql(f"SELECT severity, count(*) FROM current_findings WHERE {OPEN} GROUP BY ALL"))
    assert shown["Products in the catalogue"] == f"{products:,}"
    assert shown["Conversions pending review"] == f"{pending:,}"
    assert f"{new} new · {changed} changed · {deleted} deleted" in texts(at)
    assert shown["Failed ingests, last 7 days"] == str(failed) == "1"  # the broken feed of the template
    assert f"{partial} partial run" in texts(at)
    assert shown["Open errors"] == str(by_severity["error"])
    assert shown["Open warnings"] == str(by_severity["warning"])
    assert shown["Open info"] == str(by_severity["info"])
    assert shown["Open findings"] == str(sum(by_severity.values()))


def test_each_number_links_to_the_screen_that_explains_it(console: Console) -> None:
    at = console.app()
    links = page_links(at)
    assert ("Search the catalogue", "catalog", "") in links
    assert ("New products pending review", "catalog", "status=pending") in links
    assert ("Review the pending conversions", "review", "status=pending") in links
    assert ("See the runs on Ingest", "ingest", "") in links
    assert ("Errors on Quality", "quality", "severity=error&status=open") in links
    assert ("Warnings on Quality", "quality", "severity=warning&status=open") in links
    assert ("Waived findings on Quality", "quality", "status=waived") in links
    failed = console.runs["failed"]
    partial = console.runs["partial"]
    assert (f"Run {failed}", "ingest", f"run={failed}") in links
    assert (f"Run {partial}", "ingest", f"run={partial}") in links
    [(error,)] = console.sql("SELECT split_part(error, chr(10), 1) FROM ingest_runs WHERE run_id = $r", r=failed)
    assert error.split(":")[0] in texts(at)
    # Where the pending conversions came from: each run with pending conversions, linked to its review queue.
    for run_id, count in console.sql("SELECT run_id, count(*) FROM conversions WHERE status = 'pending' GROUP BY ALL"):
        assert (f"Review run {run_id}", "review", f"run={run_id}&status=pending") in links
        assert f"{count:,} conversion" in texts(at)


def test_the_errors_link_opens_quality_on_exactly_those_findings(console: Console) -> None:
    at = console.app()
    shown = metrics(at)["Open errors"]
    quality = console.app(QUALITY_PAGE, severity="error", status="open")
    assert sum(n for *_, n in shown_groups(quality)) == int(shown)
    assert {severity for _, severity, *_ in shown_groups(quality)} == {"error"}


def test_the_pending_link_opens_the_catalogue_on_new_products_pending_review(console: Console) -> None:
    at = console.app(CATALOG_PAGE, status="pending")
    listed = next(d.value for d in at.dataframe if "GTIN" in d.value.columns)
    [(count,)] = console.sql(
        "SELECT count(DISTINCT product_key) FROM conversions c WHERE status = 'pending' AND kind = 'new' "
        "AND NOT EXISTS (SELECT 1 FROM catalog k WHERE k.product_key = c.product_key)"
    )
    assert {tuple(s) for s in listed["Status"]} == {("pending",)}
    assert f"{count} products" in texts(at)
    assert "status" not in at.query_params  # read once; the search form rules after


def test_worst_rules_and_publishers_are_the_ones_with_most_open_findings(console: Console) -> None:
    at = console.app()
    worst = table(at, "Rule", "Open", "Errors")
    want = console.sql(
        f"SELECT rule_id, count(*), count(*) FILTER (WHERE severity = 'error') FROM current_findings WHERE {OPEN} "
        "GROUP BY rule_id ORDER BY 3 DESC, 2 DESC, rule_id LIMIT 10"
    )
    assert list(zip(worst["Rule"], worst["Open"], worst["Errors"], strict=True)) == want
    assert worst["Title"].tolist() == [rules()[r].title for r in worst["Rule"]]
    publishers = table(at, "Publisher", "Open")
    want = console.sql(
        f"SELECT publisher, count(*) FROM current_findings WHERE {OPEN} AND publisher IS NOT NULL "
        "GROUP BY publisher ORDER BY count(*) FILTER (WHERE severity = 'error') DESC, 2 DESC, publisher"
    )
    assert list(zip(publishers["Publisher"], publishers["Open"], strict=True)) == want
    top = want[0][0]
    assert any(page == "quality" and f"publisher={top.replace(' ', '+')}" in q for _, page, q in page_links(at))


def test_the_charts_draw_their_tables_and_each_downloads_as_csv(console: Console, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    downloads = []
    original = charts.csv_bytes
    monkeypatch.setattr(charts, "csv_bytes", lambda frame: downloads.append(frame) or original(frame))
    at = console.app()
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(figures) == 3 == len(downloads) == len(at.get("download_button"))
    trend = table(at, "Day", "Severity", "Found (new and recurring)")
    [(found,)] = console.sql(
        "SELECT count(*) FROM findings WHERE status IN ('new', 'recurring') AND created_at >= now() - INTERVAL 7 DAY"
    )
    assert int(trend["Found (new and recurring)"].sum()) == found
    # The trend's bars stack by severity, in the console's colours.
    assert {t["name"] for t in figures[0]["data"]} == {"error", "warning", "info"}
    assert {t["name"]: t["marker"]["color"] for t in figures[0]["data"]} == charts.SEVERITY_COLORS
    # A CSV is the table shown beside its chart.
    assert [d.columns for d in downloads] == [list(d.value.columns) for d in at.dataframe]


def test_the_look_back_changes_the_window(console: Console) -> None:
    at = console.app()
    at.get("button_group")[0].set_value(30).run()
    assert "Failed ingests, last 30 days" in metrics(at)


def test_an_empty_console_says_what_to_do(empty_console: Console) -> None:
    at = empty_console.app(OVERVIEW_PAGE)
    assert any("Nothing has been ingested yet" in i.value for i in at.info)
    assert ("Go to Ingest", "ingest", "") in page_links(at)
    assert not at.metric
