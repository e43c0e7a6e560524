"""Bulk extraction on Dask: `geomap ingest --engine dask [--scheduler tcp://host:8786]`.

    report = ingest_dask(settings, articles, scheduler="tcp://10.0.0.5:8786")

The articles not stored yet are cut into partitions of a Dask bag. A worker process
builds its pipeline and opens the store once, on its first partition; it extracts a
partition and stores it in one transaction. A partition is idempotent: it skips the
articles already stored, so a partition run again, after an error or on another worker
when its worker died, stores what is missing and nothing twice. Without a scheduler, a
LocalCluster of worker processes runs on this machine.

Workers do not call the fallback geocoder, whose rate limit is one for the whole cluster:
an article with a name the gazetteer lacks is stored pending, and this process then
geocodes the pending articles alone, as `geomap retry` does.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import lru_cache

from geomap.ingest import retry_pending, unstored
from geomap.model import Article, InputError
from geomap.pipeline import Pipeline
from geomap.settings import Settings
from geomap.store import AddReport, Store, open_store

RETRIES = 3                 # times a partition that raised an error is run again
CONNECT_TIMEOUT = "30s"     # how long to try reaching a scheduler
MAX_LOCAL_WORKERS = 4


class PartitionFailed(InputError):
    """A partition failed every time it ran; the message says why."""


def ingest_dask(settings: Settings, articles: list[Article], scheduler: str | None = None,
                batch: int = 50, progress: bool = False,
                on_collision: str = "rename") -> AddReport:
    """Store the articles not stored yet, a partition of at most `batch` articles per task
    and transaction, on the Dask cluster at `scheduler` (a LocalCluster when None)."""
    store = open_store(settings.database)
    report, todo = unstored(store, articles)
    if todo:
        with _client(settings, scheduler) as client:
            report.merge(_run(client, settings, partitions(todo, batch), progress, on_collision))
    if settings.geocoder.enabled and store.pending_articles():
        retry_pending(store, Pipeline.from_settings(settings))
    return report


def partitions(articles: list[Article], size: int) -> list[list[Article]]:
    """The articles in partitions of at most `size`, in order, except that articles sharing
    an id go to the partition of the first of them: each partition then stores them in
    their order, so the first keeps the id as the local runner stores it."""
    parts: list[list[Article]] = []
    home: dict[str, list[Article]] = {}
    for article in articles:
        part = home.get(article.id) if article.id else None
        if part is None:
            if not parts or len(parts[-1]) >= size:
                parts.append([])
            part = parts[-1]
            home[article.id] = part
        part.append(article)
    return parts


@contextmanager
def _client(settings: Settings, scheduler: str | None) -> Iterator[object]:
    """A client of the scheduler, or of a LocalCluster of single-threaded worker processes
    (the models are not thread-safe), one per core up to MAX_LOCAL_WORKERS unless the
    settings say how many."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--engine dask needs Dask: pip install 'geomap[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as e:
            raise InputError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
        with client:
            yield client
        return
    workers = settings.workers or min(os.cpu_count() or 1, MAX_LOCAL_WORKERS)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def _run(client, settings: Settings, parts: list[list[Article]], progress: bool,
         on_collision: str) -> AddReport:
    """Store each partition in a task of its own; the partitions' reports, merged in order."""
    import dask
    import dask.bag as db

    bag = db.from_delayed([dask.delayed(part, traverse=False) for part in parts])
    tasks = bag.map_partitions(store_partition, settings, on_collision).to_delayed()
    futures = client.compute(tasks, retries=RETRIES)
    if progress and sys.stdout.isatty():
        from distributed import progress as show_progress

        show_progress(futures)
        print(file=sys.stdout)
    try:
        results = client.gather(futures)
    except Exception as e:          # whatever a partition raised, or KilledWorker
        raise PartitionFailed(f"a partition failed {RETRIES + 1} times ({type(e).__name__}:"
                              f" {e}); the partitions stored before it are kept, and the same"
                              " command stores the rest") from None
    report = AddReport()
    for done in results:
        report.merge(AddReport(**done[0]))
    return report


def store_partition(articles: list[Article], settings: Settings, on_collision: str) -> list[dict]:
    """Extract a partition's articles not stored yet and store them in one transaction;
    its report (as a dict, the partition's one item)."""
    store = worker_store(settings.database)
    report, todo = unstored(store, articles)
    if todo:
        pipeline = worker_pipeline(settings)
        report.merge(store.add(list(pipeline.extract_many(todo)), on_collision=on_collision))
    return [asdict(report)]


@lru_cache(maxsize=1)
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this worker process, built on its first partition."""
    return Pipeline.from_settings(settings, defer_geocoding=True)


@lru_cache(maxsize=1)
def worker_store(url: str) -> Store:
    """The store of this worker process, opened on its first partition."""
    return open_store(url)
