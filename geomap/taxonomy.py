"""The event types geomap shows: ACLED's types and sub-event types, geomap's categories, and
the colour of each type on the map.

    canonical("protests", known_terms())  -> "Protests"

ACLED's codebook (2023) names six event types and their sub-event types; geomap adds
"Political statement" for what governments say, and codes each event in a category
(protest, strike...) that filters may name too.
"""

from __future__ import annotations

from collections.abc import Iterable

ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Political statement": (),
}
# geomap's categories (events.coding) and those given to imported events (importer).
CATEGORIES = ("protest", "strike", "riot", "arrest", "death", "statement", "battle",
              "violence", "explosion", "development")
# One colour per event type on the map, its legend and its cluster rings.
COLOURS = {
    "Protests": "#1f77b4",
    "Riots": "#ff7f0e",
    "Violence against civilians": "#d62728",
    "Strategic developments": "#9467bd",
    "Battles": "#8c564b",
    "Explosions/Remote violence": "#e377c2",
    "Political statement": "#7f7f7f",
}
OTHER_COLOUR = "#17becf"


def known_terms(*stored: Iterable[str]) -> dict[str, str]:
    """Every type, sub-event type and category a filter may name, by its case-folded
    spelling: the taxonomy's and those stored (imports may bring others)."""
    terms = [*ACLED_TYPES, *(s for subs in ACLED_TYPES.values() for s in subs), *CATEGORIES]
    for values in stored:
        terms += [v for v in values if v]
    return {t.casefold(): t for t in terms}
