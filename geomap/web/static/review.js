/* geomap's review pages: a small map per event, a click on the map to pick a point, and the
   gazetteer search of the "move" form. Leaflet is served by the app; no inline script. */
(function () {
  "use strict";
  var outlines = null;

  function basemap(url) {
    if (!outlines) {
      outlines = fetch(url).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return outlines;
  }

  function smallMap(div, settings) {
    var lat = parseFloat(div.dataset.lat), lon = parseFloat(div.dataset.lon);
    var located = isFinite(lat) && isFinite(lon);
    var map = L.map(div, {maxZoom: 18, minZoom: 1, attributionControl: false,
                          zoomControl: div.classList.contains("large")});
    // Close enough to see the town's surroundings, far enough to see its country's outline.
    map.setView(located ? [lat, lon] : [20, 10], located ? (div.classList.contains("large") ? 7 : 5) : 1);
    if (settings.tiles && settings.tiles !== "off") {
      L.tileLayer(settings.tiles, {maxZoom: 18}).addTo(map);
    }
    basemap(settings.basemap).then(function (data) {
      if (data) {
        L.geoJSON(data, {interactive: false, style: {color: "#777", weight: 1, fillColor: "#eee",
                                                     fillOpacity: 1}}).addTo(map).bringToBack();
      }
    });
    var marker = located ? L.circleMarker([lat, lon], {radius: 7, color: "#1f77b4"}).addTo(map) : null;
    var form = div.dataset.pick && document.getElementById(div.dataset.pick);
    if (form) {
      map.on("click", function (e) {
        var point = e.latlng.wrap();
        form.elements.lat.value = point.lat.toFixed(5);
        form.elements.lon.value = point.lng.toFixed(5);
        if (marker) { marker.setLatLng(point); } else { marker = L.circleMarker(point).addTo(map); }
        div.dataset.picked = "1";
      });
    }
    div.dataset.ready = "1";
  }

  function search(form) {
    var input = form.elements.q, select = form.elements.gazetteer_id, timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (!text) { select.innerHTML = ""; return; }
        fetch(form.dataset.search + "?q=" + encodeURIComponent(text))
          .then(function (r) { return r.json(); })
          .then(function (found) {
            select.innerHTML = "";
            (found.places || []).forEach(function (p) {
              var option = document.createElement("option");
              option.value = p.gazetteer_id;
              option.textContent = p.name + " (" + p.feature + ", " + (p.admin1 || "") + " " +
                p.country_code + ")";
              select.appendChild(option);
            });
            form.dataset.found = String((found.places || []).length);
          });
      }, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".review-map").forEach(function (div) {
      var holder = div.closest("[data-basemap]") || div;
      smallMap(div, {basemap: holder.dataset.basemap, tiles: holder.dataset.tiles});
    });
    var finder = document.getElementById("move-search");
    if (finder) { search(finder); }
  });
}());
