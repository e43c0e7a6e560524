"""Property-based tests (Hypothesis): whatever a user sends, the article readers, the filters
and the API answer with a result or a clear error, never a crash."""

from __future__ import annotations

import json
import string
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from geomap.articles import article_from_record, read_article_file, read_jsonl
from geomap.ingest import ingest
from geomap.model import Article, InputError
from geomap.pipeline import Pipeline
from geomap.query import PARAMS, EventFilter
from geomap.settings import Settings
from geomap.store import Store, open_store
from geomap.web import create_app

from conftest import API_TOKEN, with_token

FUZZ = hypothesis_settings(max_examples=150, deadline=None, database=None,
                           suppress_health_check=[HealthCheck.too_slow])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
FIELDS = ("text", "lang", "published", "title", "url", "source", "id")
LIKELY = {
    "text": st.sampled_from(["Des milliers ont manifesté samedi à Minsk.",
                             "Thousands marched in Gomel on Friday.", "", " ", "\x00", "\ud800"]),
    "lang": st.sampled_from(["fr", "en", "FR", "de", ""]),
    "published": st.sampled_from(["2020-08-15", "0001-01-01", "9999-12-31", "2020-02-30",
                                  "hier", "2020-08-15T10:00:00Z"]),
    "id": st.sampled_from(["a", "a/b", "..", "x.json", " a", "é-1", "a" * 300]),
}


def field_values(name: str) -> st.SearchStrategy:
    return LIKELY.get(name, st.nothing()) | JSON


@FUZZ
@given(st.fixed_dictionaries({}, optional={name: field_values(name) for name in FIELDS}))
def test_a_record_makes_an_article_or_says_why(record: dict) -> None:
    try:
        article = article_from_record(record)
    except InputError as e:
        assert str(e)
        return
    assert isinstance(article, Article) and article.text.strip() and article.lang in ("fr", "en")
    article.text.encode("utf-8")
    assert "/" not in article.id


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "replace")))
def test_a_text_file_reads_or_says_why(tmp_path_factory: pytest.TempPathFactory,
                                       content: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "article.txt"
    path.write_bytes(b"---\nlang: fr\n---\n" + content if content[:1] == b"#" else content)
    try:
        article = read_article_file(path)
    except InputError as e:
        assert str(e)
        return
    assert article.text.strip()


@FUZZ
@given(st.lists(st.one_of(JSON.map(json.dumps), st.text(max_size=40),
                          st.just('{"text": "Minsk \\ud800", "lang": "fr"}'),
                          st.just("[" * 5000 + "]" * 5000)), max_size=4))
def test_json_lines_read_or_say_which_line(tmp_path_factory: pytest.TempPathFactory,
                                           lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    try:
        articles = list(read_jsonl(path))
    except InputError as e:
        assert "line" in str(e) or "UTF-8" in str(e)
        return
    assert all(a.text.strip() for a in articles)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Store:
    store = open_store(Settings.for_instance(tmp_path_factory.mktemp("fuzz")).database)
    ingest(store, [Article("Des milliers ont manifesté samedi à Minsk, selon Viasna.", "fr")],
           pipeline)
    return store


FILTER_VALUES = (st.none() | st.text(max_size=30) | st.sampled_from(
    ["2020-08-15", "BY", "Protests", "27,53,28,54", "%", "_", "\\", "'", '"', "nan,0,1,1",
     "-180,-90,180,90", "1e309,0,1,1", "Peaceful protest"]) | JSON)


@FUZZ
@given(st.fixed_dictionaries({}, optional={name: FILTER_VALUES for name in PARAMS}))
def test_filters_parse_or_say_why_and_every_parsed_one_runs(store: Store, raw: dict) -> None:
    try:
        filters = EventFilter.parse(**raw)
    except InputError as e:
        assert str(e)
        return
    count = store.count_events(filters)
    assert len(store.events(filters)) == count
    assert sum(n for _, n in store.timeline(filters)) <= count
    assert EventFilter.parse(**filters.as_query()).as_query() == filters.as_query()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Flask:
    app = create_app(Settings.for_instance(tmp_path_factory.mktemp("fuzz-web"),
                                           api_token=API_TOKEN), {"TESTING": True})
    app.extensions["geomap.pipeline"] = pipeline
    return app


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    return with_token(app.test_client())


@hypothesis_settings(max_examples=80, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(JSON | st.fixed_dictionaries({}, optional={name: field_values(name) for name in FIELDS}))
def test_the_api_answers_any_json_with_a_result_or_a_reason(client: FlaskClient,
                                                            body: object) -> None:
    response = client.post("/api/articles", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201, 400, 409, 413), response.get_data(as_text=True)
    data = response.get_json()
    assert data["id"] if response.status_code < 400 else data["error"]


QUERY_KEYS = st.sampled_from([*PARAMS, "fields", "center", "zoom", "x"])
QUERY_VALUES = st.text(alphabet=string.printable + "éд\u2028", max_size=25) | FILTER_VALUES.filter(
    lambda v: isinstance(v, str))


@FUZZ
@given(st.dictionaries(QUERY_KEYS, QUERY_VALUES, max_size=4),
       st.sampled_from(["/events.geojson", "/events.csv", "/events/timeline.json", "/embed", "/"]))
def test_every_view_answers_any_query_with_200_or_400(client: FlaskClient, query: dict,
                                                      route: str) -> None:
    response = client.get(f"{route}?{urlencode(query)}")
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:500]
