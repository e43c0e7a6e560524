"""Stage 6: GeoDataFrames and exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geomap.frames import events_frame, places_frame, to_geojson, write_events
from geomap.ingest import ingest
from geomap.store import EventFilter, SQLiteStore


def _store(tmp_path: Path, pipeline, seed_article) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "db.sqlite")
    ingest(store, [seed_article], pipeline=pipeline)
    return store


def test_events_frame_joins_articles_and_places(tmp_path, pipeline, seed_article) -> None:
    frame = events_frame(_store(tmp_path, pipeline, seed_article))
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs.to_epsg() == 4326
    assert set(frame["title"]) == {seed_article.title}
    assert frame["place_feature"].notna().any()
    assert (frame.geometry.x == frame["lon"]).all() and (frame.geometry.y == frame["lat"]).all()


def test_geojson_is_rfc7946(tmp_path, pipeline, seed_article) -> None:
    data = json.loads(to_geojson(events_frame(_store(tmp_path, pipeline, seed_article))))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    minsk = [f for f in data["features"] if f["properties"]["location"] == "Minsk"]
    lon, lat = minsk[0]["geometry"]["coordinates"]
    assert 27 < lon < 28 and 53 < lat < 54


def test_csv_and_geopackage(tmp_path, pipeline, seed_article) -> None:
    store = _store(tmp_path, pipeline, seed_article)
    table = pd.read_csv(io.BytesIO(write_events(store, EventFilter(country="BY"), "csv")))
    assert {"event_date", "event_type", "latitude", "longitude", "notes"} <= set(table.columns)
    path = tmp_path / "out.gpkg"
    path.write_bytes(write_events(store, EventFilter(), "gpkg"))
    assert len(gpd.read_file(path)) == len(events_frame(store))


def test_places_frame(tmp_path, pipeline, seed_article) -> None:
    frame = places_frame(_store(tmp_path, pipeline, seed_article))
    assert frame.crs.to_epsg() == 4326
    gomel = frame[frame["text"] == "Gomel"]
    assert len(gomel) == 1 and 52 < gomel.geometry.y.iloc[0] < 53
