"""Extraction figures: accuracy on the eval corpora, bulk speed, NER share, memory, cold start.

    .venv/bin/python benchmarks/extraction.py [--articles 400] [--skip-accuracy]

Accuracy comes from ../shared/eval/score.py (GeoWebNews, LGL, TR-News and the
French sample). Speed is measured on news-length French articles (about 600
words) cut from the sample article, in bulk mode as `geomap extract --jsonl`
runs it. Timings on a shared machine are noisy: compare the ratios printed in
one run rather than figures from different runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
GEOMAP = [sys.executable, "-m", "geomap", "extract"]


def accuracy() -> dict[str, dict]:
    """score.py figures for each corpus, in bulk mode."""
    corpora = {"sample (fr)": None, "gwn": "gwn.jsonl", "lgl": "lgl.jsonl", "trnews": "trnews.jsonl"}
    out = {}
    for name, corpus in corpora.items():
        cmd = [sys.executable, str(EVAL / "score.py"), "--cmd", " ".join(GEOMAP), "--json"]
        if corpus:
            cmd += ["--corpus", str(EVAL / "bench" / corpus)]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        out[name] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def french_articles(count: int) -> list:
    """News-length French articles: 600-word windows of the sample, each one different."""
    from geomap.articles import read_article_file

    sample = read_article_file(ROOT / "seeds" / "000_702cee4d8df71f10.txt")
    words = sample.text.split(" ")
    from geomap.model import Article

    span = 600
    return [Article(text=" ".join(words[i % (len(words) - span):][:span]), lang="fr",
                    published=date(2020, 8, 15), id=f"bench-{i}") for i in range(count)]


def bulk_speed(count: int) -> dict[str, float]:
    """Articles and words per second through the whole pipeline, and the NER's share.

    The entity model's share is its tokeniser (run once, in the pipeline's first
    step) and its recogniser, over the time of the whole pipeline in one process.

    The one-process figures come first, before the worker processes start
    threads in this one (a process that ever had a second thread runs slower).
    """
    from geomap.ingest import extract_all
    from geomap.language import (entity_sentences, find_entities, sentence_tokens, tokenise,
                                 tokenizer_for)
    from geomap.pipeline import Pipeline
    from geomap.settings import Settings
    from geomap.textnorm import straighten

    articles = french_articles(count)
    words = sum(len(a.text.split()) for a in articles)
    with tempfile.TemporaryDirectory() as tmp:
        pipeline = Pipeline.from_settings(Settings.for_instance(Path(tmp)))
    pipeline.extract(articles[0])                       # load the models first

    start = time.perf_counter()                         # the share is measured in one process
    list(extract_all(pipeline, articles[:100], workers=1))
    one_process = time.perf_counter() - start
    texts = [straighten(a.text) for a in articles[:100]]
    start = time.perf_counter()
    [tokenizer_for("fr")(text) for text in texts]
    tokeniser = time.perf_counter() - start
    docs = [tokenise(text, "fr") for text in texts]
    sentences = [sentence_tokens(s) for doc in docs for s in entity_sentences(doc)]
    start = time.perf_counter()
    find_entities(sentences)
    recogniser = time.perf_counter() - start

    start = time.perf_counter()
    extractions = list(extract_all(pipeline, articles))
    bulk = time.perf_counter() - start
    return {
        "articles": count,
        "articles_per_s": round(count / bulk, 1),
        "words_per_s": round(words / bulk),
        "events": sum(len(e.events) for e in extractions),
        "one_process_articles_per_s": round(100 / one_process, 1),
        "ner_share": round((tokeniser + recogniser) / one_process, 3),
        "recogniser_share": round(recogniser / one_process, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def cold_start() -> float:
    """Seconds for one `geomap extract FILE` in a fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write((ROOT / "seeds" / "000_702cee4d8df71f10.txt").read_text(encoding="utf-8"))
    try:
        start = time.perf_counter()
        subprocess.run(GEOMAP + [f.name, "--format", "json"], check=True, capture_output=True)
        return round(time.perf_counter() - start, 2)
    finally:
        os.unlink(f.name)


def gazetteer_load() -> dict[str, float]:
    """Cold load of the gazetteer and the time of one lookup."""
    code = ("import time; t=time.perf_counter(); from geomap.gazetteer import Gazetteer; "
            "from geomap.settings import Settings; "
            "g=Gazetteer(Settings.from_env().gazetteer); g.lookup(['minsk']); print(time.perf_counter()-t); "
            "t=time.perf_counter(); [g.lookup(['gomel']) for _ in range(1000)]; "
            "print((time.perf_counter()-t)/1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    load, lookup = map(float, out.stdout.split())
    return {"cold_load_s": round(load, 3), "lookup_us": round(lookup * 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    if not args.skip_accuracy:
        report["accuracy"] = accuracy()
    report["gazetteer"] = gazetteer_load()
    report["cold_start_s"] = cold_start()
    report["bulk"] = bulk_speed(args.articles)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
