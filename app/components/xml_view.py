"""Raw XML as engineers want to read it: highlighted, with line numbers, downloadable, never rendered.

The XML is untrusted feed content: it is shown as code only (st.code escapes it), and very long
documents are cut for the screen (the download keeps every byte).
"""

from __future__ import annotations

import streamlit as st

from app.components.format import file_size

SHOW_LIMIT = 200_000
"""Characters shown on screen; the browser stays responsive and the download has the rest."""


def xml_view(xml: str | None, *, key: str, file_name: str = "product.xml", height: int | None = 420) -> None:
    if not xml:
        st.caption("No XML was kept for this item.")
        return
    shown = xml if len(xml) <= SHOW_LIMIT else xml[:SHOW_LIMIT]
    st.code(
        shown,
        language="xml",
        line_numbers=True,
        wrap_lines=False,
        height=height if len(shown) > 4000 else "content",
    )
    left, right = st.columns([3, 1], vertical_alignment="center")
    size = len(xml.encode("utf-8"))
    if len(xml) > SHOW_LIMIT:
        left.caption(
            f"Showing the first {SHOW_LIMIT:,} characters of {file_size(size)}; download for all of it."
        )
    else:
        left.caption(f"{xml.count(chr(10)) + 1:,} lines, {file_size(size)}")
    right.download_button(
        "Download XML",
        xml.encode("utf-8"),
        file_name=file_name,
        mime="application/xml",
        key=f"{key}_download",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
