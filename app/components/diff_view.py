"""A conversion's field-level diff as a person reads it: one row per change, before | after.

The rows come from `core.review.diff` (changes by identity: list items added, removed or changed,
country sets as the countries added and removed), grouped by CCF field in the order of the record. Text
fields show a word diff (removed words red, added words green, long unchanged stretches folded); a
changed list item shows only the attributes that differ. Unchanged fields are summarised for the folded
part of the screen. Every value comes from a feed and is escaped before it reaches Markdown.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
import streamlit as st

from app.components.format import DASH, clock, code, country, duration, escape_md, humanize, language, number
from core.ccf.model import CCFRecord
from core.review.diff import Change
from core.review.diffspec import SPEC, CountrySet, Scalar

ORDER = list(dict.fromkeys(p.field.split(".", 1)[0] for p in SPEC))
"""Top-level CCF fields in the order of the record."""
TEXT_FIELDS = frozenset(p.field for p in SPEC if isinstance(p, Scalar) and p.text)
COUNTRY_SETS = frozenset(p.field for p in SPEC if isinstance(p, CountrySet))
FIELD_LABELS = {
    "record_reference": "Record reference",
    "product_form_code": "Product form code",
    "format_codes": "Format codes",
    "content_type": "Content type",
    "duration_seconds": "Duration",
    "description_html": "Description (HTML)",
    "short_description": "Short description",
    "publishing_status": "Publishing status",
    "publication_date": "Publication date",
    "publication_date_precision": "Publication date precision",
    "sales_rights": "Sales rights",
    "sales_rights.for_sale": "For sale in",
    "sales_rights.not_for_sale": "Not for sale in",
    "sales_rights.exclusive": "Exclusive rights",
    "cover.url": "Cover URL",
    "cover.width_px": "Cover width (px)",
    "cover.height_px": "Cover height (px)",
    "cover.format": "Cover format",
    "sample.url": "Sample URL",
    "sample.duration_seconds": "Sample length",
    "embargo.sales": "Sales embargo",
    "embargo.preorder": "Pre-order embargo",
    "embargo.streaming": "Streaming embargo",
    "embargo.subscription": "Subscription embargo",
    "audience.explicit": "Explicit content",
    "audience.age_min": "Minimum age",
    "audience.age_max": "Maximum age",
}
CONTEXT_WORDS = 12
"""Unchanged words kept on each side of a change in a long text; the rest is folded."""
COUNTRIES_INLINE = 12
ROWS_SHOWN = 60
"""Rows drawn as a side-by-side grid; a larger diff lists the rest in a table below it."""
NONE_MD = ":gray[none]"


def label(field: str) -> str:
    return FIELD_LABELS.get(field, humanize(field.rsplit(".", 1)[-1]))


@dataclass(frozen=True)
class Row:
    """One line of the diff, as Markdown: which field (and item), before, after."""

    field: str
    what: str
    before: str
    after: str
    change: str
    plain: str
    """The change in one line of plain text (core's own description)."""


# -- values ----------------------------------------------------------------------------------------


def scalar_md(field: str, value: Any) -> str:
    if value is None or value in ("", []):
        return NONE_MD
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field in ("duration_seconds", "sample.duration_seconds") and isinstance(value, int | float):
        return f"{duration(value)} :gray[({number(value)} s)]"
    if field.endswith(".url"):
        return code(value)
    if field in ("publishing_status", "product_form", "content_type", "edition", "publication_date_precision"):
        return f"{escape_md(humanize(str(value)))} :gray[{code(value)}]"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list):
        return escape_md(", ".join(str(v) for v in value))
    return escape_md(value)


def countries_md(codes_: list[str]) -> str:
    if len(codes_) > COUNTRIES_INLINE:
        return f"{len(codes_)} countries: " + escape_md(" ".join(codes_))
    return escape_md(", ".join(f"{country(c)} ({c})" for c in codes_))


def attribute_md(name: str, value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return (
            escape_md(" ".join(str(v) for v in value)) if len(value) <= COUNTRIES_INLINE else f"{len(value)} countries"
        )
    if name in ("start_seconds", "duration_seconds") and isinstance(value, int):
        return clock(value)
    return escape_md(humanize(value) if name in ("availability", "price_type", "role") else value)


def item_md(field: str, item: Any) -> str:
    """A list item in one line: a price, a contributor, a chapter..."""
    if not isinstance(item, dict):
        return escape_md(item)
    get = item.get
    if field == "prices":
        parts = [
            "**" + escape_md(" ".join(str(x) for x in (get("amount"), get("currency")) if x)) + "**",
            escape_md(humanize(get("price_type"))),
            "tax included" if get("tax_included") else "tax not included" if get("tax_included") is False else "",
            attribute_md("countries", get("countries") or []),
            escape_md(humanize(get("availability"))),
            f"from {escape_md(get('valid_from'))}" if get("valid_from") else "",
            f"until {escape_md(get('valid_until'))}" if get("valid_until") else "",
        ]
        return " · ".join(p for p in parts if p)
    if field == "contributors":
        name = escape_md(get("name")) if get("name") else "*synthetic voice*"
        seq = f" · #{get('sequence')}" if get("sequence") is not None else ""
        return f"{escape_md(humanize(get('role')))}: **{name}**{seq} :gray[{escape_md(get('onix_role'))}]"
    if field == "chapters":
        title = escape_md(get("title")) if get("title") else ""
        return f"{get('number')}. {title} · starts {clock(get('start_seconds'))} · {clock(get('duration_seconds'))}"
    if field == "languages":
        return f"{escape_md(language(get('code')))} ({escape_md(humanize(get('role')))})"
    if field == "subjects":
        main = " :blue-badge[main]" if get("main") else ""
        words = " ".join(str(v) for v in (get("code"), get("heading")) if v)
        return f"{escape_md(humanize(get('scheme')))}: {escape_md(words)}{main}"
    if field == "identifiers":
        return f"{escape_md(humanize(get('type')))} {code(get('value'))}"
    return " · ".join(
        f"{escape_md(humanize(k))} {attribute_md(k, v)}" for k, v in item.items() if v not in (None, [], "")
    )


# -- text: a word diff -----------------------------------------------------------------------------


def _fold(words: list[str], *, first: bool, last: bool) -> str:
    keep = CONTEXT_WORDS
    if len(words) <= 2 * keep + 4:
        return escape_md(" ".join(words))
    head = [] if first else words[:keep]
    tail = [] if last else words[-keep:]
    parts = [escape_md(" ".join(head)) if head else "", ":gray[…]", escape_md(" ".join(tail)) if tail else ""]
    return " ".join(p for p in parts if p)


def _mark(color: str, words: list[str]) -> str:
    return f":{color}-background[{escape_md(' '.join(words))}]"


def word_diff(old: str, new: str) -> tuple[str, str]:
    """(before, after) as Markdown: words only in the old text marked red, words only in the new green."""
    a, b = old.split(), new.split()
    before: list[str] = []
    after: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            text = _fold(a[i1:i2], first=i1 == 0 and j1 == 0, last=i2 == len(a) and j2 == len(b))
            before.append(text)
            after.append(text)
            continue
        if i2 > i1:
            before.append(_mark("red", a[i1:i2]))
        if j2 > j1:
            after.append(_mark("green", b[j1:j2]))
    return " ".join(before) or NONE_MD, " ".join(after) or NONE_MD


# -- changes -> rows -------------------------------------------------------------------------------


def _changed_attributes(field: str, change: Change) -> tuple[str, str]:
    """Only the attributes that differ, old (red) | new (green); a price's amount with its currency and
    the change in per cent."""
    old = change.old if isinstance(change.old, dict) else {}
    new = change.new if isinstance(change.new, dict) else {}

    def side(color: str, values: dict[str, Any], name: str, value: Any) -> str:
        unit = (
            f" {escape_md(values['currency'])}"
            if field == "prices" and name == "amount" and values.get("currency")
            else ""
        )
        return f"{escape_md(humanize(name))} :{color}-background[{attribute_md(name, value)}]{unit}"

    pairs = change.attributes()
    before = " · ".join(side("red", old, k, a) for k, (a, _) in pairs.items())
    after = " · ".join(side("green", new, k, b) for k, (_, b) in pairs.items())
    if field == "prices" and "amount" in pairs:
        after += _percent(old.get("amount"), new.get("amount"))
    return before or item_md(field, change.old), after or item_md(field, change.new)


def _percent(old: Any, new: Any) -> str:
    """A price's change in per cent, ' (−43 %)'; empty when the amounts are not numbers."""
    try:
        a, b = float(old), float(new)
    except (TypeError, ValueError):
        return ""
    if a == 0:
        return ""
    return f" :gray[({(b - a) / a * 100:+.0f} %)]".replace("-", "−")


def row(change: Change) -> Row:
    field, top, text = change.field, change.top, change.describe()
    if change.item is not None:  # a list item, by identity
        what = escape_md(change.item)
        if change.change == "added":
            return Row(top, what, f":gray[{DASH}]", f":green-badge[added] {item_md(top, change.new)}", "added", text)
        if change.change == "removed":
            return Row(top, what, f":red-badge[removed] {item_md(top, change.old)}", f":gray[{DASH}]", "removed", text)
        before, after = _changed_attributes(top, change)
        return Row(top, what, before, after, "changed", text)
    what = label(field) if "." in field else ""
    if field in TEXT_FIELDS and isinstance(change.old, str) and isinstance(change.new, str):
        before, after = word_diff(change.old, change.new)
        return Row(top, what, before, after, "changed", text)
    return Row(top, what, scalar_md(field, change.old), scalar_md(field, change.new), "changed", text)


def _country_row(field: str, changes: list[Change]) -> Row:
    removed = [c for c in changes if c.change == "removed"]
    added = [c for c in changes if c.change == "added"]
    before = f":red[**−** {countries_md(list(removed[0].old or []))}]" if removed else f":gray[{DASH}]"
    after = f":green[**+** {countries_md(list(added[0].new or []))}]" if added else f":gray[{DASH}]"
    text = "; ".join(c.describe() for c in changes)
    return Row(field.split(".", 1)[0], label(field), before, after, "countries", text)


def rows(changes: Iterable[Change]) -> list[Row]:
    """The diff's rows, field by field in the order of the record; a country set's added and removed
    countries share one row (removed on the left, added on the right)."""
    found = list(changes)
    out: list[Row] = []
    done: set[str] = set()
    for change in sorted(found, key=lambda c: (ORDER.index(c.top) if c.top in ORDER else len(ORDER), c.field)):
        if change.field in COUNTRY_SETS:
            if change.field not in done:
                done.add(change.field)
                out.append(_country_row(change.field, [c for c in found if c.field == change.field]))
            continue
        out.append(row(change))
    return out


def changed_fields(changes: Iterable[Change]) -> list[str]:
    return sorted({c.top for c in changes}, key=lambda f: ORDER.index(f) if f in ORDER else len(ORDER))


def diff_table(changes: list[Change], *, before: str, after: str) -> None:
    """The side-by-side diff: column titles, then a card per changed field with a row per change."""
    found = rows(changes)
    widths = [2, 4, 4]
    head = st.columns(widths, gap="medium")
    head[0].caption("**Field**")
    head[1].caption(f"**{before}**")
    head[2].caption(f"**{after}**")
    fields = list(dict.fromkeys(r.field for r in found[:ROWS_SHOWN]))
    for name in fields:
        with st.container(border=True, gap="small"):
            for i, r in enumerate(x for x in found[:ROWS_SHOWN] if x.field == name):
                cells = st.columns(widths, gap="medium")
                title = f"**{escape_md(label(r.field))}**" if i == 0 else ""
                cells[0].markdown("  \n".join(p for p in (title, r.what) if p) or " ")
                cells[1].markdown(r.before)
                cells[2].markdown(r.after)
    if len(found) > ROWS_SHOWN:
        rest = found[ROWS_SHOWN:]
        with st.expander(f"{len(rest)} more changes"):
            st.dataframe(
                pl.DataFrame({"Field": [label(r.field) for r in rest], "Change": [r.plain for r in rest]}),
                hide_index=True,
                width="stretch",
            )


# -- unchanged fields ------------------------------------------------------------------------------


def summary(field: str, value: Any, limit: int = 160) -> str | None:
    """A field's value in one line of plain text (None when it is empty)."""
    if value is None or value in ("", [], {}):
        return None
    if isinstance(value, list):
        items = [item_text(field, v) for v in value[:4]]
        more = f" … and {len(value) - 4} more" if len(value) > 4 else ""
        return f"{len(value)}: " + "; ".join(items) + more
    if isinstance(value, dict):
        if field == "sales_rights":
            sale, not_sale = value.get("for_sale") or [], value.get("not_for_sale") or []
            parts = [
                f"for sale in {len(sale)} countries"
                if len(sale) > COUNTRIES_INLINE
                else f"for sale in {' '.join(sale) or 'none'}"
            ]
            if not_sale:
                parts.append(f"not for sale in {len(not_sale)} countries")
            if value.get("exclusive") is not None:
                parts.append("exclusive" if value["exclusive"] else "not exclusive")
            return ", ".join(parts)
        parts = [f"{humanize(k).lower()} {v}" for k, v in value.items() if v not in (None, "", [])]
        return ", ".join(parts) or None
    if field == "duration_seconds" and isinstance(value, int):
        return duration(value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_text(field: str, item: Any) -> str:
    """A list item as plain text, for a table."""
    if not isinstance(item, dict):
        return str(item)
    get = item.get
    if field == "prices":
        where = get("countries") or []
        places = " ".join(where) if len(where) <= 6 else f"{len(where)} countries"
        return f"{get('amount')} {get('currency') or ''} {humanize(get('price_type'))} in {places}".replace("  ", " ")
    if field == "contributors":
        return f"{humanize(get('role'))}: {get('name') or 'synthetic voice'}"
    if field == "chapters":
        return f"{get('number')}. {get('title') or ''}".strip()
    if field == "languages":
        return f"{language(get('code'))} ({humanize(get('role'))})"
    if field == "subjects":
        return f"{humanize(get('scheme'))} {get('code') or get('heading') or ''}".strip()
    if field == "identifiers":
        return f"{humanize(get('type'))} {get('value')}"
    return " ".join(str(v) for v in item.values() if v not in (None, [], "", False))


def unchanged_frame(record: CCFRecord, changed: Iterable[str]) -> tuple[pl.DataFrame, list[str]]:
    """(the unchanged fields with a value, the names of the unchanged empty ones)."""
    data = record.model_dump(mode="json")
    skip = set(changed)
    names: list[str] = []
    values: list[str] = []
    empty: list[str] = []
    for field in ORDER:
        if field in skip:
            continue
        text = summary(field, data.get(field))
        if text is None:
            empty.append(label(field))
        else:
            names.append(label(field))
            values.append(text)
    return pl.DataFrame({"Field": names, "Value": values}, schema={"Field": pl.String, "Value": pl.String}), empty
