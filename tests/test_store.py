"""Stage 5: the SQLite store: idempotent, transactional, filterable."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from geomap.ingest import ingest
from geomap.model import Article, InputError
from geomap.pipeline import Pipeline
from geomap.store import EventFilter, SQLiteStore, open_store


def test_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "db.sqlite"
    store = SQLiteStore(path)
    assert path.exists() and store.articles() == []


def test_same_article_twice_is_stored_once(tmp_path: Path, pipeline: Pipeline,
                                           seed_article: Article) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    assert ingest(store, [seed_article, seed_article], pipeline=pipeline) == [seed_article.id]
    assert ingest(store, [replace(seed_article, id="other-id")], pipeline=pipeline) == []
    assert len(store.articles()) == 1
    assert store.articles()[0]["events"] == len(store.events())


def test_nothing_is_half_written(tmp_path: Path, pipeline: Pipeline, seed_article: Article) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    good = pipeline.extract(seed_article)
    broken = pipeline.extract(Article(text="Des milliers ont manifesté samedi à Minsk.", lang="fr",
                                      published=date(2020, 8, 15)))
    broken.events[0].date = "not a date object"  # as_dict() fails on it mid-transaction
    with pytest.raises(AttributeError):
        store.add([good, broken])
    assert store.articles() == [] and store.events().empty


def test_filters(tmp_path: Path, pipeline: Pipeline, seed_article: Article) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    ingest(store, [seed_article], pipeline=pipeline)
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


def test_only_sqlite_urls() -> None:
    with pytest.raises(InputError, match="unsupported database"):
        open_store("postgresql://localhost/geomap")


OLD_SCHEMA = """
CREATE TABLE articles (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL, published TEXT, text TEXT NOT NULL, added_at TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0);
CREATE TABLE events (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, category TEXT NOT NULL,
    event_type TEXT NOT NULL, sub_event_type TEXT, date TEXT, time_precision INTEGER,
    location TEXT, lat REAL, lon REAL, geo_precision INTEGER, country_code TEXT, feature TEXT,
    sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, trigger TEXT,
    place_start INTEGER, place_end INTEGER, fatalities INTEGER, crowd_size TEXT,
    planned INTEGER NOT NULL DEFAULT 0);
INSERT INTO articles VALUES ('a1', 'h1', 'Old', '', 'AFP', 'fr', '2020-08-15', 'Texte.',
    '2020-08-15T00:00:00', 0);
INSERT INTO events (article_id, category, event_type, date, lat, lon, sentence, start, "end")
    VALUES ('a1', 'protest', 'Protests', '2020-08-15', 53.9, 27.56, 'Texte.', 0, 6);
"""


def test_a_database_from_the_first_release_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_SCHEMA)
    store = SQLiteStore(path)
    events = store.events()
    assert len(events) == 1 and events["source"].isna().all()
    assert store.articles()[0]["kind"] == "article"


def test_search_sub_type_and_bbox(tmp_path: Path, pipeline: Pipeline, seed_article: Article) -> None:
    store = SQLiteStore(tmp_path / "db.sqlite")
    ingest(store, [seed_article], pipeline=pipeline)
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
