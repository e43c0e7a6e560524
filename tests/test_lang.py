"""Language data: every language file has the same keys, and every group its reason."""

from __future__ import annotations

import tomllib

import pytest

from geomap.lang import HERE, available, key_paths, lexicon, words


def data(lang: str) -> dict:
    return tomllib.loads((HERE / f"{lang}.toml").read_text(encoding="utf-8"))


def test_french_and_english_are_there() -> None:
    assert set(available()) >= {"fr", "en"}


@pytest.mark.parametrize("lang", available())
def test_every_language_has_the_same_keys(lang: str) -> None:
    assert key_paths(data(lang)) == key_paths(data("fr"))
    assert data(lang)["language"] == lang


@pytest.mark.parametrize("lang", available())
def test_every_group_says_why_it_is_there(lang: str) -> None:
    def groups(table: dict, path: str = "") -> list[tuple[str, dict]]:
        found = []
        for key, value in table.items():
            if isinstance(value, dict):
                found.append((path + key, value))
                found += groups(value, path + key + ".")
        return found

    for path, group in groups(data(lang)):
        if "patterns" in group or path.count(".") == 0:
            assert group.get("reason"), f"{lang}: {path} has no reason"


@pytest.mark.parametrize("lang", available())
def test_every_pattern_compiles(lang: str) -> None:
    lex = lexicon(lang)
    assert lex.triggers and all(t.pattern.pattern for t in lex.triggers)
    assert set(lex.cues) == set(data(lang)["events"]["cues"])


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no language data for 'de'"):
        lexicon("de")


def test_every_language_codes_alike() -> None:
    """ACLED's coding does not depend on the language an article is written in."""
    tables = {lang: data(lang)["coding"] for lang in available()}
    assert all(table == tables["fr"] for table in tables.values())
    categories = {group["category"] for group in data("fr")["events"]["triggers"].values()}
    assert categories <= set(tables["fr"]) - {"reason"}


WORDS = [
    # (fragments, text, matches)
    (["manifest\\w+"], "des manifestants", True),
    (["manifest\\w+"], "contre-manifestants", False),        # a word inside a compound
    (["s'étai(?:t|ent)"], "ils s'étaient rassemblés", True),
    (["s'étai(?:t|ent)"], "ils s' étaient rassemblés", True),  # parsed text splits the elision
    (["d'ordre"], "forces de l'ordre", False),
]


@pytest.mark.parametrize("fragments, text, matches", WORDS)
def test_words_match_whole_words_and_split_elisions(fragments: list[str], text: str,
                                                    matches: bool) -> None:
    assert bool(words(fragments).search(text)) is matches
