"""The map's aggregates: events counted in a grid of cells fit for a zoom level, so that the
map of a million events fetches a few hundred cells instead of every point.

    event_grid(store, EventFilter(bbox=(23, 51, 33, 56)), zoom=6)
    -> Grid(zoom=6, cell=1.40625, total=812, cells=[{"lat": 53.9, "lon": 27.5, "count": 640,
            "types": {"Protests": 600, "Riots": 40}, "event_id": None}, ...])

The store counts in SQL with the filter's own rules, so the counts agree with the
downloads and the event count. Where the settings coarsen some events' places, the cells
are counted from the coarsened events instead (in pandas, from the same events as the
downloads): a cell never shows a place that the map hides. A cell is drawn where its events are (their mean point), not at its middle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geomap.frames import Coarsening, events_frame
from geomap.query import EventFilter
from geomap.store import Store

CELL_PIXELS = 64             # a cell's width on the screen, in pixels of 256-pixel tiles
MAX_CELLS = 5000             # more cells than this: the grid is counted again, coarser
GRID_COLUMNS = ["gx", "gy", "event_type", "n", "lat", "lon", "id"]


@dataclass(frozen=True)
class Grid:
    """The events counted per cell: cells of cell degrees for the zoom level, total events."""

    zoom: int
    cell: float
    total: int
    cells: list[dict]

    def as_json(self) -> dict:
        return {"zoom": self.zoom, "cell": self.cell, "total": self.total, "cells": self.cells}


def cell_degrees(zoom: int) -> float:
    """A cell's side in degrees at a zoom level: CELL_PIXELS of the 360 degrees that
    2**zoom tiles of 256 pixels span (zoom 0: 90 degrees; zoom 10: about 0.09)."""
    return 360 / 2 ** zoom * CELL_PIXELS / 256


def event_grid(store: Store, filters: EventFilter, zoom: int,
               coarsen: Coarsening | None = None) -> Grid:
    """The filtered events counted in the cells of a zoom level (see the module's example).

    When there would be more than MAX_CELLS cells, the cells of the zoom level above are
    counted instead.
    """
    while True:
        counts = _counts(store, filters, cell_degrees(zoom), coarsen)
        cells = _cells(counts)
        if len(cells) <= MAX_CELLS or zoom == 0:
            return Grid(zoom, cell_degrees(zoom), int(counts["n"].sum()), cells)
        zoom -= 1


def _counts(store: Store, filters: EventFilter, cell: float,
            coarsen: Coarsening | None) -> pd.DataFrame:
    """Rows of GRID_COLUMNS: the events per cell and type, as the store's event_grid."""
    if not coarsen:
        return store.event_grid(filters, cell)
    events = events_frame(store, filters, fields=["event_id", "event_type"], coarsen=coarsen)
    keys = pd.DataFrame({"gx": np.floor((events["lon"] + 180) / cell).astype("int64"),
                         "gy": np.floor((events["lat"] + 90) / cell).astype("int64"),
                         "event_type": events["event_type"], "n": 1, "lat": events["lat"],
                         "lon": events["lon"], "id": events["id"]})
    return keys.groupby(["gx", "gy", "event_type"], as_index=False, dropna=False).agg(
        n=("n", "sum"), lat=("lat", "sum"), lon=("lon", "sum"), id=("id", "min"))[GRID_COLUMNS]


def _cells(counts: pd.DataFrame) -> list[dict]:
    """One record per cell: its events' mean point, their number, their number per type,
    and the event's id when it holds one event."""
    if counts.empty:
        return []
    counts = counts.assign(event_type=counts["event_type"].fillna("Other"))
    cells = counts.groupby(["gx", "gy"], sort=True).agg(
        count=("n", "sum"), lat=("lat", "sum"), lon=("lon", "sum"), id=("id", "min"))
    types = counts.pivot_table(index=["gx", "gy"], columns="event_type", values="n",
                               aggfunc="sum", fill_value=0).reindex(cells.index)
    lats = (cells["lat"] / cells["count"]).round(5).tolist()
    lons = (cells["lon"] / cells["count"]).round(5).tolist()
    names = list(types.columns)
    return [{"lat": lat, "lon": lon, "count": int(n),
             "types": {name: int(k) for name, k in zip(names, row) if k},
             "event_id": int(first) if n == 1 else None}
            for lat, lon, n, first, row in zip(lats, lons, cells["count"].tolist(),
                                               cells["id"].tolist(), types.to_numpy().tolist())]
