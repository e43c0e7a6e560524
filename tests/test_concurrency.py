"""Writers at once, and writers killed: every article is stored exactly once, nothing is lost.

- processes opening a new database file at the same moment;
- two `geomap ingest` processes on overlapping files;
- 8 HTTP clients posting 1,000 articles (and some twice) to gunicorn with 4 workers;
- `geomap ingest` killed with SIGKILL at several points, then run again.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import API_TOKEN, AUTH, CLI_ENV, ROOT, SEED

TOWNS = ("Minsk", "Gomel", "Brest", "Grodno", "Lyon", "Nantes", "Toulouse", "Lille")


def article_text(i: int) -> str:
    """A short article of its own (no two alike)."""
    return (f"Des centaines de personnes ont manifesté samedi à {TOWNS[i % len(TOWNS)]}, "
            f"selon le communiqué numéro {i}. La police a interpellé {i % 7 + 2} manifestants.")


def env_for(instance: Path, **more: str) -> dict[str, str]:
    return {**os.environ, **CLI_ENV, "GEOMAP_INSTANCE": str(instance), **more}


def _open_at_once(path: str, start: multiprocessing.synchronize.Barrier,
                  results: multiprocessing.Queue) -> None:
    from geomap.store.sqlite import SQLiteStore
    start.wait()
    try:
        SQLiteStore(Path(path))
        results.put("opened")
    except Exception as e:          # the test reports what went wrong
        results.put(str(e))


def test_processes_opening_a_new_database_at_once_all_open_it(tmp_path: Path) -> None:
    """Each asks SQLite for the write-ahead log at the same moment; SQLite refuses all but
    one at once, and the others try again rather than fail ("database is locked")."""
    context = multiprocessing.get_context("fork")
    for round_ in range(6):
        path, start, results = tmp_path / f"new{round_}.sqlite", context.Barrier(4), context.Queue()
        openers = [context.Process(target=_open_at_once, args=(str(path), start, results))
                   for _ in range(4)]
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join(timeout=120)
        assert [results.get(timeout=5) for _ in openers] == ["opened"] * 4


def stored(database: Path) -> list[str]:
    """The stored articles' ids, read as any other reader would while writers run."""
    if not database.exists():
        return []
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as conn:
        try:
            return [row[0] for row in conn.execute("SELECT id FROM articles")]
        except sqlite3.OperationalError:           # the schema is being created
            return []


def test_two_ingests_on_overlapping_files(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    paths = []
    for i in range(60):
        path = folder / f"a{i:03}.txt"
        path.write_text(f"---\npublished: 2020-08-15\nlang: fr\n---\n{article_text(i)}")
        paths.append(str(path))
    env = env_for(tmp_path / "instance", GEOMAP_WORKERS="1")
    runs = [subprocess.Popen([sys.executable, "-m", "geomap", "ingest", *chunk, "--batch", "3"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for chunk in (paths[:40], paths[20:])]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "Error" not in err and "Traceback" not in err
    ids = stored(tmp_path / "instance" / "geomap.sqlite")
    assert sorted(ids) == sorted(Path(p).stem for p in paths)
    news = [int(err.split("geomap: ")[-1].split()[0]) for _, err in outputs]
    assert sum(news) == 60                  # what each reports as new adds up


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(base: str, body: dict) -> int:
    request = urllib.request.Request(base + "/api/articles", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **AUTH})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def test_eight_writers_over_gunicorn_with_four_workers(tmp_path: Path) -> None:
    """1,000 articles, 200 of them posted a second time by another client at the same
    moment: each stored exactly once, every answer 201 (new) or 200 (already there)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "--timeout",
         "300", "wsgi:app"], cwd=ROOT,
        env=env_for(tmp_path / "instance", GEOMAP_API_TOKEN=API_TOKEN),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/articles.json", timeout=5).close()
                break
            except OSError:                 # not listening, or still starting
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.5)
        bodies = [{"text": article_text(i), "lang": "fr", "published": "2020-08-15",
                   "title": f"Article {i}"} for i in range(1000)]
        # writer w posts its own 125 articles; after each of its first 25 it posts the one
        # the next writer is posting at that moment
        own = [bodies[w * 125:(w + 1) * 125] for w in range(8)]
        plans = [[body for k in range(25) for body in (own[w][k], own[(w + 1) % 8][k])]
                 + own[w][25:] for w in range(8)]
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda plan: [_post(base, b) for b in plan], plans))
        counts = Counter(status for writer in statuses for status in writer)
        assert counts[201] == 1000 and counts[200] == 200 and sum(counts.values()) == 1200
        with urllib.request.urlopen(base + "/articles.json", timeout=60) as response:
            articles = json.load(response)["articles"]
        assert len(articles) == 1000
        assert sorted(a["title"] for a in articles) == sorted(b["title"] for b in bodies)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=60)
    assert "Traceback" not in err


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _events_per_article(database: Path) -> dict[str, int]:
    """How many events each article reports (its reports: an event several articles report
    counts for each of them)."""
    with sqlite3.connect(database) as conn:
        return dict(conn.execute("SELECT a.id, count(r.id) FROM articles a LEFT JOIN"
                                 " event_reports r ON r.article_id = a.id GROUP BY a.id"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_ingest_keeps_its_batches_and_leaves_no_process(tmp_path: Path) -> None:
    words = SEED.read_text(encoding="utf-8").split("---\n", 2)[2].split(" ")
    lines = [json.dumps({"id": f"art-{i:03}", "lang": "fr", "published": "2020-08-15",
                         "text": " ".join(words[i % 40:i % 40 + 400]) + f" Dépêche {i}."})
             for i in range(90)]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines))
    command = [sys.executable, "-m", "geomap", "ingest", str(batch), "--batch", "5"]
    database = tmp_path / "instance" / "geomap.sqlite"
    env = env_for(tmp_path / "instance", GEOMAP_WORKERS="2")

    for kill_after in (5, 40):                      # articles stored before the kill
        run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while len(stored(database)) < kill_after:
            assert run.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        workers = _children(run.pid)
        assert workers, "the ingest has no worker processes to leave behind"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "worker processes outlived the ingest"
        assert len(stored(database)) % 5 == 0              # whole batches only
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert sorted(stored(database)) == [f"art-{i:03}" for i in range(90)]

    clean = tmp_path / "clean"
    once = subprocess.run(command, cwd=ROOT, env=env_for(clean, GEOMAP_WORKERS="2"),
                          capture_output=True, text=True, timeout=600)
    assert once.returncode == 0, once.stderr
    assert _events_per_article(database) == _events_per_article(clean / "geomap.sqlite")
