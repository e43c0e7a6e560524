"""The store contract: what every backend does, run against each of them.

A backend is added to conftest.BACKENDS, with how to make a fresh, empty database URL for a
test in conftest.new_database.
"""

from __future__ import annotations

import collections
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geomap.grid import cell_degrees, event_grid
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


# -- the map's grid and the chunked reading of downloads ---------------------------------------

def scattered_events(count: int = 400, seed: int = 7) -> pd.DataFrame:
    """Imported events around Minsk, Paris and on the antimeridian, of three types, over a
    month, some without a place."""
    rng = np.random.default_rng(seed)
    centres = np.array([(27.56, 53.9), (2.35, 48.85), (179.9, -16.5)])
    at = centres[rng.integers(0, len(centres), count)]
    lon = (at[:, 0] + rng.normal(0, 0.8, count)).clip(-180, 180)
    lat = (at[:, 1] + rng.normal(0, 0.5, count)).clip(-90, 90)
    types = np.array(["Protests", "Riots", "Strategic developments"])[rng.integers(0, 3, count)]
    unplaced = rng.random(count) < 0.05
    return pd.DataFrame({
        "category": "protest", "event_type": types,
        "date": [f"2020-08-{d:02d}" for d in rng.integers(1, 31, count)],
        "lat": np.where(unplaced, np.nan, lat), "lon": np.where(unplaced, np.nan, lon),
        "country_code": np.where(at[:, 0] < 10, "FR", "BY"),
        "sentence": "Notes.", "start": 0, "end": 0,
        "source_id": [f"S{i}" for i in range(count)]})


@pytest.fixture()
def scattered(store: Store) -> Store:
    store.add_dataset(Dataset(id="scattered", title="s.csv", source="test", description="",
                              digest="s" * 64), scattered_events())
    return store


GRID_FILTERS = [EventFilter(), EventFilter(type="Riots"),
                EventFilter(since=date(2020, 8, 10), until=date(2020, 8, 20)),
                EventFilter(bbox=(25.0, 52.0, 30.0, 56.0)), EventFilter(country="FR", type="Protests")]


def assert_grid_is_counted(store: Store, filters: EventFilter, cell: float) -> None:
    """The store's grid is the located events counted here per cell and type: their number,
    the sums of their lat and lon, the event's id in a row of one event; and its count of
    events is theirs."""
    events = store.events(filters, located=True)
    expected = (events.assign(gx=np.floor((events["lon"] + 180) / cell).astype(int),
                              gy=np.floor((events["lat"] + 90) / cell).astype(int))
                .groupby(["gx", "gy", "event_type"], dropna=False)
                .agg(n=("id", "size"), id=("id", "min"), lat=("lat", "sum"), lon=("lon", "sum")))
    counted = store.event_grid(filters, cell).set_index(["gx", "gy", "event_type"]).sort_index()
    assert counted.index.equals(expected.index)
    assert list(counted["n"]) == list(expected["n"])
    one = expected["n"] == 1
    assert list(counted["id"][one.to_numpy()]) == list(expected["id"][one])
    assert np.allclose(counted[["lat", "lon"]].to_numpy(float),
                       expected[["lat", "lon"]].to_numpy(float))
    assert store.count_events(filters) == len(store.events(filters))


@pytest.mark.parametrize("zoom", [0, 3, 8, 9, 12])
@pytest.mark.parametrize("filters", GRID_FILTERS, ids=str)
def test_grid_counts_each_located_event_once_in_its_cell(scattered: Store, filters: EventFilter,
                                                         zoom: int) -> None:
    assert len(scattered.events(filters, located=True)) > 0
    assert_grid_is_counted(scattered, filters, cell_degrees(zoom))


@pytest.mark.parametrize("filters", GRID_FILTERS, ids=str)
def test_grid_cells_add_up_to_what_is_shown(scattered: Store, filters: EventFilter) -> None:
    events = scattered.events(filters, located=True)
    for zoom in (1, 6, 11):
        grid = event_grid(scattered, filters, zoom)
        assert grid.total == len(events) == sum(c["count"] for c in grid.cells)
        types = collections.Counter()
        for c in grid.cells:
            types.update(c["types"])
            assert sum(c["types"].values()) == c["count"]
            assert (c["event_id"] is not None) == (c["count"] == 1)
        assert types == collections.Counter(events["event_type"])
        if filters.bbox:
            west, south, east, north = filters.bbox
            assert all(west <= c["lon"] <= east and south <= c["lat"] <= north for c in grid.cells)


def test_grid_is_counted_coarser_when_it_has_too_many_cells(scattered: Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fine = event_grid(scattered, EventFilter(), 14)
    monkeypatch.setattr("geomap.grid.MAX_CELLS", 20)
    coarse = event_grid(scattered, EventFilter(), 14)
    assert len(coarse.cells) <= 20 < len(fine.cells) and coarse.zoom < 14
    assert coarse.total == fine.total


def test_the_usual_filters_are_counted_from_the_counts_kept(scattered: Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    for name in ("_frame", "_rows"):
        read = getattr(scattered, name)
        monkeypatch.setattr(scattered, name, lambda sql, params=None, read=read:
                            asked.append(sql) or read(sql, params))
    for filters in (EventFilter(), EventFilter(type="Riots", country="FR", planned=False)):
        event_grid(scattered, filters, 2)
        scattered.count_events(filters)
    assert asked and all("FROM event_cells" in sql for sql in asked)
    asked.clear()
    event_grid(scattered, EventFilter(since=date(2020, 8, 10)), 2)
    event_grid(scattered, EventFilter(), 12)                 # finer than the cells kept
    assert asked and not any("event_cells" in sql for sql in asked)


def test_events_in_chunks_are_the_events(scattered: Store) -> None:
    for filters in (EventFilter(), EventFilter(type="Riots"), EventFilter(country="XX")):
        whole = scattered.events(filters, columns=["id", "event_type", "lat"], located=True)
        chunks = list(scattered.event_chunks(filters, columns=["event_type", "lat"], located=True,
                                             rows=37))
        assert all(len(c) <= 37 and list(c.columns) == ["event_type", "lat"] for c in chunks)
        joined = pd.concat(chunks, ignore_index=True) if chunks else whole[["event_type", "lat"]]
        assert joined.equals(whole[["event_type", "lat"]].reset_index(drop=True))


def test_the_filter_lists_are_the_distinct_values(scattered: Store) -> None:
    events = scattered.events()
    assert scattered.event_types() == sorted(set(events["event_type"]))
    assert scattered.countries() == sorted(set(events["country_code"]))
    assert scattered.sub_event_types() == []
