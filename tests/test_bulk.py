"""Bulk ingest on Dask: the same store as the local runner, through killed workers too.

The archive is tests/archive.py's: 2,000 articles cycled from the project's corpora. The
local runner stores them once in SQLite (module fixture); Dask runs store into PostGIS,
the shared store a cluster writes to, and must hold the same articles, places and reports,
grouped into the same events (see contents).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from geomap import bulk
from geomap.bulk import ingest_dask, partitions
from geomap.cli import main
from geomap.model import Article
from geomap.query import STATUSES, EventFilter
from geomap.pipeline import Pipeline
from geomap.settings import GeocoderSettings, Settings
from geomap.store import open_store

from archive import write_archive
from conftest import CLI_ENV, ROOT, SEED
from postgis_server import PostGISServer
from test_geocoder import ARTICLE_TEXT, MARNE_TOWN, UNKNOWN_TOWN, FakeNominatim
from test_geocoder import nominatim  # noqa: F401  (a fixture)

ARCHIVE = 2000
KILLED_RUN = 300                 # articles of the run during which a worker is killed
GEOMAP = [sys.executable, "-m", "geomap"]
DASK = [sys.executable, "-m", "dask"]


def geomap(*args: str, env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([*GEOMAP, *args], cwd=ROOT, env={**os.environ, **CLI_ENV, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def finished(process: subprocess.Popen, timeout: float = 900) -> str:
    """The process's stderr, once it exited 0."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return err


def contents(url: str) -> dict[str, list[tuple]]:
    """What a store holds, read through the Store protocol, whatever its backend: articles
    (but when they were added), place mentions, each article's reports of events (the values
    it gave), and which articles report each event. Each row starts with an article's id.

    Which article's report an event shows, and the events' ids, depend on the order in
    which the articles were stored, so they are left out."""
    store = open_store(url)
    events = store.events(EventFilter(status=STATUSES))
    reports = [(r["article_id"], json.dumps(r["data"], sort_keys=True))
               for event_id in events["id"] for r in store.event_reports(int(event_id))]
    tables = {
        "articles": pd.DataFrame(store.articles()).drop(columns="added_at").sort_values("id"),
        "mentions": store.mentions_frame(),
    }
    return {**{name: [tuple(None if pd.isna(v) else v for v in row)
                      for row in frame.itertuples(index=False)]
               for name, frame in tables.items()},
            "reports": sorted(reports),
            "events": sorted(tuple(sorted(ids.split(";"))) for ids in events["source_ids"])}


def contents_of(stored: dict[str, list[tuple]], ids: set[str]) -> dict[str, list[tuple]]:
    """The part of contents() that belongs to some articles (an event: the articles among
    them that report it)."""
    part = {name: [row for row in rows if row[0] in ids] for name, rows in stored.items()}
    part["events"] = sorted(filter(None, (tuple(a for a in row if a in ids)
                                          for row in stored["events"])))
    return part


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_archive(tmp_path_factory.mktemp("archive") / "archive.jsonl", ARCHIVE)


@pytest.fixture(scope="module")
def local(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """What the local runner stores of the archive (SQLite)."""
    instance = tmp_path_factory.mktemp("local")
    finished(geomap("ingest", str(archive), env={"GEOMAP_INSTANCE": str(instance)}))
    return contents(f"sqlite:///{instance / 'geomap.sqlite'}")


def test_partitions_keep_articles_sharing_an_id_together() -> None:
    articles = [Article(f"Texte {i}.", "fr", id=name) for i, name in enumerate("abcadeaf")]
    parts = partitions(articles, 3)
    assert [[a.id for a in part] for part in parts] == [["a", "b", "c", "a", "a"], ["d", "e", "f"]]
    assert [a.text for a in parts[0] if a.id == "a"] == ["Texte 0.", "Texte 3.", "Texte 6."]


def test_dask_stores_exactly_what_the_local_runner_stores(
        archive: Path, local: dict, postgis: PostGISServer, tmp_path: Path) -> None:
    url = postgis.new_database()
    err = finished(geomap("ingest", "--engine", "dask", str(archive),
                          env={"GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_DATABASE": url,
                               "GEOMAP_WORKERS": "2"}))
    assert f"{ARCHIVE} new article(s)" in err
    stored = contents(url)
    assert len(stored["articles"]) == ARCHIVE and len(stored["reports"]) > ARCHIVE
    assert stored == local
    again = finished(geomap("ingest", "--engine", "dask", str(archive),
                            env={"GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_DATABASE": url,
                                 "GEOMAP_WORKERS": "1"}))
    assert f"0 new article(s), {ARCHIVE} already stored" in again
    assert contents(url) == local


def test_a_partition_whose_database_connection_drops_is_run_again(
        archive: Path, local: dict, postgis: PostGISServer, tmp_path: Path) -> None:
    """The server ends a worker's connection in the middle of a partition's transaction: the
    partition fails, Dask runs it again, and the store ends up exactly as it should."""
    import psycopg

    part = tmp_path / "part.jsonl"
    lines = archive.read_text().splitlines(keepends=True)[:100]
    part.write_text("".join(lines))
    url = postgis.new_database()
    store = open_store(url)
    run = geomap("ingest", "--engine", "dask", "--batch", "10", str(part),
                 env={"GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_DATABASE": url,
                      "GEOMAP_WORKERS": "1"})
    dropped, started = 0, False
    with psycopg.connect(url, autocommit=True) as admin:
        while not dropped and run.poll() is None:
            started = started or bool(store.articles())   # then the command only waits
            if started:
                dropped = admin.execute(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND xact_start IS NOT NULL AND query LIKE 'INSERT%'").fetchone()[0]
            time.sleep(0.002)
    finished(run)
    assert dropped == 1
    assert contents(url) == contents_of(local, {json.loads(line)["id"] for line in lines})


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[str]:
    """A Dask scheduler and two single-threaded worker processes (under their nannies),
    started as on a real cluster: the scheduler's address."""
    folder = tmp_path / "dask"
    folder.mkdir()
    address_file = folder / "scheduler.json"
    common = dict(cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scheduler = subprocess.Popen([*DASK, "scheduler", "--scheduler-file", str(address_file),
                                  "--port", "0", "--no-dashboard", "--host", "127.0.0.1"],
                                 **common)
    workers = None
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = subprocess.Popen([*DASK, "worker", "--scheduler-file", str(address_file),
                                    "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                                   **common)
        yield json.loads(address_file.read_text())["address"]
    finally:
        for process in (workers, scheduler):
            if process:
                process.terminate()
                process.wait(30)


def test_a_worker_killed_mid_ingest_loses_and_duplicates_nothing(
        archive: Path, local: dict, postgis: PostGISServer, cluster: str,
        tmp_path: Path) -> None:
    from distributed import Client

    address = cluster
    part = tmp_path / "part.jsonl"
    lines = archive.read_text().splitlines(keepends=True)[:KILLED_RUN]
    part.write_text("".join(lines))
    ids = {json.loads(line)["id"] for line in lines}
    url = postgis.new_database()
    store = open_store(url)
    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
        pids = client.run(os.getpid)
        run = geomap("ingest", "--engine", "dask", "--scheduler", address, "--batch", "10",
                     str(part), env={"GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_DATABASE": url})
        deadline = time.monotonic() + 600
        while len(store.articles()) < 20 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.2)
        busy = [worker for worker, tasks in client.processing().items() if tasks]
        os.kill(pids[busy[0]], signal.SIGKILL)          # a worker in the middle of a partition
    assert len(store.articles()) < KILLED_RUN            # killed in the middle of the run
    finished(run)
    assert contents(url) == contents_of(local, ids)
    with Client(address, timeout=60) as client:
        from geomap.bulk import worker_pipeline

        built = client.run(lambda: worker_pipeline.cache_info().misses)
    assert set(built.values()) <= {0, 1} and 1 in built.values()   # once per worker process


def test_workers_leave_geocoding_to_one_process(
        nominatim: FakeNominatim, tmp_path: Path) -> None:  # noqa: F811
    """The name the gazetteer lacks is asked once, after the workers, and stored placed."""
    nominatim.replies[UNKNOWN_TOWN] = MARNE_TOWN
    geocoder = GeocoderSettings(enabled=True, domain=f"127.0.0.1:{nominatim.port}",
                                scheme="http", min_delay=0.0, timeout=5.0,
                                cache_path=tmp_path / "cache.sqlite")
    settings = Settings.for_instance(tmp_path, geocoder=geocoder, workers=1)
    deferred = Pipeline.from_settings(settings, defer_geocoding=True)
    article = Article(ARTICLE_TEXT, "fr", id="marne")
    assert deferred.extract(article).pending and nominatim.total == 0

    report = ingest_dask(settings, [article, Article("Grève à Lyon samedi.", "fr", id="lyon")])
    assert sorted(report.new) == ["lyon", "marne"]
    store = open_store(settings.database)
    assert store.pending_articles() == [] and nominatim.hits[UNKNOWN_TOWN] == 1
    [town] = [m for m in store.article("marne")["mentions"] if m["text"] == UNKNOWN_TOWN]
    assert (town["lat"], town["lon"], town["source"]) == (48.85, 2.6, "geocoder")


def test_a_scheduler_out_of_reach_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "CONNECT_TIMEOUT", "1s")
    env = {**CLI_ENV, "GEOMAP_INSTANCE": str(tmp_path)}
    assert main(["ingest", "--scheduler", "tcp://127.0.0.1:9", str(SEED)], env) == 2
    assert "--scheduler is for --engine dask" in capsys.readouterr().err
    assert main(["ingest", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", str(SEED)],
                env) == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in capsys.readouterr().err
    assert open_store(Settings.for_instance(tmp_path).database).articles() == []


def test_a_partition_that_always_fails_stops_the_ingest_with_its_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker without a usable gazetteer: each run of the partition fails, then the
    command says why, and nothing is stored."""
    monkeypatch.setattr(bulk, "RETRIES", 1)
    broken = tmp_path / "gazetteer.sqlite"
    broken.write_text("not a gazetteer")
    settings = Settings.for_instance(tmp_path, gazetteer=broken, workers=1)
    with pytest.raises(bulk.PartitionFailed, match="failed 2 times .*not a database"):
        ingest_dask(settings, [Article("Grève à Lyon samedi.", "fr", id="lyon")])
    assert open_store(settings.database).articles() == []
