"""What a person sees: the map in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from datetime import date
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from werkzeug.serving import make_server

from geomap.ingest import ingest
from geomap.model import Article
from geomap.settings import Settings
from geomap.web import create_app

from conftest import API_TOKEN, AUTH, ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Screenshots of the tests go to an ignored folder; docs/screenshots.py makes the README's.
SCREENSHOTS = ROOT / "build" / "screenshots"
# Records Content-Security-Policy violations, so a test can check there were none.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


# A country-level event ("dans toute la France") and a planned one, in their own app.
FRANCE = Article(text="Des centaines de milliers de personnes ont manifesté jeudi dans toute la"
                      " France contre la réforme des retraites. Une nouvelle journée de grève est"
                      " prévue mardi prochain dans tout le pays.",
                 lang="fr", published=date(2023, 3, 23), title="Retraites")


def serve(tmp: Path, pipeline, articles: list[Article]) -> Iterator[Flask]:
    """The app on a free port of 127.0.0.1 with these articles stored.

    Its tile URL answers 404, as when no tile server is reachable.
    """
    settings = Settings.for_instance(tmp, tiles_url="/tiles/{z}/{x}/{y}.png", api_token=API_TOKEN)
    app = create_app(settings)
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), articles, pipeline)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_article) -> Iterator[Flask]:
    """The app with the sample article stored."""
    yield from serve(tmp_path_factory.mktemp("browser"), pipeline, [seed_article])


@pytest.fixture(scope="module")
def france_url(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_article) -> Iterator[str]:
    """The app with the sample article and a story of protests all over France."""
    for app in serve(tmp_path_factory.mktemp("france"), pipeline, [seed_article, FRANCE]):
        yield app.config["LIVE_URL"]


@pytest.fixture(scope="module")
def counted_url(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_article) -> Iterator[str]:
    """The sample article in an app that draws at most 3 events one by one: more are counted
    per cell by the server, as a million would be."""
    for app in serve(tmp_path_factory.mktemp("counted"), pipeline, [seed_article]):
        app.config["MAP_POINTS"] = 3
        yield app.config["LIVE_URL"]


@pytest.fixture(scope="module")
def live_url(live_app: Flask) -> str:
    return live_app.config["LIVE_URL"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def loaded(page: Page, url: str) -> int:
    """Open a map page and wait until its events are on the map; returns how many."""
    page.goto(url)
    page.wait_for_selector("body[data-geomap-loaded]", state="attached", timeout=15_000)
    return shown(page)


def shown(page: Page) -> int:
    return int(page.get_attribute("body", "data-geomap-loaded"))


def wait_until(page: Page, check: Callable[[], object], what: str) -> None:
    """Poll from Python: the page's policy forbids the eval that wait_for_function needs."""
    for _ in range(100):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def shown_becomes(page: Page, condition: Callable[[int], bool]) -> int:
    """Wait until the number of events shown meets a condition; returns it."""
    def check() -> bool:
        value = page.get_attribute("body", "data-geomap-loaded")
        return value is not None and condition(int(value))

    wait_until(page, check, "the events shown to change")
    return shown(page)


def open_a_popup(page: Page) -> str:
    for _ in range(8):                      # zoom into the clusters until single points show
        if page.locator("path.leaflet-interactive").count():
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(600)
    for attempt in range(3):                # a click while the map still moves opens nothing
        page.locator("path.leaflet-interactive").first.click(force=True)
        try:
            page.locator(".geomap-popup-type").wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return page.inner_text(".leaflet-popup-content")


def no_violations(page: Page) -> None:
    assert page.evaluate("window.cspViolations") == []
    assert page.dialogs == []


def test_map_shows_clusters_and_a_popup(page: Page, live_url: str) -> None:
    assert loaded(page, live_url + "/") > 5
    assert page.locator(".marker-cluster").count() >= 1
    page.wait_for_selector(".leaflet-container[data-geomap-basemap=outlines]")
    page.locator(".geomap-bar").first.wait_for()
    page.wait_for_timeout(500)                              # let the clusters' fade-in end
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"))
    text = open_a_popup(page)
    assert "August 1" in text and "2020" in text and "Date:" in text and "Place:" in text
    assert any(p in text for p in ("(exact day)", "(within a week)", "(within a month)"))
    assert any(p in text for p in ("(town or landmark", "(region", "(country"))
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("blockquote mark.place").count() == 1       # the place, highlighted
    assert popup.locator("a", has_text="Read the article").get_attribute("href").startswith("/articles/")
    no_violations(page)


def test_offline_basemap_when_no_tile_loads(page: Page, live_url: str) -> None:
    loaded(page, live_url + "/embed")
    page.wait_for_selector(".leaflet-container[data-geomap-basemap=outlines]")
    # the outlines are fetched after the switch: wait for them rather than race them
    wait_until(page, lambda: page.locator("path.geomap-outline").count() > 150, "the outlines")
    assert page.locator(".leaflet-tile-pane img").count() == 0
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")


def test_filters_change_what_is_shown(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    assert 0 < loaded(page, live_url + "/?since=2020-08-16") < everything
    assert loaded(page, live_url + "/?country=DE") == 0
    loaded(page, live_url + "/")
    page.select_option("form.filters select[name=type]", "Protests")     # submits the form
    protests = shown_becomes(page, lambda n: n != everything)
    assert 0 < protests < everything and "type=Protests" in page.url
    page.fill("form.filters input[name=q]", "télévision")
    page.click("form.filters button[type=submit]")
    assert 0 < shown_becomes(page, lambda n: n < protests)
    assert page.url.endswith("/?type=Protests&q=t%C3%A9l%C3%A9vision")     # no empty fields
    page.locator(".leaflet-control-zoom-in").click()               # a view of one's own ...
    wait_until(page, lambda: "zoom=" in page.url, "the view in the address")
    zoom = page.url.split("zoom=")[1]
    page.select_option("form.filters select[name=type]", "")
    wait_until(page, lambda: "type=" not in page.url and page.url.endswith(f"zoom={zoom}"),
               "the filters applied")                              # ... is kept
    assert "q=t%C3%A9l%C3%A9vision" in page.url


def test_time_window_histogram_and_playback(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    bars = page.locator(".geomap-bar")
    bars.first.wait_for()
    count = page.locator(".geomap-bar title").last.text_content().split(": ")[-1]
    bars.last.click()                                       # one day, without reloading
    assert shown_becomes(page, lambda n: n == int(count)) == int(count) < everything
    day = "2020-08-16"                                      # the article's last day
    assert f"since={day}" in page.url and page.input_value("form.filters input[name=since]") == day
    page.click("button.geomap-range:has-text('All dates')")
    shown_becomes(page, lambda n: n == everything)
    page.fill("form.filters input[name=until]", "2020-08-14")
    page.dispatch_event("form.filters input[name=until]", "change")
    shown_becomes(page, lambda n: n < everything)
    page.click("button.geomap-play")
    first = page.inner_text(".geomap-window")
    wait_until(page, lambda: page.inner_text(".geomap-window") != first, "the window to move")
    page.click("button.geomap-play")                                # pause
    assert page.get_attribute("button.geomap-play", "aria-pressed") == "false"
    paused = page.inner_text(".geomap-window")
    page.wait_for_timeout(1_500)
    assert page.inner_text(".geomap-window") == paused


def test_download_holds_the_filtered_events(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/?country=BY")
    page.fill("form.filters input[name=since]", "2020-08-15")
    page.dispatch_event("form.filters input[name=since]", "change")
    count = shown_becomes(page, lambda n: n < everything)
    for fmt, link in (("geojson", "GeoJSON"), ("csv", "CSV")):
        with page.expect_download() as download:
            page.click(f"a[data-geomap-download]:has-text('{link}')")
        path = download.value.path()
        assert download.value.suggested_filename == f"geomap-events.{fmt}"
        if fmt == "geojson":
            features = json.loads(Path(path).read_text())["features"]
            assert len(features) == count > 0
            assert all(f["properties"]["event_date"] >= "2020-08-15" and
                       f["properties"]["country_code"] == "BY" for f in features)
        else:
            assert len(Path(path).read_text().strip().splitlines()) == count + 1


@pytest.fixture()
def news_site(live_url: str) -> Iterator[str]:
    """Another site (another origin) whose story page embeds the map in an iframe."""
    story = (f'<h1>Our story</h1><iframe id="f" src="{live_url}/embed?country=BY&center=53.9,27.56'
             f'&zoom=6" width="600" height="400" title="map"></iframe>').encode()

    class Story(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(story)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Story)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/story"
    server.shutdown()


def test_embed_renders_in_an_iframe_of_another_site(page: Page, live_app: Flask,
                                                    news_site: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(news_site)
    frame = page.frame_locator("#f")
    frame.locator("body[data-geomap-loaded]").wait_for(state="attached", timeout=15_000)
    assert frame.locator(".leaflet-container").count() == 1
    assert frame.locator(".marker-cluster, path.leaflet-interactive").count() >= 1
    assert frame.locator("a.geomap-full").get_attribute("href").startswith("/?country=BY")
    assert any("/events.geojson?" in r and "bbox=" in r and "country=BY" in r for r in requests)
    # now only the app itself may frame it
    live_app.config["GEOMAP"] = replace(live_app.config["GEOMAP"], frame_ancestors="'self'")
    try:
        page.goto(news_site)
        page.wait_for_timeout(1_500)
        assert page.frame_locator("#f").locator("body[data-geomap-loaded]").count() == 0
    finally:
        live_app.config["GEOMAP"] = replace(live_app.config["GEOMAP"], frame_ancestors="*")


def test_article_markup_shows_as_text_and_no_script_runs(page: Page, live_url: str) -> None:
    text = ("Des milliers ont manifesté samedi à Lyon <script>alert('x')</script> "
            "<img src=x onerror=\"alert('y')\">.")
    request = urllib.request.Request(
        live_url + "/api/articles", method="POST",
        headers={"Content-Type": "application/json", **AUTH},
        data=json.dumps({"text": text, "lang": "fr", "published": "2020-08-15",
                         "title": "<img src=x onerror=alert('t')>"}).encode())
    added = json.load(urllib.request.urlopen(request))
    page.goto(live_url + added["url"])
    assert "<script>alert('x')</script>" in page.inner_text(".article-text")
    assert "<img src=x onerror" in page.inner_text("h1")
    assert page.locator("main img").count() == 0
    no_violations(page)
    loaded(page, live_url + f"/?article={added['id']}")
    assert "<script>alert('x')</script>" in open_a_popup(page)
    assert page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    no_violations(page)


# -- what a journalist publishes -----------------------------------------------------------

def labels(page: Page) -> list[str]:
    """The place names the offline map draws, once it has drawn them."""
    page.wait_for_selector(".leaflet-container[data-geomap-basemap=outlines]")
    page.locator(".geomap-label").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)
    return [name.strip() for name in page.locator(".geomap-label").all_inner_texts()]


def test_labels_are_visible_offline_at_zoom_4_and_12(page: Page, live_url: str) -> None:
    loaded(page, live_url + "/embed?center=53.9,27.56&zoom=4")
    names = labels(page)
    assert {"Minsk", "Kyiv", "Warsaw"} <= set(names) and len(names) >= 20
    assert page.locator(".geomap-label-country").count() >= 5        # country names too
    assert page.locator(".geomap-label", has_text="Minsk").first.is_visible()
    loaded(page, live_url + "/embed?center=53.9045,27.5615&zoom=12")
    names = labels(page)
    assert "Minsk" in names and len(names) >= 5                      # the town and its landmarks
    assert "October Square" not in names                             # landmarks from zoom 13
    page.locator(".leaflet-control-zoom-in").click()
    wait_until(page, lambda: "October Square" in labels(page), "the landmarks' names")
    assert page.locator(".geomap-label", has_text="October Square").is_visible()
    assert page.locator(".geomap-region-outline, path.geomap-outline").count() > 0
    loaded(page, live_url + "/embed?center=53.93,27.45&zoom=17")     # a street, no name in view
    near = page.locator(".geomap-near")
    near.wait_for()
    assert near.inner_text() == "near Minsk"


def download_count(page: Page) -> int:
    with page.expect_download() as download:
        page.click("a[data-geomap-download]:has-text('GeoJSON')")
    return len(json.loads(Path(download.value.path()).read_text())["features"])


def test_a_shared_link_reproduces_the_count_and_the_download(page: Page, browser: Browser,
                                                             live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    loaded(page, live_url + "/?center=53.5,28.5&zoom=7")
    page.mouse.move(600, 700)                          # the author drags the map a little
    page.mouse.down()
    page.mouse.move(520, 640, steps=5)
    page.mouse.up()
    wait_until(page, lambda: "center=53.5," not in page.url, "the view in the address")
    count = shown_becomes(page, lambda n: n > 0)
    assert count < everything                          # Moscow is out of view
    assert page.inner_text("#geomap-event-count") == str(count)
    assert download_count(page) == count
    link = page.url
    reader = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    try:
        other = reader.new_page()
        assert loaded(other, link) == count
        assert other.inner_text("#geomap-event-count") == str(count)
        assert download_count(other) == count
        table = other.locator("#geomap-table caption")
        wait_until(other, lambda: re.search(rf"\b{count} events", table.inner_text()), "the table")
    finally:
        reader.close()


def test_the_table_follows_the_time_window(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    rows = page.locator("#geomap-table tr.event")
    assert rows.count() == everything
    page.locator(".geomap-bar").last.click()                # the last day alone
    count = shown_becomes(page, lambda n: n < everything)
    wait_until(page, lambda: rows.count() == count, "the table to follow the window")
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.date)")) == {"2020-08-16"}
    page.click("button.geomap-range[data-days='0']")        # all dates again
    wait_until(page, lambda: rows.count() == everything, "the whole table")


def test_the_histogram_has_date_ticks(page: Page, live_url: str) -> None:
    loaded(page, live_url + "/")
    ticks = page.locator(".geomap-axis .geomap-tick")
    ticks.first.wait_for()
    assert ticks.count() >= 3
    assert all(re.fullmatch(r"Aug \d+|\d+ Aug", t) for t in ticks.all_inner_texts())
    dates = [ticks.nth(i).get_attribute("data-date") for i in range(ticks.count())]
    assert dates == sorted(dates) and dates[0] >= "2020-08-10"
    lefts = [ticks.nth(i).bounding_box()["x"] for i in range(ticks.count())]
    assert lefts == sorted(lefts)                           # placed along the axis


def test_a_country_level_event_is_drawn_as_its_country(page: Page, france_url: str) -> None:
    assert loaded(page, france_url + "/?country=FR") == 2            # one happened, one planned
    shape = page.locator("path.geomap-area-country")
    shape.first.wait_for()
    assert shape.count() == 1
    box = shape.bounding_box()
    assert box["width"] > 200 and box["height"] > 200                # France, not a dot on Paris
    assert page.locator("path.leaflet-interactive:not(.geomap-area)").count() == 0
    assert page.locator(".marker-cluster").count() == 0
    shape.click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.6})
    popup = page.locator(".leaflet-popup-content")
    popup.locator(".geomap-popup-event").nth(1).wait_for()
    text = popup.inner_text()
    assert "dans toute la France" in text and "country" in text
    assert "Planned" in text                                         # the strike announced
    assert loaded(page, france_url + "/?country=FR&planned=yes") == 1
    no_violations(page)


def test_the_place_search_moves_the_map(page: Page, live_url: str) -> None:
    loaded(page, live_url + "/")
    search = page.locator(".geomap-search input")
    search.fill("Gomel")
    page.locator(".geomap-search-result").first.wait_for()
    assert "Belarus" in page.inner_text(".geomap-search-results")
    search.press("Enter")
    wait_until(page, lambda: "center=52.4" in page.url and "zoom=11" in page.url,
               "the map to move to Gomel")
    search.fill("Biélorussie")                                        # French names too
    page.locator(".geomap-search-result", has_text="Belarus").first.click()
    wait_until(page, lambda: "zoom=5" in page.url, "the map to show Belarus")


def test_a_french_browser_gets_the_french_interface(browser: Browser, live_url: str) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        loaded(page, live_url + "/")
        assert page.get_attribute("html", "lang") == "fr"
        assert "Événements sur la carte" in page.inner_text(".summary")
        assert page.locator("form.filters", has_text="Pays").count() == 1
        ticks = page.locator(".geomap-axis .geomap-tick")
        ticks.first.wait_for()
        assert any("août" in t for t in ticks.all_inner_texts())        # dates in French
        assert "août 2020" in page.inner_text("#geomap-table")
        assert "Manifestations" in page.inner_text(".geomap-legend")
        text = open_a_popup(page)
        assert "Date : " in text and "août 2020" in text and "Lire l’article" in text
        page.click("nav.languages a[lang=en]")                          # the switch
        page.wait_for_selector("html[lang=en]")
        assert "Events on the map" in page.inner_text(".summary")
    finally:
        context.close()


def test_the_embed_at_390_px_shows_the_map_the_key_and_the_link(browser: Browser,
                                                               live_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 640}, is_mobile=True)
    try:
        page = context.new_page()
        loaded(page, live_url + "/embed?country=BY")
        map_box = page.locator(".leaflet-container").bounding_box()
        assert map_box["width"] >= 380 and map_box["height"] >= 600
        key = page.locator(".geomap-legend")
        precision = page.locator(".geomap-key-precision")
        link = page.locator("a.geomap-full")
        for part in (key, precision, link):
            assert part.is_visible()
        link.click(trial=True, timeout=3_000)          # nothing covers it (the attribution...)
        key.locator("summary").click(trial=True, timeout=3_000)
        boxes = [b.bounding_box() for b in (key, link, page.locator(".geomap-search"))]
        for box in boxes:
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                        a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]), (a, b)
        assert "precise" in precision.inner_text() or "place" in precision.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "embed-390.png"))
    finally:
        context.close()


def test_playback_steps_over_the_days_without_events(page: Page, live_url: str) -> None:
    loaded(page, live_url + "/")
    page.locator(".geomap-bar").first.wait_for()
    page.click("button.geomap-play")
    seen: list[str] = []
    for _ in range(60):                               # the five days with events, then stop
        window = page.inner_text(".geomap-window")
        if not seen or seen[-1] != window:
            seen.append(window)
        if page.get_attribute("button.geomap-play", "aria-pressed") == "false":
            break
        page.wait_for_timeout(200)
    with urllib.request.urlopen(live_url + "/events/timeline.json") as response:
        dated = [day for day, _ in json.load(response)["dates"]]
    frames = [w for w in seen if "2020 – " in w]
    assert len(frames) == len(dated) >= 4                 # one frame per day with events ...
    for frame, day in zip(frames, dated):                 # ... and none for the days between
        assert frame.startswith(f"August {int(day[-2:])}, 2020")


def cell_counts(page: Page) -> list[int]:
    """The counts of the server's cells on the map, and 1 for each event drawn alone."""
    rings = page.eval_on_selector_all(".geomap-cell [data-count]",
                                      "cells => cells.map(c => Number(c.dataset.count))")
    return rings + [1] * page.locator("path.leaflet-interactive").count()


def download(url: str) -> list[dict]:
    with urllib.request.urlopen(url) as response:
        return json.loads(response.read())["features"]


def test_many_events_are_counted_per_cell_by_the_server(page: Page, counted_url: str) -> None:
    """Cells add up to what the filters and the time window hold; zoomed in, single events."""
    for query in ("", "?type=Protests", "?since=2020-08-15"):
        expected = len(download(f"{counted_url}/events.geojson{query}"))
        assert loaded(page, f"{counted_url}/{query}") == expected
        wait_until(page, lambda: sum(cell_counts(page)) == expected, "the cells")
        assert page.locator(".geomap-cell").count() > 0
        assert page.inner_text("#geomap-event-count") == str(expected)
    page.fill("form.filters input[name=until]", "2020-08-15")         # the window drives the cells
    page.dispatch_event("form.filters input[name=until]", "change")
    one_day = len(download(f"{counted_url}/events.geojson?since=2020-08-15&until=2020-08-15"))
    assert shown_becomes(page, lambda n: n == one_day) == one_day < expected
    wait_until(page, lambda: sum(cell_counts(page)) == one_day, "the cells of one day")
    assert download_count(page) == one_day
    loaded(page, f"{counted_url}/")
    page.locator(".geomap-cell").first.click()                        # a cell zooms in
    wait_until(page, lambda: "zoom=" in page.url, "the view in the address")
    assert loaded(page, f"{counted_url}/?center=52.4345,30.9754&zoom=12") == 1      # Gomel
    wait_until(page, lambda: page.locator("path.leaflet-interactive").count() == 1, "its event")
    assert page.locator(".geomap-cell").count() == 0
    open_a_popup(page)
    assert "Gomel" in page.inner_text(".leaflet-popup-content")
    no_violations(page)
