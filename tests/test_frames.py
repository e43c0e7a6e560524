"""Stage 6: GeoDataFrames and exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geomap import frames
from geomap.frames import (Coarsening, coarsen_events, events_frame, parse_fields, places_frame,
                           stream_events, to_geojson, write_events)
from geomap.ingest import ingest
from geomap.model import InputError
from geomap.query import EventFilter
from geomap.store import Store, open_store


def _store(tmp_path: Path, pipeline, seed_article) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest(store, [seed_article], pipeline)
    return store


def test_events_frame_joins_articles_and_places(tmp_path, pipeline, seed_article) -> None:
    frame = events_frame(_store(tmp_path, pipeline, seed_article))
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs.to_epsg() == 4326
    assert set(frame["article_title"]) == {seed_article.title}
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


def test_a_geopackage_written_in_chunks_holds_every_event(tmp_path, pipeline, seed_article,
                                                         monkeypatch) -> None:
    """A GeoPackage download is appended a few events at a time: the same rows and values
    as when it is written at once, columns empty in one chunk included."""
    store = _store(tmp_path, pipeline, seed_article)
    whole = tmp_path / "whole.gpkg"
    whole.write_bytes(write_events(store, EventFilter(), "gpkg"))
    monkeypatch.setattr(frames, "DOWNLOAD_CHUNK_ROWS", 2)
    monkeypatch.setattr(frames, "GEOPACKAGE_PIECE_BYTES", 4096)
    pieces = list(stream_events(store, EventFilter(), "gpkg"))
    chunked = tmp_path / "chunked.gpkg"
    chunked.write_bytes(b"".join(pieces))
    expected, found = gpd.read_file(whole), gpd.read_file(chunked)
    assert len(pieces) > 1 and len(found) == len(events_frame(store)) > 2
    pd.testing.assert_frame_equal(found, expected)


def test_places_frame(tmp_path, pipeline, seed_article) -> None:
    frame = places_frame(_store(tmp_path, pipeline, seed_article))
    assert frame.crs.to_epsg() == 4326
    gomel = frame[frame["text"] == "Gomel"]
    assert len(gomel) == 1 and 52 < gomel.geometry.y.iloc[0] < 53


def test_fast_geojson_equals_geopandas_on_awkward_text() -> None:
    """Quotes, newlines, U+2028, non-Latin text, missing values: the same as GeoPandas writes."""
    frame = gpd.GeoDataFrame({
        "event_id": [1, 2, 3],
        "notes": ['a "quoted"\nline', "para\u2028graph \u00e9 \u041c\u0438\u043d\u0441\u043a", None],
        "fatalities": pd.array([None, 2, 0], dtype="Int64"),
        "planned": [True, False, True],
        "place_confidence": [0.5, float("nan"), 1.0],
    }, geometry=gpd.points_from_xy([27.5666661, -0.1, 180.0], [53.9, -33.3333333, -90.0]),
        crs="EPSG:4326")
    ours, theirs = json.loads(to_geojson(frame)), json.loads(frame.to_json(na="null", drop_id=True))
    for a, b in zip(ours["features"], theirs["features"]):
        assert a["properties"] == b["properties"]
        assert a["geometry"]["coordinates"] == [round(c, 6) for c in b["geometry"]["coordinates"]]
    assert json.loads(to_geojson(frame.iloc[:0])) == {"type": "FeatureCollection", "features": []}


def test_fields_pick_export_columns(tmp_path, pipeline, seed_article) -> None:
    store = _store(tmp_path, pipeline, seed_article)
    data = json.loads(write_events(store, EventFilter(), "geojson",
                                   fields=["event_id", "event_date"]))
    assert {tuple(f["properties"]) for f in data["features"]} == {("event_id", "event_date")}
    with pytest.raises(InputError, match="unknown fields"):
        parse_fields("event_id,secret")
    assert parse_fields("") is None and parse_fields("event_id, event_id") == ["event_id"]


def test_coarsening_moves_only_precise_sensitive_events(gazetteer) -> None:
    events = pd.DataFrame({
        "event_type": ["Strategic developments", "Strategic developments", "Protests"],
        "sub_event_type": ["Arrests", "Arrests", "Peaceful protest"],
        "category": ["arrest", "arrest", "protest"],
        "geo_precision": [1, 3, 1],
        "lat": [53.8617, 53.7, 53.8617], "lon": [27.4474, 27.9, 27.4474],   # Okrestina, Minsk
        "location": ["Okrestina", "Belarus", "Okrestina"], "feature": ["landmark", "country", "landmark"],
        "place_start": [10, 20, 10], "place_end": [19, 27, 19],
    })
    coarse = coarsen_events(events, Coarsening(frozenset({"Arrests"}), gazetteer.path))
    assert coarse["coarsened"].tolist() == [True, False, False]
    assert coarse.loc[0, "location"] == "Minsk" and coarse.loc[0, "geo_precision"] == 2
    assert pd.isna(coarse.loc[0, "place_start"]) and coarse.loc[2, "place_start"] == 10
    assert abs(coarse.loc[0, "lat"] - 53.9) < 0.1 and abs(coarse.loc[0, "lon"] - 27.56) < 0.1
    unmoved = ["location", "lat", "lon", "geo_precision"]
    assert coarse.loc[1:, unmoved].equals(events.loc[1:, unmoved])


def test_geojson_in_pieces_is_the_same_geojson(tmp_path, pipeline, seed_article) -> None:
    from geomap.frames import export_frame, geojson_chunks

    frame = export_frame(events_frame(_store(tmp_path, pipeline, seed_article)))
    pieces = list(geojson_chunks(frame, rows=3))
    assert len(pieces) > 3
    assert json.loads("".join(pieces)) == json.loads(to_geojson(frame))


def test_spreadsheet_safe_escapes_what_starts_like_a_formula() -> None:
    from geomap.frames import spreadsheet_safe

    table = pd.DataFrame({"text": ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", None],
                          "number": [-1.5, 2, -3, 4, 5, 6, 7, 8]})
    safe = spreadsheet_safe(table)
    assert safe["text"].iloc[:7].tolist() == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "plain"]
    assert pd.isna(safe["text"].iloc[7])
    assert safe["number"].tolist() == table["number"].tolist()


def test_downloads_show_merged_events_with_every_sentence(tmp_path, pipeline) -> None:
    """One event reported by three sentences: its notes hold all three; a country-level event
    is marked as such, with the country's point and geo_precision 3."""
    from conftest import fr

    text = ("Des milliers de personnes ont manifesté samedi devant le centre de télévision d'État "
            "à Minsk. La police anti-émeute est arrivée plus tard et a bloqué l'entrée du bâtiment. "
            "Une trentaine de manifestants ont été interpellés. Plus d'un million de personnes ont "
            "manifesté jeudi dans toute la France.")
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest(store, [fr(text)], pipeline)
    rows = json.loads(write_events(store, EventFilter(), "geojson"))["features"]
    tv, france = sorted((f["properties"] for f in rows), key=lambda p: p["country_level"])
    assert tv["sub_event_type"] == "Protest with intervention" and not tv["country_level"]
    assert "bloqué l'entrée" in tv["notes"] and "interpellés" in tv["notes"]
    assert france["country_level"] and france["geo_precision"] == 3 and france["country_code"] == "FR"
