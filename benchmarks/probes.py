"""Probes of laughable pins: names that must land at one place, alone in a sentence.

    .venv/bin/python benchmarks/probes.py [--min-population 300000] [--verbose]

Two probes, written from GeoNames' names and the press's, not from any corpus text:

- big towns: every name of a town of --min-population people or more that another place
  also bears, alone in a French and an English sentence ("Des manifestants se sont
  rassemblés samedi dans le centre de Bagdad"), must read that town. Names two big towns
  share (Hyderabad, Valencia) fail by nature: the figure to watch is the count, run to run.
- quarters: quarters of twenty capitals, after "à", "le quartier de" and "des habitants
  de" in a sentence that names the capital first, must land within 30 km of it (at the
  capital, approximately, when the gazetteer lacks them), never at a namesake abroad.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator

from geomap.articles import make_article
from geomap.geodesy import km
from geomap.pipeline import Pipeline
from geomap.settings import Settings

PUBLISHED = "2023-08-20"
WITHIN_KM = 30.0
BIG_TOWN_SENTENCES = {"fr": "Des manifestants se sont rassemblés samedi dans le centre de {}.",
                      "en": "Protesters gathered on Saturday in central {}."}
QUARTER_SENTENCES = ("À {town}, la police a dispersé samedi des manifestants à {quarter}.",
                     "Des heurts ont éclaté à {town}. Dans le quartier de {quarter}, des jeunes "
                     "ont brûlé des pneus.",
                     "À {town}, des habitants de {quarter} ont manifesté mardi.")
# (town as the French press writes it, its point): quarters and communes as that press and
# the towns' Wikipedia articles name them.
QUARTERS: dict[tuple[str, float, float], tuple[str, ...]] = {
    ("Alger", 36.75, 3.06): ("Bab el Oued", "Belcourt", "Hussein Dey", "El Harrach", "Kouba",
                             "Bir Mourad Raïs", "Bachdjerrah", "El Biar"),
    ("Dakar", 14.69, -17.44): ("Grand Yoff", "Pikine", "Guédiawaye", "Ouakam", "Ngor", "Yoff",
                               "Colobane", "Parcelles Assainies", "Médina"),
    ("Tunis", 36.80, 10.18): ("Ettadhamen", "Bab Souika", "La Marsa", "Le Kram",
                              "Douar Hicher", "Ezzahrouni"),
    ("Abidjan", 5.35, -4.00): ("Yopougon", "Abobo", "Cocody", "Treichville", "Adjamé",
                               "Koumassi", "Port-Bouët"),
    ("Kinshasa", -4.33, 15.31): ("Gombe", "Limete", "Matete", "Masina", "Ngaliema", "Lemba",
                                 "Kintambo", "Bandalungwa"),
    ("Conakry", 9.54, -13.68): ("Ratoma", "Matoto", "Kaloum", "Dixinn", "Hamdallaye",
                                "Bambeto", "Cosa"),
    ("Bamako", 12.65, -8.00): ("Badalabougou", "Kalaban Coura", "Lafiabougou",
                               "Magnambougou", "Niarela"),
    ("Port-au-Prince", 18.54, -72.34): ("Delmas", "Pétion-Ville", "Carrefour", "Martissant",
                                        "Cité Soleil", "Bel-Air", "Tabarre"),
    ("Beyrouth", 33.89, 35.50): ("Hamra", "Achrafieh", "Gemmayzé", "Tarik el-Jdideh",
                                 "Mar Mikhaël"),
    ("Bagdad", 33.34, 44.40): ("Karrada", "Adhamiya", "Kadhimiya", "Mansour", "Sadr City"),
    ("Lima", -12.05, -77.04): ("Miraflores", "Comas", "San Juan de Lurigancho", "La Victoria",
                               "Villa El Salvador"),
    ("Caracas", 10.49, -66.88): ("Petare", "Chacao", "El Valle", "Catia", "La Vega"),
    ("Santiago", -33.45, -70.65): ("Providencia", "Ñuñoa", "Maipú", "Puente Alto",
                                   "La Florida"),
    ("Bogota", 4.61, -74.08): ("Kennedy", "Suba", "Usme", "Bosa", "Chapinero"),
    ("Minsk", 53.90, 27.57): ("Ourouchie", "Kamennaïa Gorka", "Malinovka", "Serebrianka"),
    ("Téhéran", 35.69, 51.42): ("Tajrish", "Narmak", "Sadeghieh", "Tehranpars"),
    ("Khartoum", 15.55, 32.53): ("Bahri", "Burri", "Jabra", "Riyadh", "Arkaweet"),
    ("Niamey", 13.51, 2.11): ("Lazaret", "Yantala", "Talladjé", "Gamkalé"),
    ("Ouagadougou", 12.37, -1.53): ("Gounghin", "Tampouy", "Dassasgho", "Pissy", "Tanghin"),
    ("Libreville", 0.39, 9.45): ("Nkembo", "Akébé", "Owendo", "Louis", "PK8"),
}


def _big_town_cases(pipeline: Pipeline, lang: str, min_population: int
                    ) -> Iterator[tuple[str, str, float, float]]:
    """(sentence, name, lat, lon) for each name of a big town that another place bears too."""
    conn = sqlite3.connect(f"file:{pipeline.gazetteer.path}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT DISTINCT n.key, p.lat, p.lon FROM names n JOIN places p ON p.id = n.place_id"
        " WHERE p.feature = 'city' AND p.population >= ? AND (n.lang = ? OR n.preferred = 1)"
        " AND EXISTS (SELECT 1 FROM names m WHERE m.key = n.key AND m.place_id != p.id)",
        (min_population, lang)).fetchall()
    for key, lat, lon in rows:
        name = "-".join(" ".join(word[:1].upper() + word[1:] for word in part.split(" "))
                        for part in key.split("-"))
        yield BIG_TOWN_SENTENCES[lang].format(name), name, lat, lon


def _quarter_cases() -> Iterator[tuple[str, str, float, float]]:
    for (town, lat, lon), quarters in QUARTERS.items():
        for quarter in quarters:
            for sentence in QUARTER_SENTENCES:
                yield sentence.format(town=town, quarter=quarter), quarter, lat, lon


def _failures(pipeline: Pipeline, lang: str, cases: Iterator[tuple[str, str, float, float]]
              ) -> tuple[int, list[str]]:
    """How many cases ran, and a line for each whose name is missed or lands elsewhere."""
    total, failed = 0, []
    for sentence, name, lat, lon in cases:
        total += 1
        places = [p for p in pipeline.extract(make_article(sentence, lang, PUBLISHED)).places
                  if name in p.mention.text]
        if not places:
            failed.append(f"missed  {sentence}")
        elif places[0].lat is None or km(lat, lon, places[0].lat, places[0].lon) > WITHIN_KM:
            failed.append(f"wrong   {sentence} -> {places[0].name} ({places[0].country_code})")
    return total, failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-population", type=int, default=300_000)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    pipeline = Pipeline.from_settings(Settings.from_env())
    probes = {"big towns (fr)": ("fr", _big_town_cases(pipeline, "fr", args.min_population)),
              "big towns (en)": ("en", _big_town_cases(pipeline, "en", args.min_population)),
              "quarters (fr)": ("fr", _quarter_cases())}
    for title, (lang, cases) in probes.items():
        total, failed = _failures(pipeline, lang, cases)
        print(f"{title}: {total - len(failed)} of {total} right "
              f"({sum(f.startswith('missed') for f in failed)} missed)")
        if args.verbose:
            print("\n".join(f"    {line}" for line in failed))


if __name__ == "__main__":
    main()
