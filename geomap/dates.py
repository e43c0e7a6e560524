"""Dates in article text, resolved against the article's publication date.

Weekday names are resolved here rather than by a date library: in an article
published on Saturday 2020-08-15, "samedi" is that day, "lundi" 2020-08-10,
"dimanche dernier" 2020-08-09, and a planned "dimanche" 2020-08-16.
time_precision follows ACLED: 1 = the day, 2 = within a week, 3 = within a month.
The words come from the language data (geomap/lang/*.toml, section [dates]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from geomap.lang import available, lexicon, words
from geomap.textnorm import lowered

YEAR_ROLLBACK_DAYS = 60     # "le 28 décembre" in a January article is last December
SATURDAY = 5                # date.weekday() of the day a weekend is dated by


@dataclass(frozen=True)
class DateMention:
    """A date named in a sentence: its offsets in the sentence, its day and precision."""

    start: int
    end: int
    value: date
    precision: int
    since: bool = False     # the start of a state: "depuis samedi", "since April 9"
    bare_weekday: bool = False  # a weekday without "dernier" or "prochain": "samedi"


@dataclass(frozen=True)
class StoryDay:
    """A day counted from the story's day, not from publication: "la veille" is -1."""

    start: int
    end: int
    offset: int


@dataclass(frozen=True)
class _Patterns:
    weekday: re.Pattern
    days: re.Pattern
    weeks: re.Pattern
    story: re.Pattern
    clause: re.Pattern
    weekend: re.Pattern
    weekends: dict[str, int]
    calendar: tuple[re.Pattern, ...]
    month_year: re.Pattern
    year: re.Pattern
    future: re.Pattern
    weekdays: tuple[str, ...]
    month_numbers: dict[str, int]
    relative_days: dict[str, int]
    relative_weeks: dict[str, int]
    story_days: dict[str, int]
    clause_days: dict[str, int]
    past_words: tuple[str, ...]
    next_words: tuple[str, ...]
    last_words: tuple[str, ...]
    coming_words: tuple[str, ...]
    every_words: tuple[str, ...]
    since: re.Pattern


def _alternation(items) -> str:
    return "|".join(sorted(map(re.escape, items), key=len, reverse=True))


@cache
def _patterns(lang: str) -> _Patterns:
    """The date patterns of a language, compiled once from its data file."""
    data = lexicon(lang).section("dates")
    months = {m: i + 1 for i, m in enumerate(data["months"])}
    for abbreviation in data["month_abbreviations"]:
        months.setdefault(abbreviation, next(i + 1 for i, m in enumerate(data["months"])
                                             if m.startswith(abbreviation[:3])))
    month_words = _alternation(months)
    suffix = f"(?:{_alternation(data['day_suffixes'])})?" if data["day_suffixes"] else ""
    calendar = [rf"\b(?P<day>\d{{1,2}}){suffix}\s+(?P<month>{month_words})\.?"
                rf"(?:,?\s+(?P<year>\d{{4}}))?\b",
                rf"\b(?P<month>{month_words})\.?\s+(?P<day>\d{{1,2}}){suffix}"
                rf"(?:,?\s+(?P<year>\d{{4}}))?\b"]
    return _Patterns(
        weekday=re.compile(rf"\b({_alternation(data['weekdays'])})\b(?:\s+(\w+))?"),
        days=re.compile(rf"(?<![\w-])({_alternation(data['relative_days'])})(?![\w-])"),
        weeks=re.compile(rf"\b({_alternation(data['relative_weeks'])})\b"),
        story=re.compile(rf"(?<![\w-])({_alternation(data['story_days'])})(?![\w-])"),
        clause=re.compile(rf"(?<![\w-])({_alternation(data['clause_days'])})(?:(?<=')|(?![\w-]))"),
        weekend=re.compile(rf"(?<![\w-])({_alternation(data['weekends'])})(?![\w-])"),
        weekends=data["weekends"],
        calendar=tuple(re.compile(p) for p in calendar),
        month_year=re.compile(rf"\b(?P<month>{month_words})\.?\s+(?P<year>\d{{4}})\b"),
        year=re.compile(rf"\b(?:{_alternation(data['year_words'])})\s+(?P<year>1\d{{3}}|20\d{{2}})\b"),
        future=words(data["future_cues"]),
        weekdays=tuple(data["weekdays"]), month_numbers=months,
        relative_days=data["relative_days"], relative_weeks=data["relative_weeks"],
        story_days=data["story_days"], clause_days=data["clause_days"], past_words=tuple(data["past_words"]),
        next_words=tuple(data["next_words"]), last_words=tuple(data["last_words"]),
        coming_words=tuple(data["coming_words"]), every_words=tuple(data["every_words"]),
        since=re.compile(rf"(?<![\w-])(?:{_alternation(data['since_words'])})\s+(?:(?:le|la|les|l'|the)\s+)?$"),
    )


def find_dates(text: str, lang: str, published: date | None) -> list[DateMention]:
    """All dates named in a sentence, resolved against the publication date; those that
    start a state ("observent depuis samedi une grève de la faim") are marked since.

    >>> [d.value.isoformat() for d in find_dates("Ils ont défilé vendredi.", "fr", date(2020, 8, 15))]
    ['2020-08-14']
    """
    if published is None or lang not in available():
        return []
    p = _patterns(lang)
    found: list[DateMention] = []
    low = lowered(text)
    for m in p.weekday.finditer(low):
        before = low[max(0, m.start() - 12):m.start()].strip()
        future = bool(p.future.search(low[max(0, m.start() - 80):m.start()]))
        qualifier = m.group(2) or ""
        if any(before.endswith(w) for w in p.every_words):
            continue                            # "comme chaque samedi": a habit, not a day
        day = _weekday(published, p.weekdays.index(m.group(1)), p, qualifier, before, future)
        end = m.end() if qualifier in p.past_words + p.next_words else m.end(1)
        bare = qualifier not in p.past_words + p.next_words and \
            not any(before.endswith(w) for w in p.last_words + p.coming_words)
        if day is not None:
            found.append(DateMention(m.start(), end, day, 1, bare_weekday=bare))
    for m in p.days.finditer(low):
        day = _shifted(published, p.relative_days[m.group(1)])
        if day is not None:
            found.append(DateMention(m.start(), m.end(), day, 1))
    for m in p.weeks.finditer(low):
        day = _shifted(published, p.relative_weeks[m.group(1)])
        if day is not None:
            found.append(DateMention(m.start(), m.end(), day, 2))
    for m in p.weekend.finditer(low):
        day = _weekend(published, p.weekends[m.group(1)],
                       bool(p.future.search(low[max(0, m.start() - 80):m.start()])))
        if day is not None:
            found.append(DateMention(m.start(), m.end(), day, 2))
    found += _calendar_dates(low, p, published)
    found += _months_and_years(low, p, published)
    return sorted((replace(d, since=True) if p.since.search(low[:d.start]) else d
                   for d in _without_overlaps(found)), key=lambda d: d.start)


def find_story_days(text: str, lang: str) -> list[StoryDay]:
    """Days counted from the story's day: "la veille", "the next day"."""
    if lang not in available():
        return []
    p = _patterns(lang)
    return [StoryDay(m.start(), m.end(), p.story_days[m.group(1)])
            for m in p.story.finditer(lowered(text))]


def find_clause_days(text: str, lang: str) -> list[StoryDay]:
    """Days counted from the day of the clause the words hang on: "a day after" is -1.

    >>> find_clause_days("Lagos burns, a day after soldiers fired", "en")[0].offset
    -1
    """
    if lang not in available():
        return []
    p = _patterns(lang)
    return [StoryDay(m.start(), m.end(), p.clause_days[m.group(1)])
            for m in p.clause.finditer(lowered(text))]


def _shifted(day: date, days: int) -> date | None:
    """day + days, or None past the ends of the calendar (year 1 or 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _weekday(published: date, weekday: int, p: _Patterns, qualifier: str, before: str,
             future: bool) -> date | None:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if qualifier in p.past_words or any(before.endswith(w) for w in p.last_words):
        return _shifted(published, -(back or 7))
    if qualifier in p.next_words or any(before.endswith(w) for w in p.coming_words):
        return _shifted(published, ahead or 7)
    if future:
        return _shifted(published, ahead)
    return _shifted(published, -back)


def _weekend(published: date, which: int, future: bool) -> date | None:
    """The Saturday of a weekend: "ce week-end" in a Monday article is the one just past,
    unless something is planned; "le week-end dernier" in a Sunday article the one before."""
    during = published.weekday() >= SATURDAY          # published on the weekend itself
    past = _shifted(published, -((published.weekday() - SATURDAY) % 7))
    coming = _shifted(published, (SATURDAY - published.weekday()) % 7)
    if past is None or coming is None:
        return None
    if which == 0:
        return past if during or not future else coming
    if which < 0:
        return _shifted(past, -7) if during else past
    return _shifted(past, 7) if during else coming


def _calendar_dates(low: str, p: _Patterns, published: date) -> list[DateMention]:
    """"15 août 2020", "le 9 août", "August 9, 2020", "Aug. 9", "9 August"."""
    out = []
    for pattern in p.calendar:
        for m in pattern.finditer(low):
            month = p.month_numbers[m.group("month")]
            year = int(m.group("year")) if m.group("year") else published.year
            try:
                value = date(year, month, int(m.group("day")))
                if not m.group("year") and value > published + timedelta(days=YEAR_ROLLBACK_DAYS):
                    value = value.replace(year=year - 1)
            except (ValueError, OverflowError):
                continue
            out.append(DateMention(m.start(), m.end(), value, 1))
    return out


def _months_and_years(low: str, p: _Patterns, published: date) -> list[DateMention]:
    """"en mars 2021" (known to the month), and "en 1994" in another year than publication
    (history: an event there is none of the article's days)."""
    out = [DateMention(m.start(), m.end(), date(int(m.group("year")), p.month_numbers[m.group("month")], 1), 3)
           for m in p.month_year.finditer(low) if 1 <= int(m.group("year")) <= 9999]
    out += [DateMention(m.start(), m.end(), date(int(m.group("year")), 1, 1), 3)
            for m in p.year.finditer(low) if int(m.group("year")) != published.year]
    return out


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    kept: list[DateMention] = []
    for d in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
        if not any(d.start < k.end and k.start < d.end for k in kept):
            kept.append(d)
    return kept
