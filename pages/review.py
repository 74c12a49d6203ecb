"""Review: the queue of new, changed and deleted products that wait for a decision, a delivery's summary,
one conversion as a side-by-side diff with its risk flags, findings and source XML, and the decisions
(approve, reject; one at a time or every conversion a filter matches, after a preview).

The filters live in the address (`?status=pending&flag=price_drop&run=2&kind=changed&field=prices&
publisher=...&findings=error&gtin=...`), so a filtered queue can go into a ticket; `?conversion=ID` opens
one conversion. Decisions go through `core.review.decisions` with the signed-in actor: core checks the
role, the optimistic catalogue version and the blocking findings; this screen only says what happened.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from app import nav, state
from app.auth import current_actor
from app.components import badges, conversion_view, decision_view, diff_view, review_view
from app.components.format import DASH, escape_md, number, plural
from core.catalog import normalise_gtin
from core.errors import InvalidInput
from core.review import queue
from core.review.diffspec import compared_fields

LIMIT = 500
FILTERS = ("status", "kind", "publisher", "run", "field", "flag", "findings", "gtin")
KEYS = {name: f"review_{name}" for name in FILTERS}
ALL = ""
STATUS_LABELS = {
    "pending": "Pending",
    "approved": "Approved",
    "rejected": "Rejected",
    "superseded": "Superseded",
    "all": "Any status",
}
KIND_LABELS = {"all": "All", "new": "New", "changed": "Changed", "deleted": "Deleted"}
FINDINGS_LABELS = {
    ALL: "Any",
    "error": "With open errors",
    "warning": "With open warnings",
    "info": "With open info",
    "none": "Without open findings",
}
FIELDS = sorted(compared_fields(), key=diff_view.label)

svc = state.services()
actor = current_actor(svc.cfg)


# -- filters: the address is the truth, the form edits it ------------------------------------------


def url_values() -> dict[str, str | None]:
    return {name: st.query_params.get(name) for name in FILTERS}


def clean(values: dict[str, str | None]) -> dict[str, Any]:
    """Filter values from the address, anything unknown dropped (an old link never breaks the screen)."""
    status = values.get("status")
    kind = values.get("kind")
    run = (values.get("run") or "").strip()
    field = (values.get("field") or "").strip()
    flag = values.get("flag")
    found = values.get("findings")
    return {
        "status": status if status in STATUS_LABELS else "pending",
        "kind": kind if kind in queue.KINDS else None,
        "publisher": (values.get("publisher") or "").strip() or None,
        "run": int(run) if run.isdigit() else None,
        "field": field if field in FIELDS else None,
        "flag": flag if flag in queue.FLAGS else None,
        "findings": found if found in queue.FINDINGS else None,
        "gtin": (values.get("gtin") or "").strip() or None,
    }


def to_filter(values: dict[str, Any]) -> queue.QueueFilter:
    gtin = values["gtin"]
    if gtin is not None:
        try:
            gtin = normalise_gtin(gtin)
        except InvalidInput as e:
            st.warning(f"**{e.title}**: {escape_md(e.detail)}; the GTIN filter is ignored.", icon=":material/warning:")
            gtin = None
    return queue.QueueFilter(
        status=None if values["status"] == "all" else values["status"],
        publisher=values["publisher"],
        run_id=values["run"],
        kind=values["kind"],
        field=values["field"],
        flag=values["flag"],
        findings=values["findings"],
        gtin=gtin,
    )


def seed_from_url() -> None:
    """When the address changed (a link, the form, a selected field), the form shows what it says now."""
    wanted = url_values()
    if st.session_state.get("review_url") == wanted and all(k in st.session_state for k in KEYS.values()):
        return
    st.session_state["review_url"] = wanted
    values = clean(wanted)
    st.session_state[KEYS["status"]] = values["status"]
    st.session_state[KEYS["kind"]] = values["kind"] or "all"
    for name in ("publisher", "field", "flag", "findings"):
        st.session_state[KEYS[name]] = values[name] or ALL
    st.session_state[KEYS["run"]] = values["run"] if values["run"] is not None else 0
    st.session_state[KEYS["gtin"]] = values["gtin"] or ""
    st.session_state["review_gen"] = int(st.session_state.get("review_gen", 0)) + 1


def write_url(values: dict[str, Any]) -> None:
    defaults = {"status": "pending", "kind": "all", "run": 0}
    for name in FILTERS:
        value = values.get(name)
        if value is None or str(value).strip() == "" or defaults.get(name) == value:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = str(value).strip()


def apply_form() -> None:
    write_url({name: st.session_state.get(KEYS[name]) for name in FILTERS})


def clear_form() -> None:
    write_url({})


def run_label(runs: dict[int, dict[str, Any]], run_id: int) -> str:
    if run_id == 0:
        return "Every delivery"
    run = runs.get(run_id)
    return f"Run {run_id} · {run['file']}" if run else f"Run {run_id}"


def filter_form(values: dict[str, Any]) -> None:
    runs = {int(r["run_id"]): r for r in state.recent_runs(state.data_version(), 200).to_dicts()}
    run_options = [
        0,
        *[
            r
            for r, row in runs.items()
            if (row.get("conv_new") or 0) + (row.get("conv_changed") or 0) + (row.get("conv_deleted") or 0) > 0
        ],
    ]
    if values["run"] is not None and values["run"] not in run_options:
        run_options.append(values["run"])
    publishers = [ALL, *state.review_publishers(state.data_version())]
    if values["publisher"] and values["publisher"] not in publishers:
        publishers.append(values["publisher"])
    with st.form("review_filters", border=True, enter_to_submit=True):
        status_col, kind_col, run_col, publisher_col = st.columns([2, 4, 3, 3], vertical_alignment="bottom")
        status_col.selectbox("Status", list(STATUS_LABELS), format_func=STATUS_LABELS.__getitem__, key=KEYS["status"])
        kind_col.segmented_control(
            "Kind", list(KIND_LABELS), format_func=KIND_LABELS.__getitem__, key=KEYS["kind"], required=True
        )
        run_col.selectbox("Delivery", run_options, format_func=lambda r: run_label(runs, int(r)), key=KEYS["run"])
        publisher_col.selectbox(
            "Publisher", publishers, format_func=lambda p: "All publishers" if p == ALL else p, key=KEYS["publisher"]
        )
        field_col, flag_col, findings_col, gtin_col = st.columns([3, 3, 3, 3], vertical_alignment="bottom")
        field_col.selectbox(
            "Changed field",
            [ALL, *FIELDS],
            format_func=lambda f: "Any field" if f == ALL else diff_view.label(f),
            key=KEYS["field"],
        )
        flag_col.selectbox(
            "Risk flag",
            [ALL, *queue.FLAGS],
            format_func=lambda f: "Any (or none)" if f == ALL else review_view.flag_label(f),
            key=KEYS["flag"],
        )
        findings_col.selectbox(
            "Findings", list(FINDINGS_LABELS), format_func=FINDINGS_LABELS.__getitem__, key=KEYS["findings"]
        )
        gtin_col.text_input("GTIN", key=KEYS["gtin"], placeholder="13 digits")
        with st.container(horizontal=True, gap="small"):
            st.form_submit_button("Apply", type="primary", icon=":material/filter_alt:", on_click=apply_form)
            st.form_submit_button("Clear", icon=":material/filter_alt_off:", on_click=clear_form)


# -- the delivery summary --------------------------------------------------------------------------


def summary_section(values: dict[str, Any]) -> dict[str, dict[str, int]]:
    run_id = values["run"]
    found = state.review_summary(state.data_version(), run_id)
    kinds = found.get("kind", {})
    if run_id is None:
        st.caption(
            "**Waiting for review**, across every delivery: pending conversions by kind. Unchanged products "
            "make no conversion; pick a delivery in the filters to see how many it left unchanged."
        )
    else:
        statuses = ", ".join(f"{number(n)} {s}" for s, n in sorted(found.get("status", {}).items()))
        st.caption(
            f"**Delivery: run {run_id}**: every conversion it made, whatever its status now ({statuses or 'none'}),"
            " and the products it left as they were."
        )
    cols = st.columns(4)
    cols[0].metric("New products", number(kinds.get("new", 0)), border=True, help="Not in the catalogue yet.")
    cols[1].metric("Changed", number(kinds.get("changed", 0)), border=True, help="Differ from their catalogue record.")
    cols[2].metric("Deleted", number(kinds.get("deleted", 0)), border=True, help="The publisher withdrew them.")
    cols[3].metric(
        "Unchanged",
        number(found.get("unchanged", {}).get("unchanged", 0)) if run_id is not None else DASH,
        border=True,
        help="Delivered exactly as the catalogue has them: nothing to review."
        if run_id is not None
        else "Pick a delivery to count the products it left unchanged.",
    )
    fields, flags = found.get("field", {}), found.get("flag", {})
    if fields or flags:
        left, right = st.columns([3, 2], gap="large")
        with left:
            changed = int(kinds.get("changed", 0))
            st.markdown("**Which fields changed**")
            if fields:
                st.dataframe(
                    pl.DataFrame(
                        {
                            "Field": [diff_view.label(f) for f in fields],
                            "Changed in": list(fields.values()),
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                    height=min(38 + 35 * len(fields), 250),
                    column_config={
                        "Changed in": st.column_config.ProgressColumn(
                            format="%d", min_value=0, max_value=max(changed, *fields.values())
                        )
                    },
                )
                st.caption(f"How many of the {plural(changed, 'changed product')} change each CCF field.")
            else:
                st.caption("No changed product.")
        with right:
            st.markdown("**Risk flags**")
            if flags:
                st.markdown(
                    "  \n".join(
                        f"{review_view.flag_md(f)} **{number(n)}** · {escape_md(queue.FLAG_LABELS.get(f, f))}"
                        for f, n in flags.items()
                    )
                )
                st.caption("Filter by a flag to look at those first.")
            else:
                st.caption("No conversion carries a risk flag.")
    return found


# -- the queue -------------------------------------------------------------------------------------


def empty_queue(values: dict[str, Any], where: queue.QueueFilter) -> None:
    narrowed = where != queue.QueueFilter()
    if narrowed:
        st.info(
            f"No conversion is {escape_md(review_view.describe(where))}. Clear the filters, or pick another "
            "status: decided conversions are not pending.",
            icon=":material/search_off:",
        )
        return
    st.info(
        "No pending conversions. Ingest a feed on the Ingest screen (or drop it into "
        f"{escape_md(str(svc.cfg.inbox_dir))}): its new, changed and deleted products wait here.",
        icon=":material/inbox:",
    )
    nav.ingest_link("Go to Ingest")


def queue_section(values: dict[str, Any], where: queue.QueueFilter) -> None:
    rows = state.review_queue(state.data_version(), where, LIMIT + 1)
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        st.subheader("Queue", anchor=False, width="stretch")
        if actor.can("review"):
            tip = "Preview, then decide every pending conversion these filters match."
            if st.button("Approve all matching…", icon=":material/done_all:", key="review_bulk_approve", help=tip):
                approve_dialog(where)
            if st.button("Reject all matching…", icon=":material/block:", key="review_bulk_reject", help=tip):
                reject_dialog(where)
    if rows.is_empty():
        empty_queue(values, where)
        return
    shown = rows.head(LIMIT)
    more = rows.height > LIMIT
    st.caption(
        (
            f"The first {number(LIMIT)} conversions (more match: narrow the filters)"
            if more
            else plural(shown.height, "conversion")
        )
        + f" · {escape_md(review_view.describe(where))} · oldest first · select a row to open its diff."
    )
    frame = review_view.queue_frame(shown)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"review_queue_{st.session_state.get('review_gen', 0)}",
        height=38 + 35 * min(max(frame.height, 1), 15) + 2,
        column_order=[c for c in frame.columns if c != "Status" or where.status != "pending"],
        column_config={
            "Conversion": st.column_config.NumberColumn(format="%d", width="small"),
            "Kind": review_view.kind_column(shown["kind"].to_list()),
            "Risk flags": review_view.flags_column([f for fl in shown["flags"].to_list() for f in fl or []]),
            "Status": badges.column("Status", shown["status"].to_list()),
            "Title": st.column_config.TextColumn(width="medium"),
            "Run": st.column_config.NumberColumn(format="%d", width="small"),
        },
    )
    if event is not None and event.selection.rows:
        st.query_params["conversion"] = str(frame["Conversion"][event.selection.rows[0]])
        st.rerun()
    if not actor.can("review"):
        decision_view.cannot_decide(actor)


@st.dialog("Approve all matching", width="large", icon=":material/done_all:")
def approve_dialog(where: queue.QueueFilter) -> None:
    decision_view.bulk_body(svc.db, actor, "approve", where)


@st.dialog("Reject all matching", width="large", icon=":material/block:")
def reject_dialog(where: queue.QueueFilter) -> None:
    decision_view.bulk_body(svc.db, actor, "reject", where)


# -- one conversion --------------------------------------------------------------------------------


def close_conversion() -> None:
    st.query_params.pop("conversion", None)


def selected_conversion() -> int | None:
    return nav.selected_id("conversion")


def open_conversion(conversion_id: int) -> None:
    st.query_params["conversion"] = str(conversion_id)


def next_pending(conversion_id: int) -> int | None:
    """The next pending conversion of the filtered queue (after this one, else the first)."""
    values = clean(url_values())
    where = to_filter({**values, "status": "pending"})
    ids = [int(i) for i in state.review_queue(state.data_version(), where, LIMIT)["conversion_id"].to_list()]
    ids = [i for i in ids if i != conversion_id]
    later = [i for i in ids if i > conversion_id]
    return (later or ids or [None])[0]


def conversion_page(conversion_id: int) -> None:
    st.button("Review queue", icon=":material/arrow_back:", on_click=close_conversion, type="tertiary")
    row = nav.opened("conversion", conversion_id, lambda i: state.review_conversion(state.data_version(), i))
    if row is None:
        return
    conversion_view.header(row)
    decision_view.show_flash()
    left, right = st.columns([3, 2], gap="large")
    with left:
        conversion_view.flags(row)
        conversion_view.findings(row)
    with right, st.container(border=True):
        decision_view.decision_panel(svc.db, actor, row)
        following = next_pending(conversion_id) if row["status"] != "pending" else None
        if following is not None:
            st.button(
                f"Next pending: conversion {following}",
                icon=":material/arrow_forward:",
                key="review_next",
                on_click=open_conversion,
                args=(following,),
            )
    conversion_view.changes(row)
    conversion_view.source(row)
    with st.container(horizontal=True, gap="medium"):
        nav.product_link(str(row["gtin"]), label="Open the product in the Catalogue")
        if row["run_id"] is not None:
            nav.run_link(int(row["run_id"]))
    st.caption(f"Link to this conversion: {nav.share_url(nav.REVIEW_PATH, conversion=conversion_id)}")


# -- the screen ------------------------------------------------------------------------------------

conversion_id = selected_conversion()
if conversion_id is not None:
    conversion_page(conversion_id)
else:
    st.title("Review")
    st.caption(
        "Every new, changed or deleted product of a delivery waits here for a decision. Approving writes the "
        "catalogue (only if its record is still the one the change was compared with); rejecting keeps it as "
        "it is. Open a conversion to read its diff."
    )
    decision_view.show_flash()
    seed_from_url()
    values = clean(url_values())
    where = to_filter(values)
    summary_section(values)
    filter_form(values)
    queue_section(values, where)
    if where != queue.QueueFilter():
        st.caption(
            f"Link to this view: {nav.share_url(nav.REVIEW_PATH, **{k: v for k, v in url_values().items() if v})}"
        )
