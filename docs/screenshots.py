"""Take the README's screenshots: `make screenshots` (a deliberate step; commit the result).

    .venv/bin/python docs/screenshots.py [--out docs/]

It stores the sample article in a fresh instance, serves the app on 127.0.0.1 without
tile server (the offline basemap), and has headless Chromium take:
- screenshot.png: the map page with the sample article's events;
- screenshot-city.png: the offline map of Minsk at city zoom, with its place names.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.articles import read_article_file  # noqa: E402
from geomap.ingest import ingest  # noqa: E402
from geomap.pipeline import Pipeline  # noqa: E402
from geomap.settings import Settings  # noqa: E402
from geomap.web import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SEED = ROOT / "seeds" / "000_702cee4d8df71f10.txt"
CITY_VIEW = "center=53.9045,27.5615&zoom=13"


def take(out: Path) -> list[Path]:
    """Write the screenshots to the folder out; returns their paths."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.for_instance(Path(tmp), tiles_url="off")
        app = create_app(settings)
        with app.app_context():
            from geomap.web.context import store

            ingest(store(), [read_article_file(SEED)], Pipeline.from_settings(settings))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            return _shots(base, out)
        finally:
            server.shutdown()


def _shots(base: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="en-GB")
        for name, url in (("screenshot.png", "/"), ("screenshot-city.png", f"/embed?{CITY_VIEW}")):
            page.goto(base + url)
            page.wait_for_selector("body[data-geomap-loaded]", state="attached", timeout=30_000)
            page.wait_for_selector(".geomap-label", timeout=30_000)
            page.wait_for_selector("path.geomap-region-outline", state="attached", timeout=30_000)
            page.wait_for_timeout(800)                  # the clusters' fade-in, the labels
            path = out / name
            page.screenshot(path=str(path))
            shots.append(path)
        browser.close()
    return shots


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    for path in take(parser.parse_args().out):
        print(f"wrote {path}")
