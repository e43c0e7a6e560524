"""The store contract for events across articles and their review: one event for many
reports, statuses, corrections that survive a new version, deleting, merging and splitting,
the audit log and editors' accounts. Run on every backend (see conftest.BACKENDS)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from geomap.importer import read_dataset, store_dataset
from geomap.ingest import ingest
from geomap.model import Article, InputError
from geomap.pipeline import Pipeline
from geomap.query import STATUSES, EventFilter
from geomap.store import Store

from geomap.grid import cell_degrees

from test_contract import assert_grid_is_counted
from test_contract import store, url  # noqa: F401  (fixtures: every test runs on each backend)

DAY = date(2020, 8, 17)

# Real-looking reports, each a list of (language, text) articles, and how many events the
# articles make together.
STORIES = [
    ("the same rally, by AFP in French and by Reuters in English", [
        ("fr", "MINSK (AFP) - Des dizaines de milliers de personnes ont manifesté dimanche à Minsk"
               " contre la réélection d'Alexandre Loukachenko, selon les médias indépendants."),
        ("en", "MINSK (Reuters) - Tens of thousands of people rallied on Sunday in Independence"
               " Square in Minsk against the re-election of Alexander Lukashenko."),
    ], 1),
    ("two protests in two districts of Paris on one day", [
        ("fr", "Des centaines de personnes ont manifesté samedi place de la République à Paris"
               " contre la réforme des retraites, a constaté un journaliste."),
        ("fr", "Samedi, des milliers de manifestants se sont rassemblés place de la Nation à"
               " Paris pour dénoncer la fermeture d'un hôpital."),
    ], 2),
    ("a protest and a strike at one factory", [
        ("fr", "Les ouvriers de l'usine de tracteurs de Minsk se sont mis en grève lundi pour"
               " exiger le départ du président."),
        ("en", "Hundreds of people protested on Monday outside the Minsk Tractor Works, where"
               " opposition supporters gathered."),
    ], 2),
    ("one strike told by three outlets, one a day later", [
        ("fr", "Les ouvriers de l'usine de tracteurs de Minsk se sont mis en grève lundi."),
        ("en", "Workers at the Minsk Tractor Works went on strike on Monday."),
        ("fr", "Lundi, les ouvriers de l'usine de tracteurs de Minsk ont cessé le travail,"
               " en grève contre le régime."),
    ], 1),
]


def _article(lang: str, text: str, **more: object) -> Article:
    return Article(text=text, lang=lang, published=DAY, **more)


@pytest.mark.parametrize("what, articles, expected", STORIES, ids=[s[0] for s in STORIES])
def test_articles_make_the_right_number_of_events(store: Store, pipeline: Pipeline, what: str,
                                                  articles: list, expected: int) -> None:
    report = ingest(store, [_article(lang, text) for lang, text in articles], pipeline)
    assert len(report.new) == len(articles)
    events = store.events()
    assert len(events) == expected, what
    assert events["source_count"].sum() == len(articles)        # every article is a source
    for article_id in report.new:                               # and finds its event
        assert len(store.events(EventFilter(article=article_id))) >= 1
    if expected == 1:
        assert sorted(events["source_ids"].iloc[0].split(";")) == sorted(report.new)
        sources = json.loads(events["sources"].iloc[0])
        assert {s["article_id"] for s in sources} == set(report.new)


ACLED_ROW = {"event_id_cnty": "BLR1234", "event_date": "2020-08-16", "event_type": "Protests",
             "sub_event_type": "Peaceful protest", "country": "Belarus", "admin1": "Minsk",
             "location": "Minsk", "latitude": "53.9000", "longitude": "27.5667",
             "geo_precision": "1", "time_precision": "1", "fatalities": "0",
             "notes": "On 16 August 2020, tens of thousands demonstrated in Minsk.",
             "source": "Nasha Niva"}
OTHER_ROW = {**ACLED_ROW, "event_id_cnty": "BLR1235", "location": "Brest", "admin1": "Brest",
             "latitude": "52.0976", "longitude": "23.7341", "notes": "Protest in Brest."}
RALLY = STORIES[0][1][0]


def _acled(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "acled.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("article_first", [True, False], ids=["article first", "ACLED first"])
def test_an_article_event_that_acled_has_is_linked_to_it(store: Store, pipeline: Pipeline,
                                                         tmp_path: Path, article_first: bool) -> None:
    article = _article(*RALLY)
    dataset = read_dataset(_acled(tmp_path, [ACLED_ROW, OTHER_ROW]))
    if article_first:
        ingest(store, [article], pipeline)
        store_dataset(store, dataset)
    else:
        store_dataset(store, dataset)
        ingest(store, [article], pipeline)
    events = store.events()
    assert len(events) == 2                                     # Minsk once, and Brest
    minsk = events[events["location"] == "Minsk"].iloc[0]
    assert minsk["source_count"] == 2
    assert set(minsk["source_ids"].split(";")) == {article.id, "BLR1234"}
    assert minsk["source_id"] == "BLR1234"                      # ACLED's coding is kept
    assert len(store.events(EventFilter(article=article.id))) == 1
    assert len(store.events(EventFilter(article=dataset.record.id))) == 2


def _rally(store: Store, pipeline: Pipeline) -> tuple[str, int]:
    article = _article("fr", "Des milliers de personnes ont manifesté dimanche à Minsk. Lundi,"
                             " les ouvriers de l'usine de tracteurs de Minsk se sont mis en grève."
                             " Le même jour, des manifestants se sont rassemblés à Gomel.",
                       id="rally-1", url="https://news.example/rally")
    ingest(store, [article], pipeline)
    return article.id, len(store.events())


def test_review_statuses_filter_what_is_shown(store: Store, pipeline: Pipeline) -> None:
    _, count = _rally(store, pipeline)
    ids = list(store.events()["id"])
    assert set(store.events()["status"]) == {"auto"} and count >= 3
    store.set_status(ids[0], "verified", "ana")
    store.set_status(ids[1], "rejected", "ana")
    assert ids[1] not in set(store.events()["id"])              # all but rejected by default
    assert set(store.events(EventFilter(status=("verified",)))["id"]) == {ids[0]}
    assert len(store.events(EventFilter(status=STATUSES))) == count
    assert store.count_events(EventFilter(status=("auto",))) == count - 2
    queue = store.review_queue()
    assert set(queue["id"]) == set(ids) - {ids[0], ids[1]}
    assert list(queue["date"]) == sorted(queue["date"], reverse=True)
    with pytest.raises(InputError):
        store.set_status(ids[0], "maybe", "ana")


def test_corrections_survive_a_new_version_of_the_article(store: Store,
                                                          pipeline: Pipeline) -> None:
    article_id, count = _rally(store, pipeline)
    events = store.events().set_index("location")
    minsk, works, gomel = (int(events.loc[name, "id"]) for name in
                           ("Minsk", "Minsk Tractor Works", "Gomel"))
    store.set_status(minsk, "verified", "ana")
    store.correct(works, {"location": "Zhodzina", "lat": 54.0985, "lon": 28.3331,
                          "country_code": "BY", "feature": "city", "geo_precision": 1}, "ana")
    store.set_status(gomel, "rejected", "ana")
    corrected = _article("fr", "Des milliers de personnes ont manifesté dimanche à Minsk, selon"
                               " des témoins. Lundi, les ouvriers de l'usine de tracteurs de Minsk"
                               " se sont mis en grève. Le même jour, des manifestants se sont"
                               " rassemblés à Gomel. Mardi, une chaîne humaine s'est formée à Brest.",
                         id="rally-1", url="https://news.example/rally")
    report = ingest(store, [corrected], pipeline, replace=True)
    assert report.replaced == [article_id] and not report.new
    after = store.events(EventFilter(status=STATUSES)).set_index("id")
    assert after.loc[minsk, "status"] == "verified"
    assert (after.loc[works, "location"], after.loc[works, "status"]) == ("Zhodzina", "edited")
    assert after.loc[gomel, "status"] == "rejected"
    assert len(after) == count + 1                              # Brest is new, and auto
    assert store.article(article_id)["text"] == corrected.text
    again = ingest(store, [corrected], pipeline, replace=True)  # the same version: nothing to do
    assert again.known == [article_id]
    log = store.audit_log()
    assert {(e["event_id"], e["field"], json.loads(e["new_value"] or "null")) for e in log} >= {
        (minsk, "status", "verified"), (gomel, "status", "rejected"),
        (works, "location", "Zhodzina"), (works, "status", "edited")}
    assert all(e["user_name"] == "ana" and e["at"] for e in log)


def test_replacing_finds_the_article_by_url(store: Store, pipeline: Pipeline) -> None:
    article_id, _ = _rally(store, pipeline)
    by_url = _article("fr", "Des milliers de personnes ont manifesté dimanche à Minsk.",
                      url="https://news.example/rally")
    assert store.replace([pipeline.extract(by_url)]).replaced == [article_id]
    assert len(store.articles()) == 1


def test_deleting_an_article_keeps_the_events_others_report(store: Store,
                                                            pipeline: Pipeline) -> None:
    afp, reuters = (_article(lang, text) for lang, text in STORIES[0][1])
    paris = _article(*STORIES[1][1][0])
    ingest(store, [afp, reuters, paris], pipeline)
    assert len(store.events()) == 2
    assert store.delete_article(afp.id, "ana")
    events = store.events()
    assert len(events) == 2
    rally = events[events["country_code"] == "BY"].iloc[0]
    assert rally["source_count"] == 1 and rally["source_ids"] == reuters.id
    assert rally["article_id"] == reuters.id
    assert store.delete_article(paris.id, "ana")
    assert list(store.events()["country_code"]) == ["BY"]
    assert not store.delete_article(paris.id, "ana")
    assert [a["id"] for a in store.articles()] == [reuters.id]


def test_merge_and_split(store: Store, pipeline: Pipeline) -> None:
    ingest(store, [_article(*STORIES[1][1][0]), _article(*STORIES[1][1][1])], pipeline)
    first, second = sorted(store.events()["id"])
    merged = store.merge_events(first, second, "ana")
    assert merged["status"] == "edited" and merged["source_count"] == 2
    assert list(store.events()["id"]) == [first]
    reports = store.event_reports(first)
    assert len(reports) == 2 and all(r["title"] is not None for r in reports)
    new_id = store.split_event(first, [reports[1]["id"]], "ana")
    events = store.events().set_index("id")
    assert set(events.index) == {first, new_id}
    assert events.loc[first, "source_count"] == events.loc[new_id, "source_count"] == 1
    assert events.loc[new_id, "location"] == "Place de la Nation"
    with pytest.raises(InputError):
        store.split_event(first, [r["id"] for r in store.event_reports(first)], "ana")
    with pytest.raises(InputError):
        store.merge_events(first, first, "ana")
    actions = {e["action"] for e in store.audit_log()}
    assert {"merge", "split"} <= actions


def test_a_correction_is_checked(store: Store, pipeline: Pipeline) -> None:
    _rally(store, pipeline)
    event_id = int(store.events()["id"].iloc[0])
    changed = store.correct(event_id, {"date": "2020-08-18", "event_type": "Riots",
                                       "fatalities": "2", "crowd_size": "des milliers"}, "ana")
    assert (changed["date"], changed["event_type"], changed["category"], changed["fatalities"],
            changed["sub_event_type"], changed["status"]) == (
        "2020-08-18", "Riots", "riot", 2, None, "edited")
    for bad in ({"date": "demain"}, {"fatalities": "-1"}, {"event_type": "Picnic"},
                {"lat": "95", "lon": "0", "location": "x"}, {"id": 3}):
        with pytest.raises(InputError):
            store.correct(event_id, bad, "ana")


def test_editors_accounts(store: Store) -> None:
    store.add_user("ana", "$argon2id$hash")
    assert store.user("ana")["password_hash"] == "$argon2id$hash"
    assert store.user("bob") is None
    with pytest.raises(InputError, match="already"):
        store.add_user("ana", "$argon2id$other")


# The map's usual filters, which the counts kept as events are written answer.
KEPT_FILTERS = [EventFilter(), EventFilter(status=STATUSES), EventFilter(status=("verified",)),
                EventFilter(type="Riots"), EventFilter(country="BY", type="Protests"),
                EventFilter(sub_type="Peaceful protest", planned=False)]


def _map_counts_are_the_events(store: Store) -> None:
    for filters in KEPT_FILTERS:
        for zoom in (2, 8):
            assert_grid_is_counted(store, filters, cell_degrees(zoom))


def test_the_map_counts_follow_every_write(store: Store, pipeline: Pipeline,
                                           tmp_path: Path) -> None:
    article_id, _ = _rally(store, pipeline)
    paris = [_article(*STORIES[1][1][0]), _article(*STORIES[1][1][1])]
    ingest(store, paris, pipeline)
    store_dataset(store, read_dataset(_acled(tmp_path, [ACLED_ROW, OTHER_ROW])))
    _map_counts_are_the_events(store)
    events = store.events().set_index("location")
    minsk, works, gomel = (int(events.loc[name, "id"]) for name in
                           ("Minsk", "Minsk Tractor Works", "Gomel"))
    store.set_status(minsk, "verified", "ana")
    store.set_status(gomel, "rejected", "ana")
    store.correct(works, {"location": "Zhodzina", "lat": 54.0985, "lon": 28.3331,
                          "country_code": "BY", "feature": "city", "geo_precision": 1,
                          "event_type": "Riots"}, "ana")
    _map_counts_are_the_events(store)
    assert store.count_events(EventFilter(type="Riots")) == 1
    corrected = _article("fr", "Des milliers de personnes ont manifesté dimanche à Minsk. Lundi,"
                               " les ouvriers de l'usine de tracteurs de Minsk se sont mis en"
                               " grève. Mardi, une chaîne humaine s'est formée à Brest.",
                         id=article_id, url="https://news.example/rally")
    assert ingest(store, [corrected], pipeline, replace=True).replaced == [article_id]
    _map_counts_are_the_events(store)
    store.set_status(gomel, "auto", "ana")
    first, second = sorted(int(i) for i in store.events(EventFilter(country="FR"))["id"])
    store.merge_events(first, second, "ana")
    _map_counts_are_the_events(store)
    store.split_event(first, [store.event_reports(first)[1]["id"]], "ana")
    _map_counts_are_the_events(store)
    assert store.delete_article(paris[0].id, "ana") and store.delete_article(article_id, "ana")
    _map_counts_are_the_events(store)
    assert store.count_events(EventFilter(status=STATUSES)) == len(store.events(
        EventFilter(status=STATUSES))) > 0
