"""A news archive of any size for bulk runs: the project's corpora, cycled.

    write_archive(path, 2000)      # JSON Lines of 2,000 articles

The texts come from benchmarks/events_dev.jsonl, ../shared/eval/bench/news_dev.jsonl and
wikinews_fr.jsonl (read where they are, never copied) and the sample article: 40 texts
in French and English, of 120 to 1,000 words. Copy number i of a text
has its own id and URL, so each is an article of its own (an article's identity is its
text and URL).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "benchmarks" / "events_dev.jsonl",
           ROOT.parent / "shared" / "eval" / "bench" / "news_dev.jsonl",
           ROOT.parent / "shared" / "eval" / "bench" / "wikinews_fr.jsonl")
SAMPLE = ROOT / "seeds" / "000_702cee4d8df71f10.txt"
FIELDS = ("id", "lang", "published", "title", "text")


def texts() -> list[dict]:
    """The distinct articles of the corpora, as records of FIELDS."""
    from geomap.articles import read_article_file

    records = [{k: row[k] for k in FIELDS if row.get(k)}
               for path in SOURCES for row in map(json.loads, path.read_text().splitlines())]
    sample = read_article_file(SAMPLE)
    records.append({"id": "sample", "lang": sample.lang, "published": sample.published.isoformat(),
                    "title": sample.title, "text": sample.text})
    return records


def archive(count: int) -> list[dict]:
    """count articles cycling through texts(), each with its own id and URL."""
    base = texts()
    return [{**base[i % len(base)], "id": f"{base[i % len(base)]['id']}-{i:05}",
             "url": f"https://archive.example/{i:05}"} for i in range(count)]


def write_archive(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in archive(count)))
    return path
