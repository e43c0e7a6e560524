"""The store contract: what every backend does, run against each of them.

A backend is added to conftest.BACKENDS, with how to make a fresh, empty database URL for a
test in conftest.new_database.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from geomap.ingest import ingest
from geomap.model import Article, Dataset, Event, Extraction, InputError
from geomap.pipeline import Pipeline
from geomap.query import EventFilter
from geomap.store import AddReport, IdCollision, Store, open_store
from geomap.store.sql import EVENT_COLUMNS

from conftest import BACKENDS, new_database


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return new_database(request.param, request, tmp_path / "deep")


@pytest.fixture()
def store(url: str) -> Store:
    return open_store(url)


def test_created_on_first_use(url: str) -> None:
    assert open_store(url).articles() == []


def test_same_article_twice_is_stored_once(store: Store, pipeline: Pipeline,
                                           seed_article: Article) -> None:
    assert ingest(store, [seed_article, seed_article], pipeline).new == [seed_article.id]
    assert ingest(store, [replace(seed_article, id="other-id")], pipeline).new == []
    assert len(store.articles()) == 1
    assert store.articles()[0]["events"] == len(store.events())


def test_nothing_is_half_written(store: Store, pipeline: Pipeline, seed_article: Article) -> None:
    good = pipeline.extract(seed_article)
    broken = pipeline.extract(Article(text="Des milliers ont manifesté samedi à Minsk.", lang="fr",
                                      published=date(2020, 8, 15)))
    broken.events[0].date = "not a date object"  # as_dict() fails on it mid-transaction
    with pytest.raises(AttributeError):
        store.add([good, broken])
    assert store.articles() == [] and store.events().empty


def test_filters(store: Store, pipeline: Pipeline, seed_article: Article) -> None:
    ingest(store, [seed_article], pipeline)
    everything = store.events()
    friday = store.events(EventFilter(since=date(2020, 8, 14), until=date(2020, 8, 14)))
    assert 0 < len(friday) < len(everything)
    assert set(friday["date"]) == {"2020-08-14"}
    assert set(store.events(EventFilter(type="Protests"))["event_type"]) == {"Protests"}
    assert store.events(EventFilter(country="FR")).empty


@pytest.mark.parametrize("raw, reason", [
    ({"since": "yesterday"}, "since"),
    ({"country": "Belarus"}, "two-letter"),
    ({"since": "2020-08-16", "until": "2020-08-10"}, "after"),
])
def test_bad_filters(raw: dict, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        EventFilter.parse(**raw)


@pytest.mark.parametrize("url", ["mysql://x", "sqlite://relative.sqlite", "sqlite:///", ""])
def test_urls_of_no_backend_are_refused(url: str) -> None:
    with pytest.raises(InputError, match="not supported"):
        open_store(url)


def test_search_sub_type_and_bbox(store: Store, pipeline: Pipeline, seed_article: Article) -> None:
    ingest(store, [seed_article], pipeline)
    gomel = store.events(EventFilter(q="GOMEL"))
    assert not gomel.empty and gomel["sentence"].str.contains("Gomel").all()
    intervened = store.events(EventFilter(sub_type="Protest with intervention"))
    assert not intervened.empty and set(intervened["sub_event_type"]) == {"Protest with intervention"}
    minsk = store.events(EventFilter(bbox=(27.0, 53.5, 28.0, 54.5)), located=True)
    assert not minsk.empty and minsk["lon"].between(27, 28).all() and minsk["lat"].between(53.5, 54.5).all()
    assert len(minsk) < len(store.events(located=True))
    assert store.count_events(EventFilter(country="BY")) == len(store.events(EventFilter(country="BY")))
    limited = store.events(limit=5)
    assert list(limited["date"]) == sorted(limited["date"], reverse=True)


@pytest.mark.parametrize("bbox, reason", [
    ("1,2,3", "four numbers"), ("a,b,c,d", "four numbers"), ("10,0,5,5", "out of range"),
    ("0,-91,5,5", "out of range"), ("nan,0,5,5", "out of range"),
])
def test_bad_bbox(bbox: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        EventFilter.parse(bbox=bbox)


def test_filter_round_trips_through_the_query_string() -> None:
    query = {"type": "Protests", "sub_type": "Peaceful protest", "since": "2020-08-10",
             "until": "2020-08-16", "country": "BY", "article": "a1", "q": "Minsk",
             "bbox": "27,53.5,28,54.5"}
    assert EventFilter.parse(**query).as_query() == query
    assert EventFilter.parse(**query).without_time().as_query() == {
        k: v for k, v in query.items() if k not in ("since", "until")}


# -- identity, ids, datasets and concurrent writers -------------------------------------------

def _extraction(text: str, id: str = "", url: str = "") -> Extraction:
    sentence = text
    event = Event("protest", "Protests", "Peaceful protest", date(2020, 8, 15), 1, "Minsk", 53.9,
                  27.56, 1, "BY", "city", sentence, 0, len(sentence), id, "manifesté")
    return Extraction(Article(text=text, lang="fr", id=id, url=url), [], [], [event])


def test_two_texts_never_share_an_article(store: Store) -> None:
    first = store.add([_extraction("Manifestation à Minsk.", id="x")])
    second = store.add([_extraction("Grève à Gomel.", id="x")])
    assert first.new == ["x"] and second.new[0].startswith("x-") and second.renamed == {
        "x": second.new[0]}
    assert store.article(second.new[0])["text"] == "Grève à Gomel."
    with pytest.raises(IdCollision, match="'x'"):
        store.add([_extraction("Émeute à Brest.", id="x")], on_collision="refuse")
    again = store.add([_extraction("Grève à Gomel.", id="x")], on_collision="refuse")
    assert again.new == [] and again.known == [second.new[0]]
    assert len(store.articles()) == 2


def test_the_same_text_at_two_urls_is_two_articles(store: Store) -> None:
    text = "Manifestation à Minsk."
    report = store.add([_extraction(text, url="https://a.example/1"),
                        _extraction(text, url="https://b.example/2"),
                        _extraction(text, url="https://a.example/1")])
    assert len(report.new) == 2 and len(report.known) == 1
    assert store.known([Article(text, "fr", url="https://b.example/2")])


def test_a_dataset_is_a_record_of_its_own(store: Store) -> None:
    dataset = Dataset(id="dataset-1", title="acled.csv", source="ACLED-style CSV",
                      description="3 events", digest="d" * 64)
    events = pd.DataFrame({"category": ["protest"], "event_type": ["Protests"],
                           "date": ["2020-08-15"], "lat": [53.9], "lon": [27.56],
                           "sentence": ["Notes."], "start": [0], "end": [0],
                           "source_id": ["BLR1"]})
    assert store.add_dataset(dataset, events)
    assert not store.add_dataset(dataset, events)
    assert store.article("dataset-1") is None
    assert store.dataset("dataset-1")["kind"] == "dataset"
    assert [a["kind"] for a in store.articles()] == ["dataset"]
    stored = store.events(EventFilter(article="dataset-1"))
    assert list(stored["article_id"]) == ["dataset-1"] and list(stored["source_id"]) == ["BLR1"]
    assert set(store.articles_frame()["article_kind"]) == {"dataset"}


def test_an_article_stored_again_with_replace_takes_the_place_of_the_old(store: Store) -> None:
    """As `geomap retry` stores an article geocoded anew: same article, new events."""
    old = _extraction("Manifestation à Minsk.", id="x")
    store.add([old, _extraction("Grève à Gomel.", id="y")])
    again = _extraction("Manifestation à Minsk.", id="x")
    again.events[0] = replace(again.events[0], location="Minsk centre", lat=53.91)
    assert store.add([again], replace=True).replaced == ["x"]
    assert sorted(a["id"] for a in store.articles()) == ["x", "y"]
    minsk = store.events(EventFilter(article="x"))
    assert list(minsk["location"]) == ["Minsk centre"] and list(minsk["lat"]) == [53.91]
    both = store.events()                    # y's event (the helper's) is the same protest
    assert len(both) == 1 and list(both["source_ids"]) == ["x;y"]


def test_every_field_of_an_event_is_stored(store: Store) -> None:
    assert set(EVENT_COLUMNS) <= set(store.events().columns)
    store.add([_extraction("Manifestation à Minsk.")])
    row = store.events().iloc[0]
    assert row["trigger"] == "manifesté" and row["date"] == "2020-08-15"


def test_concurrent_writers_store_each_article_once(url: str) -> None:
    """8 threads, each with its own store, add 40 articles of which half are shared."""
    texts = [f"Manifestation numéro {i} à Minsk." for i in range(200)]
    plans = [texts[w * 20:(w + 1) * 20] + texts[((w + 1) % 8) * 20:][:20] for w in range(8)]
    open_store(url)

    def write(plan: list[str]) -> AddReport:
        store, report = open_store(url), AddReport()
        for start in range(0, len(plan), 4):
            report.merge(store.add([_extraction(t) for t in plan[start:start + 4]]))
        return report

    with ThreadPoolExecutor(8) as pool:
        reports = list(pool.map(write, plans))
    assert sum(len(r.new) for r in reports) == 160
    assert sum(len(r.known) for r in reports) == 160
    assert len(open_store(url).articles()) == 160
