"""How fast the web map is with many events: import, data routes, page size, browser.

    .venv/bin/python benchmarks/map.py                 # 100,000 events, 5 runs each
    .venv/bin/python benchmarks/map.py --events 10000 --runs 3
    .venv/bin/python benchmarks/map.py --scale --events 1000000
    .venv/bin/python benchmarks/map.py --scale --database postgresql://...  # an empty database

It writes a synthetic ACLED-style CSV (seeded, so every run has the same
events), imports it with `geomap import`'s code into a fresh database, serves
the app on 127.0.0.1 with the offline basemap, and times the routes over HTTP
and the map in headless Chromium. It prints a Markdown report for docs/map.md.
Times are medians; ratios to GeoPandas' own GeoJSON writer, timed in the same
run, show what the machine's noise does not change.

With --scale it measures what matters once the map counts on the server: the
app runs in a process of its own, the grid's routes are timed over HTTP, the
browser opens the map, zooms in and moves, and every response it receives is
weighed; then a filtered GeoJSON download is streamed while the server's peak
memory (VmHWM) is read before and after. The events go to a fresh SQLite file, or with
--database to that (empty) database, e.g. PostGIS, vacuumed and analysed after the import.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.frames import MAP_FIELDS, events_frame, export_frame  # noqa: E402
from geomap.importer import read_dataset, store_dataset  # noqa: E402
from geomap.settings import Settings  # noqa: E402
from geomap.store import open_store  # noqa: E402
from geomap.web import MAP_POINTS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Places the synthetic events gather around: (lon, lat, ISO numeric code).
CENTRES = np.array([(27.56, 53.90, 112), (30.98, 52.44, 112), (2.35, 48.85, 250),
                    (-0.12, 51.50, 826), (37.62, 55.75, 643), (31.24, 30.04, 818),
                    (-43.20, -22.90, 76), (77.21, 28.61, 356), (-99.13, 19.43, 484),
                    (36.82, -1.29, 404)])
TYPES = np.array(["Protests", "Riots", "Violence against civilians", "Strategic developments"])
SUB_TYPES = np.array(["Peaceful protest", "Mob violence", "Attack", "Arrests"])
# Records when the first cluster appears and when every event is on the map.
OBSERVE = """
new MutationObserver(() => {
  if (!window.firstCluster && document.querySelector(".marker-cluster")) {
    window.firstCluster = performance.now();
  }
  if (!window.allDrawn && document.body && document.body.hasAttribute("data-geomap-loaded")) {
    window.allDrawn = performance.now();
  }
}).observe(document, {childList: true, subtree: true, attributes: true});
"""


def synthetic_acled(count: int, seed: int = 2020) -> pd.DataFrame:
    """ACLED-style rows scattered around ten cities over two years."""
    rng = np.random.default_rng(seed)
    centre = CENTRES[rng.integers(0, len(CENTRES), count)]
    kind = rng.choice(len(TYPES), count, p=[0.6, 0.15, 0.1, 0.15])
    dates = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 730, count), unit="D")
    return pd.DataFrame({
        "event_id_cnty": [f"SYN{i}" for i in range(count)],
        "event_date": dates.strftime("%Y-%m-%d"),
        "time_precision": rng.integers(1, 4, count),
        "event_type": TYPES[kind], "sub_event_type": SUB_TYPES[kind],
        "iso": centre[:, 2].astype(int), "admin1": "Region", "location": "Town",
        "latitude": (centre[:, 1] + rng.normal(0, 1.0, count)).clip(-89, 89).round(4),
        "longitude": (centre[:, 0] + rng.normal(0, 1.5, count)).clip(-179, 179).round(4),
        "geo_precision": rng.integers(1, 4, count), "source": "Synthetic wire",
        "notes": "On this date, demonstrators gathered in the town centre to protest against "
                 "the election results; police dispersed them and detained several people.",
        "fatalities": rng.integers(0, 2, count), "tags": "crowd size=no report",
    })


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def serve(settings: Settings) -> str:
    """The app on a free port, in a thread, with the offline basemap only."""
    from werkzeug.serving import make_server

    from geomap.web import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def page_timings(url: str, runs: int, expression: str) -> list:
    """What the page's timing expression gives once the map has loaded, for each of so many
    readers in turn, each in a fresh page: "window.firstCluster"."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.add_init_script(OBSERVE)
            page.goto(url, wait_until="commit")
            page.wait_for_selector("body[data-geomap-loaded]", state="attached", timeout=120_000)
            found.append(page.evaluate(expression))
            page.close()
        browser.close()
    return found


def browser_times(url: str, runs: int) -> tuple[float, float]:
    """Median ms from navigation to the first cluster, and to every event drawn."""
    times = page_timings(url, runs, "[window.firstCluster, window.allDrawn]")
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{chromium or 'no Chromium'}")


def instance(folder: Path, database: str | None = None) -> Settings:
    """The settings of the instance in folder, with the offline basemap, its own SQLite file
    or the database given."""
    return Settings.for_instance(folder, tiles_url="off", **({"database": database} if database
                                                             else {}))


def imported(folder: Path, count: int, rows: list[tuple[str, str]],
             database: str | None = None) -> Settings:
    """Settings of a fresh instance in folder holding count synthetic events."""
    csv = folder / "synthetic-acled.csv"
    synthetic_acled(count).to_csv(csv, index=False)
    settings = instance(folder, database)
    store = open_store(settings.database)
    start = time.perf_counter()
    dataset = read_dataset(csv)
    checked = time.perf_counter()
    store_dataset(store, dataset)
    stored = time.perf_counter()
    csv.unlink()
    rows.append((f"`geomap import` of {count:,} CSV rows (check + store)",
                 f"{checked - start:.2f} s + {stored - checked:.2f} s"))
    if database:
        settle(store)
    return settings


def settle(store: object) -> None:
    """VACUUM ANALYZE a PostgreSQL store after the import: what autovacuum does in the
    minutes after it (the planner's statistics, the visibility map), done before the readers
    come rather than while they do."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def serve_in_process(folder: Path, database: str | None) -> subprocess.Popen:
    """The app of the instance in folder, served by a process of its own (whose memory is
    then its own); its address is on the process's first line of output."""
    more = ["--database", database] if database else []
    return subprocess.Popen([sys.executable, __file__, "--serve", str(folder), *more],
                            stdout=subprocess.PIPE, text=True)


def peak_rss_mb(pid: int) -> float:
    """The most memory the process has held (VmHWM), in MB."""
    line = next(l for l in Path(f"/proc/{pid}/status").read_text().splitlines()
                if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def streamed(url: str) -> int:
    """Bytes of a response, read in pieces and dropped."""
    size = 0
    with urllib.request.urlopen(url, timeout=600) as response:
        while piece := response.read(1 << 20):
            size += len(piece)
    return size


# What the scale run does in the browser after the first clusters: views a reader reaches.
VIEWS = ("/?center=53.9,27.56&zoom=4", "/?center=53.9,27.56&zoom=7",
         "/?center=53.9,27.56&zoom=10", "/?center=53.9,27.56&zoom=13",
         "/?center=48.85,2.35&zoom=12&type=Riots", "/?since=2019-06-01&until=2019-06-30")


def first_clusters(url: str, runs: int) -> list[float]:
    """Seconds from navigation to the first cluster, for each of so many readers in turn."""
    return [ms / 1000 for ms in page_timings(url, runs, "window.firstCluster")]


def map_responses(url: str) -> list[tuple[int, str]]:
    """Every response the map receives (size, path) while it opens, zooms in and moves."""
    from playwright.sync_api import sync_playwright

    sizes: list[tuple[int, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("requestfinished", lambda r: sizes.append(
            (r.sizes()["responseBodySize"], r.url.removeprefix(url))))
        for view in ("/", *VIEWS):
            page.goto(url + view)
            page.wait_for_selector("body[data-geomap-loaded]", state="attached", timeout=120_000)
            page.wait_for_load_state("networkidle")
        page.mouse.move(600, 600)                       # drag the map
        page.mouse.down()
        page.mouse.move(400, 500, steps=5)
        page.mouse.up()
        page.wait_for_timeout(500)
        page.wait_for_load_state("networkidle")
        browser.close()
    return sizes


def scale(args: argparse.Namespace) -> int:
    """The map at many events: grid routes, the browser's first clusters and largest
    response, and the memory of a streamed download."""
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        imported(Path(tmp), args.events, rows, args.database)
        server = serve_in_process(Path(tmp), args.database)     # a fresh server: the first reader
        try:
            base = server.stdout.readline().strip()
            times = first_clusters(base + "/", args.runs + 1)
            rows.append(("headless Chromium, `/`: first clusters, the first reader (server just"
                         " started)", f"{times[0]:.2f} s"))
            rows.append((f"headless Chromium, `/`: first clusters, the next {args.runs} (median)",
                         f"{statistics.median(times[1:]):.2f} s"))
        finally:
            server.terminate()
            server.wait()
        server = serve_in_process(Path(tmp), args.database)
        try:
            base = server.stdout.readline().strip()
            page = fetch(base + "/")
            rows.append(("HTML of `/` (bytes)", f"{len(page):,}"))
            rows.append(("the page `/`: time", f"{median_time(lambda: fetch(base + '/'), args.runs):.2f} s"))
            for label, path in (("world grid `/events/grid.json?zoom=2`", "/events/grid.json?zoom=2"),
                                ("grid of one type `?type=Riots&zoom=2`",
                                 "/events/grid.json?type=Riots&zoom=2"),
                                ("grid of one month `?since=2019-06-01&until=2019-06-30&zoom=2`",
                                 "/events/grid.json?since=2019-06-01&until=2019-06-30&zoom=2"),
                                ("grid of a country's box at zoom 6",
                                 "/events/grid.json?zoom=6&bbox=22,50,34,57"),
                                ("grid of a town's box at zoom 11",
                                 "/events/grid.json?zoom=11&bbox=27.3,53.8,27.8,54.0")):
                start = time.perf_counter()
                size = len(fetch(base + path))
                counted = time.perf_counter() - start
                kept = median_time(lambda: fetch(base + path), args.runs)
                rows.append((f"{label}: first / again (size)",
                             f"{counted:.2f} s / {kept:.3f} s ({size / 1e6:.3f} MB)"))
            took = median_time(lambda: fetch(base + "/events/timeline.json"), args.runs)
            rows.append(("`/events/timeline.json`: time", f"{took:.2f} s"))
            size, path = max(map_responses(base))
            rows.append(("largest response to the map (opening, 6 views, a drag)",
                         f"{size / 1e6:.2f} MB (`{path[:60]}`)"))
            for download in ("events.geojson", "events.gpkg"):
                before = peak_rss_mb(server.pid)
                query = f"/{download}?since=2019-01-01&until=2019-12-31"
                start = time.perf_counter()
                size = streamed(base + query)
                took = time.perf_counter() - start
                after = peak_rss_mb(server.pid)
                rows.append((f"streamed `{query}`: time (size)",
                             f"{took:.1f} s ({size / 1e6:.0f} MB)"))
                rows.append(("the server's peak RSS before / after that download",
                             f"{before:.0f} MB / {after:.0f} MB"))
        finally:
            server.terminate()
            server.wait()
    backend = "PostGIS" if args.database else "SQLite"
    print(f"{args.events:,} events in {backend}, median of {args.runs} runs; {machine()}\n")
    print("| measure | figure |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    return 0


def serve_forever(folder: Path, database: str | None) -> None:
    """--serve: the app of the instance in folder, its address printed on the first line."""
    from werkzeug.serving import make_server

    from geomap.web import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app(instance(folder, database)), threaded=True)
    print(f"http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", action="store_true",
                        help="measure the grid, the largest response and a streamed download")
    parser.add_argument("--database", help="with --scale: store the events in this empty"
                        " database (e.g. postgresql://...) instead of a fresh SQLite file")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_forever(args.serve, args.database)
        return 0
    if args.scale:
        return scale(args)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = imported(Path(tmp), args.events, rows)
        store = open_store(settings.database)

        frame = export_frame(events_frame(store))
        geopandas = median_time(lambda: frame.to_json(na="null", drop_id=True), args.runs)
        base = serve(settings)
        fields = ",".join(MAP_FIELDS)
        page = fetch(base + "/")
        rows.append(("HTML of `/` (bytes)", f"{len(page):,}"))
        routes = [("the map's request `/events.geojson?fields=...`", f"/events.geojson?fields={fields}"),
                  ("full `/events.geojson`", "/events.geojson"),
                  ("`/events.csv`", "/events.csv"), ("`/events.gpkg`", "/events.gpkg"),
                  ("`/events.geojson` of one month", "/events.geojson?since=2019-06-01&until=2019-06-30"),
                  ("`/events/timeline.json`", "/events/timeline.json"), ("the page `/`", "/")]
        timed = {}
        for label, path in routes:
            size = len(fetch(base + path))
            timed[path] = median_time(lambda: fetch(base + path), args.runs)
            rows.append((f"{label}: time (size)", f"{timed[path]:.2f} s ({size / 1e6:.1f} MB)"))
        rows.append(("GeoPandas `to_json` of the same full frame, for comparison", f"{geopandas:.2f} s"))
        rows.append(("full `/events.geojson` over HTTP ÷ GeoPandas `to_json` alone",
                     f"{timed['/events.geojson'] / geopandas:.2f}"))
        rows.append(("the map's request ÷ full `/events.geojson`",
                     f"{timed[f'/events.geojson?fields={fields}'] / timed['/events.geojson']:.2f}"))
        first, drawn = browser_times(base + "/", args.runs)
        rows.append(("headless Chromium, `/`: first clusters on the map", f"{first / 1000:.2f} s"))
        drawn_label = ("every event clustered" if args.events <= MAP_POINTS
                       else "the server's cells drawn")
        rows.append((f"headless Chromium, `/`: {drawn_label}", f"{drawn / 1000:.2f} s"))
        first, drawn = browser_times(base + "/embed", args.runs)
        rows.append((f"headless Chromium, `/embed`: {drawn_label}", f"{drawn / 1000:.2f} s"))
    print(f"{args.events:,} events, median of {args.runs} runs; {machine()}\n")
    print("| measure | figure |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
