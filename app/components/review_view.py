"""The review queue as reviewers scan it: kinds and risk flags as badges, the queue as a table, what a bulk
decision would do (its preview) and what a decision did (its outcome), in words.

Pure helpers build the table and the sentences (tests pin them); the render functions only lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
import streamlit as st

from app.components import badges
from app.components.format import DASH, escape_md, number, plural
from core.review.queue import FLAG_LABELS, Preview, QueueFilter

KINDS = {
    "new": badges.Look("New product", "violet", ":material/fiber_new:", "#e6dcf7"),
    "changed": badges.Look("Changed", "blue", ":material/edit_note:", "#cfe3f7"),
    "deleted": badges.Look("Deleted", "gray", ":material/delete:", "#e4e4e4"),
}
KIND_WORDS = {
    "new": ("new product", "new products"),
    "changed": ("changed product", "changed products"),
    "deleted": ("delete", "deletes"),
}
FLAGS = {
    "on_sale_identity": badges.Look("Identity change on sale", "red", ":material/badge:", "#f9cccc"),
    "price_drop": badges.Look("Price drop > 30 %", "orange", ":material/trending_down:", "#ffe2b8"),
    "market_removed": badges.Look("Market removed", "orange", ":material/public_off:", "#ffe2b8"),
    "delete": badges.Look("Delete", "red", ":material/delete_forever:", "#f9cccc"),
    "sender_change": badges.Look("Other sender", "orange", ":material/swap_horiz:", "#ffe2b8"),
}


def _look(table: dict[str, badges.Look], key: str | None) -> badges.Look:
    return table.get(key or "", badges.look(key))


def _md(item: badges.Look, text: str | None = None) -> str:
    words = (text or item.label).replace("[", "(").replace("]", ")")
    return f":{item.color}-badge[{item.icon} {words}]"


def kind_md(kind: str | None) -> str:
    return _md(_look(KINDS, kind))


def flag_md(flag: str | None) -> str:
    return _md(_look(FLAGS, flag))


def flag_label(flag: str) -> str:
    return _look(FLAGS, flag).label


def _column(
    title: str, table: dict[str, badges.Look], values: Iterable[str | None], help: str | None = None, **kw: Any
) -> Any:
    options = list(dict.fromkeys([*table, *(v or "unknown" for v in values)]))
    return st.column_config.MultiselectColumn(
        title,
        options=options,
        color=[_look(table, o).pill for o in options],
        format_func=lambda o: _look(table, o).label,
        help=help,
        **kw,
    )


def kind_column(values: Iterable[str | None]) -> Any:
    return _column("Kind", KINDS, values)


def flags_column(values: Iterable[str | None]) -> Any:
    return _column("Risk flags", FLAGS, values, help="Changes a reviewer should look at twice.", width="medium")


FINDING_WORDS = {
    "error": "with open errors",
    "warning": "with open warnings",
    "info": "with open info",
    "none": "without open findings",
}


def describe(where: QueueFilter) -> str:
    """A queue filter in words: 'pending, changed, prices changed, flagged price drop > 30 %, run 2'."""
    parts = [
        where.status or "any status",
        KIND_WORDS[where.kind][1] if where.kind in KIND_WORDS else None,
        f"{where.field} changed" if where.field else None,
        f"flagged {flag_label(where.flag).lower()}" if where.flag else None,
        FINDING_WORDS.get(where.findings or ""),
        f"from {where.publisher}" if where.publisher else None,
        f"run {where.run_id}" if where.run_id is not None else None,
        f"GTIN {where.gtin}" if where.gtin else None,
    ]
    return ", ".join(p for p in parts if p)


def findings_text(row: dict[str, Any]) -> str:
    """Open, unwaived findings of the product by severity: '1 error, 2 warnings'; a dash for none."""
    parts = [
        plural(int(row.get(key) or 0), word)
        for key, word in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
        if int(row.get(key) or 0)
    ]
    return ", ".join(parts) or DASH


def queue_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """The queue as a table: what a reviewer decides on first (kind, title, what changed, risk, findings)."""
    data = rows.to_dicts()
    return pl.DataFrame(
        {
            "Conversion": [int(r["conversion_id"]) for r in data],
            "Kind": [[r["kind"]] for r in data],
            "Status": [badges.cell(r["status"]) for r in data],
            "Title": [r["title"] or DASH for r in data],
            "Changed fields": [", ".join(r["changed_fields"] or []) or DASH for r in data],
            "Risk flags": [list(r["flags"] or []) for r in data],
            "Findings": [findings_text(r) for r in data],
            "GTIN": [r["gtin"] for r in data],
            "Publisher": [r["publisher"] or DASH for r in data],
            "Run": [int(r["run_id"]) if r["run_id"] is not None else None for r in data],
        },
        schema_overrides={
            "Conversion": pl.Int64,
            "Kind": pl.List(pl.String),
            "Risk flags": pl.List(pl.String),
            "Status": pl.List(pl.String),
            "Run": pl.Int64,
        },
    )


# -- what a bulk decision would do -----------------------------------------------------------------


def preview_counts(preview: Preview, action: str) -> list[tuple[str, int, str]]:
    """(label, count, meaning) of a bulk decision's preview."""
    if action == "reject":
        return [("Would be rejected", preview.total, "Every pending conversion that matches.")]
    applied = max(preview.total - preview.blocked - preview.stale, 0)
    return [
        ("Would be approved", applied, "Written to the catalogue, each as a new version."),
        ("Stay pending", preview.blocked, "Blocked: their product has an open error finding no waiver silences."),
        ("Would be superseded", preview.stale, "The catalogue moved on since their diff: not applied."),
    ]


def preview_block(preview: Preview, action: str) -> None:
    cols = st.columns(3 if action == "approve" else 1)
    for col, (name, count, meaning) in zip(cols, preview_counts(preview, action), strict=True):
        col.metric(name, number(count), help=meaning, border=True)
    kinds = ", ".join(plural(n, *KIND_WORDS.get(k, (k, k))) for k, n in sorted(preview.by_kind.items()))
    st.markdown(f"**By kind:** {escape_md(kinds) or DASH}")
    if preview.by_flag:
        st.markdown(
            "**Risk flags:** " + " ".join(f"{flag_md(f)} {number(n)}" for f, n in sorted(preview.by_flag.items()))
        )
    if action == "approve" and preview.blocked:
        st.caption(
            "Blocked conversions stay pending with the rules that block them: waive the rule on the Quality "
            "screen, or wait for a corrected delivery."
        )
    sample = pl.DataFrame(preview.sample) if preview.sample else None
    if sample is not None and sample.height:
        st.caption(
            f"The first {plural(sample.height, 'conversion')} of {number(preview.total)}:"
            if preview.total > sample.height
            else "The conversions:"
        )
        st.dataframe(
            queue_frame(sample).select(
                "Conversion", "Kind", "GTIN", "Title", "Changed fields", "Risk flags", "Findings"
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Conversion": st.column_config.NumberColumn(format="%d", width="small"),
                "Kind": kind_column(sample["kind"].to_list()),
                "Risk flags": flags_column([f for fl in sample["flags"].to_list() for f in fl or []]),
            },
        )


def flag_meanings(flags: Iterable[str]) -> str:
    """Each flag as a badge with what it means, one per line (Markdown)."""
    return "  \n".join(f"{flag_md(f)} {escape_md(FLAG_LABELS.get(f, f))}" for f in flags)
