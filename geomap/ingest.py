"""Ingest: extract from articles and store the results, skipping known articles."""

from __future__ import annotations

from geomap.articles import make_article
from geomap.geocoder import FallbackGeocoder
from geomap.model import Article, content_id
from geomap.pipeline import Pipeline
from geomap.progress import progress_bar
from geomap.store import SQLiteStore


def ingest(store: SQLiteStore, articles: list[Article], geocoder: FallbackGeocoder | None = None,
           pipeline: Pipeline | None = None, progress: bool = False) -> list[str]:
    """Store the articles not stored yet; returns their ids. All or nothing."""
    known = store.known(a.text for a in articles)
    todo: dict[str, Article] = {}
    for article in articles:
        todo.setdefault(content_id(article.text), article)
    todo_list = [a for digest, a in todo.items() if digest not in known]
    if not todo_list:
        return []
    pipeline = pipeline or Pipeline(geocoder=geocoder)
    extractions = []
    with progress_bar(len(todo_list), "article", "ingest", enabled=progress) as advance:
        for extraction in pipeline.extract_many(todo_list):
            extractions.append(extraction)
            advance(len(extractions))
    return store.add(extractions)


def retry_pending(store: SQLiteStore, geocoder: FallbackGeocoder | None,
                  pipeline: Pipeline | None = None) -> int:
    """Extract again the articles that a geocoder error left with unresolved names."""
    rows = store.pending_articles()
    if not rows:
        return 0
    pipeline = pipeline or Pipeline(geocoder=geocoder)
    articles = [make_article(r["text"], r["lang"], r["published"], r["title"], r["url"],
                             r["source"], r["id"]) for r in rows]
    return len(store.add(list(pipeline.extract_many(articles)), replace=True))
