"""Shared fixtures: the gazetteer and the French pipeline are loaded once per session.

Tests build their Settings directly (never from the environment): each gets its own
instance folder, and the geocoder is off unless a test gives one. Tests that run on every
store backend take a fresh database from new_database(); the PostgreSQL server behind
"postgis" is started once per session, the first time a test needs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from geomap.articles import read_article_file
from geomap.gazetteer import Gazetteer
from geomap.model import Article, Extraction
from geomap.pipeline import Pipeline
from geomap.settings import Settings
from postgis_server import PostGISServer, Unavailable

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_702cee4d8df71f10.txt"
SHARED = ROOT.parent / "shared"
# What the geomap command sees in the tests that run it: the geocoder off (no test reaches
# the internet); each test adds its own instance folder.
CLI_ENV = {"GEOMAP_GEOCODER": "off"}
# The API token the web tests' apps take: adding articles needs it, or a signed-in editor.
API_TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def with_token(client):
    """A test client that sends the API token with every request."""
    client.environ_base["HTTP_AUTHORIZATION"] = AUTH["Authorization"]
    return client


# The store backends that the store contract and the web tests run on.
BACKENDS = ("sqlite", "postgis")


@pytest.fixture(scope="session")
def postgis() -> Iterator[PostGISServer]:
    """A PostgreSQL server with PostGIS. Where it is not installed, its tests skip, except in
    CI, where they fail: CI installs it with `make test`."""
    try:
        server = PostGISServer.start()
    except Unavailable as e:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(e))
    yield server
    server.stop()


def new_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """The URL of a new, empty database of a backend: a file in folder for "sqlite", a
    database on the session's server for "postgis"."""
    if backend == "postgis":
        return request.getfixturevalue("postgis").new_database()
    return f"sqlite:///{folder / 'geomap.sqlite'}"


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings for a fresh instance folder: its own database, no geocoder."""
    return Settings.for_instance(tmp_path / "instance")


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer(Settings.for_instance(tmp_path_factory.mktemp("instance")).gazetteer)


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
