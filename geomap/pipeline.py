"""The whole extraction: article -> mentions -> places (-> geocoder pass) -> events."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from geomap.events import EventDetector
from geomap.gazetteer import Gazetteer
from geomap.geocoder import DeferredGeocoder, FallbackGeocoder, geocode_pass
from geomap.language import BATCH, parse, sentences
from geomap.mentions import MentionFinder
from geomap.model import Article, Event, Extraction
from geomap.resolve import Resolver
from geomap.settings import Settings

Parser = Callable[..., Iterator[tuple[Article, Doc]]]     # language.parse or a runner's
# An article holds at most one event per so many characters of its text (a place and a
# word for what happened there: "Grève à Lyon"), and at most MAX_EVENTS: a text made of
# one sentence repeated cannot fill the store.
CHARS_PER_EVENT = 10
MAX_EVENTS = 1000


class Pipeline:
    """Holds the loaded gazetteer and models; extracts from many articles."""

    def __init__(self, gazetteer: Gazetteer,
                 geocoder: FallbackGeocoder | DeferredGeocoder | None = None) -> None:
        self.gazetteer = gazetteer
        self.geocoder = geocoder
        self.finder = MentionFinder(self.gazetteer)
        self.resolver = Resolver(self.gazetteer)
        self.detector = EventDetector()

    @classmethod
    def from_settings(cls, settings: Settings, defer_geocoding: bool = False) -> Pipeline:
        """The gazetteer and, when enabled, the fallback geocoder that the settings name;
        with defer_geocoding, articles that need the geocoder are left pending instead
        (a bulk worker's pipeline: one process geocodes them afterwards)."""
        geocoder: FallbackGeocoder | DeferredGeocoder | None = None
        if settings.geocoder.enabled:
            geocoder = DeferredGeocoder() if defer_geocoding else FallbackGeocoder(settings.geocoder)
        return cls(Gazetteer(settings.gazetteer), geocoder)

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article],
                     parser: Parser = parse) -> Iterator[Extraction]:
        """Extract from articles in order, running the language models in batches.

        parser gives each article with its parsed doc (a bulk runner passes one that uses
        worker processes). The names the gazetteer lacks go to the geocoder in one serial
        pass per batch, in this process, before events are found.
        """
        batch: list = []
        for article, doc in parser(list(articles), wants_syntax=self.detector.wants_syntax):
            sents = sentences(doc, article.text)
            mentions = self.finder.find(article, doc, sents)
            batch.append((article, doc, sents, self.resolver.resolve(article, mentions)))
            if len(batch) == BATCH:
                yield from self._finish(batch)
                batch = []
        yield from self._finish(batch)

    def _finish(self, batch: list) -> Iterator[Extraction]:
        """The batch's geocoder pass, then each article's events."""
        for article, _doc, sents, resolution in batch:
            resolution.pending = geocode_pass(self.geocoder, resolution.lookups)
        for article, doc, sents, resolution in batch:
            events = self.detector.detect(article, doc, sents, resolution.places)
            yield Extraction(article, sents, resolution.places, bounded(events, article),
                             resolution.demonyms, pending=resolution.pending)


def bounded(events: list[Event], article: Article) -> list[Event]:
    """The first events, as many as the article's text can hold."""
    return events[:min(MAX_EVENTS, max(1, len(article.text) // CHARS_PER_EVENT))]
