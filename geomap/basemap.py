"""Country outlines from Natural Earth (1:110m, public domain): the offline basemap.

The outlines are copied from the Natural Earth countries that pyogrio ships as
test data, simplified and written as RFC 7946 GeoJSON to geomap/data/.
Rebuild them with `python -m geomap.basemap`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from babel import Locale
from babel.core import get_global

COUNTRIES_PATH = Path(__file__).parent / "data" / "countries.geojson"
NATURAL_EARTH = (Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
                 / "naturalearth_lowres.shp")
SIMPLIFY_DEGREES = 0.05
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
    print(f"wrote {COUNTRIES_PATH}")
