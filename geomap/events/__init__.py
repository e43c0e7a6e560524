"""Stage 3: events, coded as ACLED codes them: one event per place, day and type.

The detector runs small components, each testable alone, in this order:
1. triggers (triggers.py): the words that may name an event, from the language data;
2. syntax (syntax.py): the clauses around them (French: the dependency parser, run only
   on the sentences that hold a trigger; English: clause words and punctuation);
3. cues (cues.py): whether the clause reports the event as factual, planned, negated,
   hypothetical, a topic, background or a habit;
4. attachment (attach.py): the places its clause gives it;
5. story (story.py): the day and place carried from sentence to sentence;
6. coreference (coref.py): the reports of one event merged into it;
7. coding (coding.py): ACLED's type and sub-type, fatalities and crowd, counted once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc

from geomap.dates import DateMention, find_clause_days, find_dates, find_story_days
from geomap.events import attach, cues
from geomap.events.coding import code, display_name
from geomap.events.coref import Cluster, merge
from geomap.events.story import Story, is_heading
from geomap.events.syntax import Clause, SentenceSyntax, french_syntax, surface_syntax
from geomap.events.triggers import find_triggers
from geomap.lang import Lexicon, lexicon
from geomap.language import find_syntax, parser_for, sentences, syntax_of, token_facts
from geomap.model import Article, Event, EventMention, Place, Sentence, Trigger
from geomap.textnorm import lowered

# Clauses whose events take the place and day of the clause they hang on when they name
# none: "..., avant d'être dispersés par la police", "où ... est décédé lundi".
TAKES_FROM_GOVERNOR = ("relative", "participle", "adverbial", "coordinate")
DESCRIBING_TOKENS = 3       # a clause that starts this close after a trigger describes it
CLAUSE_DAY_WORDS = 4        # "a day after" reaches a trigger this many words on: "security forces opened fire"
# Counted "since" a day, these are a toll over days, not one event: "632 arrestations
# depuis vendredi". A strike or a sit-in "depuis samedi" goes on: it is dated by its start.
SUMMED = ("arrest", "death", "police_intervention")


class EventDetector:
    """Finds the events of an article; holds nothing between articles."""

    def wants_syntax(self, article: Article, doc: Doc) -> list[tuple[int, int]]:
        """The token ranges of the sentences that hold a trigger: the ones worth parsing.

        Called while the text is parsed, so that the parser can run in a worker process
        with the entity model."""
        return [_token_range(doc, s) for s, found in _triggers(article, doc).items() if found]

    def detect(self, article: Article, doc: Doc, sentences: list[Sentence],
               places: list[Place]) -> list[Event]:
        lex = lexicon(article.lang)
        triggers = {s.index: found for s, found in _triggers(article, doc).items()}
        syntaxes = _syntaxes(article, doc, sentences, triggers)
        by_sentence: dict[int, list[Place]] = {}
        for p in places:
            by_sentence.setdefault(p.mention.sentence, []).append(p)
        story = Story(article.published)
        mentions: list[EventMention] = []
        headline: list[EventMention] = []
        for sentence in sentences:
            here = by_sentence.get(sentence.index, [])
            syntax = syntaxes.get(sentence.index) or surface_syntax(
                sentence, _token_starts(doc, sentence), article.lang)
            dates = find_dates(sentence.text, article.lang, article.published)
            low = lowered(sentence.text)
            if not here and lex.cue("place_anaphora").search(low):
                story.named_again(sentence, _last_town(places, sentence))
            elif lex.cue("story_start").search(low):       # "Tout a commencé mercredi à Dakar."
                story.named_again(sentence, [p for p in here if attach.usable(p)
                                             and p.feature not in attach.BROAD_FEATURES])
            told = triggers[sentence.index]
            found = _participants_aside([m for k, t in enumerate(told) if (m := _mention(
                t, told[:k], sentence, syntax, dates, here, places, story, article, lex))])
            located = [m for m in found if m.places]     # the others only tell the story's day
            if is_heading(sentence, sentences):
                if sentence.index == 0:
                    headline += located
                story.new_section()
                continue
            mentions += located
            _advance(story, sentence, syntax, dates, found, here, lex)
        return [_event(article, cluster, lex) for cluster in merge(mentions, headline, lex)]


def _last_town(places: list[Place], sentence: Sentence) -> list[Place]:
    """The town named last before the sentence: what "cette ville" names again."""
    towns = [p for p in places if p.mention.start < sentence.start and p.feature == "city"
             and p.lat is not None]
    return towns[-1:]


def _triggers(article: Article, doc: Doc) -> dict[Sentence, list[Trigger]]:
    """The triggers of each sentence of the article, found once per doc."""
    if "geomap.triggers" not in doc.user_data:
        lex = lexicon(article.lang)
        doc.user_data["geomap.triggers"] = {s: find_triggers(s, lex) for s in sentences(doc, article.text)}
    return doc.user_data["geomap.triggers"]


def _token_range(doc: Doc, sentence: Sentence) -> tuple[int, int]:
    idx = token_facts(doc).idx
    return bisect.bisect_left(idx, sentence.start), bisect.bisect_left(idx, sentence.end)


def _token_starts(doc: Doc, sentence: Sentence) -> list[int]:
    return token_facts(doc).idx[slice(*_token_range(doc, sentence))]


def _syntaxes(article: Article, doc: Doc, sentences: list[Sentence],
              triggers: dict[int, list[Trigger]]) -> dict[int, SentenceSyntax]:
    """The clauses of each sentence that holds a trigger: from the parse where the language
    has a parser (made while the text was parsed, else here), else from clause words."""
    facts = token_facts(doc)
    spans = {s.index: _token_range(doc, s) for s in sentences if triggers[s.index]}
    if parser_for(article.lang) is None:
        return {s.index: surface_syntax(s, facts.idx[slice(*spans[s.index])], article.lang)
                for s in sentences if s.index in spans}
    order = [s for s in sentences if s.index in spans]
    parses = {s.index: syntax_of(doc, *spans[s.index]) for s in order}
    missing = [s for s in order if parses[s.index] is None]
    for s, found in zip(missing, find_syntax([(article.lang, facts.text[slice(*spans[s.index])],
                                                facts.space_after[slice(*spans[s.index])]) for s in missing])):
        parses[s.index] = found
    return {s.index: french_syntax(s, facts.idx[slice(*spans[s.index])], parses[s.index]) for s in order}


def _participants_aside(found: list[EventMention]) -> list[EventMention]:
    """The reports without those of participants in a clause that reports its event: in
    "two protesters were killed", the protesters are the victims, not a protest. Where the
    clause's event is denied or feared ("ont bravé l'interdiction de rassemblement"), the
    participants stand."""
    named = {m.clause for m in found if m.trigger.role != "agent"}
    return [m for m in found if m.trigger.role != "agent" or m.clause not in named]


def _mention(trigger: Trigger, before: list[Trigger], sentence: Sentence, syntax: SentenceSyntax,
             dates: list[DateMention], here: list[Place], places: list[Place], story: Story,
             article: Article, lex: Lexicon) -> EventMention | None:
    """The trigger as a report of an event, or None when it reports none: denied, feared,
    past, a topic, or with no place the text gives. before: the sentence's earlier triggers."""
    status = cues.status(trigger, syntax, lex, before)
    if status not in cues.EVENT_STATUSES:
        return None
    trigger = _whose_violence(trigger, syntax, lex)
    clause = syntax.clause_at(trigger.start)
    governors = _governors(syntax, clause)
    own = _in_clause(dates, syntax, clause)
    above = next((found for g in governors if (found := _in_clause(dates, syntax, g))), []) or \
        _described(dates, syntax, trigger) or _said_before(dates, syntax, trigger)
    if article.published is not None:   # "will step down on Wednesday, after protesters stormed"
        above = [d for d in above if d.value <= article.published]
    shifts = [d for d in find_story_days(sentence.text, article.lang)
              if syntax.clause_at(sentence.start + d.start).index == clause.index
              or not sentence.text[:d.start].strip()]        # "The day before, police had ..."
    continues = bool(lex.cue("continuation").match(syntax.lowered)) or bool(lex.cue("episode").search(
        syntax.clause_text(trigger.start)))
    own = _nearest(own, trigger, sentence)
    if own and own[0].since and trigger.category in SUMMED:
        return None                          # "l'arrestation de 632 personnes depuis vendredi"
    day, precision, day_from = story.day_for(own, shifts, above, sentence, continues)
    if day is not None and day_from in ("parent clause", "story"):
        day = _counted_back(day, trigger, sentence, article.lang)
    if day_from in ("clause", "parent clause") and story.historical(day):
        return None                          # "Le 4 novembre 1979, ... avaient envahi"
    if status != cues.FACTUAL and own and day == own[0].value and own[0].bare_weekday and \
            article.published and day < article.published:
        day = day + timedelta(days=7)        # "appellent à une marche lundi": the coming one
    if day and article.published and day > article.published and day_from == "clause":
        status = cues.PLANNED
    if status == cues.FORETOLD:
        return None                          # "said police would fire": no day to come
    if status == cues.PLANNED and day_from not in ("clause", "parent clause"):
        return None                          # a call with no day: nothing to put on a calendar
    flashback = bool(lex.cue("pluperfect").search(syntax.clause_text(trigger.start)))
    found, place_from = _places(trigger, sentence, syntax, clause, governors, here, places, story,
                                article, lex, day if flashback and day_from == "clause" else None)
    return EventMention(
        trigger=trigger, sentence=sentence, status=status, places=found, place_from=place_from,
        day=day, time_precision=precision, day_from=day_from,
        main_clause=not clause.embedded, clause=clause.index,
        flashback=flashback,
        episode=bool(lex.cue("episode").search(syntax.clause_text(trigger.start))),
        fatalities=_fatalities(syntax, trigger, lex), crowd_size=_crowd(sentence, syntax, trigger, lex))


def _whose_violence(trigger: Trigger, syntax: SentenceSyntax, lex: Lexicon) -> Trigger:
    """Violence by the security forces is an intervention, not a riot: "des hommes en
    uniforme ont tiré sur les manifestants, incendié les tentes"; clashes of armed groups
    are battles: "M23 rebels clashed with FARDC soldiers". The actor is the first one named
    before the trigger, in its clause, else in the clauses it hangs on."""
    if trigger.category != "riot":
        return trigger
    if lex.cue("armed_actors").search(syntax.clause_text(trigger.start)) and \
            not lex.cue("crowd_acts").search(syntax.clause_text(trigger.start)):
        return replace(trigger, category="battle")
    texts = [syntax.clause_text(trigger.start)]
    clause = syntax.clause_at(trigger.start)
    while clause.parent is not None and clause.relation in TAKES_FROM_GOVERNOR:
        clause = syntax.clauses[clause.parent]
        texts.append(" ".join(syntax.lowered[syntax.starts[i] - syntax.sentence.start:].split(None, 1)[0]
                              for i, k in enumerate(syntax.clause_of) if k == clause.index))
    word = trigger.text.lower()
    for text in texts:
        before = text[:text.find(word)] if word in text else text
        forces, crowd = lex.cue("security_forces").search(before), lex.cue("crowd_acts").search(before)
        if forces or crowd:
            if forces and (not crowd or forces.start() < crowd.start()):
                return replace(trigger, category="police_intervention")
            return trigger
    return trigger


def _governors(syntax: SentenceSyntax, clause: Clause) -> list[Clause]:
    """The clauses a clause hangs on, nearest first, for as long as it takes their place
    and day: "des fidèles qui manifestaient" hangs on "lorsque ... ont ouvert le feu sur
    des fidèles", which hangs on "41 personnes ont été tuées vendredi à Zahedan"."""
    chain = []
    while clause.relation in TAKES_FROM_GOVERNOR and clause.parent is not None:
        clause = syntax.clauses[clause.parent]
        chain.append(clause)
    return chain


def _counted_back(day: date, trigger: Trigger, sentence: Sentence, lang: str) -> date:
    """The day of an event told right after "a day after" or "au lendemain de": the
    governing clause's day, counted back. "Lagos burns on Wednesday, a day after security
    forces opened fire" puts the shooting on Tuesday; a comma between ends their reach."""
    before = trigger.start - sentence.start
    counts = [d for d in find_clause_days(sentence.text, lang) if d.end <= before
              and "," not in sentence.text[d.end:before]
              and len(sentence.text[d.end:before].split()) <= CLAUSE_DAY_WORDS]
    return day + timedelta(days=counts[-1].offset) if counts else day


def _in_clause(dates: list[DateMention], syntax: SentenceSyntax, clause: Clause) -> list[DateMention]:
    start = syntax.sentence.start
    return [d for d in dates if syntax.clause_at(start + d.start).index == clause.index]


def _described(dates: list[DateMention], syntax: SentenceSyntax, trigger: Trigger) -> list[DateMention]:
    """The date of a clause that describes the trigger itself, right after it: "a week of
    rioting that began in Southport on July 30"."""
    first = syntax.token_at(trigger.end - 1) + 1
    here = syntax.clause_at(trigger.start).index
    for i in range(first, min(first + DESCRIBING_TOKENS, len(syntax.starts))):
        child = syntax.clauses[syntax.clause_of[i]]
        if child.index != here and child.parent == here and child.relation in ("relative", "participle"):
            return _in_clause(dates, syntax, child)
    return []


def _said_before(dates: list[DateMention], syntax: SentenceSyntax, trigger: Trigger) -> list[DateMention]:
    """The last date of a main clause before the trigger in its sentence: "On 10 January,
    students marched ...; police blocked them" keeps the day."""
    at = trigger.start - syntax.sentence.start
    found = [d for d in dates if d.end <= at and not syntax.clause_at(syntax.sentence.start + d.start).embedded]
    return found[-1:]


def _nearest(dates: list[DateMention], trigger: Trigger, sentence: Sentence) -> list[DateMention]:
    """The dates nearest the trigger first; the start of a state ("depuis samedi") only when
    there is no other: it dates an action that goes on, not one that happened that day."""
    start, end = trigger.start - sentence.start, trigger.end - sentence.start
    return sorted(dates, key=lambda d: (d.since, d.start - end if d.start >= end else max(start - d.end, 0)))


def _places(trigger: Trigger, sentence: Sentence, syntax: SentenceSyntax, clause: Clause,
            governors: list[Clause], here: list[Place], places: list[Place], story: Story,
            article: Article, lex: Lexicon, day: date | None) -> tuple[list[Place], str]:
    """Where the event is, and where that was read from. The story's place is that of the
    story's day: not of the day a flashback gives ("Le 31 décembre, une première marche
    avait été réprimée"), nor of another day the sentence's main clause names."""
    if trigger.category == "statement":         # "Pékin a dénoncé": where the speaker is
        speakers = [p for p in here if p.mention.metonymic and p.lat is not None]
        if speakers:
            return speakers[:1], "clause"
    clause_text = syntax.clause_text(trigger.start)
    day = day or _main_day(sentence, syntax, story)
    many = lex.cue("country_wide").search(clause_text) or lex.cue("unnamed_places").search(clause_text)
    own = attach.clause_places(trigger, syntax, here, lex, article.text)
    if many and own and all(p.feature in attach.BROAD_FEATURES for p in own):
        own = [p for p in own if p.feature == "country"]    # "in towns and cities across England"
        return own, "country"
    if own:
        return own, "clause"
    for governor in governors:
        above = attach.clause_places(trigger, syntax, here, lex, article.text, governor.index)
        if above:
            return above, "parent clause"
    for child in (c for c in syntax.clauses if c.parent == clause.index and trigger.role == "event"
                  and (c.relation == "participle" or c.relation == "adverbial" and not c.finite)):
        below = attach.clause_places(trigger, syntax, here, lex, article.text, child.index)
        if below:       # "ont dispersé le sit-in installé devant le quartier général à Khartoum",
            return below, "parent clause"       # "est mort après être monté ... à Kasserine"
    if clause.relation != "complement":
        framed = attach.frame_places(trigger, sentence.start, here, lex, article.text)
        if framed:
            return framed, "parent clause"
    if trigger.role == "agent":
        return [], ""                    # participants are an event only where their clause says
    if lex.section("syntax")["sentence_places"] and not _definite(trigger, syntax, lex):
        others = sorted((c for c in syntax.clauses if c.index != clause.index and c.relation != "complement"),
                        key=lambda c: (c.index > clause.index, abs(c.index - clause.index)))
        for other in others:
            found = attach.clause_places(trigger, syntax, here, lex, article.text, other.index)
            if found:
                return found, "parent clause"
    if lex.cue("country_wide").search(clause_text):
        country = _main_country(places)
        return ([country], "country") if country is not None else ([], "")
    if trigger.role == "event" and trigger.category != "statement" and \
            not lex.cue("unnamed_places").search(clause_text) and (story.same_day(day) or story.one_place()):
        carried = story.places_for(sentence)
        if carried:
            return carried, "story"
    return [], ""


def _main_day(sentence: Sentence, syntax: SentenceSyntax, story: Story) -> date | None:
    """The day the sentence's main clause names, if any: "The unrest began Friday when
    protests ... escalated" is about Friday, not the day of the story told before."""
    dates = find_dates(sentence.text, syntax.lang, story.published)
    main = [d for d in dates if not d.since and not syntax.clause_at(sentence.start + d.start).embedded]
    return main[0].value if main else None


def _definite(trigger: Trigger, syntax: SentenceSyntax, lex: Lexicon) -> bool:
    """A trigger after a definite article refers to an event told before: "The
    counter-protests followed a week of rioting that began in Southport"."""
    return bool(lex.cue("definite").search(syntax.window(trigger.start, 1)))


def _main_country(places: list[Place]) -> Place | None:
    """The article's most-named country, for "dans tout le pays"."""
    countries = [p for p in places if p.feature == "country" and p.lat is not None]
    if not countries:
        return None
    counts: dict[str, int] = {}
    for p in countries:
        counts[p.country_code] = counts.get(p.country_code, 0) + 1
    top = max(counts, key=counts.get)
    return next(p for p in countries if p.country_code == top)


def _advance(story: Story, sentence: Sentence, syntax: SentenceSyntax, dates: list[DateMention],
             found: list[EventMention], here: list[Place], lex: Lexicon) -> None:
    """Carry the sentence's day and places on to the next sentences: the day of its main
    event, else of its main clause ("Loukachenko a déclaré samedi que ...")."""
    told = [m for m in found if m.status == cues.FACTUAL]
    day = next(((m.day, m.time_precision) for m in told if m.main_clause
                and m.day_from in ("clause", "parent clause") and m.day is not None
                and not m.flashback and m.trigger.category != "statement"), None)
    if day is not None:
        story.told_day(sentence, day, by_event=True)
    else:
        main = [d for d in dates if not syntax.clause_at(sentence.start + d.start).embedded
                and not d.since and not story.historical(d.value)
                and (story.published is None or d.value <= story.published)
                and not lex.cue("pluperfect").search(syntax.clause_text(sentence.start + d.start))]
        # What is said today ("a annoncé dimanche le ministre") or done about it ("La taxe,
        # annoncée jeudi, a été abandonnée") does not move the day of the events told; a
        # sentence that opens on a day does ("Lundi matin, les écoles sont restées fermées").
        if main and (not story.by_event or not sentence.text[:main[0].start].strip(" ,")
                     or lex.cue("story_start").search(syntax.clause_text(sentence.start + main[0].start))):
            story.told_day(sentence, (main[0].value, main[0].precision), by_event=False)
    _advance_places(story, sentence, told, here)


def _advance_places(story: Story, sentence: Sentence, told: list[EventMention],
                    here: list[Place]) -> None:
    """The places of the sentence's last located event become the story's."""
    located = [m for m in told if m.place_from in ("clause", "parent clause", "story")
               and m.trigger.category != "statement" and all(p.feature != "country" for p in m.places)]
    kept = located[-1].places if located else []
    named = any(attach.usable(p) and attach.place_key(p) not in {attach.place_key(k) for k in story.places}
                for p in here)
    story.told(sentence, kept, named, {attach.place_key(p) for m in located for p in m.places})


def _fatalities(syntax: SentenceSyntax, trigger: Trigger, lex: Lexicon) -> int | None:
    """The number of dead the trigger's words give: "un autre homme qui est mort" is one."""
    if trigger.category != "death":
        return None
    start, end = trigger.start - syntax.sentence.start, trigger.end - syntax.sentence.start
    for m in _pattern(lex, "fatalities").finditer(syntax.lowered):
        if m.start() <= end and m.end() >= start:
            word = m.group("count")
            return int(word) if word.isdigit() else lex.section("numbers", "words").get(word)
    return None


def _crowd(sentence: Sentence, syntax: SentenceSyntax, trigger: Trigger, lex: Lexicon) -> str | None:
    if trigger.category not in ("protest", "strike", "riot"):
        return None
    clause = syntax.clause_at(trigger.start).index
    for m in _pattern(lex, "crowd").finditer(syntax.lowered):
        if syntax.clause_at(sentence.start + m.start("crowd")).index == clause:
            return sentence.text[m.start("crowd"):m.end("crowd")].strip()
    return None


_PATTERNS: dict[tuple[str, str], re.Pattern] = {}


def _pattern(lex: Lexicon, name: str) -> re.Pattern:
    key = (lex.lang, name)
    if key not in _PATTERNS:
        _PATTERNS[key] = re.compile(lex.section("events")[name])
    return _PATTERNS[key]


def _event(article: Article, cluster: Cluster, lex: Lexicon) -> Event:
    """The event a cluster of reports makes, with every sentence as its provenance."""
    members = sorted(cluster.members, key=lambda m: m[0].trigger.start)
    anchor, _ = members[0]
    event_type, sub_type, category = code({m.trigger.category for m, _ in members}, cluster.family, lex)
    place = cluster.place
    fatalities = [m.fatalities for m, _ in members if m.fatalities is not None]
    crowds = [m.crowd_size for m, _ in members if m.crowd_size]
    sources: dict[int, dict] = {}
    for m, _ in members:
        sources.setdefault(m.sentence.start, {"sentence": m.sentence.text, "start": m.sentence.start,
                                              "end": m.sentence.end, "trigger": m.trigger.text})
    return Event(
        category=category, event_type=event_type, sub_event_type=sub_type,
        date=cluster.day, time_precision=cluster.precision,
        location=display_name(place.mention.text, place.name, place.mention.kind, place.feature),
        lat=place.lat, lon=place.lon, geo_precision=place.geo_precision,
        country_code=place.country_code or None, feature=place.feature,
        sentence=anchor.sentence.text, start=anchor.sentence.start, end=anchor.sentence.end,
        article_id=article.id, trigger=anchor.trigger.text,
        place_start=place.mention.start, place_end=place.mention.end,
        fatalities=max(fatalities) if fatalities else None,
        crowd_size=crowds[0] if crowds else None, planned=cluster.planned,
        sources=[sources[k] for k in sorted(sources)],
        gazetteer_id=None if place.approximate else place.gazetteer_id,
    )
