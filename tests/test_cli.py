"""The geomap command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.store import open_store

from conftest import CLI_ENV, ROOT, SEED, SHARED

GEOMAP = [sys.executable, "-m", "geomap"]


def run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*GEOMAP, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **CLI_ENV, **(env or {})}, timeout=300, **kwargs)


def test_extract_single_file_contract() -> None:
    out = run("extract", str(SEED), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    minsk = next(m for m in data["mentions"] if m["text"] == "Minsk")
    assert set(minsk) >= {"start", "end", "text", "name", "lat", "lon", "country_code", "feature",
                          "confidence", "source"}
    assert {"event_type", "sub_event_type", "date", "time_precision", "location", "lat", "lon",
            "geo_precision", "country_code", "sentence", "start", "end"} <= set(data["events"][0])


def test_extract_jsonl_keeps_order(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [{"id": "b", "text": "Des milliers ont manifesté vendredi à Minsk.", "lang": "fr",
             "published": "2020-08-15"},
            {"id": "a", "text": "Thousands marched in Gomel on Friday.", "published": "2020-08-15"}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    out = run("extract", "--jsonl", str(path))
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["b", "a"]
    assert lines[1]["events"][0]["date"] == "2020-08-14"


def test_extract_jsonl_lines_hold_no_line_breaks(tmp_path: Path) -> None:
    """Characters some readers take for line breaks (U+0085, U+2028) stay escaped."""
    path = tmp_path / "in.jsonl"
    text = "Thousands marched\u0085 in Gomel\u2028 on Friday."
    path.write_text(json.dumps({"id": "x", "text": text, "published": "2020-08-15"}))
    out = run("extract", "--jsonl", str(path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["events"][0]["sentence"] == text


def test_score_on_the_sample_article() -> None:
    """The acceptance figures: F1 >= 0.90, acc161 >= 0.95, event_recall >= 0.70."""
    score = SHARED / "eval" / "score.py"
    cmd = f"{sys.executable} -m geomap extract"
    out = subprocess.run([sys.executable, str(score), "--cmd", cmd, "--json"], capture_output=True,
                         text=True, cwd=ROOT, timeout=300, env={**os.environ, **CLI_ENV})
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["failed"] == 0
    assert figures["F1"] >= 0.90 and figures["acc161"] >= 0.95
    assert figures["event_recall"] >= 0.70


@pytest.mark.parametrize("content, flags, reason", [
    (b"", [], "empty"),
    (b"\x00\x01\x02\xff binary", [], "not UTF-8"),
    ("Des manifestants à Minsk.".encode(), ["--lang", "de"], "unsupported language"),
    ("Des manifestants à Minsk.".encode(), ["--published", "15 août"], "not a date"),
])
def test_bad_input_exits_2_and_stores_nothing(tmp_path: Path, content: bytes, flags: list[str],
                                              reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    env = {"GEOMAP_INSTANCE": str(tmp_path / "instance")}
    for command in ("extract", "ingest"):
        out = run(command, str(path), *flags, env=env)
        assert out.returncode == 2, (command, out.stderr)
        assert reason in out.stderr and out.stdout == ""
    database = tmp_path / "instance" / "geomap.sqlite"
    assert not database.exists() or open_store(f"sqlite:///{database}").articles() == []


def test_ingest_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Des milliers ont manifesté vendredi à Minsk.")
    (tmp_path / "in" / "b.txt").write_text("")
    env = {"GEOMAP_INSTANCE": str(tmp_path / "instance")}
    out = run("ingest", str(tmp_path / "in"), "--published", "2020-08-15", env=env)
    assert out.returncode == 2 and "empty" in out.stderr
    exported = run("export", env=env)
    assert json.loads(exported.stdout)["features"] == []


def test_ingest_then_export(tmp_path: Path) -> None:
    env = {"GEOMAP_INSTANCE": str(tmp_path / "instance")}
    assert run("ingest", str(ROOT / "seeds"), env=env).returncode == 0
    again = run("ingest", str(ROOT / "seeds"), env=env)
    assert "0 new article(s), 1 already stored" in again.stderr
    out = run("export", "--country", "BY", "-o", str(tmp_path / "by.geojson"), env=env)
    assert out.returncode == 0, out.stderr
    features = json.loads((tmp_path / "by.geojson").read_text())["features"]
    assert features and {f["properties"]["country_code"] for f in features} == {"BY"}
    bad = run("export", "--since", "soon", env=env)
    assert bad.returncode == 2 and "since" in bad.stderr


def test_extract_jsonl_reports_a_bad_date_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "Thousands marched in Gomel on Friday.", "published": "9:55 AM ET"},
            {"id": "b", "text": "Thousands marched in Minsk on Friday.", "published": "2020-08-15"}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    out = run("extract", "--jsonl", str(path))
    assert out.returncode == 0
    assert "line 1: published date '9:55 AM ET' is not a date" in out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["published"] is None and first["mentions"]
    assert second["events"][0]["date"] == "2020-08-14"


def test_export_takes_every_filter_of_the_map(tmp_path: Path) -> None:
    env = {"GEOMAP_INSTANCE": str(tmp_path / "instance")}
    assert run("ingest", str(ROOT / "seeds"), env=env).returncode == 0
    out = run("export", "--sub-type", "Peaceful protest", "--q", "Minsk", "--bbox", "20,50,35,60",
              env=env)
    assert out.returncode == 0, out.stderr
    features = json.loads(out.stdout)["features"]
    assert features and {f["properties"]["sub_event_type"] for f in features} == {"Peaceful protest"}
    bad = run("export", "--bbox", "1,2,3", env=env)
    assert bad.returncode == 2 and "bbox" in bad.stderr
    west = run("export", "--bbox", "-5,42,8,51", env=env)           # west of Greenwich
    assert west.returncode == 0, west.stderr
    assert json.loads(west.stdout)["features"] == []


def test_retry_says_what_it_did(tmp_path: Path) -> None:
    env = {"GEOMAP_INSTANCE": str(tmp_path / "instance")}
    assert run("ingest", str(ROOT / "seeds"), env=env).returncode == 0
    nothing = run("retry", env=env)
    assert nothing.returncode == 0 and "no article waits for the geocoder" in nothing.stderr
    store = open_store(f"sqlite:///{tmp_path / 'instance' / 'geomap.sqlite'}")
    with store._connect() as conn:
        conn.execute("UPDATE articles SET pending = 1")
    off = run("retry", env=env)                       # CLI_ENV turns the geocoder off
    assert off.returncode == 2 and "1 article(s) wait for the geocoder, but it is off" in off.stderr
    assert len(store.pending_articles()) == 1


def test_editors_deleting_and_replacing_from_the_command_line(tmp_path: Path) -> None:
    env = {"GEOMAP_INSTANCE": str(tmp_path / "instance")}
    added = run("user", "add", "ana", env=env, input="correct horse battery\n")
    assert added.returncode == 0, added.stderr
    again = run("user", "add", "ana", env=env, input="correct horse battery\n")
    assert again.returncode == 2 and "already" in again.stderr
    short = run("user", "add", "bob", env=env, input="short\n")
    assert short.returncode == 2 and "password" in short.stderr
    assert run("user", "add", "eve", env=env, stdin=subprocess.DEVNULL).returncode == 2
    store = open_store(f"sqlite:///{tmp_path / 'instance' / 'geomap.sqlite'}")
    assert store.user("ana")["password_hash"].startswith("$argon2")
    first = tmp_path / "rally.txt"
    first.write_text("---\nid: rally\npublished: 2020-08-17\nlang: fr\n---\n"
                     "Des milliers de personnes ont manifesté dimanche à Minsk.\n")
    assert run("ingest", str(first), env=env).returncode == 0
    minsk = int(store.events()["id"].iloc[0])
    store.set_status(minsk, "verified", "ana")
    first.write_text(first.read_text() + "Lundi, une grève a éclaté à Gomel.\n")
    replaced = run("ingest", "--replace", str(first), env=env)
    assert replaced.returncode == 0 and "1 replaced" in replaced.stderr, replaced.stderr
    events = store.events().set_index("id")
    assert events.loc[minsk, "status"] == "verified" and len(events) == 2
    exported = json.loads(run("export", "--status", "verified", env=env).stdout)["features"]
    assert [f["properties"]["event_id"] for f in exported] == [minsk]
    assert exported[0]["properties"]["source_ids"] == "rally"
    bad = run("export", "--status", "maybe", env=env)
    assert bad.returncode == 2 and "status" in bad.stderr
    missing = run("delete", "rally", "nope", env=env)
    assert missing.returncode == 2 and "nope" in missing.stderr and store.article("rally")
    assert run("delete", "rally", env=env).returncode == 0
    assert store.articles() == [] and store.events().empty
    assert store.audit_log()[0]["action"] == "delete"


def test_a_defect_gives_a_message_not_a_traceback(tmp_path: Path, capsys, monkeypatch) -> None:
    """A defect of geomap's own met on some text (here a failure put in the extraction's
    place) ends the command with a message and status 1, never a Python traceback."""
    from geomap import cli, ingest

    def failing_extraction(*args, **kwargs):
        raise KeyError((51, 54))

    monkeypatch.setattr(ingest, "extract_all", failing_extraction)
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Crue de la Rouyonne à Léogâne.",
                                "published": "2020-06-05"}))
    status = cli.main(["extract", "--jsonl", str(path)], env=CLI_ENV)
    err = capsys.readouterr().err
    assert status == cli.EXIT_INTERNAL_ERROR == 1
    assert "internal error (KeyError: (51, 54))" in err and "Traceback" not in err
