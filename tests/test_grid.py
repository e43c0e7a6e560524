"""The map's grid on SQLite: the indexes its queries read, and the R*Tree that follows the
events (the counts themselves are in the store contract, on every backend)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from geomap.grid import cell_degrees
from geomap.ingest import ingest
from geomap.query import EventFilter
from geomap.store import open_store
from geomap.store.sql import SQLITE, where


@pytest.mark.parametrize("zoom, degrees", [(0, 90.0), (2, 22.5), (8, 0.3515625), (10, 0.087890625)])
def test_a_cell_is_64_pixels_wide(zoom: int, degrees: float) -> None:
    assert cell_degrees(zoom) == degrees


def plan(path: Path, sql: str, params: dict) -> str:
    with sqlite3.connect(path) as conn:
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_the_grid_reads_its_index_and_the_box_its_r_tree(tmp_path: Path) -> None:
    path = tmp_path / "geomap.sqlite"
    store = open_store(f"sqlite:///{path}")
    sql, read = [], store._frame

    def recorded(query: str, params: dict | None = None) -> pd.DataFrame:
        sql.append((query, params))
        return read(query, params)

    store._frame = recorded
    store.event_grid(EventFilter(), cell_degrees(3))
    assert "COVERING INDEX events_cell" in plan(path, *sql[-1])
    clause, params = where(EventFilter(bbox=(27.0, 53.0, 28.0, 54.0)), SQLITE)
    assert "events_box VIRTUAL TABLE" in plan(path, f"SELECT e.id FROM events e {clause}", params)


def test_the_r_tree_follows_the_located_events(tmp_path: Path, pipeline, seed_article,
                                               seed_extraction) -> None:
    path = tmp_path / "geomap.sqlite"
    store = open_store(f"sqlite:///{path}")

    def boxes() -> int:
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT count(*) FROM events_box").fetchone()[0]

    ingest(store, [seed_article], pipeline)
    located = len(store.events(located=True))
    assert located and boxes() == located
    store.add([seed_extraction], replace=True)
    assert boxes() == located
    minsk = (27.3, 53.7, 27.8, 54.1)
    events = store.events(located=True)
    inside = events[events["lon"].between(minsk[0], minsk[2]) & events["lat"].between(minsk[1], minsk[3])]
    assert 0 < len(store.events(EventFilter(bbox=minsk))) == len(inside) < located
