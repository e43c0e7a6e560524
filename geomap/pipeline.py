"""The whole extraction: article -> mentions -> places -> events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from geomap.events import EventDetector
from geomap.gazetteer import Gazetteer
from geomap.geocoder import FallbackGeocoder
from geomap.language import parse, sentences
from geomap.mentions import MentionFinder
from geomap.model import Article, Extraction
from geomap.resolve import Resolver


class Pipeline:
    """Holds the loaded gazetteer and models; extracts from many articles."""

    def __init__(self, gazetteer: Gazetteer | None = None,
                 geocoder: FallbackGeocoder | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer()
        self.finder = MentionFinder(self.gazetteer)
        self.resolver = Resolver(self.gazetteer, geocoder)
        self.detector = EventDetector()

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Extract from articles in order, running the language models in batches."""
        for article, doc in parse(list(articles)):
            sents = sentences(doc, article.text)
            mentions = self.finder.find(article, doc, sents)
            resolution = self.resolver.resolve(article, mentions)
            events = self.detector.detect(article, doc, sents, resolution.places)
            yield Extraction(article, sents, resolution.places, events, resolution.demonyms,
                             pending=resolution.pending)
