"""A product's life in the pipeline: its review status, every delivery of it, its approved versions and
the raw XML each delivery carried.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from app import nav, state
from app.components import badges, export_view
from app.components.format import DASH, escape_md, humanize, number, when
from app.components.xml_view import xml_view

ACTIONS = {"approve": "Approved", "auto_approve": "Auto-approved", "reject": "Rejected"}


def run_of_conversion(deliveries: pl.DataFrame, conversion_id: int | None) -> int | None:
    if conversion_id is None or deliveries.is_empty():
        return None
    rows = deliveries.filter(pl.col("conversion_id") == conversion_id)
    return int(rows["run_id"][0]) if rows.height else None


def status_summary(rec: dict[str, Any], deliveries: pl.DataFrame) -> tuple[str, str, int | None]:
    """(status key for the badge, a sentence, the run to link to) for a product record from core.catalog."""
    status = rec["status"]
    if status == "approved" and rec.get("version") is not None:
        who = rec.get("approved_by") or DASH
        sentence = f"Approved version {rec['version']}, approved by {who} on {when(rec.get('approved_at'))}."
        pending = rec.get("pending_conversion_id")
        if pending is not None:
            run_id = run_of_conversion(deliveries, pending)
            where = f" from run {run_id}" if run_id is not None else ""
            return "pending", sentence + f" A change is pending review (conversion {pending}{where}).", run_id
        return "approved", sentence, None
    conversion = rec.get("conversion_id")
    run_id = run_of_conversion(deliveries, conversion)
    where = f" from run {run_id}" if run_id is not None else ""
    kind = rec.get("kind")
    if status == "pending" and kind == "new":
        return (
            "pending",
            f"A new product, not in the catalogue yet: conversion {conversion}{where} awaits review.",
            run_id,
        )
    if kind == "deleted" and status in ("approved", "auto_approved"):
        return "deleted", f"Deleted from the catalogue (conversion {conversion}{where}).", run_id
    return (
        status,
        f"Not in the catalogue: its latest conversion ({conversion}{where}) is {humanize(status).lower()}.",
        run_id,
    )


def status_badge_text(rec: dict[str, Any], badge_status: str) -> str:
    if badge_status == "approved":
        return f"Approved · version {rec['version']}"
    if badge_status == "pending":
        return "Pending change" if rec["status"] == "approved" else "Pending new"
    return badges.look(badge_status).label


def status_block(rec: dict[str, Any], deliveries: pl.DataFrame) -> None:
    badge_status, sentence, run_id = status_summary(rec, deliveries)
    text, link = st.columns([4, 1], vertical_alignment="center")
    text.markdown(
        f"{badges.badge_md(badge_status, status_badge_text(rec, badge_status))} {escape_md(sentence)}"
    )
    if run_id is not None:
        with link:
            nav.run_link(run_id)


def outcome(row: dict[str, Any]) -> str:
    """What became of one delivery of a product."""
    if row.get("conversion_id") is None:
        return "No change: same content as before"
    return f"{humanize(row['kind'])} → {badges.look(row['status']).label.lower()}"


def deliveries_frame(deliveries: pl.DataFrame) -> pl.DataFrame:
    rows = deliveries.to_dicts()
    return pl.DataFrame(
        {
            "Sent": [when(r["sent_at"]) for r in rows],
            "File": [r["file"] for r in rows],
            "Run": [int(r["run_id"]) for r in rows],
            "Notification": [humanize(r["notification"]) for r in rows],
            "Line": [r["line"] for r in rows],
            "What became of it": [outcome(r) for r in rows],
            "Ingested": [when(r["started_at"]) for r in rows],
        },
        schema={
            "Sent": pl.String,
            "File": pl.String,
            "Run": pl.Int64,
            "Notification": pl.String,
            "Line": pl.Int64,
            "What became of it": pl.String,
            "Ingested": pl.String,
        },
    )


def history_panel(history: pl.DataFrame, deliveries: pl.DataFrame) -> None:
    st.subheader("Deliveries")
    if deliveries.is_empty():
        st.caption("No delivery of this product was kept.")
    else:
        st.dataframe(
            deliveries_frame(deliveries),
            hide_index=True,
            width="stretch",
            column_config={
                "Run": st.column_config.NumberColumn(format="%d"),
                "Line": st.column_config.NumberColumn(format="%d"),
            },
        )
        run_ids = list(dict.fromkeys(int(r) for r in deliveries["run_id"].to_list()))[:8]
        with st.container(horizontal=True, gap="medium"):
            for run_id in run_ids:
                nav.run_link(run_id)
    st.subheader("Approved versions")
    if history.is_empty():
        st.caption("No version of this product has been approved yet.")
        return
    rows = history.to_dicts()
    st.dataframe(
        pl.DataFrame(
            {
                "Version": [int(r["version"]) for r in rows],
                "Action": [
                    ("Deleted" if r["deleted"] else ACTIONS.get(r["action"], humanize(r["action"])))
                    for r in rows
                ],
                "Approved by": [r["approved_by"] for r in rows],
                "Approved at": [when(r["approved_at"]) for r in rows],
                "Comment": [r["comment"] or "" for r in rows],
                "Conversion": [r["conversion_id"] for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Conversion": st.column_config.NumberColumn(format="%d")},
    )


def delivery_label(row: dict[str, Any]) -> str:
    return (
        f"Run {row['run_id']} · {row['file']} · sent {when(row['sent_at'])} · "
        f"{humanize(row['notification']).lower()} · line {number(row['line'])}"
    )


def source_panel(gtin: str, deliveries: pl.DataFrame) -> None:
    """Pick a delivery, see what the converter noted about it and the XML it carried."""
    if deliveries.is_empty():
        st.info("No delivery of this product was kept, so there is no source XML to show.")
        return
    rows = deliveries.to_dicts()
    by_id = {int(r["source_id"]): r for r in rows}
    chosen = st.selectbox(
        "Delivery",
        list(by_id),
        format_func=lambda sid: delivery_label(by_id[sid]),
        key="product_source",
        help="Every delivery of this product, newest first.",
    )
    if chosen is None:
        return
    row = by_id[int(chosen)]
    notes = state.product_notes(state.data_version(), gtin, int(row["run_id"]))
    if notes.is_empty():
        st.caption("The converter repaired nothing in this delivery.")
    else:
        st.markdown(f"**Conversion notes** ({len(notes)})")
        st.dataframe(
            notes.select(
                pl.col("rule_id").alias("Rule"),
                pl.col("field").alias("Field"),
                pl.col("raw_value").alias("Sent"),
                pl.col("action").alias("Action"),
                pl.col("message").alias("What the converter did"),
                pl.col("line").alias("Line"),
            ),
            hide_index=True,
            width="stretch",
        )
    source = state.source_record(int(chosen))
    xml_view(source["raw_xml"], key=f"source_{chosen}", file_name=f"{gtin}-run{row['run_id']}.xml")


def partner_deliveries(gtin: str) -> None:
    """Where the product went: every export that carried it (or its removal) to a partner."""
    rows = state.product_exports(state.data_version(), gtin)
    st.subheader("Sent to partners")
    if not rows:
        st.caption("No export has carried this product yet. Partners receive the catalogue from the Exports screen.")
        return
    st.caption(
        "Every export that carried this product, newest first: the catalogue version it sent (or the removal) and "
        "how the export ended."
    )
    st.dataframe(
        export_view.deliveries_frame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Export": st.column_config.NumberColumn(format="%d", width="small"),
            "Version sent": st.column_config.NumberColumn(
                format="%d", width="small", help="The approved catalogue version the export carried"
            ),
            "Action": export_view.column("Action", [r["action"] for r in rows]),
            "Change": export_view.column("Change", [r["change"] for r in rows]),
            "Status": export_view.column("Status", [r["status"] for r in rows]),
        },
    )
    shown = list(dict.fromkeys((int(r["export_id"]), str(r["partner"])) for r in rows))[:8]
    with st.container(horizontal=True, gap="medium"):
        for export_id, partner in shown:
            export_view.export_link(export_id, label=f"Export {export_id} · {partner}")
