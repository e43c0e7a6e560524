"""The SQLite backend: articles, mentions, events and datasets in one file, the embedded default.

The file is created on first use and brought up to the newest schema by the migrations.
Writers take the write lock when their transaction starts (BEGIN IMMEDIATE) and wait
for each other (busy timeout); readers never wait for a writer (write-ahead log).
The map's grid counts are kept until the next write by any process (PRAGMA data_version).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from geomap.model import Article, InputError, identity
from geomap.query import EventFilter
from geomap.store.curation import CuratedWrites, Tx
from geomap.store.migrations import HEAD, MIGRATIONS, upgrade
from geomap.store.sql import SQLITE, SQLReads

BUSY_TIMEOUT = 30.0                 # seconds a writer waits for another
OPEN_RETRY_PAUSE = 0.05             # seconds between two tries to open a file another opens
KEPT_GRIDS = 64                     # grid counts kept for the views asked most recently

__all__ = ["HEAD", "MIGRATIONS", "SQLiteStore"]


class SQLiteStore(CuratedWrites, SQLReads):
    """The Store protocol on one SQLite file."""

    dialect = SQLITE

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            current = self._open()
        except (OSError, sqlite3.DatabaseError) as e:
            raise InputError(f"cannot open the database {self.path}: {e}") from None
        if current != HEAD:
            _migrate(self.path)
        self._grids: OrderedDict[tuple, tuple[int, pd.DataFrame]] = OrderedDict()
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()

    def _data_version(self) -> int:
        """A number that changes whenever any other connection (this store's writes included,
        each on a connection of its own) commits to the file."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT,
                                              check_same_thread=False)
            return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def event_grid(self, filters: EventFilter, cell: float) -> pd.DataFrame:
        """SQLReads.event_grid, kept for the KEPT_GRIDS latest views until the file changes:
        many readers open the map on the same view."""
        version, key = self._data_version(), (filters, cell)
        with self._watch_lock:
            kept = self._grids.get(key)
            if kept and kept[0] == version:
                self._grids.move_to_end(key)
                return kept[1].copy()
        counts = super().event_grid(filters, cell)
        with self._watch_lock:
            self._grids[key] = (version, counts.copy())
            while len(self._grids) > KEPT_GRIDS:
                self._grids.popitem(last=False)
        return counts

    def _open(self) -> str | None:
        """Put the file in write-ahead-log mode and read its schema's migration. Two
        processes opening a new file at once may both ask for the mode, and SQLite then
        refuses one at once rather than make it wait: that one tries again, up to
        BUSY_TIMEOUT."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                with self._connect() as conn:
                    conn.execute("PRAGMA journal_mode = WAL")
                    return _version(conn)
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(OPEN_RETRY_PAUSE)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            yield conn
        finally:
            conn.close()

    def _rows(self, sql: str, params: dict | None = None) -> list[dict]:
        with self._connect() as conn:
            return [dict(r) for r in conn.execute(sql, params or {})]

    def _frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        with self._connect() as conn:
            conn.row_factory = None         # plain tuples: pandas reads them faster
            return pd.read_sql_query(sql, conn, params=params or {})

    # -- writing ---------------------------------------------------------

    def known(self, articles: Iterable[Article]) -> dict[str, str]:
        keys = list(dict.fromkeys(identity(a) for a in articles))
        with self._connect() as conn:
            return {row[0]: row[1] for chunk in _chunks(keys, 500) for row in conn.execute(
                "SELECT identity, id FROM articles"
                f" WHERE identity IN ({','.join('?' * len(chunk))})", chunk)}

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        """A write transaction, committed at the end or rolled back on any error; it takes
        the write lock when it begins (BEGIN IMMEDIATE), so writers take turns."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _tx(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def _uncounted(self, tx: Tx) -> Iterator[None]:
        """CuratedWrites._uncounted: the trigger is dropped and made again within the
        transaction, so no other writer finds it missing. (A trigger on the events slows
        every insert down, by half for an import, even when it does nothing.)"""
        made = tx.one("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                      " AND name = 'event_cells_insert'")["sql"]
        tx.run("DROP TRIGGER event_cells_insert")
        yield
        tx.run(made)


def _tx(conn: sqlite3.Connection) -> Tx:
    def query(sql: str, params: dict) -> list[dict]:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row)) for row in cursor.fetchall()] if names else []

    return Tx(conn, SQLITE, query, lambda sql, rows: conn.executemany(sql, rows))


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
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT})
    event.listen(engine, "connect", lambda dbapi, record: setattr(dbapi, "isolation_level", None))
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN EXCLUSIVE"))
    try:
        with engine.begin() as conn:
            upgrade(conn)
    finally:
        engine.dispose()


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
