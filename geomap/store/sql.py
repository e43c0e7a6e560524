"""The SQL that every backend shares: the stored columns, filters as a table of rules, and
the reading half of the Store protocol.

Each filter is a row: the EventFilter field it reads, an SQL template over events `e`, and
what it means in words. A Dialect fills in what differs between databases: how a
parameter is written, the case-insensitive LIKE, and any rule it writes its own way
(PostGIS answers the bbox from its spatial index).

    where(EventFilter(country="BY"), SQLITE) -> ("WHERE e.country_code = :country",
                                                 {"country": "BY"})

SQLReads answers every query of the protocol from this SQL; a backend gives it a dialect
and two ways to run a query (rows as dicts, or a frame).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from geomap.model import Event, Extraction, Place
from geomap.query import EventFilter

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

# The event record's fields that are not columns of their own: the article is the row's
# owner, and extra holds what only the JSON output shows.
NOT_STORED = ("article_id", "extra")
# The stored columns of an event, in the record's order: a new field of Event is a new
# column (with its migration; tests/store_contract checks that every field has one).
EVENT_COLUMNS = tuple(f.name for f in fields(Event) if f.name not in NOT_STORED)
# Columns that only imported events fill.
IMPORT_COLUMNS = ("source", "source_id", "admin1")
# Columns the store keeps for review: the status, and how many articles or imported rows
# report the event, with their ids (article ids, or ACLED's event_id_cnty), ";"-separated.
REVIEW_COLUMNS = ("status", "source_count", "source_ids")
MENTION_COLUMNS = ("start", "end", "text", "kind", "name", "lat", "lon", "country_code",
                   "feature", "confidence", "source", "metonymic", "sentence")
# What events() can return: name -> SQL expression over events e. article_id is the
# event's article, or its imported dataset.
EVENT_FIELDS = {
    "id": "e.id", "article_id": "COALESCE(e.article_id, e.dataset_id)",
    **{c: f'e."{c}"' for c in EVENT_COLUMNS},
    **{c: f"e.{c}" for c in IMPORT_COLUMNS},
    **{c: f"e.{c}" for c in REVIEW_COLUMNS},
}
# What the text search (q) looks in: the event's own text and place, never its article's
# title (an article about Marseille may be titled after Lyon).
SEARCHED = ("e.sentence", "e.location", "e.trigger", "e.source")


def column_value(value: object) -> object:
    """A record's value as a column holds it: lists and dicts as JSON text, truth as 0 or 1."""
    if isinstance(value, bool):
        return int(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def event_row(values: dict) -> tuple:
    """The stored columns of an event's values (Event.as_dict()), in EVENT_COLUMNS order."""
    return tuple(column_value(values[c]) for c in EVENT_COLUMNS)


def mention_row(place: Place) -> tuple:
    """The stored columns of a place mention, in MENTION_COLUMNS order."""
    values = place.as_dict()
    return tuple(column_value(values[c]) for c in MENTION_COLUMNS)


# The stored columns of an article, in article_row's order.
ARTICLE_COLUMNS = ("id", "identity", "title", "url", "source", "lang", "published", "text",
                   "added_at", "pending")


def article_row(ex: Extraction, article_id: str, key: str) -> tuple:
    """The stored columns of an extraction's article, stored as article_id with identity key."""
    a = ex.article
    return (article_id, key, a.title, a.url, a.source, a.lang,
            a.published.isoformat() if a.published else None, a.text, now(), int(ex.pending))


DATASET_CHUNK = 5000                # imported events written per statement


def dataset_chunks(events: pd.DataFrame) -> Iterator[tuple[int, list[tuple]]]:
    """An imported dataset's events as rows of values (None where missing), in chunks, each
    with how many rows are written after it; ValueError for a column that is no event field."""
    unknown = set(events.columns) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown event columns {sorted(unknown)}")
    rows = events.astype(object).where(events.notna(), None)
    return ((min(start + DATASET_CHUNK, len(rows)),
             list(rows.iloc[start:start + DATASET_CHUNK].itertuples(index=False, name=None)))
            for start in range(0, len(rows), DATASET_CHUNK))


def now() -> str:
    """The time stored as an article's or dataset's added_at: UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def quoted(columns: Iterable[str]) -> str:
    """Column names quoted for SQL: "start", "end" ("end" is a keyword)."""
    return ", ".join(f'"{c}"' for c in columns)


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds the text literally anywhere ("50%" is not a wildcard)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class Rule:
    """One filter: when the EventFilter field is set, its SQL template applies.

    The template names its parameters as {name}; bind gives their values.
    """

    name: str
    sql: str
    description: str
    bind: Callable[[object], dict[str, object]] = field(default=lambda value: {})
    read: Callable[[EventFilter], object] | None = None   # the value, when not the field's

    def value(self, filters: EventFilter) -> object:
        return self.read(filters) if self.read else getattr(filters, self.name)


def _same(name: str) -> Callable[[object], dict[str, object]]:
    return lambda value: {name: value}


def searched(places: str = "SELECT value FROM json_each({q_places})") -> str:
    """The text search's SQL; places is the query giving the elements of the JSON array
    q_places, as the database writes it."""
    own = [f"{c} {{like}} {{q}} ESCAPE '\\'" for c in SEARCHED]
    return "(" + " OR ".join(own + [f"e.location IN ({places})"]) + ")"


def _search_terms(filters: EventFilter) -> tuple[str, tuple[str, ...]] | None:
    return (filters.q, filters.q_places) if filters.q else None


RULES = (
    Rule("type", "(e.event_type = {type} OR e.category = {type} OR e.sub_event_type = {type})",
         "of type {}", _same("type")),
    Rule("sub_type", "e.sub_event_type = {sub_type}", "of sub-event type {}", _same("sub_type")),
    Rule("since", "e.date >= {since}", "on or after {}",
         lambda d: {"since": d.isoformat() if isinstance(d, date) else d}),
    Rule("until", "e.date <= {until}", "on or before {}",
         lambda d: {"until": d.isoformat() if isinstance(d, date) else d}),
    Rule("country", "e.country_code = {country}", "in country {}", _same("country")),
    Rule("article", "(e.article_id = {article} OR e.dataset_id = {article} OR e.id IN"
         " (SELECT r.event_id FROM event_reports r WHERE r.article_id = {article}"
         " OR r.dataset_id = {article}))",
         "reported by article or dataset {}", _same("article")),
    Rule("q", searched(), "mentioning {!r}",
         lambda terms: {"q": like_pattern(terms[0]), "q_places": json.dumps(list(terms[1]))},
         read=_search_terms),
    Rule("bbox", "e.lon BETWEEN {west} AND {east} AND e.lat BETWEEN {south} AND {north}",
         "inside the box {}", lambda box: dict(zip(("west", "south", "east", "north"), box))),
    Rule("planned", "e.planned = {planned}", "planned {}",
         lambda planned: {"planned": int(bool(planned))}),
    Rule("event_id", "e.id = {event_id}", "with id {}", _same("event_id")),
    Rule("after_id", "e.id > {after_id}", "after id {}", _same("after_id")),
    # A status list is padded to the four statuses by repeating its first, so that the
    # template has a fixed number of parameters.
    Rule("status", "e.status IN ({status0}, {status1}, {status2}, {status3})", "with status {}",
         lambda statuses: {f"status{i}": (list(statuses) * 4)[i] for i in range(4)}),
)
LOCATED = "e.lat IS NOT NULL AND e.lon IS NOT NULL"


@dataclass(frozen=True)
class Dialect:
    """What differs between databases in the shared SQL.

    placeholder writes a named parameter; like is the case-insensitive LIKE;
    rules replaces some rules' SQL templates by name; floor writes the whole part of a
    number that is never negative (the map's grid cells); cell, when the database indexes
    each event's cell in the fine grid (of FINE_CELL degrees, numbered row * CELL_ROW +
    column), is that SQL expression, from which coarser grids are counted.
    """

    name: str
    placeholder: Callable[[str], str]
    like: str = "LIKE"
    rules: dict[str, str] = field(default_factory=dict)
    floor: str = "floor({})"
    cell: str = ""

    def template(self, rule: Rule) -> str:
        return self.rules.get(rule.name, rule.sql)


# Cells of a fine grid are numbered row * CELL_ROW + column (columns 0 to 1024 from -180).
CELL_ROW = 2048
# The fine grid's cells: the map's grid at zoom 8, 90/256 degrees, of which every coarser
# zoom's cells are a power of two wide.
FINE_CELL = 0.3515625
# The filters that the map's counts kept as events are written (table event_cells,
# migration 0009) answer: that table holds each fine cell's events (cell -1: those without
# a place) per combination of these filters' columns (KEPT_KEYS), NULL written as ''.
SUMMED = frozenset({"type", "sub_type", "country", "planned", "status"})
KEPT_TEXT = ("event_type", "sub_event_type", "category", "country_code")
KEPT_KEYS = ("cell", *KEPT_TEXT, "planned", "status")
# SQLite's index events_cell (migration 0007) holds each event's cell of 90/256 degrees (the
# map's grid at zoom 8), written as here. The bbox filter reads the band of the index's rows
# that the box spans, then tests each point.
SQLITE_CELL = ("(CAST((e.lat + 90) / 0.3515625 AS INTEGER) * 2048"
               " + CAST((e.lon + 180) / 0.3515625 AS INTEGER))")
SQLITE = Dialect(
    "sqlite", placeholder=lambda name: f":{name}", floor="CAST({} AS INTEGER)",
    cell=SQLITE_CELL,
    rules={"bbox": SQLITE_CELL + " BETWEEN CAST(({south} + 90) / 0.3515625 AS INTEGER) * 2048"
                   " AND CAST(({north} + 90) / 0.3515625 AS INTEGER) * 2048 + 2047"
                   " AND e.lon BETWEEN {west} AND {east} AND e.lat BETWEEN {south} AND {north}",
           # the statuses shown keep nearly every event: the unary plus keeps SQLite from
           # reading them through the status index, and the map's cell index holds them
           "status": "+e.status IN ({status0}, {status1}, {status2}, {status3})"})


def where(filters: EventFilter, dialect: Dialect, located: bool = False) -> tuple[str, dict]:
    """The WHERE clause (or "") and its parameters for a filter."""
    clauses, params = [LOCATED] if located else [], {}
    for rule in RULES:
        value = rule.value(filters)
        if value is None or value == "":
            continue
        bound = rule.bind(value)
        names = {name: dialect.placeholder(name) for name in bound}
        clauses.append(dialect.template(rule).format(like=dialect.like, **names))
        params.update(bound)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def add_up(dialect: Dialect, condition: str) -> str:
    """The SQL adding the events e that meet the condition to event_cells, as its triggers
    add each event written: a bulk insert, while they are paused, is added up at once."""
    fine = [dialect.floor.format(f"(e.{axis} + {origin}) / {FINE_CELL}")
            for axis, origin in (("lat", 90), ("lon", 180))]
    keys = [f"CASE WHEN e.lat IS NULL OR e.lon IS NULL THEN -1"
            f" ELSE {fine[0]} * {CELL_ROW} + {fine[1]} END",
            *(f"COALESCE(e.{key}, '')" for key in KEPT_TEXT), "e.planned", "e.status"]
    sums = ("n", "lat", "lon", "ids")
    return (f"INSERT INTO event_cells ({', '.join(KEPT_KEYS + sums)})"
            f" SELECT {', '.join(keys)}, count(*), COALESCE(sum(e.lat), 0),"
            f" COALESCE(sum(e.lon), 0), sum(e.id) FROM events e WHERE {condition}"
            f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
            f" ON CONFLICT ({', '.join(KEPT_KEYS)}) DO UPDATE SET "
            + ", ".join(f"{c} = event_cells.{c} + excluded.{c}" for c in sums))


def summed(filters: EventFilter) -> bool:
    """Whether the filter sets no field but those of SUMMED, so that event_cells answers it.

        summed(EventFilter(type="Riots")) -> True; summed(EventFilter(q="Minsk")) -> False
    """
    return all(getattr(filters, f.name) == f.default for f in fields(EventFilter)
               if f.name not in SUMMED)


def _added_up(fine: pd.DataFrame, per: int) -> pd.DataFrame:
    """Counts per fine cell (columns cell, event_type, n, lat, lon, id) added up into cells
    of per fine cells a side: the rows of SQLReads.event_grid."""
    fine = fine.assign(gx=fine["cell"] % CELL_ROW // per, gy=fine["cell"] // CELL_ROW // per)
    return fine.groupby(["gx", "gy", "event_type"], as_index=False, dropna=False).agg(
        n=("n", "sum"), lat=("lat", "sum"), lon=("lon", "sum"), id=("id", "min"))


def describe(filters: EventFilter) -> str:
    """The filter in words: "events of type Protests, in country BY"."""
    parts = [rule.description.format(_shown(getattr(filters, rule.name))) for rule in RULES
             if rule.value(filters) not in (None, "")]
    return "events " + ", ".join(parts) if parts else "all events"


def _shown(value: object) -> object:
    if isinstance(value, bool):
        return "only" if value else "excluded"
    if isinstance(value, tuple):
        return ",".join(v if isinstance(v, str) else f"{v:g}" for v in value)
    return value.isoformat() if isinstance(value, date) else value


# -- the reading half of the Store protocol ---------------------------------------------------

_ARTICLES = (
    "SELECT a.id, a.title, a.url, a.source, a.lang, a.published, a.added_at, a.pending,"
    " 'article' AS kind,"
    " (SELECT count(*) FROM event_reports r WHERE r.article_id = a.id) AS events"
    " FROM articles a UNION ALL"
    " SELECT d.id, d.title, '', d.source, '', NULL, d.added_at, 0, 'dataset',"
    " (SELECT count(*) FROM event_reports r WHERE r.dataset_id = d.id) FROM datasets d"
    " ORDER BY published DESC NULLS LAST, added_at DESC")
_ARTICLES_FRAME = (
    "SELECT id AS article_id, title AS article_title, url AS article_url,"
    " source AS article_source, 'article' AS article_kind, published FROM articles"
    " UNION ALL SELECT id, title, '', source, 'dataset', NULL FROM datasets")


class SQLReads:
    """What a store reads, the same SQL on every backend.

    A backend sets dialect and runs queries through _rows (a list of dicts) and
    _frame (a pandas DataFrame); both take named parameters written :name.
    """

    dialect: Dialect

    def _rows(self, sql: str, params: dict | None = None) -> list[dict]:
        raise NotImplementedError

    def _frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        raise NotImplementedError

    def articles(self, limit: int | None = None) -> list[dict]:
        return self._rows(_ARTICLES + (f" LIMIT {int(limit)}" if limit else ""))

    def article(self, article_id: str) -> dict | None:
        found = self._rows("SELECT * FROM articles WHERE id = :id", {"id": article_id})
        if not found:
            return None
        mentions = self._rows("SELECT * FROM mentions WHERE article_id = :id ORDER BY start, id",
                              {"id": article_id})
        return {**found[0], "kind": "article", "mentions": mentions}

    def dataset(self, dataset_id: str) -> dict | None:
        found = self._rows("SELECT * FROM datasets WHERE id = :id", {"id": dataset_id})
        if not found:
            return None
        return {**found[0], "kind": "dataset", "text": found[0]["description"], "url": "",
                "lang": "", "published": None, "pending": 0, "mentions": []}

    def pending_articles(self) -> list[dict]:
        return self._rows("SELECT * FROM articles WHERE pending = 1 ORDER BY id")

    def events(self, filters: EventFilter = EventFilter(), limit: int | None = None,
               columns: Iterable[str] | None = None, located: bool = False) -> pd.DataFrame:
        """Stored events matching the filter: the newest first when limited to a number,
        else in the order they were stored (faster).

        columns picks some of EVENT_FIELDS (all by default); located keeps only
        events with coordinates.
        """
        sql, params = self._events_query(filters, limit, columns, located)
        return self._frame(sql, params)

    def _events_query(self, filters: EventFilter, limit: int | None,
                      columns: Iterable[str] | None, located: bool,
                      extra: str = "") -> tuple[str, dict]:
        """The SELECT of events(), with extra SQL expressions added to its columns."""
        names = list(EVENT_FIELDS) if columns is None else list(dict.fromkeys(columns))
        unknown = set(names) - set(EVENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown event columns {sorted(unknown)}")
        clause, params = where(filters, self.dialect, located)
        selected = ", ".join([f'{EVENT_FIELDS[n]} AS "{n}"' for n in names] + ([extra] if extra
                                                                              else []))
        sql = f"SELECT {selected} FROM events e {clause}"
        sql += (f" ORDER BY e.date DESC NULLS LAST, e.id LIMIT {int(limit)}" if limit
                else " ORDER BY e.id")
        return sql, params

    def event_chunks(self, filters: EventFilter = EventFilter(),
                     columns: Iterable[str] | None = None, located: bool = False,
                     rows: int = 50_000) -> Iterator[pd.DataFrame]:
        """events() in order of id, in frames of at most so many rows, each read by its own
        query (after the last id of the one before), so that no more are held at once."""
        names = list(EVENT_FIELDS) if columns is None else list(dict.fromkeys(columns))
        names = names if "id" in names else [*names, "id"]
        after = None
        while True:
            chunk_filter = replace(filters, after_id=after)
            sql, params = self._events_query(chunk_filter, None, names, located)
            chunk = self._frame(f"{sql} LIMIT {int(rows)}", params)
            if not chunk.empty:
                yield chunk if columns is None or "id" in columns else chunk.drop(columns="id")
            if len(chunk) < rows:
                return
            after = int(chunk["id"].iloc[-1])

    def event_grid(self, filters: EventFilter, cell: float) -> pd.DataFrame:
        """The located events counted in a grid of square cells of cell degrees, by event
        type: one row per cell and type, with the cell's column and row (gx, gy, from -180
        and -90), n events, the sums of their lat and lon, and, where n is 1, the event's id.

        A filter of SUMMED fields alone, on a grid of whole fine cells, adds up the counts
        kept in event_cells: a few rows a cell, however many events. Else, where the dialect
        indexes the fine grid, the fine cells are counted in the index's order and added up;
        else the cells are computed for each event."""
        per = cell / FINE_CELL                  # fine cells in a cell's side
        whole = per >= 1 and math.log2(per).is_integer()
        if whole and summed(filters):
            clause, params = where(filters, self.dialect)
            located = f"{clause} AND e.cell >= 0" if clause else "WHERE e.cell >= 0"
            return self._frame(
                f"SELECT e.cell % {CELL_ROW} / :per AS gx, e.cell / {CELL_ROW} / :per AS gy,"
                " NULLIF(e.event_type, '') AS event_type, CAST(sum(e.n) AS bigint) AS n,"
                " sum(e.lat) AS lat, sum(e.lon) AS lon, CAST(sum(e.ids) AS bigint) AS id"
                f" FROM event_cells e {located} GROUP BY 1, 2, 3", {**params, "per": int(per)})
        clause, params = where(filters, self.dialect, located=True)
        counted = "count(*) AS n, sum(e.lat) AS lat, sum(e.lon) AS lon, min(e.id) AS id"
        if whole and self.dialect.cell:
            key = self.dialect.cell
            return _added_up(self._frame(
                f"SELECT {key} AS cell, e.event_type AS event_type, {counted}"
                f" FROM events e {clause} GROUP BY {key}, e.event_type", params), int(per))
        floor = self.dialect.floor
        cell_of = [floor.format(f"(e.{axis} + {origin}) / :cell")
                   for axis, origin in (("lon", 180), ("lat", 90))]
        return self._frame(
            f"SELECT {cell_of[0]} AS gx, {cell_of[1]} AS gy, e.event_type AS event_type,"
            f" {counted} FROM events e {clause} GROUP BY 1, 2, 3",
            {**params, "cell": float(cell)})

    def event_points(self, filters: EventFilter = EventFilter(), limit: int | None = None,
                     columns: Iterable[str] | None = None) -> gpd.GeoDataFrame:
        """The located events of events() as points (EPSG:4326) in a GeoDataFrame."""
        from geomap.store import as_points

        return as_points(self.events(filters, limit, columns, located=True))

    def count_events(self, filters: EventFilter = EventFilter()) -> int:
        """The events the filter holds; for SUMMED fields alone, added up from event_cells."""
        clause, params = where(filters, self.dialect)
        if summed(filters):
            return int(self._rows(f"SELECT COALESCE(sum(e.n), 0) AS n FROM event_cells e {clause}",
                                  params)[0]["n"])
        return self._rows(f"SELECT count(*) AS n FROM events e {clause}", params)[0]["n"]

    def timeline(self, filters: EventFilter = EventFilter()) -> list[tuple[str, int]]:
        clause, params = where(filters, self.dialect)
        clause = f"{clause} AND e.date IS NOT NULL" if clause else "WHERE e.date IS NOT NULL"
        return [(r["date"], r["n"]) for r in self._rows(
            f"SELECT e.date, count(*) AS n FROM events e {clause} GROUP BY e.date ORDER BY e.date",
            params)]

    def articles_frame(self) -> pd.DataFrame:
        return self._frame(_ARTICLES_FRAME)

    def mentions_frame(self, article: str = "") -> pd.DataFrame:
        clause = "WHERE article_id = :article" if article else ""
        return self._frame(f"SELECT article_id, {quoted(MENTION_COLUMNS)} FROM mentions {clause}"
                           " ORDER BY article_id, start, id", {"article": article})

    def event_types(self) -> list[str]:
        return self._distinct("event_type")

    def sub_event_types(self) -> list[tuple[str, str]]:
        return [(t, s) for t in self.event_types()
                for s in self._distinct("sub_event_type", "e.event_type = :within", t)]

    def _distinct(self, column: str, within: str = "", value: object = None) -> list:
        """The column's values that are not null, in order, found by seeking each one after
        the last in the column's index (events_kind, events_country): a few steps, however
        many events there are. within is an SQL condition on the parameter :within."""
        found: list = []
        condition = f" AND {within}" if within else ""
        while True:
            after = f" AND e.{column} > :after" if found else ""
            row = self._rows(f"SELECT min(e.{column}) AS v FROM events e"
                             f" WHERE e.{column} IS NOT NULL{after}{condition}",
                             {"after": found[-1] if found else None, "within": value})
            if row[0]["v"] is None:
                return found
            found.append(row[0]["v"])

    def categories(self) -> list[str]:
        return [r["category"] for r in self._rows(
            "SELECT DISTINCT category FROM events WHERE category IS NOT NULL ORDER BY 1")]

    def countries(self) -> list[str]:
        return self._distinct("country_code")

    # -- review ------------------------------------------------------------------------

    def event_reports(self, event_id: int) -> list[dict]:
        from geomap.store.curation import ROW_FIELDS, event_values

        found = self._rows(
            "SELECT r.id, r.event_id, r.article_id, r.dataset_id, r.source_id, r.data,"
            " COALESCE(a.title, d.title, '') AS title, COALESCE(a.url, '') AS url, a.published"
            " FROM event_reports r LEFT JOIN articles a ON a.id = r.article_id"
            " LEFT JOIN datasets d ON d.id = r.dataset_id WHERE r.event_id = :id ORDER BY r.id",
            {"id": event_id})
        own = None
        for r in found:
            if r["data"] is None:           # an imported row, or a report older than reports
                own = own or event_values(self._rows(
                    f"SELECT {quoted(ROW_FIELDS)} FROM events WHERE id = :id", {"id": event_id})[0])
                r["data"] = dict(own)
            else:
                r["data"] = json.loads(r["data"])
        return found

    def audit_log(self, event_id: int | None = None, limit: int = 200) -> list[dict]:
        clause, params = ("WHERE event_id = :event", {"event": int(event_id)}) \
            if event_id is not None else ("", {})
        return self._rows(f"SELECT * FROM audit_log {clause} ORDER BY id DESC LIMIT :limit",
                          {**params, "limit": int(limit)})

    def review_queue(self, limit: int = 50, offset: int = 0) -> pd.DataFrame:
        names = ", ".join(f'{sql} AS "{name}"' for name, sql in EVENT_FIELDS.items())
        return self._frame(f"SELECT {names} FROM events e WHERE e.status = 'auto'"
                           " ORDER BY e.date DESC NULLS LAST, e.source_count DESC, e.id"
                           " LIMIT :limit OFFSET :offset",
                           {"limit": int(limit), "offset": int(offset)})

    def user(self, name: str) -> dict | None:
        found = self._rows("SELECT id, name, password_hash, created_at FROM users"
                           " WHERE name = :name", {"name": name})
        return found[0] if found else None
