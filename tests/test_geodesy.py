"""The one distance formula every stage uses."""

from __future__ import annotations

import numpy as np
import pytest

from geomap.geodesy import km, km_to_many

CASES = [
    ((48.8566, 2.3522), (51.5074, -0.1278), 343.9),       # Paris, London
    ((14.6937, -17.4441), (14.6937, -17.4441), 0.0),      # the same point
    ((0.0, 0.0), (0.0, 180.0), 20015.1),                  # half the equator
    ((-33.4489, -70.6693), (32.7089, 36.5695), 13387.0),  # Santiago, Soueida
]


@pytest.mark.parametrize("a, b, expected", CASES)
def test_distances(a: tuple[float, float], b: tuple[float, float], expected: float) -> None:
    assert km(*a, *b) == pytest.approx(expected, abs=0.5)


def test_one_point_to_many_agrees_with_one_to_one() -> None:
    lats = np.array([b[0] for _, b, _ in CASES])
    lons = np.array([b[1] for _, b, _ in CASES])
    many = km_to_many(48.8566, 2.3522, lats, lons)
    assert list(many) == pytest.approx([km(48.8566, 2.3522, *b) for _, b, _ in CASES])
