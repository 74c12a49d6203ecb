"""A world map of counts per country that never reaches the internet.

Plotly's geo maps draw country shapes from a TopoJSON file that plotly.js fetches at run time, by default
from plotly's CDN (`https://cdn.plot.ly/un/`). The console serves its own copy instead:
`app/static/topojson/world_110m.json` (Streamlit's static file serving, `server.enableStaticServing` in
`.streamlit/config.toml`), and every map's config points plotly.js at it (`topojsonURL`).

That file is built from Natural Earth's 1:110m countries as packaged by the `world-atlas` npm package
(countries-110m.json, ISC licence, public-domain data), rewritten to plotly's layout: the layers plotly
draws (`countries`, `land`, `coastlines`), each country keyed by its ISO 3166-1 alpha-3 code (from
pycountry) as plotly's `locationmode="ISO-3"` expects. Regenerate it with
`python -m app.components.world_map path/to/countries-110m.json`. At this scale a few micro-states have
no shape; their counts are still in the table beside the map.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pycountry
import streamlit as st

STATIC = Path(__file__).resolve().parents[1] / "static"
TOPOJSON = STATIC / "topojson" / "world_110m.json"


def topojson_url() -> str:
    """Where the browser finds the map's TopoJSON: this server's static files (under its base path)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + (f"{base}/" if base else "") + "app/static/topojson/"


def config() -> dict[str, Any]:
    """The plotly config of a map: local TopoJSON, no plotly logo, no link to plotly's cloud."""
    return {"topojsonURL": topojson_url(), "displaylogo": False, "showLink": False}


def figure(frame: pl.DataFrame, *, value: str = "titles", title: str = "Titles available") -> go.Figure:
    """A choropleth of `value` per country; `frame` has `iso3` and `country` columns beside it."""
    shown = frame.filter(pl.col("iso3").is_not_null())
    fig = go.Figure(
        go.Choropleth(
            locations=shown["iso3"].to_list(),
            z=shown[value].to_list(),
            text=shown["country"].to_list(),
            locationmode="ISO-3",
            colorscale="Blues",
            marker_line_color="#8a8a8a",
            marker_line_width=0.4,
            colorbar={"title": {"text": title}},
            hovertemplate="%{text}: %{z:,} titles<extra></extra>",
        )
    )
    fig.update_geos(
        scope="world",
        resolution=110,
        projection_type="natural earth",
        showframe=False,
        showcoastlines=True,
        coastlinecolor="#8a8a8a",
        showland=True,
        landcolor="#f0f0f0",
        showcountries=True,
        countrycolor="#bdbdbd",
        showocean=False,
        showlakes=False,
        showrivers=False,
        showsubunits=False,
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0}, height=440)
    return fig


# -- building the TopoJSON -------------------------------------------------------------------------


def to_plotly(atlas: dict[str, Any]) -> dict[str, Any]:
    """world-atlas's countries topology in plotly's layout: ISO-3 ids, and the layers plotly draws."""
    countries = atlas["objects"]["countries"]
    geometries = []
    for geometry in countries["geometries"]:
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        shape = {k: v for k, v in geometry.items() if k not in ("id", "properties")}
        if country is not None:
            shape["id"] = country.alpha_3
        geometries.append(shape)
    land = atlas["objects"]["land"]
    return {
        "type": "Topology",
        "bbox": atlas.get("bbox"),
        "transform": atlas["transform"],
        "arcs": atlas["arcs"],
        "objects": {
            "countries": {"type": "GeometryCollection", "geometries": geometries},
            "land": land,
            "coastlines": land,
        },
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m app.components.world_map path/to/world-atlas/countries-110m.json", file=sys.stderr)
        return 2
    atlas = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    TOPOJSON.parent.mkdir(parents=True, exist_ok=True)
    TOPOJSON.write_text(json.dumps(to_plotly(atlas), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {TOPOJSON}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
