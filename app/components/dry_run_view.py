"""A dry run as people read it: the counts, what would change at the partner, the products that would go,
and those held back with the rule and finding behind each (linked to the Quality screen).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import nav
from app.components import export_view
from app.components.format import escape_md, number, plural, when
from core.exports.run import Plan


def products(plan: Plan) -> None:
    st.subheader("What would go", anchor=False)
    if plan.products == 0 and plan.mode == "delta":
        st.success(
            "Nothing to send: the partner already has every eligible product at its current version. A full "
            "export would send them all again.",
            icon=":material/check_circle:",
        )
        return
    if plan.products == 0:
        st.info(
            "Nothing is eligible: the profile selects no product that can go now (see what is held back below).",
            icon=":material/info:",
        )
        return
    shown = len(plan.sample)
    st.caption(
        (f"The first {number(shown)} of {plural(plan.products, 'product')}" if shown < plan.products else
         f"All {plural(plan.products, 'product')}")
        + ": removals first, then additions, changes and the unchanged. Versions are the catalogue's approved "
        "versions the export would pin."
    )  # fmt: skip
    frame = export_view.plan_frame(plan.sample)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="exports_plan_table",
        column_config={
            "Change": export_view.column("Change", [r["change"] for r in plan.sample]),
            "Action": export_view.column("Action", [r["action"] for r in plan.sample]),
            "Version": st.column_config.NumberColumn(format="%d", width="small"),
            "Title": st.column_config.TextColumn(width="large"),
        },
    )


def blocked(plan: Plan, findings: list[dict[str, Any]]) -> None:
    """What the export holds back and why, with links to each product and to the findings behind it."""
    held = plan.blocked
    st.subheader(f"Held back ({number(plan.counts.get('blocked', len(held)))})", anchor=False)
    if not held:
        st.caption("Nothing is held back: every product the profile selects is eligible.")
        return
    st.caption(
        "Products the profile selects that the export holds back: the channel rule (Q37: sales restrictions and "
        "embargoes of the partner's channel) or open findings of rules that block for this partner. Fix the feed "
        "or waive the finding on the Quality screen, and the next export sends them. Pick a row for its links."
    )
    frame = export_view.blocked_frame(held, findings)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="exports_blocked_table",
        column_config={
            "Why": st.column_config.TextColumn(width="medium"),
            "Findings": st.column_config.TextColumn(width="large"),
        },
    )
    rows = event.selection.rows if event is not None else []
    chosen = held[rows[0]] if rows else held[0]
    gtin = str(chosen["product_key"])
    found = [f for f in findings if str(f["product_key"]) == gtin]
    with st.container(horizontal=True, gap="medium"):
        nav.product_link(gtin, label=f"{gtin} in the Catalogue")
        for f in found[:4]:
            nav.finding_link(int(f["finding_id"]), label=f"{f['rule_id']} finding {f['finding_id']}")
        for rule in [r.strip() for r in str(chosen.get("rules") or "").split(",") if r.strip()][:3]:
            nav.quality_link(f"{rule} on Quality", rule=rule, gtin=gtin, status="all", icon=":material/list:")


def show(dry: dict[str, Any], last: dict[str, Any] | None) -> None:
    """A dry run kept in the session (`plan`, `findings`, `at`), against the partner's last delivery."""
    plan: Plan = dry["plan"]
    st.markdown(
        f"**Dry run** of {escape_md(plan.partner)} at {when(dry['at'])} · profile version {plan.profile_version} · "
        f"{plan.mode} · {plural(int(plan.counts.get('selected', 0)), 'product')} selected by the profile"
    )
    export_view.counts_row(plan.counts)
    st.markdown(escape_md(export_view.since_last(plan, last)))
    products(plan)
    blocked(plan, dry["findings"])
