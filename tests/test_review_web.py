"""Who may do what in the web app, the review pages with their JSON twins, and the API that
reviews, corrects, merges, splits, deletes and replaces."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from geomap.accounts import add_editor
from geomap.ingest import ingest
from geomap.model import Article
from geomap.pipeline import Pipeline
from geomap.settings import Settings
from geomap.web import create_app

from conftest import API_TOKEN, AUTH

PASSWORD = "correct horse battery"
RALLY = Article(text="Des milliers de personnes ont manifesté dimanche à Minsk. Lundi, les"
                     " ouvriers de l'usine de tracteurs de Minsk se sont mis en grève. Le même"
                     " jour, des manifestants se sont rassemblés à Brest.",
                lang="fr", published=date(2020, 8, 17), id="rally-1", title="Rally")


@pytest.fixture()
def app(settings: Settings, pipeline: Pipeline) -> Flask:
    app = create_app(replace(settings, api_token=API_TOKEN), {"TESTING": True})
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [RALLY], pipeline)
        add_editor(store(), "ana", PASSWORD)
    return app


def csrf_token(client: FlaskClient, url: str = "/login") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"name": "ana", "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    return client


def events(client: FlaskClient, status: str = "all") -> dict[str, dict]:
    features = client.get(f"/events.geojson?status={status}").get_json(force=True)["features"]
    return {f["properties"]["location"]: f["properties"] for f in features}


# -- who may do what -----------------------------------------------------------------------

def test_a_signed_in_editor_reviews_through_the_forms(app: Flask) -> None:
    client = signed_in(app)
    minsk = events(client)["Minsk"]["event_id"]
    token = csrf_token(client, f"/review/{minsk}")
    response = client.post(f"/review/{minsk}/status", data={"status": "verified",
                                                            "csrf_token": token})
    assert response.status_code == 303 and response.location.endswith(f"/review/{minsk}")
    assert events(client)["Minsk"]["status"] == "verified"
    log = client.get("/audit.json").get_json()["entries"]
    assert log[0]["user_name"] == "ana" and log[0]["event_id"] == minsk
    for target, expected in (("/review", "/review"), ("https://evil.example/x", f"/review/{minsk}"),
                             ("//evil.example", f"/review/{minsk}"),
                             ("/\\evil.example", f"/review/{minsk}")):
        response = client.post(f"/review/{minsk}/status", data={"status": "verified",
                                                                "next": target, "csrf_token": token})
        assert response.location == expected, target          # back to this site only


def test_a_form_posted_from_another_site_is_refused(app: Flask) -> None:
    client = signed_in(app)
    minsk = events(client)["Minsk"]["event_id"]
    for data in ({"status": "rejected"}, {"status": "rejected", "csrf_token": "forged"}):
        response = client.post(f"/review/{minsk}/status", data=data,
                               headers={"Origin": "https://evil.example"})
        assert response.status_code == 400 and "not sent from a page of this site" in response.get_data(as_text=True)
    assert client.post("/articles", data={"text": "Grève à Lyon."}).status_code == 400
    assert client.post(f"/articles/{RALLY.id}/delete").status_code == 400
    assert events(client)["Minsk"]["status"] == "auto"
    assert len(client.get("/articles.json").get_json()["articles"]) == 1


def test_anonymous_users_cannot_review_delete_or_add(app: Flask) -> None:
    client = app.test_client()
    minsk = events(client)["Minsk"]["event_id"]
    token = csrf_token(client)                  # a form of this site, but nobody signed in
    for url, data in ((f"/review/{minsk}/status", {"status": "rejected"}),
                      (f"/review/{minsk}/edit", {"date": "2020-08-01"}),
                      (f"/articles/{RALLY.id}/delete", {}),
                      (f"/articles/{RALLY.id}/replace", {"text": "Grève à Lyon."}),
                      ("/articles", {"text": "Des milliers ont manifesté à Lyon."})):
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 303 and "/login" in response.location, url
    for method, url, body in (("post", f"/api/events/{minsk}/status", {"status": "rejected"}),
                              ("post", f"/api/events/{minsk}/merge", {"other": minsk}),
                              ("delete", f"/api/articles/{RALLY.id}", None),
                              ("put", f"/api/articles/{RALLY.id}", {"text": "Grève à Lyon."}),
                              ("post", "/api/articles", {"text": "Grève à Lyon."})):
        response = getattr(client, method)(url, json=body)
        assert response.status_code == 401 and response.get_json()["error"], url
    assert events(client)["Minsk"]["status"] == "auto"
    assert client.get("/articles.json").get_json()["articles"][0]["id"] == RALLY.id
    assert client.get("/audit.json").get_json()["entries"] == []
    assert "Sign in to add articles" in client.get("/").get_data(as_text=True)
    assert client.get("/review").status_code == 200          # reading stays open


@pytest.mark.parametrize("name, password", [("ana", "wrong password"), ("nobody", PASSWORD),
                                            ("ana", ""), ("", "")])
def test_a_wrong_or_missing_name_or_password_is_refused(app: Flask, name: str,
                                                        password: str) -> None:
    client = app.test_client()
    response = client.post("/login", data={"name": name, "password": password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/login.json").get_json()["editor"] is None


def _costs(attempts: dict, rounds: int, tries: int) -> dict[str, float]:
    """What each attempt costs: the least CPU time this process spent on it (all threads),
    over interleaved rounds. Other work on the machine delays an attempt's wall time but
    adds nothing to its least CPU time, so the figure is the attempt's own work."""
    times: dict[str, list[float]] = {what: [] for what in attempts}
    for _ in range(rounds):
        for what, attempt in attempts.items():
            for _ in range(tries):
                start = time.process_time()
                attempt()
                times[what].append(time.process_time() - start)
    return {what: min(values) for what, values in times.items()}


def test_refusals_take_as_long_whichever_part_was_wrong(app: Flask) -> None:
    """An unknown name costs a password check too, and tokens are compared in constant time:
    timing does not tell a wrong name from a wrong password, or a wrong token from none."""
    client = app.test_client()
    token = csrf_token(client)

    def login(name: str, password: str):
        return lambda: client.post("/login", data={"name": name, "password": password,
                                                   "csrf_token": token})

    def api(header: dict):
        return lambda: client.post("/api/articles", json={"text": "x"}, headers=header)

    login("ana", "wrong password")()                     # warm up
    logins = _costs({"wrong password": login("ana", "wrong password"),
                     "unknown name": login("nobody", PASSWORD),
                     "no password": login("ana", "")}, rounds=5, tries=2)
    assert max(logins.values()) / min(logins.values()) < 1.5, logins
    assert min(logins.values()) > 0.005, logins          # every refusal ran a password check
    tokens = _costs({"wrong token": api({"Authorization": "Bearer " + "x" * len(API_TOKEN)}),
                     "almost right": api({"Authorization": "Bearer " + API_TOKEN[:-1] + "x"}),
                     "no token": api({})}, rounds=10, tries=6)
    assert max(tokens.values()) / min(tokens.values()) < 1.5, tokens


def test_sessions_use_secure_cookie_settings(app: Flask) -> None:
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"name": "ana", "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert app.config["SESSION_COOKIE_SECURE"]
    key = Path(app.instance_path) / "secret_key"          # made once, readable by its owner only
    assert key.read_text().strip() == app.secret_key and len(app.secret_key) >= 32
    assert key.stat().st_mode & 0o777 == 0o600


def test_signing_in_goes_back_only_to_this_site(app: Flask) -> None:
    for target, expected in (("/review", "/review"), ("https://evil.example/x", "/"),
                             ("//evil.example", "/")):
        client = app.test_client()
        response = client.post("/login", data={"name": "ana", "password": PASSWORD,
                                               "next": target, "csrf_token": csrf_token(client)})
        assert response.location == expected


# -- review pages and their twins ------------------------------------------------------------

def test_the_review_queue_and_its_twin(app: Flask) -> None:
    client = signed_in(app)
    page = client.get("/review").get_data(as_text=True)
    queue = client.get("/review.json").get_json()
    assert queue["total"] == 3 == len(queue["events"])
    assert [e["date"] for e in queue["events"]] == sorted((e["date"] for e in queue["events"]),
                                                          reverse=True)
    for e in queue["events"]:
        assert f'data-event="{e["id"]}"' in page and escape(e["sources"][0]["sentence"]) in page
    assert 'class="review-map small"' in page and "review.js" in page


def test_the_event_page_and_its_twin(app: Flask) -> None:
    client = signed_in(app)
    brest = events(client)["Brest"]["event_id"]
    record = client.get(f"/review/{brest}.json").get_json()
    assert record["event"]["location"] == "Brest" and len(record["reports"]) == 1
    assert record["reports"][0]["article_id"] == RALLY.id
    assert record["candidates"] and all(c["name"] for c in record["candidates"])
    assert "Protests" in record["types"]
    html = client.get(f"/review/{brest}").get_data(as_text=True)
    for form in ("move-reading", "move-search", "move-point", "split-form"):
        assert f'id="{form}"' in html
    assert client.get("/review/999999").status_code == 404
    found = client.get("/places/search.json?q=Gomel").get_json()["places"]
    assert any(p["country_code"] == "BY" and p["feature"] == "city" for p in found)


def test_moving_an_event_three_ways(app: Flask) -> None:
    client = signed_in(app)
    brest = events(client)["Brest"]["event_id"]

    def move(data: dict) -> dict:
        token = csrf_token(client, f"/review/{brest}")
        assert client.post(f"/review/{brest}/move", data={**data, "csrf_token": token}) \
            .status_code == 303
        return client.get(f"/review/{brest}.json").get_json()["event"]

    other = client.get(f"/review/{brest}.json").get_json()["candidates"][0]
    moved = move({"gazetteer_id": other["gazetteer_id"]})
    assert (moved["lat"], moved["gazetteer_id"]) == (other["lat"], other["gazetteer_id"])
    gomel = next(p for p in client.get("/places/search.json?q=Gomel").get_json()["places"]
                 if p["country_code"] == "BY")
    assert move({"gazetteer_id": gomel["gazetteer_id"]})["location"] == gomel["name"]
    clicked = move({"location": "Parc Gorki", "lat": "53.9035", "lon": "27.5780"})
    assert (clicked["location"], clicked["country_code"], clicked["status"]) == (
        "Parc Gorki", "BY", "edited")
    token = csrf_token(client, f"/review/{brest}")
    bad = client.post(f"/review/{brest}/move", data={"lat": "123", "lon": "0", "location": "x",
                                                     "csrf_token": token})
    assert bad.status_code == 400


def test_the_api_reviews_merges_splits_deletes_and_replaces(app: Flask) -> None:
    client = app.test_client()
    found = events(client)
    minsk, works = found["Minsk"]["event_id"], found["Minsk Tractor Works"]["event_id"]
    reviewed = client.post(f"/api/events/{minsk}/status", json={"status": "verified"},
                           headers=AUTH).get_json()["event"]
    assert reviewed["status"] == "verified"
    edited = client.post(f"/api/events/{works}/edit", json={"fatalities": 1, "crowd_size": "200"},
                         headers=AUTH).get_json()["event"]
    assert (edited["fatalities"], edited["status"]) == (1, "edited")
    merged = client.post(f"/api/events/{minsk}/merge", json={"other": works},
                         headers=AUTH).get_json()["event"]
    assert merged["id"] == minsk and merged["source_count"] == 1        # one article
    reports = client.get(f"/review/{minsk}.json").get_json()["reports"]
    assert len(reports) == 2
    split = client.post(f"/api/events/{minsk}/split", json={"reports": [reports[1]["id"]]},
                        headers=AUTH).get_json()["event"]
    assert split["new_event"] != minsk
    assert client.post(f"/api/events/{minsk}/fly", json={}, headers=AUTH).status_code == 404
    bad = client.post(f"/api/events/{minsk}/status", json={"status": "maybe"}, headers=AUTH)
    assert bad.status_code == 400 and "status" in bad.get_json()["error"]
    log = client.get(f"/audit.json?event={minsk}").get_json()["entries"]
    assert {e["action"] for e in log} >= {"review", "merge", "split"}
    assert all(e["user_name"] == "api token" for e in log)
    newer = {"text": RALLY.text + " Mardi, une chaîne humaine s'est formée à Grodno.",
             "lang": "fr", "published": "2020-08-18"}
    replaced = client.put(f"/api/articles/{RALLY.id}", json=newer, headers=AUTH)
    assert replaced.status_code == 200 and replaced.get_json()["replaced"]
    after = events(client)
    assert after["Minsk"]["status"] == "edited" and "Grodno" in after
    assert client.put("/api/articles/nope", json=newer, headers=AUTH).status_code == 404
    assert client.delete(f"/api/articles/{RALLY.id}", headers=AUTH).get_json()["deleted"]
    assert events(client) == {}
    assert client.delete(f"/api/articles/{RALLY.id}", headers=AUTH).status_code == 404


def test_the_map_counts_follow_reviews_corrections_and_deletes(app: Flask) -> None:
    client = app.test_client()
    found = events(client)
    minsk, brest = found["Minsk"]["event_id"], found["Brest"]["event_id"]

    def counted(query: str = "") -> dict:
        """The map's grid, checked against the download of the same filters."""
        answer = client.get(f"/events/grid.json?zoom=8&{query}").get_json()
        shown = client.get(f"/events.geojson?{query}").get_json(force=True)["features"]
        assert answer["total"] == len(shown) == sum(c["count"] for c in answer["cells"])
        return answer

    assert counted()["total"] == 3
    client.post(f"/api/events/{brest}/status", json={"status": "rejected"}, headers=AUTH)
    assert counted()["total"] == 2 and counted("status=rejected")["total"] == 1
    client.post(f"/api/events/{minsk}/edit", json={"location": "Gomel", "lat": 52.4345,
                                                    "lon": 30.9754}, headers=AUTH)
    assert [(c["lat"], c["lon"], c["event_id"]) for c in counted("status=edited")["cells"]] == [
        (52.4345, 30.9754, minsk)]
    assert client.delete(f"/api/articles/{RALLY.id}", headers=AUTH).status_code == 200
    assert counted("status=all")["total"] == 0


def test_downloads_carry_status_sources_and_filter_by_status(app: Flask) -> None:
    client = signed_in(app)
    found = events(client)
    brest = found["Brest"]["event_id"]
    token = csrf_token(client, f"/review/{brest}")
    client.post(f"/review/{brest}/status", data={"status": "rejected", "csrf_token": token})
    shown = events(client, "")
    assert "Brest" not in shown and {"Minsk", "Minsk Tractor Works"} <= set(shown)
    assert all(p["source_count"] == 1 and p["source_ids"] == RALLY.id for p in shown.values())
    assert set(events(client, "rejected")) == {"Brest"}
    table = client.get("/events.csv?status=all").get_data(as_text=True).splitlines()
    header = table[0].split(",")
    assert {"status", "source_count", "source_ids"} <= set(header) and len(table) == 4
    assert "rejected" in client.get("/events.csv?status=rejected").get_data(as_text=True)
    assert client.get("/events.geojson?status=maybe").status_code == 400


def test_a_setting_publishes_only_verified_events(app: Flask) -> None:
    app.config["GEOMAP"] = replace(app.config["GEOMAP"], publish="verified")
    editor = signed_in(app)
    minsk = events(editor)["Minsk"]["event_id"]
    editor.post(f"/api/events/{minsk}/status", json={"status": "verified"}, headers=AUTH)
    reader = app.test_client()
    assert set(events(reader, "")) == {"Minsk"} == set(events(reader, "all"))
    assert len(events(editor, "")) == 3
    others = [e["event_id"] for e in events(editor).values() if e["event_id"] != minsk]
    assert reader.get(f"/events/{others[0]}.json").status_code == 404
    assert reader.get(f"/events/{minsk}.json").status_code == 200
