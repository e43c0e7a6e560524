"""The records passed from stage to stage: article -> mentions -> places -> events."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

LANGUAGES = ("fr", "en")
FEATURES = ("country", "region", "city", "landmark", "other")
GEO_PRECISION = {"landmark": 1, "city": 1, "region": 2, "country": 3, "other": 3}


class InputError(ValueError):
    """Bad input from a user: the message says what is wrong."""


@dataclass(frozen=True)
class Article:
    """A news article as given by the user, with its metadata."""

    text: str
    lang: str
    published: date | None = None
    title: str = ""
    url: str = ""
    source: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


def content_id(text: str) -> str:
    """A stable id for an article, from its text alone."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity(article: Article) -> str:
    """What makes two articles the same: the text, and the URL when given. Two different
    texts never share an identity; the same text at two URLs is two articles."""
    if not article.url:
        return content_id(article.text)
    return hashlib.sha256(f"{article.url}\n{article.text}".encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Dataset:
    """A file of events imported as they are (ACLED CSV, GeoJSON): where its events come from.

    digest is the SHA-256 of the file: the same file is imported once.
    """

    id: str
    title: str
    source: str
    description: str
    digest: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its offsets into the original text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Mention:
    """A stretch of text that names a place (or a people, for demonyms).

    kind is "toponym", "landmark", "demonym" or "capital" (as in "la capitale").
    """

    start: int
    end: int
    text: str
    kind: str = "toponym"
    sentence: int = 0
    ner_label: str = ""
    metonymic: bool = False
    country_hint: str = ""
    candidates: list = field(default_factory=list, repr=False, compare=False)


@dataclass
class Place:
    """A mention together with the place it was resolved to (or None)."""

    mention: Mention
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    country_code: str = ""
    feature: str = "other"
    confidence: float = 0.0
    source: str = ""
    gazetteer_id: int | None = None
    approximate: bool = False      # placed at its town: the coordinates are the town's
    site_kind: str = ""            # a landmark's kind: "square", "district", "parliament"...

    @property
    def geo_precision(self) -> int:
        """ACLED's geo_precision: 1 the place itself, 2 its town or region, 3 the country."""
        return 2 if self.approximate else GEO_PRECISION.get(self.feature, 3)

    @property
    def resolved(self) -> bool:
        return self.lat is not None or self.feature == "country" and bool(self.country_code)

    def as_dict(self) -> dict:
        """The mention in the extract output contract."""
        m = self.mention
        return {
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "name": self.name or m.text,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code or None,
            "feature": self.feature,
            "confidence": round(self.confidence, 3),
            "source": self.source or None,
            "kind": m.kind,
            "metonymic": m.metonymic,
            "sentence": m.sentence,
        }


@dataclass
class Event:
    """Something that happened (or is planned) at a place and a date."""

    category: str
    event_type: str
    sub_event_type: str | None
    date: date | None
    time_precision: int
    location: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    country_code: str | None
    feature: str | None
    sentence: str
    start: int
    end: int
    article_id: str
    trigger: str
    place_start: int | None = None
    place_end: int | None = None
    fatalities: int | None = None
    crowd_size: str | None = None
    planned: bool = False
    sources: list[dict] = field(default_factory=list)   # every sentence that reports it
    gazetteer_id: int | None = None     # the place's gazetteer entry (None: placed at its town)
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d.update(d.pop("extra"))
        return d


@dataclass(frozen=True)
class Trigger:
    """A word that may name an event: "ont défilé", "grève", "manifestants".

    role is "event" (it names the event), "agent" (its participants: an event only
    where its clause gives a place) or "spread" (a movement reaching a place).
    """

    sentence: int
    start: int              # offsets into the article's text
    end: int
    text: str
    category: str
    role: str
    keeps_origin: bool = False


@dataclass
class EventMention:
    """One report of an event in one clause, before reports are merged into events.

    status is "factual", "planned", "negated", "hypothetical", "topic", "background"
    or "habitual": only factual and planned ones become events.
    """

    trigger: Trigger
    sentence: Sentence
    status: str
    places: list[Place]                 # one event at each
    place_from: str                     # "clause", "parent clause", "story" or "country"
    day: date | None
    time_precision: int
    day_from: str                       # "clause", "parent clause", "story" or "published"
    main_clause: bool
    clause: int = 0                     # the clause's number in its sentence
    flashback: bool = False             # told in the pluperfect: it does not move the story's day
    episode: bool = False               # "Plus tard", "de nouveau": a new gathering
    fatalities: int | None = None
    crowd_size: str | None = None


@dataclass
class Extraction:
    """Everything the pipeline found in one article."""

    article: Article
    sentences: list[Sentence]
    places: list[Place]
    events: list[Event]
    demonyms: list[Place] = field(default_factory=list)
    pending: bool = False      # a geocoder error left a name to try again later

    def as_dict(self) -> dict:
        """The extract output contract: one JSON object per article.

        "mentions" holds the places and the capitalised demonyms ("Russians",
        "les Russes"), which name a people and so a country; lower-case
        adjectives ("russe") are listed apart, under "adjectives".
        """
        peoples = [d for d in self.demonyms if d.mention.text[:1].isupper()]
        adjectives = [d for d in self.demonyms if not d.mention.text[:1].isupper()]
        mentions = sorted(self.places + peoples, key=lambda p: p.mention.start)
        return {
            "id": self.article.id,
            "lang": self.article.lang,
            "published": self.article.published.isoformat() if self.article.published else None,
            "mentions": [p.as_dict() for p in mentions],
            "adjectives": [p.as_dict() for p in adjectives],
            "events": [e.as_dict() for e in self.events],
        }
