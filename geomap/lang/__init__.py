"""Language data: one TOML file per language (fr.toml, en.toml), read into a Lexicon.

Every file has the same keys, so that a third language is a new file and nothing
else. Word lists are regular-expression fragments matched on lower-cased text with
straight apostrophes (see textnorm.lowered), each group with the reason it exists:

    >>> lexicon("fr").cue("negation").search("ils n'ont pas manifesté") is not None
    True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
ROLES = ("event", "agent", "spread")


@cache
def available() -> tuple[str, ...]:
    """The languages that have a data file, read once: ("en", "fr")."""
    return tuple(sorted(path.stem for path in HERE.glob("*.toml")))


_ELISION = re.compile(r"'(?=[^\W\d_]|\\|\()")     # "d'ordre", "l'\\w+", "d'(?:..."


def words(fragments: list[str]) -> re.Pattern:
    """One pattern matching any of the fragments as whole words.

    >>> words(["grèves?", "débray\\\\w*"]).search("une grève").group(0)
    'grève'
    """
    if not fragments:
        return re.compile(r"(?!x)x")            # matches nothing
    # Parsed text joins words with spaces ("s' étaient"): an elided word may stand apart.
    alternation = "|".join(f"(?:{_ELISION.sub(chr(39) + ' ?', f)})" for f in fragments)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


@dataclass(frozen=True)
class TriggerGroup:
    """Words that name an event of one category.

    role says what the words name: "event" the event itself ("ont défilé", "grève"),
    "agent" its participants ("manifestants": an event only where the clause gives a
    place), "spread" a movement reaching a place ("a gagné Aktaou").
    switch_to names the category the words take when the cue switch_cue is in their
    clause ("bloqué", by the police, is an intervention, not a blockade).
    """

    name: str
    category: str
    role: str
    pattern: re.Pattern
    case_sensitive: bool
    needs: str = ""               # a cue that must be in the sentence
    keeps_origin: bool = False    # where it comes from is where it is ("partie de Janaozen")
    switch_cue: str = ""
    switch_to: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Lexicon:
    """The language data of one language, compiled."""

    lang: str
    data: dict
    triggers: tuple[TriggerGroup, ...]
    cues: dict[str, re.Pattern] = field(repr=False)

    def cue(self, name: str) -> re.Pattern:
        """The pattern of a cue group of [events.cues]: "negation", "planning"..."""
        return self.cues[name]

    def section(self, *path: str) -> dict:
        """A table of the data file: section("dates") -> {"weekdays": [...], ...}."""
        table = self.data
        for key in path:
            table = table[key]
        return table


@cache
def lexicon(lang: str) -> Lexicon:
    """The language data of lang, read once per process; ValueError if there is none."""
    path = HERE / f"{lang}.toml"
    if not path.exists():
        raise ValueError(f"no language data for {lang!r}: geomap reads {', '.join(available())}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    events = data["events"]
    triggers = tuple(_trigger(name, group) for name, group in events["triggers"].items())
    cues = {name: words(group["patterns"]) for name, group in events["cues"].items()}
    return Lexicon(lang=lang, data=data, triggers=triggers, cues=cues)


def _trigger(name: str, group: dict) -> TriggerGroup:
    role = group.get("role", "event")
    if role not in ROLES:
        raise ValueError(f"trigger group {name}: role {role!r} is not one of {ROLES}")
    case_sensitive = bool(group.get("case_sensitive", False))
    return TriggerGroup(
        name=name, category=group["category"], role=role,
        pattern=words(group["patterns"]), case_sensitive=case_sensitive,
        needs=group.get("needs", ""), keeps_origin=bool(group.get("keeps_origin", False)),
        switch_cue=group.get("switch_cue", ""),
        switch_to=group.get("switch_to", ""), reason=group["reason"])


def key_paths(table: dict, prefix: str = "") -> set[str]:
    """Every table path of a data file, to check that all languages have the same keys."""
    paths = set()
    for key, value in table.items():
        if isinstance(value, dict):
            path = f"{prefix}{key}"
            paths.add(path)
            paths |= key_paths(value, path + ".")
    return paths
