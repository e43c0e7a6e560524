"""The PostGIS backend: one PostgreSQL database shared by many writers and readers.

    store = open_store("postgresql://geomap:secret@db.example:5432/geomap")

The database is brought up to the newest schema by the same migrations as SQLite's,
which give it the PostGIS extension: each event's point is a geometry(Point, 4326)
computed from its longitude and latitude, under a GiST index that the bbox filter
uses. Writers take turns (an advisory lock held by every write transaction), so writers
that store the same article at once never fail, and it is stored once. The writing itself
is the SQL every backend shares (geomap.store.curation). Located events are read with
GeoPandas' read_postgis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import Connection, Engine, make_url

from geomap.model import Article, InputError, identity
from geomap.query import EventFilter
from geomap.store import CRS
from geomap.store.curation import CuratedWrites, Tx
from geomap.store.migrations import HEAD, upgrade
from geomap.store.sql import Dialect, SQLReads, searched

POSTGIS = Dialect(
    "postgresql", placeholder=lambda name: f":{name}", like="ILIKE",
    rules={"bbox": "e.geom && ST_MakeEnvelope({west}, {south}, {east}, {north}, 4326)",
           "q": searched("SELECT json_array_elements_text(CAST({q_places} AS json))")})
DRIVER = "postgresql+psycopg"           # psycopg 3
MIGRATION_LOCK = 7_316_001              # the advisory lock that one migrating process holds
# The advisory lock every write transaction holds: writers take turns, as on SQLite, so that
# an event reported by two articles stored at once is matched, never made twice.
WRITE_LOCK = 7_316_002


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

    def known(self, articles: Iterable[Article]) -> dict[str, str]:
        keys = list(dict.fromkeys(identity(a) for a in articles))
        if not keys:
            return {}
        rows = self._rows("SELECT identity, id FROM articles WHERE identity = ANY(:keys)",
                          {"keys": keys})
        return {r["identity"]: r["id"] for r in rows}

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        """A write transaction, committed at the end or rolled back on any error; it holds
        WRITE_LOCK until it ends, so writers take turns."""
        with self.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            yield _tx(conn)

    @contextmanager
    def _uncounted(self, tx: Tx) -> Iterator[None]:
        """CuratedWrites._uncounted: the insert trigger does nothing while the transaction's
        setting geomap.counting is 'off' (migration 0009)."""
        tx.run("SELECT set_config('geomap.counting', 'off', true)")
        yield
        tx.run("SELECT set_config('geomap.counting', 'on', true)")


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
