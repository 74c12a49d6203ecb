"""One export as people read it: where and when it went, its files with sizes, rows and SHA-256, its
manifest, and the products the delivery ledger pinned for it.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from app import nav
from app.components import export_view
from app.components.format import DASH, code, escape_md, number, plural, when


def details(row: dict[str, Any]) -> None:
    st.markdown(
        "\n".join(
            [
                f"- **Partner:** `{row['partner']}`, profile version {row['profile_version']}",
                f"- **Mode:** {row['mode']} · **snapshot:** {when(row['snapshot_at'])}",
                f"- **Destination:** {code(row['destination'])}",
                f"- **Started:** {when(row['started_at'])} by {escape_md(row['actor'])} · **finished:** "
                f"{when(row['finished_at'])} · **took:** {export_view.took(row)}",
                f"- **Archive:** {code(row['archive_path']) if row['archive_path'] else DASH}",
            ]
        )
    )


def files(row: dict[str, Any]) -> None:
    files = row["files"]
    st.subheader(f"Files ({len(files)})", anchor=False)
    if not files:
        st.caption("This export has no product files (nothing was eligible to send).")
        return
    st.caption(
        "Each file's key under the destination, its size, rows and SHA-256 (the manifest carries the same); "
        "a file not delivered yet is sent by a retry."
    )
    st.dataframe(
        export_view.files_frame(files),
        hide_index=True,
        width="stretch",
        column_config={
            "File": st.column_config.TextColumn(width="medium"),
            "Bytes": st.column_config.NumberColumn(format="%d"),
            "Rows": st.column_config.NumberColumn(format="%d", width="small"),
            "SHA-256": st.column_config.TextColumn(width="large"),
        },
    )


def redeliveries(row: dict[str, Any]) -> None:
    """Each time the archived bytes were sent again, where to, by whom and how it ended."""
    sent = row.get("redeliveries") or []
    if not sent:
        return
    st.subheader(f"Re-deliveries ({len(sent)})", anchor=False)
    st.caption("The archived files of this export sent again, byte for byte (never a re-render), newest first.")
    st.dataframe(
        [
            {
                "When": when(r["started_at"]),
                "By": r["actor"],
                "Destination": r["destination"],
                "Status": r["status"],
                "Files": r["files"],
                "Error": r["error"] or "",
            }
            for r in sent
        ],
        hide_index=True,
        width="stretch",
        column_config={"Status": export_view.column("Status", [r["status"] for r in sent])},
    )


def manifest(row: dict[str, Any]) -> None:
    st.subheader("Manifest", anchor=False)
    manifest = row["manifest"]
    if manifest is None:
        st.caption(
            "No manifest yet: manifest.json is written last, after every file is delivered, so a partner that "
            "sees it sees a complete delivery."
        )
        return
    st.download_button(
        "Download manifest.json",
        json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"),
        file_name=f"export-{row['export_id']}-manifest.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
    )
    st.json(manifest, expanded=3)


def products(items: list[dict[str, Any]], limit: int) -> None:
    """The products as pinned in the ledger (at most `limit` of them); a picked row links to the product."""
    st.subheader("Products", anchor=False)
    if not items:
        st.caption("No product went in this export.")
        return
    st.caption(
        (f"The first {number(limit)}" if len(items) >= limit else plural(len(items), "product"))
        + " as pinned in the delivery ledger: the catalogue version sent, or the removal. Pick a row to open "
        "the product."
    )
    frame = export_view.items_frame(items)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="exports_items_table",
        column_config={
            "Change": export_view.column("Change", [i["change"] for i in items]),
            "Action": export_view.column("Action", [i["action"] for i in items]),
            "Version": st.column_config.NumberColumn(format="%d", width="small"),
            "Title": st.column_config.TextColumn(width="large"),
        },
    )
    if event is not None and event.selection.rows:
        nav.product_link(str(frame["GTIN"][event.selection.rows[0]]))
