"""Events across articles and people's changes to them, in SQL every backend shares.

An event (a row of events) has one or more reports (rows of event_reports): each article's
or imported row's account of it, with the values that source gave (data, JSON; NULL means
the event's own values, as for imported rows and events stored before reports existed).

- A new report joins the stored event it matches (geomap.dedup), else makes an event.
- An event still `auto` takes the values of its best report: an imported row (coded by a
  person) first, then the most precise place and date. An event a person reviewed keeps
  its values whatever its reports become.
- An article given again (a corrected version, or extracted by a newer geomap) has its
  reports matched first to its own earlier reports, whose events they take over: ids and
  reviews survive.

Backends run these functions inside their own write transaction, through Tx.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from typing import TYPE_CHECKING

from geomap import dedup
from geomap.model import Dataset, Event, Extraction, InputError, identity
from geomap.review import PLACE_FIELDS, check_changes, check_status
from geomap.store import AddReport, IdCollision, renamed_ids
from geomap.store.sql import (ARTICLE_COLUMNS, EVENT_COLUMNS, IMPORT_COLUMNS, MENTION_COLUMNS,
                              Dialect, add_up, article_row, column_value, dataset_chunks,
                              event_row, mention_row, now, quoted)

if TYPE_CHECKING:
    import pandas as pd

# The values a person reviews; the rest of a row is provenance, always from the reports.
VALUE_FIELDS = ("category", "event_type", "sub_event_type", "date", "time_precision",
                "location", "lat", "lon", "geo_precision", "country_code", "feature",
                "gazetteer_id", "fatalities", "crowd_size", "planned")
ANCHOR_FIELDS = ("sentence", "start", "end", "trigger", "place_start", "place_end")
ROW_FIELDS = ("id", "status", "source_count", "source_ids", "article_id", "dataset_id",
              *EVENT_COLUMNS, *IMPORT_COLUMNS)
_DEGREES_KM = 111.0


class Tx:
    """A connection inside a transaction, with SQL written as the shared SQL is: parameters
    as {name}, filled in by the dialect. A backend gives it how to run one statement (rows
    as dicts, none for a statement without rows) and one statement over many rows."""

    def __init__(self, conn: object, dialect: Dialect,
                 query: Callable[[str, dict], list[dict]],
                 many: Callable[[str, list[dict]], None]) -> None:
        self.conn = conn
        self.dialect = dialect
        self._query = query
        self._many = many

    def _sql(self, statement: str, params: dict) -> str:
        return statement.format(**{name: self.dialect.placeholder(name) for name in params})

    def run(self, statement: str, /, **params: object) -> list[dict]:
        return self._query(self._sql(statement, params), params)

    def run_many(self, statement: str, rows: list[dict]) -> None:
        if rows:
            self._many(self._sql(statement, rows[0]), rows)

    def rows(self, statement: str, /, **params: object) -> list[dict]:
        return self.run(statement, **params)

    def one(self, statement: str, /, **params: object) -> dict | None:
        found = self.rows(statement, **params)
        return found[0] if found else None

    def insert(self, statement: str, /, **params: object) -> int:
        """Run an INSERT and return the new row's id."""
        return int(self.run(statement + " RETURNING id", **params)[0]["id"])


_ROW_SQL = quoted(ROW_FIELDS)


def event(tx: Tx, event_id: int) -> dict | None:
    """An event's stored row, with its status and owner."""
    return tx.one(f"SELECT {_ROW_SQL} FROM events WHERE id = {{id}}", id=event_id)


def _need(tx: Tx, event_id: int) -> dict:
    row = event(tx, event_id)
    if row is None:
        raise InputError(f"no event {event_id}")
    return row


# -- reports -------------------------------------------------------------------------------

def report_data(values: dict) -> str:
    """A report's values as stored: the event's values as the extractor gave them
    (Event.as_dict()), without its article."""
    return json.dumps({k: v for k, v in values.items() if k != "article_id"}, ensure_ascii=False)


def reports(tx: Tx, event_id: int) -> list[dict]:
    """The event's reports, oldest first, each with its values (data, a dict)."""
    found = tx.rows("SELECT id, event_id, article_id, dataset_id, source_id, data"
                    " FROM event_reports WHERE event_id = {event_id} ORDER BY id",
                    event_id=event_id)
    own = None
    for r in found:
        if r["data"] is None:
            own = own or event_values(_need(tx, event_id))
            r["data"] = dict(own)
        else:
            r["data"] = json.loads(r["data"])
    return found


def event_values(row: dict) -> dict:
    """An event row's values as a report's data."""
    values = {c: row.get(c) for c in EVENT_COLUMNS}
    for c in IMPORT_COLUMNS:
        values[c] = row.get(c)
    if isinstance(values.get("sources"), str):
        values["sources"] = json.loads(values["sources"])
    return values


def pin_reports(tx: Tx, event_id: int) -> None:
    """Write the event's own values into its reports that have none, before a person
    changes the event: the reports keep what their sources said."""
    row = _need(tx, event_id)
    tx.run("UPDATE event_reports SET data = {data} WHERE event_id = {id} AND data IS NULL",
           data=json.dumps(event_values(row), ensure_ascii=False), id=event_id)


def attach(tx: Tx, article_id: str, events: Iterable[Event],
           previous: list[dict] | None = None) -> set[int]:
    """Store an article's events as reports: each takes over one of the article's previous
    reports it matches, else joins a matching stored event, else makes a new one.
    Returns the events touched (to refresh)."""
    previous = list(previous or [])
    keys = {r["id"]: dedup.Report.of(r["data"]) for r in previous}
    taken: set[int] = set()
    touched: set[int] = set()
    for record in events:
        values = record.as_dict()
        report = dedup.Report.of(values)
        data = report_data(values)
        old = dedup.best_match(report, [(rid, keys[rid]) for rid in keys if rid not in taken])
        if old is not None:
            taken.add(old)
            tx.run("UPDATE event_reports SET data = {data} WHERE id = {id}", data=data, id=old)
            touched.add(next(r["event_id"] for r in previous if r["id"] == old))
            continue
        event_id = _matching_event(tx, report, article_id)
        if event_id is None:
            event_id = _new_event(tx, article_id, values)
        tx.run("INSERT INTO event_reports (event_id, article_id, data) VALUES"
               " ({event_id}, {article_id}, {data})",
               event_id=event_id, article_id=article_id, data=data)
        touched.add(event_id)
    for r in previous:
        if r["id"] not in taken and r["status"] == "auto":
            tx.run("DELETE FROM event_reports WHERE id = {id}", id=r["id"])
            touched.add(r["event_id"])
    return touched


def _new_event(tx: Tx, article_id: str, values: dict) -> int:
    return tx.insert(_insert_sql("events", ["article_id", "source_ids", *EVENT_COLUMNS]),
                     **_numbered((article_id, article_id, *event_row(values))))


def _candidates(tx: Tx, report: dedup.Report, only: str, **params: object
                ) -> list[tuple[int, dedup.Report]]:
    """Stored events that may be the report's: near in time and space, in its country, and
    meeting the condition only (SQL over events e, with its params)."""
    if report.day is None:
        return []
    first, last = dedup.search_window(report.day)
    params.update(first=first, last=last)
    where = ["e.date >= {first}", "e.date <= {last}", only]
    if report.country_code:
        where.append("e.country_code = {country}")
        params["country"] = report.country_code
    if report.level != "country" and report.lat is not None:
        span = dedup.THRESHOLDS.near_km / _DEGREES_KM
        where.append("e.lat BETWEEN {south} AND {north}")
        params.update(south=report.lat - span, north=report.lat + span)
    rows = tx.rows(f"SELECT {_MATCHED} FROM events e WHERE {' AND '.join(where)}", **params)
    return [(r["id"], dedup.Report.of(r)) for r in rows]


_MATCHED = ("e.id, e.category, e.date, e.time_precision, e.lat, e.lon, e.geo_precision,"
            " e.country_code, e.feature, e.gazetteer_id, e.location")
# Events an article does not report yet (its own events are distinct by construction).
_NOT_THIS_ARTICLE = ("NOT EXISTS (SELECT 1 FROM event_reports r WHERE r.event_id = e.id"
                     " AND r.article_id = {article})")
# A dataset's imported rows that no article reports yet.
_ROWS_OF_DATASET = ("e.dataset_id = {dataset} AND NOT EXISTS (SELECT 1 FROM event_reports r"
                    " WHERE r.event_id = e.id AND r.article_id IS NOT NULL)")


def _matching_event(tx: Tx, report: dedup.Report, article_id: str) -> int | None:
    return dedup.best_match(report, _candidates(tx, report, _NOT_THIS_ARTICLE,
                                                article=article_id))


def previous_reports(tx: Tx, article_id: str) -> list[dict]:
    """An article's reports with their event's status, before it is given again."""
    rows = tx.rows("SELECT r.id, r.event_id, r.data, e.status FROM event_reports r"
                   " JOIN events e ON e.id = r.event_id WHERE r.article_id = {article}"
                   " ORDER BY r.id", article=article_id)
    for r in rows:
        if r["data"] is None:
            pin_reports(tx, r["event_id"])
            r["data"] = tx.one("SELECT data FROM event_reports WHERE id = {id}", id=r["id"])["data"]
        r["data"] = json.loads(r["data"])
    return rows


def link_dataset(tx: Tx, dataset_id: str) -> int:
    """Link a newly imported dataset's events to the stored events of articles that report
    the same events: each such article event takes the imported row as a report (and, if
    still auto, its values), and the imported row is not drawn twice. Returns how many."""
    span = tx.one("SELECT min(date) AS first, max(date) AS last FROM events"
                  " WHERE dataset_id = {d}", d=dataset_id)
    if not span or span["first"] is None:
        return 0
    first = dedup.search_window(datetime.fromisoformat(span["first"][:10]).date())[0]
    last = dedup.search_window(datetime.fromisoformat(span["last"][:10]).date())[1]
    stories = tx.rows(f"SELECT DISTINCT {_MATCHED} FROM events e JOIN event_reports r"
                      " ON r.event_id = e.id WHERE r.article_id IS NOT NULL"
                      " AND e.date >= {first} AND e.date <= {last} ORDER BY e.id",
                      first=first, last=last)
    linked = 0
    for story in stories:
        report = dedup.Report.of(story)
        if tx.one("SELECT 1 AS x FROM event_reports WHERE event_id = {e} AND dataset_id = {d}",
                  e=story["id"], d=dataset_id):
            continue
        match = dedup.best_match(report, _candidates(tx, report, _ROWS_OF_DATASET,
                                                     dataset=dataset_id))
        if match is None:
            continue
        pin_reports(tx, match)
        tx.run("UPDATE event_reports SET event_id = {to} WHERE event_id = {source}",
               to=story["id"], source=match)
        tx.run("DELETE FROM events WHERE id = {id}", id=match)
        refresh(tx, [story["id"]])
        linked += 1
    return linked


# -- keeping events in step with their reports ---------------------------------------------

def _rank(report: dict) -> tuple:
    """Which report gives an auto event its values: an imported row (coded by a person)
    first, then the most precise place, then the most precise date, then the oldest."""
    data = report["data"]
    return (report["dataset_id"] is None, data.get("geo_precision") or 9,
            data.get("time_precision") or 9, report["id"])


def refresh(tx: Tx, event_ids: Iterable[int]) -> None:
    """Bring events in step with their reports: owner, quoted sentence, sources and their
    count, and (for events still auto) values. An event without reports is deleted."""
    for event_id in sorted(set(event_ids)):
        row = event(tx, event_id)
        if row is None:
            continue
        found = reports(tx, event_id)
        if not found:
            tx.run("DELETE FROM events WHERE id = {id}", id=event_id)
            continue
        best = min(found, key=_rank)
        data = best["data"]
        changes: dict = {"article_id": best["article_id"], "dataset_id": best["dataset_id"]}
        if row["status"] == "auto":
            changes.update({f: data.get(f) for f in VALUE_FIELDS})
            told = [r["data"].get("fatalities") for r in found if r["dataset_id"] is None]
            told = [f for f in told if f is not None]
            if best["dataset_id"] is None and told:
                changes["fatalities"] = max(told)
            if not changes.get("crowd_size"):
                changes["crowd_size"] = next((r["data"].get("crowd_size") for r in found
                                              if r["data"].get("crowd_size")), None)
        at_place = changes.get("lat", row["lat"]) == data.get("lat") and \
            changes.get("lon", row["lon"]) == data.get("lon")
        for f in ANCHOR_FIELDS:
            changes[f] = data.get(f) if at_place or not f.startswith("place_") else None
        for f in IMPORT_COLUMNS:
            changes[f] = data.get(f) if best["dataset_id"] is not None else None
        ids = list(dict.fromkeys(_source_id(r) for r in found))
        changes.update(sources=json.dumps(_sources(found), ensure_ascii=False),
                       source_count=len(ids), source_ids=";".join(ids))
        _update_event(tx, event_id, changes)


def _update_event(tx: Tx, event_id: int, changes: dict) -> None:
    """Set the event's columns to the values of changes (column -> value)."""
    sets = ", ".join(f"{quoted([c])} = {{{c}}}" for c in changes)
    tx.run(f"UPDATE events SET {sets} WHERE id = {{id}}",
           **{c: column_value(v) for c, v in changes.items()}, id=event_id)


def _source_id(report: dict) -> str:
    return report["article_id"] or report["source_id"] or report["dataset_id"]


def _sources(found: list[dict]) -> list[dict]:
    """Every sentence that reports the event, with its article (or imported row)."""
    out = []
    for r in found:
        if r["article_id"] is None:
            out.append({"dataset_id": r["dataset_id"], "source_id": r["source_id"],
                        "sentence": r["data"].get("sentence") or ""})
            continue
        told = r["data"].get("sources") or [{k: r["data"].get(k) for k in
                                             ("sentence", "start", "end", "trigger")}]
        out += [{**s, "article_id": r["article_id"]} for s in told]
    return out


# -- articles ------------------------------------------------------------------------------

def delete_article(tx: Tx, article_id: str, user: str) -> int:
    """Delete an article's reports, and the events only it reported; the others keep their
    other sources. Returns how many events were deleted. The caller deletes the article."""
    events = [r["event_id"] for r in tx.rows(
        "SELECT DISTINCT event_id FROM event_reports WHERE article_id = {a}", a=article_id)]
    for event_id in events:
        pin_reports(tx, event_id)
    tx.run("DELETE FROM event_reports WHERE article_id = {a}", a=article_id)
    gone = 0
    for event_id in events:
        if not tx.one("SELECT 1 AS x FROM event_reports WHERE event_id = {e}", e=event_id):
            log(tx, event_id, user, "delete", "article", article_id, None)
            gone += 1
    refresh(tx, events)
    return gone


# -- people's changes ----------------------------------------------------------------------

def log(tx: Tx, event_id: int, user: str, action: str, field: str | None, old: object,
        new: object) -> None:
    """One line of the audit log: who changed what, when, from what to what."""
    tx.run("INSERT INTO audit_log (event_id, user_name, at, action, field, old_value, new_value)"
           " VALUES ({e}, {u}, {at}, {a}, {f}, {old}, {new})", e=event_id, u=user, at=now(),
           a=action, f=field, old=_shown(old), new=_shown(new))


def _shown(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def set_status(tx: Tx, event_id: int, status: str, user: str) -> dict:
    """Verify or reject an event (or put it back to auto)."""
    status = check_status(status)
    row = _need(tx, event_id)
    if row["status"] != status:
        pin_reports(tx, event_id)
        tx.run("UPDATE events SET status = {s} WHERE id = {id}", s=status, id=event_id)
        log(tx, event_id, user, "review", "status", row["status"], status)
        if status == "auto":
            refresh(tx, [event_id])
    return _need(tx, event_id)


def correct(tx: Tx, event_id: int, raw: dict, user: str) -> dict:
    """Change an event's date, type, sub-type, fatalities, crowd or place; it becomes
    `edited`, and keeps these values whatever its sources say later."""
    row = _need(tx, event_id)
    changes = {k: v for k, v in check_changes(raw, row).items() if row.get(k) != v}
    if not changes:
        return row
    pin_reports(tx, event_id)
    if any(f in changes for f in PLACE_FIELDS):
        changes.update(place_start=None, place_end=None)
    for field, value in changes.items():
        if not field.startswith("place_"):
            log(tx, event_id, user, "edit", field, row.get(field), value)
    if row["status"] != "edited":
        log(tx, event_id, user, "edit", "status", row["status"], "edited")
    _update_event(tx, event_id, {**changes, "status": "edited"})
    return _need(tx, event_id)


def merge(tx: Tx, event_id: int, other_id: int, user: str) -> dict:
    """Merge another event into this one: its reports join this event, which keeps its
    own values and becomes `edited`; the other is deleted."""
    if event_id == other_id:
        raise InputError("an event cannot be merged with itself")
    row, other = _need(tx, event_id), _need(tx, other_id)
    pin_reports(tx, event_id)
    pin_reports(tx, other_id)
    tx.run("UPDATE event_reports SET event_id = {to} WHERE event_id = {source}",
           to=event_id, source=other_id)
    tx.run("DELETE FROM events WHERE id = {id}", id=other_id)
    log(tx, other_id, user, "merge", "event", other_id, event_id)
    log(tx, event_id, user, "merge", "sources", row["source_ids"],
        ";".join(filter(None, [row["source_ids"], other["source_ids"]])))
    if row["status"] != "edited":
        log(tx, event_id, user, "merge", "status", row["status"], "edited")
        tx.run("UPDATE events SET status = 'edited' WHERE id = {id}", id=event_id)
    refresh(tx, [event_id])
    return _need(tx, event_id)


def split(tx: Tx, event_id: int, report_ids: Iterable[int], user: str) -> int:
    """Split some reports off an event into a new event (`edited`, with the values of its
    best report); the event keeps the others and becomes `edited`. Returns the new id."""
    row = _need(tx, event_id)
    found = reports(tx, event_id)
    moving = {int(r) for r in report_ids}
    if not moving or not moving < {r["id"] for r in found}:
        raise InputError("choose some of the event's sources to split off, not all of them")
    pin_reports(tx, event_id)
    best = min((r for r in found if r["id"] in moving), key=_rank)
    values = {c: best["data"].get(c) for c in EVENT_COLUMNS}
    values["planned"] = int(bool(values.get("planned")))
    new_row = {"article_id": best["article_id"], "dataset_id": best["dataset_id"], **values,
               "status": "edited"}
    new_id = tx.insert(_insert_sql("events", list(new_row)),
                       **_numbered(column_value(v) for v in new_row.values()))
    tx.run("UPDATE event_reports SET event_id = {to} WHERE id IN"
           f" ({', '.join(str(i) for i in sorted(moving))})", to=new_id)
    tx.run("UPDATE events SET status = 'edited' WHERE id = {id}", id=event_id)
    refresh(tx, [event_id, new_id])
    log(tx, event_id, user, "split", "sources", row["source_ids"], _need(tx, event_id)["source_ids"])
    log(tx, new_id, user, "split", "event", event_id, new_id)
    return new_id


# -- editors -------------------------------------------------------------------------------

def add_user(tx: Tx, name: str, password_hash: str) -> None:
    if tx.one("SELECT 1 AS x FROM users WHERE name = {n}", n=name):
        raise InputError(f"there is already a user {name!r}")
    tx.run("INSERT INTO users (name, password_hash, created_at) VALUES ({n}, {h}, {at})",
           n=name, h=password_hash, at=now())


# -- the writing half of the Store protocol that every backend shares ----------------------

def _insert_sql(table: str, columns: list[str]) -> str:
    """INSERT of one row of the columns, whose values are the parameters v0, v1... in order."""
    return (f"INSERT INTO {table} ({quoted(columns)})"
            f" VALUES ({', '.join(f'{{v{i}}}' for i in range(len(columns)))})")


def _numbered(values: Iterable[object]) -> dict[str, object]:
    """A row's values as the parameters of _insert_sql."""
    return {f"v{i}": value for i, value in enumerate(values)}


_INSERT_MENTION = _insert_sql("mentions", ["article_id", *MENTION_COLUMNS])
_INSERT_ARTICLE = _insert_sql("articles", list(ARTICLE_COLUMNS))
_INSERT_DATASET = ("INSERT INTO datasets (id, digest, title, source, description, added_at)"
                   " VALUES ({id}, {digest}, {title}, {source}, {description}, {added_at})"
                   " ON CONFLICT DO NOTHING RETURNING id")
_UPDATE_ARTICLE = ("UPDATE articles SET identity = {identity}, title = {title}, url = {url},"
                   " source = {source}, lang = {lang}, published = {published}, text = {text},"
                   " added_at = {added_at}, pending = {pending} WHERE id = {id}")


class CuratedWrites:
    """The writing half of the Store protocol, the same SQL on every backend: articles stored,
    stored again, replaced and deleted, imported datasets, events matched across articles,
    reviewed, corrected, merged and split, and editors.

    A backend gives _tx(): a write transaction as a Tx, in which writers take turns (the
    next one starts when this one has committed or rolled back), so what a transaction
    finds free or unmatched stays so until it commits.
    """

    def _tx(self) -> AbstractContextManager[Tx]:
        raise NotImplementedError

    def _uncounted(self, tx: Tx) -> AbstractContextManager[None]:
        """Within it, the events the transaction inserts are not added to the map's counts
        (event_cells) one by one: a bulk insert adds them up at once after (sql.add_up)."""
        raise NotImplementedError

    def add(self, extractions: Iterable[Extraction], replace: bool = False,
            on_collision: str = "rename") -> AddReport:
        """See Store.add."""
        report = AddReport()
        with self._tx() as tx:
            for ex in extractions:
                key = identity(ex.article)
                existing = tx.one("SELECT id FROM articles WHERE identity = {key}", key=key)
                if existing and not replace:
                    report.known.append(existing["id"])
                elif existing:
                    _store_again(tx, existing["id"], ex)
                    report.replaced.append(existing["id"])
                else:
                    self._store_new(tx, ex, key, on_collision, report)
        return report

    def replace(self, extractions: Iterable[Extraction]) -> AddReport:
        """See Store.replace."""
        report = AddReport()
        with self._tx() as tx:
            for ex in extractions:
                key = identity(ex.article)
                same = tx.one("SELECT id FROM articles WHERE identity = {key}", key=key)
                stored = tx.one("SELECT id FROM articles WHERE id = {id}", id=ex.article.id)
                if stored is None and ex.article.url:
                    stored = tx.one("SELECT id FROM articles WHERE url = {url}"
                                    " ORDER BY added_at DESC LIMIT 1", url=ex.article.url)
                if same and (stored is None or same["id"] != stored["id"]):
                    report.known.append(same["id"])     # this very version is stored already
                elif stored:
                    _store_again(tx, stored["id"], ex)
                    report.replaced.append(stored["id"])
                else:
                    self._store_new(tx, ex, key, "rename", report)
        return report

    def _store_new(self, tx: Tx, ex: Extraction, key: str, on_collision: str,
                   report: AddReport) -> None:
        article_id = _insert_article(tx, ex, key, on_collision)
        _store_places(tx, article_id, ex)
        refresh(tx, attach(tx, article_id, ex.events))
        report.new.append(article_id)
        if article_id != ex.article.id:
            report.renamed[ex.article.id] = article_id

    def add_dataset(self, dataset: Dataset, events: pd.DataFrame,
                    progress: Callable[[int], None] | None = None) -> bool:
        """See Store.add_dataset."""
        chunks = dataset_chunks(events)
        insert = _insert_sql("events", ["dataset_id", *events.columns])
        with self._tx() as tx:
            if not tx.run(_INSERT_DATASET, id=dataset.id, digest=dataset.digest,
                          title=dataset.title, source=dataset.source,
                          description=dataset.description, added_at=now()):
                return False
            with self._uncounted(tx):
                for done, rows in chunks:
                    tx.run_many(insert, [_numbered((dataset.id, *row)) for row in rows])
                    if progress:
                        progress(done)
                tx.run(add_up(tx.dialect, "e.dataset_id = {d}"), d=dataset.id)
            self._link_dataset(tx, dataset.id)
        return True

    def _link_dataset(self, tx: Tx, dataset_id: str) -> None:
        """After an import: each imported row is its event's one report, and an article's
        event that reports the same event takes the row (see link_dataset)."""
        tx.run("INSERT INTO event_reports (event_id, dataset_id, source_id)"
               " SELECT id, dataset_id, source_id FROM events WHERE dataset_id = {d}", d=dataset_id)
        tx.run("UPDATE events SET source_ids = COALESCE(source_id, dataset_id)"
               " WHERE dataset_id = {d}", d=dataset_id)
        link_dataset(tx, dataset_id)

    def delete_article(self, article_id: str, user: str) -> bool:
        with self._tx() as tx:
            if not tx.one("SELECT id FROM articles WHERE id = {id}", id=article_id):
                return False
            delete_article(tx, article_id, user)
            tx.run("DELETE FROM articles WHERE id = {id}", id=article_id)
        return True

    def set_status(self, event_id: int, status: str, user: str) -> dict:
        with self._tx() as tx:
            return set_status(tx, event_id, status, user)

    def correct(self, event_id: int, changes: dict, user: str) -> dict:
        with self._tx() as tx:
            return correct(tx, event_id, changes, user)

    def merge_events(self, event_id: int, other_id: int, user: str) -> dict:
        with self._tx() as tx:
            return merge(tx, event_id, other_id, user)

    def split_event(self, event_id: int, report_ids: Iterable[int], user: str) -> int:
        with self._tx() as tx:
            return split(tx, event_id, report_ids, user)

    def add_user(self, name: str, password_hash: str) -> None:
        with self._tx() as tx:
            add_user(tx, name, password_hash)


def _insert_article(tx: Tx, ex: Extraction, key: str, on_collision: str) -> str:
    """Store the article under its id, or when another article has it under a new one made
    from its identity (renamed_ids); IdCollision when refused or none is free. Writers take
    turns, so the id found free stays free until the transaction commits."""
    for article_id in (ex.article.id, *renamed_ids(ex.article.id, key)):
        if not tx.one("SELECT 1 AS x FROM articles WHERE id = {id}", id=article_id):
            tx.run(_INSERT_ARTICLE, **_numbered(article_row(ex, article_id, key)))
            return article_id
        if on_collision == "refuse":
            break
    raise IdCollision(ex.article.id)


def _store_places(tx: Tx, article_id: str, ex: Extraction) -> None:
    tx.run_many(_INSERT_MENTION, [_numbered((article_id, *mention_row(p))) for p in ex.places])


def _store_again(tx: Tx, article_id: str, ex: Extraction) -> None:
    """A new version or extraction of a stored article: its text and places are replaced,
    its events matched to those it reported before (see attach)."""
    a = ex.article
    tx.run(_UPDATE_ARTICLE, identity=identity(a), title=a.title, url=a.url, source=a.source,
           lang=a.lang, published=a.published.isoformat() if a.published else None, text=a.text,
           added_at=now(), pending=int(ex.pending), id=article_id)
    tx.run("DELETE FROM mentions WHERE article_id = {id}", id=article_id)
    _store_places(tx, article_id, ex)
    refresh(tx, attach(tx, article_id, ex.events, previous_reports(tx, article_id)))
