"""Stage 5: storing articles, their places and events, and imported datasets.

Callers declare the Store protocol and get a store from open_store(url), the one
place that picks a backend from the URL's scheme:

    store = open_store("sqlite:///instance/geomap.sqlite")        # the embedded default
    store = open_store("postgresql://geomap@db.example/geomap")   # PostGIS, shared
    report = store.add(extractions)        # AddReport(new=[...], known=[...], renamed={...})

Backends return plain records (dicts) or pandas frames, and share the SQL of
geomap.store.sql; their schema changes are the migrations in geomap/store/migrations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from geomap.model import Article, Dataset, Extraction, InputError
from geomap.query import EventFilter

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

CRS = "EPSG:4326"


class IdCollision(InputError):
    """An article's id is taken by a different article; the message names the id."""

    def __init__(self, article_id: str) -> None:
        super().__init__(f"id {article_id!r} is already taken by a different article")
        self.article_id = article_id


@dataclass
class AddReport:
    """What an add did: the ids stored, the ids of articles already there (for each
    article given, in order), the articles stored under a new id (given id -> new id), and
    the stored articles replaced by a new version or extraction."""

    new: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)

    def merge(self, other: AddReport) -> None:
        self.new += other.new
        self.known += other.known
        self.renamed.update(other.renamed)
        self.replaced += other.replaced


class Store(Protocol):
    """What geomap needs from a database of articles, places, events and datasets."""

    def known(self, articles: Iterable[Article]) -> dict[str, str]:
        """The given articles that are stored: identity (see model.identity) -> stored id."""

    def add(self, extractions: Iterable[Extraction], replace: bool = False,
            on_collision: str = "rename") -> AddReport:
        """Store extractions in one transaction, all or nothing.

        An article already stored (same identity) is skipped, or extracted again when
        replace is true. An id taken by a different article is given a new id ("rename") or
        raises IdCollision ("refuse"). Concurrent writers never fail on each other.

        Each event joins the stored event it is the same as (geomap.dedup): an event
        reported by several articles is one event with several sources.
        """

    def replace(self, extractions: Iterable[Extraction]) -> AddReport:
        """Store new versions of stored articles, found by id, else by URL (report.replaced);
        an article not stored is added. The events keep their ids and reviews: the new
        version's events take over those of the old one they match."""

    def delete_article(self, article_id: str, user: str) -> bool:
        """Delete an article and the events only it reports; events also reported elsewhere
        keep their other sources. False when there is no such article."""

    def set_status(self, event_id: int, status: str, user: str) -> dict:
        """Set an event's review status (verified, rejected, or back to auto), logged."""

    def correct(self, event_id: int, changes: dict, user: str) -> dict:
        """Change an event's date, type, fatalities, crowd or place (see geomap.review);
        it becomes edited, and the change is logged and survives re-extraction."""

    def merge_events(self, event_id: int, other_id: int, user: str) -> dict:
        """Merge another event into this one (its sources join it), logged."""

    def split_event(self, event_id: int, report_ids: Iterable[int], user: str) -> int:
        """Split some of an event's reports off into a new event; its id."""

    def event_reports(self, event_id: int) -> list[dict]:
        """An event's reports: id, article_id or dataset_id, source_id, data (the values
        that source gave), and its article's title, url and published date."""

    def audit_log(self, event_id: int | None = None, limit: int = 200) -> list[dict]:
        """The newest changes people made (to one event, or to all): id, event_id,
        user_name, at, action, field, old_value, new_value (JSON text)."""

    def review_queue(self, limit: int = 50, offset: int = 0) -> pd.DataFrame:
        """Events still auto, the newest and most reported first (columns of events())."""

    def add_user(self, name: str, password_hash: str) -> None:
        """Store an editor's account; InputError if the name is taken."""

    def user(self, name: str) -> dict | None:
        """An editor's account: id, name, password_hash, created_at."""

    def add_dataset(self, dataset: Dataset, events: pd.DataFrame,
                    progress: Callable[[int], None] | None = None) -> bool:
        """Store an imported dataset with its events in one transaction; False when it is
        already stored. An imported row that an article's event reports too is linked to
        that event (its source) instead of being drawn twice."""

    def articles(self, limit: int | None = None) -> list[dict]:
        """Articles and datasets (kind "article" or "dataset") with their event counts."""

    def article(self, article_id: str) -> dict | None:
        """An article with its mentions."""

    def dataset(self, dataset_id: str) -> dict | None:
        """An imported dataset, shaped like an article (kind "dataset", no mentions)."""

    def pending_articles(self) -> list[dict]:
        """Articles with a name a geocoder error left unresolved."""

    def events(self, filters: EventFilter = EventFilter(), limit: int | None = None,
               columns: Iterable[str] | None = None, located: bool = False) -> pd.DataFrame:
        """Events matching the filter (newest first when limited)."""

    def event_points(self, filters: EventFilter = EventFilter(), limit: int | None = None,
                     columns: Iterable[str] | None = None) -> gpd.GeoDataFrame:
        """The located events of events() as points (EPSG:4326)."""

    def event_chunks(self, filters: EventFilter = EventFilter(),
                     columns: Iterable[str] | None = None, located: bool = False,
                     rows: int = 50_000) -> Iterator[pd.DataFrame]:
        """events() in order of id, in frames of at most so many rows, read one at a time."""

    def event_grid(self, filters: EventFilter, cell: float) -> pd.DataFrame:
        """The located events counted per square cell of cell degrees and event type:
        columns gx, gy (the cell's column and row from -180, -90), event_type, n, lat and
        lon (sums), id (the event's, in a row of one event)."""

    def count_events(self, filters: EventFilter = EventFilter()) -> int: ...

    def timeline(self, filters: EventFilter = EventFilter()) -> list[tuple[str, int]]:
        """Events per date, oldest first."""

    def articles_frame(self) -> pd.DataFrame:
        """Each article's or dataset's id and what the event lists show of it."""

    def mentions_frame(self, article: str = "") -> pd.DataFrame: ...

    def event_types(self) -> list[str]: ...

    def sub_event_types(self) -> list[tuple[str, str]]: ...

    def countries(self) -> list[str]: ...

    def categories(self) -> list[str]: ...


def renamed_ids(article_id: str, key: str) -> Iterator[str]:
    """The ids tried, in order, for an article whose id another article has: its id and
    the start of its identity, "x-3f2a9c1d", then a longer start."""
    for length in (8, 16):
        yield f"{article_id}-{key[:length]}"


def as_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """The rows with a lat and a lon, as points (EPSG:4326)."""
    import geopandas as gpd

    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    return gpd.GeoDataFrame(located, geometry=gpd.points_from_xy(located["lon"], located["lat"]),
                            crs=CRS)


def _sqlite(url: str) -> Store:
    from geomap.store.sqlite import SQLiteStore

    return SQLiteStore(Path(url.removeprefix("sqlite:///")))


def _postgis(url: str) -> Store:
    from geomap.store.postgis import PostGISStore

    return PostGISStore(url)


# URL scheme -> how to open a store of that backend.
BACKENDS: dict[str, Callable[[str], Store]] = {"sqlite": _sqlite, "postgresql": _postgis}
URL_FORMS = "sqlite:///path/to/file.sqlite or postgresql://user:password@host:5432/database"


def backend_for(url: str, name: str = "database URL") -> Callable[[str], Store]:
    """The backend of a database URL; InputError naming it when geomap has none."""
    scheme = url.partition(":")[0].lower()
    if scheme not in BACKENDS or scheme == "sqlite" and not url.startswith("sqlite:///") \
            or url.rstrip("/") == scheme + ":":
        raise InputError(f"{name} {url!r} is not supported: use {URL_FORMS}")
    return BACKENDS[scheme]


def open_store(url: str) -> Store:
    """The store a database URL names, e.g. sqlite:///instance/geomap.sqlite."""
    return backend_for(url)(url)


__all__ = ["AddReport", "CRS", "IdCollision", "Store", "as_points", "open_store"]
