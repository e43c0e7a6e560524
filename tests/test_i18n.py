"""The interface in French and English: every message translated, the language chosen from
the browser, a switch, and dates that follow the language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from geomap.ingest import ingest
from geomap.settings import Settings
from geomap.web import create_app
from geomap.web.i18n import COOKIE, TRANSLATIONS

from conftest import ROOT


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def test_every_message_has_its_french_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "extract", "-F",
                    TRANSLATIONS / "babel.cfg", "-k", "_", "-k", "gettext", "-k", "ngettext:1,2",
                    "-o", pot, "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        wanted = [_key(m.id) for m in read_po(f) if m.id]
    french = {_key(m.id): m.string for m in catalog("fr") if m.id}
    missing = [m for m in wanted if not all(_forms(french.get(m)))]
    assert not missing, f"messages without French: {missing} (run make translations)"


def _key(message_id: str | tuple) -> str | tuple:
    return tuple(message_id) if isinstance(message_id, (list, tuple)) else message_id


def _forms(translation: str | tuple | list | None) -> list[str]:
    """A translation's forms (two for a plural), [""] when there is none."""
    if isinstance(translation, (list, tuple)):
        return list(translation)
    return [translation or ""]


def test_the_compiled_catalog_is_the_catalog() -> None:
    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = {_key(m.id): _forms(m.string) for m in read_mo(f) if m.id}
    assert compiled == {_key(m.id): _forms(m.string) for m in catalog("fr") if m.id and not m.fuzzy}


@pytest.fixture()
def client(settings: Settings, pipeline, seed_article) -> FlaskClient:
    app: Flask = create_app(settings, {"TESTING": True})
    with app.app_context():
        from geomap.web.context import store

        ingest(store(), [seed_article], pipeline)
    return app.test_client()


def test_the_browser_language_chooses_the_interface(client: FlaskClient) -> None:
    french = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    html = french.get_data(as_text=True)
    assert '<html lang="fr">' in html and "Événements sur la carte" in html
    assert "15 août 2020" in html                                 # dates in French
    english = client.get("/", headers={"Accept-Language": "de-DE,en;q=0.8"})
    html = english.get_data(as_text=True)
    assert '<html lang="en">' in html and "Events on the map" in html and "Aug 15, 2020" in html


def test_the_switch_keeps_its_choice(client: FlaskClient) -> None:
    french = {"Accept-Language": "fr"}
    switched = client.get("/?lang=en&country=BY", headers=french)
    assert '<html lang="en">' in switched.get_data(as_text=True)
    assert f"{COOKIE}=en" in switched.headers["Set-Cookie"]
    again = client.get("/embed", headers=french)                    # the cookie is kept
    assert '<html lang="en">' in again.get_data(as_text=True)
    html = client.get("/?lang=fr").get_data(as_text=True)
    assert 'href="/?lang=en"' in html and "Français" in html


def test_the_map_script_gets_its_words_in_the_language(client: FlaskClient) -> None:
    html = client.get("/embed", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '"lang": "fr"' in html and "Ouvrir la carte compl\\u00e8te" in html.replace(
        "Ouvrir la carte complète", "Ouvrir la carte compl\\u00e8te")
