"""Event figures: what ../shared/eval/score.py says of the events on each corpus, in bulk mode.

    .venv/bin/python benchmarks/events.py [--markdown]

Corpora: the sample article, news_dev and Wikinews (../shared/eval), the project's
development sets benchmarks/events_dev.jsonl (written around the failures an event coder
makes) and benchmarks/events_dev2.jsonl (ordinary news and ACLED-style notes), and
benchmarks/events_heldout.jsonl, which only verifies: no rule was written from it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
GEOMAP = f"{sys.executable} -m geomap extract"
CORPORA = {
    "sample article (fr)": EVAL / "seed_gold.jsonl",
    "news_dev (fr, en)": EVAL / "bench" / "news_dev.jsonl",
    "Wikinews (fr)": EVAL / "bench" / "wikinews_fr.jsonl",
    "events_dev (fr, en)": ROOT / "benchmarks" / "events_dev.jsonl",
    "events_dev2 (fr, en)": ROOT / "benchmarks" / "events_dev2.jsonl",
    "events_heldout (fr, en), verification only": ROOT / "benchmarks" / "events_heldout.jsonl",
}
COLUMNS = ("event_recall", "event_precision", "event_F1", "event_dupes", "events_country",
           "events_planned", "events_pred", "F1", "acc161")


def figures(corpus: Path) -> dict:
    """score.py's figures for one corpus."""
    gold = sum(len(json.loads(line)["events"]) for line in corpus.open(encoding="utf-8") if line.strip())
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), "--cmd", GEOMAP, "--json",
                          "--corpus", str(corpus)], capture_output=True, text=True, cwd=ROOT, check=True)
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "events_gold": gold}


def markdown(rows: dict[str, dict]) -> str:
    head = "| corpus | docs | recall | precision | F1 | dupes | country-level | planned | out / gold | mention F1 | acc161 |"
    lines = [head, "|" + "---|" * 11]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['docs']} | {r['event_recall']:.3f} | {r['event_precision']:.3f} | "
                     f"{r['event_F1']:.3f} | {r['event_dupes']} | {r['events_country']} | "
                     f"{r['events_planned']} | {r['events_pred']} / {r['events_gold']} | "
                     f"{r['F1']:.3f} | {r['acc161']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--markdown", action="store_true", help="print a table for docs/events.md")
    args = parser.parse_args()
    rows = {name: figures(path) for name, path in CORPORA.items()}
    if args.markdown:
        print(markdown(rows))
    else:
        print(json.dumps({name: {k: r[k] for k in COLUMNS + ("events_gold",)} for name, r in rows.items()},
                         indent=2))


if __name__ == "__main__":
    main()
