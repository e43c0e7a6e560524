"""Stage 6: events as GeoDataFrames (EPSG:4326), joined to articles and places, and exports."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geomap.store import EventFilter, SQLiteStore

CRS = "EPSG:4326"
EXPORT_COLUMNS = ["event_id", "event_date", "time_precision", "event_type", "sub_event_type",
                  "category", "country_code", "location", "latitude", "longitude",
                  "geo_precision", "fatalities", "crowd_size", "planned", "notes", "source",
                  "source_url", "article_id", "trigger", "place_feature", "place_confidence"]


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    return gpd.GeoDataFrame(located, geometry=gpd.points_from_xy(located["lon"], located["lat"]),
                            crs=CRS)


def places_frame(store: SQLiteStore, article: str = "") -> gpd.GeoDataFrame:
    """Resolved place mentions as points."""
    return _points(store.mentions_frame(article))


def events_frame(store: SQLiteStore, filters: EventFilter = EventFilter(),
                 limit: int | None = None) -> gpd.GeoDataFrame:
    """Located events that match the filter, joined to their article and place."""
    events = _points(store.events(filters, limit))
    events = events.merge(store.articles_frame(), on="article_id", how="left")
    places = pd.DataFrame(places_frame(store, filters.article).drop(columns="geometry"))
    places = places.rename(columns={"start": "place_start", "name": "place_name",
                                    "feature": "place_feature", "confidence": "place_confidence",
                                    "source": "place_source"})
    columns = ["article_id", "place_start", "place_name", "place_feature", "place_confidence",
               "place_source"]
    return events.merge(places[columns], on=["article_id", "place_start"], how="left")


def export_frame(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """ACLED-like columns for downloads."""
    out = pd.DataFrame({
        "event_id": events["id"].astype("int64"),
        "event_date": events["date"],
        "time_precision": events["time_precision"],
        "event_type": events["event_type"],
        "sub_event_type": events["sub_event_type"],
        "category": events["category"],
        "country_code": events["country_code"],
        "location": events["location"],
        "latitude": events["lat"],
        "longitude": events["lon"],
        "geo_precision": events["geo_precision"],
        "fatalities": events["fatalities"],
        "crowd_size": events["crowd_size"],
        "planned": events["planned"].astype(bool),
        "notes": events["sentence"],
        "source": events["source"].fillna("").where(events["source"].fillna("") != "",
                                                    events["title"].fillna("")),
        "source_url": events["url"].fillna(""),
        "article_id": events["article_id"],
        "trigger": events["trigger"],
        "place_feature": events["place_feature"],
        "place_confidence": events["place_confidence"],
    }, index=events.index)
    return gpd.GeoDataFrame(out, geometry=events.geometry, crs=CRS)


def to_geojson(events: gpd.GeoDataFrame) -> str:
    """RFC 7946 GeoJSON: WGS84 longitude/latitude, no crs member."""
    frame = export_frame(events)
    return frame.to_json(na="null", show_bbox=False, drop_id=True, to_wgs84=True)


def write_events(store: SQLiteStore, filters: EventFilter, fmt: str) -> bytes:
    """The filtered events in a download format: geojson, csv or gpkg."""
    events = events_frame(store, filters)
    if fmt == "geojson":
        return to_geojson(events).encode("utf-8")
    frame = export_frame(events)
    if fmt == "csv":
        buffer = io.StringIO()
        pd.DataFrame(frame.drop(columns="geometry")).to_csv(buffer, index=False)
        return buffer.getvalue().encode("utf-8")
    if fmt == "gpkg":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.gpkg"
            frame.to_file(path, layer="events", driver="GPKG")
            return path.read_bytes()
    raise ValueError(f"unknown format {fmt!r}")
