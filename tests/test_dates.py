"""Dates resolved from the publication date (Saturday 2020-08-15)."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.dates import find_clause_days, find_dates

SATURDAY = date(2020, 8, 15)


@pytest.mark.parametrize("text, lang, expected", [
    ("Loukachenko a déclaré samedi que", "fr", "2020-08-15"),
    ("il est décédé lundi.", "fr", "2020-08-10"),
    ("il aurait été réélu dimanche dernier.", "fr", "2020-08-09"),
    ("L'opposition prévoit une grande démonstration de force dimanche.", "fr", "2020-08-16"),
    ("Ils ont défilé vendredi à Minsk.", "fr", "2020-08-14"),
    ("Une manifestation est prévue samedi prochain.", "fr", "2020-08-22"),
    ("Ils ont manifesté hier.", "fr", "2020-08-14"),
    ("Le 9 août 2020, les bureaux de vote ont fermé.", "fr", "2020-08-09"),
    ("Protesters marched on Friday.", "en", "2020-08-14"),
    ("The opposition will march on Sunday.", "en", "2020-08-16"),
    ("He was re-elected last Sunday.", "en", "2020-08-09"),
    ("On Aug. 9, the polls closed.", "en", "2020-08-09"),
    ("Polls closed on 9 August 2020.", "en", "2020-08-09"),
    ("Ils défileront mardi.", "fr", "2020-08-18"),                 # the future tense looks ahead
    ("Le front a tenu mardi.", "fr", "2020-08-11"),
    ("La nuit dernière, des voitures ont brûlé.", "fr", "2020-08-14"),
])
def test_dates_resolve_from_publication(text: str, lang: str, expected: str) -> None:
    found = find_dates(text, lang, SATURDAY)
    assert [d.value.isoformat() for d in found] == [expected]
    assert found[0].precision == 1


@pytest.mark.parametrize("text, lang", [
    ("Des femmes ont marché, comme chaque samedi depuis la mi-août.", "fr"),
    ("Women marched, as they have every Saturday since mid-August.", "en"),
    ("Each Sunday, the square fills with supporters.", "en"),
])
def test_a_weekday_of_a_habit_is_no_date(text: str, lang: str) -> None:
    assert [d for d in find_dates(text, lang, SATURDAY) if d.bare_weekday] == []


def test_week_expressions_have_week_precision() -> None:
    (found,) = find_dates("lors de la répression de cette semaine", "fr", SATURDAY)
    assert found.precision == 2


def test_december_date_in_january_article_is_last_year() -> None:
    (found,) = find_dates("Le 28 décembre, des milliers ont manifesté.", "fr", date(2021, 1, 3))
    assert found.value == date(2020, 12, 28)


def test_no_publication_date_means_no_relative_dates() -> None:
    assert find_dates("Ils ont défilé vendredi.", "fr", None) == []


@pytest.mark.parametrize("text, lang, published, expected", [
    ("Ils ont manifesté ce week-end.", "fr", date(2020, 8, 17), "2020-08-15"),       # a Monday
    ("Ils manifesteront ce week-end.", "fr", date(2020, 8, 17), "2020-08-22"),
    ("Ils ont manifesté le week-end dernier.", "fr", date(2020, 8, 16), "2020-08-08"),  # a Sunday
    ("They will march next weekend.", "en", date(2020, 8, 16), "2020-08-22"),
])
def test_weekends_are_their_saturday_to_the_week(text: str, lang: str, published: date,
                                                 expected: str) -> None:
    (found,) = find_dates(text, lang, published)
    assert (found.value.isoformat(), found.precision) == (expected, 2)


def test_the_start_of_a_state_is_marked() -> None:
    (found,) = find_dates("Ils observent depuis samedi une grève de la faim.", "fr", SATURDAY)
    assert found.since and found.value == SATURDAY


@pytest.mark.parametrize("text, expected", [
    ("En mars 2021, l'arrestation avait provoqué des émeutes.", ("2021-03-01", 3)),
    ("Le régime est en place depuis 1994.", ("1994-01-01", 3)),
])
def test_months_and_other_years_are_history_markers(text: str, expected: tuple) -> None:
    (found,) = find_dates(text, "fr", SATURDAY)
    assert (found.value.isoformat(), found.precision) == expected


def test_the_ends_of_the_calendar_give_no_date() -> None:
    assert find_dates("Ils ont manifesté hier.", "fr", date(1, 1, 1)) == []
    assert find_dates("Ils manifesteront demain.", "fr", date(9999, 12, 31)) == []


@pytest.mark.parametrize("text, lang, offset", [
    ("Lagos burns, a day after soldiers fired on protesters", "en", -1),
    ("two days after the vote", "en", -2),
    ("Lagos brûle, au lendemain d'une fusillade", "fr", -1),
    ("à la veille du scrutin", "fr", 1),
])
def test_clause_days_count_from_the_clause_they_hang_on(text: str, lang: str, offset: int) -> None:
    assert [d.offset for d in find_clause_days(text, lang)] == [offset]
