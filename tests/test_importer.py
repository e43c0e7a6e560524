"""Importing ACLED-style CSV and GeoJSON: checked first, stored whole, provenance kept."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from geomap.frames import events_frame, export_frame, to_geojson
from geomap.importer import read_dataset, store_dataset
from geomap.model import InputError
from geomap.query import EventFilter
from geomap.store import Store, open_store

from test_cli import run

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                "event_type", "sub_event_type", "country", "iso", "admin1", "location",
                "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "tags"]
ACLED_ROWS = [
    ["BLR1001", "2020-08-16", "2020", "1", "Demonstrations", "Protests", "Peaceful protest",
     "Belarus", "112", "Minsk", "Minsk", "53.9000", "27.5667", "1", "Nasha Niva",
     "On 16 August 2020, tens of thousands marched in Minsk.", "0", "crowd size=tens of thousands"],
    ["BLR1002", "15 August 2020", "2020", "2", "Demonstrations", "Protests",
     "Protest with intervention", "Belarus", "", "Homiel", "Gomel", "52.4345", "30.9754", "2",
     "Belsat", "Police dispersed protesters in Gomel.", "", ""],
    ["BLR1003", "2020-08-14", "2020", "1", "Political violence", "Strategic developments",
     "Arrests", "", "", "Minsk", "Minsk - Okrestina", "53.8617", "27.4474", "1", "Viasna",
     "Detainees were held at Okrestina.", "", ""],
]


def sqlite_store(path: Path) -> Store:
    return open_store(f"sqlite:///{path}")


def write_acled_csv(path: Path, rows: list[list[str]], header: list[str] = ACLED_HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_acled_csv_is_imported_with_its_provenance(tmp_path: Path) -> None:
    store = sqlite_store(tmp_path / "db.sqlite")
    dataset = read_dataset(write_acled_csv(tmp_path / "acled.csv", ACLED_ROWS))
    assert store_dataset(store, dataset)
    events = export_frame(events_frame(store)).set_index("event_id_cnty")
    assert list(events.index) == ["BLR1001", "BLR1002", "BLR1003"]        # the file's order
    assert events.loc["BLR1002", "event_date"] == "2020-08-15"           # "15 August 2020"
    assert set(events["country_code"]) == {"BY"}     # from iso, from the name, from the point
    assert events.loc["BLR1001", "crowd_size"] == "tens of thousands"
    assert events.loc["BLR1003", "category"] == "arrest"
    assert events.loc["BLR1002", "source"] == "Belsat"
    assert events.loc["BLR1001", "notes"].startswith("On 16 August 2020")
    assert pd.isna(events.loc["BLR1002", "fatalities"]) and events.loc["BLR1001", "fatalities"] == 0
    record = store.dataset(dataset.record.id)
    assert record["kind"] == "dataset" and record["title"] == "acled.csv"
    assert set(events["article_id"]) == {dataset.record.id}


def test_the_same_file_is_imported_once(tmp_path: Path) -> None:
    store = sqlite_store(tmp_path / "db.sqlite")
    path = write_acled_csv(tmp_path / "acled.csv", ACLED_ROWS)
    assert store_dataset(store, read_dataset(path))
    assert not store_dataset(store, read_dataset(path))
    assert store.count_events() == len(ACLED_ROWS)


def test_progress_reaches_every_row(tmp_path: Path) -> None:
    store = sqlite_store(tmp_path / "db.sqlite")
    dataset = read_dataset(write_acled_csv(tmp_path / "acled.csv", ACLED_ROWS * 4000))
    seen: list[int] = []
    assert store.add_dataset(dataset.record, dataset.events, seen.append)
    assert seen == sorted(seen) and len(seen) > 1 and seen[-1] == len(ACLED_ROWS) * 4000


@pytest.mark.parametrize("column, value, reason", [
    ("event_date", "yesterday", "line 3: event_date"),
    ("latitude", "91", "line 3: latitude"),
    ("longitude", "east", "line 3: longitude"),
    ("event_type", "", "line 3: event_type is empty"),
    ("geo_precision", "4", "line 3: geo_precision"),
    ("fatalities", "-1", "line 3: fatalities"),
])
def test_a_bad_row_is_named_and_nothing_is_stored(tmp_path: Path, column: str, value: str,
                                                  reason: str) -> None:
    rows = [list(r) for r in ACLED_ROWS]
    rows[1][ACLED_HEADER.index(column)] = value
    with pytest.raises(InputError, match=reason):
        read_dataset(write_acled_csv(tmp_path / "bad.csv", rows))


def test_missing_columns_and_wrong_files(tmp_path: Path) -> None:
    header = [c for c in ACLED_HEADER if c != "latitude"]
    rows = [[v for c, v in zip(ACLED_HEADER, r) if c != "latitude"] for r in ACLED_ROWS]
    with pytest.raises(InputError, match="lacks the column.*latitude"):
        read_dataset(write_acled_csv(tmp_path / "nolat.csv", rows, header))
    (tmp_path / "events.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match=r"\.csv .* or \.geojson"):
        read_dataset(tmp_path / "events.xlsx")
    (tmp_path / "latin1.csv").write_bytes("event_date\n2020-08-16 \xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_dataset(tmp_path / "latin1.csv")
    (tmp_path / "empty.csv").write_text(",".join(ACLED_HEADER) + "\n")
    with pytest.raises(InputError, match="no rows"):
        read_dataset(tmp_path / "empty.csv")


def test_geojson_round_trip(tmp_path: Path) -> None:
    first = sqlite_store(tmp_path / "first.sqlite")
    store_dataset(first, read_dataset(write_acled_csv(tmp_path / "acled.csv", ACLED_ROWS)))
    exported = tmp_path / "events.geojson"
    exported.write_text(to_geojson(export_frame(events_frame(first))))
    second = sqlite_store(tmp_path / "second.sqlite")
    assert store_dataset(second, read_dataset(exported))
    a, b = (export_frame(events_frame(s)).set_index("event_id_cnty") for s in (first, second))
    columns = ["event_date", "event_type", "sub_event_type", "country_code", "location",
               "latitude", "longitude", "geo_precision", "notes", "source", "crowd_size"]
    assert a[columns].equals(b[columns])


def test_geojson_needs_points(tmp_path: Path) -> None:
    path = tmp_path / "lines.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"event_date": "2020-08-16", "event_type": "Protests"},
        "geometry": {"type": "LineString", "coordinates": [[27.5, 53.9], [27.6, 53.8]]}}]}))
    with pytest.raises(InputError, match="feature 1: every feature needs a Point"):
        read_dataset(path)


def test_cli_import(tmp_path: Path) -> None:
    env = {"GEOMAP_DATABASE": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    good = write_acled_csv(tmp_path / "good.csv", ACLED_ROWS)
    bad_rows = [list(r) for r in ACLED_ROWS]
    bad_rows[2][ACLED_HEADER.index("event_date")] = "2020-02-30"
    bad = write_acled_csv(tmp_path / "bad.csv", bad_rows)
    out = run("import", str(good), str(bad), env=env)
    assert out.returncode == 2 and "bad.csv line 4: event_date" in out.stderr
    assert sqlite_store(tmp_path / "db.sqlite").count_events() == 0     # not even good.csv
    out = run("import", str(good), env=env)
    assert out.returncode == 0 and "3 events imported" in out.stderr, out.stderr
    out = run("import", str(good), env=env)
    assert out.returncode == 0 and "already imported" in out.stderr
    store = sqlite_store(tmp_path / "db.sqlite")
    assert store.count_events(EventFilter(country="BY")) == 3
