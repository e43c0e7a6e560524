"""Sources of place names: runs of capitalised words that the gazetteer knows, gated by
case, context, word frequency, people's names and the entity model's labels; and the
entity model's place names that the gazetteer lacks under that spelling.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS
from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from geomap.gazetteer import Candidate, Gazetteer
from geomap.geodesy import km
from geomap.language import TokenFacts, capitalised
from geomap.mentions.claims import Claim, View, covered
from geomap.mentions.persons import first_name
from geomap.mentions.words import (Words, big_enough_for_parts, capitalised_runs,
                                   is_capitalised, key, longer_run_follows, strong,
                                   very_strong, with_plain_spellings, words)
from geomap.lang import lexicon
from geomap.textnorm import lowered, name_key, strip_accents


SPREAD_CHARS = 40      # how far before a name the words of a movement reaching it are read
BYLINE_WORDS = 4       # the most words of a byline's name and title: "CHAD KLIMACK Advocate
                       # Reporter"


# A small town listed after a place is read when one of its namesakes lies this close to one
# of that place's: the towns of a list are neighbours.
LISTED_TOWN_KM = 150.0


class GazetteerNames:
    """Runs of capitalised words that the gazetteer knows, longest first. French names may
    go on in lower case ("Arabie saoudite") or start with a lower-case head ("mer Rouge"),
    and the entity model's place names are looked up whole ("République démocratique du
    Congo"). A name that is a person's ("Bolton said", "Jordan Henderson") or part of a
    longer one ("New York Times") is none."""

    name = "gazetteer_names"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, lang, tokens, lexicon = view.doc, view.lang, view.tokens, view.words
        places = lexicon.entity_place_labels
        runs = list(capitalised_runs(doc, lang, taken))
        if lang == "fr":
            runs += _french_runs(tokens, runs, taken)
        runs += [(e.start, e.end) for e in view.entities if e.label_ in places
                 and (e.start, e.end) not in runs and not any(k in taken for k in range(e.start, e.end))]
        runs += _with_abbreviation_point(tokens, runs, taken)
        runs += _across_possessive(tokens, runs)
        keys = {run: key(tokens.span_text(*run)) for run in runs}
        articled = _with_swallowed_article(tokens, keys, lexicon)
        untitled = _without_town_title(keys, lexicon)
        found = with_plain_spellings(self.gazetteer,
                                     {*keys.values(), *articled.values(), *untitled.values()})
        peoples = self.gazetteer.demonyms.get(lang, {})
        accepted_claims: list[Claim] = []
        vetoed: list[Claim] = []        # by the entity model's label only: kept if named elsewhere
        unplaced: list[Claim] = []      # opening a sentence: kept if named after as a place
        persons: list[Claim] = []       # and people's names there: kept if a dateline's town
        unlisted: list[Claim] = []      # small towns: kept if listed before a town near them
        #                                 ("from Comfort, Kerrville and..."); a common word
        #                                 only with no capitalised word before it (no
        #                                 "Centre" in "the Convention Centre, Wichita")
        used: set[int] = set()
        longer = {k: ent for k, ent in _longer_place_entities(view.entities, places).items()
                  if not _two_lands_joined(tokens, ent, keys, found, lexicon)}
        used |= _byline(tokens, view.starts, lexicon)
        headline = _headline_end(tokens.doc_text)
        for a, b in sorted(runs, key=lambda r: (r[0], -(r[1] - r[0]))):
            if any(k in used for k in range(a, b)) or _part_of_longer_name(tokens, longer, a, b) \
                    or tokens.lower[a] in lexicon.calendar and b - a == 1 \
                    and not tokens.text[a].isupper() \
                    or keys[a, b] in lexicon.weather_names \
                    or _a_town_and_its_body(tokens, keys, found, a, b, lexicon):
                continue            # "GEORGETOWN, March 6": no March; "El Niño": no town
            name = keys[a, b]
            read = [*found.get(articled.get((a, b), ""), ())]   # "du Havre": Le Havre,
            read += [c for c in found.get(name, ())                   # under its own name
                     if all(c.id != r.id for r in read)]
            read += [c for c in found.get(untitled.get((a, b), ""), ())   # "City of X": X
                     if c.feature == "city" and all(c.id != r.id for r in read)]
            read = read or _whole_of_a_part(tokens, keys, found, a, b, lexicon)
            candidates = [c for c in read if c.feature != "landmark" and (
                tokens.cap[b - 1] or c.feature != "other"       # "Union européenne": no place
                or tokens.lower[b - 1] in peoples)              # "Extrême-Orient russe"
                and not _named_in_another_language(c, read, lang)]  # "Chili cook-off"
            # a feature's head before a name: not before one that goes on in lower case with
            # no reading ("la rivière Rouyonne provoqué par": the river ends at its name)
            head = _feature_head(tokens, a, lexicon)
            if head is not None and head not in used \
                    and tokens.text[b - 1] != "." and (tokens.cap[b - 1] or read):
                candidates = [c for c in candidates if c.feature == "other" or c.feature in (
                    "country", "region") and tokens.lower[head] in lexicon.island_heads]
                if not candidates:          # "la rivière Saint-Jean", "le lac des Nations":
                    accepted_claims.append(Claim(head, b, "toponym"))   # a feature the
                    used.update(range(head, b))                 # gazetteer lacks, no town
                    continue
            if not candidates:
                if b - a > 1 and tokens.lower[b - 1] in lexicon.settlement_words \
                        and all(tokens.cap[a:b]) and not (b < len(doc) and tokens.cap[b]):
                    if self._a_settlement(doc, tokens, a, b, found, accepted_claims, lexicon):
                        accepted_claims.append(Claim(a, b, "toponym"))  # "Trench Town"
                    used.update(range(a, b))        # not Trench, nor Chippenham
                elif self._unknown_dispatch_town(view, keys, found, a, b):
                    accepted_claims.append(Claim(a, b, "toponym"))  # "BEBNINE, 5 mars (AFP) -"
                    used.update(range(a, b))
                continue
            candidates += [c for c in found.get(name, ()) if c.kind == "district"]  # "Jordan", Hong Kong
            if lexicon.respellings and not any(c.preferred or strong(c) for c in candidates):
                candidates += respelled(self.gazetteer, tokens.span_text(a, b), lexicon)  # "Orcha"
            country = any(c.feature == "country" and c.preferred for c in candidates)
            if doc[a].idx < headline and _speaks(doc, a, b, lexicon) \
                    and not any(very_strong(c) for c in candidates) and name not in view.people:
                persons.append(Claim(a, b, "toponym", candidates))  # "Kenmare asked to save
                used.update(range(a, b))            # water", over "KENMARE, Co Kerry -": the town
                continue
            if name in view.people and not country \
                    and not _placed_despite_a_namesake(tokens, a, b, lexicon) \
                    or _a_persons_given_name(
                    view, a, b, name, candidates) or _speaks(doc, a, b, lexicon) and not any(
                    very_strong(c) for c in candidates) or first_name(doc, a, b, self.gazetteer) \
                    or self._saints_house(tokens, a, b, lexicon) or self._family_name(view, a, b):
                used.update(range(a, b))            # "Bolton said": the man
                continue
            if _a_title(tokens, a, b, lexicon):
                used.update(range(a, b))            # "Sens. Robert C. Byrd": senators
                continue
            if b < len(doc) and tokens.cap[b] and tokens.lower[b] in lexicon.longer_name_words:
                used.update(range(a, b))            # "The Merritt Herald said", "the Naples
                continue                            # Daily News", "Darlington FC's ground"
            if _in_a_clubs_name(tokens, a, b, lexicon):
                used.update(range(a, b))            # "l'AS Cannes", "Boston United"
                continue
            if _after_party_letter(tokens, a, lexicon):     # "Nancy Pelosi, D-Calif.",
                candidates = [c for c in candidates if c.kind == "admin1"] \
                    or candidates                               # "Rep. Ann Lee, D-Chicopee"
            accepted = bool(candidates) and _after_party_letter(tokens, a, lexicon) \
                or _accept(view, a, b, candidates) or _listed_after(
                tokens, a, accepted_claims, lexicon) and (
                    any(strong(c) for c in candidates)
                    or _near_the_last(candidates, accepted_claims)) \
                or name in _names_of(accepted_claims, keys)
            if accepted:                    # a lawmaker's state is no place of the story
                accepted_claims.append(Claim(a, b, "toponym", candidates,
                                             seat=_after_party_letter(tokens, a, lexicon)))
            elif set(view.ner[a:b]) & lexicon.entity_other_labels:
                vetoed.append(Claim(a, b, "toponym", candidates))
            elif (a in view.starts or doc[a].idx < headline) \
                    and not _speaks(doc, a, b + 1, lexicon):
                (persons if any(name in people for people in
                                self.gazetteer.person_names.values())
                 else unplaced).append(Claim(a, b, "toponym", candidates))
                #                             not "Martha said", nor "Manila Water said"
            elif candidates and (zipf_frequency(name, lang) < lexicon.common_word_zipf
                                 or a > 0 and not tokens.cap[a - 1]):
                unlisted.append(Claim(a, b, "toponym", candidates))
            if accepted or b - a > 1 and (a, b) not in untitled:
                used.update(range(a, b))    # "New York Times": not "York" either
        named = _names_of(accepted_claims, keys)
        for claim in vetoed:        # in text order: "de Saqqez, ainsi que de Sanandaj et de Mahabad"
            if keys[claim.start, claim.end] in named \
                    or _placed_by_context(tokens, claim.start, claim.end, accepted_claims, lexicon):
                accepted_claims.append(claim)
        for claim in reversed(vetoed):      # then back: "de Samtredia, de Vani et de Baghdati"
            if claim not in accepted_claims \
                    and _listed_before_a_place(tokens, claim, accepted_claims, lexicon):
                accepted_claims.append(claim)
        listed: list[Claim] = []
        for claim in reversed(unlisted):    # "past Conway Springs and Wichita"
            if _listed_before_a_town_near_it(tokens, claim, accepted_claims, lexicon):
                accepted_claims.append(claim)
                listed.append(claim)
        named_in_lists = _names_of(listed, keys)        # and their other mentions
        accepted_claims += [claim for claim in unlisted if claim not in listed
                            and keys[claim.start, claim.end] in named_in_lists]
        held = set(covered(accepted_claims))
        datelines = {keys[c.start, c.end] for c in accepted_claims
                     if c.start in view.starts and tokens.text[c.start].isupper()}
        # one name, one reading: "Merritt evacuees told return could take weeks", then
        # "MERRITT, B.C. —"; a person's name ("Carman braces for...") only after a dateline
        waiting = [(c, named) for c in unplaced] + [(c, datelines) for c in persons]
        for claim, names in sorted(waiting, key=lambda cn: cn[0].start):
            span = range(claim.start, claim.end)
            if keys[claim.start, claim.end] in names and held.isdisjoint(span):
                accepted_claims.append(claim)
                held.update(span)
        return sorted(accepted_claims, key=lambda c: c.start)


    def _a_settlement(self, doc: Doc, tokens: TokenFacts, a: int, b: int,
                      found: dict[str, list[Candidate]], claims: list[Claim],
                      lexicon: Words) -> bool:
        """True for a name the gazetteer lacks that ends with a word for a settlement:
        "Trench Town", "Jackson Township"; not a big town's football club ("Chippenham
        Town") nor a man ("said Brian Town"), unless a place's preposition or list says so."""
        placed = a > 0 and tokens.lower[a - 1] in lexicon.lone_name_prepositions \
            or _listed_after(tokens, a, claims, lexicon)
        if first_name(doc, b - 2, b - 1, self.gazetteer) and not placed:
            return False
        town = found.get(key(tokens.span_text(a, b - 1)), ())
        return tokens.lower[b - 1] in lexicon.municipality_words \
            or not any(c.feature == "city" and strong(c) for c in town)

    def _family_name(self, view: View, a: int, b: int) -> bool:
        """True for a name the entity model reads as the last words of a person's name that
        opens with a given name: "Martine Vire, commerçante" is no Vire, even where the
        article names the town; a common word opening a sentence is no given name ("Venus de
        Bastogne, ...")."""
        lexicon = view.words
        return any(ent.label_ in lexicon.entity_person_labels
                   and ent.start < a and b <= ent.end
                   and name_key(ent[0].text) in self.gazetteer.person_names["given"]
                   and not (ent.start in view.starts and zipf_frequency(
                       ent[0].lower_, view.lang) >= lexicon.sentence_start_word_zipf)
                   for ent in view.entities)

    def _unknown_dispatch_town(self, view: View, keys: dict[tuple[int, int], str],
                               found: dict[str, list[Candidate]], a: int, b: int) -> bool:
        """True for a dispatch's town the gazetteer lacks ("BEBNINE, 5 mars (AFP) -"); not a
        known town behind its article ("LE CHÂBLE -" is Châble), nor a person's name."""
        tokens = view.tokens
        known_behind_article = tokens.lower[a] in view.words.determiners \
            and bool(found.get(keys.get((a + 1, b), "")))
        return _opens_a_dispatch(tokens, a, b) and not known_behind_article \
            and name_key(tokens.text[a]) not in self.gazetteer.person_names["given"]

    def _saints_house(self, tokens: TokenFacts, a: int, b: int, lexicon: Words) -> bool:
        """True for a saint's church, school or hospital: "St. Michael's", "St. John's Health
        System", "the church of St. Peter and St. Paul" (not "St. Petersburg's airport":
        Petersburg is no given name)."""
        if tokens.lower[a].rstrip(".") not in lexicon.name_abbreviations | {"saint"} \
                or key(tokens.text[b - 1]) not in self.gazetteer.person_names["given"]:
            return False
        return b < len(tokens.text) and tokens.lower[b] in ("'s", "’s") \
            or not lexicon.church_words.isdisjoint(tokens.lower[max(a - 6, 0):a])


class EntityNames:
    """Place entities the gazetteer does not know under this spelling ("Lougansk",
    "Nassiriya"): read under another transliteration, else left to the fallback geocoder."""

    name = "entity_names"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        lang, lexicon = view.lang, view.words
        found = []
        people = _named_people(view.entities, lexicon)
        for ent in view.entities:
            if any(k in taken for k in range(ent.start, ent.end)) or \
                    ent.label_ not in lexicon.entity_place_labels \
                    and not _reached_unknown_person(view, ent, people, self.gazetteer) \
                    or len(ent) == 1 and key(ent.text) in people:
                continue                        # "à Ouattara" after "Alassane Ouattara"
            if len(ent) == 1 and ent.start in view.starts and \
                    zipf_frequency(ent.text.lower(), lang) >= lexicon.sentence_start_word_zipf:
                continue
            if len(ent) > 1 and ent[0].lower_ in lexicon.club_prefixes:
                continue                        # "l'Olympique de Khouribga", a club
            while len(ent) > 1 and ent[-1].lower_ in lexicon.calendar:
                ent = ent[:-1]                  # "Pétion-Ville dimanche": the day is no name
            if 0 < ent.start and ent.end < len(view.doc) and view.doc[ent.start - 1].text == "(" \
                    and view.doc[ent.end].text == ")":
                continue                        # "la Mission des Nations unies (Monusco)"
            if _plausible_unknown_name(ent, lang, self.gazetteer):
                found.append(Claim(ent.start, ent.end, "toponym",
                                   respelled(self.gazetteer, ent.text, lexicon)
                                   or _town_of_a_part(self.gazetteer, ent.text, lexicon)))
        return found


def _named_people(entities: tuple[Span, ...], lexicon: Words) -> set[str]:
    """The words of the people the entity model finds in several words ("Alassane
    Ouattara"): later, "à Ouattara" is the man, whatever the model calls him there."""
    return {key(token.text) for ent in entities if len(ent) > 1
            and ent.label_ in lexicon.entity_person_labels for token in ent}


def _reached_unknown_person(view: View, ent: Span, people: set[str],
                            gazetteer: Gazetteer) -> bool:
    """True for a name the entity model calls a person that names no person of the article,
    right after a town preposition or a word for a quarter's people, or after a word for a
    place and "de" ("les quartiers populaires d'El Pozón"):
    - in one word, no known given or family name: "des tirs ont été entendus à Solino", "des
      habitants de Martissant"; not "il a dit à Poutine" after "Vladimir Poutine", nor "il
      a succédé à Tinubu" (a word before that takes a person);
    - in several, none of another person's words, no given name or title first, no word
      before that takes a person, and a last word the article never writes alone: "à Dely
      Ibrahim et à Ouled Fayet", not "à M. Maduro" nor "a répondu à Jean-Luc Mélenchon".
      Right after "à", the model's people are places 72 times in 77 in the French corpora."""
    names, lexicon = gazetteer.person_names, view.words
    if ent.label_ not in lexicon.entity_person_labels:
        return False
    named_a_place = _after_a_place_noun(view.tokens, ent.start, lexicon) \
        and ent[0].text.rstrip(".").casefold() not in lexicon.titles and not any(
            other.start != ent.start and len(other) > 1 and other.label_ == ent.label_
            and ent[-1].lower_ in {t.lower_ for t in other} for other in view.entities)
    #                                     "ville natale de M. Oli" after "K.P. Sharma Oli"
    reached = ent.start > 0 and bool(
        view.tokens.lower[ent.start - 1] in lexicon.town_prepositions
        or _after_its_people(view.tokens, ent.start, lexicon))
    persons_word = not lexicon.person_dative_words.isdisjoint(
        view.tokens.lower[max(0, ent.start - 4):ent.start - 1])    # "a répondu à", "hommage à"
    if len(ent) == 1:
        word = key(ent.text)
        return (reached and not persons_word or named_a_place) and word not in people \
            and word not in names["given"] and word not in names["family"]
    return reached and not persons_word \
        and strip_accents(key(ent[0].text)) not in names["given"] \
        and ent[0].text.rstrip(".").casefold() not in lexicon.titles \
        and _named_elsewhere_as_people(view, ent).isdisjoint(key(t.text) for t in ent) \
        and not _last_word_alone(view, ent) or named_a_place


def _last_word_alone(view: View, ent: Span) -> bool:
    """True when the article also writes a name's last word alone, as it does a person's
    family name ("Abdelaziz Bouteflika", then "Bouteflika n'a pas répondu")."""
    tokens = view.tokens
    last, previous = tokens.text[ent.end - 1], tokens.text[ent.end - 2]
    return any(text == last and not ent.start <= k < ent.end
               and (k == 0 or tokens.text[k - 1] != previous)
               for k, text in enumerate(tokens.text))


def _named_elsewhere_as_people(view: View, ent: Span) -> set[str]:
    """The words of the other names the entity model calls people, where no town
    preposition calls them places: "L'opposant Alexeï Navalny" makes "à Alexeï Navalny" him."""
    lexicon = view.words
    return {key(token.text) for other in view.entities
            if other.label_ in lexicon.entity_person_labels and other.start != ent.start
            and (other.start == 0
                 or view.tokens.lower[other.start - 1] not in lexicon.town_prepositions)
            for token in other}


def _town_of_a_part(gazetteer: Gazetteer, name: str, lexicon: Words) -> list[Candidate]:
    """The town a part named by a compass point belongs to: "Lille-Sud" is in Lille."""
    town, _, part = name.rpartition("-")
    if not town or part.casefold() not in lexicon.direction_words:
        return []
    return [replace(c, fuzzy=True) for c in gazetteer.candidates(town) if c.feature == "city"]


def respelled(gazetteer: Gazetteer, name: str, lexicon: Words) -> list[Candidate]:
    """Places whose name is this one in another transliteration (French "ou" for "u",
    "ss" for "s", "tch" for "ch"... as the language file lists them), a final "h" left
    out, "-ie" for "-ia", its words written together ("Pétion-Ville") or apart ("Al-Nuhud")."""
    written = key(name)
    variants = {written, written.replace(" ", ""), written.replace("-", " ")}   # "El-Facher"
    for old, new in lexicon.respellings:
        variants |= {v.replace(old, new) for v in variants}
    variants |= {v + "h" for v in variants if v.endswith("a")}
    variants |= {v[:-2] + "ia" for v in variants if v.endswith("ie")}     # "Abkhazie"
    found = gazetteer.lookup(variants - {written})
    return [replace(c, fuzzy=True) for v in sorted(found) for c in found[v]
            if c.feature != "landmark"]


class LocatedNames:
    """Names the gazetteer lacks, after a locative and followed in brackets by the places
    that hold them, as ACLED-style notes write a location: "in Kasindi (Beni, Nord-Kivu)".
    The name is a toponym without candidates; the resolver places it at the first place in
    the brackets."""

    name = "located_names"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, tokens = view.doc, view.tokens
        found: list[Claim] = []
        for a, b in capitalised_runs(doc, view.lang, taken):
            if b >= len(doc) or tokens.text[b] != "(" or a == 0 \
                    or tokens.lower[a - 1] not in view.words.locatives \
                    or first_name(doc, a, b, self.gazetteer) or (found and found[-1].end > a):
                continue                        # "in Kasindi (...)", not "John Smith (Texas)"
            close = next((k for k in range(b + 1, min(b + view.words.max_name_words * 3,
                                                       len(doc))) if tokens.text[k] == ")"), None)
            inside = tokens.doc_text[tokens.idx[b] + 1:tokens.idx[close]] if close else ""
            parts = [part.strip() for part in inside.split(",")]
            if not inside or not all(part[:1].isupper() and not part.isupper() for part in parts):
                continue                        # "Virginia Rail Express (VRE)": an acronym
            known = with_plain_spellings(self.gazetteer, {key(part) for part in parts})
            if len(known) == len({key(part) for part in parts}) and any(
                    c.feature in ("city", "region") for k in known for c in known[k]):
                found.append(Claim(a, b, "toponym"))
        return found


class FeatureNames:
    """Rivers, lakes and valleys the gazetteer lacks, named with their word: "the Gallinas
    River", "Peterson Reservoir", "the River Faughan". Read whole before their first word
    can be a town ("Coldwater River" is no Coldwater, "Boston Bay" in Jamaica no Boston),
    and placed like a site at their story's town until the geocoder finds them; names the
    gazetteer knows whole are left to its source, and a longer name is no feature ("Mount
    Pleasant Police Department"). A common word names no feature ("Big Lake") unless it is
    a big place's name or "the" opens the name ("on the James River", "the White
    Mountains")."""

    name = "feature_names"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, tokens, lexicon = view.doc, view.tokens, view.words
        spans: list[tuple[int, int]] = []
        commonly_named: dict[tuple[int, int], list[str]] = {}
        for a, b in capitalised_runs(doc, view.lang, taken):
            words_ = [word for word in tokens.word[a:b] if word]
            named = [word for word in words_ if word not in lexicon.natural_feature_words
                     and word not in lexicon.natural_feature_heads]
            if b - a < 2 or b - a > 3 or longer_run_follows(doc, b) \
                    or tokens.lower[a] in lexicon.determiners | lexicon.locatives \
                    or lexicon.list_words & set(words_) or not (
                        tokens.lower[b - 1] in lexicon.natural_feature_words
                        or tokens.lower[a] in lexicon.natural_feature_heads) \
                    or not named:
                continue
            spans.append((a, b))
            common = [word for word in named
                      if zipf_frequency(word, view.lang) >= lexicon.common_word_zipf]
            if len(common) == len(named) and not (
                    tokens.lower[a] in lexicon.natural_feature_heads and all(
                        key(word) in self.gazetteer.person_names["given"] for word in named)) \
                    and not (a > 0 and tokens.lower[a - 1] in lexicon.feature_determiners
                             and tokens.lower[b - 1] in lexicon.natural_feature_words):
                commonly_named[(a, b)] = common     # "Big Lake", "Green River"; "Boston Bay";
                #                                     not "Lake James", named after a man
        big = self.gazetteer.lookup({key(word) for words_ in commonly_named.values()
                                     for word in words_}) if commonly_named else {}
        spans = [span for span in spans if span not in commonly_named or any(
            strong(c) for word in commonly_named[span] for c in big.get(key(word), []))]
        known = self.gazetteer.lookup({key(tokens.span_text(a, b)) for a, b in spans})
        found: list[Claim] = []
        for a, b in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
            if (not found or found[-1].end <= a) and not known.get(key(tokens.span_text(a, b))):
                found.append(Claim(a, b, "facility"))
        return found


class CountyLists:
    """One-word names listed before a plural of "county", each the county of its name,
    which the gazetteer knows under its full name only: "Dakota, Otoe and Washington
    counties" (Otoe County), "Hitchcock and Hayes counties"."""

    name = "county_lists"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        tokens, lexicon = view.tokens, view.words
        nouns = lexicon.county_plurals
        found: list[Claim] = []
        for end, lower in enumerate(tokens.lower):
            if lower not in nouns:
                continue
            for _, b in _names_listed_before(tokens, end, taken, lexicon):
                name = tokens.text[b - 1]       # "Small Hitchcock and Hayes counties"
                counties = [c for c in self.gazetteer.candidates(f"{name} {nouns[lower]}")
                            if c.kind == "admin2"] if name.isalpha() else []
                if counties:
                    found.append(Claim(b - 1, b, "toponym", counties))
        return sorted(found, key=lambda c: c.start)


class QuarterNames:
    """Names before a lower-case word for a quarter, as English names them: "the Walltown
    neighborhood", "the Bab al-Tabbaneh district", and each name of a list before its plural
    ("the Caranazal and Aldeia districts"). A name the gazetteer lacks, or knows only
    as a minor alternate of another place, is a toponym without candidates, which the
    resolver places at the article's town; one it knows keeps its readings ("the Pratt
    area")."""

    name = "quarter_names"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, tokens, lexicon = view.doc, view.tokens, view.words
        demonyms = self.gazetteer.demonyms.get(view.lang, {})
        nouns = lexicon.quarter_nouns_after
        runs = [(a, b) for a, b in capitalised_runs(doc, view.lang, taken)
                if b < len(doc) and tokens.lower[b] in nouns and not tokens.cap[b]
                and lexicon.list_words.isdisjoint(tokens.lower[a:b])]
        runs += [run for b in range(len(doc)) if tokens.lower[b] in nouns
                 and tokens.lower[b][:-1] in nouns         # "the Laini Saba and Olympic estates"
                 for run in _names_listed_before(tokens, b, taken, lexicon)]
        longest: dict[int, int] = {}
        for a, b in runs:
            if not first_name(doc, a, b, self.gazetteer) \
                    and not set(tokens.word[a:b]) & lexicon.faith_adjectives \
                    and key(tokens.span_text(a, b)) not in demonyms \
                    and not tokens.span_text(a, b).isupper() \
                    and any(zipf_frequency(word, view.lang) < lexicon.common_word_zipf
                            for word in tokens.word[a:b] if word):  # not "the Business district"
                #                                                      nor "TIF districts"
                longest[a] = max(b, longest.get(a, b))
        known = self.gazetteer.lookup({key(tokens.span_text(a, b)) for a, b in longest.items()})
        found: list[Claim] = []
        for a, b in sorted(longest.items()):
            if not found or found[-1].end <= a:     # a place under its own name ("the Pratt
                found.append(Claim(a, b, "toponym", [  # area"), not under a minor alternate
                    c for c in known.get(key(tokens.span_text(a, b)), []) if c.preferred]))
        return found


def _names_listed_before(tokens: TokenFacts, end: int, taken: frozenset[int],
                         lexicon: Words) -> list[tuple[int, int]]:
    """The capitalised names of a list that ends right before token end, but those read
    before: "Laini Saba" and "Olympic" before "estates"."""
    names: list[tuple[int, int]] = []
    while True:
        start = end
        while start > 0 and tokens.cap[start - 1]:
            start -= 1
        if start == end:
            return names
        if taken.isdisjoint(range(start, end)):     # a name read before is an item too
            names.append((start, end))
        end = start
        if end > 0 and tokens.lower[end - 1] in lexicon.list_words:
            end -= 1
        if end > 0 and tokens.text[end - 1] == ",":
            end -= 1
        if end == start:
            return names


class ListedNames:
    """Names the gazetteer lacks or reads only as small places, right after a preposition
    of place ("in Latifabad", "near Agodi", "à Sébénikoro") or listed after a locative with
    a place an earlier source read, or this one ("in Nansana and Kawempe", "In Ojoo and
    Bodija"), then at each of their mentions. English has no entity model to find them (in
    French, the model's names are read first, and those it calls people are none). One
    word only, and not an acronym, a common word or a person's name: "in Moscow and Ayse
    Wieting in Istanbul" is a reporter, "a response from Cipolli" the police chief the
    article names, "from TxDOT" an agency. A name the gazetteer lacks is a toponym without
    candidates, which the resolver places at the article's town or leaves to the geocoder."""

    name = "listed_names"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, tokens, lexicon = view.doc, view.tokens, view.words
        people = self.gazetteer.person_names
        peoples = self.gazetteer.demonyms.get(view.lang, {})
        found: list[Claim] = []
        runs = [(a, b) for a, b in capitalised_runs(doc, view.lang, taken)
                if self._a_lone_name(view, a, b, people, peoples)]
        for a, b in runs:
            read = taken | {k for claim in found for k in range(claim.start, claim.end)}
            if _listed_with_a_place(tokens, a, b, frozenset(read), lexicon):
                found.append(self._claim(tokens, a, b))     # "aux Izards et à Empalot",
                continue                                    # whatever the model calls them
            if _labels_against(view, a, b) and not _described_as_a_place(tokens, b, lexicon):
                continue
            if a > 0 and tokens.lower[a - 1] in lexicon.lone_name_prepositions \
                    or a > 1 and tokens.lower[a - 1] in lexicon.lone_name_articles \
                    and tokens.lower[a - 2] in lexicon.lone_name_prepositions \
                    or _after_a_place_noun(tokens, a, lexicon) \
                    or _described_as_a_place(tokens, b, lexicon):   # "the town of Qatraneh",
                #                                                   "Kotapola, a village in"
                found.append(self._claim(tokens, a, b))
        named = {key(tokens.span_text(c.start, c.end)) for c in found}
        spots = {c.start for c in found}    # a name read as a place is one at each mention
        found += [self._claim(tokens, a, b) for a, b in runs
                  if a not in spots and key(tokens.span_text(a, b)) in named]
        return sorted(found, key=lambda c: c.start)

    def _claim(self, tokens: TokenFacts, a: int, b: int) -> Claim:
        name = key(tokens.span_text(a, b))
        return Claim(a, b, "toponym", [c for c in self.gazetteer.lookup([name]).get(name, [])
                                       if c.preferred])

    @staticmethod
    def _a_lone_name(view: View, a: int, b: int, people: dict, peoples: dict) -> bool:
        """True for one rare word that is no acronym, common word, person's name, people or
        speaker, nor the start of a longer name: not "Jal el-Dib", "in Obama's", "à
        Loukachenko"."""
        doc, tokens, lexicon = view.doc, view.tokens, view.words
        words_ = [word for word in tokens.word[a:b] if word]
        return not (a in view.starts or b - a > 1
                    or tokens.span_text(a, b).rstrip("s").isupper()     # "NATO", "ERs",
                    or sum(ch.isupper() for ch in tokens.span_text(a, b)) > 2   # "TxDOT"
                    or b < len(doc) and tokens.cap[b] or not all(word.isalpha() for word in words_)
                    or any(zipf_frequency(word, view.lang) >= lexicon.rare_word_zipf
                           or word in people["given"] or word in people["family"]
                           for word in words_) or key(tokens.span_text(a, b)) in peoples
                    or key(tokens.span_text(a, b)) in view.people   # "Chief Tom Cipolli"
                    or _speaks(doc, a, b, lexicon) or _name_goes_on(tokens, b, lexicon))


def _whole_of_a_part(tokens: TokenFacts, keys: dict[tuple[int, int], str],
                     found: dict[str, list[Candidate]], a: int, b: int,
                     lexicon: Words) -> list[Candidate]:
    """The big place a name the gazetteer lacks is a part of, after its compass words:
    "South Philadelphia" is in Philadelphia, "North West England" in England (and not
    "South Jersey" in Jersey, too small to have parts so named, unless the text names it
    alone too: "West Irvine" in a story about Irvine, Kentucky)."""
    start = a
    while start < b and tokens.lower[start] in lexicon.part_prefixes:
        start += 1
    if start == a or start == b or (start, b) not in keys:
        return []
    whole = keys[start, b]
    named_alone = any(name == whole and span[0] != start and not _in_a_longer_run(tokens, *span)
                      for span, name in keys.items())
    return [c for c in found.get(whole, ()) if named_alone and c.feature == "city"
            or big_enough_for_parts(c)]


def _in_a_longer_run(tokens: TokenFacts, a: int, b: int) -> bool:
    """True when capitalised words go on either side of tokens a to b: "Jersey" in "New
    Jersey City"."""
    return a > 0 and tokens.cap[a - 1] or b < len(tokens.text) and tokens.cap[b]


def _headline_end(text: str) -> int:
    """Where a headline above the text ends ("Traders march as border blockade chokes
    Bhairahawa", then a blank line), or 0 when the text opens with no headline: one line
    that ends no sentence, though an abbreviation's point may stand in it ("Blizzard closes
    U.S. 151 as Platteville schools shut").

        >>> _headline_end("Blizzard closes U.S. 151 as Platteville schools shut\\n\\nPLATTEVILLE")
        52
        >>> _headline_end("Snow fell. Schools shut\\n\\nPLATTEVILLE")
        0
    """
    end = text.find("\n\n")
    first = text[:end]
    return end if end > 0 and "\n" not in first \
        and not re.search(r"[.!?](?:\s+[A-Z]|\s*$)", first) else 0


def _labels_against(view: View, a: int, b: int) -> set[str]:
    """The entity model's labels that make tokens a to b no place: any but a place's, and
    an unsure one only away from a lone name's preposition ("À Sébénikoro" is a place)."""
    lexicon = view.words
    labels = set(view.ner[a:b]) & lexicon.entity_other_labels
    if a > 0 and view.tokens.lower[a - 1] in lexicon.lone_name_prepositions:
        labels -= lexicon.entity_unsure_labels
    return labels


def _name_goes_on(tokens: TokenFacts, b: int, lexicon: Words) -> bool:
    """True when a name goes on after token b: "Jal el-Dib", "Obama's", not "Kawempe and
    Nansana" nor "Kawempe on Tuesday"."""
    if b >= len(tokens.text):
        return False
    if tokens.text[b] in ("-", "'s", "’s"):
        return True
    return b + 1 < len(tokens.text) and tokens.lower[b] in lexicon.name_connectors \
        and tokens.lower[b] not in lexicon.list_words \
        and (tokens.text[b + 1] == "-" or tokens.cap[b + 1]
             and tokens.lower[b + 1] not in lexicon.calendar)


def _listed_with_a_place(tokens: TokenFacts, a: int, b: int, taken: frozenset[int],
                         lexicon: Words) -> bool:
    """True when tokens a to b are an item of a list ("and", "or") after a locative, which
    holds a name taken before: "in Nansana and Kawempe", "in Drumahoe and Eglinton",
    "from Bangor, Caernarfon and Pwllheli", "des quartiers de Bir Chifa et de Dradeb" (the
    locative said again after the list's word)."""
    gap = lexicon.list_words | {","}
    start, end = a, b
    while start > 0 and (tokens.lower[start - 1] in gap or start - 1 in taken
                         or start > 1 and tokens.lower[start - 1] in lexicon.locatives
                         and tokens.lower[start - 2] in lexicon.list_words):
        start -= 1
    while end < len(tokens.lower) and (tokens.lower[end] in gap | lexicon.lone_name_prepositions
                                       or end in taken):            # "aux Izards et à Empalot"
        end += 1
    while start < a and tokens.lower[start] in gap:
        start += 1
    while end > b and tokens.lower[end - 1] in gap:
        end -= 1
    items = set(range(start, a)) | set(range(b, end))
    return start > 0 and tokens.lower[start - 1] in lexicon.locatives \
        and (tokens.lower[start - 1] not in lexicon.weak_locatives
             or _after_a_place_noun(tokens, start, lexicon)) \
        and bool(items & taken) and bool(lexicon.list_words & {tokens.lower[k] for k in items})


def _with_swallowed_article(tokens: TokenFacts, keys: dict[tuple[int, int], str],
                            lexicon: Words) -> dict[tuple[int, int], str]:
    """The key of each name with the article its preposition swallowed: "au Havre" ->
    "le havre", read with "havre" (Havre, Montana)."""
    return {(a, b): f"{lexicon.contracted_articles[tokens.lower[a - 1]]} {name}"
            for (a, b), name in keys.items()
            if a > 0 and tokens.lower[a - 1] in lexicon.contracted_articles}


def _without_town_title(keys: dict[tuple[int, int], str],
                        lexicon: Words) -> dict[tuple[int, int], str]:
    """The key of each name that opens with a town's title, without it: "City of San
    Fernando" -> "san fernando"."""
    return {run: name[len(title) + 1:] for run, name in keys.items()
            for title in lexicon.town_titles if name.startswith(f"{title} ")}


def _byline(tokens: TokenFacts, starts: set[int], lexicon: Words) -> set[int]:
    """The tokens of a reporter's name after a byline word that opens a line or sentence:
    "BY CHAD KLIMACK Advocate Reporter" names no country."""
    names: set[int] = set()
    for k, text in enumerate(tokens.text[:-1]):
        if text in lexicon.byline_words and (k in starts or k == 0 or tokens.line_end[k - 1]):
            end = k + 1
            while end < min(k + 1 + BYLINE_WORDS, len(tokens.text)) and tokens.cap[end] \
                    and end not in starts:
                end += 1
            names.update(range(k + 1, end))
    return names


def _with_abbreviation_point(tokens: TokenFacts, runs: list[tuple[int, int]],
                             taken: frozenset[int]) -> list[tuple[int, int]]:
    """Runs with the full stop the tokeniser split off them: "Wainwright, Alta., by" holds
    "Alta." (Alberta), which the gazetteer knows with its point, not "Alta" (Norway)."""
    return [(a, b + 1) for a, b in runs
            if b < len(tokens.text) and tokens.text[b] == "." and not tokens.space_after[b - 1]
            and b not in taken and (a, b + 1) not in runs]


def _across_possessive(tokens: TokenFacts, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs that go on across a possessive: "Thompson's Station", "Martha's Vineyard", in
    a dateline's capitals too ("COX'S BAZAR"): the gazetteer knows them whole; "Russia's
    Putin" it does not."""
    after = {}
    for a, b in runs:
        after.setdefault(a, []).append(b)
    return [(a, end) for a, b in runs
            if b + 1 < len(tokens.text) and tokens.lower[b] == "'s" and not tokens.space_after[b - 1]
            for end in after.get(b + 1, ()) if (a, end) not in runs]


def _named_in_another_language(candidate: Candidate, read: list[Candidate], lang: str) -> bool:
    """True for a country found only under its name in another language: in English, the
    "Chili" of a cook-off is no Chile (French "Chili")."""
    def foreign(c: Candidate) -> bool:
        return c.name_lang is not None and c.name_lang != lang
    return candidate.feature == "country" and foreign(candidate) \
        and all(foreign(c) for c in read if c.id == candidate.id)


def _names_of(claims: list[Claim], keys: dict[tuple[int, int], str]) -> set[str]:
    """The names of the claims made on runs of capitalised words ("Léogâne"); a river
    claimed with its lower-case head ("la rivière Rouyonne") is no run and has none."""
    return {keys[c.start, c.end] for c in claims if (c.start, c.end) in keys}


def _in_a_clubs_name(tokens: TokenFacts, a: int, b: int, lexicon: Words) -> bool:
    """True for a town's name inside a sports club's: after the club's word or initials
    ("le Sporting de Charleroi", "l'AS Cannes", "Dinamo Batumi") or before its word
    ("Boston United", "Calabar Rovers"); and those words or initials themselves, and a club
    word before its town's people's adjective ("le Stade brestois")."""
    if b - a == 1 and tokens.lower[a] in lexicon.club_heads_before_people \
            and b < len(tokens.text) and not tokens.cap[b] \
            and tokens.lower[b].endswith(tuple(lexicon.club_people_endings)):
        return True                         # "le Stade toulousain", "l'Olympique lyonnais"
    if b < len(tokens.text) and (tokens.lower[b] in lexicon.club_suffixes or tokens.cap[b]
                                 and b - a == 1 and tokens.lower[a] in lexicon.club_prefixes):
        return True                         # "Boston United"; "AS" of "l'AS Cannes"
    before = a - 1
    if before > 0 and tokens.lower[before] in lexicon.club_links:
        before -= 1
    if before < 0 or not tokens.cap[before]:
        return False
    return tokens.lower[before] in lexicon.club_prefixes


def _a_title(tokens: TokenFacts, a: int, b: int, lexicon: Words) -> bool:
    """True for a title's abbreviation before a person's name: "Sens. Robert C. Byrd",
    "Gov. Bob Ray" (not "St. Paul": a town's first word)."""
    word = tokens.text[a].rstrip(".")
    point = tokens.text[a].endswith(".") or a + 1 < len(tokens.text) and tokens.text[a + 1] == "."
    after = a + (1 if tokens.text[a].endswith(".") else 2)
    return b - a == 1 and point and word.casefold() in lexicon.titles \
        and word.casefold() not in lexicon.name_abbreviations \
        and after < len(tokens.text) and tokens.cap[after]


def _after_party_letter(tokens: TokenFacts, a: int, lexicon: Words) -> bool:
    """True after a party's letter and a hyphen, where US news puts a lawmaker's state or
    town: "Nancy Pelosi, D-Calif.", "(R-Texas)", "Rep. Ann Lee, D-Chicopee"."""
    return a >= 2 and tokens.text[a - 1] == "-" and tokens.text[a - 2] in lexicon.party_letters


def _accept(view: View, a: int, b: int, candidates: list[Candidate]) -> bool:
    """Gate a gazetteer match by the entity labels, case and context."""
    doc, lang, lexicon, ner = view.doc, view.lang, view.words, view.ner
    text = doc[a:b].text
    if not is_capitalised(doc[a]):                    # "mer Rouge", not the town
        return any(c.feature == "other" for c in candidates) or \
            doc[a].lower_ in lexicon.place_nouns and any(   # "gouvernorat de Kasserine"
                c.feature in ("region", "city") for c in candidates)
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 3 and _dateline(doc, a, b, lexicon):      # "ATLANTA (AP) —"
        return any(c.feature in ("city", "region") for c in candidates)
    if len(letters) == 3 and _dateline(doc, a, b, lexicon, marked_only=True) \
            and any(c.feature == "city" for c in candidates):
        return True                     # "ELY, Nev. -": a town, not a code
    if b - a == 1 and doc[a].is_stop and not text.isupper():
        return False                    # "Au Caire": the model may take "Au" in
    if b - a == 1 and a in view.starts and text.isupper() and doc[a].lower_ in lexicon.drop_caps \
            and b < len(doc) and doc[b].is_lower:
        return False                    # "AS the temperature takes a dive": no Aš
    labels = set(ner[a:b])
    if labels & lexicon.entity_place_labels:
        return True
    if labels & lexicon.entity_other_labels:  # the model errs on curated regions: "Haut-Karabakh"
        return any(c.feature == "other" and c.preferred for c in candidates) or \
            labels == {"MISC"} and any(c.feature == "country" and c.preferred
                                       for c in candidates) or \
            a > 0 and (doc[a - 1].lower_ in lexicon.town_prepositions or _reached(view, a)
                       or _near(doc, a, lexicon) or _mislabelled_town(view, a, b, candidates)) \
            and (any(strong(c) for c in candidates) or b - a > 1 and any(
                c.feature == "city" and c.preferred and not c.fuzzy    # "à Tall Afar": a town
                for c in candidates)) \
            and not (b < len(doc) and is_capitalised(doc[b]))     # "à Sanandaj", not a person
    if text.casefold() in lexicon.calendar | lexicon.direction_words:
        return False
    if text.casefold() in lexicon.compass_adjectives and b < len(doc) and doc[b].is_alpha:
        return False                    # "Western countries", "Northern State University":
                                        # not Western Region or Northern Region, Uganda
    short_name = len(letters) == 3 and text[:1].isupper() and text[1:].islower() and \
        a > 0 and doc[a - 1].lower_ in lexicon.town_prepositions and \
        any(c.feature == "city" and strong(c) for c in candidates)     # "in Gao"
    if len(letters) <= 3 and not short_name:    # "UK", "U.S.", "N.M.": codes in capitals,
        return (text.isupper() or _after_town_comma(doc, a)) and any(     # or after a town
            c.feature in ("country", "region", "other") and c.preferred
            and name_key(c.name) != name_key(text) for c in candidates)  # not "BA", Ba
    if text.isupper() and not any(strong(c) for c in candidates):
        return False                    # "NATO", "MOCA": acronyms, not villages
    if text.isupper() and not any(very_strong(c) for c in candidates) \
            and (a not in view.starts or b < len(doc) and doc[b].is_lower) \
            and not _in_capitals_run(doc, a, b):
        return False                    # "agency MENA", "SWAT officers": no dateline, no town
    if b < len(doc) and doc[b].text.isdigit() and doc[b - 1].whitespace_ \
            and not any(strong(c) for c in candidates):
        return False                    # "Loop 286", "Route 38": a road's number
    country = any(c.feature == "country" and c.preferred for c in candidates)
    if not country and _in_a_name(doc, a, b, lexicon):
        return False
    if sum(1 for t in doc[a:b] if is_capitalised(t)) >= 2 and \
            (doc[b - 1].lower_ in lexicon.place_words or any(strong(c) for c in candidates)):
        return True                                       # "Laurel County", "New London"
    common = zipf_frequency(text.lower(), lang) >= lexicon.common_word_zipf
    if common and not country and a > 0 and doc[a - 1].text in lexicon.quote_marks:
        return False                    # « Marche de l'unité »: a title, not Marche, Italy
    if any(very_strong(c) for c in candidates):
        return True
    is_strong = any(strong(c) for c in candidates)
    after_locative = a > 0 and (doc[a - 1].lower_ in lexicon.locatives
                                or doc[a - 1].text in lexicon.part_adjectives)  # "central Boston"
    if (_before_town_words(view, a, b, common) or _before_place_suffix(doc, b, lexicon)) and any(
            c.feature in ("city", "region") for c in candidates):
        return True                     # "A Chapin man died", "four Hopkinton homes",
        #                                 "Seattle-based Boeing"
    if a in view.starts or _after_opening_mark(doc, a, lexicon):    # a capital for nothing:
        return not common and any(strong(c) and c.preferred for c in candidates) \
            and not (b - a == 1 and text.lower() in view.lower_words)
    #     not a minor alternate ("Manning reported": no Wanning), nor a word the article
    #     writes in lower case too ("Hail storm shreds roofs", then "a hail storm")
    if common:                          # "in Orange", not "Fire and Police"; a name of two
        return after_locative and (is_strong or b - a > 1 and doc[b - 1].lower_.rstrip(".")
                                   not in lexicon.facility_words
                                   and doc[a].lower_.rstrip(".") not in lexicon.titles
                                   and doc[a].lower_ not in lexicon.part_prefixes) \
            and doc[a - 1].lower_ not in lexicon.weak_locatives   # "near Port Williams", not
    #     "in Union Square", "to Queen Victoria" nor "in West Point" (Monrovia's), small towns too
    if lang == "fr" and not is_strong:
        return after_locative
    return is_strong or after_locative


def _mislabelled_town(view: View, a: int, b: int, candidates: list[Candidate]) -> bool:
    """True for a sizeable town, under a name that is no common word, after a preposition
    that takes places: the entity model reads "les transporteurs de Mateur" and "les
    navetteurs de Kaya" as a group's and a person's names. Not after an article: "les
    Kaya" are a family."""
    text = view.doc[a:b].text
    return view.doc[a - 1].lower_ in view.words.mislabelled_town_links \
        and zipf_frequency(text.lower(), view.lang) < view.words.common_word_zipf \
        and any(c.feature == "city" and strong(c) for c in candidates)


def _in_capitals_run(doc: Doc, a: int, b: int) -> bool:
    """True inside a line of capitals, a headline's ("PROTESTS IN NICE")."""
    return any(0 <= k < len(doc) and doc[k].is_alpha and doc[k].text.isupper()
               for k in (a - 1, b))


def _before_town_words(view: View, a: int, b: int, common: bool) -> bool:
    """True before a town's public body or a word for its people or homes: "Chapin man
    dies", "four Hopkinton homes", "Litchfield Fire Chief"; a name that is also a common
    word needs an article or a number before it ("a Columbia woman", not "Golden Boy")."""
    doc, tokens, lexicon = view.doc, view.tokens, view.words
    end = tokens.idx[b - 1] + len(tokens.text[b - 1])
    if not lexicon.municipal_body.match(tokens.doc_text, end):
        return False
    return not common or a > 0 and (doc[a - 1].lower_ in lexicon.resident_determiners
                                    or doc[a - 1].like_num)


def _before_place_suffix(doc: Doc, b: int, lexicon: Words) -> bool:
    """True before a hyphen and a word that makes a place of the name: "Seattle-based"."""
    return b + 1 < len(doc) and doc[b].text == "-" and not doc[b - 1].whitespace_ \
        and doc[b + 1].lower_ in lexicon.place_suffixes


def _near(doc: Doc, a: int, lexicon: Words) -> bool:
    """True after words of nearness: "près de Metz" (the entity model reads "de Metz" as a
    person's name)."""
    return a > 1 and doc[a - 1].lower_ in lexicon.proximity_links \
        and doc[a - 2].lower_ in lexicon.proximity_words


def _reached(view: View, a: int) -> bool:
    """True right after the words of a movement reaching a place, as the event stage reads
    them ([events.triggers] of role "spread"): "la contestation a atteint Sidi Bouzid"."""
    start = view.tokens.idx[a]
    before = lowered(view.tokens.doc_text[max(0, start - SPREAD_CHARS):start]).rstrip()
    return any(match.end() == len(before) for group in lexicon(view.lang).triggers
               if group.role == "spread" for match in group.pattern.finditer(before))


def _french_runs(tokens: TokenFacts, runs: list[tuple[int, int]], taken: frozenset[int]
                 ) -> list[tuple[int, int]]:
    """French names that go on in lower case ("Arabie saoudite", "Kurdistan iranien",
    "Emirats arabes unis") or start with a lower-case head ("mer Rouge", "lac Victoria")."""
    out = []
    for a, b in runs:
        end = b
        while end < len(tokens.text) and end - b < 2 and end not in taken \
                and len(tokens.word[end]) > 2 and tokens.word[end] not in FRENCH_STOP_WORDS \
                and tokens.space_after[end - 1]:
            end += 1
            out.append((a, end))
        head = _feature_head(tokens, a, words("fr"))
        if head is not None and head not in taken:
            out.append((head, b))
    return out


def _feature_head(tokens: TokenFacts, a: int, lexicon: Words) -> int | None:
    """The position of the lower-case head of a natural feature's name that opens right
    before a name or before a link to it ("lac Victoria", "l'île de la Tortue", "la pointe
    du Roc"), or None."""
    for link in ("", *lexicon.feature_links):
        words_ = tuple(link.split())
        head = a - len(words_) - 1
        if head >= 0 and tuple(tokens.lower[head + 1:a]) == words_ \
                and tokens.lower[head] in lexicon.feature_heads:
            return head
    return None


def _placed_by_context(tokens: TokenFacts, start: int, end: int, places: list[Claim],
                       lexicon: Words) -> bool:
    """True for a name listed after a place ("à Sha Tin et Tuen Mun"), after a word for
    a place and "de" ("le quartier commerçant de Wan Chai") or after its people ("les
    agriculteurs de Goubellat"), and not a person's first name ("à Caracas, Juan Guaido")."""
    if start < 2 or end < len(tokens.cap) and tokens.cap[end]:
        return False
    return _listed_after(tokens, start, places, lexicon) \
        or _after_a_place_noun(tokens, start, lexicon) \
        or _after_its_people(tokens, start, lexicon)


def _after_its_people(tokens: TokenFacts, i: int, lexicon: Words) -> bool:
    """True for a name right after words for the people who live or work there: "des
    habitants de Martissant", "les agriculteurs de Goubellat"."""
    start = tokens.idx[i]
    return bool(lexicon.residents_before.search(tokens.doc_text, max(0, start - 40), start))


def _described_as_a_place(tokens: TokenFacts, end: int, lexicon: Words) -> bool:
    """True before a comma and a word for a place: "Kotapola, a village in Matara district",
    "Tawila, une localité du Darfour"."""
    return bool(lexicon.appositive.match(tokens.doc_text,
                                         tokens.idx[end - 1] + len(tokens.text[end - 1])))


def _placed_despite_a_namesake(tokens: TokenFacts, a: int, b: int, lexicon: Words) -> bool:
    """True for a name that the article gives a person too, where only a place stands: after
    a preposition that only towns take or a word for a town and "of", and before a
    punctuation mark, a list word or a speech verb: "said driver Manuel Manila, 58.
    Transport officials in Manila said", "Ruth Burlington ... the town of Burlington," (not
    "in Fairfield hearing", "in Bolton's view")."""
    before = tokens.lower[a - 1] if a > 0 else ""
    after = tokens.lower[b] if b < len(tokens.lower) else ""
    return (before in lexicon.town_prepositions or _after_a_place_noun(tokens, a, lexicon)) \
        and (not after[:1].isalpha() and after[:1] != "'" or after in lexicon.list_words
             or after in lexicon.speech_verbs)


def _after_a_place_noun(tokens: TokenFacts, start: int, lexicon: Words) -> bool:
    """True after a word for a place, singular or plural, and "de": "le quartier commerçant
    de Wan Chai", "les quartiers populaires d'El Pozón"."""
    return start >= 2 and tokens.lower[start - 1] in ("de", "d'", "of") and any(
        word in lexicon.place_nouns or word[:-1] in lexicon.place_nouns
        for word in tokens.lower[max(start - 3, 0):start - 1])


def _near_the_last(candidates: list[Candidate], places: list[Claim]) -> bool:
    """True when a reading of the name lies near one of the place read last, which the name
    follows in a list: "from Kenora, Dryden and Marathon" (Dryden, Ontario, not only the
    big towns)."""
    last = max(places, key=lambda c: c.end)
    return any(c.feature == "city" and p.lat is not None
               and km(c.lat, c.lon, p.lat, p.lon) <= LISTED_TOWN_KM
               for c in candidates for p in last.candidates if p.feature in ("city", "region"))


def _listed_after(tokens: TokenFacts, start: int, places: list[Claim], lexicon: Words) -> bool:
    """True for a name that follows a place in a list, as [syntax] lists words: "Bristol,
    Liverpool and Manchester", "de Saqqez, ainsi que de Sanandaj et de Mahabad"."""
    before = [c for c in places if c.end <= start]
    if not before:
        return False
    last = max(before, key=lambda c: c.end)
    gap = tokens.doc_text[tokens.idx[last.end - 1] + len(tokens.text[last.end - 1]):tokens.idx[start]]
    return bool(lexicon.list_gap.fullmatch(gap.lower()))


def _next_in_list(tokens: TokenFacts, claim: Claim, places: list[Claim],
                  lexicon: Words) -> Claim | None:
    """The place that follows a name in a list, as [syntax] lists words ("Vani et de
    Baghdati", "Conway Springs and Wichita"), if any."""
    after = [c for c in places if c.start >= claim.end]
    if not after:
        return None
    first = min(after, key=lambda c: c.start)
    end = tokens.idx[claim.end - 1] + len(tokens.text[claim.end - 1])
    gap = tokens.doc_text[end:tokens.idx[first.start]].lower()
    return first if lexicon.list_gap.fullmatch(gap) else None


def _listed_before_a_place(tokens: TokenFacts, claim: Claim, places: list[Claim],
                           lexicon: Words) -> bool:
    """True for a name after a locative that a place after the same locative follows in a
    list: "de Samtredia, de Vani et de Baghdati" (not "Juan Guaido et Caracas")."""
    if claim.start == 0 or tokens.lower[claim.start - 1] not in lexicon.locatives:
        return False
    following = _next_in_list(tokens, claim, places, lexicon)
    return following is not None \
        and tokens.lower[following.start - 1] == tokens.lower[claim.start - 1]


def _listed_before_a_town_near_it(tokens: TokenFacts, claim: Claim, places: list[Claim],
                                  lexicon: Words) -> bool:
    """True for a name that a place follows in a list, with a town reading near one of that
    place's: "past Conway Springs and Wichita" (a small town of Kansas), as _near_the_last
    reads the names after a place."""
    following = _next_in_list(tokens, claim, places, lexicon)
    return following is not None and _near_the_last(claim.candidates, [following])


def _longer_place_entities(entities: tuple[Span, ...],
                           labels: frozenset[str]) -> dict[int, tuple[int, int]]:
    """For each token, the place entity it sits in, when that entity has more than one
    word ("Keur Massar", "Gare de Lyon")."""
    out: dict[int, tuple[int, int]] = {}
    for ent in entities:
        if ent.label_ in labels and len(ent) > 1:
            for k in range(ent.start, ent.end):
                out[k] = (ent.start, ent.end)
    return out


def _two_lands_joined(tokens: TokenFacts, ent: tuple[int, int],
                      keys: dict[tuple[int, int], str], found: dict[str, list[Candidate]],
                      lexicon: Words) -> bool:
    """True when an entity is two countries or regions joined by "de": "le fleuve qui sépare
    la Guyane du Suriname" names both, not one place."""
    def land(span: tuple[int, int]) -> bool:
        return any(c.preferred and (c.feature == "country" or c.kind == "admin1")
                   for c in found.get(keys.get(span, ""), ()))

    start, end = ent
    return any(tokens.lower[k] in lexicon.name_connectors and land((start, k))
               and land((k + 1, end)) for k in range(start + 1, end - 1))


def _a_town_and_its_body(tokens: TokenFacts, keys: dict[tuple[int, int], str],
                         found: dict[str, list[Candidate]], a: int, b: int,
                         lexicon: Words) -> bool:
    """True when a name's last word opens the public body of the town before it, and the
    whole name is no other town: "Dublin City Council" is Dublin's council, not the Irish
    county "Dublin City" (but "Kansas City Council" is Kansas City's)."""
    if b - a < 2 or b >= len(tokens.text) or tokens.lower[b - 1] not in lexicon.town_body_words \
            or not tokens.cap[b] or tokens.lower[b] not in lexicon.public_body_words \
            or (a, b - 1) not in keys:
        return False
    towns = {c.id for c in found.get(keys[a, b - 1], ()) if c.feature == "city"}
    return bool(towns) and all(c.id in towns for c in found.get(keys[a, b], ())
                               if c.feature == "city")


def _part_of_longer_name(tokens: TokenFacts, longer: dict[int, tuple[int, int]], a: int,
                         b: int) -> bool:
    """True when the words are only part of a longer place name the entity model found,
    with a capitalised word of its own beyond them: "Keur" in "Keur Massar" is no town in
    Ireland; the whole name is read as one."""
    ent = longer.get(a)
    if ent is None or ent == (a, b) or longer.get(b - 1) != ent:
        return False
    return any(tokens.cap[k] and tokens.word[k] not in FRENCH_STOP_WORDS
               for k in (*range(ent[0], a), *range(b, ent[1])))


def _in_a_name(doc: Doc, a: int, b: int, lexicon: Words) -> bool:
    """True when the words sit inside a longer name: "Mr Holloway", "Paris Hilton", and a
    site's adjective before any capitalised word, a public body's too ("Central Police
    Station"); not a place after a compass adjective ("Southern California"), nor the host
    town after a mission ("British Embassy Tokyo"), nor a place before a weekday ("in
    central Minnesota Saturday")."""
    before = doc[a - 1] if a > 0 else None
    after = doc[b] if b < len(doc) else None
    if before is not None and before.text.rstrip(".").casefold() in lexicon.titles:
        return True
    if after is not None and after.text in lexicon.brand_joins and b + 1 < len(doc) \
            and is_capitalised(doc[b + 1]) or before is not None \
            and before.text in lexicon.brand_joins and a > 1 and is_capitalised(doc[a - 2]):
        return True                         # "Salt + Smoke"
    glued_before = before is not None and is_capitalised(before) and not before.is_sent_start \
        and not before.is_stop and before.whitespace_ and before.lower_ not in lexicon.name_connectors \
        and before.lower_ not in lexicon.compass_adjectives | lexicon.site_adjectives \
        and before.lower_ not in lexicon.abroad_words \
        and (a < 2 or not doc[a - 2].is_space)
    adjective = doc[a:b].text.casefold() in lexicon.site_adjectives
    glued_after = after is not None and is_capitalised(after) and doc[b - 1].whitespace_ \
        and not (b - a > 1 and doc[b - 1].lower_ in lexicon.place_words) \
        and after.lower_ not in lexicon.name_connectors and after.text.casefold() not in lexicon.place_words \
        and (after.lower_ not in lexicon.public_body_words or adjective) \
        and after.lower_ not in lexicon.calendar        # "in Minnesota Saturday": no name
    return glued_before or glued_after


def _a_persons_given_name(view: View, a: int, b: int, name: str,
                          candidates: list[Candidate]) -> bool:
    """True for the given name of a person named before, alone and not after a locative:
    "Barry worked as an electrician" after "Barry Smith" (not "in Barry")."""
    return name in view.given and not (a > 0 and view.tokens.lower[a - 1] in view.words.locatives) \
        and not any(very_strong(c) or c.feature == "country" for c in candidates)


def _speaks(doc: Doc, a: int, b: int, lexicon: Words) -> bool:
    """True when a speech verb follows: "Evans says", "Moore told" (not "a man from Leeds said")."""
    return b < len(doc) and doc[b].lower_ in lexicon.speech_verbs and doc[b - 1].whitespace_ != "" \
        and not (a > 0 and doc[a - 1].lower_ in lexicon.locatives)


def _dateline(doc: Doc, a: int, b: int, lexicon: Words, marked_only: bool = False) -> bool:
    """True for a town in capitals that opens a story or a line, or that a dateline's mark
    follows: "WASHINGTON (AP) —"; with marked_only, both: "ELY, Nev. -" at a line's start."""
    if not doc[a:b].text.isupper():
        return False
    line_start = a == 0 or "\n" in doc[a - 1].text_with_ws
    marked = b < len(doc) and doc[b].text in lexicon.dateline_marks
    return line_start and marked if marked_only else line_start or marked


# After a dispatch's town, on its line: the date, the country or the agency, then a dash.
DISPATCH_REST = re.compile(r"[ \t]*(?P<said>(?:,[^\n,]{1,30}){0,2}[ \t]*"
                           r"(?:\([A-Z][\w. -]{0,20}\)[ \t]*)?)(?:-|—|–|--)[ \t]")


def _opens_a_dispatch(tokens: TokenFacts, a: int, b: int) -> bool:
    """True for a name in capitals that opens a line as a dispatch's town does, even one
    the gazetteer lacks: "BEBNINE, 5 mars (AFP) - ", "BELLADÈRE - ", "KISUMU, Kenya -".
    Names of several words need a date, a country or an agency before the dash: "ZIYA
    PAZARBAŞILAR - Managing Director" is a caption."""
    text = tokens.span_text(a, b)
    if not text.isupper() or sum(ch.isalpha() for ch in text) < 4 \
            or a > 0 and "\n" not in tokens.doc_text[tokens.idx[a - 1]:tokens.idx[a]]:
        return False
    rest = DISPATCH_REST.match(tokens.doc_text, tokens.idx[b - 1] + len(tokens.text[b - 1]))
    return rest is not None and (b - a == 1 or bool(rest.group("said").strip()))


def _after_town_comma(doc: Doc, i: int) -> bool:
    """True after a capitalised word and a comma: "Louisville, Ky.", "Charleston, W.Va"."""
    return i > 1 and doc[i - 1].text == "," and is_capitalised(doc[i - 2])


def _after_opening_mark(doc: Doc, i: int, lexicon: Words) -> bool:
    return i > 0 and doc[i - 1].text in lexicon.opening_marks


def _linked_by_hyphens(parts: list[str], lang: str) -> bool:
    """True for capitalised words joined by hyphens and lower-case links, as French names
    places: "Pointe-au-Père", "Côte-sous-le-Vent", "Bois-d'Olive" (not "Al-Qaïda")."""
    lexicon = words(lang)
    elided = [re.sub(r"^[dl]'", "", part) for part in parts]
    inner = parts[1:-1]
    return len(parts) > 1 and capitalised(parts[0]) \
        and parts[0].casefold() not in lexicon.name_connectors and capitalised(elided[-1]) \
        and (elided[-1] != parts[-1] or any(p in lexicon.hyphen_links for p in inner)) \
        and all(p in lexicon.hyphen_links or capitalised(p) for p in inner)


def _plausible_unknown_name(span, lang: str, gazetteer: Gazetteer) -> bool:
    """An entity the gazetteer lacks is kept only if it looks like a proper name."""
    if span.text.casefold() in words(lang).calendar | words(lang).direction_words:
        return False
    parts = span.text.split("-")
    if len(parts) > 1 and all(capitalised(p) and p.casefold() not in words(lang).name_connectors
                              for p in parts):
        return True         # "Canapé-Vert": common words joined into a name, not "Al-Qaïda"
    if _linked_by_hyphens(parts, lang) and not gazetteer.lookup([key(span.text)]).get(
            key(span.text)):
        return True         # "Pointe-au-Père", "Lac-à-la-Tortue", "Bois-d'Olive"; not
        #                     "Port-au-Prince", the gazetteer's
    demonyms = gazetteer.demonyms.get(lang, {})
    for token in span:
        if (is_capitalised(token) and name_key(token.text) not in demonyms
                and zipf_frequency(token.lower_, lang) < words(lang).common_word_zipf):
            return True
    return False
