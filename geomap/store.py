"""Stage 5: storing articles, their places and events.

SQLite is the embedded default. Callers use the Store methods only, and get
plain records or pandas frames back, so another backend (PostgreSQL/PostGIS)
can be added behind open_store() without changing them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from geomap.config import database_url
from geomap.model import Article, Extraction, InputError, content_id

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
    pending INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'article'
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
    planned INTEGER NOT NULL DEFAULT 0,
    source TEXT, source_id TEXT, admin1 TEXT
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS mentions_place ON mentions(article_id, start);
"""
# Columns added since the first release, created in older databases on opening.
ADDED_COLUMNS = {
    "articles": {"kind": "TEXT NOT NULL DEFAULT 'article'"},
    "events": {"source": "TEXT", "source_id": "TEXT", "admin1": "TEXT"},
}

MENTION_COLUMNS = ("start", "end", "text", "kind", "name", "lat", "lon", "country_code",
                   "feature", "confidence", "source", "metonymic", "sentence")
EVENT_COLUMNS = ("category", "event_type", "sub_event_type", "date", "time_precision", "location",
                 "lat", "lon", "geo_precision", "country_code", "feature", "sentence", "start",
                 "end", "trigger", "place_start", "place_end", "fatalities", "crowd_size", "planned")
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class EventFilter:
    """Which events to show or export. Empty fields do not filter.

    type matches an event type, a sub-event type or a category; sub_type a
    sub-event type; q searches the sentence, the place, the source and the article title;
    bbox is (min lon, min lat, max lon, max lat); event_id picks one event.
    """

    type: str = ""
    since: date | None = None
    until: date | None = None
    country: str = ""
    article: str = ""
    sub_type: str = ""
    q: str = ""
    bbox: tuple[float, float, float, float] | None = None
    event_id: int | None = None

    @classmethod
    def parse(cls, **raw: object) -> EventFilter:
        """From user strings; raises InputError for a bad date, country, bbox or query."""
        from geomap.articles import parse_date

        def text(key: str) -> str:
            return str(raw.get(key) or "").strip()

        country = text("country").upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise InputError(f"country {country!r} is not a two-letter ISO code like BY")
        since, until = parse_date(raw.get("since"), "since"), parse_date(raw.get("until"), "until")
        if since and until and since > until:
            raise InputError("since is after until")
        if len(text("q")) > MAX_QUERY_CHARS:
            raise InputError(f"the search text is longer than {MAX_QUERY_CHARS} characters")
        return cls(type=text("type"), since=since, until=until, country=country,
                   article=text("article"), sub_type=text("sub_type"), q=text("q"),
                   bbox=parse_bbox(text("bbox")))

    def as_query(self) -> dict[str, str]:
        """The filter as URL query parameters (only those set)."""
        values = {"type": self.type, "sub_type": self.sub_type,
                  "since": self.since and self.since.isoformat(),
                  "until": self.until and self.until.isoformat(), "country": self.country,
                  "article": self.article, "q": self.q,
                  "bbox": self.bbox and ",".join(f"{v:g}" for v in self.bbox)}
        return {k: v for k, v in values.items() if v}

    def without_time(self) -> EventFilter:
        return replace(self, since=None, until=None)


def parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    """"min lon,min lat,max lon,max lat" in degrees; None if empty; InputError if malformed."""
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise InputError(f"bbox {value!r} is not four numbers: min lon,min lat,max lon,max lat") \
            from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InputError(f"bbox {value!r} is out of range: need -180 <= min lon < max lon <= 180"
                         " and -90 <= min lat < max lat <= 90")
    return west, south, east, north


class SQLiteStore:
    """Articles, mentions and events in one SQLite file, created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(SCHEMA)
            _add_missing_columns(conn)
            conn.executescript(INDEXES)

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

    def add_dataset(self, record: Article, events: pd.DataFrame,
                    progress: Callable[[int], None] | None = None) -> bool:
        """Store an imported dataset as one source record with its events, in one transaction.

        events has DATASET_COLUMNS. Returns False when the same dataset is already
        stored. progress, if given, is called with the number of rows written so far.
        """
        digest = content_id(record.text)
        rows = events[list(DATASET_COLUMNS)].astype(object).where(events.notna(), None)
        with self._connect() as conn:
            with conn:
                if conn.execute("SELECT 1 FROM articles WHERE id = ? OR content_hash = ?",
                                (record.id, digest)).fetchone():
                    return False
                conn.execute(
                    "INSERT INTO articles (id, content_hash, title, url, source, lang, published,"
                    " text, added_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'dataset')",
                    (record.id, digest, record.title, record.url, record.source, record.lang,
                     record.published.isoformat() if record.published else None, record.text,
                     datetime.now(timezone.utc).isoformat(timespec="seconds")))
                sql = (f"INSERT INTO events (article_id, {_cols(DATASET_COLUMNS)}) VALUES"
                       f" (?, {','.join('?' * len(DATASET_COLUMNS))})")
                for start in range(0, len(rows), DATASET_CHUNK):
                    chunk = rows.iloc[start:start + DATASET_CHUNK]
                    conn.executemany(sql, ((record.id, *row) for row in
                                           chunk.itertuples(index=False, name=None)))
                    if progress:
                        progress(start + len(chunk))
        return True

    # -- reading ---------------------------------------------------------

    def articles(self, limit: int | None = None) -> list[dict]:
        """Stored articles and datasets with their event counts, newest first."""
        sql = ("SELECT a.id, a.title, a.url, a.source, a.lang, a.published, a.added_at, a.pending,"
               " a.kind, (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events"
               " FROM articles a ORDER BY a.published DESC, a.added_at DESC")
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._connect() as conn:
            return [dict(r) for r in conn.execute(sql).fetchall()]

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

    def events(self, filters: EventFilter = EventFilter(), limit: int | None = None,
               columns: Iterable[str] | None = None, located: bool = False) -> pd.DataFrame:
        """Stored events matching the filter with their article and place: the newest
        first when limited to a number, else in the order they were stored (faster).

        columns picks some of EVENT_FIELDS (all by default); located keeps only
        events with coordinates.
        """
        names = list(EVENT_FIELDS) if columns is None else list(dict.fromkeys(columns))
        unknown = set(names) - set(EVENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown event columns {sorted(unknown)}")
        where, params = _where(filters, located)
        sql = (f"SELECT {', '.join(f'{EVENT_FIELDS[n]} AS {_q(n)}' for n in names)}"
               f" {_EVENTS_FROM} {where}")
        sql += f" ORDER BY e.date DESC, e.id LIMIT {int(limit)}" if limit else " ORDER BY e.id"
        with self._connect() as conn:
            conn.row_factory = None         # plain tuples: pandas reads them faster
            return pd.read_sql_query(sql, conn, params=params)

    def count_events(self, filters: EventFilter = EventFilter()) -> int:
        where, params = _where(filters)
        with self._connect() as conn:
            return conn.execute(f"SELECT count(*) {_EVENTS_FROM} {where}", params).fetchone()[0]

    def timeline(self, filters: EventFilter = EventFilter()) -> list[tuple[str, int]]:
        """How many events matching the filter happened on each date, oldest first."""
        where, params = _where(filters)
        where = f"{where} AND e.date IS NOT NULL" if where else "WHERE e.date IS NOT NULL"
        with self._connect() as conn:
            return [tuple(r) for r in conn.execute(
                f"SELECT e.date, count(*) {_EVENTS_FROM} {where} GROUP BY e.date ORDER BY e.date",
                params)]

    def articles_frame(self) -> pd.DataFrame:
        """Each article's (or imported dataset's) id and what the event lists show of it."""
        with self._connect() as conn:
            conn.row_factory = None
            return pd.read_sql_query(
                "SELECT id AS article_id, title AS article_title, url AS article_url,"
                " source AS article_source, kind AS article_kind, published FROM articles", conn)

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

    def sub_event_types(self) -> list[tuple[str, str]]:
        """(event type, sub-event type) pairs in use."""
        with self._connect() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT DISTINCT event_type, sub_event_type FROM events"
                " WHERE sub_event_type IS NOT NULL ORDER BY 1, 2")]

    def countries(self) -> list[str]:
        """Country codes of the stored events."""
        with self._connect() as conn:
            return [r[0] for r in conn.execute(
                "SELECT DISTINCT country_code FROM events WHERE country_code IS NOT NULL ORDER BY 1")]


# What events() can return: name -> SQL expression over events e, articles a, mentions m.
EVENT_FIELDS = {
    "id": "e.id", "article_id": "e.article_id",
    **{c: f'e."{c}"' for c in EVENT_COLUMNS},
    "source": "e.source", "source_id": "e.source_id", "admin1": "e.admin1",
}
_EVENTS_FROM = "FROM events e"
# What the text search (q) looks in: the event's text, and its article's title.
SEARCHED = ("e.sentence", "e.location", "e.trigger", "e.source")
SEARCHED_ARTICLES = "e.article_id IN (SELECT id FROM articles WHERE title LIKE ? ESCAPE '\\')"
# The event columns an imported dataset fills.
DATASET_COLUMNS = tuple(c for c in EVENT_COLUMNS if c not in ("place_start", "place_end")) + (
    "source", "source_id", "admin1")
DATASET_CHUNK = 5000


def _where(f: EventFilter, located: bool = False) -> tuple[str, list]:
    clauses, params = [], []
    if located:
        clauses.append("e.lat IS NOT NULL AND e.lon IS NOT NULL")
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
    if f.sub_type:
        clauses.append("e.sub_event_type = ?")
        params.append(f.sub_type)
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        searched = [f"{c} LIKE ? ESCAPE '\\'" for c in SEARCHED] + [SEARCHED_ARTICLES]
        clauses.append("(" + " OR ".join(searched) + ")")
        params += [pattern] * len(searched)
    if f.bbox:
        clauses.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        west, south, east, north = f.bbox
        params += [west, east, south, north]
    if f.event_id is not None:
        clauses.append("e.id = ?")
        params.append(f.event_id)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a database made by an older version up to SCHEMA."""
    for table, columns in ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, definition in columns.items():
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")


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
