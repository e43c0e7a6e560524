"""The map's grid on SQLite: the index its queries and the bbox filter read (the counts
themselves are in the store contract, on every backend)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
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


def test_the_grid_and_the_box_read_the_cell_index(tmp_path: Path) -> None:
    path = tmp_path / "geomap.sqlite"
    store = open_store(f"sqlite:///{path}")
    sql, read = [], store._frame

    def recorded(query: str, params: dict | None = None) -> pd.DataFrame:
        sql.append((query, params))
        return read(query, params)

    store._frame = recorded
    store.event_grid(EventFilter(since=date(2020, 8, 1)), cell_degrees(3))
    assert "COVERING INDEX events_cell" in plan(path, *sql[-1])
    clause, params = where(EventFilter(bbox=(27.0, 53.0, 28.0, 54.0)), SQLITE)
    assert "INDEX events_cell (<expr>>? AND <expr><?)" in plan(
        path, f"SELECT e.id FROM events e {clause}", params)


def test_the_box_holds_the_events_inside_it(tmp_path: Path, pipeline, seed_article) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'geomap.sqlite'}")
    ingest(store, [seed_article], pipeline)
    events = store.events(located=True)
    for box in ((27.3, 53.7, 27.8, 54.1), (27.56653, 53.90019, 27.6, 53.95), (20, 50, 40, 56),
                (-180, -90, 180, 90), (27.0, 53.0, 27.5, 53.5)):
        inside = events[events["lon"].between(box[0], box[2]) & events["lat"].between(box[1], box[3])]
        assert list(store.events(EventFilter(bbox=box))["id"]) == list(inside["id"])


def test_grid_counts_are_kept_until_the_file_changes(tmp_path: Path, pipeline, seed_article,
                                                    seed_extraction) -> None:
    path = tmp_path / "geomap.sqlite"
    store, other = open_store(f"sqlite:///{path}"), open_store(f"sqlite:///{path}")
    cell = cell_degrees(4)
    assert store.event_grid(EventFilter(), cell).empty
    ingest(other, [seed_article], pipeline)                    # another process's write
    first = store.event_grid(EventFilter(), cell)
    assert first["n"].sum() == len(store.events(located=True)) > 0
    asked = []
    store._frame = lambda sql, params=None: asked.append(sql)
    assert store.event_grid(EventFilter(), cell).equals(first) and asked == []
    del store._frame
    moved = seed_extraction.events[0]
    store.add([replace(seed_extraction, events=[replace(moved, lat=10.0, lon=10.0)])],
              replace=True)                                    # the article replaced
    again = store.event_grid(EventFilter(), cell)
    assert again["n"].sum() == 1 and not again.equals(first)


def test_the_time_histogram_reads_the_date_index_alone(tmp_path: Path) -> None:
    path = tmp_path / "geomap.sqlite"
    store = open_store(f"sqlite:///{path}")
    sql, read = [], store._rows

    def recorded(query: str, params: dict | None = None) -> list[dict]:
        sql.append((query, params))
        return read(query, params)

    store._rows = recorded
    store.timeline(EventFilter())
    assert "COVERING INDEX events_date" in plan(path, *sql[-1])
