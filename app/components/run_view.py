"""One ingest run, as an engineer debugging a delivery reads it: how the file was read, what it produced,
why it failed, which products could not be converted (with their XML), what the converter repaired, and
the conversions it created (each a link into the Catalogue).
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from app import nav, state
from app.components import badges
from app.components.format import (
    DASH,
    between,
    code,
    escape_md,
    feed_format,
    file_size,
    humanize,
    number,
    plural,
    when,
)
from app.components.xml_view import xml_view

NOTHING_READ = {
    "failed": "The file failed as a whole, so no product of it was converted: the reason is above.",
    "duplicate": "These bytes were ingested before, so the file was not read again: nothing to show.",
}
ERRORS_SHOWN = 100
NOTES_SHOWN = 5000


def header(run: dict[str, Any]) -> None:
    st.header(f"Run {run['run_id']}: {escape_md(run['file'])}", anchor=False)
    took = between(run.get("started_at"), run.get("finished_at"))
    parts = [
        badges.badge_md(run["status"]),
        f"started {when(run.get('started_at'))} by {escape_md(run.get('actor'))}",
        f"took {took}" if run.get("finished_at") else "still running",
    ]
    if run.get("forced"):
        parts.append(":orange-badge[:material/replay: forced re-ingest]")
    st.markdown(" · ".join(parts))


def outcome(run: dict[str, Any]) -> None:
    """The failure reason, or why nothing was applied, in one box."""
    status = run["status"]
    error = run.get("error")
    if status == "failed":
        where = ""
        if run.get("error_line") is not None:
            where = f" (line {number(run['error_line'])}, column {number(run.get('error_column'))})"
        st.error(
            "**The file failed and nothing of it was applied.** "
            f"{escape_md(error or 'no reason recorded')}{where}",
            icon=":material/error:",
        )
    elif status == "duplicate":
        st.info(f"**Nothing was applied.** {escape_md(error or '')}", icon=":material/content_copy:")
    elif status == "running":
        st.info(
            "This run is still working; its job's progress is shown above.",
            icon=":material/progress_activity:",
        )
    elif status == "partial":
        rejected, products = int(run.get("rejected") or 0), int(run.get("products") or 0)
        st.warning(
            f"**{number(rejected)} of {plural(products, 'product')} could not be converted.** "
            "Whatever could be converted was applied; see *Product errors* below.",
            icon=":material/warning:",
        )


def metrics(run: dict[str, Any]) -> None:
    """Two rows of counts: what was read, and what it means for the catalogue."""
    products = [
        ("Products read", run.get("products"), "Products found in the file"),
        ("Converted", run.get("converted"), "Products converted to CCF"),
        (
            "Rejected",
            run.get("rejected"),
            "Products that could not be read or converted (see Product errors)",
        ),
        ("Skipped", run.get("skipped"), "Products skipped, e.g. test records"),
    ]
    conversions = [
        ("New products", run.get("conv_new"), "Conversions of products new to the catalogue, pending review"),
        ("Changed", run.get("conv_changed"), "Conversions that change an approved record, pending review"),
        ("Unchanged", run.get("conv_unchanged"), "Products identical to the catalogue: nothing to review"),
        ("Deleted", run.get("conv_deleted"), "Delete notifications, pending review"),
    ]
    for row in (products, conversions):
        for col, (name, value, help_text) in zip(st.columns(4), row, strict=True):
            col.metric(name, number(value), help=help_text, border=True)


def _format(run: dict[str, Any]) -> str:
    if run.get("onix_release"):
        return f"ONIX {run['onix_release']}" + (f", {run['tag_style']} tags" if run.get("tag_style") else "")
    return feed_format(run.get("format")) if run.get("format") else "not recognised"


def _size(n: int | None) -> str:
    if n is None or n < 1024:
        return file_size(n)
    return f"{file_size(n)} ({number(n)} bytes)"


def read_facts(run: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Format", _format(run)),
        ("Encoding", run.get("encoding") or DASH),
        ("Namespace", code(run["namespace"]) if run.get("namespace") else "none"),
        ("Sender", run.get("sender_name") or DASH),
        ("Message number", run.get("message_number") or DASH),
        ("Sent", when(run.get("sent_at"))),
        ("Size", _size(run.get("bytes"))),
        ("Received", f"{when(run.get('received_at'))} via {humanize(run.get('source')).lower()}"),
    ]


def how_read(run: dict[str, Any]) -> None:
    st.subheader("How the file was read")
    facts = read_facts(run)
    cols = st.columns(4)
    for i, (name, value) in enumerate(facts):
        text = value if value.startswith("`") else escape_md(value)
        cols[i % 4].markdown(f":gray[{name}]  \n{text}")
    left, right = st.columns(2)
    left.caption("SHA-256")
    left.code(run.get("sha256") or DASH, language=None, wrap_lines=True)
    right.caption("Archived copy")
    right.code(run.get("archive_path") or DASH, language=None, wrap_lines=True)


def details(run: dict[str, Any]) -> None:
    """Tabs: product errors, conversion notes, conversions, file findings."""
    version, run_id = state.data_version(), int(run["run_id"])
    errors = state.run_errors(version, run_id)
    summary = state.run_note_summary(version, run_id)
    conversions = state.run_conversions(version, run_id)
    findings = state.run_file_findings(version, run_id)
    note_count = int(summary["notes"].sum()) if summary.height else 0
    tabs = st.tabs(
        [
            f"Product errors ({len(errors)})",
            f"Conversion notes ({note_count})",
            f"Conversions ({len(conversions)})",
            f"File findings ({len(findings)})",
        ]
    )
    applied = run["status"] in ("succeeded", "partial")
    nothing = NOTHING_READ.get(run["status"], "This run has not finished yet.")
    with tabs[0]:
        if applied or not errors.is_empty():
            product_errors(errors)
        else:
            st.info(nothing)
    with tabs[1]:
        if applied:
            notes(run_id, summary)
        else:
            st.info(nothing)
    with tabs[2]:
        if applied:
            conversions_table(run_id, conversions)
        else:
            st.info(nothing)
    with tabs[3]:
        file_findings(findings)


def error_label(e: dict[str, Any]) -> str:
    where = f"Line {number(e['line'])}" if e.get("line") is not None else "Line unknown"
    ref = e.get("record_reference") or e.get("product_key") or "no record reference"
    rule = f" · {e['rule_id']}" if e.get("rule_id") else ""
    message = (e.get("message") or "").splitlines()[0] if e.get("message") else ""
    short = message if len(message) <= 90 else message[:89] + "…"
    return escape_md(f"{where} · {ref}{rule} · {short}")


def product_errors(errors: pl.DataFrame) -> None:
    if errors.is_empty():
        st.success("Every product of the file was read and converted.", icon=":material/check_circle:")
        return
    st.caption(
        "Products that could not be read or converted: the others went on. "
        "Each keeps its raw XML as delivered."
    )
    for e in errors.head(ERRORS_SHOWN).to_dicts():
        with st.expander(error_label(e), icon=":material/error:"):
            st.markdown(
                f"**Record reference:** {escape_md(e.get('record_reference') or DASH)} · "
                f"**GTIN:** {escape_md(e.get('product_key') or DASH)} · **Line:** {number(e.get('line'))} · "
                f"**Rule:** {escape_md(e.get('rule_id') or DASH)}"
            )
            st.markdown(escape_md(e.get("message")))
            xml_view(
                e.get("raw_xml"),
                key=f"error_{e['error_id']}",
                file_name=f"error-{e['error_id']}.xml",
                height=300,
            )
    if len(errors) > ERRORS_SHOWN:
        st.caption(f"Showing the first {ERRORS_SHOWN} of {len(errors):,} errors (in file order).")


def notes(run_id: int, summary: pl.DataFrame) -> None:
    if summary.is_empty():
        st.success("The converter repaired or dropped nothing in this file.", icon=":material/check_circle:")
        return
    st.caption("What the converter had to repair, approximate or drop, by rule, field and action.")
    st.dataframe(
        summary.select(
            pl.col("rule_id").alias("Rule"),
            pl.col("field").alias("Field"),
            pl.col("action").alias("Action"),
            pl.col("notes").alias("Notes"),
            pl.col("products").alias("Products"),
        ),
        hide_index=True,
        width="stretch",
    )
    with st.expander("Every note, product by product"):
        listing = state.run_notes(state.data_version(), run_id, NOTES_SHOWN)
        st.dataframe(
            listing.select(
                pl.col("line").alias("Line"),
                pl.col("product_key").alias("GTIN"),
                pl.col("record_reference").alias("Record reference"),
                pl.col("rule_id").alias("Rule"),
                pl.col("field").alias("Field"),
                pl.col("raw_value").alias("Sent"),
                pl.col("action").alias("Action"),
                pl.col("message").alias("What the converter did"),
            ),
            hide_index=True,
            width="stretch",
            column_config={"Line": st.column_config.NumberColumn(format="%d")},
        )
        if len(listing) >= NOTES_SHOWN:
            st.caption(f"Showing the first {NOTES_SHOWN:,} notes.")


def conversions_table(run_id: int, conversions: pl.DataFrame) -> None:
    if conversions.is_empty():
        st.info(
            "This run created no conversions: every product it read was identical to the catalogue, "
            "or nothing was applied."
        )
        return
    frame = conversions.select(
        pl.col("product_key").alias("GTIN"),
        pl.col("title").fill_null(DASH).alias("Title"),
        pl.col("kind").map_elements(humanize, return_dtype=pl.String).alias("Kind"),
        pl.col("status").map_elements(badges.cell, return_dtype=pl.List(pl.String)).alias("Status"),
        pl.col("status_reason").fill_null("").alias("Note"),
        pl.col("conversion_id").alias("Conversion"),
    )
    st.caption("Select a row to open the product in the Catalogue.")
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"run_{run_id}_conversions",
        column_config={
            "Conversion": st.column_config.NumberColumn(format="%d"),
            "Status": badges.column("Status", conversions["status"].to_list()),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        picked = frame.row(rows[0], named=True)
        with st.container(border=True):
            st.markdown(
                f"**{escape_md(picked['Title'])}** · {picked['GTIN']} · {escape_md(picked['Kind'].lower())}, "
                f"{escape_md(badges.label(picked['Status'][0]).lower())}"
            )
            nav.product_link(picked["GTIN"], label="Open in the Catalogue")


def file_findings(findings: pl.DataFrame) -> None:
    if findings.is_empty():
        st.success(
            "Nothing to report about the file itself (encoding, namespace, control characters).",
            icon=":material/check_circle:",
        )
        return
    st.caption("Findings about the file as a whole: what was cleaned before parsing, and what looked wrong.")
    st.dataframe(
        findings.select(
            pl.col("rule_id").alias("Rule"),
            pl.col("severity").alias("Severity"),
            pl.col("line").alias("Line"),
            pl.col("field").alias("Field"),
            pl.col("observed").alias("Observed"),
            pl.col("message").alias("Message"),
        ),
        hide_index=True,
        width="stretch",
        column_config={"Line": st.column_config.NumberColumn(format="%d")},
    )
