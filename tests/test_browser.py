"""What a person sees: the map in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from geomap.ingest import ingest
from geomap.settings import Settings
from geomap.web import create_app

from conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOT = ROOT / "docs" / "screenshot.png"
# Records Content-Security-Policy violations, so a test can check there were none.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_article) -> Iterator[Flask]:
    """The app on a free port of 127.0.0.1, with the sample article stored.

    Its tile URL answers 404, as when no tile server is reachable.
    """
    settings = Settings.for_instance(tmp_path_factory.mktemp("browser"),
                                     tiles_url="/tiles/{z}/{x}/{y}.png")
    app = create_app(settings)
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [seed_article], pipeline)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()


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
    page.locator("path.leaflet-interactive").first.click(force=True)
    page.locator(".geomap-popup-type").wait_for(timeout=5_000)
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
    page.screenshot(path=str(SCREENSHOT))
    text = open_a_popup(page)
    assert "2020-08-1" in text and "Date:" in text and "Place:" in text
    assert any(p in text for p in ("(exact day)", "(within a week)", "(within a month)"))
    assert any(p in text for p in ("(town or landmark", "(region", "(country"))
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("blockquote mark.place").count() == 1       # the place, highlighted
    assert popup.locator("a", has_text="Read the article").get_attribute("href").startswith("/articles/")
    no_violations(page)


def test_offline_basemap_when_no_tile_loads(page: Page, live_url: str) -> None:
    loaded(page, live_url + "/embed")
    page.wait_for_selector(".leaflet-container[data-geomap-basemap=outlines]")
    assert page.locator("path.geomap-outline").count() > 150
    assert page.locator(".leaflet-tile-pane img").count() == 0
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")


def test_filters_change_what_is_shown(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    assert 0 < loaded(page, live_url + "/?since=2020-08-16") < everything
    assert loaded(page, live_url + "/?country=FR") == 0
    loaded(page, live_url + "/")
    page.select_option("form.filters select[name=type]", "Protests")     # submits the form
    protests = shown_becomes(page, lambda n: n != everything)
    assert 0 < protests < everything and "type=Protests" in page.url
    page.fill("form.filters input[name=q]", "Minsk")
    page.click("form.filters button[type=submit]")
    assert 0 < shown_becomes(page, lambda n: n < protests)
    assert page.url.endswith("/?type=Protests&q=Minsk")            # no empty fields
    page.locator(".leaflet-control-zoom-in").click()               # a view of one's own ...
    wait_until(page, lambda: "zoom=" in page.url, "the view in the address")
    zoom = page.url.split("zoom=")[1]
    page.select_option("form.filters select[name=type]", "")
    wait_until(page, lambda: "type=" not in page.url and page.url.endswith(f"zoom={zoom}"),
               "the filters applied")                              # ... is kept
    assert "q=Minsk" in page.url


def test_time_window_histogram_and_playback(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    bars = page.locator(".geomap-bar")
    bars.first.wait_for()
    day, count = page.locator(".geomap-bar title").last.text_content().split(": ")
    bars.last.click()                                       # one day, without reloading
    assert shown_becomes(page, lambda n: n == int(count)) == int(count) < everything
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
    text = ("Des milliers ont manifesté samedi à Minsk <script>alert('x')</script> "
            "<img src=x onerror=\"alert('y')\">.")
    request = urllib.request.Request(
        live_url + "/api/articles", method="POST", headers={"Content-Type": "application/json"},
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
