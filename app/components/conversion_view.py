"""One conversion as a reviewer reads it: its header (kind, status); its risk flags and the product's
findings, with links to Quality; what it changes (the side-by-side diff, or the record a new product adds, or
the one a delete removes) with the unchanged fields folded; and the source XML as delivered, folded and
loaded only when opened.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from app import nav, state
from app.components import badges, diff_view, review_view
from app.components.format import escape_md, number, plural, when
from app.components.xml_view import xml_view
from core.checks.catalogue import rules
from core.checks.findings import Filters
from core.errors import ConsoleError


def header(row: dict[str, Any]) -> None:
    st.title(escape_md(row["title"]) if row.get("title") else f"Product {row['gtin']}", anchor=False)
    st.markdown(f"{review_view.kind_md(row['kind'])} {badges.badge_md(row['status'])}")
    st.caption(
        f"GTIN {row['gtin']} · {escape_md(row['publisher'] or 'publisher unknown')} · conversion "
        f"{row['conversion_id']} from run {row['run_id']}, received {when(row['created_at'])}"
    )


def flags(row: dict[str, Any]) -> None:
    st.subheader("Risk flags", anchor=False)
    if row["flags"]:
        st.markdown(review_view.flag_meanings(row["flags"]))
    else:
        st.caption("None: no identity change on sale, price cut, market removed, delete or other sender.")


def findings(row: dict[str, Any]) -> None:
    st.subheader("Findings", anchor=False)
    found = state.finding_search(state.data_version(), Filters(gtin=str(row["gtin"])), 200)
    current = [f for f in found.to_dicts() if f["status"] != "resolved"]
    if not current:
        st.caption("No open finding: the product's latest check passed every rule.")
        return
    st.caption(
        "The product's findings from its latest check. An error no waiver silences blocks approval; "
        "warnings and info do not."
    )
    catalogue = rules()
    for f in current:
        text, link = st.columns([4, 1], vertical_alignment="center")
        rule = catalogue.get(str(f["rule_id"]))
        waived = f" {badges.badge_md('waived')}" if f["waived"] else ""
        text.markdown(
            f"{badges.badge_md(f['severity'])}{waived} **{f['rule_id']}** {escape_md(rule.title if rule else '')}  \n"
            f"{escape_md(f['message'])}"
        )
        with link:
            nav.finding_link(int(f["finding_id"]), label="Open")
    nav.quality_link("All its findings on Quality", gtin=str(row["gtin"]), status="all", icon=":material/list:")


def changes(row: dict[str, Any]) -> None:
    cid = int(row["conversion_id"])
    records = state.review_records_of(state.data_version(), cid)
    st.subheader("What changes", anchor=False)
    if row["kind"] == "new":
        st.caption("A new product: nothing in the catalogue to compare with. Approving adds this record.")
        if records.delivered is not None:
            frame, empty = diff_view.unchanged_frame(records.delivered, [])
            st.dataframe(frame, hide_index=True, width="stretch", height=38 + 35 * max(frame.height, 1))
            if empty:
                st.caption(f"Empty: {escape_md(', '.join(empty))}.")
        return
    if row["kind"] == "deleted":
        st.warning(
            "The publisher deleted this product: approving removes it from the catalogue (its history keeps every "
            "version) and partners receive a delete.",
            icon=":material/delete:",
        )
        if records.base is not None:
            with st.expander(f"The record that leaves the catalogue (version {records.base_version})"):
                frame, _ = diff_view.unchanged_frame(records.base, [])
                st.dataframe(frame, hide_index=True, width="stretch")
        return
    found = state.review_changes(state.data_version(), cid)
    if not found:
        st.caption("No field-level change was recorded for this conversion.")
        return
    tops = diff_view.changed_fields(found)
    st.caption(
        f"{plural(len(found), 'change')} in {plural(len(tops), 'field')}: "
        f"{escape_md(', '.join(diff_view.label(t) for t in tops))}. List items are matched by identity (a price by "
        "type, currency and countries; a contributor by role and name), so a reordered list is not a change."
    )
    diff_view.diff_table(
        found,
        before=f"Before · catalogue version {row['base_version']}",
        after=f"After · this delivery (run {row['run_id']})",
    )
    record = records.delivered or records.base
    if record is not None:
        frame, empty = diff_view.unchanged_frame(record, tops)
        with st.expander(f"Unchanged fields ({frame.height} with a value)", icon=":material/unfold_more:"):
            st.dataframe(frame, hide_index=True, width="stretch")
            if empty:
                st.caption(f"Empty in both: {escape_md(', '.join(empty))}.")


def source(row: dict[str, Any]) -> None:
    cid = int(row["conversion_id"])
    deliveries = state.product_deliveries(state.data_version(), str(row["gtin"]))
    mine = deliveries.filter(pl.col("conversion_id") == cid).to_dicts()
    if not mine:
        st.caption("No source XML was kept for this conversion.")
        return
    delivery = mine[0]
    box = st.expander(
        f"Source XML as delivered · run {delivery['run_id']}, {escape_md(delivery['file'])}, line "
        f"{number(delivery['line'])}",
        icon=":material/code:",
        key=f"review_xml_{cid}",
        on_change="rerun",
    )
    if not box.open:
        return
    with box:
        try:
            source = state.source_record(int(delivery["source_id"]))
        except ConsoleError as e:
            st.warning(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/warning:")
            return
        xml_view(source["raw_xml"], key=f"review_source_{cid}", file_name=f"{row['gtin']}-run{delivery['run_id']}.xml")
