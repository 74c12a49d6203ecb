"""Catalogue: find a product, and read its record, its review status, its deliveries and its source XML.

`?gtin=...` opens one product directly; `?status=pending` opens the search on the new products pending review.
"""

from __future__ import annotations

import json
import math

import polars as pl
import streamlit as st

from app import nav, state
from app.components import badges
from app.components.format import DASH, duration, escape_md, language, number, partial_date, plural
from app.components.jobs_panel import jobs_panel
from app.components.product_view import history_panel, partner_deliveries, source_panel, status_block
from app.components.record_view import record_header, record_view
from core.catalog import normalise_gtin
from core.errors import ConsoleError

PAGE_SIZE = 25
STATUSES = {"all": "All", "approved": "Approved", "pending": "Pending new"}

svc = state.services()


def close_product() -> None:
    st.query_params.pop("gtin", None)


def first_page() -> None:
    """A new search starts on its first page (dropping the pager's state resets it)."""
    st.session_state.pop("catalog_page", None)


# -- search ----------------------------------------------------------------------------------------


def counts_row() -> dict[str, int]:
    counts = state.counts(state.data_version())
    cols = st.columns(4)
    cols[0].metric(
        "Products in the catalogue",
        number(counts["products"]),
        border=True,
        help="Approved products, one current record each.",
    )
    cols[1].metric(
        "Conversions pending review",
        number(counts["pending"]),
        border=True,
        help="New, changed and deleted products waiting for a reviewer.",
    )
    cols[2].metric("Ingest runs", number(counts["runs"]), border=True)
    cols[3].metric("Distinct feed files", number(counts["feeds"]), border=True)
    return counts


def status_from_url() -> None:
    """`catalog?status=pending` (the Overview's link) opens the search on that filter; the form rules after."""
    wanted = st.query_params.get("status")
    if wanted is not None:
        del st.query_params["status"]
        if wanted in STATUSES:
            st.session_state["catalog_status"] = wanted
            first_page()


def search_form() -> tuple[str | None, str | None]:
    status_from_url()
    with st.form("catalog_search", border=False, enter_to_submit=True):
        text_col, status_col, button_col = st.columns([5, 3, 1], vertical_alignment="bottom")
        text = text_col.text_input(
            "Search",
            key="catalog_q",
            placeholder="Title, author or narrator, publisher, imprint, or GTIN",
            icon=":material/search:",
            persist_state="page",
        )
        status = status_col.segmented_control(
            "Show",
            list(STATUSES),
            format_func=STATUSES.__getitem__,
            default="all",
            key="catalog_status",
            required=True,
            persist_state="page",
        )
        button_col.form_submit_button("Search", type="primary", on_click=first_page, width="stretch")
    return (text or None), (None if status in (None, "all") else status)


def languages_cell(codes: str | None) -> str:
    seen = list(dict.fromkeys((codes or "").split()))
    return ", ".join(language(c) for c in seen) or DASH


def results_frame(rows: pl.DataFrame) -> pl.DataFrame:
    data = rows.to_dicts()
    return pl.DataFrame(
        {
            "Title": [r["title"] or DASH for r in data],
            "Authors": [r["authors"] or DASH for r in data],
            "Narrators": [r["narrators"] or DASH for r in data],
            "Publisher": [r["publisher"] or DASH for r in data],
            "Imprint": [r["imprint"] or DASH for r in data],
            "Duration": [duration(r["duration_seconds"]) for r in data],
            "Published": [partial_date(r["publication_date"]) for r in data],
            "Languages": [languages_cell(r["languages"]) for r in data],
            "Status": [badges.cell(r["status"]) for r in data],
            "Version": [r["version"] for r in data],
            "GTIN": [r["product_key"] for r in data],
        },
        schema_overrides={"Status": pl.List(pl.String), "Version": pl.Int64},
    )


def table_height(rows: int) -> int:
    """Tall enough to show every row of a page without an inner scroll bar."""
    return 38 + 35 * max(rows, 1) + 2


def search_page() -> None:
    counts = counts_row()
    seed = svc.runner.get(svc.seed_job) if svc.seed_job else None
    seeding = seed is not None and not seed.finished
    if seeding and counts["products"] == 0:
        st.info(
            "First start: the sample feeds are being ingested into a demo catalogue. "
            "It appears here when the job above ends.",
            icon=":material/hourglass_top:",
        )
        return
    if counts["products"] == 0 and counts["pending"] == 0:
        st.info(
            "The catalogue is empty: ingest a feed on the Ingest screen, or drop it into "
            f"{svc.cfg.inbox_dir}.",
            icon=":material/inbox:",
        )
        st.page_link(nav.INGEST, label="Go to Ingest", icon=":material/input:")
        return
    text, status = search_form()
    page = int(st.session_state.get("catalog_page") or 1)
    rows = state.search(state.data_version(), text, status, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    if rows.is_empty() and page > 1:
        page = 1
        first_page()
        rows = state.search(state.data_version(), text, status, PAGE_SIZE, 0)
    if rows.is_empty():
        what = f"“{escape_md(text)}”" if text else "this filter"
        widen = f" or show all products instead of {STATUSES[status].lower()} ones" if status else ""
        st.info(
            f"No product matches {what}. Try part of a title, a contributor's name, a publisher or imprint, "
            f"or a full GTIN{widen}.",
            icon=":material/search_off:",
        )
        return
    total = int(rows["total"][0])
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(
        f"{plural(total, 'product')}"
        + (f" matching “{escape_md(text)}”" if text else "")
        + f" · showing {number(first)}–{number(first + len(rows) - 1)} · select a row to open the product."
    )
    frame = results_frame(rows)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="catalog_results",
        height=table_height(len(frame)),
        column_config={
            "Title": st.column_config.TextColumn(width="medium"),
            "Status": badges.column("Status", ["approved", "pending"], pending="Pending new"),
            "Version": st.column_config.NumberColumn(
                format="%d", width="small", help="Approved catalogue version"
            ),
        },
    )
    pages = math.ceil(total / PAGE_SIZE)
    if pages > 1:
        st.pagination(pages, key="catalog_page", persist_state="page")
    if event is not None and event.selection.rows:
        st.query_params["gtin"] = frame["GTIN"][event.selection.rows[0]]
        st.rerun()


# -- one product -----------------------------------------------------------------------------------


def product_page(raw: str) -> None:
    st.button("Back to search", icon=":material/arrow_back:", on_click=close_product, type="tertiary")
    try:
        gtin = normalise_gtin(raw)
        rec = state.product(state.data_version(), gtin)
    except ConsoleError as e:
        st.warning(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/search_off:")
        return
    # Keep the address bar in step with what is shown (normalised, and written even after a page link).
    st.query_params["gtin"] = gtin
    version = state.data_version()
    deliveries = state.product_deliveries(version, gtin)
    history = state.product_history(version, gtin)
    ccf = rec.get("ccf")
    if ccf is not None:
        record_header(ccf)
    else:
        st.title(f"Product {gtin}")
    status_block(rec, deliveries)
    nav.quality_link("Quality findings of this product", gtin=gtin, status="all")
    record_tab, source_tab, history_tab, json_tab = st.tabs(
        ["Record", "Source XML", f"History ({plural(len(deliveries), 'delivery', 'deliveries')})", "CCF JSON"]
    )
    with record_tab:
        if ccf is None:
            st.info("This product has no current record: it was deleted. Its history keeps every version.")
        else:
            record_view(ccf)
    with source_tab:
        source_panel(gtin, deliveries)
    with history_tab:
        history_panel(history, deliveries)
        partner_deliveries(gtin)
    with json_tab:
        if ccf is None:
            st.caption("No record.")
        else:
            data = ccf.model_dump(mode="json")
            st.download_button(
                "Download JSON",
                json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"),
                file_name=f"{gtin}.ccf.json",
                mime="application/json",
                icon=":material/download:",
                on_click="ignore",
            )
            st.json(data, expanded=1)
    st.caption(f"Link to this product: {nav.share_url(nav.CATALOG_PATH, gtin=gtin)}")


# -- the screen ------------------------------------------------------------------------------------

gtin_param = st.query_params.get("gtin")
if gtin_param is None:
    st.title("Catalogue")
    st.caption(
        "Every product the console knows: the approved catalogue, and new products that so far exist only as "
        "conversions waiting for review."
    )
jobs_panel(svc.runner, key="catalog_jobs", kinds=("seed",), finished=0 if gtin_param else 1)
if gtin_param is None:
    search_page()
else:
    product_page(gtin_param)
