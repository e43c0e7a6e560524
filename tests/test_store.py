"""Stage 5: the SQLite store: idempotent, transactional, filterable."""

from __future__ import annotations

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
