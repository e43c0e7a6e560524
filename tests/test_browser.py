"""What a person sees: the map in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from geomap.ingest import ingest
from geomap.web import create_app

from conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOT = ROOT / "docs" / "screenshot.png"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_article) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, with the sample article stored."""
    db = tmp_path_factory.mktemp("browser") / "db.sqlite"
    app = create_app({"DATABASE": f"sqlite:///{db}", "TILES_URL": "/tiles/{z}/{x}/{y}.png"})
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [seed_article], pipeline=pipeline)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


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
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    page.close()


def loaded(page: Page, url: str) -> int:
    """Open a map page and wait until its events are on the map; returns how many."""
    page.goto(url)
    page.wait_for_selector("body[data-geomap-loaded]", timeout=15_000)
    return int(page.get_attribute("body", "data-geomap-loaded"))


def test_map_shows_clusters_and_a_popup(page: Page, live_url: str) -> None:
    assert loaded(page, live_url + "/") > 5
    clusters = page.locator(".marker-cluster")
    assert clusters.count() >= 1
    page.screenshot(path=str(SCREENSHOT))
    for _ in range(6):                      # zoom into the clusters until single points show
        markers = page.locator("path.leaflet-interactive")
        if markers.count():
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(600)
    page.locator("path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert "2020-08-1" in popup.inner_text()


def test_filters_change_what_is_shown(page: Page, live_url: str) -> None:
    everything = loaded(page, live_url + "/")
    assert 0 < loaded(page, live_url + "/?since=2020-08-16") < everything
    assert loaded(page, live_url + "/?country=FR") == 0


def test_embed_renders_in_an_iframe(page: Page, live_url: str, tmp_path: Path) -> None:
    page.goto(live_url + "/articles.json")         # same origin, so the frame can be read
    page.set_content(f'<iframe id="f" src="{live_url}/embed?country=BY" width="600" height="400"></iframe>')
    frame = page.frame_locator("#f")
    frame.locator("body[data-geomap-loaded]").wait_for(timeout=15_000)
    assert frame.locator(".leaflet-container").count() == 1


def test_article_markup_shows_as_text(page: Page, live_url: str) -> None:
    import json
    import urllib.request

    text = ("Des milliers ont manifesté samedi à Minsk <script>alert('x')</script> "
            "<img src=x onerror=\"alert('y')\">.")
    request = urllib.request.Request(
        live_url + "/api/articles", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"text": text, "lang": "fr", "published": "2020-08-15"}).encode())
    added = json.load(urllib.request.urlopen(request))
    page.goto(live_url + added["url"])
    assert "<script>alert('x')</script>" in page.inner_text(".article-text")
    loaded(page, live_url + "/")
    assert page.dialogs == []
