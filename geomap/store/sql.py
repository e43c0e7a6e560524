"""The SQL that every backend shares: the stored columns, and filters as a table of rules.

Each filter is a row: the EventFilter field it reads, an SQL template over events `e`, and
what it means in words. A Dialect fills in what differs between databases: how a
parameter is written, the case-insensitive LIKE, and any rule it writes its own way
(PostGIS answers the bbox from its spatial index).

    where(EventFilter(country="BY"), SQLITE) -> ("WHERE e.country_code = :country",
                                                 {"country": "BY"})
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date

from geomap.model import Event
from geomap.query import EventFilter

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
    """A record's value as a column holds it: lists and dicts as JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def event_row(event: Event) -> tuple:
    """The stored columns of an event, in EVENT_COLUMNS order."""
    values = event.as_dict()
    return tuple(column_value(values[c]) for c in EVENT_COLUMNS)


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


def _searched() -> str:
    own = [f"{c} {{like}} {{q}} ESCAPE '\\'" for c in SEARCHED]
    return "(" + " OR ".join(own + ["e.location IN (SELECT value FROM json_each({q_places}))"]) + ")"


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
    Rule("q", _searched(), "mentioning {!r}",
         lambda terms: {"q": like_pattern(terms[0]), "q_places": json.dumps(list(terms[1]))},
         read=_search_terms),
    Rule("bbox", "e.lon BETWEEN {west} AND {east} AND e.lat BETWEEN {south} AND {north}",
         "inside the box {}", lambda box: dict(zip(("west", "south", "east", "north"), box))),
    Rule("planned", "e.planned = {planned}", "planned {}",
         lambda planned: {"planned": int(bool(planned))}),
    Rule("event_id", "e.id = {event_id}", "with id {}", _same("event_id")),
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
    rules replaces some rules' SQL templates by name.
    """

    name: str
    placeholder: Callable[[str], str]
    like: str = "LIKE"
    rules: dict[str, str] = field(default_factory=dict)

    def template(self, rule: Rule) -> str:
        return self.rules.get(rule.name, rule.sql)


SQLITE = Dialect("sqlite", placeholder=lambda name: f":{name}")


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
