"""The Folium map: Leaflet served by the app, events loaded by static/geomap.js.

The page never inlines one marker per event. Folium writes the map, its tile
layer and its marker cluster; geomap.js then fetches the filtered events from
/events.geojson (a compact set of fields), adds them to the cluster in chunks,
and fetches a popup's details when it opens. It also draws the offline
basemap, the legend, the time histogram and its controls.
"""

from __future__ import annotations

import json

import folium
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from jinja2 import Template

from geomap.web.security import nonced

# One colour per ACLED event type (and for political statements).
EVENT_COLOURS = {
    "Protests": "#1f77b4",
    "Riots": "#ff7f0e",
    "Violence against civilians": "#d62728",
    "Strategic developments": "#9467bd",
    "Battles": "#8c564b",
    "Political statement": "#7f7f7f",
}
OTHER_COLOUR = "#17becf"
MAX_ZOOM = 18
CLUSTER_UNTIL_ZOOM = 14
WORLD_VIEW = {"center": [20.0, 10.0], "zoom": 2}


def js_literal(value: object) -> str:
    """A value as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class GeomapEvents(JSCSSMixin):
    """Starts geomap.js on the map, its cluster and its tile layer."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        geomap.start({{ this._parent.get_name() }}, {{ this.cluster.get_name() }},
                     {{ this.tiles.get_name() if this.tiles else "null" }}, {{ this.config }});
        {% endmacro %}
    """)

    def __init__(self, cluster: MarkerCluster, tiles: folium.TileLayer | None, config: dict,
                 assets: dict[str, str]) -> None:
        super().__init__()
        self._name = "GeomapEvents"
        self.cluster = cluster
        self.tiles = tiles
        self.config = js_literal(config)
        self.default_js = [("geomapjs", assets["geomap.js"])]
        self.default_css = [("geomapcss", assets["geomap.css"])]


def build_map(config: dict, assets: dict[str, str], tiles_url: str, attribution: str,
              view: dict | None = None) -> folium.Map:
    """A Folium map whose events geomap.js loads as config says.

    tiles_url "off" leaves only the offline country outlines.
    """
    start = view or WORLD_VIEW
    # Folium passes max_zoom only to a default tile layer; without tiles (or once geomap.js
    # drops unreachable ones) the map itself needs maxZoom, or Leaflet.markercluster loops.
    m = folium.Map(location=start["center"], zoom_start=start["zoom"], tiles=None,
                   control_scale=True, maxZoom=MAX_ZOOM, minZoom=1)
    m.default_js = [("leaflet", assets["leaflet.js"])]
    m.default_css = [("leaflet_css", assets["leaflet.css"])]
    tiles = None
    if tiles_url != "off":
        tiles = folium.TileLayer(tiles=tiles_url, attr=attribution, max_zoom=MAX_ZOOM,
                                 name="OpenStreetMap", control=False)
        tiles.add_to(m)
    # Clustering stops at street level (zoom 15): at 100,000 events each zoom level clustered
    # costs time. Events at one spot still spread out (spiderfy) when their cluster is clicked.
    cluster = MarkerCluster(name="Events", control=False, options={
        "chunkedLoading": True, "chunkInterval": 400, "chunkDelay": 10,
        "disableClusteringAtZoom": CLUSTER_UNTIL_ZOOM + 1, "showCoverageOnHover": False})
    cluster.default_js = [("markerclusterjs", assets["markercluster.js"])]
    cluster.default_css = [("markerclustercss", assets["markercluster.css"]),
                           ("markerclusterdefaultcss", assets["markercluster.default.css"])]
    cluster.add_to(m)
    GeomapEvents(cluster, tiles, {**config, "colours": EVENT_COLOURS, "other": OTHER_COLOUR,
                                  "view": view}, assets).add_to(m)
    return m


def map_parts(m: folium.Map) -> dict[str, str]:
    """The map's header, body and script, to place in a page template (with the nonce)."""
    root = m.get_root()
    root.render()
    return {"header": nonced(root.header.render()), "body": root.html.render(),
            "script": root.script.render()}
