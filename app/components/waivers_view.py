"""Waivers as reviewers handle them: the form that waives a rule for a product or for a publisher (with a
reason and an expiry), the table of waivers with their state, and the button that ends one.

Every action calls `core.checks.waivers` with the signed-in actor; core refuses what the role does not
allow, and the forms are not shown to a role that cannot waive. The outcome of an action is kept for the
next run of the page (`flash`), so it survives the rerun that shows its effect.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
import streamlit as st

from app.components import badges
from app.components.format import DASH, escape_md, plural, when
from core.auth import Actor
from core.checks import waivers
from core.db import Database
from core.errors import ConsoleError
from core.quality import end_of_day

DEFAULT_DAYS = 90
FLASH = "quality_flash"


def flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    """The outcome of the last waiver action, once."""
    kind, text = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(text, icon=":material/error:")


def cannot_waive(actor: Actor) -> None:
    st.info(
        f"You are signed in as **{escape_md(actor.name)}** with the role **{actor.role}**, which can read "
        "findings and waivers but cannot waive or expire them. Ask an admin for the reviewer role.",
        icon=":material/lock:",
    )


def expiry_input(key: str) -> date | None:
    """The last day a waiver is in force (None: until someone ends it)."""
    today = datetime.now(UTC).date()
    forever = st.checkbox("No expiry", key=f"{key}_forever", help="The waiver stays until someone ends it.")
    until = st.date_input(
        "Waived until (inclusive)",
        value=today + timedelta(days=DEFAULT_DAYS),
        min_value=today,
        key=f"{key}_until",
        help="The finding counts again after this day (UTC). Ignored with “No expiry”.",
    )
    return None if forever else (until if isinstance(until, date) else None)


def create(
    db: Database,
    actor: Actor,
    *,
    rule_id: str,
    reason: str,
    product_key: str | None,
    publisher: str | None,
    until: date | None,
) -> int | None:
    """Create the waiver through core; the outcome goes to the flash. Returns its id when it was made."""
    try:
        waiver_id = waivers.create(
            db,
            actor,
            rule_id=rule_id,
            reason=reason,
            product_key=product_key,
            publisher=publisher,
            expires_at=end_of_day(until) if until else None,
        )
    except ConsoleError as e:
        flash("error", f"**{e.title}**: {e.detail}")
        return None
    subject = f"product {product_key}" if product_key else f"every product of {publisher}"
    expiry = f"until {until.isoformat()}" if until else "with no expiry"
    flash("success", f"Waiver {waiver_id} created: {rule_id} is waived for {escape_md(subject)}, {expiry}.")
    return waiver_id


def expire(db: Database, actor: Actor, waiver_id: int) -> None:
    """End a waiver now (a button's callback)."""
    try:
        waivers.revoke(db, actor, waiver_id)
    except ConsoleError as e:
        flash("error", f"**{e.title}**: {e.detail}")
        return
    flash("success", f"Waiver {waiver_id} ended: its findings count again.")


def waive_finding_form(db: Database, actor: Actor, finding: dict[str, Any]) -> None:
    """Waive one finding's rule for its product, or for every product of its publisher."""
    rule_id = str(finding["rule_id"])
    product_key = finding.get("product_key")
    publisher = finding.get("publisher")
    if not product_key:
        st.caption(
            "This finding names no product (it is about the file, or about a product that could not be "
            "converted): there is nothing to waive it for. Fix the feed and deliver it again."
        )
        return
    scopes = ["product"] + (["publisher"] if publisher else [])
    with st.form(f"waive_finding_{finding['finding_id']}", border=False):
        scope = st.radio(
            "Waive for",
            scopes,
            format_func=lambda s: (
                f"this product only ({product_key})" if s == "product" else f"every product of {publisher}"
            ),
            key="waive_scope",
        )
        reason = st.text_area(
            "Reason",
            key="waive_reason",
            placeholder="Why this finding is acceptable (kept with the waiver for the audit)",
            height=80,
        )
        until = expiry_input("waive")
        submitted = st.form_submit_button(f"Waive {rule_id}", type="primary", icon=":material/do_not_disturb_on:")
    if submitted:
        create(
            db,
            actor,
            rule_id=rule_id,
            reason=reason,
            product_key=str(product_key) if scope == "product" else None,
            publisher=str(publisher) if scope == "publisher" else None,
            until=until,
        )
        st.rerun()  # the page shows the outcome (the flash) and the finding's new state


def waiver_in_force(db: Database, actor: Actor, waiver: dict[str, Any] | None, waiver_id: int) -> None:
    """The waiver that silences a finding, with the button that ends it."""
    if waiver is None:
        st.markdown(f"Silenced by waiver {waiver_id}.")
    else:
        subject = (
            f"product {waiver['product_key']}"
            if waiver.get("product_key")
            else f"every product of {waiver['publisher']}"
        )
        st.markdown(
            f"{badges.badge_md('waived')} by waiver {waiver_id} for {escape_md(subject)}, created by "
            f"{escape_md(waiver['created_by'])} on {when(waiver['created_at'])}, "
            f"{'until ' + when(waiver['expires_at']) if waiver.get('expires_at') else 'with no expiry'}."
        )
        st.markdown(f"**Reason:** {escape_md(waiver['reason'])}")
    if actor.can("waive"):
        st.button(
            f"Expire waiver {waiver_id}",
            key=f"expire_{waiver_id}",
            icon=":material/event_busy:",
            on_click=expire,
            args=(db, actor, waiver_id),
            help="End the waiver now: its findings count (and block) again.",
        )


def table_frame(listing: pl.DataFrame) -> pl.DataFrame:
    rows = listing.to_dicts()
    return pl.DataFrame(
        {
            "Waiver": [int(r["waiver_id"]) for r in rows],
            "State": [badges.cell(r["state"]) for r in rows],
            "Rule": [r["rule_id"] for r in rows],
            "For": [f"product {r['product_key']}" if r["product_key"] else f"publisher {r['publisher']}" for r in rows],
            "Reason": [r["reason"] for r in rows],
            "By": [r["created_by"] for r in rows],
            "Created": [when(r["created_at"]) for r in rows],
            "Until": [when(r["expires_at"]) if r["expires_at"] else "no expiry" for r in rows],
            "Ended": [f"{when(r['revoked_at'])} by {r['revoked_by']}" if r["revoked_at"] else DASH for r in rows],
            "Silences": [int(r["silences"]) for r in rows],
        },
        schema_overrides={"State": pl.List(pl.String), "Waiver": pl.Int64, "Silences": pl.Int64},
    )


def caption(listing: pl.DataFrame) -> str:
    active = int((listing["state"] == "active").sum()) if listing.height else 0
    return f"{plural(listing.height, 'waiver')}, {active} in force · select a row to see it or end it."
