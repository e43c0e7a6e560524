"""Stage 5: storing articles, their places and events.

SQLite is the embedded default. Callers use the Store methods only, and get
plain records or pandas frames back, so another backend (PostgreSQL/PostGIS)
can be added behind open_store() without changing them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from geomap.config import database_url
from geomap.model import Extraction, InputError, content_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL,
    published TEXT,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
    name TEXT, lat REAL, lon REAL, country_code TEXT, feature TEXT, confidence REAL,
    source TEXT, metonymic INTEGER NOT NULL, sentence INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    category TEXT NOT NULL, event_type TEXT NOT NULL, sub_event_type TEXT,
    date TEXT, time_precision INTEGER, location TEXT, lat REAL, lon REAL,
    geo_precision INTEGER, country_code TEXT, feature TEXT, sentence TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, trigger TEXT,
    place_start INTEGER, place_end INTEGER, fatalities INTEGER, crowd_size TEXT,
    planned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
"""

MENTION_COLUMNS = ("start", "end", "text", "kind", "name", "lat", "lon", "country_code",
                   "feature", "confidence", "source", "metonymic", "sentence")
EVENT_COLUMNS = ("category", "event_type", "sub_event_type", "date", "time_precision", "location",
                 "lat", "lon", "geo_precision", "country_code", "feature", "sentence", "start",
                 "end", "trigger", "place_start", "place_end", "fatalities", "crowd_size", "planned")


@dataclass(frozen=True)
class EventFilter:
    """Which events to show or export. Empty fields do not filter."""

    type: str = ""
    since: date | None = None
    until: date | None = None
    country: str = ""
    article: str = ""

    @classmethod
    def parse(cls, **raw: object) -> EventFilter:
        """From user strings; raises InputError for a bad date or country."""
        from geomap.articles import parse_date

        country = str(raw.get("country") or "").strip().upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise InputError(f"country {country!r} is not a two-letter ISO code like BY")
        since, until = parse_date(raw.get("since"), "since"), parse_date(raw.get("until"), "until")
        if since and until and since > until:
            raise InputError("since is after until")
        return cls(type=str(raw.get("type") or "").strip(), since=since, until=until,
                   country=country, article=str(raw.get("article") or "").strip())

    def as_query(self) -> dict[str, str]:
        """The filter as URL query parameters (only those set)."""
        values = {"type": self.type, "since": self.since and self.since.isoformat(),
                  "until": self.until and self.until.isoformat(), "country": self.country,
                  "article": self.article}
        return {k: v for k, v in values.items() if v}


class SQLiteStore:
    """Articles, mentions and events in one SQLite file, created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            yield conn
        finally:
            conn.close()

    # -- writing ---------------------------------------------------------

    def known(self, texts: Iterable[str]) -> set[str]:
        """Content hashes of the given texts that are already stored."""
        hashes = [content_id(t) for t in texts]
        with self._connect() as conn:
            return {row[0] for chunk in _chunks(hashes, 500) for row in conn.execute(
                f"SELECT content_hash FROM articles WHERE content_hash IN ({','.join('?' * len(chunk))})",
                chunk)}

    def id_for_text(self, text: str) -> str | None:
        """The id of the stored article with exactly this text, if any."""
        with self._connect() as conn:
            row = conn.execute("SELECT id FROM articles WHERE content_hash = ?",
                               (content_id(text),)).fetchone()
        return row[0] if row else None

    def add(self, extractions: Iterable[Extraction], replace: bool = False) -> list[str]:
        """Store extractions in one transaction; returns the ids of new articles.

        An article already stored (same id or same text) is skipped, or replaced
        when replace is true. On any error nothing is stored.
        """
        added = []
        with self._connect() as conn:
            with conn:
                for ex in extractions:
                    a = ex.article
                    digest = content_id(a.text)
                    existing = conn.execute("SELECT id FROM articles WHERE id = ? OR content_hash = ?",
                                            (a.id, digest)).fetchone()
                    if existing and not replace:
                        continue
                    if existing:
                        conn.execute("DELETE FROM articles WHERE id = ?", (existing[0],))
                    conn.execute(
                        "INSERT INTO articles (id, content_hash, title, url, source, lang, published,"
                        " text, added_at, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (a.id, digest, a.title, a.url, a.source, a.lang,
                         a.published.isoformat() if a.published else None, a.text,
                         datetime.now(timezone.utc).isoformat(timespec="seconds"), int(ex.pending)))
                    conn.executemany(
                        f"INSERT INTO mentions (article_id, {_cols(MENTION_COLUMNS)}) VALUES"
                        f" (?, {','.join('?' * len(MENTION_COLUMNS))})",
                        [(a.id, *(p.as_dict()[c] for c in MENTION_COLUMNS))
                         for p in ex.places])
                    conn.executemany(
                        f"INSERT INTO events (article_id, {_cols(EVENT_COLUMNS)}) VALUES"
                        f" (?, {','.join('?' * len(EVENT_COLUMNS))})",
                        [(a.id, *(e.as_dict()[c] for c in EVENT_COLUMNS)) for e in ex.events])
                    added.append(a.id)
        return added

    # -- reading ---------------------------------------------------------

    def articles(self) -> list[dict]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT a.id, a.title, a.url, a.source, a.lang, a.published, a.added_at, a.pending,"
                " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events"
                " FROM articles a ORDER BY a.published DESC, a.added_at DESC").fetchall()
        return [dict(r) for r in rows]

    def article(self, article_id: str) -> dict | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            mentions = conn.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY start",
                                    (article_id,)).fetchall()
        return {**dict(row), "mentions": [dict(m) for m in mentions]}

    def pending_articles(self) -> list[dict]:
        with self._connect() as conn:
            return [dict(r) for r in conn.execute("SELECT * FROM articles WHERE pending = 1")]

    def events(self, filters: EventFilter = EventFilter(), limit: int | None = None) -> pd.DataFrame:
        """Stored events matching the filter, newest first, as a DataFrame."""
        where, params = _where(filters)
        sql = (f"SELECT e.id, e.article_id, {', '.join('e.' + _q(c) for c in EVENT_COLUMNS)}"
               f" FROM events e {where} ORDER BY e.date DESC, e.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._connect() as conn:
            return pd.read_sql_query(sql, conn, params=params)

    def articles_frame(self) -> pd.DataFrame:
        with self._connect() as conn:
            return pd.read_sql_query(
                "SELECT id AS article_id, title, url, source, published, lang FROM articles", conn)

    def mentions_frame(self, article: str = "") -> pd.DataFrame:
        """Stored place mentions (of one article, if given)."""
        where = "WHERE article_id = ?" if article else ""
        with self._connect() as conn:
            return pd.read_sql_query(
                f"SELECT article_id, {_cols(MENTION_COLUMNS)} FROM mentions {where}"
                " ORDER BY article_id, start", conn, params=[article] if article else [])

    def event_types(self) -> list[str]:
        with self._connect() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT event_type FROM events ORDER BY 1")]


def _where(f: EventFilter) -> tuple[str, list]:
    clauses, params = [], []
    if f.type:
        clauses.append("(e.event_type = ? OR e.category = ? OR e.sub_event_type = ?)")
        params += [f.type] * 3
    if f.since:
        clauses.append("e.date >= ?")
        params.append(f.since.isoformat())
    if f.until:
        clauses.append("e.date <= ?")
        params.append(f.until.isoformat())
    if f.country:
        clauses.append("e.country_code = ?")
        params.append(f.country)
    if f.article:
        clauses.append("e.article_id = ?")
        params.append(f.article)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _q(column: str) -> str:
    return f'"{column}"'


def _cols(columns: tuple[str, ...]) -> str:
    return ", ".join(_q(c) for c in columns)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def open_store(url: str | None = None) -> SQLiteStore:
    """The store named by a database URL (default: $GEOMAP_DATABASE or the instance folder)."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        return SQLiteStore(Path(url.removeprefix("sqlite:///")))
    raise InputError(f"unsupported database URL {url!r}: use sqlite:///path/to/file.sqlite")
