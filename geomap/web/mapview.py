"""The Folium map: Leaflet served by the app, events loaded from /events.geojson.

The page never inlines one marker per event. A small script fetches the
filtered GeoJSON and adds the points to a marker cluster in chunks, so the
page stays small however many events are stored.
"""

from __future__ import annotations

import json
from html import escape

import folium
from branca.element import Element, MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

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


def _js(value: object) -> str:
    """A value as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class GeoJSONEvents(MacroElement):
    """Fetches events as GeoJSON and adds them to a marker cluster with popups."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var cluster = {{ this.cluster.get_name() }};
            var colours = {{ this.colours }};
            function row(parent, label, value) {
                if (value === null || value === undefined || value === "") { return; }
                var line = document.createElement("div");
                var b = document.createElement("b");
                b.textContent = label + ": ";
                line.appendChild(b);
                line.appendChild(document.createTextNode(String(value)));
                parent.appendChild(line);
            }
            function popup(p) {
                var box = document.createElement("div");
                box.className = "geomap-popup";
                var title = document.createElement("div");
                title.className = "geomap-popup-type";
                title.textContent = p.event_type + (p.sub_event_type ? " / " + p.sub_event_type : "");
                box.appendChild(title);
                row(box, {{ this.labels.date }}, p.event_date);
                row(box, {{ this.labels.place }}, p.location);
                row(box, {{ this.labels.fatalities }}, p.fatalities);
                row(box, {{ this.labels.crowd }}, p.crowd_size);
                var quote = document.createElement("blockquote");
                quote.textContent = p.notes;
                box.appendChild(quote);
                var link = document.createElement("a");
                link.href = {{ this.article_url }} + encodeURIComponent(p.article_id);
                link.textContent = p.source || p.article_id;
                box.appendChild(link);
                return box;
            }
            fetch({{ this.url }}, {headers: {"Accept": "application/geo+json"}})
                .then(function (r) { return r.json(); })
                .then(function (data) {
                    var markers = data.features.map(function (f) {
                        var p = f.properties;
                        var c = colours[p.event_type] || {{ this.other }};
                        var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
                        var m = L.circleMarker(ll, {radius: 8, color: "#222", weight: 1,
                                                    fillColor: c, fillOpacity: 0.85});
                        m.bindPopup(function () { return popup(p); });
                        return m;
                    });
                    cluster.addLayers(markers);
                    var count = document.getElementById("geomap-event-count");
                    if (count) { count.textContent = String(markers.length); }
                    if (markers.length) {
                        map.fitBounds(cluster.getBounds(), {maxZoom: 9, padding: [30, 30]});
                    }
                    document.body.setAttribute("data-geomap-loaded", String(markers.length));
                });
        })();
        {% endmacro %}
    """)

    def __init__(self, url: str, article_url: str, cluster: MarkerCluster) -> None:
        super().__init__()
        self._name = "GeoJSONEvents"
        self.url = _js(url)
        self.article_url = _js(article_url)
        self.cluster = cluster
        self.colours = _js(EVENT_COLOURS)
        self.other = _js(OTHER_COLOUR)
        self.labels = {k: _js(v) for k, v in
                       {"date": "Date", "place": "Place", "fatalities": "Fatalities",
                        "crowd": "Crowd"}.items()}


def legend_html() -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(name)}</li>'
        for name, colour in EVENT_COLOURS.items())
    return f'<div class="geomap-legend"><b>Event type</b><ul>{items}</ul></div>'


def build_map(geojson_url: str, article_url: str, assets: dict[str, str],
              tiles_url: str, attribution: str) -> folium.Map:
    """A Folium map whose events come from geojson_url, with legend and clustering."""
    m = folium.Map(location=[20, 10], zoom_start=2, tiles=None, max_zoom=18,
                   control_scale=True)
    folium.TileLayer(tiles=tiles_url, attr=attribution, max_zoom=18, name="Map").add_to(m)
    m.default_js = [("leaflet", assets["leaflet.js"])]
    m.default_css = [("leaflet_css", assets["leaflet.css"])]
    cluster = MarkerCluster(name="Events", options={"chunkedLoading": True})
    cluster.default_js = [("markerclusterjs", assets["markercluster.js"])]
    cluster.default_css = [("markerclustercss", assets["markercluster.css"]),
                           ("markerclusterdefaultcss", assets["markercluster.default.css"])]
    cluster.add_to(m)
    GeoJSONEvents(geojson_url, article_url, cluster).add_to(m)
    m.get_root().html.add_child(Element(legend_html()))
    return m


def map_parts(m: folium.Map) -> dict[str, str]:
    """The map's header, body and script, to place in a page template."""
    root = m.get_root()
    root.render()
    return {"header": root.header.render(), "body": root.html.render(),
            "script": root.script.render()}
