"""Every bonus, penalty and threshold of place resolution, each with its reason.

The resolver reads one Weights object, so that benchmarks can sweep them:

    >>> from dataclasses import replace
    >>> replace(WEIGHTS, far_km=2000.0).far_km
    2000.0
    >>> reason("population")
    'score per tenfold population: big places are named more often'
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


def _w(value, reason: str):
    """A weight and the one line that says why it is there."""
    if isinstance(value, (dict, tuple)):
        return field(default_factory=lambda: value, metadata={"reason": reason})
    return field(default=value, metadata={"reason": reason})


@dataclass(frozen=True)
class Weights:
    """The weights of resolution. Scores are sums of these; distances are in km."""

    # -- a candidate's own score
    feature_prior: dict = _w({"country": 6.0, "region": 2.0, "city": 1.5, "landmark": 3.0,
                              "other": 9.0},
                             "what a bare name most often means: a country name is the country")
    population: float = _w(0.8, "score per tenfold population: big places are named more often")
    preferred: float = _w(2.0, "the place's main name, not a minor alternate")
    capital: float = _w(1.5, "capitals are what news names")
    alternate_country: float = _w(4.0, "penalty: a minor alternate name of a country is rarely it")
    focus: float = _w(5.0, "times the share of the article's attention on the reading's country")
    neighbour_contains: float = _w(8.0, "'McLean, Virginia': a neighbour holds the reading")
    county_km: float = _w(100.0, "a second-level region ('Columbus County') holds only the towns "
                                 "of its state this close to its point, not 'Denver' 300 km away")

    # -- the article's country focus
    paragraph_share: float = _w(0.3, "weight of the paragraph's own countries in a focus: "
                                     "a digest moves from country to country")
    vote_country: float = _w(2.0, "a country named draws attention to itself")
    vote_demonym: float = _w(1.0, "a people named ('les Russes') draws attention to its country")
    vote_cue: float = _w(1.0, "a word of a country's own institutions or money ('$765,000', "
                              "'Sheriff's Office'): local news names towns, seldom its country")
    cue_cap: int = _w(3, "the most cue words that count for one country")
    vote_unambiguous: float = _w(1.0, "a name whose readings are all in one country")
    vote_ambiguous: float = _w(0.3, "an ambiguous name, once, for its biggest reading")
    rival_population: int = _w(1_000_000, "a country name that a region or town this big bears "
                                          "too ('Georgia') draws no vote")

    # -- other names of the article
    coherence_steps: tuple = _w(((50.0, 4.0), (150.0, 3.0), (400.0, 2.0), (1000.0, 1.0)),
                                "(km, bonus): a reading near the article's other places")
    contained: float = _w(1.5, "a reading inside another name's reading, or around it")
    same_region: float = _w(3.0, "times the share of the article's other places in the reading's "
                                 "first-level region: local news stays in its state")
    support_steps: tuple = _w(((30.0, 2.0), (100.0, 0.5)),
                              "(km, bonus) per other name with a reading this close: local news "
                              "names nearby towns")
    support_cap: float = _w(4.0, "the most that other names' readings may add")
    sentence_country: float = _w(3.0, "a reading in a country the sentence names "
                                      "('À La Réunion, ... à Saint-Denis')")

    # -- namesakes
    regional_seat: float = _w(3.5, "penalty: a region named after its town yields to the town "
                                   "('Grodno')")
    small_namesake: float = _w(3.0, "penalty: a small town named like a region, country or sea "
                                    "a thousand times bigger ('Florida', New York)")
    seat_exceptions: tuple = _w(("US",), "countries where a bare state name means the state, "
                                         "not its seat ('New York')")
    namesake_share: float = _w(0.001, "how much smaller than the region a small namesake is")
    short_county: float = _w(2.0, "penalty: a county named without 'County' yields to a town")
    capital_namesake: float = _w(2.0, "penalty: a town under a tenth of a big capital, or a "
                                      "département, named like it ('London', Ohio; 'Vienne')")
    capital_namesake_share: float = _w(0.1, "a town this much smaller than a big capital "
                                            "yields to it")
    big_capital: int = _w(1_000_000, "a capital this big is what its bare name means")
    big_town: int = _w(300_000, "a town this big beats its village namesakes ('Gomel')")
    big_town_share: float = _w(0.01, "a namesake this much smaller than a big town is a village")
    same_name_similarity: float = _w(0.6, "how alike (difflib's ratio) a name and a big town's "
                                          "main name are when one is a spelling of the other "
                                          "('Gomel', Homyel': 0.73; not 'Minieh', Minya: 0.55)")
    big_town_namesake: float = _w(8.0, "penalty: a village named like a big town of a country "
                                       "the article is about, unless a neighbour names it")
    world_city: int = _w(1_000_000, "a town this big, named by its main name, beats in any "
                                    "article a village namesake far from all its other places "
                                    "('tourists from Dubai' in Kerala: not a Dubai of Uttar "
                                    "Pradesh)")

    # -- cues in the text
    dateline_city: float = _w(3.0, "a name in capitals is mostly a dateline, and datelines "
                                   "name towns")
    code_letters: int = _w(3, "a name in capitals this short is a code ('USA'), not a dateline")
    dateline_chars: int = _w(40, "a dateline opens the story")
    opening_sentences: int = _w(1, "a name's neighbour in the headline or the sentence of the "
                                   "dateline settles its mentions before it too ('PARIS, Texas')")
    home_region: float = _w(8.0, "the region of a local story's dateline ('HELENA, Mont.')")
    district_in_town: float = _w(8.0, "a district of a town the article names ('Jordan', "
                                      "Hong Kong)")
    municipal: float = _w(3.0, "a town, for a name followed by a town's body ('Athens police')")
    country_as_town: float = _w(8.0, "penalty: a country, for a name followed by a town's body "
                                     "or people ('a Palestine man', 'Jordan police'), or "
                                     "after a preposition that only towns take ('à Mexico')")
    region_noun: float = _w(4.0, "a region, for a name after a word for one ('la région de "
                                 "Tillabéri' is the region, not its town)")
    governed: float = _w(8.0, "a country or first-level region, for a name followed by its "
                              "government ('Quebec Health Minister'): towns have mayors; a "
                              "first-level region alone for a governor ('Georgia Governor')")
    town_preposition: float = _w(4.0, "a town, for a name after a preposition that only towns "
                                      "take (French 'à New York')")
    county_pair: float = _w(2.0, "a town and a county that holds it, both named in the article "
                                 "('an Athens man', 'Henderson County'): each settles the other")
    state_pair: float = _w(2.0, "a town and the first-level region that holds it, both named in "
                                "the article ('Albany', 'Georgia'): each settles the other")
    county_pair_km: float = _w(50.0, "the farthest a county's point lies from a town it holds, "
                                     "for the pair to settle each other")
    counties: float = _w(8.0, "counties, for 'Anderson and Cherokee counties'")
    neighbour_chars: int = _w(40, "the most characters between a place and the region that "
                                  "holds it")

    # -- coherence as a hard rule
    far_km: float = _w(500.0, "a reading this far from every other place of the article, in a "
                               "country it never names, needs strong evidence")
    country_namesake_km: float = _w(60.0, "a town named like a country abroad lies this close "
                                          "to the story's towns to be the one meant ('Italy', "
                                          "Texas, among Hillsboro and Milford)")
    country_namesake_towns: int = _w(2, "the fewest of the story's towns that close")
    strong_population: int = _w(100_000, "a place this big, under its name in any spelling, "
                                        "is strong evidence on its own")
    company_km: float = _w(30.0, "readings that themselves need evidence keep each other "
                                 "company only this close ('Castlebar' and 'Mayo'), not "
                                 "'Cacao' in Mexico and 'la Crique' in Honduras")

    # -- sites and quarters
    same_town_km: float = _w(50.0, "a landmark this close to a town named with it is in it")
    facility_focus: float = _w(0.5, "a site's own place name counts when its country has this "
                                    "share of the article")
    site_coherence: float = _w(3.0, "a site's own town counts when the article names places "
                                    "this near it (150 km), or is a capital: Selma's 'Vaughan "
                                    "Regional Medical Center' is not in Vaughan, Ontario")
    site_country_share: float = _w(0.3, "a site named after a country with less than this "
                                        "share of the article is in its paragraph's town "
                                        "('la cathédrale Notre-Dame du Congo' in Kinshasa)")
    quarter_namesake_population: int = _w(1_000_000, "a namesake abroad this small is no town "
                                                      "of the story when the name is said to be "
                                                      "a quarter or its people's ('les habitants "
                                                      "de Saga', in Niamey)")
    quarter_context: int = _w(80, "characters before a name where the words that make it a "
                                  "quarter stand (\"à\", \"le quartier de\")")
    town_focus: float = _w(0.5, "a paragraph is about a town when this share of the towns "
                                "it names are that town or its suburbs: then \"à X\" may be "
                                "one of its quarters")
    quarter_km: float = _w(30.0, "the suburbs of a town lie this close to it, and a geocoder "
                                 "answer for a quarter placed at its town is kept this close")
    near_town_km: float = _w(80.0, "a geocoder answer for a town said to be near another is "
                                   "kept within this distance of it (\"à 30 km de Kasserine\")")
    river_town_km: float = _w(1000.0, "a river is placed at the town its sentence or the "
                                      "dateline names when its point lies this close: rivers "
                                      "are long, and the story is where it meets them")

    # -- villages of local stories
    stray_population: int = _w(50_000, "a town smaller than this, far from a local story's "
                                       "towns, is a namesake of a place of the story's area")
    stray_km: float = _w(200.0, "how far from every town of a local story such a namesake lies")
    local_story_km: float = _w(150.0, "a story is local when its towns lie this close to its "
                                      "home town (its dateline's, else its first)")
    local_story_share: float = _w(0.75, "the share of a local story's towns that lie that close: "
                                        "a far state capital is named in many")
    stray_story_towns: int = _w(2, "the fewest other towns a story names to be local")

    # -- confidences
    lone_lead: float = _w(4.0, "the lead given to a name with one reading, as a logit")
    holder_km: float = _w(300.0, "a geocoder answer for a town placed at the region named "
                                 "with it is kept this close to the region's point")
    demonym_confidence: float = _w(0.9, "a people's country is rarely in doubt")
    capital_confidence: tuple = _w((0.8, 0.6), "'la capitale biélorusse', and a bare 'la "
                                               "capitale' read from the focus")
    landmark_confidence: tuple = _w((0.6, 0.15, 0.99), "a landmark: base, per point of score, "
                                                       "most")
    landmark_in_city: float = _w(2.0, "a landmark whose city the article names")
    landmark_focus: float = _w(0.1, "a landmark of a town the article does not name needs this "
                                    "share of its attention on the landmark's country")
    landmark_preferred: float = _w(0.5, "a landmark under its own name, not a generic alias")
    site_confidence: float = _w(0.5, "the most a site placed at its town can claim")
    region_confidence: float = _w(0.3, "a town placed at its region's point")
    lookup_share: float = _w(0.3, "countries with this share of the article steer the geocoder")


WEIGHTS = Weights()


def reason(name: str) -> str:
    """The reason of one weight."""
    return next(f.metadata["reason"] for f in fields(Weights) if f.name == name)
