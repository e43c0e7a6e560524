"""Importing events from ACLED-style CSV or from GeoJSON, one dataset record per file.

Each file becomes a dataset record that its events point to,
so every imported point keeps its provenance: the file, the row's own source,
its ACLED id (event_id_cnty) and notes. Rows are checked all at once before
anything is stored, and a file is stored in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from babel import Locale

from geomap.basemap import alpha2, country_at
from geomap.model import Dataset, InputError
from geomap.progress import progress_bar
from geomap.store import Store

REQUIRED = ("event_date", "event_type", "latitude", "longitude")
# The event columns an import fills.
DATASET_COLUMNS = ("category", "event_type", "sub_event_type", "date", "time_precision",
                   "location", "lat", "lon", "geo_precision", "country_code", "feature",
                   "sentence", "start", "end", "trigger", "fatalities", "crowd_size", "planned",
                   "source", "source_id", "admin1")
# geomap's category for an imported event: by sub-event type, else by event type.
CATEGORY_BY_SUB_TYPE = {"Arrests": "arrest"}
CATEGORY_BY_TYPE = {"Protests": "protest", "Riots": "riot", "Battles": "battle",
                    "Violence against civilians": "violence",
                    "Explosions/Remote violence": "explosion",
                    "Strategic developments": "development"}
_COUNTRY_CODES = {name.casefold(): code for code, name in Locale("en").territories.items()
                  if code.isalpha()}


@dataclass(frozen=True)
class DatasetFile:
    """A checked file, ready to store: its dataset record and its events."""

    record: Dataset
    events: pd.DataFrame


def read_dataset(path: Path) -> DatasetFile:
    """Read and check a .csv or .geojson file; InputError names the first bad row."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table, row_name = _read_csv(path), lambda position: f"line {_csv_line(path, position)}"
    elif suffix in (".geojson", ".json"):
        table, row_name = _read_geojson(path), lambda position: f"feature {position + 1}"
    else:
        raise InputError(f"{path}: import reads .csv (ACLED columns) or .geojson files")
    if table.empty:
        raise InputError(f"{path} has no rows")
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError(f"{path} lacks the column(s) {', '.join(missing)}"
                         f" (needs {', '.join(REQUIRED)})")
    events = _events(table, lambda bad: f"{path} {row_name(int(bad.to_numpy().argmax()))}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    dates = events["date"]
    record = Dataset(
        id=f"dataset-{digest[:12]}", title=path.name, digest=digest,
        source="ACLED-style CSV" if suffix == ".csv" else "GeoJSON",
        description=(f"Events imported from {path.name} (SHA-256 {digest}): {len(events)} events"
                     f" from {dates.min()} to {dates.max()}."))
    return DatasetFile(record, events)


def store_dataset(store: Store, dataset: DatasetFile, progress: bool = False) -> bool:
    """Store a checked dataset; False if it was already imported."""
    with progress_bar(len(dataset.events), "event", dataset.record.title,
                      enabled=progress) as advance:
        return store.add_dataset(dataset.record, dataset.events, advance)


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise InputError(f"{path} is not a readable CSV file: {e}") from None


def _csv_line(path: Path, position: int) -> int:
    """The line on which a CSV file's row (0: the first after the header) starts, counting
    the line breaks inside quoted fields and skipping blank lines, as pandas reads it."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        rows, end = -1, 0
        for row in reader:
            start, end = end + 1, reader.line_num
            if row:
                rows += 1
                if rows == position + 1:
                    return start
    return end


def _read_geojson(path: Path) -> pd.DataFrame:
    try:
        frame = gpd.read_file(path, engine="pyogrio", DATE_AS_STRING="YES")
    except Exception as e:          # pyogrio raises several error types for unreadable files
        raise InputError(f"{path} is not a readable GeoJSON file: {e}") from None
    if frame.empty:
        return pd.DataFrame()
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    not_points = frame.geometry.isna() | (frame.geom_type != "Point")
    if not_points.any():
        raise InputError(f"{path} feature {int(not_points.to_numpy().argmax()) + 1}:"
                         " every feature needs a Point geometry")
    table = pd.DataFrame(frame.drop(columns="geometry")).astype(object)
    table = table.where(table.notna(), "").astype(str)
    table["longitude"], table["latitude"] = frame.geometry.x.astype(str), frame.geometry.y.astype(str)
    return table


def _events(table: pd.DataFrame, where) -> pd.DataFrame:
    """DATASET_COLUMNS from the table's columns; where(bad rows) names the first bad row."""
    def raw(name: str) -> pd.Series:
        return table[name].str.strip() if name in table.columns else \
            pd.Series("", index=table.index, dtype=str)

    def column(name: str) -> pd.Series:
        values = raw(name)
        return values.astype(object).where(values != "", None)

    def check(bad: pd.Series, reason: str) -> None:
        if bad.any():
            raise InputError(f"{where(bad)}: {reason}")

    date = _dates(column("event_date"))
    check(date.isna(), "event_date is not a date like 2020-08-15 or 15 August 2020")
    lat, lon = pd.to_numeric(column("latitude"), errors="coerce"), \
        pd.to_numeric(column("longitude"), errors="coerce")
    check(~lat.between(-90, 90), "latitude is not a number from -90 to 90")
    check(~lon.between(-180, 180), "longitude is not a number from -180 to 180")
    event_type = column("event_type")
    check(event_type.isna(), "event_type is empty")
    precision = {name: _small_int(column(name), (1, 2, 3)) for name in
                 ("time_precision", "geo_precision")}
    for name, values in precision.items():
        check(values.isna() & column(name).notna(), f"{name} is not 1, 2 or 3")
    fatalities = pd.to_numeric(column("fatalities"), errors="coerce")
    check((fatalities.isna() & column("fatalities").notna()) | (fatalities < 0)
          | (fatalities.notna() & (fatalities % 1 != 0)), "fatalities is not a whole number")
    sub_type = column("sub_event_type")
    category = column("category").fillna(sub_type.map(CATEGORY_BY_SUB_TYPE)).fillna(
        event_type.map(CATEGORY_BY_TYPE)).fillna(raw("event_type").str.lower())
    crowd = column("crowd_size").fillna(
        raw("tags").str.extract(r"crowd size=([^;]+)", expand=False).str.strip())
    events = pd.DataFrame({
        "category": category, "event_type": event_type, "sub_event_type": sub_type,
        "date": date, "time_precision": precision["time_precision"].fillna(1),
        "location": column("location"), "lat": lat, "lon": lon,
        "geo_precision": precision["geo_precision"].fillna(1),
        "country_code": _country_codes(column, raw, lat, lon),
        "feature": None, "sentence": column("notes").fillna(""), "start": 0, "end": 0,
        "trigger": None, "fatalities": fatalities.astype("Int64"), "crowd_size": crowd,
        "planned": 0, "source": column("source"),
        "source_id": column("event_id_cnty"), "admin1": column("admin1"),
    }, index=table.index)
    return events[list(DATASET_COLUMNS)]


def _dates(values: pd.Series) -> pd.Series:
    """YYYY-MM-DD strings from ISO dates (or timestamps) or ACLED's "15 August 2020"."""
    text = values.str.slice(0, 10)
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    spelled = pd.to_datetime(values, format="%d %B %Y", errors="coerce")
    parsed = iso.fillna(spelled)
    return parsed.dt.strftime("%Y-%m-%d").astype(object).where(parsed.notna(), None)


def _small_int(values: pd.Series, allowed: tuple[int, ...]) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.where(numbers.isin(allowed)).astype("Int64")


def _country_codes(column, raw, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Alpha-2 codes from country_code, else ACLED's iso (numeric), else the country name,
    else the country the point falls in."""
    codes = alpha2(column("country_code")).fillna(alpha2(column("iso")))
    names = raw("country").str.casefold().map(_COUNTRY_CODES)
    codes = codes.fillna(names)
    unknown = codes.isna()
    if unknown.any():
        points = gpd.GeoSeries(gpd.points_from_xy(lon[unknown], lat[unknown]),
                               index=lat.index[unknown], crs="EPSG:4326")
        codes = codes.fillna(country_at(points))
    return codes.astype(object).where(codes.notna(), None)
