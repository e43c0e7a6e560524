"""The SQLite schema's migrations: old databases open, upgraded, with nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from geomap.model import Article, identity
from geomap.query import EventFilter
from geomap.store import open_store
from geomap.store.sqlite import HEAD, MIGRATIONS

# A database written by the release before migrations: the sample article, an English
# article with a URL, and a 3-row ACLED file imported as a dataset (then an article of
# kind "dataset").
RELEASE_0_1 = Path(__file__).parent / "data" / "geomap-0.1.sqlite"
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
    store = open_store(f"sqlite:///{path}")
    events = store.events()
    assert len(events) == 1 and events["source"].isna().all()
    assert store.articles()[0]["kind"] == "article"



def test_head_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def _table(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_a_database_of_release_0_1_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "geomap.sqlite"
    shutil.copy(RELEASE_0_1, path)
    before = {table: _table(path, f"SELECT count(*) FROM {table}")[0][0]
              for table in ("articles", "mentions", "events")}
    old_events = _table(path, "SELECT article_id, event_type, date, lat, lon, sentence"
                              " FROM events ORDER BY id")
    store = open_store(f"sqlite:///{path}")
    assert _table(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    listed = store.articles()
    assert sorted(a["kind"] for a in listed) == ["article", "article", "dataset"]
    assert len(listed) == before["articles"]
    dataset = next(a for a in listed if a["kind"] == "dataset")
    assert store.dataset(dataset["id"])["title"] == "acled-sample.csv"
    assert store.article(dataset["id"]) is None
    assert store.count_events(EventFilter(article=dataset["id"])) == 3
    assert len(store.mentions_frame()) == before["mentions"]
    events = store.events()
    assert len(events) == before["events"]
    assert [tuple(r) for r in events[["article_id", "event_type", "date", "lat", "lon",
                                      "sentence"]].itertuples(index=False)] == old_events
    gomel = store.article("gomel-1")
    assert gomel["url"] and gomel["identity"] == identity(
        Article(gomel["text"], gomel["lang"], url=gomel["url"]))
    assert set(events["status"]) == {"auto"} and set(events["source_count"]) == {1}
    assert _table(path, "SELECT count(*) FROM event_reports")[0][0] == before["events"]
    assert all(events["source_ids"] == events["source_id"].fillna(events["article_id"]))
    assert store.count_events() == before["events"]            # the map's counts, kept
    assert store.event_grid(EventFilter(), 22.5)["n"].sum() == events["lat"].notna().sum()
    reopened = open_store(f"sqlite:///{path}")                 # nothing left to do
    assert len(reopened.events()) == before["events"]


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(RELEASE_0_1, old)
    new = tmp_path / "new.sqlite"
    for path in (old, new):
        open_store(f"sqlite:///{path}")

    def columns(path: Path) -> dict[str, list[tuple]]:
        tables = [t for (t,) in _table(path, "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [(c[1], c[2], c[5]) for c in _table(path, f"PRAGMA table_info({t})")]
                for t in tables}            # name, type, primary key

    assert columns(old) == columns(new)
