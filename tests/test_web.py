"""The Flask app through its test client, on every store backend."""

from __future__ import annotations

import collections
import html
import io
from dataclasses import replace
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from geomap import frames
from geomap.frames import MAP_FIELDS
from geomap.ingest import ingest
from geomap.pipeline import Pipeline
from geomap.settings import Settings
from geomap.web import create_app

from conftest import API_TOKEN, BACKENDS, new_database, with_token


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A fresh instance folder whose database is of each backend in turn."""
    instance = tmp_path / "instance"
    return Settings.for_instance(instance, database=new_database(request.param, request, instance))


@pytest.fixture()
def app(settings: Settings, pipeline: Pipeline, seed_article) -> Flask:
    app = create_app(replace(settings, api_token=API_TOKEN), {"TESTING": True})
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [seed_article], pipeline)
    return app


def configure(app: Flask, **changes: object) -> None:
    """Change some of the running app's settings."""
    app.config["GEOMAP"] = replace(app.config["GEOMAP"], **changes)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A client that sends the API token: it may add articles."""
    return with_token(app.test_client())


def test_map_page_shows_minsk_and_gomel_events(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for day in ("2020-08-14", "2020-08-15", "2020-08-16"):
        assert day in html
    assert "Minsk" in html and "Gomel" in html
    assert "Loukachenko dit que Poutine" in html          # the articles list
    assert "/events.geojson" in html and "/embed" in html
    assert "cdn." not in html and "/vendor/leaflet/leaflet.js" in html


def test_geojson_download_has_minsk_events_with_dates(client: FlaskClient) -> None:
    response = client.get("/events.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert "attachment" in response.headers["Content-Disposition"]
    features = json.loads(response.data)["features"]
    minsk_dates = {f["properties"]["event_date"] for f in features
                   if f["properties"]["location"] == "Minsk"}
    assert {"2020-08-14", "2020-08-16"} <= minsk_dates
    assert any(52 < f["geometry"]["coordinates"][1] < 53 for f in features)   # Gomel


@pytest.mark.parametrize("query, check", [
    ("?type=Protests", lambda p: p["event_type"] == "Protests"),
    ("?since=2020-08-16", lambda p: p["event_date"] >= "2020-08-16"),
    ("?until=2020-08-14", lambda p: p["event_date"] <= "2020-08-14"),
    ("?country=BY", lambda p: p["country_code"] == "BY"),
])
def test_geojson_filters(client: FlaskClient, query: str, check) -> None:
    features = client.get("/events.geojson" + query).get_json(force=True)["features"]
    assert features and all(check(f["properties"]) for f in features)
    assert len(features) < len(client.get("/events.geojson").get_json(force=True)["features"]) \
        or query == "?country=BY"


@pytest.mark.parametrize("url", ["/events.geojson?since=bad", "/events.geojson?country=Belarus",
                                 "/?until=never", "/embed?since=2020-13-01"])
def test_bad_filters_are_400(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert "date" in response.get_data(as_text=True) or "ISO" in response.get_data(as_text=True)


def map_config(html: str) -> dict:
    """The settings the page passes to geomap.js."""
    found = re.search(r"geomap\.start\(\s*\w+,\s*\w+,\s*\w+,\s*(\{.*\})\);", html, re.S)
    assert found, "the page does not start geomap.js"
    return json.loads(found.group(1))


def test_embed_and_map_take_filters(client: FlaskClient) -> None:
    embed = client.get("/embed?country=BY&since=2020-08-14")
    assert embed.status_code == 200
    html = embed.get_data(as_text=True)
    config = map_config(html)
    assert config["events"] == "/events.geojson" and config["filters"] == {"country": "BY"}
    assert config["since"] == "2020-08-14" and config["until"] == "" and config["embed"] is True
    assert "<h2>" not in html


def test_csv_and_geopackage_downloads(client: FlaskClient) -> None:
    csv = client.get("/events.csv?country=BY")
    assert csv.status_code == 200 and csv.data.startswith(b"event_id,event_date")
    gpkg = client.get("/events.gpkg")
    assert gpkg.status_code == 200 and gpkg.data[:16] == b"SQLite format 3\x00"


def test_article_page_and_json(client: FlaskClient, seed_article) -> None:
    page = client.get(f"/articles/{seed_article.id}")
    assert page.status_code == 200
    assert '<mark class="place"' in page.get_data(as_text=True)
    data = client.get(f"/articles/{seed_article.id}.json").get_json()
    assert data["article"]["id"] == seed_article.id and data["events"]
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/articles.json").get_json()["articles"][0]["id"] == seed_article.id


def test_api_adds_an_article_once(client: FlaskClient) -> None:
    body = {"text": "Des milliers de personnes ont manifesté vendredi à Gomel.", "lang": "fr",
            "published": "2020-08-15", "title": "Gomel"}
    first = client.post("/api/articles", json=body)
    assert first.status_code == 201, first.get_json()
    again = client.post("/api/articles", json=body)
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    events = client.get(first.get_json()["events"]).get_json(force=True)["features"]
    assert events[0]["properties"]["event_date"] == "2020-08-14"


def test_form_adds_an_article(client: FlaskClient) -> None:
    response = client.post("/articles", data={
        "text": "Des centaines de personnes se sont rassemblées samedi à Brest.",
        "published": "2020-08-15", "lang": "fr"})
    assert response.status_code == 303
    assert "Brest" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("body", [
    {"text": ""},
    {"text": "\x00\x01"},
    {"text": "Des manifestants à Minsk.", "lang": "xx"},
    {"text": "Des manifestants à Minsk.", "lang": "fr", "published": "hier"},
    ["not", "an", "object"],
])
def test_api_bad_input_is_400_and_stores_nothing(client: FlaskClient, body) -> None:
    before = len(client.get("/articles.json").get_json()["articles"])
    response = client.post("/api/articles", json=body)
    assert response.status_code == 400 and response.get_json()["error"]
    assert len(client.get("/articles.json").get_json()["articles"]) == before


def test_form_bad_input_is_400(client: FlaskClient) -> None:
    response = client.post("/articles", data={"text": "Des manifestants.", "lang": "de"})
    assert response.status_code == 400
    assert "unsupported language" in response.get_data(as_text=True)


def test_api_token(app: Flask) -> None:
    configure(app, api_token="s3cret")
    anonymous = app.test_client()
    body = {"text": "Des milliers ont manifesté samedi à Minsk.", "lang": "fr"}
    assert anonymous.post("/api/articles", json=body).status_code == 401
    assert anonymous.post("/api/articles", json=body,
                          headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anonymous.post("/articles", data=body).status_code == 400       # no CSRF token
    ok = anonymous.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201


def test_article_text_is_escaped(client: FlaskClient) -> None:
    text = "Des milliers ont manifesté samedi à Lyon <script>alert(1)</script> <img src=x onerror=alert(2)>."
    added = client.post("/api/articles", json={"text": text, "lang": "fr", "published": "2020-08-15",
                                                 "title": "<b>bold</b>"}).get_json()
    for url in ("/", added["url"]):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_places_geojson(client: FlaskClient, seed_article) -> None:
    data = client.get(f"/places.geojson?article={seed_article.id}").get_json(force=True)
    assert "Minsk" in {f["properties"]["name"] for f in data["features"]}


# -- privacy and security headers ------------------------------------------------------------

def csp(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split("; ")}


@pytest.mark.parametrize("url", ["/", "/embed?country=BY", "/articles/000_702cee4d8df71f10"])
def test_pages_have_a_strict_csp_and_every_script_its_nonce(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    policy = csp(response)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["object-src"] == "'none'" and policy["connect-src"] == "'self'"
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(f'nonce="{nonce}"' in tag or re.search(r'src="/[^/]', tag) for tag in scripts)
    assert ("geomap.start(" in html) == bool(scripts)
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<style\b[^>]*>", html))
    assert not re.search(r"\son[a-z]+=", html)              # no inline event handlers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert nonce not in client.get(url).headers["Content-Security-Policy"]   # new per request


def test_only_embed_may_be_framed_and_by_whom_is_configurable(app: Flask, client: FlaskClient) -> None:
    assert csp(client.get("/"))["frame-ancestors"] == "'self'"
    assert csp(client.get("/embed"))["frame-ancestors"] == "*"
    configure(app, frame_ancestors="https://news.example.org")
    assert csp(client.get("/embed"))["frame-ancestors"] == "https://news.example.org"
    assert csp(client.get("/"))["frame-ancestors"] == "'self'"


def test_tiles_origin_is_the_only_outside_source(app: Flask, client: FlaskClient) -> None:
    assert csp(client.get("/"))["img-src"] == "'self' data: https://tile.openstreetmap.org"
    configure(app, tiles_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert csp(client.get("/"))["img-src"] == "'self' data: https://*.tiles.example.org"
    configure(app, tiles_url="off")
    response = client.get("/")
    assert csp(response)["img-src"] == "'self' data:"
    assert "L.tileLayer" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/embed"])
def test_every_asset_is_served_by_the_app(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assets = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert {"/vendor/leaflet/leaflet.js", "/vendor/markercluster/leaflet.markercluster.js",
            "/static/geomap.js", "/static/geomap.css"} <= set(assets)
    for asset in (a for a in assets if a != "data:,"):         # data:, the empty favicon
        assert asset.startswith("/") and not asset.startswith("//"), asset
        assert client.get(asset).status_code == 200, asset
    config = map_config(html)
    for key in ("events", "timeline", "basemap"):
        assert config[key].startswith("/")
    assert "cdn" not in html and "unpkg" not in html and "googleapis" not in html


def test_offline_basemap_is_natural_earth(client: FlaskClient) -> None:
    response = client.get("/basemap/countries.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    countries = {f["properties"]["iso_a2"]: f for f in response.get_json(force=True)["features"]}
    assert len(countries) > 170 and {"BY", "FR", "NO"} <= set(countries)


# -- the data behind the map ------------------------------------------------------------------

def features(client: FlaskClient, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json(force=True)["features"]


def test_compact_fields_for_the_map(client: FlaskClient) -> None:
    compact = features(client, "/events.geojson?fields=event_id,event_type,event_date,geo_precision")
    full = features(client, "/events.geojson")
    assert len(compact) == len(full)
    assert all(set(f["properties"]) == {"event_id", "event_type", "event_date", "geo_precision"}
               for f in compact)
    assert [f["geometry"] for f in compact] == [f["geometry"] for f in full]
    bad = client.get("/events.geojson?fields=event_id,password")
    assert bad.status_code == 400 and "password" in bad.get_json()["error"]


@pytest.mark.parametrize("query, check", [
    ("?bbox=27,53,28.5,54.5", lambda p: 27 <= p["longitude"] <= 28.5 and 53 <= p["latitude"] <= 54.5),
    ("?q=gomel", lambda p: "gomel" in p["notes"].lower() or "gomel" in p["location"].lower()
     or "homyel" in p["location"].lower()),
    ("?sub_type=Protest with intervention", lambda p: p["sub_event_type"] == "Protest with intervention"),
])
def test_more_filters(client: FlaskClient, query: str, check) -> None:
    found = features(client, "/events.geojson" + query)
    assert found and all(check(f["properties"]) for f in found)
    assert len(found) < len(features(client, "/events.geojson"))


@pytest.mark.parametrize("url", ["/events.geojson?bbox=28,53,27,54", "/events.geojson?bbox=1,2,3",
                                 "/events.csv?bbox=-190,0,10,10", "/embed?center=53.9&zoom=7",
                                 "/?zoom=40&center=0,0", "/events.geojson?q=" + "x" * 201])
def test_bad_bbox_view_or_search_is_400(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "bbox" in text or "view" in text or "search" in text


def test_search_text_is_not_a_pattern(client: FlaskClient) -> None:
    assert features(client, "/events.geojson?q=%25") == []           # a literal %, not "anything"
    assert features(client, "/events.geojson?q=_") == []


def test_downloads_hold_exactly_the_filtered_events(client: FlaskClient) -> None:
    query = "?since=2020-08-15&until=2020-08-16&country=BY&type=Protests"
    ids = {f["properties"]["event_id"] for f in features(client, "/events.geojson" + query)}
    assert ids and ids < {f["properties"]["event_id"] for f in features(client, "/events.geojson")}
    table = pd.read_csv(io.BytesIO(client.get("/events.csv" + query).data))
    assert set(table["event_id"]) == ids
    assert {"event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "country",
            "admin1", "location", "latitude", "longitude", "geo_precision", "time_precision",
            "source", "notes", "fatalities"} <= set(table.columns)
    gpkg = Path(client.application.instance_path) / "download.gpkg"
    gpkg.write_bytes(client.get("/events.gpkg" + query).data)
    assert set(gpd.read_file(gpkg)["event_id"]) == ids


def test_event_details_for_popups(client: FlaskClient, seed_article) -> None:
    gomel = next(f for f in features(client, "/events.geojson?fields=event_id,notes")
                 if "Gomel" in f["properties"]["notes"])
    event = client.get(f"/events/{gomel['properties']['event_id']}.json").get_json()["event"]
    start, end = event["place_in_notes"]
    assert event["notes"][start:end] == "Gomel"
    assert event["event_date"] and event["time_precision"] in (1, 2, 3)
    assert event["geo_precision"] == 1 and event["country"] == "Belarus"
    assert event["source"] and event["article_page"] == f"/articles/{seed_article.id}"
    assert event["coarsened"] is False
    missing = client.get("/events/999999.json")
    assert missing.status_code == 404 and missing.get_json()["error"]


def test_timeline_counts_the_dated_events(client: FlaskClient) -> None:
    dates = client.get("/events/timeline.json?country=BY").get_json()["dates"]
    by_country = [f["properties"] for f in features(client, "/events.geojson?country=BY")]
    assert dict(dates) == dict(collections.Counter(p["event_date"] for p in by_country))
    assert [d for d, _ in dates] == sorted(d for d, _ in dates)


def test_json_is_strict(client: FlaskClient, seed_article) -> None:
    """No NaN in JSON: browsers refuse it."""
    def no_constants(name: str):
        raise AssertionError(f"{name} in JSON")

    for url in (f"/articles/{seed_article.id}.json", "/events.geojson", "/articles.json"):
        json.loads(client.get(url).get_data(as_text=True), parse_constant=no_constants)


def test_sensitive_events_are_shown_at_the_nearest_town(app: Flask, client: FlaskClient) -> None:
    """Protests at landmarks (the state television centre) move to their town."""
    def at_landmarks() -> list[dict]:
        return [f for f in features(client, "/events.geojson?type=Protests")
                if f["properties"]["place_feature"] == "landmark"]

    precise = at_landmarks()
    landmarks = {f["properties"]["location"] for f in precise}
    assert precise and {f["properties"]["geo_precision"] for f in precise} == {1}
    assert all(name in client.get("/?type=Protests").get_data(as_text=True) for name in landmarks)
    configure(app, coarsen=frozenset({"Protests"}))
    coarse = at_landmarks()
    assert [f["properties"]["event_id"] for f in coarse] == [f["properties"]["event_id"] for f in precise]
    assert {f["properties"]["location"] for f in coarse} == {"Minsk"}
    assert {f["properties"]["geo_precision"] for f in coarse} == {2}
    for before, after in zip(precise, coarse):
        (x0, y0), (x1, y1) = before["geometry"]["coordinates"], after["geometry"]["coordinates"]
        assert (x0, y0) != (x1, y1) and abs(x0 - x1) < 0.2 and abs(y0 - y1) < 0.2
    details = client.get(f"/events/{coarse[0]['properties']['event_id']}.json").get_json()["event"]
    assert details["coarsened"] is True and details["place_in_notes"] is None
    page = client.get("/?type=Protests").get_data(as_text=True)
    table = client.get("/events.csv?type=Protests").get_data(as_text=True)
    assert not any(name in page or name in table for name in landmarks)


def test_view_preset_for_embeds(client: FlaskClient) -> None:
    config = map_config(client.get("/embed?center=53.9,27.56&zoom=7&type=Protests").get_data(as_text=True))
    assert config["view"] == {"center": [53.9, 27.56], "zoom": 7}
    assert config["filters"] == {"type": "Protests"} and config["preload"] is None
    page = client.get("/?country=BY&center=53.9,27.56&zoom=7").get_data(as_text=True)
    snippet = re.search(r'id="geomap-snippet"[^>]*value=\'<iframe src="([^"]+)"', page).group(1)
    assert "/embed?" in snippet and "country=BY" in snippet and "zoom=7" in snippet


# -- pages at scale ---------------------------------------------------------------------------

def test_page_stays_small_with_many_events(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    """20,000 imported events and 300 articles: the HTML stays under 150 KB."""
    from geomap.importer import read_dataset, store_dataset
    from geomap.model import Article, Event, Extraction
    from test_importer import ACLED_ROWS, write_acled_csv

    with app.app_context():
        from geomap.web.context import store

        long_notes = [row[:15] + [row[15] + " " + "x" * 400] + row[16:] for row in ACLED_ROWS]
        store_dataset(store(), read_dataset(write_acled_csv(tmp_path / "big.csv",
                                                            long_notes * 6700)))
        sentence = "Des milliers ont manifesté à Minsk. " * 10
        store().add([Extraction(Article(text=f"Article {i}. {sentence}", lang="fr",
                                        title=f"Article {i} " + "t" * 80), [], [],
                                [Event("protest", "Protests", "Peaceful protest", None, 3, "Minsk",
                                       53.9, 27.56, 1, "BY", "city", sentence, 0, len(sentence),
                                       f"a{i}", "manifesté")])
                     for i in range(300)])
    for url in ("/", "/embed", "/?type=Protests"):
        html = client.get(url).get_data(as_text=True)
        assert len(html.encode()) <= 150_000, (url, len(html.encode()))
    assert "x" * 400 in client.get("/").get_data(as_text=True)       # the table shows events


def test_event_table_links_datasets_and_articles(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert ">article</a>" in html


def test_geojson_download_is_streamed(client: FlaskClient) -> None:
    response = client.get("/events.geojson")
    assert response.is_streamed
    assert json.loads(response.get_data())["features"]


def test_imported_events_popup_and_downloads_next_to_articles(app: Flask, client: FlaskClient,
                                                               tmp_path: Path) -> None:
    """Imported events have no place mention: their popups and downloads work beside an
    article's events."""
    from geomap.importer import read_dataset, store_dataset
    from test_importer import ACLED_ROWS, write_acled_csv

    with app.app_context():
        from geomap.web.context import store

        store_dataset(store(), read_dataset(write_acled_csv(tmp_path / "acled.csv", ACLED_ROWS)))
    imported = [f for f in features(client, "/events.geojson")
                if f["properties"]["event_id_cnty"] == "BLR1001"]
    assert len(imported) == 1
    popup = client.get(f"/events/{imported[0]['properties']['event_id']}.json")
    assert popup.status_code == 200
    assert popup.get_json()["event"]["article_kind"] == "dataset"
    for fmt in ("csv", "gpkg"):
        assert client.get(f"/events.{fmt}").status_code == 200
    dataset = popup.get_json()["event"]["article_id"]
    page = client.get(f"/articles/{dataset}")
    assert page.status_code == 200 and "acled.csv" in page.get_data(as_text=True)


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_that_start_like_a_formula_are_escaped(client: FlaskClient, title: str) -> None:
    added = client.post("/api/articles", json={"text": "Des milliers ont manifesté samedi à Lyon.",
                                                "lang": "fr", "published": "2020-08-15",
                                                "title": title, "source": title}).get_json()
    response = client.get(f"/events.csv?article={added['id']}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    table = pd.read_csv(io.BytesIO(response.data), dtype=str, keep_default_na=False)
    assert set(table["source"]) == {"'" + title}
    assert set(table["article_title"]) == {"'" + title}
    assert (table["longitude"].astype(float) > 0).all()        # numbers are left as they are


def test_a_request_that_waits_too_long_for_the_models_gets_503_and_reads_go_on(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from geomap.web import context

    monkeypatch.setattr(context, "EXTRACTION_WAIT", 0.2)
    held, release = threading.Event(), threading.Event()

    def extracting() -> None:                 # another request's long extraction
        with context._lock:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=extracting)
    thread.start()
    try:
        held.wait(10)
        busy = client.post("/api/articles", json={"text": "Des milliers ont manifesté à Minsk.",
                                                  "lang": "fr"})
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "60"
        assert "try again" in busy.get_json()["error"]
        assert client.get("/").status_code == 200
        assert client.get("/events.geojson").status_code == 200
    finally:
        release.set()
        thread.join()


# -- what is shown, and how it is found -------------------------------------------------------

def test_types_are_checked_and_spelled_as_known(client: FlaskClient) -> None:
    assert features(client, "/events.geojson?type=protests") == \
        features(client, "/events.geojson?type=Protests")
    for url in ("/events.geojson?type=protestz", "/?type=protestz", "/events.csv?sub_type=Nope"):
        response = client.get(url)
        assert response.status_code == 400
        assert "is not an event type, sub-event type or category" in response.get_data(as_text=True)


@pytest.mark.parametrize("url, reason", [
    ("/events.geojson?country=ZZ", "'ZZ' is not an ISO 3166 country code"),
    ("/?article=nope", "no article or dataset 'nope'"),
    ("/embed?planned=maybe", "planned 'maybe' is not yes or no"),
])
def test_unknown_filter_values_say_so(client: FlaskClient, url: str, reason: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and reason in html.unescape(response.get_data(as_text=True))


def test_planned_events_can_be_kept_or_left_out(client: FlaskClient) -> None:
    planned = features(client, "/events.geojson?planned=yes")
    happened = features(client, "/events.geojson?planned=no")
    assert planned and all(f["properties"]["planned"] for f in planned)
    assert happened and not any(f["properties"]["planned"] for f in happened)
    assert len(planned) + len(happened) == len(features(client, "/events.geojson"))
    assert client.get("/events.geojson?planned=maybe").status_code == 400


def test_search_finds_the_landmarks_of_a_town_not_article_titles(client: FlaskClient) -> None:
    minsk = {f["properties"]["location"] for f in features(client, "/events.geojson?q=minsk")}
    assert {"Minsk", "Belteleradio"} <= minsk              # the TV centre is in Minsk
    client.post("/api/articles", json={"text": "Des milliers de personnes ont manifesté samedi"
                                       " à Marseille.", "lang": "fr", "published": "2020-08-15",
                                       "title": "Manifestations à Lyon et ailleurs"})
    assert features(client, "/events.geojson?q=Lyon") == []
    assert {f["properties"]["location"] for f in features(client, "/events.geojson?q=Marseille")} \
        == {"Marseille"}


def test_the_events_table_follows_what_is_shown(client: FlaskClient) -> None:
    html = client.get("/events/table?since=2020-08-16&bbox=27,53,28.5,54.5").get_data(as_text=True)
    days = re.findall(r'<tr class="event" data-date="([^"]*)"', html)
    expected = features(client, "/events.geojson?since=2020-08-16&bbox=27,53,28.5,54.5")
    assert days and set(days) == {"2020-08-16"} and len(days) == len(expected)
    assert "<html" not in html                             # a fragment for the map page
    assert client.get("/events/table?since=soon").status_code == 400


def test_place_labels_for_the_offline_map(client: FlaskClient) -> None:
    whole = client.get("/basemap/labels.json?bbox=20,50,35,57&zoom=4").get_json()
    at_4 = whole["labels"]
    assert whole["near"] is None                                       # only zoomed in
    kinds = {name: kind for name, _, _, kind in at_4}
    assert kinds["Minsk"] == "capital" and kinds["Belarus"] == "country"
    assert "Zhdanovichy" not in kinds                                  # small towns later
    at_12 = client.get("/basemap/labels.json?bbox=27.4,53.85,27.7,53.95&zoom=12").get_json()
    assert {"Minsk", "Zhdanovichy"} <= {label[0] for label in at_12["labels"]}
    at_13 = client.get("/basemap/labels.json?bbox=27.4,53.85,27.7,53.95&zoom=13").get_json()
    assert ["October Square", "landmark"] == [l[0:4:3] for l in at_13["labels"]
                                              if l[0] == "October Square"][0]
    street = client.get("/basemap/labels.json?bbox=27.445,53.928,27.455,53.932&zoom=17").get_json()
    assert street == {"labels": [], "near": "Minsk"}                  # no name in view, but near
    french = client.get("/basemap/labels.json?bbox=20,50,35,57&zoom=4&lang=fr").get_json()
    assert "Biélorussie" in {label[0] for label in french["labels"]}
    assert client.get("/basemap/labels.json?bbox=20,50,35,57&zoom=40").status_code == 400


def test_region_outlines_by_country(client: FlaskClient) -> None:
    response = client.get("/basemap/regions/BY.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    keys = {f["properties"]["key"] for f in response.get_json(force=True)["features"]}
    assert {"BY.01", "BY.02", "BY.03", "BY.05", "BY.06", "BY.07"} <= keys
    assert client.get("/basemap/regions/XX.geojson").status_code == 404


def test_place_search(client: FlaskClient) -> None:
    def first(text: str) -> dict:
        return client.get(f"/places/search.json?q={text}").get_json()["places"][0]

    gomel = first("Gomel")
    assert (gomel["feature"], gomel["country"], gomel["zoom"]) == ("city", "Belarus", 11)
    assert abs(gomel["lat"] - 52.43) < 0.1
    assert first("Biélorussie")["name"] == "Belarus"                  # French names too
    assert client.get("/places/search.json?q=Bi%C3%A9lorussie&lang=fr").get_json()[
        "places"][0]["name"] == "Biélorussie"
    assert client.get("/places/search.json?q=x").get_json()["places"] == []


def test_country_and_region_level_events_are_drawn_as_their_outline(client: FlaskClient) -> None:
    client.post("/api/articles", json={
        "text": "Des centaines de milliers de personnes ont manifesté jeudi dans toute la France"
                " contre la réforme des retraites.", "lang": "fr", "published": "2023-03-23"})
    client.post("/api/articles", json={
        "text": "Des milliers de personnes ont manifesté samedi en Bretagne contre la réforme.",
        "lang": "fr", "published": "2023-03-25"})
    found = features(client, "/events.geojson?country=FR&fields=" + ",".join(MAP_FIELDS))
    areas = {f["properties"]["event_date"]: f["properties"]["area"] for f in found}
    assert areas == {"2023-03-23": "FR", "2023-03-25": "FR.53"}     # France, Brittany
    brittany = client.get("/basemap/regions/FR.geojson").get_json(force=True)["features"]
    assert "FR.53" in {f["properties"]["key"] for f in brittany}
    minsk = features(client, "/events.geojson?country=BY&fields=area")
    assert {f["properties"]["area"] for f in minsk} == {None}          # points


def test_popups_show_every_sentence_of_an_event(client: FlaskClient, seed_article) -> None:
    reported = [f for f in features(client, "/events.geojson?fields=event_id,notes")]
    details = [client.get(f"/events/{f['properties']['event_id']}.json").get_json()["event"]
               for f in reported]
    several = [d for d in details if len(d["sentences"]) > 1]
    assert several                                     # the sample article repeats some
    named = {m["text"] for m in client.get(f"/articles/{seed_article.id}.json").get_json()[
        "article"]["mentions"]}
    highlighted = []
    for event in several:
        assert " ".join(dict.fromkeys(s["sentence"] for s in event["sentences"])) == event["notes"]
        places = [s["sentence"][s["place"][0]:s["place"][1]] for s in event["sentences"]
                  if s["place"]]
        assert len(places) <= 1 and set(places) <= named     # the sentence naming its place
        highlighted += places
    assert highlighted


# -- the map at scale: the grid of counts and streamed downloads --------------------------------

def grid(client: FlaskClient, query: str) -> dict:
    response = client.get(f"/events/grid.json?{query}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


@pytest.mark.parametrize("filters", ["", "type=Protests", "since=2020-08-15&until=2020-08-15",
                                     "bbox=27,53,28.5,54.5", "q=Minsk", "country=BY&planned=no"])
def test_grid_counts_what_the_download_holds(client: FlaskClient, filters: str) -> None:
    located = features(client, f"/events.geojson?{filters}")
    for zoom in (2, 7, 13):
        answer = grid(client, f"zoom={zoom}&{filters}")
        assert answer["total"] == len(located) == sum(c["count"] for c in answer["cells"])
        assert answer["zoom"] == zoom and answer["cell"] == 360 / 2 ** zoom / 4
        types = collections.Counter()
        for c in answer["cells"]:
            types.update(c["types"])
        assert types == collections.Counter(f["properties"]["event_type"] for f in located)
    singles = {c["event_id"] for c in grid(client, f"zoom=18&{filters}")["cells"] if c["event_id"]}
    assert singles <= {f["properties"]["event_id"] for f in located}


@pytest.mark.parametrize("query, reason", [
    ("", "zoom"), ("zoom=x", "zoom"), ("zoom=19", "zoom"), ("zoom=-1", "zoom"), ("zoom=1.5", "zoom"),
    ("zoom=3&bbox=1,2,3", "bbox"), ("zoom=3&bbox=30,50,20,55", "bbox"),
    ("zoom=3&bbox=0,0,1,nan", "bbox"), ("zoom=3&type=Nonsense", "type"),
])
def test_grid_refuses_a_bad_zoom_or_box(client: FlaskClient, query: str, reason: str) -> None:
    response = client.get(f"/events/grid.json?{query}")
    assert response.status_code == 400 and reason in response.get_json()["error"]


def test_grid_shows_sensitive_events_at_their_town(app: Flask, client: FlaskClient) -> None:
    configure(app, coarsen=frozenset({"Protests"}))
    shown = {f["properties"]["event_id"]: f["geometry"]["coordinates"]
             for f in features(client, "/events.geojson?type=Protests")}
    answer = grid(client, "zoom=18&type=Protests")
    assert answer["total"] == len(shown)
    points = {(round(c["lon"], 4), round(c["lat"], 4)) for c in answer["cells"]}
    assert points == {(round(x, 4), round(y, 4)) for x, y in shown.values()}
    box = "type=Protests&bbox=27.3,53.7,27.8,54.1"
    assert grid(client, f"zoom=10&{box}")["total"] == len(features(client, f"/events.geojson?{box}")) > 0


def test_map_counts_on_the_server_beyond_its_points_limit(app: Flask, client: FlaskClient) -> None:
    few = map_config(client.get("/?type=Protests").get_data(as_text=True))
    assert few["aggregate"] is False and "/events.geojson?" in few["preload"]
    app.config["MAP_POINTS"] = 2
    for page in ("/?type=Protests", "/embed?type=Protests"):
        many = map_config(client.get(page).get_data(as_text=True))
        assert many["aggregate"] is True and many["points_limit"] == 2
        assert many["preload"].startswith("/events/grid.json?") and "zoom=2" in many["preload"]
        assert grid(client, many["preload"].split("?", 1)[1])["total"] > 2
    assert map_config(client.get("/?zoom=5&center=53,27").get_data(as_text=True))["preload"] is None


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_downloads_read_their_events_in_chunks(client: FlaskClient, fmt: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    whole = client.get(f"/events.{fmt}?q=Minsk").data
    monkeypatch.setattr("geomap.frames.DOWNLOAD_CHUNK_ROWS", 2)
    read, as_points = [], frames.as_points

    def counted(frame: pd.DataFrame) -> gpd.GeoDataFrame:
        if "event_type" in frame:           # events (not place mentions)
            read.append(len(frame))
        return as_points(frame)

    monkeypatch.setattr("geomap.frames.as_points", counted)
    assert client.get(f"/events.{fmt}?q=Minsk").data == whole
    assert len(read) > 2 and max(read) <= 2
    empty = client.get(f"/events.{fmt}?country=FR").get_data(as_text=True)
    if fmt == "geojson":
        assert json.loads(empty) == {"type": "FeatureCollection", "features": []}
    else:
        assert empty.startswith("event_id,") and empty.count("\n") == 1
