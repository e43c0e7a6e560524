"""The Flask app through its test client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from geomap.ingest import ingest
from geomap.pipeline import Pipeline
from geomap.web import create_app


@pytest.fixture()
def app(tmp_path: Path, pipeline: Pipeline, seed_article) -> Flask:
    app = create_app({"DATABASE": f"sqlite:///{tmp_path / 'web.sqlite'}", "TESTING": True})
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [seed_article], pipeline=pipeline)
    return app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_map_page_shows_minsk_and_gomel_events(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for day in ("2020-08-14", "2020-08-15", "2020-08-16"):
        assert day in html
    assert "Minsk" in html and "Homyel" in html
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


def test_embed_and_map_take_filters(client: FlaskClient) -> None:
    embed = client.get("/embed?country=BY&since=2020-08-14")
    assert embed.status_code == 200
    html = embed.get_data(as_text=True)
    assert "events.geojson?since=2020-08-14" in html and "country=BY" in html
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


def test_api_token(app: Flask, client: FlaskClient) -> None:
    app.config["API_TOKEN"] = "s3cret"
    body = {"text": "Des milliers ont manifesté samedi à Minsk.", "lang": "fr"}
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/articles", data=body).status_code == 401
    ok = client.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201


def test_article_text_is_escaped(client: FlaskClient) -> None:
    text = "Des milliers ont manifesté samedi à Minsk <script>alert(1)</script> <img src=x onerror=alert(2)>."
    added = client.post("/api/articles", json={"text": text, "lang": "fr", "published": "2020-08-15",
                                                 "title": "<b>bold</b>"}).get_json()
    for url in ("/", added["url"]):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_places_geojson(client: FlaskClient, seed_article) -> None:
    data = client.get(f"/places.geojson?article={seed_article.id}").get_json(force=True)
    assert "Minsk" in {f["properties"]["name"] for f in data["features"]}
