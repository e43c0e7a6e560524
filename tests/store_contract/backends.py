"""The backends the store contract runs on, and the fixtures that give each test a fresh
store of each: the contract's test modules import them.

A backend is added to BACKENDS with how to make a fresh, empty database URL for a test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from geomap.store import Store, open_store

BACKENDS: dict[str, Callable[[Path], str]] = {
    "sqlite": lambda tmp: f"sqlite:///{tmp / 'deep' / 'db.sqlite'}",
}


@pytest.fixture(params=sorted(BACKENDS))
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return BACKENDS[request.param](tmp_path)


@pytest.fixture()
def store(url: str) -> Store:
    return open_store(url)
