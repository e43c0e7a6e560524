"""Small text helpers shared by the gazetteer build and the pipeline."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "\u2019\u02bc\u2018\u00b4`"
LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:et|and|ou|or))\s*")    # between names listed together
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013]+")
# Romanian s and t with a comma below, which older data writes with a cedilla: GeoNames has
# "Floreşti" (Moldova) where the press writes "Florești".
_CEDILLAS = str.maketrans("şţ", "șț")


def straighten(text: str) -> str:
    """Replace typographic apostrophes by "'". The length stays the same."""
    for apostrophe in APOSTROPHES:      # str.replace is ten times faster than str.translate
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    return text


def lowered(text: str) -> str:
    """The text in lower case with straight apostrophes; offsets stay the same.

    Searching it with lower-case patterns is twice as fast as re.IGNORECASE.
    """
    low = text.lower()
    if len(low) != len(text):           # a few letters lengthen when lowered ("İ")
        low = "".join(ch.lower()[0] for ch in text)
    return straighten(low)


def name_key(name: str) -> str:
    """The lookup key of a place name: case-folded, straight apostrophes, hyphens as spaces,
    one Romanian "ș".

        >>> name_key("Floreşti") == name_key("FLOREȘTI") == "florești"
        True
    """
    name = unicodedata.normalize("NFC", straighten(name)).casefold().translate(_CEDILLAS)
    return _SEPARATORS.sub(" ", name).strip()


def is_latin(name: str) -> bool:
    """True when every letter of the name is in the Latin script."""
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def strip_accents(text: str) -> str:
    """The text without its diacritics: "Rājasthān" -> "Rajasthan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
