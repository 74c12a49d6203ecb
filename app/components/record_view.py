"""A CCF record laid out for people: who made it, what it is, what it says, where it may be sold.

The record is read from the pydantic model (never from SQL here). Every value from a feed is escaped
before it reaches Markdown, and HTML descriptions are shown as their plain-text form: feed content never
becomes markup on the console.
"""

from __future__ import annotations

import streamlit as st

from app.components import record_sections
from app.components.format import (
    DASH,
    duration,
    escape_md,
    format_code,
    humanize,
    languages,
    partial_date,
    yes_no,
)
from core.ccf.model import CCFRecord, Contributor

SYNTHETIC = ":violet-badge[:material/graphic_eq: Synthetic voice]"


def contributor_name(c: Contributor) -> str:
    """A contributor's name as Markdown; a synthesised voice is marked as such, named or not."""
    name = escape_md(c.name) if c.name else None
    if c.synthetic_voice:
        return f"{name} {SYNTHETIC}" if name else SYNTHETIC
    return name or "*unnamed*"


def byline(rec: CCFRecord) -> str:
    """'by **A** · read by **N**' (Markdown); empty when the record names nobody."""
    authors = [c for c in rec.contributors if c.role == "author"]
    narrators = [c for c in rec.contributors if c.role == "narrator"]
    parts = []
    if authors:
        parts.append("by " + ", ".join(f"**{contributor_name(c)}**" for c in authors))
    if narrators:
        parts.append("read by " + ", ".join(f"**{contributor_name(c)}**" for c in narrators))
    return " · ".join(parts)


def record_header(rec: CCFRecord) -> None:
    """Title, subtitle and byline: the top of a product's page."""
    st.title(escape_md(rec.title) if rec.title else "Untitled product")
    if rec.subtitle:
        st.markdown(f"#### :gray[{escape_md(rec.subtitle)}]")
    line = byline(rec)
    if line:
        st.markdown(line)


def record_view(rec: CCFRecord) -> None:
    """The whole record below its header: main text on the left, key facts on the right, then details."""
    main, side = st.columns([2, 1], gap="large")
    with main:
        _contributors(rec)
        _description(rec)
        _subjects(rec)
    with side:
        _facts(rec)
        _media(rec)
    st.divider()
    record_sections.rights(rec)
    record_sections.prices(rec)
    record_sections.chapters(rec)
    left, right = st.columns(2, gap="large")
    with left:
        record_sections.related(rec)
    with right:
        record_sections.identifiers(rec)
    record_sections.provenance(rec)


def _contributors(rec: CCFRecord) -> None:
    st.subheader("Contributors")
    if not rec.contributors:
        st.caption("The feed names no contributor.")
    else:
        lines = []
        for c in sorted(rec.contributors, key=lambda c: (c.sequence is None, c.sequence or 0)):
            sort = f" :gray[({escape_md(c.sort_name)})]" if c.sort_name and c.sort_name != c.name else ""
            lines.append(
                f"- **{humanize(c.role)}** :gray[{escape_md(c.onix_role)}]: {contributor_name(c)}{sort}"
            )
        st.markdown("\n".join(lines))
    if rec.series:
        series = ", ".join(
            f"**{escape_md(s.name)}**" + (f" #{escape_md(s.number)}" if s.number else "") for s in rec.series
        )
        st.markdown(f"**Series:** {series}")


def _description(rec: CCFRecord) -> None:
    st.subheader("Description")
    if rec.short_description:
        st.markdown(f"*{escape_md(rec.short_description)}*")
    if rec.description:
        st.markdown(escape_md(rec.description))
    elif not rec.short_description:
        st.caption("No description was sent.")
    if rec.description_html:
        with st.expander("Formatted source (sanitised HTML, shown as code)"):
            st.code(rec.description_html, language="html", wrap_lines=True)


def _subjects(rec: CCFRecord) -> None:
    st.subheader("Subjects")
    if not rec.subjects:
        st.caption("No subjects were sent.")
        return
    lines = []
    for s in rec.subjects:
        scheme = humanize(s.scheme)
        if s.scheme == "keywords":
            words = [w.strip() for w in (s.heading or s.code or "").split(";") if w.strip()]
            lines.append(f"- **{scheme}:** " + ", ".join(f"`{w.replace('`', '')}`" for w in words))
            continue
        code = f"`{s.code.replace('`', '')}` " if s.code else ""
        main = " :blue-badge[main]" if s.main else ""
        lines.append(f"- **{scheme}:** {code}{escape_md(s.heading) if s.heading else ''}{main}")
    st.markdown("\n".join(lines))


def _form(rec: CCFRecord) -> str:
    text = humanize(rec.product_form)
    return f"{text} ({rec.product_form_code})" if rec.product_form_code else text


def facts(rec: CCFRecord) -> list[tuple[str, str]]:
    """The key facts, in the order people scan them."""
    published = partial_date(rec.publication_date, rec.publication_date_precision)
    age = DASH
    if rec.audience.age_min is not None or rec.audience.age_max is not None:
        age = f"{rec.audience.age_min if rec.audience.age_min is not None else '?'}–" + (
            f"{rec.audience.age_max}" if rec.audience.age_max is not None else ""
        )
    return [
        ("Duration", duration(rec.duration_seconds)),
        ("Form", _form(rec)),
        ("Formats", ", ".join(format_code(c) for c in rec.format_codes) or DASH),
        ("Edition", humanize(rec.edition)),
        ("Content", humanize(rec.content_type)),
        ("Languages", languages((lang.role, lang.code) for lang in rec.languages)),
        ("Published", published),
        ("Publishing status", humanize(rec.publishing_status)),
        ("Publisher", rec.publisher or DASH),
        ("Imprint", rec.imprint or DASH),
        ("Explicit content", yes_no(rec.audience.explicit)),
        ("Audience age", age),
        ("GTIN", rec.product_key),
        ("Record reference", rec.record_reference or DASH),
    ]


def _facts(rec: CCFRecord) -> None:
    st.subheader("Key facts")
    cols = st.columns(2)
    for i, (name, value) in enumerate(facts(rec)):
        cols[i % 2].markdown(f":gray[{name}]  \n{escape_md(value)}")


def _media(rec: CCFRecord) -> None:
    st.subheader("Cover and sample")
    if rec.cover:
        size = (
            f"{rec.cover.width_px:,} × {rec.cover.height_px:,} px"
            if rec.cover.width_px and rec.cover.height_px
            else "size not stated"
        )
        kind = f", {rec.cover.format.upper()}" if rec.cover.format else ""
        st.markdown(f":material/image: [Cover image]({_safe_url(rec.cover.url)}) ({size}{kind})")
    else:
        st.caption("No cover image was sent.")
    if rec.sample:
        length = duration(rec.sample.duration_seconds) if rec.sample.duration_seconds else "length not stated"
        st.markdown(f":material/headphones: [Audio sample]({_safe_url(rec.sample.url)}) ({length})")
    else:
        st.caption("No audio sample was sent.")


def _safe_url(url: str) -> str:
    """Only web links become links; anything else (javascript:, data:) is shown inert."""
    if url.lower().startswith(("https://", "http://")):
        return url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    return "#"
