"""Stage 1: find the place mentions in an article, with exact character offsets.

MentionFinder runs small recognition sources in a declared order (ORDER), each in its
own module and callable on its own:

1. landmarks          the gazetteer's landmarks and venues ("Red Square", "United Center");
                      a seat of power that only speaks ("the parliament voted") holds its words
2. sites              streets, buildings and sites the gazetteer lacks ("rue de Rivoli")
3. multiword_peoples  "Latin American", "Sri Lankan", before "America" is read as a place
4. feature_names      rivers, lakes and valleys the gazetteer lacks ("the Gallinas River")
5. county_lists       names listed before "counties", each its county ("Otoe and Sarpy
                      counties"), before "Washington" is read as the state
6. gazetteer_names    capitalised words the gazetteer knows, gated by case, context, word
                      frequency, the entity model's labels and people's names (persons.py)
7. entity_names       the entity model's places that the gazetteer lacks ("Lougansk")
8. located_names      names the gazetteer lacks, followed in brackets by the places that
                      hold them, as ACLED-style notes write them ("Kasindi (Beni, Nord-Kivu)")
9. quarter_names      names the gazetteer lacks before a word for a quarter ("the Walltown
                      neighborhood")
10. listed_names      lone rare names the gazetteer lacks after a preposition of place or
                      listed with a place ("in Nansana and Kawempe", "near Agodi")
11. demonyms          "biélorusse" -> BY, "African"
12. capitals          "la capitale", "the capital"

One overlap policy (claims.first_claim_wins) merges them: a token belongs to the first
source that claims it. Each source sees the tokens already taken, so that a run of words
stops where an earlier source's claim begins.

    >>> ORDER[:2]
    ('landmarks', 'sites')
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from geomap.gazetteer import Gazetteer
from geomap.mentions.claims import HOLDS, Claim, Source, View, covered, first_claim_wins
from geomap.mentions.names import (CountyLists, EntityNames, FeatureNames, GazetteerNames,
                                   ListedNames, LocatedNames, QuarterNames)
from geomap.mentions.peoples import Capitals, Demonyms, MultiwordPeoples
from geomap.mentions.sites import Landmarks, Sites
from geomap.mentions.words import metonymic, owns_a_mission
from geomap.model import Article, Mention, Sentence

# The sources by name, each made from the gazetteer.
SOURCES: dict[str, Callable[[Gazetteer], Source]] = {
    source.name: source for source in (Landmarks, Sites, MultiwordPeoples, FeatureNames,
                                       CountyLists, GazetteerNames, EntityNames, LocatedNames,
                                       QuarterNames, ListedNames, Demonyms, Capitals)}
# The order is the policy: a landmark's words are no town ("Place de la Concorde"), a
# site's name is read whole before its town ("Vancouver International Airport"), a
# people in several words before its last word ("Latin American"), a river's name before
# its first word ("Coldwater River"), a name the gazetteer lacks listed with a place only
# once the place is read ("in Nansana and Kawempe"), and demonyms and "la capitale" only
# on words no name took.
ORDER = ("landmarks", "sites", "multiword_peoples", "feature_names", "county_lists",
         "gazetteer_names", "entity_names", "located_names", "quarter_names", "listed_names",
         "demonyms", "capitals")
OverlapPolicy = Callable[[list[Claim], list[Claim]], list[Claim]]

__all__ = ["MentionFinder", "ORDER", "SOURCES", "Claim", "View"]


class MentionFinder:
    """Finds place mentions; one instance serves many articles."""

    def __init__(self, gazetteer: Gazetteer, order: Sequence[str] = ORDER,
                 overlap: OverlapPolicy = first_claim_wins) -> None:
        self.gazetteer = gazetteer
        self.sources = [SOURCES[name](gazetteer) for name in order]
        self.overlap = overlap

    def claims(self, view: View) -> list[Claim]:
        """Every source's claims on the article, merged by the overlap policy, in text order."""
        claims: list[Claim] = []
        for source in self.sources:
            claims = self.overlap(claims, source(view, covered(claims)))
        return sorted(claims, key=lambda c: c.start)

    def find(self, article: Article, doc: Doc, sentences: list[Sentence]) -> list[Mention]:
        view = View.of(doc, article.lang, sentences, self.gazetteer)
        sentence_starts = [s.start for s in sentences]
        tokens = view.tokens
        mentions = []
        for claim in self.claims(view):
            if claim.kind == HOLDS:
                continue
            start = tokens.idx[claim.start]
            end = tokens.idx[claim.end - 1] + len(tokens.text[claim.end - 1])
            mentions.append(Mention(
                start=start, end=end, text=article.text[start:end], kind=claim.kind,
                sentence=max(bisect.bisect_right(sentence_starts, start) - 1, 0),
                ner_label=view.label(claim.start, claim.end),
                metonymic=claim.seat or owns_a_mission(article.text, start, end, article.lang)
                or claim.kind != "demonym" and metonymic(article.text, end, article.lang),
                country_hint=claim.country_hint, candidates=claim.candidates,
            ))
        return mentions
