/*
 * geomap's map, started by the page's Folium script: geomap.start(map, cluster, tiles, config).
 *
 * It fetches the filtered events from /events.geojson with a compact set of fields, adds
 * them to the marker cluster in chunks, and fetches an event's details when its popup
 * opens. It draws the offline basemap when no tile loads, the legend, and on the main page
 * the time histogram with its slider, quick ranges and playback; it keeps the address bar,
 * the download links and the embed snippet in step with what is shown.
 * Everything from the server is inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var TIME_PRECISION = {1: "exact day", 2: "within a week", 3: "within a month"};
  var GEO_PRECISION = {1: "town or landmark", 2: "region, or near a town", 3: "country"};
  var MARKER_STYLE = {
    1: {radius: 7, fillOpacity: 0.9, weight: 1},
    2: {radius: 8, fillOpacity: 0.45, weight: 1, dashArray: "3 2"},
    3: {radius: 10, fillOpacity: 0.12, weight: 2}
  };
  var QUICK_RANGES = [["Last 7 days", 7], ["Last 30 days", 30], ["Last year", 365], ["All dates", 0]];
  var PLAY_FRAMES = 60;
  var PLAY_INTERVAL_MS = 800;
  var TILE_TIMEOUT_MS = 5000;
  var FIRST_BATCH = 5000;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  function toDay(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS); }
  function fromDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  /* url with params set (empty values removed), as a path or an absolute URL. */
  function withParams(url, params, absolute) {
    var u = new URL(url, window.location.href);
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === "" || v === null || v === undefined) { u.searchParams.delete(k); }
      else { u.searchParams.set(k, String(v)); }
    });
    return absolute ? u.href : u.pathname + u.search;
  }

  function safeLink(href) { return /^https?:\/\//i.test(href || "") || /^\/[^/]/.test(href || ""); }

  function row(parent, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var line = el("div", "geomap-row");
    line.appendChild(el("b", null, label + ": "));
    line.appendChild(document.createTextNode(String(value)));
    parent.appendChild(line);
  }

  /* The popup of one event, from /events/<id>.json. */
  function popupContent(d) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-popup-type",
                       d.event_type + (d.sub_event_type ? " · " + d.sub_event_type : "")));
    row(box, "Date", d.event_date ? d.event_date + " (" +
        (TIME_PRECISION[d.time_precision] || "precision unknown") + ")" : "unknown");
    var country = d.country && d.country !== d.location ? ", " + d.country : "";
    row(box, "Place", (d.location || "unknown") + country + " (" +
        (GEO_PRECISION[d.geo_precision] || "precision unknown") +
        (d.coarsened ? "; shown at the nearest town" : "") + ")");
    row(box, "Fatalities", d.fatalities);
    row(box, "Crowd", d.crowd_size);
    if (d.planned) { row(box, "Planned", "announced for this date"); }
    var quote = el("blockquote", "geomap-quote");
    var notes = d.notes || "";
    var at = d.place_in_notes;
    if (at) {
      quote.appendChild(document.createTextNode(notes.slice(0, at[0])));
      quote.appendChild(el("mark", "place", notes.slice(at[0], at[1])));
      quote.appendChild(document.createTextNode(notes.slice(at[1])));
    } else {
      quote.textContent = notes;
    }
    if (notes) { box.appendChild(quote); }
    var dataset = d.article_kind === "dataset";
    row(box, "Source", (d.source || "unknown") + (dataset && d.event_id_cnty ? " · " + d.event_id_cnty : ""));
    var links = el("div", "geomap-links");
    var page = el("a", null, dataset ? "Dataset: " + d.article_title : "Read the article");
    page.href = d.article_page;
    links.appendChild(page);
    if (safeLink(d.source_url)) {
      var original = el("a", null, "original");
      original.href = d.source_url;
      original.rel = "noopener noreferrer";
      original.target = "_blank";
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(original);
    }
    box.appendChild(links);
    return box;
  }

  /* Tiles when a tile server answers, else Natural Earth outlines; a switch between them. */
  function basemap(map, tiles, config) {
    map.createPane("geomap-basemap").style.zIndex = 250;
    var outlines = L.geoJSON(null, {
      pane: "geomap-basemap", interactive: false, className: "geomap-outline",
      style: {color: "#7c8b99", weight: 1, fillColor: "#e9edf1", fillOpacity: 1},
      attribution: "Country outlines: Natural Earth"
    });
    var requested = false;
    outlines.on("add", function () {
      if (requested) { return; }
      requested = true;
      fetch(config.basemap).then(function (r) { return r.json(); }).then(function (data) {
        outlines.addData(data);
        map.getContainer().setAttribute("data-geomap-basemap", "outlines");
      });
    });
    if (!tiles) { outlines.addTo(map); return; }
    var loads = 0, errors = 0;
    function offline() {                          // no tile server reachable
      if (loads === 0 && map.hasLayer(tiles)) {
        map.removeLayer(tiles);
        outlines.addTo(map);
      }
    }
    tiles.on("tileload", function () { loads += 1; });
    tiles.on("tileerror", function () { errors += 1; });
    tiles.once("load", function () { if (errors > 0) { setTimeout(offline, 0); } });
    setTimeout(offline, TILE_TIMEOUT_MS);
    L.control.layers({"OpenStreetMap": tiles, "Country outlines (offline)": outlines}, null,
                     {position: "topright"}).addTo(map);
  }

  function legend(map, config) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var box = el("div", "geomap-legend");
      box.appendChild(el("b", null, "Event type"));
      var list = el("ul");
      Object.keys(config.colours).concat(["Other"]).forEach(function (name) {
        var item = el("li");
        var swatch = el("span", "swatch");
        swatch.style.background = config.colours[name] || config.other;
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(name));
        list.appendChild(item);
      });
      box.appendChild(list);
      box.appendChild(el("b", null, "Location"));
      var precision = el("ul");
      [1, 2, 3].forEach(function (level) {
        var item = el("li");
        item.appendChild(el("span", "swatch precision-" + level));
        item.appendChild(document.createTextNode(GEO_PRECISION[level]));
        precision.appendChild(item);
      });
      box.appendChild(precision);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function infoControl(map, config) {
    var control = L.control({position: "bottomleft"});
    var box = el("div", "geomap-info");
    var count = el("span", "geomap-count", "…");
    var status = el("span", "geomap-status");
    control.onAdd = function () {
      box.appendChild(count);
      box.appendChild(document.createTextNode(" events"));
      box.appendChild(status);
      if (config.embed) {
        var full = el("a", "geomap-full", "Open the full map");
        full.target = "_blank";
        full.rel = "noopener";
        box.appendChild(document.createTextNode(" · "));
        box.appendChild(full);
      }
      return box;
    };
    control.addTo(map);
    return {
      count: function (n) {
        count.textContent = n.toLocaleString("en");
        var outside = document.getElementById("geomap-event-count");
        if (outside) { outside.textContent = count.textContent; }
      },
      status: function (text) { status.textContent = text ? " · " + text : ""; },
      fullLink: function (href) {
        var link = box.querySelector(".geomap-full");
        if (link) { link.href = href; }
      }
    };
  }

  function start(map, cluster, tiles, config) {
    var win = {since: config.since, until: config.until};      // the time window shown
    var loaded = {since: config.since, until: config.until};   // the window fetched
    var markers = [];
    var shown = 0;
    var busy = false, pending = false, firstDraw = true, fitting = false;
    var incoming = null;          // events fetched while the cluster was still being drawn
    var popupEvent = null;
    var generation = 0;
    var loadedBounds = config.view ? padded(map.getBounds()) : null;
    var info = infoControl(map, config);
    var timePanel = document.getElementById("geomap-time");
    var timeline = timePanel ? timeControls(timePanel) : null;
    var popup = L.popup({maxWidth: 360, minWidth: 240});

    basemap(map, tiles, config);
    legend(map, config);

    function padded(bounds) {
      var b = bounds.pad(1);
      var west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
      var south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
      if (west >= east || (west === -180 && east === 180 && south === -90 && north === 90)) {
        return null;
      }
      return L.latLngBounds([south, west], [north, east]);
    }

    function bboxParam() {
      if (config.filters.bbox || !loadedBounds) { return config.filters.bbox || ""; }
      return [loadedBounds.getWest(), loadedBounds.getSouth(), loadedBounds.getEast(),
              loadedBounds.getNorth()].map(function (v) { return v.toFixed(4); }).join(",");
    }

    function stateParams() {
      return Object.assign({}, config.filters, {since: win.since, until: win.until});
    }

    function load() {
      var mine = ++generation;
      info.status("loading");
      var params = Object.assign({}, config.filters, {
        since: loaded.since, until: loaded.until, bbox: bboxParam(), fields: config.fields});
      var url = withParams(config.events, params);
      if (firstDraw && config.preload) { url = config.preload; }    // the page preloads it
      fetch(url)
        .then(function (r) {
          if (!r.ok) { throw new Error("the server answered " + r.status); }
          return r.json();
        })
        .then(function (data) {
          if (mine === generation) { replace(data.features); }
        })
        .catch(function (error) { info.status("could not load the events: " + error.message); });
      if (timeline && !firstDraw) { timeline.load(); }
    }

    function replace(features) {
      if (busy) { incoming = features; return; }
      cluster.clearLayers();
      markers = features.map(marker);
      draw();
    }

    function marker(feature) {
      var p = feature.properties, c = feature.geometry.coordinates;
      var style = MARKER_STYLE[p.geo_precision] || MARKER_STYLE[3];
      var m = L.circleMarker([c[1], c[0]], Object.assign({
        color: "#222", fillColor: config.colours[p.event_type] || config.other}, style));
      m.geomap = {id: p.event_id, date: p.event_date, shown: false};
      return m;
    }

    function inWindow(m) {
      if (!win.since && !win.until) { return true; }
      var d = m.geomap.date;
      return Boolean(d) && (!win.since || d >= win.since) && (!win.until || d <= win.until);
    }

    function covered() {
      return (!loaded.since || (win.since && win.since >= loaded.since)) &&
             (!loaded.until || (win.until && win.until <= loaded.until));
    }

    /* Show the markers in the time window: a few changes in place, many by a rebuild. */
    function draw() {
      if (busy) { pending = true; return; }
      if (!covered()) { loaded = {since: "", until: ""}; load(); return; }
      var add = [], remove = [], keep = [];
      markers.forEach(function (m) {
        var want = inWindow(m);
        if (want && m.geomap.shown) { keep.push(m); }
        else if (want) { add.push(m); }
        else if (m.geomap.shown) { remove.push(m); }
      });
      remove.forEach(function (m) { m.geomap.shown = false; });
      add.forEach(function (m) { m.geomap.shown = true; });
      shown = add.length + keep.length;
      if (remove.length > keep.length) {
        cluster.clearLayers();
        add = add.concat(keep);
      } else if (remove.length) {
        cluster.removeLayers(remove);
      }
      busy = true;
      addInBatches(add);
    }

    /* A first batch shows clusters early; the rest follows in chunks, with a progress note. */
    function addInBatches(add) {
      var batches = add.length > FIRST_BATCH ? [add.slice(0, FIRST_BATCH), add.slice(FIRST_BATCH)] : [add];
      var before = 0;
      function next() {
        var batch = batches.shift();
        cluster.options.chunkProgress = function (done, total) {
          if (add.length > FIRST_BATCH) {
            var all = before + done;
            info.status(all < add.length ? "drawing " + Math.round(100 * all / add.length) + "%" : "");
          }
          if (done === total) {
            before += total;
            setTimeout(batches.length ? next : drawn, 0);
          }
        };
        cluster.addLayers(batch, true);
      }
      next();
    }

    function drawn() {
      busy = false;
      info.count(shown);
      info.status("");
      if (firstDraw && !config.view && shown) {
        fitting = true;
        map.fitBounds(cluster.getBounds(), {maxZoom: 9, padding: [30, 30], animate: false});
        fitting = false;
      }
      if (firstDraw && timeline) { timeline.load(); }          // after the map, not before it
      firstDraw = false;
      syncState();
      document.body.setAttribute("data-geomap-loaded", String(shown));
      if (incoming) {
        var features = incoming;
        incoming = null;
        pending = false;
        replace(features);
      } else if (pending) {
        pending = false;
        draw();
      }
    }

    function setWindow(since, until) {
      win = {since: since, until: until};
      if (timeline) { timeline.show(); }
      draw();
    }

    function showPopup(event) {
      var m = event.layer, id = m.geomap.id;
      popupEvent = id;
      popup.setLatLng(m.getLatLng()).setContent(el("div", "geomap-popup", "Loading…")).openOn(map);
      fetch(config.details.replace("{id}", encodeURIComponent(id)))
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (data) {
          if (popupEvent === id) { popup.setContent(popupContent(data.event)); }
        })
        .catch(function () {
          if (popupEvent === id) { popup.setContent(el("div", "geomap-popup", "Could not load this event.")); }
        });
    }

    /* The address bar, the download links and the embed snippet follow the view. */
    var viewTouched = Boolean(config.view);
    function viewParams() {
      var c = map.getCenter();
      return {center: c.lat.toFixed(4) + "," + c.lng.toFixed(4), zoom: map.getZoom()};
    }
    function syncState() {
      var state = stateParams(), view = viewParams();
      info.fullLink(withParams(config.full, Object.assign({}, state, view)));
      if (config.embed) { return; }
      history.replaceState(null, "", withParams(config.page,
        Object.assign({}, state, viewTouched ? view : {center: "", zoom: ""})));
      document.querySelectorAll("a[data-geomap-download]").forEach(function (a) {
        a.href = withParams(a.href, state);
      });
      var snippet = document.getElementById("geomap-snippet");
      if (snippet) {
        var src = withParams(config.embed_url, Object.assign({}, state, view), true);
        snippet.value = '<iframe src="' + src.replace(/&/g, "&amp;").replace(/"/g, "&quot;") +
          '" width="100%" height="480" style="border:0" title="geomap"></iframe>';
      }
      var kept = Object.assign({since: win.since, until: win.until},
                               viewTouched ? view : {center: "", zoom: ""});
      Object.keys(kept).forEach(function (name) {    // applying filters keeps the window and view
        var input = document.querySelector("form.filters input[name=" + name + "]");
        if (input) { input.value = kept[name]; }
      });
    }

    map.on("moveend", function () {
      if (fitting || firstDraw) { return; }
      viewTouched = true;
      if (loadedBounds && !config.filters.bbox && !loadedBounds.contains(map.getBounds())) {
        loadedBounds = padded(map.getBounds());
        load();
        return;
      }
      syncState();
    });
    cluster.on("click", showPopup);

    /* The histogram of events per date, the window slider, quick ranges and playback. */
    function timeControls(panel) {
      var chart = panel.querySelector(".geomap-histogram");
      var from = panel.querySelector("input[name=from]");
      var to = panel.querySelector("input[name=to]");
      var label = panel.querySelector(".geomap-window");
      var play = panel.querySelector("button.geomap-play");
      var quick = panel.querySelector(".geomap-quick");
      var domain = null, bars = [], timer = null;

      function windowDays() {
        return [win.since ? toDay(win.since) : domain.min, win.until ? toDay(win.until) : domain.max];
      }

      function setDays(first, last) {
        first = Math.max(domain.min, first);
        last = Math.min(domain.max, last);
        setWindow(first <= domain.min ? "" : fromDay(first), last >= domain.max ? "" : fromDay(last));
      }

      function plot(dates) {
        while (chart.firstChild) { chart.removeChild(chart.firstChild); }
        bars = [];
        if (!dates.length) { domain = null; panel.setAttribute("data-empty", ""); return; }
        panel.removeAttribute("data-empty");
        domain = {min: toDay(dates[0][0]), max: toDay(dates[dates.length - 1][0])};
        var span = domain.max - domain.min + 1;
        var binDays = Math.max(1, Math.ceil(span / 120));
        var counts = new Array(Math.ceil(span / binDays)).fill(0);
        dates.forEach(function (d) { counts[Math.floor((toDay(d[0]) - domain.min) / binDays)] += d[1]; });
        var top = Math.max.apply(null, counts);
        var chartSvg = svg("svg", {viewBox: "0 0 " + counts.length + " 100", preserveAspectRatio: "none",
                               role: "img", "aria-label": "Events per date"});
        counts.forEach(function (n, i) {
          var first = domain.min + i * binDays, last = Math.min(domain.max, first + binDays - 1);
          var h = n ? Math.max(2, 100 * n / top) : 0;
          var bar = svg("rect", {x: i + 0.05, y: 100 - h, width: 0.9, height: h, "class": "geomap-bar"});
          var title = svg("title", {});
          title.textContent = fromDay(first) + (binDays > 1 ? " to " + fromDay(last) : "") + ": " + n;
          bar.appendChild(title);
          bar.addEventListener("click", function () { stopPlay(); setDays(first, last); });
          bar.geomap = {first: first, last: last};
          chartSvg.appendChild(bar);
          bars.push(bar);
        });
        chart.appendChild(chartSvg);
        [from, to].forEach(function (input) { input.min = domain.min; input.max = domain.max; });
        show();
      }

      function show() {
        if (!domain) { label.textContent = "no dated events"; return; }
        var days = windowDays();
        from.value = days[0];
        to.value = days[1];
        bars.forEach(function (bar) {
          var inside = bar.geomap.last >= days[0] && bar.geomap.first <= days[1];
          bar.setAttribute("class", "geomap-bar" + (inside ? " in" : ""));
        });
        label.textContent = !win.since && !win.until ? "all dates (" + fromDay(domain.min) + " to " +
          fromDay(domain.max) + ")" : fromDay(days[0]) + " to " + fromDay(days[1]);
      }

      function stopPlay() {
        if (timer) { clearInterval(timer); timer = null; }
        play.textContent = "▶ Play";
        play.setAttribute("aria-pressed", "false");
      }

      play.addEventListener("click", function () {
        if (timer || !domain) { stopPlay(); return; }
        var span = domain.max - domain.min + 1;
        var days = windowDays();
        var width = days[1] - days[0] + 1;
        if (width >= span) { width = Math.max(1, Math.round(span / 10)); }
        var step = Math.max(1, Math.round(span / PLAY_FRAMES));
        var first = days[1] >= domain.max ? domain.min : days[0];
        setDays(first, first + width - 1);
        play.textContent = "❚❚ Pause";
        play.setAttribute("aria-pressed", "true");
        timer = setInterval(function () {
          first += step;
          if (first > domain.max) { stopPlay(); return; }
          setDays(first, first + width - 1);
        }, PLAY_INTERVAL_MS);
      });

      [from, to].forEach(function (input) {
        input.addEventListener("input", function () {
          stopPlay();
          var a = Number(from.value), b = Number(to.value);
          if (a > b) { if (input === from) { b = a; } else { a = b; } }
          setDays(a, b);
        });
      });

      QUICK_RANGES.forEach(function (range) {
        var button = el("button", "geomap-range", range[0]);
        button.type = "button";
        button.addEventListener("click", function () {
          stopPlay();
          if (!domain) { return; }
          if (range[1]) { setDays(domain.max - range[1] + 1, domain.max); }
          else { setWindow("", ""); }
        });
        quick.appendChild(button);
      });

      ["since", "until"].forEach(function (name) {
        var input = document.querySelector("form.filters input[name=" + name + "]");
        if (!input) { return; }
        input.addEventListener("change", function () {
          stopPlay();
          var other = name === "since" ? win.until : win.since;
          var value = input.value;
          if (name === "since") { setWindow(value, other); } else { setWindow(other, value); }
        });
      });

      return {
        load: function () {
          var params = Object.assign({}, config.filters, {bbox: bboxParam()});
          fetch(withParams(config.timeline, params))
            .then(function (r) { return r.json(); })
            .then(function (data) { plot(data.dates); });
        },
        show: function () { if (domain) { show(); } }
      };
    }

    load();
  }

  /* The copy button of the embed snippet, and filters that apply on change. */
  function pageControls() {
    var copy = document.getElementById("geomap-copy");
    var snippet = document.getElementById("geomap-snippet");
    if (copy && snippet) {
      copy.addEventListener("click", function () {
        snippet.select();
        var done = function () { copy.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(snippet.value).then(done);
        } else {
          document.execCommand("copy");
          done();
        }
      });
      snippet.addEventListener("focus", function () { snippet.select(); });
    }
    var filters = document.querySelector("form.filters");
    if (filters) {
      var submit = function () {        // leave empty fields out of the address
        filters.querySelectorAll("input, select").forEach(function (field) {
          field.disabled = field.value === "";
        });
        filters.submit();
      };
      filters.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
      window.addEventListener("pageshow", function () {       // back from the next page
        filters.querySelectorAll("input, select").forEach(function (field) { field.disabled = false; });
      });
      filters.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", submit);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", pageControls);
  window.geomap = {start: start};
}());
