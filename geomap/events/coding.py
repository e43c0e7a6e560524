"""Coding: an ACLED event type and sub-type for each merged event.

The type of each category and the family its reports merge in are data ([coding] in the
language files, the same in every language). What ACLED's codebook says of protests is
applied here: a protest that the police disperse or arrest people at is a "Protest with
intervention"; one where the security forces kill is "Excessive force against
protesters"; one where demonstrators turn violent is a Riot ("Violent demonstration").

    >>> code({"protest", "arrest"}, "protest", lexicon("fr"))
    ('Protests', 'Protest with intervention', 'protest')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from geomap.lang import Lexicon, available, lexicon

PROTEST_FAMILIES = ("protest", "strike")
INTERVENTION = {"police_intervention", "arrest"}


@dataclass(frozen=True)
class Coding:
    """What a category is coded as, and how its reports merge."""

    category: str
    family: str
    anchor: bool                    # its reports make events; the others join them
    joins: tuple[str, ...]          # the families an event of it may join, best first
    event_type: str
    sub_event_type: str | None


@cache
def codings(lang: str) -> dict[str, Coding]:
    """Each category's coding, in the order the language file declares them."""
    table = lexicon(lang).section("coding")
    return {name: Coding(name, row["family"], row["anchor"], tuple(row.get("joins", ())),
                         row["event_type"], row["sub_event_type"] or None)
            for name, row in table.items() if isinstance(row, dict)}


def family(category: str) -> str:
    """The family an event's category belongs to: family("riot") == "protest". Reports of
    one family at one place and day are one event; a protest and a strike are two."""
    found = codings(available()[0]).get(category)
    return found.family if found else category


def code(categories: set[str], family: str, lex: Lexicon) -> tuple[str, str | None, str]:
    """(event type, sub-event type, category) for an event made of reports of these
    categories, in this family."""
    table = codings(lex.lang)
    if family not in PROTEST_FAMILIES:
        main = next((c for c in table.values() if c.family == family and c.category in categories),
                    next(c for c in table.values() if c.family == family))
        return main.event_type, main.sub_event_type, main.category
    category = "strike" if family == "strike" else "protest"
    if "riot" in categories:
        riot = table["riot"]
        return riot.event_type, riot.sub_event_type, "riot"
    if "death" in categories and "police_intervention" in categories:
        return "Protests", "Excessive force against protesters", category
    if categories & INTERVENTION or "death" in categories:
        return "Protests", "Protest with intervention", category
    return table[category].event_type, table[category].sub_event_type, category


def display_name(place_text: str, name: str, kind: str, feature: str) -> str:
    """A town as the article wrote it ("Gomel", not GeoNames' "Homyel'"); others as named."""
    if kind == "toponym" and feature == "city" and not place_text.isupper():
        return place_text
    return name or place_text
