"""Cues: what the words around a trigger say of it: denied, feared, planned, past...

In French the words that govern the trigger in the parse count ("soupçonnés de planifier
des émeutes": "planifier" and "soupçonnés" govern "émeutes"), and the few words before
it; in English, those few words alone. Background and habit count anywhere in the clause
("depuis novembre", "chaque année").

    >>> status(trigger, syntax, lexicon("fr"))      # "ils n'ont pas manifesté"
    'negated'
"""

from __future__ import annotations

from collections.abc import Sequence

from geomap.events.syntax import SentenceSyntax
from geomap.events.triggers import STATEMENT
from geomap.lang import Lexicon
from geomap.model import Trigger

FACTUAL, PLANNED, FORETOLD = "factual", "planned", "foretold"
# Cues in the order they win: a denied plan is denied, a planned protest against arrests
# is planned (the arrests are its topic). What someone said would happen is foretold: the
# detector keeps it as planned only if its clause names a day to come.
GOVERNING_CUES = (("negation", "negated"), ("hypothesis", "hypothetical"),
                  ("reported_future", FORETOLD), ("topic", "topic"),
                  ("generic", "habitual"), ("planning", PLANNED))
# Habits count anywhere in the clause ("Victoria Park, the traditional starting point of the
# city's mass marches"), history right before or after the trigger ("occupent depuis").
CLAUSE_CUES = (("habitual", "habitual"),)
NEAR_CUES = (("background", "background"),)
EVENT_STATUSES = (FACTUAL, PLANNED, FORETOLD)
AFTER_WORDS = 3             # background and habit also count right after the trigger ("occupent depuis")


def status(trigger: Trigger, syntax: SentenceSyntax, lex: Lexicon,
           before: Sequence[Trigger] = ()) -> str:
    """What the trigger's context makes of it: factual, planned, negated, hypothetical,
    topic, background or habitual. A statement is only ever denied: what it says is its
    own business. before: the sentence's triggers that come before this one."""
    offset = trigger.start - syntax.sentence.start
    governors = syntax.governors(trigger.start)
    window = syntax.window(trigger.start, lex.section("syntax")["cue_window_words"])
    i = syntax.token_at(trigger.start)
    if trigger.category == "protest" and _right_after(lex.cue("purpose"), window) \
            and not lex.cue("planning").search(window) \
            and any(t.category != STATEMENT for t in before):
        # "ont cessé le travail pour protester" is the strike; with no act named before,
        # what the act was for says what it was: "assis sur la chaussée pour barrer le passage"
        return "topic"
    cues = GOVERNING_CUES[:1] if trigger.category == STATEMENT else GOVERNING_CUES
    after = syntax.following(trigger.end, AFTER_WORDS)
    for cue, meaning in cues:
        pattern = lex.cue(cue)
        if pattern.search(window) or any(pattern.match(syntax.lowered, g) for g in governors
                                         if g != offset):
            return meaning
        if meaning == PLANNED and pattern.search(after):
            return meaning              # "protests are planned in London"
        if cue == "hypothesis" and syntax.conditional[i] and not syntax.predicate[i]:
            return meaning              # "puniraient les responsables des arrestations"
    if trigger.category == STATEMENT:
        return FACTUAL
    clause = syntax.clause_text(trigger.start)
    for cue, meaning in CLAUSE_CUES:
        if lex.cue(cue).search(clause):
            return meaning
    around = window + " " + syntax.following(trigger.end, AFTER_WORDS)
    for cue, meaning in NEAR_CUES:
        pattern = lex.cue(cue)
        if pattern.search(around) or any(pattern.match(syntax.lowered, g) for g in governors):
            return meaning
    return PLANNED if syntax.future[i] else FACTUAL


def _right_after(pattern, window: str) -> bool:
    """True when the window ends with the cue: "pour" right before "protester"."""
    return any(m.end() == len(window.rstrip()) for m in pattern.finditer(window.rstrip()))
