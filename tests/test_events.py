"""Stage 3: events coded as ACLED codes them. Rule cases are tables of (text, expected events).

An expected event reads "type/sub-type @ place : date", with " (planned)" for planned ones,
"@ country" places for country-level events (geo_precision 3); the order is the text's.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from geomap.events.syntax import surface_syntax
from geomap.model import Event, Extraction, Sentence
from geomap.pipeline import Pipeline

from conftest import en, fr

SATURDAY = date(2020, 8, 15)


def summary(e: Event) -> str:
    kind = f"{e.event_type}/{e.sub_event_type}" if e.sub_event_type else e.event_type
    where = f"{e.location} (country)" if e.geo_precision == 3 else e.location
    return f"{kind} @ {where} : {e.date}" + (" (planned)" if e.planned else "")


def events_of(pipeline: Pipeline, lang: str, text: str, published: date = SATURDAY) -> list[str]:
    article = fr(text, published) if lang == "fr" else en(text, published)
    return [summary(e) for e in pipeline.extract(article).events
            if e.event_type != "Political statement"]


# -- what is an event ------------------------------------------------------------------------

NOT_EVENTS = [
    ("en", "Officials said police would fire tear gas in Minsk if needed."),
    ("fr", "La Biélorussie a arrêté 33 Russes soupçonnés de planifier des émeutes à Minsk."),
    ("fr", "La ministre a déclaré que ceux-ci puniraient « les responsables des violences, des "
           "arrestations et des fraudes » à Minsk."),
    ("fr", "Les syndicats brandissent la menace d'une grève à Marseille."),
    ("fr", "Les étudiants n'ont pas manifesté samedi à Lyon."),
    ("fr", "Aucune arrestation n'a eu lieu samedi à Lyon."),
    ("fr", "Les autorités craignent de nouvelles émeutes à Nouméa."),
    ("fr", "Le gouvernement accuse l'opposition d'avoir organisé des émeutes à Tbilissi."),
    ("fr", "De telles manifestations ont lieu chaque année à Téhéran."),
    ("fr", "Le 4 novembre 1979, des étudiants avaient manifesté à Téhéran."),
    ("fr", "L'ONG Viasna, basée à Vilnius, a publié un rapport."),
    ("fr", "Des étudiants occupent depuis 2019 un amphithéâtre à Rennes."),
    ("en", "Belarus arrested 33 Russians suspected of planning riots."),
    ("en", "Unions warned of a general strike in Leeds."),
    ("en", "Students did not protest in Leeds on Saturday."),
    ("en", "Such protests take place every year in Tehran."),
    ("en", "The minister accused the opposition of inciting riots in Tbilisi."),
    ("en", "Mourners laid flowers in Kyiv in memory of civilians killed in the war."),
    ("fr", "Des habitants ont déposé des fleurs à Kiev en mémoire des civils tués pendant la guerre."),
    # a cue four words back, though a hyphenated word between is three tokens
    ("en", "Online lists had named sites in Leeds and Glasgow as targets for anti-immigration "
           "protests on Wednesday."),
]


@pytest.mark.parametrize("lang, text", NOT_EVENTS)
def test_not_events(pipeline: Pipeline, lang: str, text: str) -> None:
    assert [e for e in events_of(pipeline, lang, text) if not e.endswith("(planned)")] == []


EVENTS = [
    # triggers a word list of protests misses
    ("fr", "À Oran, à Constantine, à Béjaïa et à Tizi Ouzou, les cortèges étaient très fournis "
           "vendredi.",
     ["Protests/Peaceful protest @ Oran : 2020-08-14",
      "Protests/Peaceful protest @ Constantine : 2020-08-14",
      "Protests/Peaceful protest @ Béjaïa : 2020-08-14",
      "Protests/Peaceful protest @ Tizi Ouzou : 2020-08-14"]),
    ("fr", "Samedi, à Tours et à Nice, les défilés ont rassemblé des milliers de personnes.",
     ["Protests/Peaceful protest @ Tours : 2020-08-15", "Protests/Peaceful protest @ Nice : 2020-08-15"]),
    ("fr", "À Lyon et à Marseille, des milliers de manifestants ont défilé samedi.",
     ["Protests/Peaceful protest @ Lyon : 2020-08-15", "Protests/Peaceful protest @ Marseille : 2020-08-15"]),
    ("fr", "Des milliers de manifestants ont défilé samedi à Lyon et Marseille.",
     ["Protests/Peaceful protest @ Lyon : 2020-08-15", "Protests/Peaceful protest @ Marseille : 2020-08-15"]),
    ("fr", "Vendredi soir, l'hôtel de ville de Bordeaux a été incendié par des manifestants.",
     ["Riots/Violent demonstration @ Bordeaux : 2020-08-14"]),
    ("fr", "Des chaînes humaines se sont formées vendredi à Vitebsk et à Moguilev.",
     ["Protests/Peaceful protest @ Vitebsk : 2020-08-14", "Protests/Peaceful protest @ Moguilev : 2020-08-14"]),
    ("fr", "Jeudi, des blocages de routes ont paralysé Batoumi.",
     ["Protests/Peaceful protest @ Batoumi : 2020-08-13"]),
    ("fr", "Des étudiants ont occupé lundi l'université de Rennes.",
     ["Protests/Peaceful protest @ université de Rennes, Rennes : 2020-08-10"]),
    ("fr", "Mercredi soir, des centaines de personnes ont forcé les portes d'un entrepôt du PAM aux "
           "Gonaïves.",
     ["Riots/Violent demonstration @ Gonaïves : 2020-08-12"]),
    ("fr", "Des milliers de personnes ont défilé mardi au Cap-Haïtien, tandis qu'à Jacmel, la mairie "
           "était la cible de jets de pierres.",
     ["Protests/Peaceful protest @ Cap-Haïtien : 2020-08-11", "Riots/Violent demonstration @ Jacmel : 2020-08-11"]),
    ("fr", "Mercredi, une soixantaine de tracteurs ont bloqué pendant plusieurs heures la rocade "
           "ouest de Rennes.",
     ["Protests/Peaceful protest @ Rennes : 2020-08-12"]),
    ("fr", "Mardi soir, des exploitants ont muré l'entrée des locaux de la MSA à Vannes.",
     ["Protests/Peaceful protest @ Vannes : 2020-08-11"]),
    # a country at a road's far end is where the road goes, not where the event is
    ("en", "Protesters also took to the streets on Tuesday in Eldoret, where demonstrators "
           "blocked the highway to Uganda with burning tyres.",
     ["Protests/Peaceful protest @ Eldoret : 2020-08-11"]),
    ("fr", "Mardi, à Kayes, des jeunes ont bloqué la route vers le Sénégal avec des pneus.",
     ["Protests/Peaceful protest @ Kayes : 2020-08-11"]),
    # quarters of a town named with it are the town; towns listed after them are their own
    ("fr", "Vendredi, de nouveaux heurts ont éclaté dans plusieurs quartiers de Dakar, notamment à "
           "Colobane et à la Médina, ainsi qu'à Kaolack et à Mbour.",
     ["Riots/Violent demonstration @ Dakar : 2020-08-14",
      "Riots/Violent demonstration @ Kaolack : 2020-08-14",
      "Riots/Violent demonstration @ Mbour : 2020-08-14"]),
    # an additive word adds the places after it to the act ("ainsi que plusieurs axes à")
    ("fr", "Lundi, des manifestants bloquaient l'autoroute côtière à Jounieh, au nord de "
           "Beyrouth, ainsi que plusieurs axes à Tripoli et à Zahlé, dans la Békaa.",
     ["Protests/Peaceful protest @ Jounieh : 2020-08-10",
      "Protests/Peaceful protest @ Tripoli : 2020-08-10",
      "Protests/Peaceful protest @ Zahlé : 2020-08-10"]),
    # a coordinated part of a clause opening on a place frames what follows
    ("fr", "Samedi, à Valparaíso, des manifestants ont mis le feu à l'entrée d'un immeuble, et à "
           "Concepción, dans le sud, des barricades ont été dressées dans le centre-ville.",
     ["Riots/Violent demonstration @ Valparaíso : 2020-08-15",
      "Riots/Violent demonstration @ Concepción : 2020-08-15"]),
    # what a protest denounces is its topic, not an event
    ("fr", "Des milliers de personnes ont manifesté samedi à Minsk pour dénoncer les violences "
           "policières à Gomel.",
     ["Protests/Peaceful protest @ Minsk : 2020-08-15"]),
    # what an act is for: the act is the event, or, when the sentence names no act, what it was for is
    ("fr", "Des ouvriers ont cessé le travail jeudi à Lyon pour protester contre les licenciements.",
     ["Protests/Peaceful protest @ Lyon : 2020-08-13"]),
    ("fr", "Vendredi, des jeunes s'étaient assis sur la chaussée à Kaya pour barrer le passage aux "
           "camions.",
     ["Protests/Peaceful protest @ Kaya : 2020-08-14"]),
    ("fr", "Des commerçants ont fermé leurs boutiques mardi à Oran pour protester contre la hausse "
           "des taxes.",
     ["Protests/Peaceful protest @ Oran : 2020-08-11"]),
    # "comme chaque samedi" tells one more of a habit: it is an event
    ("fr", "Dimanche, plus de 100 000 personnes ont défilé à Minsk. La veille, plusieurs milliers "
           "de femmes avaient marché dans le centre de Minsk, comme chaque samedi.",
     ["Protests/Peaceful protest @ Minsk : 2020-08-09", "Protests/Peaceful protest @ Minsk : 2020-08-08"]),
    # an action going on since a day of the story is dated from that day
    ("fr", "À Rennes, des étudiants occupent depuis lundi un amphithéâtre de l'université.",
     ["Protests/Peaceful protest @ Rennes : 2020-08-10"]),
    # "since" before a day is no clause word ("since they...")
    ("en", "Students have occupied the main square of Minsk since Monday, demanding new "
           "elections.",
     ["Protests/Peaceful protest @ Minsk : 2020-08-10"]),
    # a place that is not the event's
    ("fr", "Des manifestants venus de Belgrade et de Niš ont bloqué samedi les ponts de Novi Sad.",
     ["Protests/Peaceful protest @ Novi Sad : 2020-08-15"]),
    ("fr", "À Brest, ville frontalière de la Pologne, la police a dispersé un rassemblement vendredi "
           "et interpellé une trentaine de personnes.",
     ["Protests/Protest with intervention @ Brest : 2020-08-14"]),
    ("fr", "Samedi, des manifestants ont saccagé la mairie à Tbilissi et tagué des slogans "
           "hostiles à Moscou.",
     ["Riots/Violent demonstration @ Tbilissi : 2020-08-15"]),
    ("en", "On Saturday, rioters stormed the town hall in Tbilisi and sprayed slogans hostile to "
           "Moscow.",
     ["Riots/Violent demonstration @ Tbilisi : 2020-08-15"]),
    ("fr", "Des manifestants de Minsk ont défilé samedi à Gomel.",
     ["Protests/Peaceful protest @ Gomel : 2020-08-15"]),
    # one event for the protest, the police charge and the arrests
    ("fr", "Des milliers de personnes ont manifesté samedi devant le centre de télévision d'État "
           "à Minsk. La police anti-émeute est arrivée plus tard et a bloqué l'entrée du bâtiment. "
           "Une trentaine de manifestants ont été interpellés.",
     ["Protests/Protest with intervention @ Belteleradio : 2020-08-15"]),
    # the evening keeps the story's day
    ("fr", "Jeudi, des milliers de personnes ont défilé à Paris. Le soir, des centaines de "
           "manifestants se sont de nouveau réunis place de la Concorde, avant d'être dispersés "
           "par la police.",
     ["Protests/Peaceful protest @ Paris : 2020-08-13",
      "Protests/Protest with intervention @ Place de la Concorde : 2020-08-13"]),
    # "la veille" counts from the story's day
    ("fr", "Mardi, des milliers d'étudiants ont manifesté à Alger. La veille, des enseignants "
           "avaient fait grève à Oran.",
     ["Protests/Peaceful protest @ Alger : 2020-08-11", "Protests/Peaceful protest @ Oran : 2020-08-10"]),
    # a sentence telling when it all began moves the story's day, and "le lendemain" counts from it
    ("fr", "Vendredi, le gouvernement a décrété un couvre-feu après une semaine de manifestations. "
           "Tout a commencé samedi dernier. Un chômeur est mort électrocuté devant le siège du "
           "gouvernorat de Kasserine. Dès le lendemain, des centaines de jeunes se sont rassemblés "
           "devant le bâtiment.",
     ["Violence against civilians/Attack @ Kasserine : 2020-08-08",
      "Protests/Peaceful protest @ Kasserine : 2020-08-09"]),
    # "dans cette ville" names again the town named last, though no event was there
    ("fr", "Des milliers de personnes ont défilé samedi à Minsk. Le président Loukachenko s'était "
           "rendu vendredi à Grodno. Dans cette ville, des centaines d'ouvriers ont cessé le "
           "travail samedi.",
     ["Protests/Peaceful protest @ Minsk : 2020-08-15", "Protests/Peaceful protest @ Grodno : 2020-08-15"]),
    # where it all began is the story's place, though no event is told there
    ("fr", "Tout a commencé mercredi à Dakar. L'opposant se rendait au tribunal, escorté par des "
           "centaines de partisans. Les gendarmes ont dispersé ses partisans à coups de grenades "
           "lacrymogènes.",
     ["Protests/Protest with intervention @ Dakar : 2020-08-12"]),
    # a count is a whole word: "adolescent" holds no hundred
    ("fr", "Jeudi, à Bignona, un adolescent de 17 ans a été tué par balle lors d'affrontements avec "
           "les gendarmes.",
     ["Riots/Violent demonstration @ Bignona : 2020-08-13"]),
    # country-level events are the country, never its capital
    ("fr", "Plus d'un million de personnes ont manifesté jeudi dans toute la France.",
     ["Protests/Peaceful protest @ France (country) : 2020-08-13"]),
    # two deaths in two places, each at its own
    ("fr", "Les responsables ont confirmé deux morts : un manifestant est mort lundi à Minsk et un "
           "autre homme est mort en détention mardi à Gomel.",
     ["Violence against civilians/Attack @ Minsk : 2020-08-10",
      "Violence against civilians/Attack @ Gomel : 2020-08-11"]),
    # arrests whose place the text does not give are not put in the country named
    ("fr", "Tikhanovskaya a quitté le pays mardi pour la Lituanie voisine. Des centaines de "
           "personnes ont été arrêtées.", []),
    # planned events keep their day and are marked; a bare weekday in a call is the coming one
    ("fr", "L'opposition prévoit une grande marche dimanche à Minsk.",
     ["Protests/Peaceful protest @ Minsk : 2020-08-16 (planned)"]),
    ("fr", "Les syndicats ont appelé jeudi à une grande marche lundi à Lyon.",
     ["Protests/Peaceful protest @ Lyon : 2020-08-17 (planned)"]),
    ("fr", "Les militants appellent à une grande « marche du million » jeudi prochain à Al-Hoceïma.",
     ["Protests/Peaceful protest @ Al-Hoceïma : 2020-08-20 (planned)"]),
    ("en", "Student groups said they would rally in Jakarta on Thursday.",
     ["Protests/Peaceful protest @ Jakarta : 2020-08-20 (planned)"]),
    ("en", "The opposition leader called on supporters to gather again in Yerevan on Wednesday.",
     ["Protests/Peaceful protest @ Yerevan : 2020-08-19 (planned)"]),
    # English, with the same components and clause words instead of a parser
    ("en", "Police fired tear gas to disperse protesters in Minsk on Sunday. Two protesters were "
           "killed in Gomel on Monday. Workers went on strike in Grodno on Friday.",
     ["Protests/Protest with intervention @ Minsk : 2020-08-09",
      "Violence against civilians/Attack @ Gomel : 2020-08-10",
      "Protests/Peaceful protest @ Grodno : 2020-08-14"]),
    # "a day after" counts back from its clause's day
    ("en", "Fires raged across Lagos on Wednesday, a day after soldiers opened fire at the Lekki "
           "toll gate.",
     ["Protests/Protest with intervention @ Lekki toll gate : 2020-08-11"]),
    # an aside between commas closes: the main clause's day is the story's
    ("en", "The mayor of Leeds, who has led the city for a decade, resigned on Monday. Within "
           "minutes, thousands of people poured into the streets of Leeds.",
     ["Protests/Peaceful protest @ Leeds : 2020-08-10"]),
    ("en", "Protesters took to the streets in Leeds, Bristol and Glasgow on Saturday.",
     ["Protests/Peaceful protest @ Leeds : 2020-08-15", "Protests/Peaceful protest @ Bristol : 2020-08-15",
      "Protests/Peaceful protest @ Glasgow : 2020-08-15"]),
    ("en", "On 3 August 2020, around 200 farmers protested in Rennes against fuel taxes. Police "
           "arrested four of them.",
     ["Protests/Protest with intervention @ Rennes : 2020-08-03"]),
    # an article about one town keeps it for the days it looks back on
    ("en", "Police charged protesters in Bristol on Friday night. On Tuesday, 14 people were "
           "arrested when police broke up a sit-down protest outside the council house.",
     ["Protests/Protest with intervention @ Bristol : 2020-08-14",
      "Protests/Protest with intervention @ Bristol : 2020-08-11"]),
    # a day elsewhere in a story of two towns stays unplaced
    ("en", "Protesters marched in Leeds and in York on Friday. On Tuesday, 14 people were "
           "arrested when police broke up a sit-down protest.",
     ["Protests/Peaceful protest @ Leeds : 2020-08-14", "Protests/Peaceful protest @ York : 2020-08-14"]),
    ("en", "Rioters torched cars in Leicester on Saturday.",
     ["Riots/Violent demonstration @ Leicester : 2020-08-15"]),
    ("en", "In March, the council met in Leicester.", []),
    ("en", "Protesters marched in Leicester on Saturday.",
     ["Protests/Peaceful protest @ Leicester : 2020-08-15"]),
    # a site placed at its town's point is the town's place: one protest, told twice
    ("en", "In São Paulo, about 65,000 people marched on Saturday. The marchers filled Avenida "
           "Paulista until midnight on Saturday.",
     ["Protests/Peaceful protest @ São Paulo : 2020-08-15"]),
]


@pytest.mark.parametrize("lang, text, expected", EVENTS)
def test_events(pipeline: Pipeline, lang: str, text: str, expected: list[str]) -> None:
    assert events_of(pipeline, lang, text) == expected


def test_headline_alone_makes_no_event(pipeline: Pipeline) -> None:
    text = ("Grève générale à Rangoun\n\nLes ambassades occidentales ont appelé à la retenue.")
    assert events_of(pipeline, "fr", text) == []


def test_headline_joins_the_event_of_the_body(pipeline: Pipeline) -> None:
    text = ("Manifestation à Zahedan\n\nDes milliers de personnes ont manifesté vendredi à Zahedan.")
    ex = pipeline.extract(fr(text))
    assert [summary(e) for e in ex.events] == ["Protests/Peaceful protest @ Zahedan : 2020-08-14"]
    assert len(ex.events[0].sources) == 2


# -- the sample article ----------------------------------------------------------------------

def test_sample_events(seed_extraction: Extraction) -> None:
    """The sample's events; the Gomel death has no day in the text: it is known to the week."""
    found = [summary(e) if e.time_precision == 1 else summary(e).rsplit(" : ", 1)[0] + " : week"
             for e in seed_extraction.events if e.event_type != "Political statement"]
    assert found == [
        "Protests/Peaceful protest @ Minsk : 2020-08-15",
        "Violence against civilians/Attack @ Minsk : 2020-08-10",
        "Protests/Peaceful protest @ Minsk : 2020-08-16 (planned)",     # called for "ce week-end"
        "Protests/Protest with intervention @ Belteleradio : 2020-08-15",
        "Violence against civilians/Attack @ Gomel : week",
        "Protests/Peaceful protest @ Minsk : 2020-08-14",
        "Protests/Peaceful protest @ Minsk : 2020-08-14",
    ]
    strike = seed_extraction.events[-1]
    assert strike.category == "strike" and strike.trigger == "abattu des outils"


@pytest.mark.parametrize("lang, text, dead", [
    ("fr", "Jeudi, à Bignona, un adolescent de 17 ans a été tué par balle lors d'affrontements.", 1),
    ("fr", "Trois manifestants ont été tués samedi à Minsk.", 3),
    ("en", "An Afghan man was killed in Leeds on Saturday.", 1),
])
def test_fatalities_are_counted_from_whole_words(pipeline: Pipeline, lang: str, text: str,
                                                 dead: int) -> None:
    article = fr(text, SATURDAY) if lang == "fr" else en(text, SATURDAY)
    assert [e.fatalities for e in pipeline.extract(article).events] == [dead]


def test_sample_event_keeps_every_sentence(seed_extraction: Extraction) -> None:
    tv = next(e for e in seed_extraction.events if e.feature == "landmark")
    assert tv.crowd_size == "des milliers"
    assert [s["trigger"] for s in tv.sources] == ["manifesté", "bloqué l’entrée"]
    death = next(e for e in seed_extraction.events if e.category == "death" and e.location == "Minsk")
    assert death.fatalities == 1 and len(death.sources) == 2


def test_provenance(seed_extraction: Extraction) -> None:
    text = seed_extraction.article.text
    for e in seed_extraction.events:
        assert text[e.start:e.end] == e.sentence
        assert all(text[s["start"]:s["end"]] == s["sentence"] for s in e.sources)
        assert e.sources[0]["sentence"] == e.sentence
        assert e.article_id == seed_extraction.article.id
        assert text[e.place_start:e.place_end]


def test_statements_are_their_own_type_at_their_speaker(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("La police a arrêté 36 personnes à Hong Kong. Pékin a dénoncé samedi "
                             "des « actes terroristes »."))
    assert [(e.event_type, e.location) for e in ex.events] == [
        ("Strategic developments", "Hong Kong"), ("Political statement", "Pékin")]


def test_triggers_keep_the_crowd_as_written(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("À Gomel, des Milliers de personnes ont défilé samedi."))
    assert [e.crowd_size for e in ex.events] == ["des Milliers"]


def test_events_per_article_are_bounded(pipeline: Pipeline) -> None:
    """One event per place, day and type, however often the text repeats it."""
    text = " ".join(["Des milliers de personnes ont manifesté samedi à Minsk."] * 200)
    assert len(pipeline.extract(fr(text)).events) == 1


def test_an_english_aside_between_commas_closes() -> None:
    text = "Police fired tear gas after protesters, who had gathered in Leeds, refused to leave."
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    syntax = surface_syntax(Sentence(0, 0, len(text), text, 0), starts, "en")
    relation = {word: syntax.clauses[syntax.clause_of[k]].relation
                for k, word in enumerate(text.split())}
    assert relation["gathered"] == "relative"
    assert relation["refused"] == relation["protesters,"] == "adverbial"
