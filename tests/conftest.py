"""Shared fixtures: the gazetteer and the French pipeline are loaded once per session."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ["GEOMAP_GEOCODER"] = "off"          # no test reaches the internet

from geomap.articles import read_article_file  # noqa: E402
from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.model import Article, Extraction  # noqa: E402
from geomap.pipeline import Pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_702cee4d8df71f10.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own instance folder and database."""
    monkeypatch.setenv("GEOMAP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("GEOMAP_DATABASE", raising=False)
    monkeypatch.delenv("GEOMAP_API_TOKEN", raising=False)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="session")
def pipeline(gazetteer: Gazetteer) -> Pipeline:
    return Pipeline(gazetteer)


@pytest.fixture(scope="session")
def seed_article() -> Article:
    return read_article_file(SEED)


@pytest.fixture(scope="session")
def seed_extraction(pipeline: Pipeline, seed_article: Article) -> Extraction:
    return pipeline.extract(seed_article)


def fr(text: str, published: date | None = date(2020, 8, 15)) -> Article:
    return Article(text=text, lang="fr", published=published)


def en(text: str, published: date | None = date(2020, 8, 15)) -> Article:
    return Article(text=text, lang="en", published=published)
