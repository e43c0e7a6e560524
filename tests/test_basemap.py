"""The offline basemap: Natural Earth country outlines copied into geomap/data/."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geomap.basemap import (COUNTRIES_PATH, REGIONS_PATH, alpha2, build, country_at, countries,
                            region_at, regions)


def test_the_committed_outlines_are_what_build_makes(tmp_path: Path) -> None:
    build(dest=tmp_path / "countries.geojson")
    assert (tmp_path / "countries.geojson").read_bytes() == COUNTRIES_PATH.read_bytes()


def test_outlines_have_names_and_codes() -> None:
    world = countries()
    assert len(world) == 177 and world.crs.to_epsg() == 4326
    assert world["iso_a2"].notna().all() and world.geometry.is_valid.all()
    assert set(world.loc[world["name"].isin(["France", "Norway"]), "iso_a2"]) == {"FR", "NO"}
    assert COUNTRIES_PATH.stat().st_size < 250_000


def test_codes_from_any_iso_form() -> None:
    codes = alpha2(pd.Series(["112", "BLR", "by", 250, "999", None, "Belarus"], dtype=object))
    assert codes.tolist() == ["BY", "BY", "BY", "FR", None, None, None]


def test_country_of_a_point() -> None:
    points = gpd.GeoSeries(gpd.points_from_xy([27.56, 2.35, -30.0], [53.9, 48.85, 0.0]),
                           index=[10, 11, 12], crs="EPSG:4326")
    codes = country_at(points)
    assert codes.to_dict() == {10: "BY", 11: "FR", 12: None}


def test_region_outlines_are_named_and_small() -> None:
    shapes = regions()
    assert len(shapes) > 2500 and shapes["key"].is_unique and shapes.crs.to_epsg() == 4326
    assert shapes["key"].str.fullmatch(r"[A-Z]{2}\.\w+").all()
    assert (shapes.geometry.geom_type.isin(["Polygon", "MultiPolygon"])).all()
    names = dict(zip(shapes["key"], shapes["name"]))
    assert names["FR.11"] == "Île-de-France" and names["BY.02"] == "Homieĺskaja voblasć"
    assert REGIONS_PATH.stat().st_size < 3_500_000


def test_region_of_a_point_in_its_own_country() -> None:
    points = gpd.GeoSeries(gpd.points_from_xy([30.98, 2.35, 2.35, -30.0], [52.44, 48.85, 48.85, 0.0]),
                           index=[1, 2, 3, 4], crs="EPSG:4326")
    keys = region_at(points, pd.Series(["BY", "FR", "DE", "BR"], index=[1, 2, 3, 4]))
    assert keys.to_dict() == {1: "BY.02", 2: "FR.11", 3: None, 4: None}
