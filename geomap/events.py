"""Stage 3: find events in each sentence and attach a date and a place to them.

Categories and their ACLED coding:
- protest: Protests / Peaceful protest (Protest with intervention when police act,
  Excessive force against protesters when protesters are killed);
- strike: Protests / Peaceful protest;
- police_intervention: Protests / Protest with intervention;
- arrest: Strategic developments / Arrests;
- death: Violence against civilians / Attack;
- statement: Political statement (not an ACLED event; kept apart on the map).

The patterns are in lower case and read the lower-cased sentence, which is twice as
fast as re.IGNORECASE.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from geomap.dates import FUTURE_CUES, DateMention, find_dates
from geomap.model import Article, Event, Place, Sentence
from geomap.textnorm import LIST_GAP, lowered, straighten

ATTACH_DATE_CHARS = 80
FEATURE_RANK = {"landmark": 0, "city": 1, "region": 2, "country": 3, "other": 4}

TRIGGERS: dict[str, dict[str, re.Pattern]] = {
    "fr": {
        "protest": re.compile(
            r"\b(manifest(?:é|ée|és|ées|er|ent|aient|ait|ation|ations)|rassembl(?:é|és|ée|ées|er|"
            r"ent|aient|ement|ements)|défil(?:é|és|er|ent|aient)|marche|marché(?:s)? (?:vers|jusqu)|"
            r"sit-in|protest(?:é|er|ent|ation|ations)|démonstration de force|veillée|"
            r"descendu(?:e|s|es)? dans la rue|cortège|mobilis(?:é|és|ation))\b"),
        "riot": re.compile(
            r"\b((?<!anti-)émeutes?|émeutiers?|affrontements?|heurts|barricades?|saccag\w*|pillag\w*|"
            r"caillass\w*|incendi(?:é|ée|és|ées) (?:des|plusieurs|un|une))\b"),
        "strike": re.compile(
            r"\b(grèves?|grévistes?|débray\w*|abattu des outils|cessé le travail|arrêts? de travail)\b"),
        "police_intervention": re.compile(
            r"\b(dispers(?:er|é|és|ée|ées|ent|aient|ion)|gaz lacrymogènes?|balles en caoutchouc|"
            r"balles réelles|grenades? (?:assourdissantes?|lacrymogènes?)|canons? à eau|matraqu\w*|"
            r"charg(?:é|ée|és) (?:les|la foule)|bloqu(?:é|ée|és|ait|aient) (?:l'|la |les |le )|"
            r"répression polici\w*|violences policières)\b"),
        "arrest": re.compile(
            r"\b(arrêt(?:é|és|ée|ées|er|ent|aient|ation|ations)|arrestations?|interpell\w*|"
            r"détenu(?:e|s|es)?|"
            r"en détention|emprisonn\w*|incarcér\w*|placé(?:e|s|es)? en garde à vue)\b"),
        "death": re.compile(
            r"\b((?:est|sont|était|étaient) (?:mort|morte|morts|mortes|décédée?s?)|décédée?s?|"
            r"tué(?:e|s|es)?|morts?|décès|abattu(?:e|s|es)? par)\b"),
        "statement": re.compile(
            r"\b(?:a|ont|avait) (?:déclaré|dénoncé|annoncé|affirmé|exhorté|averti|condamné|"
            r"critiqué|qualifié|exigé|exclu|appelé)\b"),
    },
    "en": {
        "protest": re.compile(
            r"\b(protest(?:s|ed|ers|ors|ing)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|"
            r"march(?:ed|es|ers|ing)?|sit-ins?|vigils?|took to the streets|gathered)\b"),
        "riot": re.compile(
            r"\b((?<!anti-)riots?(?! police| gear| squad| control)|rioters?|rioting|clash(?:es|ed)|"
            r"looting|looted|torched|"
            r"hurled (?:stones|rocks|bottles|petrol bombs)|barricades?)\b"),
        "strike": re.compile(
            r"\b(strikes?|striking|walk(?:ed)? ?out|walkouts?|downed tools)\b"),
        "police_intervention": re.compile(
            r"\b(dispers(?:e|ed|ing)|tear ?gas|rubber bullets|live (?:ammunition|rounds)|"
            r"water cannons?|stun grenades?|crackdown|riot police|baton(?:s|ed)?|"
            r"clash(?:ed|es)? with police|police (?:fired|charged|blocked))\b"),
        "arrest": re.compile(
            r"\b(arrest(?:s|ed|ing)?|detain(?:ed|ees?)?|detention|jailed|in custody|"
            r"taken into custody)\b"),
        "death": re.compile(
            r"\b(killed|died|dead|deaths?|shot dead|fatally)\b"),
        "statement": re.compile(
            r"\b(said|announced|condemned|called for|urged|warned|accused|denounced)\b"),
    },
}
AS_WRITTEN = {("en", "protest")}     # read with its case: "march" is a protest, "March" a month
NEEDS_SECURITY_FORCES = {"police_intervention"}
SECURITY_FORCES = {
    "fr": re.compile(r"\b(police|policiers?|forces de l'ordre|omon|gendarm\w*|anti-émeute|"
                     r"militaires?|soldats?|armée|forces de sécurité|répression)\b"),
    "en": re.compile(r"\b(police|officers?|troops|soldiers|security forces|riot|army|"
                     r"authorities|crackdown)\b"),
}
CODING = {
    "protest": ("Protests", "Peaceful protest"),
    "strike": ("Protests", "Peaceful protest"),
    "riot": ("Riots", "Violent demonstration"),
    "police_intervention": ("Protests", "Protest with intervention"),
    "arrest": ("Strategic developments", "Arrests"),
    "death": ("Violence against civilians", "Attack"),
    "statement": ("Political statement", None),
}
NUMBER_WORDS = {
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
           "sept": 7, "huit": 8, "neuf": 9, "dix": 10},
    "en": {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10},
}
FATALITIES = {
    "fr": re.compile(r"\b(\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+"
                     r"(?:\w+\s+){0,2}?(?:morts?|tués?|décès|(?:est|sont) (?:mort|morte|morts|"
                     r"décédée?s?))\b"),
    "en": re.compile(r"\b(\d+|one|a|two|three|four|five|six|seven|eight|nine|ten)\s+"
                     r"(?:\w+\s+){0,2}?(?:dead|deaths?|killed|died|was killed|were killed)\b"),
}
CROWD = {
    "fr": re.compile(r"\b((?:des|plusieurs|quelques)?\s*(?:dizaines de milliers|centaines de milliers|"
                     r"milliers|centaines|dizaines)|\d[\d\s.,]*\d|\d+)\s+(?:de\s+)?(?:personnes|"
                     r"manifestants|partisans|travailleurs|grévistes|protestataires)\b"),
    "en": re.compile(r"\b((?:tens of |hundreds of )?thousands|hundreds|dozens|\d[\d,.]*\d|\d+)"
                     r"\s+(?:of\s+)?(?:people|protesters|demonstrators|supporters|workers|"
                     r"marchers)\b"),
}


@dataclass
class _Context:
    """What the previous sentence left: its date and its place."""

    date: DateMention | None = None
    place: Place | None = None


class EventDetector:
    """Finds events sentence by sentence; stateless between articles."""

    def detect(self, article: Article, sentences: list[Sentence], places: list[Place]) -> list[Event]:
        lang = article.lang
        by_sentence: dict[int, list[Place]] = {}
        for p in places:
            by_sentence.setdefault(p.mention.sentence, []).append(p)
        fallback = _main_place(places)
        events: list[Event] = []
        context = _Context()
        for sentence in sentences:
            dates = find_dates(sentence.text, lang, article.published)
            here = [p for p in by_sentence.get(sentence.index, []) if _usable(p)]
            found = self._triggers(sentence.text, lang)
            place_for_next = None
            speakers = [p for p in by_sentence.get(sentence.index, [])
                        if p.mention.metonymic and p.lat is not None]
            for category, trigger in found:
                event_date = _attach_date(dates, trigger, context.date, article.published)
                # A statement is located where its speaker is: "Pékin a dénoncé" -> Beijing.
                candidates = speakers if category == "statement" and speakers else here
                place = _pick_place(candidates, sentence, trigger) or context.place or fallback
                listed = [place] if category == "statement" else _listed_with(place, here, article)
                events += [_event(article, sentence, category, trigger, event_date, each, lang)
                           for each in listed]
                place_for_next = place_for_next or place
            context = _Context(
                date=dates[-1] if dates else None,
                place=_pick_place(here, sentence, (0, 0)) or place_for_next,
            )
        return events

    def _triggers(self, text: str, lang: str) -> list[tuple[str, tuple[int, int]]]:
        """(category, trigger span) for each category found in the sentence, statements last."""
        low = lowered(text)
        found = []
        for category, pattern in TRIGGERS[lang].items():
            if category == "statement" and found:
                continue
            m = pattern.search(straighten(text) if (lang, category) in AS_WRITTEN else low)
            if not m:
                continue
            if category in NEEDS_SECURITY_FORCES and not SECURITY_FORCES[lang].search(low):
                continue
            found.append((category, m.span()))
        return found


def _usable(place: Place) -> bool:
    """Places that can locate an event: resolved, and not a government by metonymy."""
    return place.resolved and place.lat is not None and not place.mention.metonymic


def _main_place(places: list[Place]) -> Place | None:
    """The document's most-named town or landmark, else its most-named country."""
    for features in (("city", "landmark"), ("country", "region")):
        counts = Counter(p.gazetteer_id or p.name for p in places
                         if p.feature in features and _usable(p))
        if counts:
            top = counts.most_common(1)[0][0]
            return next(p for p in places if (p.gazetteer_id or p.name) == top)
    return None


def _listed_with(place: Place | None, here: list[Place], article: Article) -> list[Place | None]:
    """The place and the others of its kind listed with it: "à Bordeaux, Toulouse et
    Marseille" is an event in each town."""
    if place is None or place not in here:
        return [place]
    ordered = sorted(here, key=lambda p: p.mention.start)
    at = ordered.index(place)
    group = [place]
    for step in (-1, 1):
        k = at
        while 0 <= k + step < len(ordered):
            a, b = sorted((ordered[k], ordered[k + step]), key=lambda p: p.mention.start)
            if ordered[k + step].feature != place.feature or \
                    not LIST_GAP.fullmatch(article.text[a.mention.end:b.mention.start]):
                break
            k += step
            group.append(ordered[k])
    return sorted(group, key=lambda p: p.mention.start)


def _pick_place(here: list[Place], sentence: Sentence, trigger: tuple[int, int]) -> Place | None:
    """The most precise place in the sentence, the nearest to the trigger on ties."""
    if not here:
        return None
    centre = sentence.start + (trigger[0] + trigger[1]) // 2
    return min(here, key=lambda p: (FEATURE_RANK.get(p.feature, 4),
                                    abs(p.mention.start - centre)))


def _attach_date(dates: list[DateMention], trigger: tuple[int, int],
                 previous: DateMention | None, published: date | None) -> DateMention | None:
    """The date nearest the trigger; else the previous sentence's; else publication."""
    near = [d for d in dates
            if min(abs(d.start - trigger[1]), abs(trigger[0] - d.end)) <= ATTACH_DATE_CHARS]
    if near:
        return min(near, key=lambda d: min(abs(d.start - trigger[1]), abs(trigger[0] - d.end)))
    if previous is not None:
        return previous
    if published is not None:
        return DateMention(0, 0, published, 2)
    return None


def _event(article: Article, sentence: Sentence, category: str, trigger: tuple[int, int],
           when: DateMention | None, place: Place | None, lang: str) -> Event:
    event_type, sub_type = CODING[category]
    low = lowered(sentence.text)
    fatalities = _fatalities(low, lang) if category == "death" else None
    if category == "protest" and SECURITY_FORCES[lang].search(low):
        sub_type = "Protest with intervention"
    if category in ("protest", "police_intervention") and _fatalities(low, lang):
        sub_type = "Excessive force against protesters"
    crowd = CROWD[lang].search(low)
    planned = bool(when and article.published and when.value > article.published) or \
        bool(FUTURE_CUES[lang].search(low[max(0, trigger[0] - 60):trigger[1]]))
    return Event(
        category=category, event_type=event_type, sub_event_type=sub_type,
        date=when.value if when else None, time_precision=when.precision if when else 3,
        location=_display_name(place), lat=place.lat if place else None,
        lon=place.lon if place else None,
        geo_precision=place.geo_precision if place else None,
        country_code=(place.country_code or None) if place else None,
        feature=place.feature if place else None,
        sentence=sentence.text, start=sentence.start, end=sentence.end, article_id=article.id,
        trigger=sentence.text[trigger[0]:trigger[1]],
        place_start=place.mention.start if place else None,
        place_end=place.mention.end if place else None,
        fatalities=fatalities, crowd_size=sentence.text[crowd.start(1):crowd.end(1)].strip() if crowd else None,
        planned=planned,
    )


def _display_name(place: Place | None) -> str | None:
    """A town as the article wrote it ("Gomel", not GeoNames' "Homyel'"); others as named."""
    if place is None:
        return None
    text = place.mention.text
    if place.mention.kind == "toponym" and place.feature == "city" and not text.isupper():
        return text
    return place.name or text


def _fatalities(text: str, lang: str) -> int | None:
    m = FATALITIES[lang].search(text)
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else NUMBER_WORDS[lang].get(word)
