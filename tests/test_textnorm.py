"""Text helpers: offsets never move."""

from __future__ import annotations

from geomap.textnorm import lowered, name_key, straighten


def test_straighten_keeps_length() -> None:
    assert straighten("l\u2019opposition d\u02bcIrak") == "l'opposition d'Irak"


def test_lowered_keeps_offsets() -> None:
    text = "\u0130stanbul l\u2019AFP"        # "İ" lowers to two characters
    low = lowered(text)
    assert len(low) == len(text)
    assert low == "istanbul l'afp"


def test_name_key() -> None:
    assert name_key("Saint\u2011Pétersbourg") == "saint pétersbourg"
