"""The story: the day and the place an article is telling about, sentence by sentence.

Explicit dates set the story's day when a main clause reports an event with them; a
sentence that names none continues the day of the story it follows ("Le soir", "Plus
tard", a new paragraph about the same day), not the publication date. A sentence that
names no place continues the place of the event told just before, if no other place
came between: "La police a ensuite dispersé la foule" is where the crowd was.

    >>> story = Story(published=date(2020, 8, 15))
    >>> story.day_for([], [], [], sentence)        # nothing named yet: the publication date
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from geomap.dates import DateMention, StoryDay
from geomap.model import Place, Sentence

CONTINUES_SENTENCES = 6         # a place carries this many sentences on, if none other is named
DAY_SENTENCES = 6               # a day carries this many sentences on, known to the day
UNSURE_PRECISION = 2            # a day carried from afar is known to the week (ACLED)
HISTORY_DAYS = 31               # an event this long before publication is background
OTHER_DAY_GAP = 1               # a day this far from the story's is another story's
HEADING_CHARS = 120


@dataclass
class Story:
    """What the article is telling at this point."""

    published: date | None
    day: date | None = None
    precision: int = 1
    day_sentence: int = -1
    places: list[Place] = field(default_factory=list)
    place_sentence: int = -1
    named_since: bool = False        # a place was named after the story's place
    by_event: bool = False           # the day was set by an event (not by what someone said)
    section: int = 0
    towns: set[object] = field(default_factory=set)     # where every event told so far was

    def day_for(self, own: list[DateMention], story_days: list[StoryDay],
                parent: list[DateMention], sentence: Sentence,
                continues: bool = False) -> tuple[date | None, int, str]:
        """The day of an event: its clause's date, else its governing clause's, else the
        story's (known to the day if the sentence says it continues the story, "Plus tard",
        or comes right after it), else the publication date (to the week)."""
        if own:
            return own[0].value, own[0].precision, "clause"
        if story_days and self.day is not None:
            shifted = _shift(self.day, story_days[0].offset)
            if shifted is not None:
                return shifted, self.precision, "clause"
        if parent:
            return parent[0].value, parent[0].precision, "parent clause"
        if self.day is not None:
            near = continues or sentence.index - self.day_sentence <= DAY_SENTENCES
            return self.day, self.precision if near else max(self.precision, UNSURE_PRECISION), "story"
        return self.published, UNSURE_PRECISION, "published"

    def places_for(self, sentence: Sentence) -> list[Place]:
        """The story's places, if this sentence continues the story told just before."""
        if not self.places or self.named_since:
            return []
        if sentence.index - self.place_sentence > CONTINUES_SENTENCES:
            return []
        return list(self.places)

    def same_day(self, day: date | None) -> bool:
        """True unless a day named for an event is another than the story's ("Le 31
        décembre, une première marche avait été réprimée" is not where today's story is)."""
        return day is None or self.day is None or abs((day - self.day).days) <= OTHER_DAY_GAP

    def one_place(self) -> bool:
        """True while every event told so far was at one place: an article about one town
        keeps it for the days it looks back on ("On Tuesday, 14 people were arrested")."""
        return len(self.towns) == 1 and bool(self.places)

    def historical(self, day: date | None) -> bool:
        """An event day long before publication: background, not the article's news."""
        return day is not None and self.published is not None and \
            (self.published - day).days > HISTORY_DAYS

    def told_day(self, sentence: Sentence, day: tuple[date, int], by_event: bool) -> None:
        """A sentence's day: its main event's, or (until an event sets one) the day its main
        clause names ("Loukachenko a déclaré samedi que ...")."""
        self.day, self.precision = day
        self.day_sentence = sentence.index
        self.by_event = self.by_event or by_event

    def told(self, sentence: Sentence, places: list[Place], named: bool, located: set[object]) -> None:
        """After a sentence: the places its main events set, whether it named another
        place, and the keys of every place its events were located at."""
        self.towns |= located
        if places:
            self.places = places
            self.place_sentence = sentence.index
            self.named_since = False
        elif named and self.places:
            self.named_since = True

    def named_again(self, sentence: Sentence, places: list[Place]) -> None:
        """A sentence names again a place named before ("Dans cette ville"), or tells
        where it all began ("Tout a commencé mercredi à Dakar"): it is the story's place
        from there on."""
        if places:
            self.places, self.place_sentence, self.named_since = places, sentence.index, False

    def new_section(self) -> None:
        """A heading: the next sentences start a new story of places (the day goes on)."""
        self.places = []
        self.section += 1


def is_heading(sentence: Sentence, sentences: list[Sentence]) -> bool:
    """A line alone in its paragraph, short, without a final stop: a headline or a
    subheading ("– Appel à un vote libre et juste –")."""
    alone = sum(1 for s in sentences if s.paragraph == sentence.paragraph) == 1
    text = sentence.text.rstrip()
    return alone and len(text) <= HEADING_CHARS and not text.endswith((".", "!", "?", "»", '"', "”"))


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
