"""Deciding conversions on the screen: the decision panel of one conversion, the body of a bulk decision's
confirmation (its preview, a comment, the button), and what a decision did, in words.

Every decision goes through `core.review.decisions` with the signed-in actor: core checks the role, the
catalogue version the change was compared with, and the findings that block approval; these functions only
ask and report. The outcome is kept in the session for the page run that follows (`show_flash`), so it
survives the rerun that shows the decision's effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
import streamlit as st

from app import state
from app.components import badges, review_view
from app.components.format import DASH, escape_md, plural, when
from core.auth import Actor
from core.db import Database
from core.errors import ConsoleError
from core.review import decisions, history, queue

FLASH = "review_flash"
NAMED = 50
"""A bulk decision's report names this many conversions with their reasons; the rest are counted."""
REJECT_NEEDS_COMMENT = (
    "**A rejection needs a comment.** Say why in the comment box (the publisher's mistake, what to fix): "
    "the audit trail keeps it with the decision."
)


@dataclass
class Outcome:
    """What a decision did, with the words to say it."""

    action: str
    applied: list[int] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)
    """Approved conversion -> the catalogue version it became (for a single decision)."""
    superseded: dict[int, str] = field(default_factory=dict)
    blocked: dict[int, list[str]] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    unknown: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    error: str | None = None


def _name(outcome: Outcome, conversion_id: int) -> str:
    return outcome.names.get(conversion_id) or f"conversion {conversion_id}"


def outcome_lines(outcome: Outcome) -> list[tuple[str, str]]:
    """(kind, Markdown) lines: success, warning or error, most important first."""
    if outcome.error:
        return [("error", outcome.error)]
    lines: list[tuple[str, str]] = []
    rejecting = outcome.action == "reject"
    done = "Rejected" if rejecting else "Approved"
    if len(outcome.applied) == 1:
        [cid] = outcome.applied
        version = outcome.versions.get(cid)
        if rejecting:
            where = ": the catalogue stays as it was"
        else:
            where = f": the catalogue now holds it as version {version}" if version is not None else ""
        lines.append(("success", f"{done} {escape_md(_name(outcome, cid))}{where}."))
    elif outcome.applied:
        what = "the catalogue stays as it was" if rejecting else "each is now the product's catalogue record"
        lines.append(("success", f"{done} {plural(len(outcome.applied), 'conversion')}: {what}."))
    for cid, reason in sorted(outcome.superseded.items()):
        lines.append(("warning", f"Superseded, not applied: {escape_md(_name(outcome, cid))}: {escape_md(reason)}."))
    for cid, rules in sorted(outcome.blocked.items()):
        lines.append(
            (
                "warning",
                f"Blocked, still pending: {escape_md(_name(outcome, cid))} has open error findings "
                f"({escape_md(', '.join(rules))}) that no waiver silences. Waive the rule on the Quality screen, "
                "or wait for a corrected delivery.",
            )
        )
    for cid, status in sorted(outcome.skipped.items()):
        lines.append(("warning", f"Skipped: {escape_md(_name(outcome, cid))} was no longer pending ({status})."))
    if outcome.unknown:
        lines.append(("warning", f"Unknown conversions, ignored: {', '.join(str(i) for i in outcome.unknown)}."))
    if not lines:
        lines.append(("warning", "Nothing was decided: no conversion was pending."))
    return lines


def show_outcome(outcome: Outcome, limit: int = 8) -> None:
    lines = outcome_lines(outcome)
    for kind, text in lines[:limit]:
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        elif kind == "error":
            st.error(text, icon=":material/error:")
        else:
            st.warning(text, icon=":material/warning:")
    if len(lines) > limit:
        with st.expander(f"{len(lines) - limit} more conversions were not applied"):
            st.markdown("\n".join(f"- {text}" for _, text in lines[limit:]))


def show_flash() -> None:
    """The outcome of the last decision, once."""
    outcome = st.session_state.pop(FLASH, None)
    if isinstance(outcome, Outcome):
        show_outcome(outcome)


def cannot_decide(actor: Actor) -> None:
    st.info(
        f"You are signed in as **{escape_md(actor.name)}** with the role **{actor.role}**, which can read the "
        "queue but cannot approve or reject. Ask an admin for the reviewer role.",
        icon=":material/lock:",
    )


# -- deciding --------------------------------------------------------------------------------------


def _named(db: Database, conversion_id: int) -> tuple[str, dict[str, Any] | None]:
    try:
        row = queue.conversion(db, conversion_id)
    except ConsoleError:
        return f"conversion {conversion_id}", None
    return f"{row['title'] or 'untitled'} ({row['gtin']})", row


def outcome_of(db: Database, decision: decisions.Decision, *, single: bool) -> Outcome:
    """The decision in words, with the reasons read back from core (the first NAMED of a bulk decision)."""
    out = Outcome(decision.action, applied=list(decision.applied), blocked=dict(decision.blocked))
    out.unknown = list(decision.unknown)
    named = [*decision.superseded, *decision.blocked, *decision.skipped] + (decision.applied if single else [])
    for cid in named[:NAMED]:
        out.names[cid], row = _named(db, cid)
        if cid in decision.superseded:
            out.superseded[cid] = str((row or {}).get("status_reason") or "the catalogue moved on since its diff")
        elif cid in decision.skipped:
            out.skipped[cid] = badges.label((row or {}).get("status")).lower()
        elif cid in decision.applied and row is not None and decision.action != "reject":
            versions = history.versions(db, str(row["gtin"])).filter(pl.col("conversion_id") == cid)
            if versions.height:
                out.versions[cid] = int(versions["version"][0])
    for cid in decision.superseded[NAMED:]:
        out.superseded[cid] = "the catalogue moved on since its diff"
    for cid in decision.skipped[NAMED:]:
        out.skipped[cid] = "decided already"
    return out


def decide(db: Database, actor: Actor, action: str, ids: list[int], comment: str | None, *, bulk: bool) -> Outcome:
    try:
        if action == "reject":
            result = decisions.reject(db, actor, ids, comment=comment or "", bulk=bulk)
        else:
            result = decisions.approve(db, actor, ids, comment=comment or None, bulk=bulk)
    except ConsoleError as e:
        return Outcome(action, error=f"**{escape_md(e.title)}**: {escape_md(e.detail)}")
    return outcome_of(db, result, single=not bulk)


def decide_one(db: Database, actor: Actor, action: str, conversion_id: int) -> None:
    """The Approve / Reject buttons' callback: it runs before the page, so the page shows the new state."""
    key = f"review_comment_{conversion_id}"
    comment = (st.session_state.get(key) or "").strip()
    if action == "reject" and not comment:
        st.session_state[FLASH] = Outcome(action, error=REJECT_NEEDS_COMMENT)
        return
    outcome = decide(db, actor, action, [conversion_id], comment or None, bulk=False)
    st.session_state[FLASH] = outcome
    if outcome.error is None:
        st.session_state[key] = ""


def decision_panel(db: Database, actor: Actor, row: dict[str, Any]) -> None:
    """A pending conversion's comment box and buttons (or, once decided, who decided what and why)."""
    st.subheader("Decision", anchor=False)
    cid = int(row["conversion_id"])
    if row["status"] != "pending":
        who = f" by {escape_md(row['decided_by'])}" if row.get("decided_by") else ""
        at = f" on {when(row['decided_at'])}" if row.get("decided_at") else ""
        st.markdown(f"{badges.badge_md(row['status'])}{who}{at}.")
        if row.get("comment"):
            st.markdown(f"**Comment:** {escape_md(row['comment'])}")
        if row.get("status_reason"):
            st.markdown(f"**Why:** {escape_md(row['status_reason'])}")
        if row["status"] == "approved" and row.get("catalog_version") is not None:
            st.caption(f"The catalogue holds version {row['catalog_version']} of this product now.")
        return
    if not actor.can("review"):
        cannot_decide(actor)
        return
    if row["stale"]:
        st.warning(
            f"The catalogue moved on since this change was compared (against version {row['base_version'] or DASH}; "
            f"it holds version {row['catalog_version'] or DASH} now). Approving it will not apply it: it "
            "becomes superseded.",
            icon=":material/history:",
        )
    elif row["errors"] and row["kind"] != "deleted":
        st.warning(
            f"Approval is blocked: the product has {plural(int(row['errors']), 'open error finding')} that no "
            "waiver silences (see Findings). Waive the rule on the Quality screen, or reject the change.",
            icon=":material/block:",
        )
    st.text_area(
        "Comment",
        key=f"review_comment_{cid}",
        placeholder="Why: required to reject, optional to approve (kept in the audit trail)",
        height=80,
    )
    with st.container(horizontal=True, gap="small"):
        st.button(
            "Approve",
            type="primary",
            icon=":material/check:",
            key=f"review_approve_{cid}",
            on_click=decide_one,
            args=(db, actor, "approve", cid),
            help="Write this record into the catalogue as the product's next version.",
        )
        st.button(
            "Reject",
            icon=":material/block:",
            key=f"review_reject_{cid}",
            on_click=decide_one,
            args=(db, actor, "reject", cid),
            help="Keep the catalogue as it is; the comment says why.",
        )
    base = f"version {row['base_version']}" if row["base_version"] is not None else "no record"
    st.caption(f"Approving applies only if the catalogue still holds {base} of this product, as when it was compared.")


def bulk_body(db: Database, actor: Actor, action: str, where: queue.QueueFilter) -> None:
    """Inside the confirmation dialog: what a bulk decision would do (its preview), a comment, and the button
    that applies it to exactly the conversions previewed."""
    verb = "Approve" if action == "approve" else "Reject"
    preview = state.review_preview(state.data_version(), where)
    st.caption(f"Every conversion that is {escape_md(review_view.describe(replace(where, status='pending')))}.")
    if preview.total == 0:
        st.info("No pending conversion matches these filters: nothing to decide.", icon=":material/search_off:")
        return
    review_view.preview_block(preview, action)
    comment = st.text_area(
        "Comment" + (" (required)" if action == "reject" else " (optional)"),
        key=f"review_bulk_comment_{action}",
        placeholder="Why (kept in the audit trail with every conversion decided)",
        height=80,
    )
    confirm = st.button(
        f"{verb} {plural(preview.total, 'conversion')}",
        type="primary",
        icon=":material/done_all:" if action == "approve" else ":material/block:",
        key=f"review_bulk_confirm_{action}",
    )
    if not confirm:
        return
    if action == "reject" and not (comment or "").strip():
        st.error(REJECT_NEEDS_COMMENT, icon=":material/error:")
        return
    # The ids the preview showed: a conversion decided meanwhile is skipped, and the report says so.
    st.session_state[FLASH] = decide(db, actor, action, preview.ids, (comment or "").strip() or None, bulk=True)
    st.rerun()
