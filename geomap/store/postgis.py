"""The PostGIS backend: one PostgreSQL database shared by many writers and readers.

    store = open_store("postgresql://geomap:secret@db.example:5432/geomap")

The database is brought up to the newest schema by the same migrations as SQLite's,
which give it the PostGIS extension: each event's point is a geometry(Point, 4326)
computed from its longitude and latitude, under a GiST index that the bbox filter
uses. Writes are idempotent: an article is inserted with ON CONFLICT DO NOTHING, so
writers that store the same article at once never fail, and it is stored once.
Located events are read with GeoPandas' read_postgis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import Connection, Engine, make_url

from geomap.model import Article, Dataset, Extraction, InputError, identity
from geomap.query import EventFilter
from geomap.store import CRS, IdCollision, renamed_ids
from geomap.store.curation import CuratedWrites, Tx
from geomap.store.migrations import HEAD, upgrade
from geomap.store.sql import (ARTICLE_COLUMNS, Dialect, SQLReads, article_row, dataset_chunks, now,
                              quoted, searched)

POSTGIS = Dialect(
    "postgresql", placeholder=lambda name: f":{name}", like="ILIKE",
    rules={"bbox": "e.geom && ST_MakeEnvelope({west}, {south}, {east}, {north}, 4326)",
           "q": searched("SELECT json_array_elements_text(CAST({q_places} AS json))")})
DRIVER = "postgresql+psycopg"           # psycopg 3
MIGRATION_LOCK = 7_316_001              # the advisory lock that one migrating process holds
# The advisory lock every write transaction holds: writers take turns, as on SQLite, so that
# an event reported by two articles stored at once is matched, never made twice.
WRITE_LOCK = 7_316_002


def _insert(table: str, columns: Iterable[str], owner: str = "article_id") -> str:
    """INSERT of one row of the columns, each given as a parameter of its own name."""
    names = [owner, *columns]
    return (f"INSERT INTO {table} ({quoted(names)}) VALUES"
            f" ({', '.join(f':p{i}' for i in range(len(names)))})")


def _params(row: Iterable[object]) -> dict[str, object]:
    return {f"p{i}": value for i, value in enumerate(row)}


_INSERT_ARTICLE = (f"INSERT INTO articles ({quoted(ARTICLE_COLUMNS)}) VALUES"
                   f" ({', '.join(f':p{i}' for i in range(len(ARTICLE_COLUMNS)))})"
                   " ON CONFLICT DO NOTHING RETURNING id")


class PostGISStore(CuratedWrites, SQLReads):
    """The Store protocol on a PostgreSQL database with PostGIS."""

    dialect = POSTGIS

    def __init__(self, url: str) -> None:
        try:
            self.url = make_url(url).set(drivername=DRIVER)
        except exc.ArgumentError as e:
            raise InputError(f"database URL {url!r} is not a PostgreSQL URL: {e}") from None
        try:
            self.engine: Engine = create_engine(self.url, pool_pre_ping=True)
        except ImportError:
            raise InputError("a PostgreSQL database needs psycopg: pip install"
                             " 'geomap[postgis]'") from None
        try:
            with self.engine.begin() as conn:
                if _version(conn) != HEAD:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": MIGRATION_LOCK})
                    upgrade(conn)        # one transaction: another opener waits, then finds HEAD
        except exc.SQLAlchemyError as e:
            self.engine.dispose()
            raise InputError(f"cannot open the database {self._shown()}: {_reason(e)}") from None

    def _shown(self) -> str:
        """The URL without its password."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    def _rows(self, sql: str, params: dict | None = None) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), params or {}).mappings()]

    def _frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql_query(text(sql), conn, params=params or {})

    def event_points(self, filters: EventFilter = EventFilter(), limit: int | None = None,
                     columns: Iterable[str] | None = None):
        """The located events as points, read from their PostGIS geometry by read_postgis."""
        import geopandas as gpd

        sql, params = self._events_query(filters, limit, columns, located=True,
                                         extra="e.geom AS geometry")
        with self.engine.connect() as conn:
            frame = gpd.read_postgis(text(sql), conn, geom_col="geometry", params=params)
        return frame.set_crs(CRS, allow_override=True)

    # -- writing ---------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction, committed at the end or rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    def known(self, articles: Iterable[Article]) -> dict[str, str]:
        keys = list(dict.fromkeys(identity(a) for a in articles))
        if not keys:
            return {}
        rows = self._rows("SELECT identity, id FROM articles WHERE identity = ANY(:keys)",
                          {"keys": keys})
        return {r["identity"]: r["id"] for r in rows}

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        """A write transaction as a Tx, holding WRITE_LOCK until it ends."""
        with self._writing() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            yield _tx(conn)

    def _insert_article(self, tx: Tx, ex: Extraction, key: str, on_collision: str) -> str | None:
        return self._insert_article_row(tx.conn, ex, key, on_collision)

    @staticmethod
    def _insert_article_row(conn: Connection, ex: Extraction, key: str,
                            on_collision: str) -> str | None:
        """Insert the article under its id, or under a new one when another article has
        its id; None when an article of the same identity is stored."""
        for article_id in (ex.article.id, *renamed_ids(ex.article.id, key)):
            stored = conn.execute(text(_INSERT_ARTICLE),
                                  _params(article_row(ex, article_id, key))).scalar()
            if stored is not None:
                return stored
            if conn.execute(text("SELECT 1 FROM articles WHERE identity = :key"),
                            {"key": key}).first():
                return None
            if on_collision == "refuse":
                break
        raise IdCollision(ex.article.id)

    def add_dataset(self, dataset: Dataset, events: pd.DataFrame,
                    progress: Callable[[int], None] | None = None) -> bool:
        chunks = dataset_chunks(events)
        insert = text(_insert("events", events.columns, owner="dataset_id"))
        with self._tx() as tx:
            conn = tx.conn
            added = conn.execute(text(
                "INSERT INTO datasets (id, digest, title, source, description, added_at)"
                " VALUES (:id, :digest, :title, :source, :description, :added_at)"
                " ON CONFLICT DO NOTHING RETURNING id"),
                {"id": dataset.id, "digest": dataset.digest, "title": dataset.title,
                 "source": dataset.source, "description": dataset.description,
                 "added_at": now()}).scalar()
            if added is None:
                return False
            for done, rows in chunks:
                conn.execute(insert, [_params((dataset.id, *row)) for row in rows])
                if progress:
                    progress(done)
            self._link_dataset(tx, dataset.id)
        return True


def _tx(conn: Connection) -> Tx:
    def query(sql: str, params: dict) -> list[dict]:
        result = conn.execute(text(sql), params)
        return [dict(r) for r in result.mappings()] if result.returns_rows else []

    return Tx(conn, POSTGIS, query, lambda sql, rows: conn.execute(text(sql), rows))


def _version(conn: Connection) -> str | None:
    """The schema's migration, None before the first."""
    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _reason(error: exc.SQLAlchemyError) -> str:
    """The database's own words for an error, on one line."""
    original = getattr(error, "orig", None) or error
    return " ".join(str(original).split())
