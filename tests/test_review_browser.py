"""Review as an editor does it, in headless Chromium: sign in, verify, move and reject events,
replace the article by its corrected version, and find every decision on the map, in the
downloads and in the audit log."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page
from werkzeug.serving import make_server

from geomap.accounts import add_editor
from geomap.ingest import ingest
from geomap.model import Article
from geomap.settings import Settings
from geomap.web import create_app

from test_browser import browser, loaded, no_violations, open_a_popup, page  # noqa: F401

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
RALLY = Article(text="Des milliers de personnes ont manifesté dimanche à Minsk. Lundi, les"
                     " ouvriers de l'usine de tracteurs de Minsk se sont mis en grève. Le même"
                     " jour, des manifestants se sont rassemblés à Brest.",
                lang="fr", published=date(2020, 8, 17), id="rally-1", title="Rally")
CORRECTED = RALLY.text + " Mardi, une chaîne humaine s'est formée à Grodno."


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Iterator[tuple[Flask, str]]:
    """The app on a free port of 127.0.0.1 with the article stored and an editor, ana.

    Session cookies are Secure: Chromium keeps them on http://127.0.0.1, a secure context.
    """
    settings = Settings.for_instance(tmp_path_factory.mktemp("review-browser"), tiles_url="off")
    app = create_app(settings)
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [RALLY], pipeline)
        add_editor(store(), "ana", PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _json(page: Page, url: str) -> dict:
    return json.loads(page.request.get(url).text())


def test_review_decisions_survive_a_corrected_version(page: Page, live) -> None:  # noqa: F811
    app, url = live
    found = {e["location"]: e["id"] for e in _json(page, url + "/review.json")["events"]}
    minsk, works, brest = found["Minsk"], found["Minsk Tractor Works"], found["Brest"]

    page.goto(url + "/review")
    assert page.locator("form button.review-verified").count() == 0      # not signed in
    page.click("a.sign-in")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(url + "/review")
    assert "Sign out ana" in page.inner_text("header")

    # verify Minsk from the queue, where every item has its small map
    page.locator(".review-map.small[data-ready]").first.wait_for()
    page.locator(f"#event-{minsk} button.review-verified").click()
    page.wait_for_load_state()
    assert page.locator(f"#event-{minsk}").count() == 0                   # it left the queue

    # move the strike to Gomel, found in the gazetteer; a click on the map fills a point too
    page.goto(url + f"/review/{works}")
    page.locator("#review-map[data-ready]").wait_for()
    page.locator("#review-map").click(position={"x": 200, "y": 120})
    assert page.input_value("#move-point input[name=lat]") != ""
    page.fill("#move-search input[name=q]", "Gomel")
    page.wait_for_selector("#move-search[data-found]:not([data-found='0'])", state="attached")
    page.locator("#move-search button[type=submit]").click()
    page.wait_for_url(url + f"/review/{works}")
    assert "Homyel" in page.inner_text(".event-summary")

    # reject Brest
    page.goto(url + f"/review/{brest}")
    page.locator("button.review-rejected").click()
    page.wait_for_url(url + f"/review/{brest}")
    assert "rejected" in page.inner_text(".event-summary")
    no_violations(page)

    # replace the article by its corrected version
    page.goto(url + f"/articles/{RALLY.id}")
    page.click("details.article-tools summary")
    page.fill("#replace-form textarea[name=text]", CORRECTED)
    page.click("#replace-form button[type=submit]")
    page.wait_for_url(url + f"/articles/{RALLY.id}")
    assert "Grodno" in page.inner_text(".article-text")

    features = _json(page, url + "/events.geojson?status=all")["features"]
    statuses = {f["properties"]["event_id"]: (f["properties"]["status"], f["properties"]["location"])
                for f in features}
    assert statuses[minsk] == ("verified", "Minsk")
    assert statuses[works] == ("edited", "Homyel'")
    assert statuses[brest] == ("rejected", "Brest")
    assert any(location == "Grodno" and status == "auto" for status, location in statuses.values())

    # the map: the rejected event is not drawn, the others show their review
    assert loaded(page, url + "/") == len(statuses) - 1
    assert loaded(page, url + "/?q=Brest") == 0
    assert loaded(page, url + "/?status=verified") == 1
    assert "Review: verified" in open_a_popup(page)
    assert loaded(page, url + "/?q=Homyel") == 1
    popup = open_a_popup(page)
    assert "Homyel" in popup and "Review: corrected by a reviewer" in popup
    no_violations(page)

    # the downloads of the map page carry the decisions
    loaded(page, url + "/")
    for fmt, link in (("geojson", "GeoJSON"), ("csv", "CSV")):
        with page.expect_download() as download:
            page.click(f"a[data-geomap-download]:has-text('{link}')")
        text = Path(download.value.path()).read_text()
        if fmt == "geojson":
            rows = {f["properties"]["event_id"]: f["properties"] for f in json.loads(text)["features"]}
            assert brest not in rows and rows[minsk]["status"] == "verified"
            assert (rows[works]["status"], rows[works]["location"]) == ("edited", "Homyel'")
            assert all(r["source_ids"] == RALLY.id for r in rows.values())
        else:
            assert "verified" in text and "edited" in text and "rejected" not in text

    # the audit log holds the three decisions, by ana
    page.goto(url + "/audit")
    entries = page.locator("tr.audit-entry")
    held = {(entries.nth(i).get_attribute("data-event"), entries.nth(i).get_attribute("data-field"))
            for i in range(entries.count())}
    assert {(str(minsk), "status"), (str(works), "location"), (str(brest), "status")} <= held
    assert "ana" in page.inner_text("table.audit")
