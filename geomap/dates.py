"""Dates in article text, resolved against the article's publication date.

Weekday names are resolved here rather than by a date library: in an article
published on Saturday 2020-08-15, "samedi" is that day, "lundi" 2020-08-10,
"dimanche dernier" 2020-08-09, and a planned "dimanche" 2020-08-16.
time_precision follows ACLED: 1 = the day, 2 = within a week, 3 = within a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geomap.textnorm import lowered

WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
}
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"],
}
MONTH_NUMBERS = {
    "fr": {m: i + 1 for i, m in enumerate(MONTHS["fr"])},
    "en": {m: i + 1 for i, m in enumerate(MONTHS["en"])}
    | {m[:3]: i + 1 for i, m in enumerate(MONTHS["en"])} | {"sept": 9},
}
RELATIVE_DAYS = {
    "fr": {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "ce matin": 0, "ce soir": 0,
           "cette nuit": 0, "demain": 1, "après-demain": 2},
    "en": {"the day before yesterday": -2, "yesterday": -1, "today": 0, "this morning": 0,
           "tonight": 0, "this evening": 0, "last night": -1, "tomorrow": 1},
}
RELATIVE_WEEKS = {
    "fr": {"cette semaine": 0, "ce week-end": 0, "la semaine dernière": -7,
           "la semaine passée": -7, "la semaine prochaine": 7},
    "en": {"this week": 0, "this weekend": 0, "last week": -7, "next week": 7},
}
PAST_WORDS = {"fr": ("dernier", "passé"), "en": ("last", "past")}
NEXT_WORDS = {"fr": ("prochain",), "en": ("next", "coming")}
FUTURE_CUES = {
    "fr": re.compile(r"\b(prévoi\w*|prévu\w*|aura lieu|auront lieu|va |vont |devrai\w*|"
                     r"appel\w* à|projett\w*|compte\w*|organisera\w*|se tiendra)"),
    "en": re.compile(r"\b(will|plans?|planned|planning|is expected|are expected|to be held|"
                     r"scheduled|called for|is set to|are set to)\b"),
}


@dataclass(frozen=True)
class DateMention:
    start: int              # offsets within the sentence text
    end: int
    value: date
    precision: int


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _patterns(lang: str) -> dict[str, re.Pattern | list[re.Pattern]]:
    """The date patterns of a language, compiled once."""
    months = _alternation(MONTH_NUMBERS[lang])
    calendar = [rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{months})\.?"
                rf"(?:\s+(?P<year>\d{{4}}))?\b"]
    if lang == "en":
        calendar.append(rf"\b(?P<month>{months})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                        rf"(?:,?\s+(?P<year>\d{{4}}))?\b")
    return {
        "weekday": re.compile(rf"\b({_alternation(WEEKDAYS[lang])})\b(?:\s+(\w+))?"),
        "days": re.compile(rf"(?<![\w-])({_alternation(RELATIVE_DAYS[lang])})(?![\w-])"),
        "weeks": re.compile(rf"\b({_alternation(RELATIVE_WEEKS[lang])})\b"),
        "calendar": [re.compile(pattern) for pattern in calendar],
    }


PATTERNS = {lang: _patterns(lang) for lang in WEEKDAYS}


def find_dates(text: str, lang: str, published: date | None) -> list[DateMention]:
    """All dates named in a sentence, resolved against the publication date."""
    if published is None or lang not in WEEKDAYS:
        return []
    found: list[DateMention] = []
    low = lowered(text)
    for m in PATTERNS[lang]["weekday"].finditer(low):
        before = low[max(0, m.start() - 6):m.start()]
        future = bool(FUTURE_CUES[lang].search(low[max(0, m.start() - 80):m.start()]))
        qualifier = m.group(2) or ""
        day = _weekday(published, WEEKDAYS[lang].index(m.group(1)), lang, qualifier, before, future)
        end = m.end() if qualifier in PAST_WORDS[lang] + NEXT_WORDS[lang] else m.end(1)
        found.append(DateMention(m.start(), end, day, 1))
    for m in PATTERNS[lang]["days"].finditer(low):
        offset = RELATIVE_DAYS[lang][m.group(1)]
        found.append(DateMention(m.start(), m.end(), published + timedelta(days=offset), 1))
    for m in PATTERNS[lang]["weeks"].finditer(low):
        offset = RELATIVE_WEEKS[lang][m.group(1)]
        found.append(DateMention(m.start(), m.end(), published + timedelta(days=offset), 2))
    found += _calendar_dates(low, lang, published)
    return sorted(_without_overlaps(found), key=lambda d: d.start)


def _weekday(published: date, weekday: int, lang: str, qualifier: str, before: str,
             future: bool) -> date:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if qualifier in PAST_WORDS[lang] or before.strip().endswith("last"):
        return published - timedelta(days=back or 7)
    if qualifier in NEXT_WORDS[lang] or before.strip().endswith("next"):
        return published + timedelta(days=ahead or 7)
    if future:
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _calendar_dates(low: str, lang: str, published: date) -> list[DateMention]:
    """"15 août 2020", "le 9 août", "August 9, 2020", "Aug. 9", "9 August"."""
    numbers = MONTH_NUMBERS[lang]
    out = []
    for pattern in PATTERNS[lang]["calendar"]:
        for m in pattern.finditer(low):
            month = numbers[m.group("month")]
            year = int(m.group("year")) if m.group("year") else published.year
            try:
                value = date(year, month, int(m.group("day")))
            except ValueError:
                continue
            if not m.group("year") and value > published + timedelta(days=60):
                value = value.replace(year=year - 1)
            out.append(DateMention(m.start(), m.end(), value, 1))
    return out


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    kept: list[DateMention] = []
    for d in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
        if not any(d.start < k.end and k.start < d.end for k in kept):
            kept.append(d)
    return kept
