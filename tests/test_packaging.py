"""The installed package: it holds its pages, tables, basemap and migrations, and reads the
environment in one place."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from geomap.settings import Settings

from conftest import CLI_ENV, ROOT, SEED


def test_every_folder_of_the_package_is_built() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "geomap").rglob("*.py")}
    assert folders <= set(config["packages"])


def test_only_settings_read_the_environment() -> None:
    readers = [str(p.relative_to(ROOT)) for p in (ROOT / "geomap").rglob("*.py")
               if re.search(r"os\.environ|os\.getenv|getenv\(", p.read_text())]
    assert readers == ["geomap/settings.py"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """geomap built as a wheel (not editable) and installed into a folder of its own.

    setuptools builds in the checkout's build/ and never removes from it a file the sources
    no longer have (a renamed migration): it is emptied first."""
    tmp = tmp_path_factory.mktemp("wheel")
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp / "dist",
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = (tmp / "dist").glob("geomap-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    tmp / "site", str(wheel)], check=True, capture_output=True, timeout=300)
    return tmp / "site"


def test_the_wheel_holds_the_package_data(installed: Path) -> None:
    package = installed / "geomap"
    assert {p.name for p in (package / "templates").glob("*.html")} >= {"index.html", "base.html"}
    assert {p.name for p in (package / "tables").glob("*.csv")} >= {"landmarks.csv", "venues.csv"}
    assert (package / "web" / "static" / "geomap.js").is_file()
    assert (package / "data" / "countries.geojson").is_file()
    assert (package / "data" / "regions.geojson").is_file()
    assert (package / "translations" / "fr" / "LC_MESSAGES" / "messages.mo").is_file()
    assert {p.name for p in (package / "lang").glob("*.toml")} >= {"fr.toml", "en.toml"}
    assert len(list((package / "store" / "migrations" / "versions").glob("0*.py"))) >= 4


def test_the_installed_package_extracts_and_serves(installed: Path, tmp_path: Path) -> None:
    """Run from elsewhere, geomap finds everything in its package, its gazetteer where the
    settings say, and keeps its data in ./instance."""
    env = {**os.environ, **CLI_ENV, "PYTHONPATH": str(installed),
           "GEOMAP_GAZETTEER": str(Settings.for_instance(tmp_path).gazetteer)}
    run = dict(cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    where = subprocess.run([sys.executable, "-c", "import geomap; print(geomap.__file__)"], **run)
    assert where.stdout.startswith(str(installed))
    out = subprocess.run([sys.executable, "-m", "geomap", "extract", str(SEED)], **run)
    assert out.returncode == 0, out.stderr
    assert '"Minsk"' in out.stdout
    with serving([sys.executable, "-m", "geomap", "serve", "--port", "0"], "Running on http",
                 cwd=tmp_path, env=env) as base:
        for path in ("/", "/static/geomap.js", "/basemap/countries.geojson",
                     "/basemap/regions/BY.geojson", "/events.geojson"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
        french = urllib.request.Request(base + "/", headers={"Accept-Language": "fr"})
        with urllib.request.urlopen(french, timeout=30) as response:
            assert "Événements sur la carte" in response.read().decode()   # the catalogue ships
    assert (tmp_path / "instance" / "geomap.sqlite").is_file()


@contextmanager
def serving(command: list[str], ready: str, **options: object) -> Iterator[str]:
    """A server run by the command, once it prints the ready text: its http://127.0.0.1:PORT."""
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, **options)
    try:
        line = ""
        while ready not in line:
            line = server.stderr.readline()
            assert line, "the server stopped"
        yield re.search(r"(http://127\.0\.0\.1:\d+)", line).group(1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_readme_production_command_serves(tmp_path: Path) -> None:
    """The README's gunicorn command, as written, from the checkout."""
    [command] = re.findall(r"^    (\.venv/bin/gunicorn .*)$", (ROOT / "README.md").read_text(), re.M)
    env = {**os.environ, **CLI_ENV, "GEOMAP_INSTANCE": str(tmp_path / "instance"),
           "GUNICORN_CMD_ARGS": "--bind 127.0.0.1:0"}
    with serving(command.split(), "Listening at: http", cwd=ROOT, env=env) as base:
        with urllib.request.urlopen(base + "/", timeout=60) as response:
            assert response.status == 200 and b"geomap" in response.read()
