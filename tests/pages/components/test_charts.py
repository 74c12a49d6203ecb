"""Charts: the same colours everywhere, the table behind each one, and its CSV."""

from __future__ import annotations

import polars as pl
from streamlit.testing.v1 import AppTest

from app.components import charts


def test_a_table_downloads_as_the_csv_a_spreadsheet_opens() -> None:
    frame = pl.DataFrame({"Country": ["Österreich", "Côte d'Ivoire"], "Titles": [3, 1]})
    assert charts.csv_bytes(frame).decode("utf-8").splitlines() == [
        "Country,Titles",
        "Österreich,3",
        "Côte d'Ivoire,1",
    ]


def test_stacked_bars_by_severity_keep_their_colours_and_order() -> None:
    frame = pl.DataFrame({"rule_id": ["Q20", "Q27"], "errors": [2, 0], "warnings": [0, 3], "infos": [1, 0]})
    fig = charts.stacked(frame["rule_id"].to_list(), charts.by_severity(frame), colors=charts.SEVERITY_COLORS, horizontal=True)
    assert [t.name for t in fig.data] == ["error", "warning", "info"]
    assert [t.marker.color for t in fig.data] == [charts.SEVERITY_COLORS[s] for s in ("error", "warning", "info")]
    assert list(fig.data[1].x) == [0, 3] and fig.layout.barmode == "stack"


def test_a_histogram_keeps_a_numeric_axis() -> None:
    fig = charts.bars([0, 1, 2], [1, 0, 4], category=False)
    assert fig.layout.xaxis.type is None
    assert charts.bars(["a", "b"], [1, 2]).layout.xaxis.type == "category"


def block() -> None:
    import plotly.graph_objects as go
    import polars as pl

    from app.components import charts

    charts.chart_block(
        "Titles by form",
        go.Figure(go.Bar(x=["a"], y=[1])),
        pl.DataFrame({"Form": ["a"], "Titles": [1]}),
        key="t",
        file_name="forms.csv",
        caption="A caption",
    )


def test_a_chart_block_shows_its_table_and_a_csv_button() -> None:
    at = AppTest.from_function(block).run()
    assert at.markdown[0].value == "**Titles by form**" and at.caption[0].value == "A caption"
    assert at.dataframe[0].value.to_dict("list") == {"Form": ["a"], "Titles": [1]}
    [button] = at.get("download_button")
    assert button.label == "CSV" and button.proto.url.endswith(".csv")
    assert at.expander[0].label == "Table (1 row)"
