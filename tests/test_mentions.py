"""Stage 1: place mentions in the sample article and in small cases."""

from __future__ import annotations

import pytest

from geomap.model import Extraction
from geomap.pipeline import Pipeline

from conftest import en, fr


def spans(ex: Extraction) -> dict[str, str]:
    return {p.mention.text: p.mention.kind for p in ex.places}


def test_sample_article_mentions(seed_extraction: Extraction) -> None:
    text = seed_extraction.article.text
    found = {(p.mention.start, p.mention.end) for p in seed_extraction.places}
    for name in ("Minsk", "Gomel", "Lituanie", "Pologne", "Moscou", "Biélorussie", "Bélarus",
                 "Estonie", "Lettonie", "Russie"):
        start = text.index(name)
        assert (start, start + len(name)) in found, name
    for p in seed_extraction.places:
        assert text[p.mention.start:p.mention.end] == p.mention.text


def test_offsets_survive_typographic_apostrophes(seed_extraction: Extraction) -> None:
    landmark = next(p for p in seed_extraction.places if p.mention.kind == "landmark"
                    and "télévision" in p.mention.text)
    assert landmark.mention.text == "centre de télévision d’État biélorusse"
    assert landmark.country_code == "BY"


@pytest.mark.parametrize("word", ["Rencontrant", "Vendredi", "État", "Etat", "Union", "Selon",
                                  "Marche", "Conseil"])
def test_capitalised_words_are_not_places(seed_extraction: Extraction, word: str) -> None:
    assert word not in {p.mention.text for p in seed_extraction.places}


def test_demonyms_are_found_and_kept_apart(seed_extraction: Extraction) -> None:
    demonyms = {d.mention.text: d.country_code for d in seed_extraction.demonyms}
    assert demonyms["bélarussien"] == "BY"
    assert demonyms["biélorusses"] == "BY"
    assert demonyms["Russes"] == "RU"
    assert not any(p.mention.kind == "demonym" for p in seed_extraction.places)


def test_elision_and_capital(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("Des manifestants se sont rassemblés dans la capitale biélorusse "
                             "et d'autres ont défilé à l'est de Gomel, près d'Orcha."))
    kinds = spans(ex)
    assert kinds["capitale"] == "capital"
    assert "Gomel" in kinds and "Orcha" in kinds
    capital = next(p for p in ex.places if p.mention.kind == "capital")
    assert capital.name == "Minsk"


def test_metonymy_is_marked(pipeline: Pipeline) -> None:
    ex = pipeline.extract(fr("Moscou a dénoncé les sanctions. Des milliers de personnes ont "
                             "manifesté à Moscou."))
    moscou = [p.mention for p in ex.places if p.mention.text == "Moscou"]
    assert [m.metonymic for m in moscou] == [True, False]


def test_english_mentions_without_a_model(pipeline: Pipeline) -> None:
    ex = pipeline.extract(en("Police dispersed thousands of protesters in Minsk on Sunday, "
                             "while crowds also gathered in Gomel and Brest. Selon is not a place."))
    names = spans(ex)
    assert {"Minsk", "Gomel", "Brest"} <= set(names)
    assert "Police" not in names and "Selon" not in names and "Sunday" not in names
