"""Merge precision and recall of events across articles, on benchmarks/dedup_corpus.jsonl.

    .venv/bin/python benchmarks/dedup.py [-v]

The corpus holds 32 cases of two or three short news reports (French and English, written
for this benchmark), each with the events they tell: groups of the articles that report the
same event. Every article of the corpus is extracted and stored in one fresh store, as
`geomap ingest` stores them, so that an event may wrongly merge across cases too.

A pair of articles is merged when one stored event has both as sources. Over every pair of
articles in the corpus:
- precision: the merged pairs that report the same event;
- recall: the pairs that report the same event that are merged.
"Recall where extracted" leaves out the pairs where extraction found no event in one of the
two articles, so that it measures the matching alone.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.articles import article_from_record  # noqa: E402
from geomap.dedup import THRESHOLDS  # noqa: E402
from geomap.ingest import ingest  # noqa: E402
from geomap.pipeline import Pipeline  # noqa: E402
from geomap.query import STATUSES, EventFilter  # noqa: E402
from geomap.settings import Settings  # noqa: E402
from geomap.store import open_store  # noqa: E402

CORPUS = Path(__file__).with_name("dedup_corpus.jsonl")


def run(verbose: bool = False) -> dict:
    cases = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    articles = [article_from_record(a) for case in cases for a in case["articles"]]
    gold = {frozenset(pair) for case in cases for group in case["events"]
            for pair in itertools.combinations(group, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.for_instance(Path(tmp))
        store = open_store(settings.database)
        ingest(store, articles, Pipeline.from_settings(settings), workers=1)
        events = store.events(EventFilter(status=STATUSES))
    sources = [set(ids.split(";")) for ids in events["source_ids"]]
    merged = {frozenset(pair) for ids in sources for pair in itertools.combinations(sorted(ids), 2)}
    extracted = set().union(*sources) if sources else set()
    true = merged & gold
    reachable = {pair for pair in gold if pair <= extracted}
    figures = {
        "cases": len(cases), "articles": len(articles), "events": len(events),
        "articles without an event": len(articles) - len(extracted & {a.id for a in articles}),
        "gold pairs": len(gold), "merged pairs": len(merged), "right merges": len(true),
        "precision": round(len(true) / len(merged), 3) if merged else 1.0,
        "recall": round(len(true) / len(gold), 3) if gold else 1.0,
        "recall where extracted": round(len(true & reachable) / len(reachable), 3)
        if reachable else 1.0,
    }
    if verbose:
        for article in articles:
            if article.id not in extracted:
                print("no event:", article.id, article.text, file=sys.stderr)
        for pair in sorted(merged - gold, key=sorted):
            print("wrong merge:", *sorted(pair), file=sys.stderr)
        for pair in sorted(gold - merged, key=sorted):
            why = "" if pair <= extracted else " (an article has no event)"
            print("missed merge:", *sorted(pair), why, file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args()
    figures = run(args.verbose)
    print("| figure | value |\n|---|---|")
    for name, value in figures.items():
        print(f"| {name} | {value} |")
    print(f"\nThresholds: {THRESHOLDS}")


if __name__ == "__main__":
    main()
