"""What the PostGIS backend does beyond the store contract: its geometry and spatial index,
its migrations beside SQLite's, the geomap command on it, and clear errors."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geomap.cli import main
from geomap.model import Dataset, InputError
from geomap.query import EventFilter
from geomap.store import open_store
from geomap.store.migrations import HEAD
from geomap.store.postgis import PostGISStore, POSTGIS
from geomap.store.sql import where

from conftest import CLI_ENV, SEED
from postgis_server import PostGISServer


def _grid_dataset(store: PostGISStore, step: float = 2.0) -> int:
    """A dataset of one event every `step` degrees over the whole world; how many."""
    lons = [x * step - 180 for x in range(int(360 / step))]
    lats = [y * step - 90 for y in range(int(180 / step) + 1)]
    points = pd.DataFrame([(lon, lat) for lon in lons for lat in lats], columns=["lon", "lat"])
    events = points.assign(category="protest", event_type="Protests", date="2020-08-15",
                           sentence="Grid.", start=0, end=0)
    store.add_dataset(Dataset(id="grid", title="grid", source="test", description="",
                              digest="g" * 64), events)
    return len(events)


def _plan(store: PostGISStore, filters: EventFilter) -> str:
    clause, params = where(filters, POSTGIS)
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE events"))
        return "\n".join(conn.execute(sa.text(f"EXPLAIN SELECT e.id FROM events e {clause}"),
                                      params).scalars())


def test_points_are_geometries_under_a_gist_index_that_the_bbox_uses(postgis: PostGISServer) -> None:
    store = open_store(postgis.new_database())
    assert _grid_dataset(store) == 180 * 91
    with store.engine.connect() as conn:
        kind = conn.execute(sa.text("SELECT type, srid FROM geometry_columns"
                                    " WHERE f_table_name = 'events'")).one()
        mismatched = conn.execute(sa.text("SELECT count(*) FROM events"
                                          " WHERE ST_X(geom) <> lon OR ST_Y(geom) <> lat")).scalar()
    assert tuple(kind) == ("POINT", 4326) and mismatched == 0
    box = EventFilter(bbox=(27.0, 53.0, 29.0, 55.0))
    assert "events_geom" in _plan(store, box)
    inside = store.events(box)
    assert list(zip(inside["lon"], inside["lat"])) == [(28.0, 54.0)]
    assert len(store.events(EventFilter(bbox=(-10.0, -10.0, 10.0, 10.0)))) == 11 * 11


def test_frames_are_read_with_read_postgis(postgis: PostGISServer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import geopandas as gpd

    store = open_store(postgis.new_database())
    _grid_dataset(store, step=30.0)
    calls = []
    real = gpd.read_postgis
    monkeypatch.setattr(gpd, "read_postgis", lambda *a, **k: calls.append(a) or real(*a, **k))
    points = store.event_points(EventFilter(bbox=(0.0, 0.0, 60.0, 60.0)), columns=["lat", "lon"])
    assert calls and points.crs == "EPSG:4326"
    assert list(points.geometry.x) == list(points["lon"]) and len(points) == 3 * 3


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_both_backends_get_the_same_tables_and_columns(postgis: PostGISServer,
                                                       tmp_path: Path) -> None:
    """The same migrations make both schemas; PostGIS adds the geometry."""
    def columns(url: str) -> dict[str, set[str]]:
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        inspector = sa.inspect(engine)
        found = {t: {c["name"] for c in inspector.get_columns(t)}
                 for t in inspector.get_table_names() if t != "spatial_ref_sys"}
        engine.dispose()
        return found

    urls = {"sqlite": f"sqlite:///{tmp_path / 'geomap.sqlite'}", "postgis": postgis.new_database()}
    for url in urls.values():
        open_store(url)
    sqlite, pg = (columns(url) for url in urls.values())
    assert pg.pop("events") - sqlite.pop("events") == {"geom"}
    assert pg == sqlite


def test_processes_opening_a_blank_database_at_once_migrate_it_once(
        postgis: PostGISServer) -> None:
    url = postgis.new_database()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: open_store(url), range(4)))
    with open_store(url).engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() \
            == [HEAD]


def test_the_geomap_command_ingests_and_exports_on_postgis(postgis: PostGISServer,
                                                           tmp_path: Path,
                                                           capsysbinary: pytest.CaptureFixture) -> None:
    env = {**CLI_ENV, "GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_DATABASE": postgis.new_database()}
    assert main(["ingest", str(SEED)], env) == 0
    capsysbinary.readouterr()
    assert main(["export", "--country", "BY"], env) == 0
    features = json.loads(capsysbinary.readouterr().out)["features"]
    assert {"Minsk", "Gomel"} <= {f["properties"]["location"] for f in features}


@pytest.mark.parametrize("url, reason", [
    ("postgresql://nobody@/geomap?host=/nonexistent", "cannot open the database"),
    ("postgresql://nobody:s3cret@/geomap?host=/nonexistent", "nobody:\\*\\*\\*@"),
])
def test_an_unreachable_database_is_a_clear_error(url: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as raised:
        open_store(url)
    assert "s3cret" not in str(raised.value)


def test_the_command_says_so_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    env = {**CLI_ENV, "GEOMAP_INSTANCE": str(tmp_path),
           "GEOMAP_DATABASE": "postgresql://nobody@/geomap?host=/nonexistent"}
    assert main(["export"], env) == 2
    assert "geomap: error: cannot open the database" in capsys.readouterr().err
