"""What the mention sources read and what they give back.

A source reads an article's View (its tokens, sentence starts, entity labels and
gazetteer) and the tokens earlier sources took, and returns Claims: token ranges that
name a place, or that no later source may read ("the parliament voted": whose?).
One overlap policy merges them: a token belongs to the first source that claims it.

    >>> first_claim_wins([Claim(0, 2, "landmark")], [Claim(1, 2, "toponym"), Claim(3, 4, "demonym")])
    [Claim(start=0, end=2, kind='landmark', candidates=[], country_hint='', seat=False), \
Claim(start=3, end=4, kind='demonym', candidates=[], country_hint='', seat=False)]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from spacy.tokens import Doc, Span

from geomap.gazetteer import Candidate, Gazetteer
from geomap.language import TokenFacts, token_facts
from geomap.mentions.persons import people_names
from geomap.mentions.words import Words, words
from geomap.model import Sentence

# Claims of this kind take their tokens from later sources but are no mention.
HOLDS = "institution"


@dataclass
class Claim:
    """Tokens start to end (exclusive) that a source reads as one mention."""

    start: int
    end: int
    kind: str           # toponym, landmark, facility, demonym, capital; or HOLDS
    candidates: list[Candidate] = field(default_factory=list)
    country_hint: str = ""
    seat: bool = False  # a seat of power named for its occupants: "l'Elysée a annoncé"


@dataclass
class View:
    """One article as the sources read it: its tokens and what the models said of them."""

    doc: Doc
    lang: str
    gazetteer: Gazetteer
    tokens: TokenFacts
    starts: set[int]        # token indexes that begin a sentence
    ner: list[str]          # the entity model's label of each token, "" outside entities
    entities: tuple[Span, ...]  # the entity model's names, built once (doc.ents builds anew)

    @classmethod
    def of(cls, doc: Doc, lang: str, sentences: list[Sentence], gazetteer: Gazetteer) -> View:
        """The view of a parsed article: View.of(doc, "fr", sentences(doc, text), gazetteer)."""
        tokens = token_facts(doc)
        starts = {i for i, start in enumerate(tokens.sent_start) if start}
        starts |= {bisect.bisect_left(tokens.idx, s.start) for s in sentences}
        entities = tuple(doc.ents)
        labels = [""] * len(doc)
        for ent in entities:
            for i in range(ent.start, ent.end):
                labels[i] = ent.label_
        return cls(doc, lang, gazetteer, tokens, starts, labels, entities)

    @property
    def words(self) -> Words:
        return words(self.lang)

    @cached_property
    def _people_names(self) -> tuple[set[str], set[str]]:
        return people_names(self.doc, self.lang, self.gazetteer)

    @cached_property
    def lower_words(self) -> frozenset[str]:
        """The words the article writes in lower case: "hail" in "a fast-moving hail storm"."""
        return frozenset(word for word in self.tokens.text if word.islower())

    @property
    def people(self) -> set[str]:
        """The family names of the people the article names ("Bolton" after "John Bolton")."""
        return self._people_names[0]

    @property
    def given(self) -> set[str]:
        """The given names of the people the article names ("Barry" after "Barry Smith")."""
        return self._people_names[1]

    def label(self, a: int, b: int) -> str:
        """The first entity label over tokens a to b."""
        return next((label for label in self.ner[a:b] if label), "")


class Source(Protocol):
    """A recognition source: MentionFinder runs them in a declared order."""

    name: str

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        """The claims of this source on tokens not in taken."""


def covered(claims: list[Claim]) -> frozenset[int]:
    """The tokens the claims hold."""
    return frozenset(i for c in claims for i in range(c.start, c.end))


def first_claim_wins(claims: list[Claim], new: list[Claim]) -> list[Claim]:
    """The overlap policy: a source's claims join those of the sources before it, except
    where they touch a token already claimed; within a source, its earlier claim wins."""
    taken = set(covered(claims))
    merged = list(claims)
    for claim in new:
        span = range(claim.start, claim.end)
        if taken.isdisjoint(span):
            merged.append(claim)
            taken.update(span)
    return merged
