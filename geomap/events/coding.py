"""Coding: an ACLED event type and sub-type for each merged event, its fatalities and crowd.

Following ACLED's codebook, a protest that the police disperse or arrest people at is a
"Protest with intervention"; one where the security forces kill is "Excessive force
against protesters"; one where demonstrators turn violent is a Riot ("Violent
demonstration"). Arrests alone are a Strategic development; deaths alone, Violence
against civilians. Political statements are kept apart. Fatalities and crowds are
counted once per event, however many sentences report them.

    >>> code({"protest", "arrest"}, "protest")
    ('Protests', 'Protest with intervention', 'protest')
"""

from __future__ import annotations

INTERVENTION = {"police_intervention", "arrest"}
# The family of an event's category: reports of one family at one place and day are one
# event; a protest and a strike there are two.
FAMILIES = {"protest": "protest", "riot": "protest", "police_intervention": "protest",
            "strike": "strike", "arrest": "arrest", "death": "death", "abduction": "abduction",
            "statement": "statement"}


def family(category: str) -> str:
    """The family an event's category belongs to: family("riot") == "protest"."""
    return FAMILIES.get(category, category)


def code(categories: set[str], family: str) -> tuple[str, str | None, str]:
    """(event type, sub-event type, category) for an event made of reports of these
    categories, in this family (protest, strike, arrest, death or statement)."""
    if family == "statement":
        return "Political statement", None, "statement"
    if family == "arrest":
        return "Strategic developments", "Arrests", "arrest"
    if family == "death":
        return "Violence against civilians", "Attack", "death"
    if family == "abduction":
        return "Violence against civilians", "Abduction/forced disappearance", "abduction"
    category = "strike" if family == "strike" else "protest"
    if "riot" in categories:
        return "Riots", "Violent demonstration", "riot"
    if "death" in categories and "police_intervention" in categories:
        return "Protests", "Excessive force against protesters", category
    if categories & INTERVENTION or "death" in categories:
        return "Protests", "Protest with intervention", category
    return "Protests", "Peaceful protest", category


def display_name(place_text: str, name: str, kind: str, feature: str) -> str:
    """A town as the article wrote it ("Gomel", not GeoNames' "Homyel'"); others as named."""
    if kind == "toponym" and feature == "city" and not place_text.isupper():
        return place_text
    return name or place_text


