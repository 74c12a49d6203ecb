"""Charts as the console draws them: plotly figures with the same colours everywhere, each shown with the
table behind it and a CSV download of that table.

Figures are built from small aggregated frames (core does the counting); AppTest cannot look inside a
plotly chart, so what a chart shows is always also in its table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from app.components.format import plural

SEVERITY_COLORS = {"error": "#d64545", "warning": "#e8a33d", "info": "#4a8fd4"}
SEVERITY_ORDER = ("error", "warning", "info")
BAR_COLOR = "#2f5d8a"
CONFIG: dict[str, Any] = {"displaylogo": False, "showLink": False}


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """A table as the CSV a spreadsheet opens (UTF-8, header row, comma separated)."""
    return frame.write_csv().encode("utf-8")


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        bargap=0.15,
    )
    return fig


def bars(
    labels: Sequence[Any],
    values: Sequence[int | float],
    *,
    horizontal: bool = False,
    name: str = "Titles",
    height: int | None = None,
    hover: str | None = None,
    category: bool = True,
) -> go.Figure:
    """One series of bars; horizontal bars keep the first label on top. `category=False` keeps a numeric
    x axis (a histogram of whole numbers)."""
    text = [f"{v:,}" for v in values]
    if horizontal:
        trace = go.Bar(
            y=list(labels),
            x=list(values),
            orientation="h",
            name=name,
            marker_color=BAR_COLOR,
            text=text,
            hovertemplate=hover or "%{y}: %{x:,}<extra></extra>",
        )
        fig = go.Figure(trace)
        fig.update_yaxes(autorange="reversed", type="category")
        size = height or max(160, 28 * len(labels) + 40)
    else:
        trace = go.Bar(
            x=list(labels),
            y=list(values),
            name=name,
            marker_color=BAR_COLOR,
            hovertemplate=hover or "%{x}: %{y:,}<extra></extra>",
        )
        fig = go.Figure(trace)
        if category:
            fig.update_xaxes(type="category")
        size = height or 320
    return _layout(fig, size)


def stacked(
    labels: Sequence[Any],
    series: Mapping[str, Sequence[int | float]],
    *,
    colors: dict[str, str] | None = None,
    horizontal: bool = False,
    height: int | None = None,
    category: bool = True,
) -> go.Figure:
    """Bars stacked by series (e.g. by severity); `series` maps a legend name to its values."""
    fig = go.Figure()
    for name, values in series.items():
        color = (colors or {}).get(name)
        if horizontal:
            fig.add_trace(go.Bar(y=list(labels), x=list(values), orientation="h", name=name, marker_color=color))
        else:
            fig.add_trace(go.Bar(x=list(labels), y=list(values), name=name, marker_color=color))
    fig.update_layout(barmode="stack")
    if horizontal:
        fig.update_yaxes(autorange="reversed", type="category")
        size = height or max(180, 28 * len(labels) + 60)
    else:
        if category:
            fig.update_xaxes(type="category")
        size = height or 320
    return _layout(fig, size)


def by_severity(frame: pl.DataFrame) -> dict[str, list[int]]:
    """The `errors`, `warnings`, `infos` columns of a frame as series named by severity."""
    return {
        "error": [int(v) for v in frame["errors"].to_list()],
        "warning": [int(v) for v in frame["warnings"].to_list()],
        "info": [int(v) for v in frame["infos"].to_list()],
    }


def chart_block(
    title: str,
    fig: go.Figure,
    table: pl.DataFrame,
    *,
    key: str,
    file_name: str,
    caption: str | None = None,
    config: dict[str, Any] | None = None,
    column_config: dict[str, Any] | None = None,
) -> None:
    """A chart, the table behind it (in an expander) and a CSV download of that table."""
    head, download = st.columns([4, 1], vertical_alignment="bottom")
    head.markdown(f"**{title}**")
    download.download_button(
        "CSV",
        csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
        help=f"The table behind this chart ({plural(len(table), 'row')}), as CSV.",
        width="stretch",
    )
    if caption:
        st.caption(caption)
    st.plotly_chart(fig, key=f"{key}_chart", config={**CONFIG, **(config or {})})
    with st.expander(f"Table ({plural(len(table), 'row')})", icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table", column_config=column_config)
