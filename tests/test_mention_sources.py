"""Each recognition source on its own, the overlap policy, and the declared order."""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer
from geomap.language import parse, sentences
from geomap.mentions import ORDER, SOURCES, MentionFinder
from geomap.mentions.claims import HOLDS, Claim, View, first_claim_wins

from conftest import en, fr


def view_of(gazetteer: Gazetteer, lang: str, text: str) -> View:
    article = fr(text) if lang == "fr" else en(text)
    (_, doc), = parse([article])
    return View.of(doc, lang, sentences(doc, article.text), gazetteer)


def claimed(view: View, claims: list[Claim]) -> list[tuple[str, str]]:
    return [(view.tokens.span_text(c.start, c.end), c.kind) for c in claims]


# (source, language, text, what it claims alone: (words, kind)...)
SOURCE_CASES = [
    ("landmarks", "en", "Thousands protested outside the White House on Monday.",
     [("White House", "landmark")]),
    ("landmarks", "en", "White House aides met on Monday.",            # whose aides? no place
     [("White House", HOLDS)]),
    ("landmarks", "fr", "Des salariés ont manifesté devant le centre de télévision d'État "
     "biélorusse.", [("centre de télévision d'État biélorusse", "landmark")]),   # and its people
    ("sites", "en", "They marched down Bourbon Street to the Webb Center.",
     [("Bourbon Street", "facility"), ("Webb Center", "facility")]),
    ("sites", "en", "He fell at the corner of State and Hubbard streets.",
     [("State", "facility"), ("Hubbard", "facility")]),
    ("sites", "fr", "La foule a rempli la place Tahrir puis la rue de Rivoli.",
     [("place Tahrir", "facility"), ("rue de Rivoli", "facility")]),
    ("sites", "en", "Main Street was closed.", []),                   # no name of its own
    ("sites", "en", "Water from Rafferty Dam and Trimmu Barrage reached Weir Street, then Saxton "
     "Field.", [("Rafferty Dam", "facility"), ("Trimmu Barrage", "facility"),  # dams, fields;
                ("Weir Street", "facility"), ("Saxton Field", "facility")]),  # a site's word
    #                                                   before the last is a name
    ("sites", "en", "Doctors marched from Services Hospital and Mayo Hospital.",   # two sites
     [("Services Hospital", "facility"), ("Mayo Hospital", "facility")]),
    ("sites", "en", "Traffic on Roxford Street and El Dorado Avenue was slow.",    # one corner,
     [("Roxford Street and El Dorado Avenue", "facility")]),           # without "Traffic on"
    ("sites", "en", "They live between Main Street and the Sackville Waterfowl Park.",  # a
     [("Main Street", "facility"), ("Sackville Waterfowl Park", "facility")]),  # street, a park
    ("sites", "en", "They gathered in Parque Centro America and on Calzada Roosevelt.",
     [("Parque Centro America", "facility"), ("Calzada Roosevelt", "facility")]),
    ("sites", "en", "The stop would be a short walk from the Dominican Priory and Holy Cross "
     "Abbey.", [("Dominican Priory", "facility"), ("Holy Cross Abbey", "facility")]),  # houses of
    #                                                   religious orders, no people's country
    ("sites", "en", "Israel may keep settlements in the West Bank and Jerusalem.", []),  # a
    #                                                   site's head before "of", not before "and"
    ("sites", "en", "Protesters gathered in central Puente Alto.", []),   # a town, not a bridge
    ("sites", "fr", "La station Portal Américas a été vandalisée.",
     [("station Portal Américas", "facility")]),
    ("sites", "fr", "Le camp Macron a dénoncé une station de ski de Savoie.", []),  # a faction
    ("sites", "fr", "Ils ont marché de Jérémie aux Cayes.", []),   # a participle, no market
    ("sites", "en", "BANDON - The Bridge Street shops flooded again.", []),  # a dateline's dash
    ("gazetteer_names", "en", "Darlington Borough Council said crews worked at Darlington FC's "
     "ground.", [("Darlington", "toponym")]),                       # a club names no place
    ("gazetteer_names", "en", "Amy likes the arts and Keith sees food as art. \"It truly is a "
     "club,\" said Keith, who wants to grow. Explained Keith, \"We like it.\"",
     [("Keith", "toponym")]),                   # a man a quote names; "and Keith" stays open
    ("gazetteer_names", "en", "He served in the Gulf. Now the Gulf War veteran rode from Tulsa "
     "to Dallas.", [("Gulf", "toponym"), ("Tulsa", "toponym"), ("Dallas", "toponym")]),  # a war
    # a town's name inside a sports club's, after its word or initials or before its word
    ("gazetteer_names", "fr", "Des jeunes ont manifesté à Cannes. Le match de l'AS Cannes a "
     "été reporté.", [("Cannes", "toponym")]),
    ("gazetteer_names", "fr", "Des ouvriers ont manifesté à Charleroi. Le Sporting de "
     "Charleroi a annulé son entraînement.", [("Charleroi", "toponym")]),
    ("gazetteer_names", "fr", "Des agriculteurs ont manifesté à Tbilissi. Les supporters du "
     "Dinamo Tbilissi ont défilé.", [("Tbilissi", "toponym")]),
    ("gazetteer_names", "fr", "Des cheminots ont manifesté à Auxerre. L'AJ Auxerre a reporté "
     "son match.", [("Auxerre", "toponym")]),
    ("gazetteer_names", "fr", "Des ouvriers ont manifesté à Porrentruy. Le HC Ajoie a affiché "
     "son soutien.", [("Porrentruy", "toponym")]),       # a hockey club, not the district
    ("gazetteer_names", "fr", "Des dockers ont manifesté à Brest. Le match du Stade brestois et "
     "celui du Stade toulousain sont reportés.", [("Brest", "toponym")]),  # clubs, not Stade (DE)
    ("gazetteer_names", "en", "Workers marched in Boston on Monday. Supporters of Boston United "
     "handed out tea.", [("Boston", "toponym")]),
    ("gazetteer_names", "en", "Youths rallied in Batumi on Sunday. Players of Dinamo Batumi "
     "cleared the beach.", [("Batumi", "toponym")]),
    # opening a sentence, a capital says nothing: a town's minor alternate name (Wanning,
    # China, once "Manning") is no place there
    ("gazetteer_names", "en", "The board met on Monday. Manning reported the budget was well "
     "received.", []),
    # nor a word the article writes in lower case too: no Ha'il, Saudi Arabia
    ("gazetteer_names", "en", "Hail storm shreds roofs\n\nA fast-moving hail storm tore across "
     "the town on Sunday.", []),
    # a country's name in another language only is none: the French "Chili" in English
    ("gazetteer_names", "en", "The Chili Cook-off raised money for the church.", []),
    ("gazetteer_names", "fr", "Des manifestants ont défilé au Chili.", [("Chili", "toponym")]),
    ("gazetteer_names", "fr", "Ils ont marché autour du lac des Nations, puis jusqu'à la pointe "
     "du Roc et à l'île aux Puces, face à la mer du Nord.", [("lac des Nations", "toponym"),
                                                          ("pointe du Roc", "toponym"),
                                                          ("île aux Puces", "toponym"),
                                                          ("mer du Nord", "toponym")]),
    ("gazetteer_names", "fr", "Les pompiers de Vire ont pompé toute la nuit. « L'eau arrive par "
     "la rivière », soupire Martine Vire, commerçante.", [("Vire", "toponym")]),  # a woman's
    ("gazetteer_names", "fr", "Venus de Bastogne, de Bouillon ou de Florenville, les exploitants "
     "ont bloqué la route.", [("Bastogne", "toponym"), ("Bouillon", "toponym"),  # family name;
                              ("Florenville", "toponym")]),          # a participle, no Venus
    ("gazetteer_names", "en", "Protesters marched in Palestine.", [("Palestine", "toponym")]),
    ("gazetteer_names", "en", "COX'S BAZAR, Bangladesh - Heavy rain hit the camps on Monday.",
     [("COX'S BAZAR", "toponym"), ("Bangladesh", "toponym")]),   # a possessive in capitals
    # a dispatch's town of three letters, not a code: no "RDC" is a town
    ("gazetteer_names", "en", "ELY, Nev. - Officials will move 200 inmates.",
     [("ELY", "toponym"), ("Nev.", "toponym")]),
    ("gazetteer_names", "fr", "RDC : la rentrée scolaire reportée à Kinshasa.",
     [("RDC", "toponym"), ("Kinshasa", "toponym")]),
    # a dispatch's town the gazetteer lacks; not a caption's name, nor a known town's article
    ("gazetteer_names", "fr", "Liban : tension\n\nBEBNINE, 5 mars (AFP) - Des familles sont "
     "arrivées.", [("Liban", "toponym"), ("BEBNINE", "toponym")]),
    ("gazetteer_names", "en", "The deal was signed.\n\nZIYA PAZARBAŞILAR - Managing Director "
     "of the firm said so.", []),
    ("entity_names", "fr", "Plusieurs joueurs de l'Olympique de Khouribga ont affiché leur "
     "soutien.", []),
    # a river the gazetteer lacks ends at its name, and the names after it are read
    ("gazetteer_names", "fr", "Crue de la Rouyonne : Léogâne compte ses morts\n\nLÉOGÂNE, 5 "
     "juin (AFP) - Des maisons ont été inondées à Léogâne, à l'ouest de Port-au-Prince, après "
     "le débordement de la rivière Rouyonne provoqué par des pluies.",
     [("Léogâne", "toponym"), ("LÉOGÂNE", "toponym"), ("Léogâne", "toponym"),
      ("Port-au-Prince", "toponym"), ("rivière Rouyonne", "toponym")]),
    # a name hyphened around lower-case words, in English text too
    ("gazetteer_names", "en", "The tractors had left Agen (Lot-et-Garonne) on Monday.",
     [("Agen", "toponym"), ("Lot-et-Garonne", "toponym")]),
    ("gazetteer_names", "en", "The case was first reported by the Naples Daily News.", []),
    ("gazetteer_names", "en", "Sens. Robert C. Byrd and Jay Rockefeller spoke.", []),  # a title
    # after a party's letter, a lawmaker's state or town
    ("gazetteer_names", "en", "Sens. Robert C. Byrd and Jay Rockefeller, both D-W. Va., spoke.",
     [("W. Va.", "toponym")]),
    ("gazetteer_names", "en", "Sen. Bob Casey, D-Pa., called the findings troubling.",
     [("Pa.", "toponym")]),
    ("landmarks", "en", "The prisons that ring the town are full.", []),  # no Ring bridge
    ("landmarks", "en", "Residents packed the Gratiot County Courthouse on Tuesday.", []),
    #                         the end of a longer name: no Kenosha "county courthouse"
    ("sites", "en", "Residents packed the Gratiot County Courthouse on Tuesday.",
     [("Gratiot County Courthouse", "facility")]),
    ("sites", "fr", "La foule a envahi le marché de Diboli.", [("marché de Diboli", "facility")]),
    ("sites", "fr", "Trois blessés ont été conduits à la clinique Saint-Vincent.",
     [("clinique Saint-Vincent", "facility")]),
    ("county_lists", "en", "Dakota, Otoe and Washington counties grew.",
     [("Dakota", "toponym"), ("Otoe", "toponym"), ("Washington", "toponym")]),
    ("county_lists", "en", "Hitchcock and Hayes counties lost people.",
     [("Hitchcock", "toponym"), ("Hayes", "toponym")]),
    ("county_lists", "en", "The Red Cross helped two counties.", []),
    ("multiword_peoples", "en", "Latin American leaders met in Lima.",
     [("Latin American", "demonym")]),
    ("multiword_peoples", "en", "Sri Lankan, South African and South Ossetian officials met.",
     [("Sri Lankan", "demonym"), ("South African", "demonym"), ("South Ossetian", "demonym")]),
    ("multiword_peoples", "en", "Egyptian-US relations and South Korea's exports.", []),
    ("gazetteer_names", "en", "Police dispersed protesters in Minsk, Gomel and Brest.",
     [("Minsk", "toponym"), ("Gomel", "toponym"), ("Brest", "toponym")]),
    ("gazetteer_names", "en", "John Bolton met officials in Moscow. Later, Bolton flew home.",
     [("Moscow", "toponym")]),                                        # Bolton is the man
    # where only a place stands, a person's family name is the place all the same
    ("gazetteer_names", "en", "\"Our jeep is our house,\" said driver Manuel Manila. Transport "
     "officials in Manila said the deadline stands.", [("Manila", "toponym")]),
    ("gazetteer_names", "en", "Ruth Burlington moved upstairs. Upstream, the town of Burlington, "
     "in Vermont, was spared.", [("Burlington", "toponym"), ("Vermont", "toponym")]),
    ("gazetteer_names", "en", "Elizabeth Fairfield was in court on Monday. A new twist came in "
     "Fairfield hearing, her lawyers said.", []),                # "in Fairfield hearing": hers
    ("gazetteer_names", "en", "Barry Smith met Beryl in Leeds. Barry worked as an electrician.",
     [("Leeds", "toponym")]),                                         # so is Barry
    ("gazetteer_names", "en", "Barry Smith grew up in Leeds. He moved to Barry in 1960.",
     [("Leeds", "toponym"), ("Barry", "toponym")]),                   # a locative: the town
    ("gazetteer_names", "en", "The New York Times reported it.", []),   # not York either
    ("gazetteer_names", "en", "Lochgelly residents cannot sleep\n\nLOCHGELLY — Families of "
     "Lochgelly met.", [("Lochgelly", "toponym"), ("LOCHGELLY", "toponym"),
                        ("Lochgelly", "toponym")]),    # a headline's name, named after as a place
    ("gazetteer_names", "en", "Martha said she was in Martha on Monday.",
     [("Martha", "toponym")]),                          # but not a person's given name
    ("gazetteer_names", "en", "Carman braces for spring flood\n\nCARMAN, Man. - Crews filled "
     "sandbags.", [("Carman", "toponym"), ("CARMAN", "toponym"), ("Man.", "toponym")]),
    #                     unless a dateline names the town: a surname, and the story's town
    ("gazetteer_names", "en", "El Niño brought heavy rain to Lima.", [("Lima", "toponym")]),
    ("gazetteer_names", "en", "Traffic backed up past Conway Springs and Wichita.",
     [("Conway Springs", "toponym"), ("Wichita", "toponym")]),    # a village listed before
    ("gazetteer_names", "en", "Traffic backed up past Conway Springs and Wichita. Crews said "
     "the storm hit Conway Springs hardest.", [("Conway Springs", "toponym"),
                                              ("Wichita", "toponym"),
                                              ("Conway Springs", "toponym")]),  # and after
    ("gazetteer_names", "en", "Volunteers came from Comfort, Kerrville and Fredericksburg.",
     [("Comfort", "toponym"), ("Kerrville", "toponym"), ("Fredericksburg", "toponym")]),
    ("gazetteer_names", "en", "Flights were delayed past Conway Springs and London.",
     [("London", "toponym")]),                                  # a town near it, not far off
    ("gazetteer_names", "en", "Blockade chokes Bhairahawa\n\nBHAIRAHAWA, Nepal - Traders "
     "marched through Bhairahawa.", [("Bhairahawa", "toponym"), ("BHAIRAHAWA", "toponym"),
                                     ("Nepal", "toponym"), ("Bhairahawa", "toponym")]),
    ("gazetteer_names", "en", "Blizzard closes U.S. 151 as Platteville schools shut\n\n"
     "PLATTEVILLE, Wis. - Drifting snow closed roads.",       # an abbreviation's point in it
     [("U.S.", "toponym"), ("Platteville", "toponym"), ("PLATTEVILLE", "toponym"),
      ("Wis.", "toponym")]),
    ("gazetteer_names", "en", "Kenmare asked to save water\n\nKENMARE - Households were asked "
     "to save water.", [("Kenmare", "toponym"), ("KENMARE", "toponym")]),   # a headline's town
    #                                                   "asked", "says", under its dateline
    ("gazetteer_names", "en", "Police said the blockade chokes Bhairahawa. Traders marched.",
     []),                                       # in a sentence, the verb is no evidence
    ("gazetteer_names", "en", "MERRITT — Floods hit Merritt. The Merritt Herald said more rain "
     "was due.", [("MERRITT", "toponym"), ("Merritt", "toponym")]),    # and a newspaper
    ("gazetteer_names", "fr", "Le navire a traversé la mer Rouge vers l'Arabie saoudite.",
     [("mer Rouge", "toponym"), ("Arabie saoudite", "toponym")]),
    ("gazetteer_names", "fr", "Des heurts ont éclaté à Mahabad et à Sanandaj.",
     [("Mahabad", "toponym"), ("Sanandaj", "toponym")]),
    ("gazetteer_names", "fr", "Le Maroni est le fleuve qui sépare la Guyane du Suriname.",
     [("Maroni", "toponym"), ("Guyane", "toponym"), ("Suriname", "toponym")]),  # two lands
    ("gazetteer_names", "fr", "Les piquets se sont formés au bord de la rivière Saint-Jean.",
     [("rivière Saint-Jean", "toponym")]),  # a river the gazetteer lacks: not Saint John, a town
    ("gazetteer_names", "fr", "À Tall Afar, la police a arrêté dix personnes.",
     [("Tall Afar", "toponym")]),       # the model's "person" after "à": a town of no census
    ("gazetteer_names", "en", "GEORGETOWN, March 6 (Reuters) - Protesters burned tyres.",
     [("GEORGETOWN", "toponym")]),          # the month after a dateline: no March, England
    ("gazetteer_names", "en", "Classes at Northern State University were cancelled in Aberdeen.",
     [("Aberdeen", "toponym")]),            # a compass word before a name: no Northern, Uganda
    ("gazetteer_names", "fr", "Ils ont défilé à Minsk lors d'une « Marche de l'unité ».",
     [("Minsk", "toponym")]),               # a common word opening a title: no Marche, Italy
    ("gazetteer_names", "en", "Commuters from Thompson's Station and Martha's Vineyard left. "
     "Russia's Putin spoke.", [("Thompson's Station", "toponym"),    # a name across its
                               ("Martha's Vineyard", "toponym"), ("Russia", "toponym")]),  # 's
    ("gazetteer_names", "fr", "« Bélarus libre », scandaient-ils à « Minsk » et à Gomel.",
     [("Bélarus", "toponym"), ("Minsk", "toponym"), ("Gomel", "toponym")]),
    ("entity_names", "fr", "Des combats ont eu lieu à Pétion-Ville dimanche.",
     [("Pétion-Ville", "toponym")]),                                  # the day is no name
    ("entity_names", "fr", "Sept morts, selon la Mission des Nations unies (Monusco).", []),
    ("entity_names", "fr", "Des dizaines de familles ont fui vers Canapé-Vert et Turgeau.",
     [("Canapé-Vert", "toponym"), ("Turgeau", "toponym")]),          # common words joined
    ("entity_names", "fr", "À Port-au-Prince, des tirs ont été entendus à Solino.",
     [("Solino", "toponym")]),              # the model's "person" after "à", no one's name
    ("entity_names", "fr", "À Port-au-Prince, des habitants de Martissant ont manifesté mardi.",
     [("Martissant", "toponym")]),          # or after the word for a quarter's people
    ("entity_names", "fr", "ALGER - Sur les hauteurs, à Dely Ibrahim et à Ouled Fayet, les "
     "camions-citernes sont pris d'assaut.", [("Dely Ibrahim", "toponym"),   # the model's
                                              ("Ouled Fayet", "toponym")]),  # "people"
    ("entity_names", "fr", "L'opposant Alexeï Navalny est mort. Des milliers de personnes "
     "ont rendu hommage à Alexeï Navalny.", []),     # a man the article names elsewhere
    ("entity_names", "fr", "Des milliers de personnes ont rendu hommage à Ahmed Chah Massoud.",
     []),                                   # a given name first
    ("entity_names", "fr", "Les ministres ont réaffirmé leur loyauté à M. Maduro.", []),
    ("entity_names", "fr", "Le député a répondu à Jean-Luc Mélenchon lundi.", []),  # a word
    ("entity_names", "fr", "Les manifestants ont rendu hommage à Navalny.", []),
    ("entity_names", "fr", "Le soutien à Ousmane Sonko ne faiblit pas.", []),  # that takes a
    ("entity_names", "fr", "Les jeunes ont crié « dégage » à Abdelaziz Bouteflika. "  # person,
     "Bouteflika n'a pas répondu.", []),                # or his family name written alone
    ("entity_names", "fr", "Les prix montent à Pâques et à Tabaski.", []),      # feasts
    ("entity_names", "fr", "Les vagues ont frappé Pointe-au-Père lundi. Les ambulances de "
     "Lac-à-la-Tortue sont arrivées au quartier Bois-d'Olive.", [("Pointe-au-Père", "toponym"),
                                                              ("Lac-à-la-Tortue", "toponym"),
                                                              ("Bois-d'Olive", "toponym")]),
    ("entity_names", "fr", "« Nous ne voulons pas les bêtises du MNLA, du Mujao, et d'Al-Qaïda "
     "». Le gouvernement a répondu.", []),                          # a hyphen after an article
    ("entity_names", "fr", "Le président Alassane Ouattara a parlé. Les manifestants ont crié "
     "leur colère à Ouattara.", []),        # "à Ouattara": the man the article named
    ("feature_names", "en", "The Gallinas River burst its banks, and the River Faughan rose.",
     [("Gallinas River", "facility"), ("River Faughan", "facility")]),
    ("feature_names", "en", "The Mississippi River was calm near Big Lake.", []),  # known,
    ("feature_names", "en", "The Mount Pleasant Police Department and Glen Horan said so.",
     []),                                       # common words, a longer name, a person
    ("feature_names", "en", "Trucks bound for Boston Bay and Manchioneal were held up.",
     [("Boston Bay", "facility")]),             # a big town's name is no common word
    ("feature_names", "en", "Algae bloomed on Lake James and on the Big Lake.",
     [("Lake James", "facility")]),             # a man's name is no common word either
    ("feature_names", "en", "The ferry crossed Foveaux Strait, then the Lancaster Canal froze.",
     [("Foveaux Strait", "facility"), ("Lancaster Canal", "facility")]),   # straits, canals
    ("feature_names", "en", "Flooding on the James River closed Route 6; the Milk River rose.",
     [("James River", "facility"), ("Milk River", "facility")]),    # "the" before common words
    ("feature_names", "en", "Snow closed Swartberg Pass and Haast Pass on Monday.",
     [("Swartberg Pass", "facility"), ("Haast Pass", "facility")]),  # mountain passes
    ("sites", "en", "An avalanche closed the Homer Tunnel on Monday.",
     [("Homer Tunnel", "facility")]),                                      # tunnels
    ("feature_names", "en", "Water was boiled on Holmes Hill and in Harrowgate Hill.",
     [("Holmes Hill", "facility"), ("Harrowgate Hill", "facility")]),     # hills
    ("feature_names", "en", "The Clover Fork and Martins Fork meet in the city.",
     [("Clover Fork", "facility"), ("Martins Fork", "facility")]),      # a river's forks
    ("feature_names", "en", "Sheep graze the Lincolnshire Wolds above the Tantramar Marshes.",
     [("Lincolnshire Wolds", "facility"), ("Tantramar Marshes", "facility")]),  # plurals
    ("feature_names", "en", "The ferry to Walney Island waited while Whetstone Brook rose.",
     [("Walney Island", "facility"), ("Whetstone Brook", "facility")]),  # islands, brooks
    ("feature_names", "en", "Rhode Island and Long Island got rain.", []),  # known places
    ("feature_names", "en", "Hikers left the White Mountains for Green Lake.", [("White Mountains",
                                                                     "facility")]),
    ("sites", "fr", "Les quartiers du Faubourg de Paris et de la Chasse-Royale ont été inondés.",
     [("Faubourg de Paris", "facility")]),      # a quarter named after the road out of town
    ("sites", "fr", "Les visiteurs du mausolée Bourguiba et du Mémorial de Caen sont revenus.",
     [("mausolée Bourguiba", "facility"), ("Mémorial de Caen", "facility")]),   # memorials
    ("located_names", "en", "An IED exploded in a church in Kasindi (Beni, Nord-Kivu) on Sunday.",
     [("Kasindi", "toponym")]),                                     # ACLED's way of locating
    ("located_names", "en", "Amtrak and Virginia Rail Express (VRE) stop at Manassas.", []),
    ("located_names", "en", "He met John Smith (Texas) on Monday.", []),
    ("quarter_names", "en", "She has lived in the Walltown neighborhood for 40 years.",
     [("Walltown", "toponym")]),                                    # a name before a quarter noun
    ("quarter_names", "en", "A bomb went off in a mainly Shiite area of Baghdad.", []),
    ("quarter_names", "en", "Police sealed off the Business district.", []),   # common words
    ("quarter_names", "en", "Water rose in the Talamban and Guadalupe districts.",
     [("Talamban", "toponym"), ("Guadalupe", "toponym")]),       # each name before a plural
    ("quarter_names", "en", "Lincoln will widen its TIF districts.", []),        # an acronym
    ("quarter_names", "fr", "Il habite le Walltown neighborhood.", []),        # French: no such
    ("demonyms", "fr", "Les Russes craignaient une intervention russe.",
     [("Russes", "demonym"), ("russe", "demonym")]),
    ("demonyms", "en", "Russians protested while american tourists watched.",
     [("Russians", "demonym")]),                                     # English ones are capitalised
    ("capitals", "fr", "Des manifestants se sont rassemblés dans la capitale biélorusse.",
     [("capitale", "capital")]),
    ("capitals", "en", "Capital punishment was debated.", []),
]


@pytest.mark.parametrize("source, lang, text, expected", SOURCE_CASES)
def test_each_source_alone(gazetteer: Gazetteer, source: str, lang: str, text: str,
                           expected: list[tuple[str, str]]) -> None:
    view = view_of(gazetteer, lang, text)
    assert claimed(view, SOURCES[source](gazetteer)(view, frozenset())) == expected


# A lone rare name the gazetteer lacks, right after a preposition of place or listed with a
# place the gazetteer names read, and at each of its mentions (language, text, claims).
LISTED_NAMES = [
    ("en", "Supporters were picked up in Nansana and Kawempe overnight.",
     [("Kawempe", "toponym")]),
    ("en", "Families from Lumphinnans and Cardenden described the noise.",
     [("Lumphinnans", "toponym")]),
    ("en", "Reporters in Moscow and Ayse Wieting in Istanbul contributed.", []),  # a reporter
    ("en", "Oil was found in Venezuela, Rosneft says.", []),          # a bare comma: no list
    ("en", "Talks with Zelensky and Putin went on.", []),             # no place in the list
    ("en", "Women staged a sit-in in Latifabad on Monday.", [("Latifabad", "toponym")]),
    ("en", "Protesters were held in Jal el-Dib and in Obama's hometown.", []),  # names go on
    ("en", "Marchers passed through Mokola and stopped near Agodi.",
     [("Mokola", "toponym"), ("Agodi", "toponym")]),
    ("en", "In Ojoo and Bodija, traders shut their stalls.",         # listed with the first
     [("Ojoo", "toponym"), ("Bodija", "toponym")]),
    ("en", "Traders in Ojoo shut their stalls. Students blocked the road at Ojoo.",  # again
     [("Ojoo", "toponym"), ("Ojoo", "toponym")]),
    ("en", "The nurses walked out at Dziekanski on Monday.", []),     # "at" names people too
    ("en", "Nurses were seen in ERs across the state.", []),           # an acronym's plural
    ("fr", "Inondations à Bamako. À Sébénikoro, des habitants ont passé la nuit dehors.",
     [("Sébénikoro", "toponym")]),             # the entity model's miscellany, after "à"
    ("fr", "À Bordeaux, à la Benauge, les habitants ont marché.", [("Benauge", "toponym")]),
    ("fr", "À Brazzaville, les marchés sont fermés. Plus au nord, à Kintélé, où se trouve le "
     "complexe sportif, les marchés sont restés fermés.", [("Kintélé", "toponym")]),
    ("fr", "Les enquêteurs toulousains ont interpellé sept suspects aux Izards et à Blagnac.",
     [("Izards", "toponym")]),          # listed with a place, whatever the model calls it
    ("fr", "La clientèle vient des quartiers de Chéraga et de Dradeb.",
     [("Dradeb", "toponym")]),          # the locative said again after "et"
    ("en", "Rebels shelled the villages of Foua and Kfraya.",          # after a place's word
     [("Foua", "toponym"), ("Kfraya", "toponym")]),
    ("en", "Police said Kotapola, a village in Matara district, was cut off.",
     [("Kotapola", "toponym")]),                                      # described as one
    ("en", "\"London leads,\" said Prin, a city partnerships manager.", []),
    # where people come from; not a person the article names, nor an agency's initials
    ("en", "Half my customers come from Castlefinn, said a butcher.",
     [("Castlefinn", "toponym")]),
    ("en", "Police Chief Tom Cipolli resigned. The file ends with a response from Cipolli.", []),
    ("en", "Drivers got a warning from TxDOT on Monday.", []),
]


@pytest.mark.parametrize("lang, text, expected", LISTED_NAMES)
def test_lone_names_of_places(gazetteer: Gazetteer, lang: str, text: str,
                              expected: list[tuple[str, str]]) -> None:
    view = view_of(gazetteer, lang, text)
    names = SOURCES["gazetteer_names"](gazetteer)(view, frozenset())
    taken = frozenset(k for c in names for k in range(c.start, c.end))
    assert claimed(view, SOURCES["listed_names"](gazetteer)(view, taken)) == expected


def test_a_source_leaves_taken_words_alone(gazetteer: Gazetteer) -> None:
    view = view_of(gazetteer, "en", "Police dispersed protesters in Minsk and Gomel.")
    minsk = view.tokens.text.index("Minsk")
    found = SOURCES["gazetteer_names"](gazetteer)(view, frozenset({minsk}))
    assert claimed(view, found) == [("Gomel", "toponym")]


def test_the_capital_says_its_country_when_a_people_follows(gazetteer: Gazetteer) -> None:
    view = view_of(gazetteer, "fr", "Ils ont défilé dans la capitale biélorusse.")
    assert [c.country_hint for c in SOURCES["capitals"](gazetteer)(view, frozenset())] == ["BY"]


def test_entity_names_try_other_transliterations(gazetteer: Gazetteer) -> None:
    view = view_of(gazetteer, "fr", "Des combats ont eu lieu près de Lougansk.")
    claims = SOURCES["entity_names"](gazetteer)(view, frozenset())
    assert claims and all(c.fuzzy for c in claims[0].candidates)
    assert "Lugansk" in {c.name for c in claims[0].candidates}


@pytest.mark.parametrize("text, places", [
    ("They were taken to Northeast Georgia Medical Center.", {("US", "GA"), ("GE", None)}),
    ("They beat Eastern High School of Louisville.", {("US", "KY")}),   # not "Eastern" region
    ("He studied at the University of Nebraska.", {("US", "NE")}),
    ("The Central Police Station was closed.", set()),                  # a site adjective
])
def test_a_site_carries_the_place_its_name_holds(gazetteer: Gazetteer, text: str,
                                                 places: set[tuple[str, str | None]]) -> None:
    """A state's or country's name stands in a site's name even as a common word
    ("Georgia"); a town's, only when not one ("Louisville")."""
    view = view_of(gazetteer, "en", text)
    claims = SOURCES["sites"](gazetteer)(view, frozenset())
    assert {(c.country_code, c.admin1) for claim in claims for c in claim.candidates
            if c.feature != "city" or c.population > 100_000} == places


# (claims before, a source's claims, what the policy keeps)
OVERLAPS = [
    ([(0, 2)], [(1, 3), (3, 4)], [(0, 2), (3, 4)]),         # an earlier source's token wins
    ([], [(0, 2), (1, 2), (2, 3)], [(0, 2), (2, 3)]),       # so does a source's earlier claim
    ([(5, 6)], [(0, 1)], [(5, 6), (0, 1)]),                 # apart, both stand
]


@pytest.mark.parametrize("before, new, kept", OVERLAPS)
def test_the_first_claim_on_a_token_wins(before, new, kept) -> None:
    merged = first_claim_wins([Claim(a, b, "toponym") for a, b in before],
                              [Claim(a, b, "toponym") for a, b in new])
    assert [(c.start, c.end) for c in merged] == kept


def test_every_source_is_named_in_the_order() -> None:
    assert sorted(ORDER) == sorted(SOURCES) and len(set(ORDER)) == len(ORDER)


def test_the_order_is_the_policy(gazetteer: Gazetteer) -> None:
    """A landmark's words are no town: without the landmark source first, "Red Square"
    gives its words to the other sources."""
    view = view_of(gazetteer, "en", "Protesters gathered on Red Square in Moscow.")
    whole = MentionFinder(gazetteer).claims(view)
    assert claimed(view, whole)[:1] == [("Red Square", "landmark")]
    without = MentionFinder(gazetteer, order=[n for n in ORDER if n != "landmarks"]).claims(view)
    assert ("Red Square", "landmark") not in claimed(view, without)


@pytest.mark.parametrize("name, country, lang", [
    ("Chili", "CL", "fr"),          # French only
    ("Palestine", "PS", None),      # French and English: no one language
    ("Chile", "CL", None),
])
def test_a_countrys_name_carries_its_language(gazetteer: Gazetteer, name: str, country: str,
                                              lang: str | None) -> None:
    found = [c for c in gazetteer.candidates(name) if c.feature == "country"]
    assert [(c.country_code, c.name_lang) for c in found] == [(country, lang)]
