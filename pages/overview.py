"""Overview, the console's home: how big the catalogue is, what waits for review, which ingests went wrong
lately, the open findings by severity and where they come from. Every number links to the screen that
explains it.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import nav, state
from app.components import badges, charts
from app.components.format import escape_md, number, plural, when
from app.components.jobs_panel import jobs_panel
from core.checks.catalogue import rules
from core.overview import DAYS

WORST = 10
SEVERITY_WORDS = {"error": "Errors", "warning": "Warnings", "info": "Info"}

svc = state.services()


def headline(summary: dict[str, int], days: int) -> None:
    """The four numbers of the pipeline, each with the link to the screen that explains it."""
    products, pending, problems, findings = st.columns(4)
    with products:
        st.metric(
            "Products in the catalogue",
            number(summary["products"]),
            border=True,
            help="Approved products, one current record each.",
        )
        nav.catalog_link("Search the catalogue")
        nav.coverage_link("Coverage by language, market, genre")
    with pending:
        st.metric(
            "Conversions pending review",
            number(summary["pending"]),
            border=True,
            help="New, changed and deleted products waiting for a reviewer.",
        )
        st.caption(
            f"{number(summary['pending_new'])} new · {number(summary['pending_changed'])} changed · "
            f"{number(summary['pending_deleted'])} deleted"
        )
        nav.review_link("Review the pending conversions", status="pending")
        nav.catalog_link("New products pending review", status="pending", icon=":material/pending:")
    with problems:
        st.metric(
            f"Failed ingests, last {days} days",
            number(summary["failed_runs"]),
            border=True,
            help="Files that could not be read at all: nothing of them was applied.",
        )
        st.caption(
            f"{plural(summary['partial_runs'], 'partial run')} (some products rejected) · "
            f"{plural(summary['runs'], 'run')} in all"
        )
        nav.ingest_link("See the runs on Ingest")
    with findings:
        total = summary["open_error"] + summary["open_warning"] + summary["open_info"]
        st.metric(
            "Open findings",
            number(total),
            border=True,
            help="Quality findings of each product's latest check, not waived.",
        )
        st.caption(f"{plural(summary['waived'], 'finding')} waived")
        nav.quality_link("Open findings on Quality", status="open")


def severities(summary: dict[str, int]) -> None:
    """Open findings by severity, each linked to the Quality screen filtered to it."""
    cols = st.columns(4)
    for col, severity in zip(cols, ("error", "warning", "info"), strict=False):
        with col:
            look = badges.look(severity)
            st.metric(
                f"Open {SEVERITY_WORDS[severity].lower()}",
                number(summary[f"open_{severity}"]),
                border=True,
                help=(
                    "Errors block approval and export unless waived."
                    if severity == "error"
                    else "Warnings ask a reviewer to look; approval is allowed."
                    if severity == "warning"
                    else "Shown, never blocking."
                ),
            )
            nav.quality_link(f"{SEVERITY_WORDS[severity]} on Quality", severity=severity, status="open", icon=look.icon)
    with cols[3]:
        st.metric("Waived findings", number(summary["waived"]), border=True, help="Silenced by a waiver in force.")
        nav.quality_link("Waived findings on Quality", status="waived", icon=":material/do_not_disturb_on:")


def problem_runs(days: int) -> None:
    runs = state.problem_runs(state.data_version(), days)
    st.markdown(f"**Ingests that went wrong, last {days} days**")
    if runs.is_empty():
        st.success(f"No ingest failed or rejected products in the last {days} days.", icon=":material/check_circle:")
        return
    for r in runs.head(8).to_dicts():
        text, link = st.columns([4, 1], vertical_alignment="center")
        reason = r["error"] or f"{number(r['rejected'])} of {plural(int(r['products'] or 0), 'product')} rejected"
        text.markdown(
            f"{badges.badge_md(r['status'])} **{escape_md(r['file'])}** · {when(r['started_at'])}  \n"
            f":gray[{escape_md(reason)}]"
        )
        with link:
            nav.run_link(int(r["run_id"]), label=f"Run {r['run_id']}")
    if len(runs) > 8:
        st.caption(f"…and {plural(len(runs) - 8, 'more run')}: the Ingest screen lists them all.")


def pending_runs() -> None:
    runs = state.pending_by_run(state.data_version())
    st.markdown("**Where the pending conversions came from**")
    if runs.is_empty():
        st.success("Nothing waits for review.", icon=":material/check_circle:")
        return
    for r in runs.head(6).to_dicts():
        text, link = st.columns([4, 1], vertical_alignment="center")
        text.markdown(
            f"**{escape_md(r['file'])}** · {plural(int(r['pending']), 'conversion')} "
            f"({number(r['new'])} new, {number(r['changed'])} changed, {number(r['deleted'])} deleted)"
        )
        with link:
            nav.review_link(f"Review run {r['run_id']}", run=int(r["run_id"]), status="pending")
    if len(runs) > 6:
        st.caption(f"…and {plural(len(runs) - 6, 'more run')} with pending conversions.")


def trend_chart(days: int) -> None:
    trend = state.findings_trend(state.data_version(), days)
    if trend.is_empty():
        st.markdown(f"**Findings over the last {days} days**")
        st.info(f"No check recorded findings in the last {days} days.", icon=":material/insights:")
        return
    found = trend.pivot(on="severity", index="day", values="found", aggregate_function="sum").fill_null(0).sort("day")
    series = {s: found[s].to_list() if s in found.columns else [0] * len(found) for s in charts.SEVERITY_ORDER}
    fig = charts.stacked(
        [d.isoformat() for d in found["day"].to_list()], series, colors=charts.SEVERITY_COLORS, category=True
    )
    table = trend.select(
        pl.col("day").alias("Day"),
        pl.col("severity").alias("Severity"),
        pl.col("found").alias("Found (new and recurring)"),
        pl.col("new").alias("New"),
        pl.col("resolved").alias("Resolved"),
    )
    charts.chart_block(
        f"Findings over the last {days} days, by severity",
        fig,
        table,
        key="overview_trend",
        file_name=f"findings-last-{days}-days.csv",
        caption="What each day's checks found (new and recurring findings), by severity.",
    )


COUNT_COLUMNS = (
    pl.col("open").alias("Open"),
    pl.col("errors").alias("Errors"),
    pl.col("warnings").alias("Warnings"),
    pl.col("infos").alias("Info"),
    pl.col("products").alias("Products"),
)
"""The open-finding counts behind both 'worst' charts, as their downloadable tables name them."""


def worst_rules() -> None:
    worst = state.worst_rules(state.data_version(), WORST)
    if worst.is_empty():
        st.markdown("**Rules with the most open findings**")
        st.success("No open findings.", icon=":material/check_circle:")
        return
    catalogue = rules()
    labels = [f"{r} · {catalogue[r].title}" if r in catalogue else r for r in worst["rule_id"].to_list()]
    fig = charts.stacked(labels, charts.by_severity(worst), colors=charts.SEVERITY_COLORS, horizontal=True)
    table = worst.select(
        pl.col("rule_id").alias("Rule"),
        pl.Series("Title", [catalogue[r].title if r in catalogue else "" for r in worst["rule_id"].to_list()]),
        *COUNT_COLUMNS,
    )
    charts.chart_block(
        "Rules with the most open findings",
        fig,
        table,
        key="overview_rules",
        file_name="worst-rules.csv",
    )
    with st.container(horizontal=True, gap="small"):
        for r in worst.head(5).to_dicts():
            nav.quality_link(f"{r['rule_id']} ({number(r['open'])})", rule=r["rule_id"], status="open")


def worst_publishers() -> None:
    worst = state.worst_publishers(state.data_version(), WORST)
    if worst.is_empty():
        st.markdown("**Publishers with the most open findings**")
        st.success("No publisher has open findings.", icon=":material/check_circle:")
        return
    fig = charts.stacked(
        worst["publisher"].to_list(), charts.by_severity(worst), colors=charts.SEVERITY_COLORS, horizontal=True
    )
    table = worst.select(
        pl.col("publisher").alias("Publisher"),
        *COUNT_COLUMNS,
    )
    charts.chart_block(
        "Publishers with the most open findings",
        fig,
        table,
        key="overview_publishers",
        file_name="worst-publishers.csv",
    )
    for r in worst.head(3).to_dicts():
        nav.quality_link(
            f"{r['publisher']} ({number(r['open'])})", publisher=r["publisher"], status="open", icon=":material/domain:"
        )


def empty(summary: dict[str, int]) -> bool:
    """An empty console says what to do (or that the first start is still seeding it)."""
    if summary["products"] or summary["pending"] or summary["runs"]:
        return False
    seed = svc.runner.get(svc.seed_job) if svc.seed_job else None
    if seed is not None and not seed.finished:
        st.info(
            "First start: the sample feeds are being ingested into a demo catalogue. "
            "The numbers appear here when the job above ends.",
            icon=":material/hourglass_top:",
        )
        return True
    st.info(
        "Nothing has been ingested yet, so there is nothing to count: upload a feed on the Ingest screen, "
        f"or drop it into {svc.cfg.inbox_dir}.",
        icon=":material/inbox:",
    )
    nav.ingest_link("Go to Ingest")
    return True


# -- the screen ------------------------------------------------------------------------------------

st.title("Overview")
st.caption(
    "The pipeline at a glance: the catalogue, the review queue, ingests that went wrong and open quality "
    "findings. Every number opens the screen that explains it."
)
jobs_panel(svc.runner, key="overview_jobs", kinds=("seed",), finished=1)
days = st.segmented_control(
    "Look back",
    DAYS,
    format_func=lambda d: f"{d} days",
    default=DAYS[0],
    key="overview_days",
    required=True,
)
days = int(days or DAYS[0])
summary = state.overview_summary(state.data_version(), days)
if not empty(summary):
    headline(summary, days)
    severities(summary)
    left, right = st.columns(2, gap="large")
    with left:
        problem_runs(days)
    with right:
        pending_runs()
    st.divider()
    trend_chart(days)
    left, right = st.columns(2, gap="large")
    with left:
        worst_rules()
    with right:
        worst_publishers()
