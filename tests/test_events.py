"""Stage 3: events, their dates and places."""

from __future__ import annotations

from geomap.model import Extraction
from geomap.pipeline import Pipeline

from conftest import en, fr


def test_sample_events_in_minsk_and_gomel(seed_extraction: Extraction) -> None:
    by_place: dict[str, set[str]] = {}
    for e in seed_extraction.events:
        by_place.setdefault(e.location, set()).add(e.date.isoformat() if e.date else "")
    minsk = by_place["Minsk"]
    assert {"2020-08-14", "2020-08-16"} <= minsk
    assert any(e.country_code == "BY" and abs(e.lat - 52.43) < 0.1 for e in seed_extraction.events)


def test_sample_protest_at_tv_centre(seed_extraction: Extraction) -> None:
    tv = [e for e in seed_extraction.events if e.feature == "landmark" and e.category == "protest"]
    assert tv and tv[0].date.isoformat() == "2020-08-15"
    assert tv[0].geo_precision == 1
    assert tv[0].crowd_size == "des milliers"


def test_planned_march_is_next_sunday(seed_extraction: Extraction) -> None:
    planned = [e for e in seed_extraction.events if e.planned]
    assert any(e.date.isoformat() == "2020-08-16" and e.location == "Minsk" for e in planned)


def test_death_in_custody_in_gomel(seed_extraction: Extraction) -> None:
    deaths = [e for e in seed_extraction.events if e.category == "death"]
    assert any(e.fatalities == 2 and e.country_code == "BY" for e in deaths)


def test_provenance(seed_extraction: Extraction) -> None:
    text = seed_extraction.article.text
    for e in seed_extraction.events:
        assert text[e.start:e.end] == e.sentence
        assert e.article_id == seed_extraction.article.id
        if e.place_start is not None:
            assert e.location


def test_acled_coding(pipeline: Pipeline) -> None:
    ex = pipeline.extract(en("Police fired tear gas to disperse protesters in Minsk on Sunday. "
                             "Two protesters were killed in Gomel on Monday. "
                             "Workers went on strike in Grodno on Friday."))
    kinds = {(e.category, e.event_type, e.sub_event_type) for e in ex.events}
    assert ("protest", "Protests", "Protest with intervention") in kinds
    assert ("police_intervention", "Protests", "Protest with intervention") in kinds
    assert ("strike", "Protests", "Peaceful protest") in kinds
    death = next(e for e in ex.events if e.category == "death")
    assert death.fatalities == 2 and death.date.isoformat() == "2020-08-10"


def test_statement_is_its_own_type(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("Le ministre a déclaré samedi que la situation était calme à Minsk."))
    assert [e.event_type for e in ex.events] == ["Political statement"]


def test_metonymic_place_does_not_locate_events(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("Moscou a dénoncé samedi les violences. Des centaines de "
                             "manifestants ont été arrêtés à Minsk."))
    assert {e.location for e in ex.events if e.event_type != "Political statement"} == {"Minsk"}
    assert {e.location for e in ex.events if e.event_type == "Political statement"} == {"Moscou"}


def test_statement_is_located_at_its_speaker(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("La police a arrêté 36 personnes à Hong Kong. Pékin a dénoncé samedi "
                             "des « actes terroristes »."))
    statement = next(e for e in ex.events if e.event_type == "Political statement")
    assert statement.location == "Pékin"
    assert next(e for e in ex.events if e.category == "arrest").location == "Hong Kong"


def test_one_event_per_town_listed(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("A Bordeaux, Toulouse et Marseille, les cortèges ont rassemblé "
                             "plusieurs milliers de personnes samedi. Des manifestants de Minsk "
                             "ont défilé à Gomel."))
    towns = [e.location for e in ex.events if e.event_type == "Protests"]
    assert towns == ["Bordeaux", "Toulouse", "Marseille", "Gomel"]


def test_riots_are_their_own_type(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("Des émeutes ont éclaté lundi à Nouméa. La police anti-émeute a "
                             "bouclé le centre de Minsk."))
    assert [(e.event_type, e.location) for e in ex.events if e.event_type == "Riots"] == \
        [("Riots", "Nouméa")]
    english = pipeline.extract(en("Rioters torched cars in Leicester on Saturday."))
    assert english.events[0].event_type == "Riots"


def test_triggers_ignore_case_except_english_march(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("MANIFESTATION à Gomel : Des Milliers de personnes ont défilé."))
    assert [e.category for e in ex.events] == ["protest"]
    assert ex.events[0].crowd_size == "Des Milliers"        # as written, not lowered
    month = pipeline.extract(en("In March, the council met in Leicester."))
    assert month.events == []
    marched = pipeline.extract(en("Protesters marched in Leicester on Saturday."))
    assert [e.category for e in marched.events] == ["protest"]
