"""Triggers: the words that may name an event, found by the language data's patterns.

Overlaps are settled as spaCy's span_ruler filters them: the longest match wins, and
between matches of one length, the group declared first in the data file.

    >>> [t.category for t in find_triggers(sentence, lexicon("fr"))]   # "ont défilé à Minsk"
    ['protest']
"""

from __future__ import annotations

from geomap.lang import Lexicon
from geomap.model import Sentence, Trigger
from geomap.textnorm import lowered, straighten

STATEMENT = "statement"


def find_triggers(sentence: Sentence, lex: Lexicon) -> list[Trigger]:
    """The triggers of a sentence, in text order. Political statements count only in a
    sentence that names no other event."""
    low = lowered(sentence.text)
    written = None
    found: list[tuple[int, int, int, Trigger]] = []
    for order, group in enumerate(lex.triggers):
        if group.needs and not lex.cue(group.needs).search(low):
            continue
        if group.case_sensitive:
            written = written or straighten(sentence.text)
        category = group.category
        if group.switch_cue and lex.cue(group.switch_cue).search(low):
            category = group.switch_to
        for m in group.pattern.finditer(written if group.case_sensitive else low):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            found.append((start, end, order, Trigger(
                sentence=sentence.index, start=start, end=end, text=sentence.text[m.start():m.end()],
                category=category, role=group.role, keeps_origin=group.keeps_origin)))
    kept = _longest_first(found)
    if any(t.category != STATEMENT for t in kept):
        kept = [t for t in kept if t.category != STATEMENT]
    return kept


def _longest_first(found: list[tuple[int, int, int, Trigger]]) -> list[Trigger]:
    """Matches that overlap none longer or declared earlier, in text order."""
    kept: list[tuple[int, int]] = []
    out: list[Trigger] = []
    for start, end, _order, trigger in sorted(found, key=lambda f: (f[0] - f[1], f[2], f[0])):
        if not any(start < e and s < end for s, e in kept):
            kept.append((start, end))
            out.append(trigger)
    return sorted(out, key=lambda t: t.start)
