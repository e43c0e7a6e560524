"""Bulk ingest figures: the local process pool against Dask LocalClusters of 1 and 2 workers
on the same 2,000 articles, the time a Dask partition takes, and each store's write rate.

    .venv/bin/python benchmarks/scale.py [--articles 2000] [--batch 50]

The articles are tests/archive.py's (the project's corpora cycled, each copy with its own
id and URL). Each ingest runs in a fresh process into a fresh SQLite file, from the
loading of the models to the last commit, as `geomap ingest` runs; besides its time, the
CPU time of all its processes is counted, which other work on the machine does not inflate. The write rates store
extractions made beforehand, in batches of --batch articles, into SQLite and into a
PostgreSQL/PostGIS server started for the run (tests/postgis_server.py), from one writer
and from two writer processes at once. Timings on a shared machine are noisy: compare the
ratios printed in one run rather than figures from different runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

RUNS = {"local pool": ("local", None), "Dask LocalCluster, 1 worker": ("dask", 1),
        "Dask LocalCluster, 2 workers": ("dask", 2)}


def one_run(engine: str, workers: int | None, archive: Path, batch: int) -> dict:
    """Ingest the archive into a new SQLite file: seconds, and for Dask each partition's."""
    from geomap.articles import read_jsonl
    from geomap.settings import Settings

    with tempfile.TemporaryDirectory(prefix="geomap-scale-") as folder:
        settings = replace(Settings.for_instance(Path(folder)), workers=workers)
        start = time.perf_counter()
        articles = list(read_jsonl(archive))
        if engine == "local":
            from geomap.ingest import ingest
            from geomap.pipeline import Pipeline
            from geomap.store import open_store

            report = ingest(open_store(settings.database), articles,
                            Pipeline.from_settings(settings), workers, batch=batch)
            partitions: list[float] = []
        else:
            report, partitions = _dask_run(settings, articles, batch)
        seconds = time.perf_counter() - start
    assert len(report.new) == len(articles), (len(report.new), len(articles))
    return {"seconds": seconds, "partitions": partitions}


def _dask_run(settings, articles: list, batch: int) -> tuple:
    """ingest_dask on a LocalCluster started here (counted in the time), and how long each
    partition's task computed, from the scheduler's task stream."""
    import logging

    from distributed import Client, LocalCluster

    from geomap.bulk import ingest_dask

    with LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        client.get_task_stream()                 # starts recording
        report = ingest_dask(settings, articles, cluster.scheduler_address, batch=batch)
        stream = client.get_task_stream()
    seconds: dict[int, float] = {}          # partition -> compute time of its (fused) tasks
    for task in stream:
        name, number = task["key"] if isinstance(task["key"], tuple) else (task["key"], None)
        if "store_partition" in name and number is not None:
            seconds[number] = seconds.get(number, 0.0) + sum(
                s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute")
    return report, list(seconds.values())


def ingest_figures(archive: Path, count: int, batch: int) -> dict:
    figures = {}
    for name, (engine, workers) in RUNS.items():
        before = _children_cpu()
        done = subprocess.run([sys.executable, __file__, "--one", json.dumps([engine, workers]),
                               "--archive", str(archive), "--batch", str(batch)],
                              capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            raise RuntimeError(done.stderr)
        figures[name] = json.loads(done.stdout.strip().splitlines()[-1])
        figures[name]["cpu seconds"] = _children_cpu() - before
    local = figures["local pool"]
    for name, run in figures.items():
        run["articles per second"] = count / run["seconds"]
        run["ratio to the local pool"] = run["seconds"] / local["seconds"]
        run["overhead per article (ms)"] = 1000 * (run["seconds"] - local["seconds"]) / count
        run["cpu ms per article"] = 1000 * run["cpu seconds"] / count
        run["cpu overhead per article (ms)"] = 1000 * (run["cpu seconds"]
                                                       - local["cpu seconds"]) / count
        if run["partitions"]:
            steady = sorted(run["partitions"])[:-run_workers(name)]   # first ones load the models
            run["partition median (s)"] = statistics.median(steady)
            run["articles per second per worker"] = batch / statistics.median(steady)
            run["first partition (s)"] = max(run["partitions"])
        del run["partitions"]
    return figures


def _children_cpu() -> float:
    """CPU seconds used so far by the finished child processes (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_workers(name: str) -> int:
    return RUNS[name][1] or 1


# -- the stores' write rates -----------------------------------------------------------------

_EXTRACTIONS: list = []


def _write(url: str, batches: list[list[int]]) -> int:
    """Store some batches of _EXTRACTIONS (by index); how many articles were new."""
    from geomap.store import open_store

    store = open_store(url)
    return sum(len(store.add([_EXTRACTIONS[i] for i in batch]).new) for batch in batches)


def write_figures(archive: Path, batch: int) -> dict:
    """Articles and events stored per second, by one writer and by two writer processes."""
    with tempfile.TemporaryDirectory(prefix="geomap-writes-") as folder:
        return _write_figures(Path(folder), archive, batch)


def _write_figures(folder: Path, archive: Path, batch: int) -> dict:
    from geomap.articles import read_jsonl
    from geomap.ingest import extract_all
    from geomap.pipeline import Pipeline
    from geomap.settings import Settings
    from postgis_server import PostGISServer

    pipeline = Pipeline.from_settings(Settings.for_instance(folder))
    _EXTRACTIONS[:] = list(extract_all(pipeline, list(read_jsonl(archive))))
    events = sum(len(ex.events) for ex in _EXTRACTIONS)
    batches = [list(range(i, min(i + batch, len(_EXTRACTIONS))))
               for i in range(0, len(_EXTRACTIONS), batch)]
    figures = {}
    fork = multiprocessing.get_context("fork")
    with PostGISServer.start(durable=True) as server:
        databases = {"SQLite": lambda n: f"sqlite:///{folder / f'writes-{n}.sqlite'}",
                     "PostGIS": lambda n: server.new_database()}
        for backend, new_url in databases.items():
            for writers in (1, 2):
                url = new_url(writers)
                _write(url, [])                                   # schema made outside the time
                start = time.perf_counter()
                with fork.Pool(writers) as pool:
                    stored = sum(pool.starmap(_write, [(url, batches[w::writers])
                                                       for w in range(writers)]))
                seconds = time.perf_counter() - start
                assert stored == len(_EXTRACTIONS)
                figures[f"{backend}, {writers} writer(s)"] = {
                    "articles per second": stored / seconds, "events per second": events / seconds,
                    "transactions per second": len(batches) / seconds}
    return {"events per article": events / len(_EXTRACTIONS), "stores": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, workers = json.loads(args.one)
        print(json.dumps(one_run(engine, workers, args.archive, args.batch)))
        return
    from archive import write_archive

    with tempfile.TemporaryDirectory(prefix="geomap-archive-") as folder:
        archive = write_archive(Path(folder) / "archive.jsonl", args.articles)
        result = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores,"
                       f" Python {platform.python_version()}",
            "articles": args.articles, "batch": args.batch,
            "ingest": ingest_figures(archive, args.articles, args.batch),
            "writes": write_figures(archive, args.batch),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
