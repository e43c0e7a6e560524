/*
 * geomap's map, started by the page's Folium script: geomap.start(map, cluster, tiles, config).
 *
 * What is shown is one definition (shown(), below): the filters, the time window and, once
 * the reader has a view of their own, the map's box. The count, the table, the histogram,
 * the downloads, the embed snippet and the address bar all follow it, so a shared link
 * reproduces what its author saw.
 *
 * The events are fetched in one place (loadEvents): /events.geojson with a compact set of
 * fields, for the filters and the box around the view. Points go to the marker cluster
 * (whose clusters are rings of their types' colours); country- and region-level events are
 * drawn as their country's or region's outline, never as a point. A popup fetches its
 * events' details when it opens. When the filters hold more events than config.points_limit
 * (config.aggregate), the map asks the server instead (loadView): /events/grid.json counts
 * what is shown per cell for the zoom level, drawn as the same rings with their counts, and
 * once the view holds no more than points_limit events its points are fetched. Without a tile server the map draws the offline basemap:
 * country and region outlines, and place names from the gazetteer.
 * Everything from the server is inserted as text, never as HTML (but the events table,
 * which the server renders and escapes).
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var MARKER_STYLE = {
    1: {radius: 7, fillOpacity: 0.9, weight: 1},
    2: {radius: 8, fillOpacity: 0.5, weight: 1.5, dashArray: "3 2"},
    3: {radius: 8, fillOpacity: 0.5, weight: 1.5, dashArray: "3 2"}
  };
  var PLANNED_STYLE = {fillColor: "#fff", fillOpacity: 1, weight: 2.5, dashArray: "2 3"};
  var QUICK_RANGES = [["last_7_days", 7], ["last_30_days", 30], ["last_year", 365], ["all_dates_button", 0]];
  var PLAY_INTERVAL_MS = 800;
  var TILE_TIMEOUT_MS = 5000;
  var FIRST_BATCH = 5000;
  var REGION_ZOOM = 5;            // region outlines from this zoom on the offline map
  var TOWN_ZOOM = 11;             // from this zoom town names stand out above their point
  var POPUP_EVENTS = 10;          // events shown in the popup of an outline
  var SETTLE_MS = 250;            // table and histogram wait this long after the last change

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

  function later(fn, ms) {        // fn once, ms after the last call
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

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

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    });
  }

  function safeLink(href) { return /^https?:\/\//i.test(href || "") || /^\/[^/]/.test(href || ""); }

  function start(map, cluster, tiles, config) {
    var text = config.text;
    var lang = config.lang;
    var win = {since: config.since, until: config.until};      // the time window shown
    var viewSet = Boolean(config.view);     // the reader's own view: the map's box is shown
    var loadedBox = viewSet ? padded(viewBox()) : null;         // the box fetched
    var markers = [], areaEvents = [];
    var busy = false, pending = false, firstDraw = true, fitting = false;
    var incoming = null;          // what to draw once the cluster has been drawn
    var aggregate = Boolean(config.aggregate);      // counted by the server (loadView)
    var cells = L.layerGroup().addTo(map);         // the server's cells
    var serverTotal = 0;          // events shown, as the server counted them
    var generation = 0;
    var popup = L.popup({maxWidth: 380, minWidth: 240, maxHeight: 360});
    var popupKey = null;
    var info = infoControl();
    var timePanel = document.getElementById("geomap-time");
    var timeline = timePanel ? timeControls(timePanel) : null;
    var table = document.getElementById("geomap-table");
    var areas = areaLayer();

    function t(key) { return text[key] || key; }
    function colon() { return lang === "fr" ? " : " : ": "; }   // "Date : " in French
    function count(n) { return Number(n).toLocaleString(lang); }
    function dateText(iso, options) {
      return new Intl.DateTimeFormat(lang, Object.assign({timeZone: "UTC"}, options))
        .format(new Date(iso + "T00:00:00Z"));
    }
    function longDate(iso) { return dateText(iso, {day: "numeric", month: "long", year: "numeric"}); }

    /* -- What is shown: one definition for the map, the count, the table, the histogram,
          the downloads and the address bar. ------------------------------------------ */

    /* The map's box for its centre as the address writes it (4 decimals) and its zoom, so
       that a shared link gives the same box on a screen of the same size. */
    function viewBox() {
      var c = map.getCenter();
      var centre = L.latLng(Number(c.lat.toFixed(4)), Number(c.lng.toFixed(4)));
      var zoom = map.getZoom();
      var half = map.getSize().divideBy(2);
      var middle = map.project(centre, zoom);
      var sw = map.unproject(middle.add([-half.x, half.y]), zoom);
      var ne = map.unproject(middle.add([half.x, -half.y]), zoom);
      return L.latLngBounds(sw, ne);
    }

    function boxParam(bounds) {
      var west = Math.max(-180, bounds.getWest()), east = Math.min(180, bounds.getEast());
      var south = Math.max(-90, bounds.getSouth()), north = Math.min(90, bounds.getNorth());
      if (west >= east || south >= north ||
          (west === -180 && east === 180 && south === -90 && north === 90)) { return ""; }
      return [west, south, east, north].map(function (v) { return v.toFixed(4); }).join(",");
    }

    /* The box of what is shown ("" for everywhere): the bbox filter, else the reader's view. */
    function shownBox() {
      if (config.filters.bbox) { return config.filters.bbox; }
      return viewSet ? boxParam(viewBox()) : "";
    }

    function shown() {
      return Object.assign({}, config.filters, {since: win.since, until: win.until, bbox: shownBox()});
    }

    function inBox(box, lat, lon) {
      if (!box) { return true; }
      var b = box.split(",").map(Number);
      return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
    }

    function inWindow(date) {
      if (!win.since && !win.until) { return true; }
      return Boolean(date) && (!win.since || date >= win.since) && (!win.until || date <= win.until);
    }

    function shownCount() {
      var box = shownBox(), n = 0;
      markers.forEach(function (m) {
        var ll = m.getLatLng();
        if (m.geomap.shown && inBox(box, ll.lat, ll.lng)) { n += 1; }
      });
      areaEvents.forEach(function (e) {
        if (inWindow(e.date) && inBox(box, e.lat, e.lon)) { n += 1; }
      });
      return n;
    }

    /* -- Loading: the one place that fetches the events. ---------------------------- */

    function padded(bounds) { return boxParam(bounds.pad(1)); }

    function loadEvents() {
      if (aggregate) { loadView(); return; }
      var mine = ++generation;
      info.status(t("loading"));
      var params = Object.assign({}, config.filters, {since: config.since, until: config.until,
        bbox: config.filters.bbox || loadedBox || "", fields: config.fields});
      var url = firstDraw && config.preload ? config.preload : withParams(config.events, params);
      getJSON(url)
        .then(function (data) { if (mine === generation) { replace(data.features); } })
        .catch(function (error) { info.status(t("could_not_load") + " " + error.message); });
      if (timeline && !firstDraw) { timeline.load(); }
    }

    /* What is shown, counted per cell by the server; its points once they are few enough. */
    function loadView() {
      var mine = ++generation, state = shown();
      info.status(t("loading"));
      var url = config.preload || withParams(config.grid, Object.assign({}, state, {zoom: map.getZoom()}));
      config.preload = null;
      getJSON(url)
        .then(function (grid) {
          if (mine !== generation) { return null; }
          if (grid.total > config.points_limit) { showCells(grid); return null; }
          return getJSON(withParams(config.events, Object.assign({}, state, {fields: config.fields})))
            .then(function (data) {
              if (mine !== generation) { return; }
              config.since = state.since;          // what was fetched: the window shown
              config.until = state.until;
              serverTotal = grid.total;
              replace(data.features);
            });
        })
        .catch(function (error) { info.status(t("could_not_load") + " " + error.message); });
    }
    var loadViewLater = later(loadView, SETTLE_MS);

    function showCells(grid) {
      if (busy) { incoming = function () { showCells(grid); }; return; }
      cluster.clearLayers();
      cells.clearLayers();
      markers = [];
      areaEvents = [];
      areas.draw();
      serverTotal = grid.total;
      grid.cells.forEach(function (c) { cells.addLayer(c.event_id === null ? cellMarker(c) : single(c)); });
      info.status("");
      var zoom = map.getZoom();
      if (firstDraw && !viewSet && grid.cells.length) {       // fit the cells' events, or their one cell
        var only = grid.cells.length === 1 && grid.cells[0], size = grid.cell;
        var corner = only && [Math.floor((only.lat + 90) / size) * size - 90, Math.floor((only.lon + 180) / size) * size - 180];
        fitting = true;
        map.fitBounds(only ? L.latLngBounds([corner, [corner[0] + size, corner[1] + size]])
                           : L.latLngBounds(grid.cells.map(function (c) { return [c.lat, c.lon]; })),
                      {maxZoom: 9, padding: [30, 30], animate: false});
        fitting = false;
      }
      if (firstDraw && timeline) { timeline.load(); }
      firstDraw = false;
      refresh();
      if (map.getZoom() !== zoom) { loadView(); }      // the cells of the zoom level fitted
    }

    /* A cell of several events: a ring of their types with their count; a click zooms in. */
    function cellMarker(c) {
      var m = L.marker([c.lat, c.lon], {icon: ringIcon(c.types, c.count, " geomap-cell"), keyboard: false});
      m.on("click", function () { map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, map.getMaxZoom())); });
      return m;
    }

    /* A cell of one event: its point, whose popup shows it. */
    function single(c) {
      var type = Object.keys(c.types)[0];
      var m = L.circleMarker([c.lat, c.lon], Object.assign({color: "#222", fillColor: colour(type)},
                                                           MARKER_STYLE[1]));
      m.on("click", function () { showDetails(m.getLatLng(), "event-" + c.event_id, [c.event_id]); });
      return m;
    }

    function replace(features) {
      if (busy) { incoming = function () { replace(features); }; return; }
      cluster.clearLayers();
      cells.clearLayers();
      markers = [];
      areaEvents = [];
      features.forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        if (p.area) {
          areaEvents.push({id: p.event_id, type: p.event_type, date: p.event_date,
                           area: p.area, planned: p.planned, lat: c[1], lon: c[0]});
        } else {
          markers.push(marker(p, c));
        }
      });
      areas.load(areaEvents);
      draw();
    }

    function colour(type) { return config.colours[type] || config.other; }

    function marker(p, c) {
      var style = Object.assign({color: "#222", fillColor: colour(p.event_type)},
                                MARKER_STYLE[p.geo_precision] || MARKER_STYLE[2]);
      if (p.planned) { style = Object.assign(style, PLANNED_STYLE, {color: colour(p.event_type)}); }
      var m = L.circleMarker([c[1], c[0]], style);
      m.geomap = {id: p.event_id, date: p.event_date, type: p.event_type, shown: false};
      return m;
    }

    function covered() {
      return (!config.since || (win.since && win.since >= config.since)) &&
             (!config.until || (win.until && win.until <= config.until));
    }

    /* Show the markers in the time window: a few changes in place, many by a rebuild. */
    function draw() {
      if (busy) { pending = true; return; }
      if (!covered()) {          // a wider window than the page was given: fetch it
        config.since = "";
        config.until = "";
        config.preload = null;
        loadEvents();
        return;
      }
      var add = [], remove = [], keep = [];
      markers.forEach(function (m) {
        var want = inWindow(m.geomap.date);
        if (want && m.geomap.shown) { keep.push(m); }
        else if (want) { add.push(m); }
        else if (m.geomap.shown) { remove.push(m); }
      });
      remove.forEach(function (m) { m.geomap.shown = false; });
      add.forEach(function (m) { m.geomap.shown = true; });
      if (remove.length > keep.length) {
        cluster.clearLayers();
        add = add.concat(keep);
      } else if (remove.length) {
        cluster.removeLayers(remove);
      }
      areas.draw();
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
            info.status(all < add.length ? t("drawing") + " " + Math.round(100 * all / add.length) + "%" : "");
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
      info.status("");
      if (firstDraw && !viewSet && (markers.length || areaEvents.length)) {
        var bounds = markers.length ? cluster.getBounds() : L.latLngBounds([]);
        areaEvents.forEach(function (e) { bounds.extend([e.lat, e.lon]); });
        fitting = true;
        map.fitBounds(bounds, {maxZoom: 9, padding: [30, 30], animate: false});
        fitting = false;
      }
      if (firstDraw && timeline) { timeline.load(); }          // after the map, not before it
      firstDraw = false;
      refresh();
      if (incoming) {
        var next = incoming;
        incoming = null;
        pending = false;
        next();
      } else if (pending) {
        pending = false;
        draw();
      }
    }

    /* Everything that follows what is shown, after the map changed. Only the table of the
       latest view is drawn: an earlier answer that comes late is dropped. */
    var tableAsked = 0;
    var refreshTable = later(function () {
      if (!table) { return; }
      var asked = ++tableAsked;
      var query = withParams(config.table, shown());
      fetch(query)
        .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error(String(r.status))); })
        .then(function (html) {
          if (asked !== tableAsked) { return; }
          table.innerHTML = html;              // rendered and escaped by the server
          table.setAttribute("data-geomap-query", query);
        })
        .catch(function () { /* the table stays as it was */ });
    }, SETTLE_MS);
    var refreshTimeline = later(function () { if (timeline) { timeline.load(); } }, SETTLE_MS);

    function refresh() {
      var n = aggregate ? serverTotal : shownCount();
      info.count(n);
      syncState();
      refreshTable();
      document.body.setAttribute("data-geomap-loaded", String(n));
    }

    function setWindow(since, until) {
      win = {since: since, until: until};
      if (timeline) { timeline.show(); }
      if (aggregate) { loadViewLater(); } else { draw(); }
    }

    /* -- Country and region outlines for the events placed at a country or a region. -- */

    function areaLayer() {
      var layer = L.featureGroup().addTo(map);
      var shapes = {};          // area key -> GeoJSON feature
      var regionsAsked = {};    // country code -> promise of its regions
      var countries = null;

      function countryShapes() {
        if (!countries) {
          countries = getJSON(config.basemap).then(function (data) {
            var byCode = {};
            data.features.forEach(function (f) { byCode[f.properties.iso_a2] = f; });
            return byCode;
          });
        }
        return countries;
      }

      function regionShapes(code) {
        if (!regionsAsked[code]) {
          regionsAsked[code] = getJSON(config.regions.replace("{code}", code))
            .then(function (data) {
              var byKey = {};
              data.features.forEach(function (f) { byKey[f.properties.key] = f; });
              return byKey;
            })
            .catch(function () { return {}; });
        }
        return regionsAsked[code];
      }

      function load(events) {
        var keys = {};
        events.forEach(function (e) { keys[e.area] = true; });
        var asked = Object.keys(keys).filter(function (k) { return !shapes[k]; }).map(function (key) {
          var found = key.length === 2 ? countryShapes().then(function (c) { return c[key]; })
                                       : regionShapes(key.slice(0, 2)).then(function (r) { return r[key]; });
          return found.then(function (feature) { if (feature) { shapes[key] = feature; } });
        });
        if (asked.length) { Promise.all(asked).then(draw); }
      }

      function draw() {
        layer.clearLayers();
        var groups = {};
        areaEvents.forEach(function (e) {
          if (!inWindow(e.date) || !shapes[e.area]) { return; }
          (groups[e.area] = groups[e.area] || []).push(e);
        });
        Object.keys(groups).forEach(function (key) {
          var events = groups[key];
          var types = {};
          events.forEach(function (e) { types[e.type] = (types[e.type] || 0) + 1; });
          var main = Object.keys(types).sort(function (a, b) { return types[b] - types[a]; })[0];
          var planned = events.every(function (e) { return e.planned; });
          var shape = L.geoJSON(shapes[key], {style: {
            color: colour(main), weight: 2.5, dashArray: planned ? "2 4" : "8 4",
            fillColor: planned ? "#fff" : colour(main), fillOpacity: 0.3,
            className: "geomap-area geomap-area-" + (key.length === 2 ? "country" : "region")}});
          var name = shapes[key].properties.name;
          shape.bindTooltip(name + ": " + events.length + " " + t(events.length === 1 ? "event" : "events") +
                            " (" + t(key.length === 2 ? "country_wide" : "region_wide") + ")", {sticky: true});
          shape.on("click", function (ev) {
            showDetails(ev.latlng, key, events.map(function (e) { return e.id; }));
          });
          shape.addTo(layer);
        });
        layer.bringToBack();
      }

      return {load: load, draw: draw};
    }

    /* -- Popups: every event's details, with all the sentences that report it. ------- */

    function row(parent, label, value) {
      if (value === null || value === undefined || value === "") { return; }
      var line = el("div", "geomap-row");
      line.appendChild(el("b", null, label + colon()));
      line.appendChild(document.createTextNode(String(value)));
      parent.appendChild(line);
    }

    function quote(sentence, at) {
      var box = el("blockquote", "geomap-quote");
      if (at) {
        box.appendChild(document.createTextNode(sentence.slice(0, at[0])));
        box.appendChild(el("mark", "place", sentence.slice(at[0], at[1])));
        box.appendChild(document.createTextNode(sentence.slice(at[1])));
      } else {
        box.textContent = sentence;
      }
      return box;
    }

    function popupContent(d) {
      var box = el("div", "geomap-popup-event");
      box.appendChild(el("div", "geomap-popup-type",
                         d.event_type + (d.sub_event_type ? " · " + d.sub_event_type : "")));
      if (d.planned) { box.appendChild(el("div", "geomap-planned", t("planned_for_date"))); }
      row(box, t("date"), d.event_date ? longDate(d.event_date) + " (" +
          (t("time_precision_" + d.time_precision)) + ")" : t("unknown"));
      var country = d.country && d.country !== d.location ? ", " + d.country : "";
      row(box, t("place"), (d.location || t("unknown")) + country + " (" +
          t("geo_precision_" + d.geo_precision) + (d.coarsened ? "; " + t("coarsened") : "") + ")");
      row(box, t("fatalities"), d.fatalities);
      row(box, t("crowd"), d.crowd_size);
      row(box, t("review"), d.status ? t("review_" + d.status) : null);
      if (d.source_count > 1) { row(box, t("sources"), t("sources_n").replace("{n}", d.source_count)); }
      var sentences = d.sentences && d.sentences.length ? d.sentences : [{sentence: d.notes, place: d.place_in_notes}];
      sentences.forEach(function (s) {
        if (s.sentence) { box.appendChild(quote(s.sentence, s.place)); }
      });
      var dataset = d.article_kind === "dataset";
      row(box, t("source"), (d.source || t("unknown")) + (dataset && d.event_id_cnty ? " · " + d.event_id_cnty : ""));
      var links = el("div", "geomap-links");
      var page = el("a", null, dataset ? t("dataset") + colon() + d.article_title : t("read_article"));
      page.href = d.article_page;
      links.appendChild(page);
      if (safeLink(d.source_url)) {
        var original = el("a", null, t("original"));
        original.href = d.source_url;
        original.rel = "noopener noreferrer";
        original.target = "_blank";
        links.appendChild(document.createTextNode(" · "));
        links.appendChild(original);
      }
      box.appendChild(links);
      return box;
    }

    function showDetails(latlng, key, ids) {
      popupKey = key;
      var box = el("div", "geomap-popup");
      box.appendChild(el("div", "geomap-popup-loading", t("loading")));
      popup.setLatLng(latlng).setContent(box).openOn(map);
      var wanted = ids.slice(0, POPUP_EVENTS);
      Promise.all(wanted.map(function (id) {
        return getJSON(config.details.replace("{id}", encodeURIComponent(id)))
          .then(function (data) { return data.event; }, function () { return null; });
      })).then(function (events) {
        if (popupKey !== key) { return; }
        box.textContent = "";
        events.forEach(function (d) { box.appendChild(d ? popupContent(d) : el("div", null, t("could_not_load_event"))); });
        if (ids.length > wanted.length) {
          box.appendChild(el("div", "geomap-more", t("more_events").replace("{n}", count(ids.length - wanted.length))));
        }
        popup.update();
      });
    }

    cluster.on("click", function (event) {
      var m = event.layer;
      showDetails(m.getLatLng(), "event-" + m.geomap.id, [m.geomap.id]);
    });

    /* -- The controls: count and link, legend, basemap, place search. ---------------- */

    function infoControl() {
      var control = L.control({position: "bottomleft"});
      var box = el("div", "geomap-info");
      var number = el("span", "geomap-count", "…");
      var status = el("span", "geomap-status");
      control.onAdd = function () {
        box.appendChild(number);
        box.appendChild(el("span", "geomap-count-label", " " + t("events")));
        box.appendChild(status);
        if (config.embed) {
          var full = el("a", "geomap-full", t("open_full_map"));
          full.target = "_blank";
          full.rel = "noopener";
          box.appendChild(el("br"));
          box.appendChild(full);
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      control.addTo(map);
      return {
        count: function (n) {
          number.textContent = count(n);
          var outside = document.getElementById("geomap-event-count");
          if (outside) { outside.textContent = number.textContent; }
        },
        status: function (message) { status.textContent = message ? " · " + message : ""; },
        fullLink: function (href) {
          var link = box.querySelector(".geomap-full");
          if (link) { link.href = href; }
        }
      };
    }

    function legend() {
      var control = L.control({position: config.embed ? "topright" : "bottomright"});
      control.onAdd = function () {
        var box = el("details", "geomap-legend");
        box.open = true;
        box.appendChild(el("summary", null, t("key")));
        var types = el("ul", "geomap-key-types");
        Object.keys(config.colours).concat(["Other"]).forEach(function (name) {
          var item = el("li");
          var swatch = el("span", "swatch");
          swatch.style.background = config.colours[name] || config.other;
          item.appendChild(swatch);
          item.appendChild(document.createTextNode(config.type_names[name] || name));
          types.appendChild(item);
        });
        box.appendChild(types);
        var precision = el("ul", "geomap-key-precision");
        [["precision-1", "key_precise"], ["precision-2", "key_near"], ["precision-area", "key_area"],
         ["planned", "key_planned"], ["cluster", "key_cluster"]].forEach(function (entry) {
          var item = el("li");
          item.appendChild(el("span", "swatch " + entry[0]));
          item.appendChild(document.createTextNode(t(entry[1])));
          precision.appendChild(item);
        });
        box.appendChild(precision);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      };
      control.addTo(map);
    }

    /* Tiles when a tile server answers, else the offline basemap; a switch between them. */
    function basemap() {
      map.createPane("geomap-basemap").style.zIndex = 250;
      map.createPane("geomap-labels").style.zIndex = 620;      // names over the events, as text
      map.getPane("geomap-labels").style.pointerEvents = "none";
      var offline = L.layerGroup();
      var outlines = L.geoJSON(null, {
        pane: "geomap-basemap", interactive: false, className: "geomap-outline",
        style: {color: "#7c8b99", weight: 1, fillColor: "#eef1f4", fillOpacity: 1}
      });
      var regions = L.geoJSON(null, {
        pane: "geomap-basemap", interactive: false, className: "geomap-region-outline",
        style: {color: "#9aa7b3", weight: 0.8, dashArray: "3 3", fill: false}
      });
      var labels = L.layerGroup();
      offline.addLayer(outlines).addLayer(regions).addLayer(labels);
      offline.getAttribution = function () { return t("offline_attribution"); };
      var countries = null, regionsLoaded = {}, labelRequest = 0;
      var nearBox = el("div", "geomap-near");           // "near Minsk", zoomed in
      nearBox.hidden = true;
      map.getContainer().appendChild(nearBox);

      function on() { return map.hasLayer(offline); }

      function loadRegions() {
        if (!on() || !countries || map.getZoom() < REGION_ZOOM) { return; }
        var view = map.getBounds();
        countries.forEach(function (c) {
          var code = c.feature.properties.iso_a2;
          if (regionsLoaded[code] || !c.bounds.intersects(view)) { return; }
          regionsLoaded[code] = true;
          getJSON(config.regions.replace("{code}", code))
            .then(function (data) { regions.addData(data); })
            .catch(function () { /* a country without region outlines */ });
        });
      }

      /* Names from the gazetteer for the view, the most important first, none overlapping. */
      function loadLabels() {
        if (!on()) { return; }
        var mine = ++labelRequest, zoom = map.getZoom();
        map.getContainer().toggleAttribute("data-geomap-zoomed", zoom >= TOWN_ZOOM);
        var box = boxParam(map.getBounds().pad(0.2));
        if (!box) { box = "-180,-85,180,85"; }
        getJSON(withParams(config.labels, {bbox: box, zoom: zoom})).then(function (data) {
          if (mine !== labelRequest) { return; }
          labels.clearLayers();
          var taken = [];
          data.labels.forEach(function (l) {
            var at = map.latLngToContainerPoint([l[1], l[2]]);
            var big = zoom >= TOWN_ZOOM && l[3] !== "landmark";     // under its point
            var width = (big ? 12 : 7) * l[0].length + 12;
            var rect = big ? [at.x - width / 2, at.y + 6, at.x + width / 2, at.y + 34]
                           : [at.x - width / 2, at.y - 16, at.x + width / 2, at.y + 4];
            var clash = taken.some(function (r) {
              return rect[0] < r[2] && rect[2] > r[0] && rect[1] < r[3] && rect[3] > r[1];
            });
            if (clash) { return; }
            taken.push(rect);
            var name = el("span", "geomap-label-text", l[0]);
            var icon = L.divIcon({className: "geomap-label geomap-label-" + l[3], html: name,
                                  iconSize: null});
            L.marker([l[1], l[2]], {icon: icon, pane: "geomap-labels", interactive: false,
                                    keyboard: false}).addTo(labels);
            if (l[3] === "town" || l[3] === "capital") {       // its point, under the events
              L.circleMarker([l[1], l[2]], {pane: "geomap-basemap", radius: 2, weight: 0,
                                            fillColor: "#2b3a45", fillOpacity: 1,
                                            interactive: false}).addTo(labels);
            }
          });
          map.getContainer().setAttribute("data-geomap-labels", String(taken.length));
          nearBox.textContent = data.near ? t("near").replace("{place}", data.near) : "";
          nearBox.hidden = !data.near;
        });
      }

      offline.on("add", function () {
        map.getContainer().setAttribute("data-geomap-basemap", "outlines");
        if (!countries) {
          getJSON(config.basemap).then(function (data) {
            outlines.addData(data);
            countries = outlines.getLayers().map(function (layer) {
              return {feature: layer.feature, bounds: layer.getBounds()};
            });
            loadRegions();
          });
        }
        loadLabels();
      });
      offline.on("remove", function () {
        map.getContainer().removeAttribute("data-geomap-basemap");
        nearBox.hidden = true;
      });
      map.on("moveend", function () { loadRegions(); loadLabels(); });

      if (!tiles) { offline.addTo(map); return; }
      var loads = 0, errors = 0;
      function noTiles() {                          // no tile server reachable
        if (loads === 0 && map.hasLayer(tiles)) {
          map.removeLayer(tiles);
          offline.addTo(map);
        }
      }
      tiles.on("tileload", function () { loads += 1; });
      tiles.on("tileerror", function () { errors += 1; });
      tiles.once("load", function () { if (errors > 0) { setTimeout(noTiles, 0); } });
      setTimeout(noTiles, TILE_TIMEOUT_MS);
      var layers = {};
      layers[t("tiles")] = tiles;
      layers[t("offline_map")] = offline;
      L.control.layers(layers, null, {position: "topright"}).addTo(map);
    }

    /* A search box for places (French, English and local names) that moves the map. */
    function placeSearch() {
      var control = L.control({position: "topleft"});
      control.onAdd = function () {
        var box = el("form", "geomap-search");
        box.setAttribute("role", "search");
        var input = el("input");
        input.type = "search";
        input.name = "place";
        input.placeholder = t("go_to_place");
        input.setAttribute("aria-label", t("go_to_place"));
        input.autocomplete = "off";
        var list = el("ul", "geomap-search-results");
        box.appendChild(input);
        box.appendChild(list);
        var found = [], asked = 0;
        function go(place) {
          list.textContent = "";
          input.value = place.name;
          viewSet = true;
          map.setView([place.lat, place.lon], place.zoom);
        }
        var ask = later(function () {
          var mine = ++asked;
          if (input.value.trim().length < 2) { list.textContent = ""; return; }
          getJSON(withParams(config.place_search, {q: input.value})).then(function (data) {
            if (mine !== asked) { return; }
            found = data.places;
            list.textContent = "";
            found.forEach(function (place) {
              var item = el("li");
              var button = el("button", "geomap-search-result", place.name);
              button.type = "button";
              if (place.feature !== "country") {
                button.appendChild(el("span", "muted", " · " + place.country));
              }
              button.addEventListener("click", function () { go(place); });
              item.appendChild(button);
              list.appendChild(item);
            });
          });
        }, 200);
        input.addEventListener("input", ask);
        box.addEventListener("submit", function (event) {
          event.preventDefault();
          if (found.length) { go(found[0]); }
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      };
      control.addTo(map);
    }

    /* -- The address bar, the download links and the embed snippet follow what is shown. */
    function viewParams() {
      var c = map.getCenter();
      return {center: c.lat.toFixed(4) + "," + c.lng.toFixed(4), zoom: map.getZoom()};
    }

    function syncState() {
      var state = shown(), view = viewParams();
      var address = Object.assign({}, state, {bbox: config.filters.bbox || ""},
                                  viewSet ? view : {center: "", zoom: ""});
      info.fullLink(withParams(config.full, Object.assign({}, address, view)));
      if (config.embed) { return; }
      history.replaceState(null, "", withParams(config.page, address));
      document.querySelectorAll("a[data-geomap-download]").forEach(function (a) {
        a.href = withParams(a.href, state);
      });
      var snippet = document.getElementById("geomap-snippet");
      if (snippet) {
        var src = withParams(config.embed_url, Object.assign({}, address, view), true);
        snippet.value = '<iframe src="' + src.replace(/&/g, "&amp;").replace(/"/g, "&quot;") +
          '" width="100%" height="480" style="border:0" title="geomap"></iframe>';
      }
      var kept = Object.assign({since: win.since, until: win.until}, viewSet ? view : {center: "", zoom: ""});
      Object.keys(kept).forEach(function (name) {    // applying filters keeps the window and view
        var input = document.querySelector("form.filters input[name=" + name + "]");
        if (input) { input.value = kept[name]; }
      });
    }

    map.on("moveend", function () {
      if (fitting || firstDraw) { return; }
      viewSet = true;
      if (aggregate) {
        loadView();
        refreshTimeline();
        return;
      }
      if (!config.filters.bbox) {
        var view = viewBox();
        var box = loadedBox && loadedBox.split(",").map(Number);
        var inside = box && view.getWest() >= box[0] && view.getSouth() >= box[1] &&
                     view.getEast() <= box[2] && view.getNorth() <= box[3];
        if (!inside) {
          loadedBox = padded(view);
          loadEvents();
          return;
        }
      }
      refresh();
      refreshTimeline();
    });

    /* -- The histogram of events per date, its date axis, the window slider, quick
          ranges and playback. ---------------------------------------------------------- */
    function timeControls(panel) {
      var chart = panel.querySelector(".geomap-histogram");
      var axis = panel.querySelector(".geomap-axis");
      var from = panel.querySelector("input[name=from]");
      var to = panel.querySelector("input[name=to]");
      var label = panel.querySelector(".geomap-window");
      var play = panel.querySelector("button.geomap-play");
      var quick = panel.querySelector(".geomap-quick");
      var domain = null, bars = [], timer = null, loaded = 0;

      function windowDays() {
        return [win.since ? toDay(win.since) : domain.min, win.until ? toDay(win.until) : domain.max];
      }

      function setDays(first, last) {
        first = Math.max(domain.min, first);
        last = Math.min(domain.max, last);
        setWindow(first <= domain.min ? "" : fromDay(first), last >= domain.max ? "" : fromDay(last));
      }

      /* Tick days for the axis: days, weeks, months or years, as many as fit. */
      function ticks(min, max) {
        var span = max - min + 1, out = [], d;
        if (span <= 16) {
          for (d = min; d <= max; d += 1) { out.push([d, {day: "numeric", month: "short"}]); }
          return out;
        }
        if (span <= 120) {
          var step = span <= 60 ? 7 : 14;
          for (d = min + ((11 - new Date(min * DAY_MS).getUTCDay()) % 7); d <= max; d += step) {
            out.push([d, {day: "numeric", month: "short"}]);          // Mondays
          }
          return out;
        }
        var first = new Date(min * DAY_MS), months = span <= 800 ? (span <= 400 ? 1 : 3) : 12;
        var y = first.getUTCFullYear(), m = first.getUTCMonth() + 1;
        if (months === 12) { y += 1; m = 0; }
        for (;;) {
          while (m % months) { m += 1; }
          d = Math.round(Date.UTC(y + Math.floor(m / 12), m % 12, 1) / DAY_MS);
          if (d > max) { break; }
          out.push([d, months === 12 ? {year: "numeric"} : {month: "short", year: m % 12 === 0 ? "numeric" : undefined}]);
          m += months;
        }
        return out;
      }

      function plot(dates) {
        chart.textContent = "";
        axis.textContent = "";
        bars = [];
        if (!dates.length) { domain = null; panel.setAttribute("data-empty", ""); show(); return; }
        panel.removeAttribute("data-empty");
        domain = {min: toDay(dates[0][0]), max: toDay(dates[dates.length - 1][0])};
        var span = domain.max - domain.min + 1;
        var binDays = Math.max(1, Math.ceil(span / 120));
        var counts = new Array(Math.ceil(span / binDays)).fill(0);
        dates.forEach(function (d) { counts[Math.floor((toDay(d[0]) - domain.min) / binDays)] += d[1]; });
        var top = Math.max.apply(null, counts);
        var chartSvg = svg("svg", {viewBox: "0 0 " + counts.length + " 100", preserveAspectRatio: "none",
                                   role: "img", "aria-label": t("events_per_date")});
        counts.forEach(function (n, i) {
          var first = domain.min + i * binDays, last = Math.min(domain.max, first + binDays - 1);
          var h = n ? Math.max(2, 100 * n / top) : 0;
          var bar = svg("rect", {x: i + 0.05, y: 100 - h, width: 0.9, height: h, "class": "geomap-bar"});
          var title = svg("title", {});
          title.textContent = longDate(fromDay(first)) + (binDays > 1 ? " – " + longDate(fromDay(last)) : "") +
            colon() + count(n);
          bar.appendChild(title);
          bar.addEventListener("click", function () { stopPlay(); setDays(first, last); });
          bar.geomap = {first: first, last: last, count: n};
          chartSvg.appendChild(bar);
          bars.push(bar);
        });
        chart.appendChild(chartSvg);
        ticks(domain.min, domain.max).forEach(function (tick) {
          var mark = el("span", "geomap-tick", dateText(fromDay(tick[0]), tick[1]));
          mark.style.left = (100 * (Math.floor((tick[0] - domain.min) / binDays) + 0.5) / counts.length) + "%";
          mark.setAttribute("data-date", fromDay(tick[0]));
          axis.appendChild(mark);
        });
        [from, to].forEach(function (input) { input.min = domain.min; input.max = domain.max; });
        show();
      }

      function show() {
        if (!domain) { label.textContent = t("no_dated_events"); return; }
        var days = windowDays();
        from.value = days[0];
        to.value = days[1];
        bars.forEach(function (bar) {
          var inside = bar.geomap.last >= days[0] && bar.geomap.first <= days[1];
          bar.setAttribute("class", "geomap-bar" + (inside ? " in" : ""));
        });
        label.textContent = !win.since && !win.until ?
          t("all_dates") + " (" + longDate(fromDay(domain.min)) + " – " + longDate(fromDay(domain.max)) + ")" :
          longDate(fromDay(days[0])) + " – " + longDate(fromDay(days[1]));
      }

      function stopPlay() {
        if (timer) { clearInterval(timer); timer = null; }
        play.textContent = "▶ " + t("play");
        play.setAttribute("aria-pressed", "false");
      }

      /* Playback steps from one stretch with events to the next: empty ones are skipped. */
      play.addEventListener("click", function () {
        if (timer || !domain) { stopPlay(); return; }
        var frames = bars.filter(function (bar) { return bar.geomap.count > 0; });
        if (!frames.length) { return; }
        var days = windowDays();
        var whole = days[1] - days[0] + 1 >= domain.max - domain.min + 1;
        var width = whole ? frames[0].geomap.last - frames[0].geomap.first + 1 : days[1] - days[0] + 1;
        var at = 0;
        if (!whole) {
          while (at < frames.length - 1 && frames[at].geomap.last < days[0]) { at += 1; }
          if (days[1] >= domain.max) { at = 0; }
        }
        function frame() { var f = frames[at].geomap.first; setDays(f, f + width - 1); }
        frame();
        play.textContent = "❚❚ " + t("pause");
        play.setAttribute("aria-pressed", "true");
        timer = setInterval(function () {
          at += 1;
          if (at >= frames.length) { stopPlay(); return; }
          frame();
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
        var button = el("button", "geomap-range", t(range[0]));
        button.type = "button";
        button.setAttribute("data-days", String(range[1]));
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
          var mine = ++loaded;
          var params = Object.assign({}, config.filters, {bbox: shownBox()});
          getJSON(withParams(config.timeline, params)).then(function (data) {
            if (mine === loaded) { plot(data.dates); }
          });
        },
        show: function () { if (domain) { show(); } }
      };
    }

    /* A cluster's events by type, kept on each cluster while its count stays the same, so
       that a cluster sums its own markers and its child clusters' counts (the fields are
       Leaflet.markercluster's own: _markers, _childClusters, _childCount). */
    function typesOf(group) {
      if (group.geomapTypes && group.geomapTypes.n === group._childCount) { return group.geomapTypes.types; }
      var types = {};
      group._markers.forEach(function (m) { types[m.geomap.type] = (types[m.geomap.type] || 0) + 1; });
      group._childClusters.forEach(function (child) {
        var inner = typesOf(child);
        Object.keys(inner).forEach(function (type) { types[type] = (types[type] || 0) + inner[type]; });
      });
      group.geomapTypes = {n: group._childCount, types: types};
      return types;
    }

    /* Clusters are rings of their events' types, so that colours keep one meaning. */
    cluster.options.iconCreateFunction = function (group) {
      return ringIcon(typesOf(group), group.getChildCount(), "");
    };

    /* The icon of a cluster or a cell: a ring of its events' types around their number. */
    function ringIcon(types, total, className) {
      var size = total < 10 ? 34 : total < 100 ? 42 : 52, r = size / 2, inner = r - 7;
      var ring = svg("svg", {width: size, height: size, viewBox: "0 0 " + size + " " + size});
      var angle = -Math.PI / 2;
      Object.keys(types).sort().forEach(function (type) {
        var share = types[type] / total;
        var end = angle + share * 2 * Math.PI;
        if (share >= 0.9999) {
          ring.appendChild(svg("circle", {cx: r, cy: r, r: r - 3.5, fill: "none",
                                          stroke: colour(type), "stroke-width": 7}));
        } else {
          var large = share > 0.5 ? 1 : 0;
          var p = function (a, rad) { return (r + rad * Math.cos(a)).toFixed(2) + " " + (r + rad * Math.sin(a)).toFixed(2); };
          ring.appendChild(svg("path", {fill: colour(type), d: "M" + p(angle, r) + " A" + r + " " + r + " 0 " + large +
            " 1 " + p(end, r) + " L" + p(end, inner) + " A" + inner + " " + inner + " 0 " + large + " 0 " + p(angle, inner) + " Z"}));
        }
        angle = end;
      });
      ring.appendChild(svg("circle", {cx: r, cy: r, r: inner, fill: "#fff", "fill-opacity": 0.92}));
      var number = svg("text", {x: r, y: r + 4, "text-anchor": "middle", "class": "geomap-cluster-count"});
      number.textContent = total < 1000 ? String(total) : total < 999500 ? Math.round(total / 1000) + "k" :
        (total / 1e6).toFixed(1).replace(/\.0$/, "") + "M";
      ring.appendChild(number);
      var holder = el("div");
      holder.setAttribute("data-count", String(total));
      holder.appendChild(ring);
      return L.divIcon({html: holder, className: "marker-cluster geomap-cluster" + className,
                        iconSize: L.point(size, size)});
    }

    basemap();
    legend();
    placeSearch();
    loadEvents();
  }

  /* The copy button of the embed snippet, and filters that apply on change. */
  function pageControls() {
    var copy = document.getElementById("geomap-copy");
    var snippet = document.getElementById("geomap-snippet");
    if (copy && snippet) {
      copy.addEventListener("click", function () {
        snippet.select();
        var done = function () { copy.textContent = copy.getAttribute("data-done"); };
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
