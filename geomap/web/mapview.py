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

from flask_babel import gettext as _

from geomap.taxonomy import COLOURS, OTHER_COLOUR
from geomap.web.security import nonced

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
    GeomapEvents(cluster, tiles, {**config, "colours": COLOURS, "other": OTHER_COLOUR,
                                  "view": view}, assets).add_to(m)
    return m


def type_names() -> dict[str, str]:
    """The event types in the interface's language."""
    return {"Protests": _("Protests"), "Riots": _("Riots"),
            "Violence against civilians": _("Violence against civilians"),
            "Strategic developments": _("Strategic developments"), "Battles": _("Battles"),
            "Explosions/Remote violence": _("Explosions/Remote violence"),
            "Political statement": _("Political statement"), "Other": _("Other")}


def script_text() -> dict[str, str]:
    """What geomap.js writes, in the interface's language."""
    return {
        "loading": _("loading"), "could_not_load": _("could not load the events:"),
        "drawing": _("drawing"), "event": _("event"), "events": _("events"),
        "country_wide": _("somewhere in the country"), "region_wide": _("somewhere in the region"),
        "planned_for_date": _("Planned: announced for this date"), "date": _("Date"),
        "place": _("Place"), "unknown": _("unknown"), "fatalities": _("Fatalities"),
        "crowd": _("Crowd"), "source": _("Source"), "dataset": _("Dataset"),
        "read_article": _("Read the article"), "original": _("original"),
        "coarsened": _("shown at the nearest town"),
        "could_not_load_event": _("Could not load this event."),
        "more_events": _("and {n} more events"),
        "time_precision_1": _("exact day"), "time_precision_2": _("within a week"),
        "time_precision_3": _("within a month"), "geo_precision_1": _("town or landmark"),
        "geo_precision_2": _("region, or near a town"), "geo_precision_3": _("country"),
        "open_full_map": _("Open the full map"), "key": _("Key"),
        "key_precise": _("at the place"), "key_near": _("near a town"),
        "key_area": _("in a region or a country"), "key_planned": _("planned"),
        "key_cluster": _("several events (ring: their types)"),
        "offline_attribution": _("Outlines: Natural Earth; names: GeoNames"),
        "tiles": _("OpenStreetMap"), "offline_map": _("Offline map"),
        "go_to_place": _("Go to a place"), "near": _("near {place}"), "events_per_date": _("Events per date"),
        "no_dated_events": _("no dated events"), "all_dates": _("all dates"),
        "play": _("Play"), "pause": _("Pause"), "last_7_days": _("Last 7 days"),
        "last_30_days": _("Last 30 days"), "last_year": _("Last year"),
        "all_dates_button": _("All dates"),
        "review": _("Review"), "review_auto": _("as extracted, not yet reviewed"),
        "review_verified": _("verified"), "review_edited": _("corrected by a reviewer"),
        "review_rejected": _("rejected"), "sources": _("Sources"),
        "sources_n": _("{n} articles or records"),
    }


def map_parts(m: folium.Map) -> dict[str, str]:
    """The map's header, body and script, to place in a page template (with the nonce)."""
    root = m.get_root()
    root.render()
    return {"header": nonced(root.header.render()), "body": root.html.render(),
            "script": root.script.render()}
