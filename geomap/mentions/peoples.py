"""Sources that name a country by its people or its capital: demonyms ("biélorusse" -> BY,
"African"), peoples named in several words ("Latin American", "Sri Lankan"), and "la
capitale" / "the capital", with a country when a demonym follows ("la capitale
biélorusse")."""

from __future__ import annotations

from geomap.gazetteer import Gazetteer
from geomap.mentions.claims import Claim, View
from geomap.mentions.words import key
from geomap.textnorm import name_key


class MultiwordPeoples:
    """Peoples named in several words ("Latin American", "Sri Lankan", "South Ossetians",
    "Papua New Guinean"), found before one of their words is read as a place or as
    another people ("South African" is not "African")."""

    name = "multiword_peoples"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        countries = self.gazetteer.demonyms.get(view.lang, {})
        places = self.gazetteer.region_demonyms.get(view.lang, {})
        names = [name.split() for name in (*countries, *places) if " " in name]
        lengths = {len(words) for words in names}
        first_words = {words[0] for words in names}
        texts, lower = view.tokens.text, view.tokens.lower
        found: list[Claim] = []
        for i in range(len(texts)):
            if lower[i] not in first_words or i in taken or found and found[-1].end > i or \
                    view.lang == "en" and not texts[i][:1].isupper():
                continue
            for n in sorted(lengths, reverse=True):
                if i + n > len(texts) or any(k in taken or not key(texts[k])
                                             for k in range(i, i + n)):
                    continue                    # "Egyptian-US": one word and a hyphen
                name = key(view.tokens.span_text(i, i + n))
                if name in places:
                    found.append(Claim(i, i + n, "demonym", [places[name]]))
                elif name in countries:
                    found.append(Claim(i, i + n, "demonym", [], countries[name]))
                else:
                    continue
                break
        return found


class Demonyms:
    """A country's or a continent's people, or its adjective: "biélorusses", "Russians",
    "African". English ones are capitalised."""

    name = "demonyms"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        table = self.gazetteer.demonyms.get(view.lang, {})
        continents = self.gazetteer.region_demonyms.get(view.lang, {})
        found = []
        for i, text in enumerate(view.tokens.text):
            if i in taken or view.lang == "en" and not text[:1].isupper():
                continue
            word = key(text)
            if word not in table and word not in continents \
                    or _a_persons_name(view, i) or _a_language(view, i):
                continue
            if word in table:
                found.append(Claim(i, i + 1, "demonym", [], table[word]))
            elif word in continents:                 # "African", "européens"
                found.append(Claim(i, i + 1, "demonym", [continents[word]]))
        return found


def _a_persons_name(view: View, i: int) -> bool:
    """True for a family name that a people's word spells: "Monica French", and later
    "French said" (not "the French said")."""
    tokens = view.tokens
    if key(tokens.text[i]) in view.people:
        return True
    return i + 1 < len(tokens.text) and tokens.lower[i + 1] in view.words.speech_verbs \
        and (i == 0 or tokens.lower[i - 1] not in view.words.determiners)


def _a_language(view: View, i: int) -> bool:
    """True for a people's word that names a language: "taught English", "English classes",
    "shouted in Turkish,", "parle russe", "en anglais."."""
    tokens, lexicon = view.tokens, view.words
    before = " ".join(tokens.lower[max(0, i - 2):i])
    if any(before == cue or before.endswith(" " + cue) for cue in lexicon.language_before):
        return True
    after = tokens.lower[i + 1] if i + 1 < len(tokens.lower) else ""
    return after in lexicon.language_after or i > 0 \
        and tokens.lower[i - 1] in lexicon.language_stop_before \
        and (not after or not any(ch.isalnum() for ch in after))


class Capitals:
    """"la capitale" / "the capital", with a country when a demonym follows."""

    name = "capitals"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, lexicon = view.doc, view.words
        demonyms = self.gazetteer.demonyms.get(view.lang, {})
        found = []
        for i, lower in enumerate(view.tokens.lower):
            if lower not in lexicon.capital_words or i == 0 or i in taken:
                continue
            if view.tokens.lower[i - 1] not in lexicon.capital_determiners:
                continue
            hint = demonyms.get(name_key(doc[i + 1].text), "") if i + 1 < len(doc) else ""
            found.append(Claim(i, i + 1, "capital", [], hint))
        return found
