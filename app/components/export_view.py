"""Exports as people read them: status and change badges, a dry run's counts and tables, the history of a
partner's exports, and one export's files, manifest and products.

Pure frame builders (tested on their own) and small renderers; the page decides what to show and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import polars as pl
import streamlit as st

from app import nav
from app.components import badges
from app.components.format import DASH, between, escape_md, file_size, number, plural, when
from app.components.profile_form import FORMAT_LABELS
from core.checks.catalogue import rules
from core.exports.run import Plan

SENT = ("added", "changed", "unchanged", "removed")
"""The plan's changes, in the order a partner reads them; their sum is what an export carries."""

_LOOKS: dict[str, badges.Look] = {
    # what a product is to the partner (an export's own statuses, delivered, failed..., are in badges)
    "added": badges.Look("Added", "violet", ":material/add_circle:", "#e6dcf7"),
    "changed": badges.Look("Changed", "orange", ":material/change_circle:", "#ffe2b8"),
    "unchanged": badges.Look("Unchanged", "gray", ":material/radio_button_unchecked:", "#e4e4e4"),
    "removed": badges.Look("Removed", "red", ":material/remove_circle:", "#f9cccc"),
    # what the export does with it
    "send": badges.Look("Send", "blue", ":material/send:", "#cfe3f7"),
    "remove": badges.Look("Remove", "red", ":material/delete:", "#f9cccc"),
    "never": badges.Look("Never exported", "gray", ":material/schedule:", "#e4e4e4"),
}

MODES = {
    "delta": "Delta: only what is new or changed since the last delivery, and removals",
    "full": "Full: every eligible product again, and removals",
}


def look(status: str | None) -> badges.Look:
    return _LOOKS.get(status or "", badges.look(status))


def badge_md(status: str | None, text: str | None = None) -> str:
    item = look(status)
    words = (text or item.label).replace("[", "(").replace("]", ")")
    return f":{item.color}-badge[{item.icon} {words}]"


def column(title: str, statuses: Iterable[str | None]) -> Any:
    """A read-only column of coloured pills (see badges.column) with the export looks."""
    options = list(dict.fromkeys(s or "unknown" for s in statuses))
    return st.column_config.MultiselectColumn(
        title, options=options, color=[look(s).pill for s in options], format_func=lambda s: look(s).label
    )


def products_of(counts: dict[str, Any]) -> int:
    return sum(int(counts.get(k) or 0) for k in SENT)


# -- a dry run -------------------------------------------------------------------------------------


def counts_row(counts: dict[str, Any], *, total: str = "Would go") -> None:
    """A plan's (or an export's) counts as metrics: the products, by change, and what is held back."""
    cols = st.columns(6)
    cols[0].metric(total, number(products_of(counts)), border=True, help="Products in the export.")
    cols[1].metric("Added", number(counts.get("added", 0)), border=True, help="New to the partner.")
    cols[2].metric("Changed", number(counts.get("changed", 0)), border=True, help="A newer version than it has.")
    cols[3].metric(
        "Unchanged",
        number(counts.get("unchanged", 0)),
        border=True,
        help="Sent again as it was (full mode only; a delta leaves them out).",
    )
    cols[4].metric(
        "Removed", number(counts.get("removed", 0)), border=True, help="The partner has them; no longer eligible."
    )
    cols[5].metric(
        "Blocked",
        number(counts.get("blocked", 0)),
        border=True,
        help="Selected by the profile but held back (channel rule or findings).",
    )


def since_last(plan: Plan, last: dict[str, Any] | None) -> str:
    """What would change at the partner, in one sentence."""
    c = plan.counts
    change = (
        f"{plural(int(c.get('added', 0)), 'product')} added, {number(c.get('changed', 0))} changed and "
        f"{number(c.get('removed', 0))} removed"
    )
    if last is None:
        return f"Nothing has been delivered to this partner yet, so everything eligible goes as new: {change}."
    return (
        f"Since export {last['export_id']} (delivered {when(last['finished_at'] or last['started_at'])}), "
        f"the partner would see {change}"
        + (f"; {number(c.get('unchanged', 0))} unchanged products are sent again." if plan.mode == "full" else ".")
    )


def plan_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "GTIN": [str(r["product_key"]) for r in rows],
            "Title": [r.get("title") or DASH for r in rows],
            "Publisher": [r.get("publisher") or DASH for r in rows],
            "Change": [badges.cell(r["change"]) for r in rows],
            "Action": [badges.cell(r["action"]) for r in rows],
            "Version": [r.get("version") for r in rows],
        },
        schema={
            "GTIN": pl.String,
            "Title": pl.String,
            "Publisher": pl.String,
            "Change": pl.List(pl.String),
            "Action": pl.List(pl.String),
            "Version": pl.Int64,
        },
    )


def blocked_frame(blocked: list[dict[str, Any]], findings: list[dict[str, Any]]) -> pl.DataFrame:
    """One row per held-back product: the rules, the reason, and the findings' messages behind it."""
    messages: dict[str, list[str]] = {}
    catalogue = rules()
    for f in findings:
        rule = catalogue.get(str(f["rule_id"]))
        name = f"{f['rule_id']} · {rule.title}" if rule else str(f["rule_id"])
        messages.setdefault(str(f["product_key"]), []).append(f"{name}: {f['message']}")
    return pl.DataFrame(
        {
            "GTIN": [str(b["product_key"]) for b in blocked],
            "Title": [b.get("title") or DASH for b in blocked],
            "Publisher": [b.get("publisher") or DASH for b in blocked],
            "Rules": [b.get("rules") or DASH for b in blocked],
            "Why": [why(b) for b in blocked],
            "Findings": ["; ".join(messages.get(str(b["product_key"]), [])) or DASH for b in blocked],
        },
        schema={k: pl.String for k in ("GTIN", "Title", "Publisher", "Rules", "Why", "Findings")},
    )


def why(blocked: dict[str, Any]) -> str:
    """A blocked product's reason in words: 'Channel: streaming embargo until …', 'Open findings: Q12, Q28'."""
    reason = str(blocked.get("reason") or "")
    kind, _, detail = reason.partition(": ")
    if kind == "channel":
        return f"Channel rule: {detail}"
    if kind == "findings":
        return f"Open findings of {detail}"
    return reason or DASH


# -- history ---------------------------------------------------------------------------------------


def history_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Export": [int(r["export_id"]) for r in rows],
            "Status": [badges.cell(r["status"]) for r in rows],
            "Mode": [str(r["mode"]).capitalize() for r in rows],
            "Products": [products_of(r["counts"]) if r["counts"] else None for r in rows],
            "Added": [r["counts"].get("added") for r in rows],
            "Changed": [r["counts"].get("changed") for r in rows],
            "Unchanged": [r["counts"].get("unchanged") for r in rows],
            "Removed": [r["counts"].get("removed") for r in rows],
            "Blocked": [r["counts"].get("blocked") for r in rows],
            "Files": [int(r["files"]) for r in rows],
            "Snapshot": [when(r["snapshot_at"]) for r in rows],
            "Took": [between(r["started_at"], r["finished_at"]) if r["finished_at"] else "running" for r in rows],
            "By": [r["actor"] for r in rows],
            "Error": [(r["error"] or "").splitlines()[0] if r["error"] else "" for r in rows],
        },
        schema_overrides={
            "Status": pl.List(pl.String),
            **{k: pl.Int64 for k in ("Export", "Products", "Added", "Changed", "Unchanged", "Removed", "Blocked")},
        },
    )


def history_table(rows: list[dict[str, Any]], *, key: str) -> int | None:
    """A partner's exports in a table; returns the export of a picked row."""
    frame = history_frame(rows)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            "Export": st.column_config.NumberColumn(format="%d", width="small"),
            "Status": column("Status", [r["status"] for r in rows]),
            "Error": st.column_config.TextColumn(width="large"),
        },
    )
    if event is not None and event.selection.rows:
        return int(frame["Export"][event.selection.rows[0]])
    return None


def partners_frame(partners: list[dict[str, Any]], latest: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """One row per partner: its profile in brief, the version, and how its latest export went."""
    rows = []
    for p in partners:
        profile = p["profile"]
        last = latest.get(p["name"])
        rows.append(
            {
                "Partner": p["name"],
                "Title": profile.title,
                "Format": FORMAT_LABELS.get(profile.format, profile.format),
                "Channel": profile.selection.channel.capitalize(),
                "Markets": " ".join(profile.selection.markets) or "Everywhere for sale",
                "Mode": profile.mode.capitalize(),
                "Version": int(p["version"]),
                "Saved": f"{when(p['created_at'])} by {p['created_by']}",
                "Last export": f"{last['export_id']} · {when(last['started_at'])}" if last else "never",
                "Status": badges.cell(last["status"]) if last else badges.cell("never"),
            }
        )
    schema = {
        k: pl.String for k in ("Partner", "Title", "Format", "Channel", "Markets", "Mode", "Saved", "Last export")
    }
    return pl.DataFrame(rows, schema={**schema, "Version": pl.Int64, "Status": pl.List(pl.String)}).select(
        "Partner", "Title", "Format", "Channel", "Markets", "Mode", "Version", "Saved", "Last export", "Status"
    )


def partners_table(partners: list[dict[str, Any]], latest: dict[str, dict[str, Any]], *, key: str) -> str | None:
    """Every partner in a table; returns the partner of a picked row."""
    frame = partners_frame(partners, latest)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            "Status": column("Last status", [s[0] for s in frame["Status"].to_list()]),
            "Version": st.column_config.NumberColumn("Profile version", format="%d", width="small"),
            "Title": st.column_config.TextColumn(width="large"),
        },
    )
    if event is not None and event.selection.rows:
        return str(frame["Partner"][event.selection.rows[0]])
    return None


# -- one export ------------------------------------------------------------------------------------


def outcome(row: dict[str, Any]) -> str:
    """One export in a sentence: what it carried, where it went, how it ended."""
    counts = row.get("counts") or {}
    files = row.get("files")
    n_files = len(files) if isinstance(files, list) else int(files or 0)
    carried = f"{plural(products_of(counts), 'product')} in {plural(n_files, 'file')}"
    status = row["status"]
    if status == "delivered":
        return f"Delivered {carried} to {row['destination']} on {when(row['finished_at'])}."
    if status == "failed":
        return f"Failed on {when(row['finished_at'])} while delivering {carried} to {row['destination']}."
    return f"Started {when(row['started_at'])}: {carried} to {row['destination']}; {look(status).label.lower()}…"


def files_frame(files: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "File": [str(f["key"]) for f in files],
            "Size": [file_size(f["bytes"]) if f["bytes"] is not None else DASH for f in files],
            "Bytes": [f["bytes"] for f in files],
            "Rows": [f["rows"] for f in files],
            "SHA-256": [f["sha256"] or DASH for f in files],
            "Delivered": [when(f["delivered_at"]) if f["delivered_at"] else "not yet" for f in files],
        },
        schema={
            "File": pl.String,
            "Size": pl.String,
            "Bytes": pl.Int64,
            "Rows": pl.Int64,
            "SHA-256": pl.String,
            "Delivered": pl.String,
        },
    )


def items_frame(items: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "GTIN": [str(i["product_key"]) for i in items],
            "Title": [i.get("title") or DASH for i in items],
            "Publisher": [i.get("publisher") or DASH for i in items],
            "Change": [badges.cell(i["change"]) for i in items],
            "Action": [badges.cell(i["action"]) for i in items],
            "Version": [i.get("version") for i in items],
            "File": [i.get("file") or DASH for i in items],
        },
        schema={
            "GTIN": pl.String,
            "Title": pl.String,
            "Publisher": pl.String,
            "Change": pl.List(pl.String),
            "Action": pl.List(pl.String),
            "Version": pl.Int64,
            "File": pl.String,
        },
    )


def deliveries_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Where a product went (the product page): one row per export that carried it."""
    return pl.DataFrame(
        {
            "Partner": [str(r["partner"]) for r in rows],
            "Export": [int(r["export_id"]) for r in rows],
            "Mode": [str(r["mode"]).capitalize() for r in rows],
            "Action": [badges.cell(r["action"]) for r in rows],
            "Change": [badges.cell(r["change"]) for r in rows],
            "Version sent": [r["version"] for r in rows],
            "When": [when(r["finished_at"] or r["snapshot_at"]) for r in rows],
            "Status": [badges.cell(r["status"]) for r in rows],
        },
        schema={
            "Partner": pl.String,
            "Export": pl.Int64,
            "Mode": pl.String,
            "Action": pl.List(pl.String),
            "Change": pl.List(pl.String),
            "Version sent": pl.Int64,
            "When": pl.String,
            "Status": pl.List(pl.String),
        },
    )


def export_link(export_id: int, label: str | None = None, *, icon: str = ":material/outbox:") -> None:
    """One export on the Exports screen (`exports?export=12`)."""
    st.page_link(
        nav.EXPORTS, label=label or f"Open export {export_id}", icon=icon, query_params={"export": str(export_id)}
    )


def result_message(result: dict[str, Any]) -> str:
    """A finished export job in one sentence (the jobs panel shows it)."""
    files = len(result.get("files") or [])
    head = f"Export {result.get('export_id')} to {result.get('partner')}: {look(result.get('status')).label.lower()}"
    counts = result.get("counts") or {}
    body = f"{plural(products_of(counts), 'product')} in {plural(files, 'file')} at {result.get('destination')}"
    if result.get("error"):
        return f"{head}: {result['error']}"
    return f"{head}, {body}."


def took(row: dict[str, Any]) -> str:
    start, end = row.get("started_at"), row.get("finished_at")
    return between(start, end) if isinstance(start, datetime) and isinstance(end, datetime) else DASH


def latest_line(row: dict[str, Any]) -> None:
    """A partner's latest export in one line, with a link to it."""
    text, link = st.columns([4, 1], vertical_alignment="center")
    text.markdown(f"**Latest export** {badge_md(row['status'])} {escape_md(outcome(row))}")
    with link:
        export_link(int(row["export_id"]))
