"""The SQLite backend: articles, mentions, events and datasets in one file, the embedded default.

The file is created on first use and brought up to the newest schema by the migrations.
Writers take the write lock when their transaction starts (BEGIN IMMEDIATE) and wait
for each other (busy timeout); readers never wait for a writer (write-ahead log).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from geomap.model import Article, Dataset, Extraction, InputError, identity
from geomap.query import EventFilter
from geomap.store import AddReport, IdCollision, curation
from geomap.store.curation import Tx
from geomap.store.sql import EVENT_FIELDS, MENTION_COLUMNS, SQLITE, where

HEAD = "0006"                       # the newest migration in migrations/versions
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT = 30.0                 # seconds a writer waits for another
DATASET_CHUNK = 5000
_EVENTS_FROM = "FROM events e"


class SQLiteStore:
    """The Store protocol on one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.execute("PRAGMA journal_mode = WAL")
                current = _version(conn)
        except (OSError, sqlite3.DatabaseError) as e:
            raise InputError(f"cannot open the database {self.path}: {e}") from None
        if current != HEAD:
            _migrate(self.path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed at the end or rolled back on any error."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- writing ---------------------------------------------------------

    def known(self, articles: Iterable[Article]) -> dict[str, str]:
        keys = list(dict.fromkeys(identity(a) for a in articles))
        with self._connect() as conn:
            return {row[0]: row[1] for chunk in _chunks(keys, 500) for row in conn.execute(
                "SELECT identity, id FROM articles"
                f" WHERE identity IN ({','.join('?' * len(chunk))})", chunk)}

    def add(self, extractions: Iterable[Extraction], replace: bool = False,
            on_collision: str = "rename") -> AddReport:
        """See Store.add. The transaction holds the write lock from its start, so what it
        finds stored stays true until it commits: concurrent writers wait, never clash."""
        report = AddReport()
        with self._writing() as conn:
            for ex in extractions:
                key = identity(ex.article)
                existing = conn.execute("SELECT id FROM articles WHERE identity = ?",
                                        (key,)).fetchone()
                if existing and not replace:
                    report.known.append(existing[0])
                elif existing:
                    self._store_again(conn, existing[0], ex)
                    report.replaced.append(existing[0])
                else:
                    self._store_new(conn, ex, key, on_collision, report)
        return report

    def replace(self, extractions: Iterable[Extraction]) -> AddReport:
        """See Store.replace."""
        report = AddReport()
        with self._writing() as conn:
            for ex in extractions:
                key = identity(ex.article)
                same = conn.execute("SELECT id FROM articles WHERE identity = ?", (key,)).fetchone()
                stored = conn.execute("SELECT id FROM articles WHERE id = ?",
                                      (ex.article.id,)).fetchone()
                if stored is None and ex.article.url:
                    stored = conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY"
                                          " added_at DESC LIMIT 1", (ex.article.url,)).fetchone()
                if same and (stored is None or same[0] != stored[0]):
                    report.known.append(same[0])        # this very version is stored already
                elif stored:
                    self._store_again(conn, stored[0], ex)
                    report.replaced.append(stored[0])
                else:
                    self._store_new(conn, ex, key, "rename", report)
        return report

    def _store_new(self, conn: sqlite3.Connection, ex: Extraction, key: str, on_collision: str,
                   report: AddReport) -> None:
        article_id = self._free_id(conn, ex.article, key, on_collision)
        conn.execute(
            "INSERT INTO articles (id, identity, title, url, source, lang, published,"
            " text, added_at, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _article_row(ex, article_id, key))
        self._store_places(conn, article_id, ex)
        tx = Tx(conn, SQLITE)
        curation.refresh(tx, curation.attach(tx, article_id, ex.events))
        report.new.append(article_id)
        if article_id != ex.article.id:
            report.renamed[ex.article.id] = article_id

    def _store_again(self, conn: sqlite3.Connection, article_id: str, ex: Extraction) -> None:
        """A new version or extraction of a stored article: its text and places are replaced,
        its events matched to those it reported before (see curation.attach)."""
        row = _article_row(ex, article_id, identity(ex.article))
        conn.execute("UPDATE articles SET identity = ?, title = ?, url = ?, source = ?, lang = ?,"
                     " published = ?, text = ?, added_at = ?, pending = ? WHERE id = ?",
                     (*row[1:], article_id))
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self._store_places(conn, article_id, ex)
        tx = Tx(conn, SQLITE)
        previous = curation.previous_reports(tx, article_id)
        curation.refresh(tx, curation.attach(tx, article_id, ex.events, previous))

    @staticmethod
    def _store_places(conn: sqlite3.Connection, article_id: str, ex: Extraction) -> None:
        conn.executemany(
            f"INSERT INTO mentions (article_id, {_cols(MENTION_COLUMNS)}) VALUES"
            f" (?, {','.join('?' * len(MENTION_COLUMNS))})",
            [(article_id, *(p.as_dict()[c] for c in MENTION_COLUMNS)) for p in ex.places])

    def delete_article(self, article_id: str, user: str) -> bool:
        with self._writing() as conn:
            if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
                return False
            curation.delete_article(Tx(conn, SQLITE), article_id, user)
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return True

    # -- review ----------------------------------------------------------------------

    def set_status(self, event_id: int, status: str, user: str) -> dict:
        with self._writing() as conn:
            return curation.set_status(Tx(conn, SQLITE), event_id, status, user)

    def correct(self, event_id: int, changes: dict, user: str) -> dict:
        with self._writing() as conn:
            return curation.correct(Tx(conn, SQLITE), event_id, changes, user)

    def merge_events(self, event_id: int, other_id: int, user: str) -> dict:
        with self._writing() as conn:
            return curation.merge(Tx(conn, SQLITE), event_id, other_id, user)

    def split_event(self, event_id: int, report_ids: Iterable[int], user: str) -> int:
        with self._writing() as conn:
            return curation.split(Tx(conn, SQLITE), event_id, report_ids, user)

    def event_reports(self, event_id: int) -> list[dict]:
        with self._connect() as conn:
            found = curation.reports(Tx(conn, SQLITE), event_id)
            titles = {r[0]: dict(r) for r in conn.execute(
                "SELECT a.id, a.title, a.url, a.published FROM articles a JOIN event_reports r"
                " ON r.article_id = a.id WHERE r.event_id = ? UNION ALL SELECT d.id, d.title,"
                " '', NULL FROM datasets d JOIN event_reports r ON r.dataset_id = d.id"
                " WHERE r.event_id = ?", (event_id, event_id))}
        for r in found:
            owner = titles.get(r["article_id"] or r["dataset_id"], {})
            r.update(title=owner.get("title") or "", url=owner.get("url") or "",
                     published=owner.get("published"))
        return found

    def audit_log(self, event_id: int | None = None, limit: int = 200) -> list[dict]:
        clause = "WHERE event_id = ?" if event_id is not None else ""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT * FROM audit_log {clause} ORDER BY id DESC LIMIT ?",
                                ([event_id] if event_id is not None else []) + [int(limit)])
            return [dict(r) for r in rows]

    def review_queue(self, limit: int = 50, offset: int = 0) -> pd.DataFrame:
        names = ", ".join(f"{sql} AS {_q(name)}" for name, sql in EVENT_FIELDS.items())
        with self._connect() as conn:
            conn.row_factory = None
            return pd.read_sql_query(
                f"SELECT {names} {_EVENTS_FROM} WHERE e.status = 'auto'"
                " ORDER BY e.date DESC, e.source_count DESC, e.id LIMIT ? OFFSET ?",
                conn, params=[int(limit), int(offset)])

    # -- editors ---------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str) -> None:
        with self._writing() as conn:
            curation.add_user(Tx(conn, SQLITE), name, password_hash)

    def user(self, name: str) -> dict | None:
        with self._connect() as conn:
            row = conn.execute("SELECT id, name, password_hash, created_at FROM users"
                               " WHERE name = ?", (name,)).fetchone()
        return dict(row) if row else None

    @staticmethod
    def _free_id(conn: sqlite3.Connection, article: Article, key: str, on_collision: str) -> str:
        """The article's id, or when another article has it a new one made from its identity."""
        taken = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if not taken:
            return article.id
        if on_collision == "refuse":
            raise IdCollision(article.id)
        for length in (8, 16):
            candidate = f"{article.id}-{key[:length]}"
            if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
                return candidate
        raise IdCollision(article.id)

    def add_dataset(self, dataset: Dataset, events: pd.DataFrame,
                    progress: Callable[[int], None] | None = None) -> bool:
        columns = list(events.columns)
        unknown = set(columns) - set(EVENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown event columns {sorted(unknown)}")
        rows = events.astype(object).where(events.notna(), None)
        with self._writing() as conn:
            added = conn.execute(
                "INSERT INTO datasets (id, digest, title, source, description, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (dataset.id, dataset.digest, dataset.title, dataset.source, dataset.description,
                 _now()))
            if not added.rowcount:
                return False
            sql = (f"INSERT INTO events (dataset_id, {_cols(columns)}) VALUES"
                   f" (?, {','.join('?' * len(columns))})")
            for start in range(0, len(rows), DATASET_CHUNK):
                chunk = rows.iloc[start:start + DATASET_CHUNK]
                conn.executemany(sql, ((dataset.id, *row) for row in
                                       chunk.itertuples(index=False, name=None)))
                if progress:
                    progress(start + len(chunk))
            conn.execute("INSERT INTO event_reports (event_id, dataset_id, source_id)"
                         " SELECT id, dataset_id, source_id FROM events WHERE dataset_id = ?",
                         (dataset.id,))
            conn.execute("UPDATE events SET source_ids = COALESCE(source_id, dataset_id)"
                         " WHERE dataset_id = ?", (dataset.id,))
            curation.link_dataset(Tx(conn, SQLITE), dataset.id)
        return True

    # -- reading ---------------------------------------------------------

    def articles(self, limit: int | None = None) -> list[dict]:
        sql = ("SELECT a.id, a.title, a.url, a.source, a.lang, a.published, a.added_at, a.pending,"
               " 'article' AS kind,"
               " (SELECT count(*) FROM event_reports r WHERE r.article_id = a.id) AS events"
               " FROM articles a UNION ALL"
               " SELECT d.id, d.title, '', d.source, '', NULL, d.added_at, 0, 'dataset',"
               " (SELECT count(*) FROM event_reports r WHERE r.dataset_id = d.id) FROM datasets d"
               " ORDER BY published DESC, added_at DESC")
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
        return {**dict(row), "kind": "article", "mentions": [dict(m) for m in mentions]}

    def dataset(self, dataset_id: str) -> dict | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM datasets WHERE id = ?", (dataset_id,)).fetchone()
        if row is None:
            return None
        return {**dict(row), "kind": "dataset", "text": row["description"], "url": "",
                "lang": "", "published": None, "pending": 0, "mentions": []}

    def pending_articles(self) -> list[dict]:
        with self._connect() as conn:
            return [dict(r) for r in conn.execute("SELECT * FROM articles WHERE pending = 1")]

    def events(self, filters: EventFilter = EventFilter(), limit: int | None = None,
               columns: Iterable[str] | None = None, located: bool = False) -> pd.DataFrame:
        """Stored events matching the filter: the newest first when limited to a number,
        else in the order they were stored (faster).

        columns picks some of EVENT_FIELDS (all by default); located keeps only
        events with coordinates.
        """
        names = list(EVENT_FIELDS) if columns is None else list(dict.fromkeys(columns))
        unknown = set(names) - set(EVENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown event columns {sorted(unknown)}")
        clause, params = where(filters, SQLITE, located)
        sql = (f"SELECT {', '.join(f'{EVENT_FIELDS[n]} AS {_q(n)}' for n in names)}"
               f" {_EVENTS_FROM} {clause}")
        sql += f" ORDER BY e.date DESC, e.id LIMIT {int(limit)}" if limit else " ORDER BY e.id"
        with self._connect() as conn:
            conn.row_factory = None         # plain tuples: pandas reads them faster
            return pd.read_sql_query(sql, conn, params=params)

    def count_events(self, filters: EventFilter = EventFilter()) -> int:
        clause, params = where(filters, SQLITE)
        with self._connect() as conn:
            return conn.execute(f"SELECT count(*) {_EVENTS_FROM} {clause}", params).fetchone()[0]

    def timeline(self, filters: EventFilter = EventFilter()) -> list[tuple[str, int]]:
        clause, params = where(filters, SQLITE)
        clause = f"{clause} AND e.date IS NOT NULL" if clause else "WHERE e.date IS NOT NULL"
        with self._connect() as conn:
            return [tuple(r) for r in conn.execute(
                f"SELECT e.date, count(*) {_EVENTS_FROM} {clause} GROUP BY e.date ORDER BY e.date",
                params)]

    def articles_frame(self) -> pd.DataFrame:
        with self._connect() as conn:
            conn.row_factory = None
            return pd.read_sql_query(
                "SELECT id AS article_id, title AS article_title, url AS article_url,"
                " source AS article_source, 'article' AS article_kind, published FROM articles"
                " UNION ALL SELECT id, title, '', source, 'dataset', NULL FROM datasets", conn)

    def mentions_frame(self, article: str = "") -> pd.DataFrame:
        clause = "WHERE article_id = ?" if article else ""
        with self._connect() as conn:
            return pd.read_sql_query(
                f"SELECT article_id, {_cols(MENTION_COLUMNS)} FROM mentions {clause}"
                " ORDER BY article_id, start", conn, params=[article] if article else [])

    def event_types(self) -> list[str]:
        with self._connect() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT event_type FROM events ORDER BY 1")]

    def sub_event_types(self) -> list[tuple[str, str]]:
        with self._connect() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT DISTINCT event_type, sub_event_type FROM events"
                " WHERE sub_event_type IS NOT NULL ORDER BY 1, 2")]

    def categories(self) -> list[str]:
        with self._connect() as conn:
            return [r[0] for r in conn.execute(
                "SELECT DISTINCT category FROM events WHERE category IS NOT NULL ORDER BY 1")]

    def countries(self) -> list[str]:
        with self._connect() as conn:
            return [r[0] for r in conn.execute(
                "SELECT DISTINCT country_code FROM events WHERE country_code IS NOT NULL ORDER BY 1")]


def _version(conn: sqlite3.Connection) -> str | None:
    """The schema's migration, None before the first."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _migrate(path: Path) -> None:
    """Run the migrations up to HEAD in one exclusive transaction: another process
    opening the same file waits, then finds nothing left to do."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT})
    event.listen(engine, "connect", lambda dbapi, record: setattr(dbapi, "isolation_level", None))
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN EXCLUSIVE"))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, HEAD)
    finally:
        engine.dispose()


def _article_row(ex: Extraction, article_id: str, key: str) -> tuple:
    a = ex.article
    return (article_id, key, a.title, a.url, a.source, a.lang,
            a.published.isoformat() if a.published else None, a.text, _now(), int(ex.pending))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _q(column: str) -> str:
    return f'"{column}"'


def _cols(columns: Iterable[str]) -> str:
    return ", ".join(_q(c) for c in columns)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
