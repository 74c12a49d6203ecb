"""Status badges: one word, one colour and one icon per status, the same on every screen.

`badge_md` gives the Markdown form (for headings and sentences), `column` a table column that shows the
same status as a coloured pill (tables cannot hold Markdown), and `label` the plain word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app.components.format import humanize


@dataclass(frozen=True)
class Look:
    label: str
    color: str
    icon: str
    pill: str  # background of the pill in tables


_LOOKS: dict[str, Look] = {
    # ingest runs and jobs
    "succeeded": Look("Succeeded", "green", ":material/check_circle:", "#cdebd3"),
    "partial": Look("Partial", "orange", ":material/warning:", "#ffe2b8"),
    "failed": Look("Failed", "red", ":material/error:", "#f9cccc"),
    "duplicate": Look("Skipped: already ingested", "gray", ":material/content_copy:", "#e4e4e4"),
    "running": Look("Running", "blue", ":material/progress_activity:", "#cfe3f7"),
    "queued": Look("Queued", "gray", ":material/schedule:", "#e4e4e4"),
    # conversions and products
    "pending": Look("Pending review", "orange", ":material/pending:", "#ffe2b8"),
    "approved": Look("Approved", "green", ":material/verified:", "#cdebd3"),
    "auto_approved": Look("Auto-approved", "green", ":material/verified:", "#cdebd3"),
    "rejected": Look("Rejected", "red", ":material/block:", "#f9cccc"),
    "superseded": Look("Superseded", "gray", ":material/history:", "#e4e4e4"),
    "deleted": Look("Deleted", "gray", ":material/delete:", "#e4e4e4"),
    # finding severities and states
    "error": Look("Error", "red", ":material/error:", "#f9cccc"),
    "warning": Look("Warning", "orange", ":material/warning:", "#ffe2b8"),
    "info": Look("Info", "blue", ":material/info:", "#cfe3f7"),
    "new": Look("New", "violet", ":material/fiber_new:", "#e6dcf7"),
    "recurring": Look("Recurring", "orange", ":material/repeat:", "#ffe2b8"),
    "resolved": Look("Resolved", "green", ":material/task_alt:", "#cdebd3"),
    "waived": Look("Waived", "gray", ":material/do_not_disturb_on:", "#e4e4e4"),
    # exports: rendering -> delivering -> delivered | failed
    "delivered": Look("Delivered", "green", ":material/check_circle:", "#cdebd3"),
    "rendering": Look("Rendering", "blue", ":material/progress_activity:", "#cfe3f7"),
    "delivering": Look("Delivering", "blue", ":material/local_shipping:", "#cfe3f7"),
    # waivers
    "active": Look("In force", "blue", ":material/shield:", "#cfe3f7"),
    "expired": Look("Expired", "gray", ":material/event_busy:", "#e4e4e4"),
    "revoked": Look("Ended", "gray", ":material/block:", "#e4e4e4"),
}


def look(status: str | None) -> Look:
    key = status or "unknown"
    return _LOOKS.get(key, Look(humanize(key), "gray", ":material/help:", "#e4e4e4"))


def label(status: str | None) -> str:
    """A status in words: 'Succeeded', 'Pending review'."""
    return look(status).label


def cell(status: str | None) -> list[str]:
    """A status as the value of a `column` cell."""
    return [status or "unknown"]


def column(title: str, statuses: Iterable[str | None], **labels: str) -> Any:
    """A read-only table column showing each status as a coloured pill; `labels` override the words."""
    options = list(dict.fromkeys(s or "unknown" for s in statuses))
    return st.column_config.MultiselectColumn(
        title,
        options=options,
        color=[look(s).pill for s in options],
        format_func=lambda s: labels.get(s, look(s).label),
    )


def badge_md(status: str | None, text: str | None = None) -> str:
    """A status as an inline Markdown badge, e.g. ':green-badge[:material/check_circle: Succeeded]'."""
    item = look(status)
    words = (text or item.label).replace("[", "(").replace("]", ")")
    return f":{item.color}-badge[{item.icon} {words}]"
