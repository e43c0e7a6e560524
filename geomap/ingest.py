"""The local bulk runner: extract from articles in worker processes and store them in batches.

    report = ingest(store, articles, pipeline, workers=settings.workers)

Articles already stored (same identity) are skipped before any extraction. The rest
are stored in batches of at most COMMIT_BATCH articles, each in one transaction: a
killed ingest keeps every batch it finished, and running it again stores the rest.
The entity model runs in worker processes for big batches; they die with their parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from geomap.articles import make_article
from geomap.language import analyse, ner_for, parse, parser_for
from geomap.model import Article, Extraction, identity
from geomap.pipeline import Pipeline
from geomap.progress import progress_bar
from geomap.store import AddReport, Store

COMMIT_BATCH = 50           # articles stored per transaction
BIG_BATCH = 64              # from this many articles with an entity model on, use processes
MAX_AUTO_WORKERS = 4
AHEAD = 2                   # batches queued per worker process
_PR_SET_PDEATHSIG = 1


def processes(workers: int | None, articles: list[Article]) -> int:
    """Worker processes for the entity model: as set, else one per core for big batches."""
    if workers is not None:
        return workers
    big = sum(ner_for(a.lang) is not None for a in articles) >= BIG_BATCH
    return min(os.cpu_count() or 1, MAX_AUTO_WORKERS) if big else 1


def extract_all(pipeline: Pipeline, articles: list[Article],
                workers: int | None = None) -> Iterator[Extraction]:
    """pipeline.extract_many, with the entity model and the parser in worker processes when
    there are several: they are forked once the models are loaded here, and killed with
    this one."""
    count = processes(workers, articles)
    if count <= 1:
        yield from pipeline.extract_many(articles)
        return
    for lang in {a.lang for a in articles}:
        ner_for(lang)
        parser_for(lang)
    pool = ProcessPoolExecutor(count, initializer=_die_with_parent)
    try:
        parser = partial(parse, analyse_in=partial(pool.submit, analyse), ahead=AHEAD * count)
        yield from pipeline.extract_many(articles, parser=parser)
    finally:
        pool.shutdown(cancel_futures=True)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def ingest(store: Store, articles: list[Article], pipeline: Pipeline,
           workers: int | None = None, progress: bool = False,
           on_collision: str = "rename", batch: int = COMMIT_BATCH,
           replace: bool = False) -> AddReport:
    """Store the articles not stored yet, in batches of at most `batch`, each all or nothing.

    An article whose id another article has is stored under a new id (report.renamed),
    or refused with IdCollision when on_collision is "refuse". With replace, an article
    replaces the stored one with its id or URL (report.replaced; see Store.replace).
    """
    report, todo = unstored(store, articles)
    if not todo:
        return report
    done = 0
    with progress_bar(len(todo), "article", "ingest", enabled=progress) as advance:
        for extractions in _batches(extract_all(pipeline, todo, workers), batch):
            report.merge(store.replace(extractions) if replace else
                         store.add(extractions, on_collision=on_collision))
            done += len(extractions)
            advance(done)
    return report


def unstored(store: Store, articles: Iterable[Article]) -> tuple[AddReport, list[Article]]:
    """The report of the articles already stored (report.known), and the others to extract,
    each identity once, in their order."""
    articles = list(articles)
    stored = store.known(articles)
    report = AddReport()
    todo: dict[str, Article] = {}
    for article in articles:
        key = identity(article)
        if key in stored:
            report.known.append(stored[key])
        else:
            todo.setdefault(key, article)
    return report, list(todo.values())


def _batches(extractions: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    chunk: list[Extraction] = []
    for extraction in extractions:
        chunk.append(extraction)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class RetryReport:
    """What a retry did: the articles tried again, and those of them whose every name the
    geocoder has now answered (found or not found); the others still wait."""

    tried: int
    resolved: int

    @property
    def waiting(self) -> int:
        return self.tried - self.resolved


def retry_pending(store: Store, pipeline: Pipeline) -> RetryReport:
    """Extract again the articles that a geocoder error left with unresolved names.

    An article stays pending while the geocoder still fails on one of its names. Its events
    keep their ids and reviews (see Store.add).
    """
    rows = store.pending_articles()
    if not rows:
        return RetryReport(0, 0)
    articles = [make_article(r["text"], r["lang"], r["published"], r["title"], r["url"],
                             r["source"], r["id"]) for r in rows]
    extractions = list(pipeline.extract_many(articles))
    store.add(extractions, replace=True)
    return RetryReport(len(extractions), sum(not e.pending for e in extractions))
