"""Sources that name a country by its people or its capital: demonyms ("biélorusse" -> BY,
"African"), peoples named in two words ("Latin American"), and "la capitale" / "the
capital", with a country when a demonym follows ("la capitale biélorusse")."""

from __future__ import annotations

from geomap.gazetteer import Gazetteer
from geomap.mentions.claims import Claim, View
from geomap.mentions.words import key
from geomap.textnorm import name_key


class TwoWordPeoples:
    """Peoples named in two words ("Latin American", "Middle Eastern"), found before their
    second word is read as a place."""

    name = "two_word_peoples"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        peoples = self.gazetteer.continent_demonyms.get(view.lang, {})
        first_words = {name.split()[0] for name in peoples if " " in name}
        texts, lower = view.tokens.text, view.tokens.lower
        found = []
        for i in range(len(texts) - 1):
            if lower[i] not in first_words or i in taken or i + 1 in taken:
                continue
            pair = key(f"{texts[i]} {texts[i + 1]}")
            if pair in peoples and (view.lang == "fr" or texts[i][:1].isupper()):
                found.append(Claim(i, i + 2, "demonym", [peoples[pair]]))
        return found


class Demonyms:
    """A country's or a continent's people, or its adjective: "biélorusses", "Russians",
    "African". English ones are capitalised."""

    name = "demonyms"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        table = self.gazetteer.demonyms.get(view.lang, {})
        continents = self.gazetteer.continent_demonyms.get(view.lang, {})
        found = []
        for i, text in enumerate(view.tokens.text):
            if i in taken or view.lang == "en" and not text[:1].isupper():
                continue
            word = key(text)
            if word in table:
                found.append(Claim(i, i + 1, "demonym", [], table[word]))
            elif word in continents:                 # "African", "européens"
                found.append(Claim(i, i + 1, "demonym", [continents[word]]))
        return found


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
