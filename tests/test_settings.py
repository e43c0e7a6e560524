"""Settings: read from the environment in one place, checked, frozen and picklable."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from geomap.settings import OSM_TILES, Settings, SettingsError


def test_defaults_for_an_instance_folder(tmp_path: Path) -> None:
    settings = Settings.from_env({"GEOMAP_INSTANCE": str(tmp_path)})
    assert settings.database == f"sqlite:///{tmp_path / 'geomap.sqlite'}"
    assert settings.gazetteer.name == "gazetteer.sqlite" and settings.gazetteer.exists()
    assert settings.geocoder.enabled and settings.tiles_url == OSM_TILES
    assert settings.workers is None and settings.coarsen == frozenset() and not settings.api_token


def test_every_variable_lands_in_its_field(tmp_path: Path) -> None:
    settings = Settings.from_env({
        "GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_DATABASE": f"sqlite:///{tmp_path / 'x.sqlite'}",
        "GEOMAP_GAZETTEER": str(tmp_path / "g.sqlite"), "GEOMAP_TILES_URL": "off",
        "GEOMAP_TILES_ATTRIBUTION": "me", "GEOMAP_FRAME_ANCESTORS": "https://a.example",
        "GEOMAP_COARSEN": "Arrests, arrest ,", "GEOMAP_API_TOKEN": "s3cret",
        "GEOMAP_WORKERS": "3", "GEOMAP_GEOCODER": "off"})
    assert settings == Settings(
        instance=tmp_path, database=f"sqlite:///{tmp_path / 'x.sqlite'}",
        gazetteer=tmp_path / "g.sqlite", geocoder=settings.geocoder, tiles_url="off",
        tiles_attribution="me", frame_ancestors="https://a.example",
        coarsen=frozenset({"Arrests", "arrest"}), api_token="s3cret", workers=3)
    assert settings.geocoder.enabled is False


@pytest.mark.parametrize("name, value", [
    ("GEOMAP_WORKERS", "abc"), ("GEOMAP_WORKERS", "0"), ("GEOMAP_WORKERS", "1.5"),
    ("GEOMAP_GEOCODER_TIMEOUT", "-1"), ("GEOMAP_GEOCODER_TIMEOUT", "0"),
    ("GEOMAP_GEOCODER_TIMEOUT", "nan"), ("GEOMAP_GEOCODER_MIN_DELAY", "-0.5"),
    ("GEOMAP_DATABASE", "mysql://x"), ("GEOMAP_DATABASE", "sqlite://x.sqlite"),
    ("GEOMAP_NOMINATIM_SCHEME", "ftp"), ("GEOMAP_API_TOKEN", "a b"),
])
def test_a_bad_value_names_its_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({"GEOMAP_INSTANCE": str(tmp_path), name: value})


def test_frozen_and_picklable(tmp_path: Path) -> None:
    settings = Settings.for_instance(tmp_path, coarsen=frozenset({"Arrests"}), workers=2)
    assert pickle.loads(pickle.dumps(settings)) == settings
    with pytest.raises(FrozenInstanceError):
        settings.workers = 3
