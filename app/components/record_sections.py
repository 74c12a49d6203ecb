"""The detailed parts of a CCF record: rights, prices, chapters, related products, identifiers, origin.

Tables are Polars frames with readable column names and no index; long country lists are counted first
and listed in an expander.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import nav, state
from app.components.format import (
    DASH,
    clock,
    countries,
    country,
    duration,
    escape_md,
    humanize,
    number,
    plural,
    when,
    yes_no,
)
from core.ccf import codes
from core.ccf.model import CCFRecord

LIST_INLINE = 12
"""Country lists up to this length are written out; longer ones go into an expander."""


def _country_list(label: str, codes_: list[str], *, key: str) -> None:
    if not codes_:
        st.markdown(f"**{label}:** none")
        return
    if len(codes_) == len(codes.countries()):
        st.markdown(f"**{label}:** worldwide (all {len(codes_)} countries)")
        return
    if len(codes_) <= LIST_INLINE:
        st.markdown(
            f"**{label}:** {plural(len(codes_), 'country', 'countries')}: {escape_md(countries(codes_))}"
        )
        return
    st.markdown(f"**{label}:** {plural(len(codes_), 'country', 'countries')}")
    with st.expander(f"{label}: all {len(codes_)} countries", key=key):
        st.markdown(escape_md(", ".join(f"{country(c)} ({c})" for c in codes_)))


def rights(rec: CCFRecord) -> None:
    st.subheader("Rights and availability")
    r = rec.sales_rights
    left, right = st.columns(2, gap="large")
    with left:
        _country_list("For sale in", r.for_sale, key="rights_for_sale")
        _country_list("Not for sale in", r.not_for_sale, key="rights_not_for_sale")
        st.markdown(f"**Exclusive rights:** {yes_no(r.exclusive)}")
    with right:
        restrictions = ", ".join(humanize(x) for x in rec.restrictions) if rec.restrictions else "none"
        st.markdown(f"**Sales restrictions:** {escape_md(restrictions)}")
        embargo = [
            (name, value)
            for name, value in (
                ("Sales", rec.embargo.sales),
                ("Pre-order", rec.embargo.preorder),
                ("Streaming", rec.embargo.streaming),
                ("Subscription", rec.embargo.subscription),
            )
            if value is not None
        ]
        if embargo:
            st.markdown("**Embargo:** " + ", ".join(f"{name} from {when(value)}" for name, value in embargo))
        else:
            st.markdown("**Embargo:** none")


def prices_frame(rec: CCFRecord) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Price": [p.amount for p in rec.prices],
            "Currency": [p.currency or DASH for p in rec.prices],
            "Type": [humanize(p.price_type) for p in rec.prices],
            "Tax included": [yes_no(p.tax_included) for p in rec.prices],
            "Countries": [countries(p.countries, limit=6) for p in rec.prices],
            "Availability": [humanize(p.availability) for p in rec.prices],
            "Valid from": [when(p.valid_from) if p.valid_from else "" for p in rec.prices],
            "Valid until": [when(p.valid_until) if p.valid_until else "" for p in rec.prices],
        },
        schema={
            k: pl.String
            for k in (
                "Price",
                "Currency",
                "Type",
                "Tax included",
                "Countries",
                "Availability",
                "Valid from",
                "Valid until",
            )
        },
    )


def prices(rec: CCFRecord) -> None:
    st.subheader("Prices")
    if not rec.prices:
        st.caption("No prices were sent.")
        return
    st.dataframe(prices_frame(rec), hide_index=True, width="stretch")


def chapters(rec: CCFRecord) -> None:
    if not rec.chapters:
        return
    total = sum(c.duration_seconds or 0 for c in rec.chapters)
    label = f"Chapters ({len(rec.chapters)}, {duration(total)} in total)"
    with st.expander(label, icon=":material/format_list_numbered:"):
        st.dataframe(
            pl.DataFrame(
                {
                    "#": [c.number for c in rec.chapters],
                    "Title": [c.title or DASH for c in rec.chapters],
                    "Starts at": [clock(c.start_seconds) for c in rec.chapters],
                    "Length": [clock(c.duration_seconds) for c in rec.chapters],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def related(rec: CCFRecord) -> None:
    st.subheader("Related products")
    if not rec.related:
        st.caption("No related products were sent.")
        return
    known = state.known_products(state.data_version(), tuple(r.gtin for r in rec.related if r.gtin))
    lines = []
    for r in rec.related:
        form = codes.label(150, r.form) if r.form else None
        text = f"{humanize(r.relation)}" + (f" · {form}" if form else "")
        if r.gtin and r.gtin in known:
            nav.product_link(r.gtin, label=f"{r.gtin} · {text}", icon=":material/link:")
        else:
            lines.append(f"- {r.gtin or 'no GTIN'} · {escape_md(text)}")
    if lines:
        st.markdown("\n".join(lines))
        st.caption("Products not in this console are listed without a link.")


def identifiers(rec: CCFRecord) -> None:
    st.subheader("Identifiers")
    if not rec.identifiers:
        st.caption("No identifiers beyond the GTIN.")
        return
    st.dataframe(
        pl.DataFrame(
            {"Type": [humanize(i.type) for i in rec.identifiers], "Value": [i.value for i in rec.identifiers]}
        ),
        hide_index=True,
        width="stretch",
    )


def provenance(rec: CCFRecord) -> None:
    p = rec.provenance
    release = f"ONIX {p.onix_release}" if p.onix_release else humanize(p.source_format)
    parts = [
        f"Converted from {release}" + (f", {p.tag_style} tags" if p.tag_style else ""),
        f"sent by {rec.sender}" if rec.sender else None,
        f"on {when(p.sent_at)}" if p.sent_at else None,
        f"feed {p.feed_id}, line {number(p.line)}" if p.feed_id is not None else None,
        f"notification: {humanize(rec.notification).lower()}",
        f"CCF {rec.ccf_version}",
    ]
    st.caption(escape_md(" · ".join(x for x in parts if x)))
