"""Reading articles: headers, JSON Lines, language detection and bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geomap.articles import make_article, read_article_file, read_jsonl, read_path, split_header
from geomap.language import detect_language
from geomap.model import InputError

from conftest import SEED


def test_seed_header_is_read() -> None:
    article = read_article_file(SEED)
    assert article.lang == "fr"
    assert article.published == date(2020, 8, 15)
    assert article.source.startswith("AFP")
    assert article.text.startswith("Le président bélarussien")
    assert article.id == SEED.stem


def test_overrides_replace_the_header_and_defaults_do_not(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\nlang: fr\npublished: 2020-08-15\n---\nDes manifestants à Minsk.\n")
    assert read_article_file(path, overrides={"published": "2021-01-02"}).published == date(2021, 1, 2)
    assert read_article_file(path, defaults={"published": "2021-01-02"}).published == date(2020, 8, 15)


def test_file_without_header_keeps_its_text() -> None:
    meta, body = split_header("Des manifestants à Minsk.\n---\nfin")
    assert meta == {} and body.startswith("Des manifestants")


def test_jsonl_articles(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "Des milliers de manifestants à Minsk samedi.", "published": "2020-08-15"},
            {"id": "b", "text": "Thousands of protesters marched in Minsk on Sunday.", "lang": "en"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    articles = list(read_jsonl(path))
    assert [a.id for a in articles] == ["a", "b"]
    assert [a.lang for a in articles] == ["fr", "en"]
    assert articles[1].published is None


def test_folder_reads_text_markdown_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Des manifestants se sont rassemblés à Minsk.")
    (tmp_path / "b.md").write_text("Protesters gathered in the capital on Sunday.")
    (tmp_path / "notes.csv").write_text("ignored")
    assert len(list(read_path(tmp_path))) == 2


@pytest.mark.parametrize("text, lang", [
    ("Des milliers de manifestants se sont rassemblés dans la capitale pour la liberté.", "fr"),
    ("Thousands of protesters gathered in the capital on Saturday, police said.", "en"),
    ("Tausende Demonstranten versammelten sich am Samstag in der Hauptstadt.", None),
    ("Des manifestants à Minsk.", "fr"),
])
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("kwargs, reason", [
    ({"text": ""}, "empty"),
    ({"text": "   \n"}, "empty"),
    ({"text": "abc\x00def"}, "binary"),
    ({"text": "Des manifestants à Minsk.", "lang": "de"}, "unsupported language"),
    ({"text": "Des manifestants à Minsk.", "lang": "fr", "published": "15/08/2020"}, "not a date"),
    ({"text": "Des manifestants à Minsk.", "lang": "fr", "published": "2020-02-30"}, "not a date"),
    ({"text": "Tausende Demonstranten versammelten sich am Samstag."}, "could not tell"),
])
def test_bad_input_is_refused_with_a_reason(kwargs: dict, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        make_article(**kwargs)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xff\xfe\x00\x01binary")
    with pytest.raises(InputError, match="not UTF-8"):
        read_article_file(path)


def test_bad_jsonl_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Des manifestants à Minsk."}\n{"text": ""}\n')
    with pytest.raises(InputError, match="line 2: article text is empty"):
        list(read_jsonl(path))
