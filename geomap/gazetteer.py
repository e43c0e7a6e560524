"""The local gazetteer: place names looked up in an indexed SQLite file."""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from geomap.settings import shipped
from geomap.textnorm import name_key, strip_accents

_COLUMNS = ("id", "name", "feature", "country_code", "admin1", "lat", "lon", "population",
            "capital", "city", "kind", "source")
TOWN_POINT = "town's point (GeoNames)"   # the source of venues placed at their town
# The smallest town named on the map at each zoom level (up to the level given): capitals
# and big towns at low zoom, every town of the gazetteer from zoom 10.
LABEL_POPULATION = ((2, 5_000_000), (3, 2_000_000), (4, 500_000), (5, 200_000), (6, 80_000),
                    (7, 30_000), (8, 10_000), (9, 3_000), (99, 0))
LANDMARK_ZOOM = 13          # landmarks (squares, TV centres...) are named from this zoom
LABELS_PER_VIEW = 300
NEAR_TOWN_POPULATION = 10_000   # the town a map at street level says it is near...
CLOSE_BY_DEGREES = 0.1          # ... the biggest this close (a city, not its district),
NEAR_TOWN_DEGREES = 0.5         # ... else the nearest this close


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    id: int
    name: str
    feature: str
    country_code: str
    admin1: str | None
    lat: float
    lon: float
    population: int
    capital: bool
    city: str | None
    kind: str | None
    source: str
    preferred: bool = True
    fuzzy: bool = False         # found under another spelling of the name ("Lougansk")
    name_lang: str | None = None    # the language of the name it was found under, if only one

    @property
    def at_town_point(self) -> bool:
        """A venue stored at its town's point, not its own."""
        return self.source.startswith(TOWN_POINT)


class Gazetteer:
    """Read-only access to the gazetteer file (Settings.gazetteer); builds it on first use
    if missing, from the curated tables shipped in the package."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            from geomap.gazetteer_build import build

            print(f"geomap: building the gazetteer at {self.path} (once)...", file=sys.stderr)
            build(shipped("tables"), self.path)
        self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """All candidates for each of the given name keys (see textnorm.name_key)."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, list[Candidate]] = defaultdict(list)
        for chunk_start in range(0, len(keys), 500):
            chunk = keys[chunk_start:chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT n.key, n.preferred, n.lang, {', '.join('p.' + c for c in _COLUMNS)} "
                f"FROM names n JOIN places p ON p.id = n.place_id WHERE n.key IN ({marks})",
                chunk,
            )
            for key, preferred, lang, *values in rows:
                found[key].append(_candidate(values, bool(preferred), lang))
        return found

    def candidates(self, name: str) -> list[Candidate]:
        return self.lookup([name_key(name)]).get(name_key(name), [])

    def place(self, place_id: int) -> Candidate | None:
        """The entry with this id, or None."""
        row = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM places WHERE id = ?",
                                (int(place_id),)).fetchone()
        return _candidate(row, True) if row else None

    @cached_property
    def countries(self) -> dict[str, Candidate]:
        """Each country's entry, by ISO code."""
        rows = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM places WHERE feature = 'country'")
        return {c.country_code: c for c in (_candidate(r, True) for r in rows)}

    @cached_property
    def capitals(self) -> dict[str, Candidate]:
        """Each country's capital city, by ISO code."""
        rows = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM places WHERE capital = 1 ORDER BY population")
        return {c.country_code: c for c in (_candidate(r, True) for r in rows)}

    @cached_property
    def biggest_towns(self) -> dict[str, Candidate]:
        """Each country's most populous town, by ISO code."""
        rows = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM places WHERE feature = 'city' AND population > 0"
            " ORDER BY population")
        return {c.country_code: c for c in (_candidate(r, True) for r in rows)}

    @cached_property
    def demonyms(self) -> dict[str, dict[str, str]]:
        """Demonym forms by language: {lang: {name key: country code}}."""
        table: dict[str, dict[str, str]] = defaultdict(dict)
        for key, lang, code in self.conn.execute(
                "SELECT key, lang, country_code FROM demonyms WHERE country_code != ''"):
            table[lang].setdefault(key, code)
        return table

    @cached_property
    def region_demonyms(self) -> dict[str, dict[str, Candidate]]:
        """Peoples of continents and regions by language: {lang: {name key: place}}
        ("African", "South Ossetian")."""
        rows = self.conn.execute(
            f"SELECT d.key, d.lang, {', '.join('p.' + c for c in _COLUMNS)} "
            "FROM demonyms d JOIN places p ON p.id = d.place_id")
        table: dict[str, dict[str, Candidate]] = defaultdict(dict)
        for key, lang, *values in rows:
            table[lang][key] = _candidate(values, True)
        return table

    @cached_property
    def person_names(self) -> dict[str, frozenset[str]]:
        """Common given names ("john") and family names ("bolton"), as name keys."""
        table: dict[str, set[str]] = defaultdict(set)
        for key, kind in self.conn.execute("SELECT key, kind FROM person_names"):
            table[kind].add(key)
        return {kind: frozenset(keys) for kind, keys in table.items()}

    @cached_property
    def landmarks(self) -> list[tuple[str, Candidate]]:
        """Every landmark name and alias with its landmark."""
        rows = self.conn.execute(
            f"SELECT n.key, n.preferred, {', '.join('p.' + c for c in _COLUMNS)} "
            "FROM names n JOIN places p ON p.id = n.place_id WHERE p.feature = 'landmark'")
        return [(key, _candidate(values, bool(preferred))) for key, preferred, *values in rows]


    def landmarks_of(self, town: str) -> list[str]:
        """The names of the landmarks in a town: landmarks_of("minsk") -> ["Belteleradio",
        "October Square", ...]."""
        key = name_key(strip_accents(town))
        if not key:
            return []
        rows = self.conn.execute("SELECT name, city FROM places WHERE feature = 'landmark'"
                                 " AND city IS NOT NULL")
        return sorted({name for name, city in rows if name_key(strip_accents(city)) == key})


    def labels(self, bbox: tuple[float, float, float, float], zoom: int,
               limit: int = LABELS_PER_VIEW) -> list[tuple[str, float, float, str]]:
        """The places to name on a map of this box at this zoom, the most important first:
        (name, lat, lon, kind), kind "capital", "town" or "landmark"; capitals and big
        towns at low zoom, smaller towns as one zooms in, landmarks at street level."""
        west, south, east, north = bbox
        smallest = next(people for level, people in LABEL_POPULATION if zoom <= level)
        features = ("city", "landmark") if zoom >= LANDMARK_ZOOM else ("city",)
        rows = self.conn.execute(
            "SELECT name, lat, lon, CASE WHEN feature = 'landmark' THEN 'landmark'"
            " WHEN capital = 1 THEN 'capital' ELSE 'town' END FROM places"
            f" WHERE feature IN ({','.join('?' * len(features))})"
            " AND (population >= ? OR capital = 1 AND ? <= 6 OR feature = 'landmark')"
            " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
            " ORDER BY capital DESC, population DESC LIMIT ?",
            (*features, smallest, zoom, south, north, west, east, limit))
        return [tuple(r) for r in rows]

    def nearest_town(self, lat: float, lon: float) -> str | None:
        """The town a point is in or near, for a map zoomed in too far to name one: the
        biggest town close by (the city, not its district), else the nearest of
        NEAR_TOWN_POPULATION people: nearest_town(48.86, 2.33) -> "Paris"."""
        for within, order in ((CLOSE_BY_DEGREES, "population DESC"),
                              (NEAR_TOWN_DEGREES, "(lat - :lat) * (lat - :lat)"
                                                  " + (lon - :lon) * (lon - :lon)")):
            row = self.conn.execute(
                "SELECT name FROM places WHERE feature = 'city' AND population >= :people"
                " AND lat BETWEEN :lat - :within AND :lat + :within"
                f" AND lon BETWEEN :lon - :within AND :lon + :within ORDER BY {order} LIMIT 1",
                {"lat": lat, "lon": lon, "within": within,
                 "people": NEAR_TOWN_POPULATION}).fetchone()
            if row:
                return row[0]
        return None

    def search(self, text: str, limit: int = 8) -> list[Candidate]:
        """Places whose name starts with the text, the best known first: the exact names,
        countries, then towns, first-level regions and landmarks, by population."""
        key = name_key(text)
        if len(key) < 2:
            return []
        rows = self.conn.execute(
            f"SELECT n.key, {', '.join('p.' + c for c in _COLUMNS)} FROM names n"
            " JOIN places p ON p.id = n.place_id WHERE n.key >= ? AND n.key < ?"
            " AND p.lat IS NOT NULL AND (p.feature != 'region' OR p.kind = 'admin1')",
            (key, key + "\uffff"))
        rank = {"country": 0, "city": 1, "region": 2, "landmark": 3, "other": 4}
        found: dict[int, tuple] = {}
        for name, *values in rows:
            place = _candidate(values, True)
            order = (name != key, rank.get(place.feature, 4), -place.population, place.name)
            if place.id not in found or order < found[place.id][0]:
                found[place.id] = (order, place)
        return [place for _, place in sorted(found.values(), key=lambda f: f[0])[:limit]]


def _candidate(values: Iterable, preferred: bool, name_lang: str | None = None) -> Candidate:
    v = dict(zip(_COLUMNS, values))
    return Candidate(preferred=preferred, name_lang=name_lang,
                     **{**v, "capital": bool(v["capital"])})
