"""The store contract: what every backend does, run against each of them.

A backend is added to BACKENDS with how to make a fresh, empty database URL for a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from geomap.ingest import ingest
from geomap.model import Article, InputError
from geomap.pipeline import Pipeline
from geomap.query import EventFilter
from geomap.store import Store, open_store

BACKENDS: dict[str, Callable[[Path], str]] = {
    "sqlite": lambda tmp: f"sqlite:///{tmp / 'deep' / 'db.sqlite'}",
}


@pytest.fixture(params=sorted(BACKENDS))
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return BACKENDS[request.param](tmp_path)


@pytest.fixture()
def store(url: str) -> Store:
    return open_store(url)


def test_created_on_first_use(url: str) -> None:
    assert open_store(url).articles() == []


def test_same_article_twice_is_stored_once(store: Store, pipeline: Pipeline,
                                           seed_article: Article) -> None:
    assert ingest(store, [seed_article, seed_article], pipeline).new == [seed_article.id]
    assert ingest(store, [replace(seed_article, id="other-id")], pipeline).new == []
    assert len(store.articles()) == 1
    assert store.articles()[0]["events"] == len(store.events())


def test_nothing_is_half_written(store: Store, pipeline: Pipeline, seed_article: Article) -> None:
    good = pipeline.extract(seed_article)
    broken = pipeline.extract(Article(text="Des milliers ont manifesté samedi à Minsk.", lang="fr",
                                      published=date(2020, 8, 15)))
    broken.events[0].date = "not a date object"  # as_dict() fails on it mid-transaction
    with pytest.raises(AttributeError):
        store.add([good, broken])
    assert store.articles() == [] and store.events().empty


def test_filters(store: Store, pipeline: Pipeline, seed_article: Article) -> None:
    ingest(store, [seed_article], pipeline)
    everything = store.events()
    friday = store.events(EventFilter(since=date(2020, 8, 14), until=date(2020, 8, 14)))
    assert 0 < len(friday) < len(everything)
    assert set(friday["date"]) == {"2020-08-14"}
    assert set(store.events(EventFilter(type="Protests"))["event_type"]) == {"Protests"}
    assert store.events(EventFilter(country="FR")).empty


@pytest.mark.parametrize("raw, reason", [
    ({"since": "yesterday"}, "since"),
    ({"country": "Belarus"}, "two-letter"),
    ({"since": "2020-08-16", "until": "2020-08-10"}, "after"),
])
def test_bad_filters(raw: dict, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        EventFilter.parse(**raw)


@pytest.mark.parametrize("url", ["mysql://x", "sqlite://relative.sqlite", "sqlite:///", ""])
def test_urls_of_no_backend_are_refused(url: str) -> None:
    with pytest.raises(InputError, match="not supported"):
        open_store(url)


def test_search_sub_type_and_bbox(store: Store, pipeline: Pipeline, seed_article: Article) -> None:
    ingest(store, [seed_article], pipeline)
    gomel = store.events(EventFilter(q="GOMEL"))
    assert not gomel.empty and gomel["sentence"].str.contains("Gomel").all()
    intervened = store.events(EventFilter(sub_type="Protest with intervention"))
    assert not intervened.empty and set(intervened["sub_event_type"]) == {"Protest with intervention"}
    minsk = store.events(EventFilter(bbox=(27.0, 53.5, 28.0, 54.5)), located=True)
    assert not minsk.empty and minsk["lon"].between(27, 28).all() and minsk["lat"].between(53.5, 54.5).all()
    assert len(minsk) < len(store.events(located=True))
    assert store.count_events(EventFilter(country="BY")) == len(store.events(EventFilter(country="BY")))
    limited = store.events(limit=5)
    assert list(limited["date"]) == sorted(limited["date"], reverse=True)


@pytest.mark.parametrize("bbox, reason", [
    ("1,2,3", "four numbers"), ("a,b,c,d", "four numbers"), ("10,0,5,5", "out of range"),
    ("0,-91,5,5", "out of range"), ("nan,0,5,5", "out of range"),
])
def test_bad_bbox(bbox: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        EventFilter.parse(bbox=bbox)


def test_filter_round_trips_through_the_query_string() -> None:
    query = {"type": "Protests", "sub_type": "Peaceful protest", "since": "2020-08-10",
             "until": "2020-08-16", "country": "BY", "article": "a1", "q": "Minsk",
             "bbox": "27,53.5,28,54.5"}
    assert EventFilter.parse(**query).as_query() == query
    assert EventFilter.parse(**query).without_time().as_query() == {
        k: v for k, v in query.items() if k not in ("since", "until")}
