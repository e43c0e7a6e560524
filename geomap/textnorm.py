"""Small text helpers shared by the gazetteer build and the pipeline."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "\u2019\u02bc\u2018\u00b4`"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013]+")


def straighten(text: str) -> str:
    """Replace typographic apostrophes by "'". The length stays the same."""
    return text.translate(_APOSTROPHE_TABLE)


def name_key(name: str) -> str:
    """The lookup key of a place name: case-folded, straight apostrophes, hyphens as spaces."""
    name = unicodedata.normalize("NFC", straighten(name)).casefold()
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
