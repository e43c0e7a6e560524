"""Stage 6: events as GeoDataFrames (EPSG:4326), joined to articles and places, and exports.

Every download goes through export_frame, whose columns follow ACLED's where
ACLED has one (event_id_cnty, event_date, year, time_precision, event_type,
sub_event_type, country, admin1, location, latitude, longitude, geo_precision,
source, notes, fatalities) and add geomap's own (category, crowd size, the
article, the place and its precision).
"""

from __future__ import annotations

import io
import itertools
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from babel import Locale

from geomap.gazetteer import Gazetteer
from geomap.model import InputError
from geomap.query import EventFilter
from geomap.store import CRS, Store, as_points
GEOJSON_CHUNK_ROWS = 10_000            # features per piece of a streamed GeoJSON response
GEOPACKAGE_PIECE_BYTES = 1 << 20       # bytes per piece of a GeoPackage response
DOWNLOAD_CHUNK_ROWS = 20_000           # events read from the store at a time for a download
COARSE_TOWN_POPULATION = 15_000        # sensitive events move to the nearest town this big
_COUNTRY_NAMES = Locale("en").territories


def _column(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda e: e[column]


def _source(e: pd.DataFrame) -> pd.Series:
    """The event's own source (imports), else its article's source, else the article title."""
    own = e["source"].fillna("")
    article = e["article_source"].fillna("")
    return own.where(own != "", article.where(article != "", e["article_title"].fillna("")))


def _notes(e: pd.DataFrame) -> pd.Series:
    """Every sentence that reports the event, in the order of the text (imported events:
    their own notes)."""
    def joined(sources: object, sentence: object) -> object:
        if isinstance(sources, str) and sources.startswith("["):
            return " ".join(dict.fromkeys(s["sentence"] for s in json.loads(sources)))
        return sentence
    return pd.Series([joined(a, b) for a, b in zip(e["sources"], e["sentence"])], index=e.index,
                     dtype=object)


def _area(e: pd.DataFrame) -> pd.Series:
    """The outline an event is drawn as: its country's code for a country-level event, its
    region's key (see basemap.region_at) for a region-level one inside a known region,
    else None (a point)."""
    from geomap.basemap import region_at

    area = e["country_code"].where(e["feature"] == "country").astype(object)
    regional = (e["feature"] == "region") & e["lat"].notna()
    if regional.any():
        rows = e[regional]
        points = gpd.GeoSeries(gpd.points_from_xy(rows["lon"], rows["lat"]), index=rows.index,
                               crs=CRS)
        area.loc[rows.index] = region_at(points, rows["country_code"])
    return area.where(area.notna(), None)


# Export column -> (store columns it needs, how to compute it from them). The columns of
# the first release come first, in their order; the later ones follow.
EXPORT: dict[str, tuple[tuple[str, ...], Callable[[pd.DataFrame], pd.Series]]] = {
    "event_id": (("id",), lambda e: e["id"].astype("int64")),
    "event_date": (("date",), _column("date")),
    "time_precision": (("time_precision",), lambda e: e["time_precision"].astype("Int64")),
    "event_type": (("event_type",), _column("event_type")),
    "sub_event_type": (("sub_event_type",), _column("sub_event_type")),
    "category": (("category",), _column("category")),
    "country_code": (("country_code",), _column("country_code")),
    "location": (("location",), _column("location")),
    "latitude": (("lat",), _column("lat")),
    "longitude": (("lon",), _column("lon")),
    "geo_precision": (("geo_precision",), lambda e: e["geo_precision"].astype("Int64")),
    "fatalities": (("fatalities",), lambda e: e["fatalities"].astype("Int64")),
    "crowd_size": (("crowd_size",), _column("crowd_size")),
    "planned": (("planned",), lambda e: e["planned"].astype(bool)),
    "notes": (("sentence", "sources"), _notes),
    "source": (("source", "article_source", "article_title"), _source),
    "source_url": (("article_url",), lambda e: e["article_url"].fillna("")),
    "article_id": (("article_id",), _column("article_id")),
    "trigger": (("trigger",), _column("trigger")),
    "place_feature": (("place_feature",), _column("place_feature")),
    "place_confidence": (("place_confidence",), _column("place_confidence")),
    "event_id_cnty": (("source_id", "id"),
                      lambda e: e["source_id"].fillna("GM" + e["id"].astype(str))),
    "year": (("date",), lambda e: pd.to_datetime(e["date"], format="%Y-%m-%d",
                                                 errors="coerce").dt.year.astype("Int64")),
    "country": (("country_code",), lambda e: e["country_code"].map(_COUNTRY_NAMES)),
    "admin1": (("admin1",), _column("admin1")),
    "article_title": (("article_title",), _column("article_title")),
    "country_level": (("geo_precision",), lambda e: e["geo_precision"].eq(3).fillna(False).astype(bool)),
    "area": (("feature", "country_code", "lat", "lon"), _area),
    "status": (("status",), _column("status")),
    "source_count": (("source_count",), lambda e: e["source_count"].astype("Int64")),
    "source_ids": (("source_ids",), _column("source_ids")),
}
EXPORT_COLUMNS = list(EXPORT)
# Columns joined from the articles and from the place mentions.
ARTICLE_COLUMNS = ("article_title", "article_url", "article_source", "article_kind", "published")
PLACE_COLUMNS = ("place_name", "place_feature", "place_confidence")
# What the map needs to draw and filter its points; popups fetch the rest.
MAP_FIELDS = ("event_id", "event_type", "event_date", "geo_precision", "planned", "area")
# What coarsening reads and rewrites.
_COARSEN_COLUMNS = ("event_type", "sub_event_type", "category", "geo_precision", "lat", "lon",
                    "location", "feature", "place_start", "place_end")


@dataclass(frozen=True)
class Coarsening:
    """Event types, sub-types or categories whose precise places are shown at the nearest
    town of the gazetteer: `Coarsening(frozenset({"Arrests"}), settings.gazetteer)`."""

    terms: frozenset[str]
    gazetteer: Path

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_fields(value: str | None) -> list[str] | None:
    """A comma-separated list of export columns (None for all); InputError if unknown."""
    if not value:
        return None
    fields = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in fields if f not in EXPORT]
    if unknown or not fields:
        raise InputError(f"unknown fields {unknown}: choose from {', '.join(EXPORT_COLUMNS)}")
    return list(dict.fromkeys(fields))


def places_frame(store: Store, article: str = "") -> gpd.GeoDataFrame:
    """Resolved place mentions as points."""
    return as_points(store.mentions_frame(article))


def events_frame(store: Store, filters: EventFilter = EventFilter(),
                 limit: int | None = None, fields: Iterable[str] | None = None,
                 coarsen: Coarsening | None = None) -> gpd.GeoDataFrame:
    """Located events that match the filter, joined to their article and place.

    fields (export columns) limits the columns read and joined; coarsen moves
    the precise places of some events to the nearest town.
    """
    own, joins = _reading(store, filters, fields, coarsen)
    return _joined(store.event_points(filters, limit, columns=own), joins, coarsen)


def events_frames(store: Store, filters: EventFilter = EventFilter(),
                  fields: Iterable[str] | None = None, coarsen: Coarsening | None = None,
                  rows: int | None = None) -> Iterator[gpd.GeoDataFrame]:
    """events_frame in frames of at most so many events (DOWNLOAD_CHUNK_ROWS), in the same
    order, each read when the one before has been used: a download never holds all its
    events."""
    own, joins = _reading(store, filters, fields, coarsen)
    for chunk in store.event_chunks(filters, columns=own, located=True,
                                    rows=rows or DOWNLOAD_CHUNK_ROWS):
        yield _joined(as_points(chunk), joins, coarsen)


def _reading(store: Store, filters: EventFilter, fields: Iterable[str] | None,
             coarsen: Coarsening | None = None) -> tuple[set[str] | None, list[tuple]]:
    """The event columns to read for some export fields (None: all), and the frames to
    join to them as (frame, join columns): the articles, the place mentions."""
    wanted: set[str] | None = None
    own = None
    if fields is not None:
        wanted = {"lat", "lon"} | {c for f in fields for c in EXPORT[f][0]}
        if coarsen:
            wanted |= set(_COARSEN_COLUMNS)
        own = wanted - set(ARTICLE_COLUMNS) - set(PLACE_COLUMNS) | {"article_id"}
        if wanted & set(PLACE_COLUMNS):
            own.add("place_start")
    joins = []
    if wanted is None or wanted & set(ARTICLE_COLUMNS):
        joins.append((store.articles_frame(), ["article_id"]))
    if wanted is None or wanted & set(PLACE_COLUMNS):
        joins.append((_place_columns(store, filters.article), ["article_id", "place_start"]))
    return own, joins


def _joined(events: gpd.GeoDataFrame, joins: list[tuple], coarsen: Coarsening | None
            ) -> gpd.GeoDataFrame:
    """Events joined to the frames _reading gave, coarsened when asked."""
    for frame, on in joins:
        if "place_start" in on:
            events = events.assign(place_start=events["place_start"].astype("Int64"))
        events = events.merge(frame, on=on, how="left")
    return coarsen_events(events, coarsen) if coarsen else events


def _place_columns(store: Store, article: str) -> pd.DataFrame:
    """What events show of the place mention they are located by."""
    places = pd.DataFrame(places_frame(store, article).drop(columns="geometry"))
    places = places.rename(columns={"start": "place_start", "name": "place_name",
                                    "feature": "place_feature",
                                    "confidence": "place_confidence"})
    places = places.drop_duplicates(["article_id", "place_start"])
    places["place_start"] = places["place_start"].astype("Int64")   # as events' (nullable)
    return places[["article_id", "place_start", *PLACE_COLUMNS]]


@lru_cache(maxsize=2)
def _towns(gazetteer: Path) -> gpd.GeoDataFrame:
    """Gazetteer towns of COARSE_TOWN_POPULATION or more, in Web Mercator for distances."""
    towns = pd.read_sql_query(
        "SELECT name, country_code, lat, lon FROM places WHERE feature = 'city'"
        " AND population >= ? AND lat IS NOT NULL", Gazetteer(gazetteer).conn,
        params=[COARSE_TOWN_POPULATION])
    return as_points(towns).to_crs(3857)


def coarsen_events(events: pd.DataFrame, coarsening: Coarsening) -> pd.DataFrame:
    """Events whose type, sub-type or category is in the coarsening's terms, placed at the
    nearest town.

    Only precise places (geo_precision 1) move; such an event then has geo_precision 2,
    the town's name as location, no highlighted place in its sentence, and
    coarsened true. Works on DataFrames and GeoDataFrames (whose points move too).
    """
    terms = coarsening.terms
    sensitive = ((events["event_type"].isin(terms) | events["sub_event_type"].isin(terms)
                  | events["category"].isin(terms)) & events["lat"].notna()
                 & (events["geo_precision"].fillna(1) <= 1))
    events = events.assign(coarsened=sensitive)
    if not sensitive.any():
        return events
    towns = _towns(coarsening.gazetteer)
    points = gpd.GeoSeries(gpd.points_from_xy(events.loc[sensitive, "lon"],
                                              events.loc[sensitive, "lat"]), crs=CRS)
    inputs, nearest = towns.sindex.nearest(points.to_crs(3857), return_all=False)
    town = towns.iloc[nearest]
    rows = events.index[sensitive][inputs]
    events[["place_start", "place_end"]] = events[["place_start", "place_end"]].astype(float)
    events.loc[rows, "lat"] = town["lat"].to_numpy()
    events.loc[rows, "lon"] = town["lon"].to_numpy()
    events.loc[rows, "location"] = town["name"].to_numpy()
    events.loc[rows, "geo_precision"] = 2
    events.loc[rows, "feature"] = "city"
    events.loc[rows, ["place_start", "place_end"]] = np.nan
    if isinstance(events, gpd.GeoDataFrame):
        events["geometry"] = gpd.points_from_xy(events["lon"], events["lat"], crs=CRS)
    return events


def listed_events(store: Store, filters: EventFilter, limit: int | None = None,
                  coarsen: Coarsening | None = None) -> pd.DataFrame:
    """Events for a page's table, located or not, coarsened like the map's."""
    events = store.events(filters, limit).merge(store.articles_frame(), on="article_id", how="left")
    return coarsen_events(events, coarsen) if coarsen else events


def export_frame(events: gpd.GeoDataFrame, fields: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """ACLED-like columns (all, or the given export fields) for downloads."""
    names = EXPORT_COLUMNS if fields is None else list(fields)
    out = pd.DataFrame({name: EXPORT[name][1](events) for name in names}, index=events.index)
    return gpd.GeoDataFrame(out, geometry=events.geometry, crs=CRS)


def to_geojson(frame: gpd.GeoDataFrame) -> str:
    """RFC 7946 GeoJSON of points: WGS84 longitude/latitude (6 decimals), no crs member."""
    return "".join(geojson_chunks(frame))


def geojson_chunks(frame: gpd.GeoDataFrame, rows: int = GEOJSON_CHUNK_ROWS) -> Iterator[str]:
    """to_geojson in pieces of so many features, so that a response can start early."""
    return _geojson_pieces([frame], rows)


def _geojson_pieces(frames: Iterable[gpd.GeoDataFrame],
                    rows: int = GEOJSON_CHUNK_ROWS) -> Iterator[str]:
    """One FeatureCollection of the features of every frame, in pieces of so many."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for frame in frames:
        for start in range(0, len(frame), rows):
            yield ("" if first else ",") + _features(frame.iloc[start:start + rows])
            first = False
    yield "]}"


def _features(frame: gpd.GeoDataFrame) -> str:
    """The frame's rows as comma-separated GeoJSON features.

    pandas writes all the properties as one JSON array, which is cut into rows
    where '},{"<first column>":' stands: inside a JSON string every '"' is
    escaped, so that can only be between rows. This is many times faster than
    GeoDataFrame.to_json on large frames.
    """
    props = pd.DataFrame(frame.drop(columns="geometry"))
    head = "{" + json.dumps(str(props.columns[0]), ensure_ascii=False) + ":"
    body = props.to_json(orient="records", force_ascii=False, double_precision=6)
    rows = body[1 + len(head):-2].split("}," + head)
    lons = np.round(frame.geometry.x.to_numpy(), 6).tolist()
    lats = np.round(frame.geometry.y.to_numpy(), 6).tolist()
    return ",".join(
        f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},'
        f'"properties":{head}{row}}}}}' for x, y, row in zip(lons, lats, rows))


def write_events(store: Store, filters: EventFilter, fmt: str,
                 fields: Iterable[str] | None = None,
                 coarsen: Coarsening | None = None) -> bytes:
    """The filtered events in a download format: geojson, csv or gpkg."""
    return b"".join(stream_events(store, filters, fmt, fields, coarsen))


def stream_events(store: Store, filters: EventFilter, fmt: str,
                  fields: Iterable[str] | None = None,
                  coarsen: Coarsening | None = None) -> Iterator[bytes]:
    """write_events in pieces. The first events are read (and errors raised) at the call;
    the rest are read a chunk at a time while the response is sent, so that memory does
    not grow with the number of events: GeoJSON and CSV are written as they are read, a
    GeoPackage is written a chunk at a time to a temporary file that is then sent."""
    if fmt not in ("geojson", "csv", "gpkg"):
        raise ValueError(f"unknown format {fmt!r}")
    names = list(fields) if fields is not None else list(EXPORT_COLUMNS)
    chunks = events_frames(store, filters, fields=names, coarsen=coarsen)
    first = next(chunks, None)
    if first is None:                   # no events: the empty frame has the columns
        first = events_frame(store, filters, fields=names, coarsen=coarsen)
    frames = (export_frame(f, names) for f in itertools.chain([first], chunks))
    if fmt == "geojson":
        return (piece.encode("utf-8") for piece in _geojson_pieces(frames))
    if fmt == "gpkg":
        return _geopackage_pieces(frames)
    return (_csv(frame, header=i == 0).encode("utf-8") for i, frame in enumerate(frames))


def _geopackage_pieces(frames: Iterable[gpd.GeoDataFrame]) -> Iterator[bytes]:
    """One GeoPackage layer "events" of every frame, appended a frame at a time to a
    temporary file, then read out in pieces of GEOPACKAGE_PIECE_BYTES. The file is removed
    when the last piece is sent, or when the reader goes away."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.gpkg"
        for i, frame in enumerate(frames):
            frame.to_file(path, layer="events", driver="GPKG", engine="pyogrio",
                          mode="a" if i else "w")
        with path.open("rb") as file:
            while piece := file.read(GEOPACKAGE_PIECE_BYTES):
                yield piece


def _csv(frame: gpd.GeoDataFrame, header: bool) -> str:
    buffer = io.StringIO()
    spreadsheet_safe(pd.DataFrame(frame.drop(columns="geometry"))).to_csv(
        buffer, index=False, header=header)
    return buffer.getvalue()


# What a spreadsheet may run as a formula when a cell starts with it (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that starts like a formula prefixed with a single quote,
    as OWASP recommends for CSV files: "=HYPERLINK(...)" -> "'=HYPERLINK(...)". Numbers stay."""
    out = frame.copy()
    for name in out.columns:
        values = out[name]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        risky = values.str.startswith(FORMULA_STARTS, na=False)
        if risky.any():
            out[name] = values.where(~risky, "'" + values.astype(str))
    return out


def event_details(store: Store, event_id: int, coarsen: Coarsening | None = None,
                  status: tuple[str, ...] = EventFilter.status) -> dict | None:
    """One located event with every export column and where its place is in its sentence.

    place_in_notes is [start, end] of the place name within notes, or None when
    the place was named in another sentence or the location was coarsened.
    """
    events = events_frame(store, EventFilter(event_id=event_id, status=status), coarsen=coarsen)
    if events.empty:
        return None
    row = events.iloc[0]
    record = records(pd.DataFrame(export_frame(events).drop(columns="geometry")))[0]
    inside = (pd.notna(row["place_start"]) and row["start"] <= row["place_start"]
              and row["place_end"] <= row["end"])
    record["place_in_notes"] = ([int(row["place_start"] - row["start"]),
                                 int(row["place_end"] - row["start"])] if inside else None)
    record["article_kind"] = row["article_kind"]
    record["coarsened"] = bool(row.get("coarsened", False))
    record["sentences"] = _sentences(row)
    return record


def _sentences(row: pd.Series) -> list[dict]:
    """Every sentence that reports the event, in the order of the text, with where its
    place is in it (or None): [{"sentence": ..., "place": [start, end] or None}]."""
    sources = json.loads(row["sources"]) if isinstance(row.get("sources"), str) else []
    if not sources:
        sources = [{"sentence": row["sentence"], "start": row["start"], "end": row["end"]}]
    out = []
    for source in sources:
        start, end = source.get("start"), source.get("end")
        inside = (pd.notna(row["place_start"]) and start is not None
                  and start <= row["place_start"] and row["place_end"] <= end)
        out.append({"sentence": source.get("sentence", ""),
                    "place": [int(row["place_start"] - start), int(row["place_end"] - start)]
                    if inside else None})
    return out


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts ready for JSON: missing values are None, not NaN."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")

