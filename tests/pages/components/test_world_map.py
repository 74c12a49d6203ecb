"""The world map draws from the console's own TopoJSON, keyed by ISO 3166-1 alpha-3, never from a CDN."""

from __future__ import annotations

import json

import polars as pl
import pycountry

from app.components import world_map


def test_the_shipped_topojson_has_plotlys_layers_and_iso3_ids() -> None:
    topology = json.loads(world_map.TOPOJSON.read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and {"countries", "land", "coastlines"} <= set(topology["objects"])
    ids = [g.get("id") for g in topology["objects"]["countries"]["geometries"] if g.get("id")]
    assert len(ids) > 150 and all(pycountry.countries.get(alpha_3=i) is not None for i in ids)
    assert (world_map.TOPOJSON.parent / "world-atlas-LICENSE.txt").is_file()


def test_world_atlas_is_rewritten_to_plotlys_layout() -> None:
    atlas = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [1, 1]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "040", "properties": {"name": "Austria"}},
                    {"type": "Polygon", "arcs": [[0]], "properties": {"name": "Somaliland"}},
                ],
            },
            "land": {"type": "GeometryCollection", "geometries": []},
        },
    }
    out = world_map.to_plotly(atlas)
    assert [g.get("id") for g in out["objects"]["countries"]["geometries"]] == ["AUT", None]
    assert out["objects"]["coastlines"] == out["objects"]["land"] == atlas["objects"]["land"]


def test_a_map_keys_on_iso3_and_points_plotly_at_the_local_copy() -> None:
    frame = pl.DataFrame({"iso3": ["AUT", None], "country": ["Austria", "Nowhere"], "titles": [5, 1]})
    fig = world_map.figure(frame)
    [trace] = fig.data
    assert trace.locationmode == "ISO-3" and list(trace.locations) == ["AUT"] and list(trace.z) == [5]
    assert fig.layout.geo.resolution == 110 and fig.layout.geo.showocean is False
    assert world_map.config()["topojsonURL"] == "/app/static/topojson/"
