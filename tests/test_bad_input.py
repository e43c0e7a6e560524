"""Bad input through the command and the web app: each case ends with exit 0/2 or a 4xx and a
reason, and stores or loses nothing beyond what the case says."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from geomap.cli import main
from geomap.ingest import ingest
from geomap.model import Article
from geomap.pipeline import Pipeline
from geomap.settings import Settings
from geomap.store import Store, open_store
from geomap.web import MAX_INLINE_CHARS, create_app

from conftest import API_TOKEN, with_token

from test_importer import ACLED_HEADER, ACLED_ROWS

GOOD = "Des milliers de personnes ont manifesté samedi à Minsk."
STORED = Article(text="Des centaines de grévistes se sont rassemblés vendredi à Gomel.", lang="fr",
                 id="stored-1")
DEEP = "[" * 100_000 + "]" * 100_000


def jsonl(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def acled_csv(rows: list[list[str]]) -> bytes:
    lines = [ACLED_HEADER] + rows
    return ("\n".join(",".join(f'"{c}"' for c in row) for row in lines) + "\n").encode()


# (name, files in the case's folder, command line ({d} is the folder), environment,
#  exit status, words of the reason, articles added)
CLI_CASES = [
    ("empty file", {"a.txt": b""}, "extract {d}/a.txt", {}, 2, "a.txt: article text is empty", 0),
    ("not UTF-8", {"a.txt": b"\xff\xfe\x00binary"}, "extract {d}/a.txt", {}, 2, "not UTF-8", 0),
    ("NUL bytes", {"a.txt": b"Minsk \x00 Gomel"}, "extract {d}/a.txt", {}, 2, "NUL", 0),
    ("unknown language", {"a.txt": GOOD.encode()}, "extract {d}/a.txt --lang de", {}, 2,
     "unsupported language", 0),
    ("spelled date", {"a.txt": GOOD.encode()}, "extract {d}/a.txt --published 15-août", {}, 2,
     "not a date", 0),
    ("impossible date", {"a.txt": GOOD.encode()}, "extract {d}/a.txt --published 2020-02-30", {},
     2, "not a date", 0),
    ("first day of the calendar", {"a.txt": "Des manifestants étaient à Minsk hier.".encode()},
     "extract {d}/a.txt --published 0001-01-01", {}, 2, "outside 1000-01-01", 0),
    ("last day of the calendar", {"a.txt": "Une grève aura lieu demain à Minsk.".encode()},
     "extract {d}/a.txt --published 9999-12-31", {}, 2, "outside", 0),
    ("missing file", {}, "extract {d}/nope.txt", {}, 2, "cannot read", 0),
    ("no file at all", {}, "extract", {}, 2, "give one article", 0),
    ("file and JSON Lines", {"a.txt": GOOD.encode(), "b.jsonl": jsonl({"text": GOOD})},
     "extract {d}/a.txt --jsonl {d}/b.jsonl", {}, 2, "give one article", 0),
    ("a line not JSON", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr"}, "{oops")},
     "extract --jsonl {d}/a.jsonl", {}, 2, "line 2: not JSON", 0),
    ("a line not an object", {"a.jsonl": jsonl([1, 2])}, "ingest {d}/a.jsonl", {}, 2,
     "line 1: expected a JSON object", 0),
    ("lone surrogate", {"a.jsonl": b'{"text": "Minsk \\ud800 manifestation", "lang": "fr"}'},
     "ingest {d}/a.jsonl", {}, 2, "lone surrogate", 0),
    ("JSON nested 100,000 deep", {"a.jsonl": DEEP.encode()}, "ingest {d}/a.jsonl", {}, 2,
     "nested too deeply", 0),
    ("title as an object", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr", "title": {"a": 1}})},
     "ingest {d}/a.jsonl", {}, 2, "title must be text", 0),
    ("url as a list", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr", "url": ["x"]})},
     "ingest {d}/a.jsonl", {}, 2, "url must be text", 0),
    ("text as a number", {"a.jsonl": jsonl({"text": 42, "lang": "fr"})}, "ingest {d}/a.jsonl", {},
     2, "text must be a string", 0),
    ("language as a list", {"a.jsonl": jsonl({"text": GOOD, "lang": ["fr"]})},
     "ingest {d}/a.jsonl", {}, 2, "lang must be text", 0),
    ("id with a slash", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr", "id": "a/b"})},
     "ingest {d}/a.jsonl", {}, 2, "cannot be an article's address", 0),
    ("id climbing folders", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr", "id": "../x"})},
     "ingest {d}/a.jsonl", {}, 2, "cannot be an article's address", 0),
    ("id of another article", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr", "id": "stored-1"})},
     "ingest {d}/a.jsonl", {}, 0, "'stored-1' is another article's: stored as", 1),
    ("two texts with one id", {"a.jsonl": jsonl({"text": GOOD, "lang": "fr", "id": "x"},
                                                {"text": GOOD + " Encore.", "lang": "fr", "id": "x"})},
     "ingest {d}/a.jsonl", {}, 0, "2 new article(s)", 2),
    ("the same file name in two folders",
     {"one/a.txt": GOOD.encode(), "two/a.txt": (GOOD + " Et à Brest.").encode()},
     "ingest {d}/one {d}/two --lang fr", {}, 0, "2 new article(s)", 2),
    ("an empty folder", {"empty/.keep": b""}, "ingest {d}/empty", {}, 2, "no articles found", 0),
    ("a bad file in a folder", {"in/a.txt": GOOD.encode(), "in/b.txt": b"  "},
     "ingest {d}/in --lang fr", {}, 2, "b.txt: article text is empty", 0),
    ("a published date in the header out of the calendar",
     {"a.txt": b"---\npublished: 0001-01-01\nlang: fr\n---\n" + GOOD.encode()},
     "ingest {d}/a.txt", {}, 2, "a.txt: published date 0001-01-01 is outside", 0),
    ("a batch of no article", {"a.txt": GOOD.encode()}, "ingest {d}/a.txt --batch 0", {}, 2,
     "--batch 0", 0),
    ("export into a missing folder", {}, "export -o {d}/no/such/folder/out.geojson", {}, 2,
     "does not exist", 0),
    ("export since a word", {}, "export --since soon", {}, 2, "since 'soon' is not a date", 0),
    ("export a box of three numbers", {}, "export --bbox 1,2,3", {}, 2, "four numbers", 0),
    ("export a country name", {}, "export --country Belarus", {}, 2, "two-letter", 0),
    ("export an unknown format", {}, "export -o {d}/out.xml", {}, 2, "unknown export format", 0),
    ("GeoPackage to the terminal", {}, "export --format gpkg", {}, 2, "needs --output", 0),
    ("GEOMAP_WORKERS=abc", {}, "export", {"GEOMAP_WORKERS": "abc"}, 2, "GEOMAP_WORKERS 'abc'", 0),
    ("GEOMAP_WORKERS=0", {}, "export", {"GEOMAP_WORKERS": "0"}, 2, "GEOMAP_WORKERS '0'", 0),
    ("GEOMAP_GEOCODER_TIMEOUT=-1", {}, "export", {"GEOMAP_GEOCODER_TIMEOUT": "-1"}, 2,
     "GEOMAP_GEOCODER_TIMEOUT '-1'", 0),
    ("GEOMAP_GEOCODER_MIN_DELAY=soon", {}, "export", {"GEOMAP_GEOCODER_MIN_DELAY": "soon"}, 2,
     "GEOMAP_GEOCODER_MIN_DELAY", 0),
    ("GEOMAP_DATABASE=mysql://x", {}, "export", {"GEOMAP_DATABASE": "mysql://x"}, 2,
     "GEOMAP_DATABASE 'mysql://x' is not supported", 0),
    ("GEOMAP_NOMINATIM_SCHEME=ftp", {}, "export", {"GEOMAP_NOMINATIM_SCHEME": "ftp"}, 2,
     "GEOMAP_NOMINATIM_SCHEME", 0),
    ("a non-ASCII API token", {}, "export", {"GEOMAP_API_TOKEN": "sécret"}, 2,
     "GEOMAP_API_TOKEN", 0),
    ("import a CSV without coordinates", {"a.csv": b"event_date,event_type\n2020-08-15,Protests\n"},
     "import {d}/a.csv", {}, 2, "lacks the column(s) latitude, longitude", 0),
    ("import a bad date after a quoted line break",
     {"a.csv": acled_csv([ACLED_ROWS[0][:15] + ["first line\nsecond line"] + ACLED_ROWS[0][16:],
                          ["BLR9"] + ["yesterday"] + ACLED_ROWS[1][2:]])},
     "import {d}/a.csv", {}, 2, "a.csv line 4: event_date", 0),
    ("import a text file", {"a.txt": GOOD.encode()}, "import {d}/a.txt", {}, 2,
     "import reads .csv", 0),
    ("import a missing file", {}, "import {d}/nope.csv", {}, 2, "does not exist", 0),
    ("import a polygon", {"a.geojson": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"event_date": "2020-08-15", "event_type": "Protests"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]})
        .encode()}, "import {d}/a.geojson", {}, 2, "feature 1: every feature needs a Point", 0),
    ("a database that is not one", {"bad.sqlite": b"not a database" * 100}, "export",
     {"GEOMAP_DATABASE": "sqlite:///{d}/bad.sqlite"}, 2, "cannot open the database", 0),
]


def _count(store: Store) -> tuple[int, int]:
    return len(store.articles()), store.count_events()


@pytest.mark.parametrize("name, files, command, env, status, reason, added", CLI_CASES,
                         ids=[case[0] for case in CLI_CASES])
def test_the_command(name: str, files: dict[str, bytes], command: str, env: dict[str, str],
                     status: int, reason: str, added: int, tmp_path: Path, pipeline: Pipeline,
                     capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    for path, content in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    settings = Settings.for_instance(tmp_path / "instance")
    store = open_store(settings.database)
    ingest(store, [STORED], pipeline)
    before = _count(store)
    environment = {"GEOMAP_INSTANCE": str(settings.instance), "GEOMAP_GEOCODER": "off",
                   **{k: v.format(d=folder) for k, v in env.items()}}
    code = main(command.format(d=folder).split(), environment)
    err = capsys.readouterr().err
    assert code == status, err
    assert reason in err
    assert "Traceback" not in err
    articles, events = _count(store)
    assert articles == before[0] + added and (events > before[1]) == bool(added)


# -- the web app ------------------------------------------------------------------------------

@pytest.fixture()
def app(settings: Settings, pipeline: Pipeline) -> Flask:
    app = create_app(replace(settings, api_token=API_TOKEN), {"TESTING": True})
    app.extensions["geomap.pipeline"] = pipeline
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [STORED], pipeline)
    return app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return with_token(app.test_client())


def post(**body: object) -> dict:
    return {"json": body}


# (name, method, URL, request keywords, status, words of the reason)
HTTP_CASES = [
    ("empty text", "POST", "/api/articles", post(text=""), 400, "empty"),
    ("NUL bytes", "POST", "/api/articles", post(text="Minsk\x00"), 400, "NUL"),
    ("unknown language", "POST", "/api/articles", post(text=GOOD, lang="xx"), 400, "unsupported"),
    ("a word for a date", "POST", "/api/articles", post(text=GOOD, published="hier"), 400,
     "not a date"),
    ("first day of the calendar", "POST", "/api/articles",
     post(text="Des manifestants étaient à Minsk hier.", lang="fr", published="0001-01-01"), 400,
     "outside"),
    ("last day of the calendar", "POST", "/api/articles",
     post(text="Une grève aura lieu demain à Minsk.", lang="fr", published="9999-12-31"), 400,
     "outside"),
    ("an array", "POST", "/api/articles", {"json": ["not", "an", "object"]}, 400, "JSON object"),
    ("plain text", "POST", "/api/articles", {"data": GOOD, "content_type": "text/plain"}, 400,
     "as JSON"),
    ("broken JSON", "POST", "/api/articles", {"data": '{"text": ', "content_type":
                                              "application/json"}, 400, "not valid"),
    ("JSON nested 100,000 deep", "POST", "/api/articles",
     {"data": DEEP, "content_type": "application/json"}, 400, "not valid"),
    ("lone surrogate", "POST", "/api/articles", {"data": '{"text": "Minsk \\udc80 ici"}',
                                                 "content_type": "application/json"}, 400,
     "lone surrogate"),
    ("title as an object", "POST", "/api/articles", post(text=GOOD, lang="fr", title={"a": 1}),
     400, "title must be text"),
    ("url as a list", "POST", "/api/articles", post(text=GOOD, lang="fr", url=["x"]), 400,
     "url must be text"),
    ("source as a number", "POST", "/api/articles", post(text=GOOD, lang="fr", source=3.5), 400,
     "source must be text"),
    ("id with a slash", "POST", "/api/articles", post(text=GOOD, lang="fr", id="a/../b"), 400,
     "address"),
    ("id of another article", "POST", "/api/articles", post(text=GOOD, lang="fr", id="stored-1"),
     409, "'stored-1' is already taken"),
    ("an article too long to extract inline", "POST", "/api/articles",
     post(text="Manifestation à Minsk. " * (MAX_INLINE_CHARS // 20), lang="fr"), 413,
     "geomap ingest"),
    ("a body over 5 MB", "POST", "/api/articles", {"data": "x" * (6 * 1024 * 1024),
                                                  "content_type": "application/json"}, 413, ""),
    ("a form in an unknown language", "POST", "/articles", {"data": {"text": GOOD, "lang": "de"}},
     400, "unsupported language"),
    ("an event id beyond 64 bits", "GET", "/events/9223372036854775808.json", {}, 404, ""),
    ("an event that does not exist", "GET", "/events/987654.json", {}, 404, "no located event"),
    ("a filter date that is a word", "GET", "/events.geojson?since=bad", {}, 400, "since"),
    ("a box of NaN", "GET", "/events.geojson?bbox=nan,0,1,1", {}, 400, "bbox"),
    ("an unknown download field", "GET", "/events.csv?fields=password", {}, 400, "password"),
    ("a zoom beyond the map's", "GET", "/?zoom=40&center=0,0", {}, 400, "view"),
    ("an article that does not exist", "GET", "/articles/nope", {}, 404, "nope"),
    ("an article's data that does not exist", "GET", "/articles/nope.json", {}, 404, "nope"),
    ("a search longer than 200 characters", "GET", "/events.geojson?q=" + "x" * 201, {}, 400,
     "search"),
    ("a method the route does not take", "DELETE", "/events.geojson", {}, 405, ""),
]


@pytest.mark.parametrize("name, method, url, kwargs, status, reason", HTTP_CASES,
                         ids=[case[0] for case in HTTP_CASES])
def test_the_web_app(name: str, method: str, url: str, kwargs: dict, status: int, reason: str,
                     client: FlaskClient) -> None:
    before = len(client.get("/articles.json").get_json()["articles"])
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert reason in text and "Traceback" not in text
    if url.startswith("/api/") or url.endswith((".json", ".geojson", ".csv")):
        assert response.get_json(force=True)["error"]
    assert len(client.get("/articles.json").get_json()["articles"]) == before


@pytest.mark.parametrize("header", ["sécret", "Bearer sécret", "s3cret", "Basic s3cret",
                                    "Bearer", "Bearer s3cret s3cret"])
def test_a_token_other_than_bearer_and_the_right_one_is_401(app: Flask, client: FlaskClient,
                                                             header: str) -> None:
    from dataclasses import replace

    app.config["GEOMAP"] = replace(app.config["GEOMAP"], api_token="s3cret")
    response = client.post("/api/articles", json={"text": GOOD, "lang": "fr"},
                           headers={"Authorization": header})
    assert response.status_code == 401 and "token" in response.get_json()["error"]
    ok = client.post("/api/articles", json={"text": GOOD, "lang": "fr"},
                     headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201
