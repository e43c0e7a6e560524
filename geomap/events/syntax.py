"""Clauses: which words of a sentence go with a trigger.

A French sentence that holds a trigger is parsed by fr_core_news_md's dependency parser:
a clause is a verb with the words it governs, minus the clauses embedded in it. English
has no parser here, so its clauses are cut at punctuation and clause words ("who",
"after", "said"), from the language data. Both give the same view:

    >>> syntax.clause_at(offset).relation          # "main", "relative", "adverbial"...
    >>> syntax.governors(offset)                   # offsets of the words above a word
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from geomap.lang import lexicon
from geomap.language import Parse
from geomap.model import Sentence
from geomap.textnorm import lowered

# Dependency relations that open a clause, and what kind of clause.
CLAUSE_RELATIONS = {
    "ROOT": "main", "parataxis": "main",
    "acl:relcl": "relative", "acl": "participle", "advcl": "adverbial",
    "ccomp": "complement", "xcomp": "complement", "csubj": "complement",
    "conj": "coordinate",
}
EMBEDDED = ("relative", "participle", "adverbial", "complement")
# A word under its head by these relations is inside the head's subject: the head's
# modality ("accusent", "craignent") does not reach it.
SUBJECT_RELATIONS = ("nsubj", "nsubj:pass", "csubj", "expl:subj")
# Children of a governing word that carry its modality: "n'a pas", "aurait", "si", "contre".
MODAL_CHILDREN = ("aux:tense", "aux:pass", "advmod", "mark", "case", "det", "cop", "fixed")
PREDICATES = ("VERB", "AUX")


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence: what kind it is, and the clause it is embedded in."""

    index: int
    relation: str           # main, relative, participle, adverbial, complement, coordinate
    parent: int | None
    finite: bool = True     # its verb has a tense and may have its own subject (not "après être monté")

    @property
    def embedded(self) -> bool:
        return self.relation in EMBEDDED


@dataclass
class SentenceSyntax:
    """The clauses of one sentence, with each token's clause and governing words.

    Offsets are absolute (into the article's text)."""

    sentence: Sentence
    lang: str
    lowered: str                        # the sentence, lower-cased with straight apostrophes
    starts: list[int]                   # each token's first character
    clauses: list[Clause]
    clause_of: list[int]                # each token's clause
    governing: list[list[int]]          # each token's governing tokens, nearest first
    conditional: list[bool]             # its clause's verb is in the conditional ("puniraient")
    future: list[bool]                  # its clause's verb is in the future ("défileront")
    predicate: list[bool]               # the token is its clause's verb

    def token_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def clause_at(self, offset: int) -> Clause:
        return self.clauses[self.clause_of[self.token_at(offset)]]

    def embedded_in(self, clause: Clause) -> Clause:
        """The clause that clause depends on, through coordinate clauses."""
        while clause.relation == "coordinate" and clause.parent is not None:
            clause = self.clauses[clause.parent]
        return clause

    def governors(self, offset: int) -> list[int]:
        """Offsets (within the sentence) of the words that govern the word at offset."""
        return [self.starts[i] - self.sentence.start for i in self.governing[self.token_at(offset)]]

    def clause_text(self, offset: int) -> str:
        """The lower-cased words of the clause of the word at offset (its own words only)."""
        clause = self.clause_of[self.token_at(offset)]
        ends = self.starts[1:] + [self.sentence.end]
        base = self.sentence.start
        return " ".join(self.lowered[s - base:e - base].strip() for s, e, k in
                        zip(self.starts, ends, self.clause_of) if k == clause)

    def following(self, offset: int, words: int) -> str:
        """The few words after offset in its clause, lower-cased."""
        i = self.token_at(offset)
        if self.starts[i] < offset:
            i += 1
        clause = self.clause_of[min(i, len(self.starts) - 1)]
        last = i
        while last < len(self.starts) and last - i < words and self.clause_of[last] == clause:
            last += 1
        end = self.starts[last] if last < len(self.starts) else self.sentence.end
        return self.lowered[offset - self.sentence.start:end - self.sentence.start]

    def window(self, offset: int, words: int) -> str:
        """The few words before offset in its clause, lower-cased: where cues stand. A word
        is what spaces part: "anti-immigration" is one, though three tokens."""
        i = self.token_at(offset)
        clause = self.clause_of[i]
        first, count = i, 0
        while first > 0 and count < words and self.clause_of[first - 1] == clause:
            first -= 1
            count += first == 0 or self.lowered[self.starts[first] - self.sentence.start - 1:][:1].isspace()
        return self.lowered[self.starts[first] - self.sentence.start:offset - self.sentence.start]


def french_syntax(sentence: Sentence, starts: list[int], parse: Parse) -> SentenceSyntax:
    """A French sentence's clauses from its dependency parse."""
    n = len(parse.heads)
    heads, deps, pos, morph = parse.heads, parse.deps, parse.pos, parse.morph
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(heads):
        if h != i:
            children[h].append(i)
    opens = [_opens_clause(i, heads, deps, pos, children) for i in range(n)]
    clause_head = [_clause_head(i, heads, opens) for i in range(n)]
    _mend_subordinates(sentence, starts, clause_head, opens, heads)
    order = sorted({h for h in clause_head})
    number = {h: k for k, h in enumerate(order)}
    clauses = []
    for h in order:
        relation = "main" if heads[h] == h else CLAUSE_RELATIONS.get(deps[h], "main")
        parent = None if heads[h] == h else number.get(clause_head[heads[h]])
        finite = "VerbForm=Fin" in morph[h] or any(
            deps[c] in SUBJECT_RELATIONS or "VerbForm=Fin" in morph[c] for c in children[h])
        clauses.append(Clause(number[h], relation, parent if parent != number[h] else None, finite))
    clauses = _main_after_subordinate(sentence, starts, order, clauses, heads)
    governing = [_governing(i, heads, deps, children) for i in range(n)]
    def verb_has(feature: str) -> list[bool]:
        marked = {h: any(feature in morph[c] for c in _predicate_words(h, children, deps))
                  for h in order}
        return [marked[clause_head[i]] for i in range(n)]

    return SentenceSyntax(sentence, "fr", lowered(sentence.text), starts, clauses,
                          [number[h] for h in clause_head], governing,
                          verb_has("Mood=Cnd"), verb_has("Tense=Fut"),
                          [clause_head[i] == i for i in range(n)])


def _opens_clause(i: int, heads: list[int], deps: list[str], pos: list[str],
                  children: list[list[int]]) -> bool:
    """True for a clause's head: the root, or a predicate under a clause relation (a verb,
    or a word with a copula or a subject of its own: "lundi" as xcomp is no clause)."""
    if heads[i] == i:
        return True
    relation = deps[i]
    if relation not in CLAUSE_RELATIONS:
        return False
    def predicate(k: int) -> bool:
        return pos[k] in PREDICATES or any(deps[c] in ("cop", *SUBJECT_RELATIONS) for c in children[k])

    if relation == "conj":              # "ont défilé ... et interpellé": a second verb
        return pos[i] in PREDICATES and predicate(heads[i])
    return predicate(i)


def _clause_head(i: int, heads: list[int], opens: list[bool]) -> int:
    seen = 0
    while not opens[i] and seen < len(heads):
        i = heads[i]
        seen += 1
    return i


def _mend_subordinates(sentence: Sentence, starts: list[int], clause_head: list[int],
                       opens: list[bool], heads: list[int]) -> None:
    """Words between a subordinating word and the verb it introduces belong to that verb's
    clause, wherever the parser hung them: "tandis qu'à Tours et à Nice les cortèges ont
    rassemblé ..." puts Tours and Nice with "rassemblé"."""
    low = lowered(sentence.text)
    for m in _subordinators("fr").finditer(low):
        first = bisect.bisect_left(starts, sentence.start + m.start())
        verb = next((i for i in range(first + 1, len(heads)) if opens[i]), None)
        if verb is None or heads[verb] == verb:
            continue
        for i in range(first, verb):
            if not opens[i] and clause_head[i] == clause_head[heads[verb]]:
                clause_head[i] = verb


def _main_after_subordinate(sentence: Sentence, starts: list[int], order: list[int],
                            clauses: list[Clause], heads: list[int]) -> list[Clause]:
    """In a sentence that opens with a subordinate clause ("Pendant qu'à Pékin se tient le
    congrès, des centaines de Tibétains manifestent"), the parser often takes the opening
    verb for the root: the first clause after the comma that closes it is the main one."""
    low = lowered(sentence.text)
    opening = _subordinators("fr").match(low)
    comma = low.find(",")
    if not opening or comma < 0:
        return clauses
    root = next((c for c, h in zip(clauses, order) if heads[h] == h), None)
    if root is None or starts[order[root.index]] - sentence.start > comma:
        return clauses
    after = next((c for c, h in zip(clauses, order)
                  if starts[h] - sentence.start > comma and c.parent == root.index), None)
    if after is None:
        return clauses
    mended = []
    for c in clauses:
        if c.index == after.index:
            mended.append(Clause(c.index, "main", None, c.finite))
        elif c.index == root.index:
            mended.append(Clause(c.index, "adverbial", after.index, c.finite))
        else:
            mended.append(c)
    return mended


def _governing(i: int, heads: list[int], deps: list[str], children: list[list[int]]) -> list[int]:
    """The words above token i, and their modal children, up to the root. A subject has its
    verb above it ("la manifestation a été annulée") but nothing higher: "Des manifestants,
    qui ont été arrêtés, accusent ..." keeps "accusent" away from "arrêtés"."""
    found = [c for c in children[i] if deps[c] in MODAL_CHILDREN]
    seen = {i}
    while heads[i] != i and heads[i] not in seen:
        subject = deps[i] in SUBJECT_RELATIONS
        i = heads[i]
        seen.add(i)
        found.append(i)
        found += [c for c in children[i] if deps[c] in MODAL_CHILDREN]
        if subject:
            break
    return found


def _predicate_words(head: int, children: list[list[int]], deps: list[str]) -> list[int]:
    return [head] + [c for c in children[head] if deps[c] in MODAL_CHILDREN]


@cache
def _subordinators(lang: str) -> re.Pattern:
    data = lexicon(lang).section("syntax")
    alternation = "|".join(sorted(map(re.escape, data["adverbial_words"]), key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternation})(?:(?<=')|(?![\w]))")


@cache
def _boundaries(lang: str) -> re.Pattern:
    """Where an English clause starts: punctuation, then clause words from the data file."""
    data = lexicon(lang).section("syntax")
    dates = lexicon(lang).section("dates")
    days = "|".join(map(re.escape, [*dates["weekdays"], *dates["months"], *dates["relative_days"],
                                    *dates["relative_weeks"], *dates["weekends"]]))

    def alternation(key: str) -> str:
        return "|".join(sorted(map(re.escape, data[key]), key=len, reverse=True))

    return re.compile(          # "since Monday", "after 6 April": a date, not a clause
        rf"(?P<stop>;|:|\s[—–-]{{1,2}}\s)"
        rf"|(?:,\s*|\s)(?P<relative>(?:{alternation('relative_words')}))\b"
        rf"|(?:,\s*|\s|^)(?P<adverbial>(?:{alternation('adverbial_words')}))\b"
        rf"(?!\s+(?:the\s+)?(?:{days}|\d)\b)"
        rf"|\b(?P<reporting>(?:{alternation('reporting_words')}))\b"
        rf"|,\s*(?P<coordinate>(?:{alternation('coordinating_words')}))\b")


def surface_syntax(sentence: Sentence, starts: list[int], lang: str) -> SentenceSyntax:
    """A sentence's clauses from punctuation and clause words, for languages without a parser.

    "Police fired tear gas after protesters, who had gathered in Leeds, refused to leave"
    has a main clause, an adverbial one from "after", and a relative one from "who" that
    the next comma closes: "refused to leave" is the adverbial clause's again."""
    low = lowered(sentence.text)
    cuts: list[tuple[int, str, bool]] = []
    for m in _boundaries(lang).finditer(low):
        kind = m.lastgroup
        at = m.start(kind) if kind != "stop" else m.end()
        if kind == "reporting":
            at = m.end(kind)
            kind = "complement"
        elif kind == "stop" or kind == "coordinate":
            kind = "main"
        cuts.append((sentence.start + at, kind, kind == "relative" and m.group(0).startswith(",")))
    clauses = [Clause(0, "main", None)]
    segments = [(sentence.start, 0)]           # where each stretch of text starts, and its clause
    main = 0
    for k, (at, kind, aside) in enumerate(cuts):
        if at <= segments[-1][0]:
            continue
        outer = segments[-1][1]
        parent = None if kind == "main" else main
        clauses.append(Clause(len(clauses), kind, parent))
        segments.append((at, len(clauses) - 1))
        if kind == "main":
            main = len(clauses) - 1
        close = low.find(",", at - sentence.start)
        following = cuts[k + 1][0] if k + 1 < len(cuts) else sentence.end
        if aside and close != -1 and sentence.start + close + 1 < following:
            segments.append((sentence.start + close + 1, outer))     # ", who ..., refused"
    bounds = [start for start, _ in segments]
    clause_of = [segments[max(0, bisect.bisect_right(bounds, s) - 1)][1] for s in starts]
    n = len(starts)
    return SentenceSyntax(sentence, lang, low, starts, clauses, clause_of, [[] for _ in range(n)],
                          [False] * n, [False] * n, [False] * n)
