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
from geomap.textnorm import name_key

_COLUMNS = ("id", "name", "feature", "country_code", "admin1", "lat", "lon", "population",
            "capital", "city", "kind", "source")
TOWN_POINT = "town's point (GeoNames)"   # the source of venues placed at their town


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
                f"SELECT n.key, n.preferred, {', '.join('p.' + c for c in _COLUMNS)} "
                f"FROM names n JOIN places p ON p.id = n.place_id WHERE n.key IN ({marks})",
                chunk,
            )
            for key, preferred, *values in rows:
                found[key].append(_candidate(values, bool(preferred)))
        return found

    def candidates(self, name: str) -> list[Candidate]:
        return self.lookup([name_key(name)]).get(name_key(name), [])

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
    def demonyms(self) -> dict[str, dict[str, str]]:
        """Demonym forms by language: {lang: {name key: country code}}."""
        table: dict[str, dict[str, str]] = defaultdict(dict)
        for key, lang, code in self.conn.execute(
                "SELECT key, lang, country_code FROM demonyms WHERE country_code != ''"):
            table[lang].setdefault(key, code)
        return table

    @cached_property
    def continent_demonyms(self) -> dict[str, dict[str, Candidate]]:
        """Peoples of continents by language: {lang: {name key: continent}} ("African")."""
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


def _candidate(values: Iterable, preferred: bool) -> Candidate:
    v = dict(zip(_COLUMNS, values))
    return Candidate(preferred=preferred, **{**v, "capital": bool(v["capital"])})
