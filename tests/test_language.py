"""Parsing: the entity model, in this process or in worker processes."""

from __future__ import annotations

from geomap.ingest import extract_all
from geomap.language import (BATCH, entity_sentences, find_entities, ner_for, sentence_tokens,
                             tokenise)
from geomap.model import Article
from geomap.pipeline import Pipeline

from conftest import en, fr


def test_the_entity_model_runs_its_recogniser_only() -> None:
    assert ner_for("fr").pipe_names == ["ner"]
    assert ner_for("en") is None


def test_the_entity_model_reads_the_pipeline_tokens() -> None:
    doc = tokenise("Rien. Des milliers de manifestants ont défilé à Minsk samedi.", "fr")
    assert doc.vocab is ner_for("fr").vocab                 # the model's own tokeniser
    sentences = entity_sentences(doc)
    assert [s.text for s in sentences] == [
        "Des milliers de manifestants ont défilé à Minsk samedi."]
    [found] = find_entities([sentence_tokens(s) for s in sentences])
    assert (7, 8, "LOC") in found                       # "Minsk", by token


def test_worker_processes_give_the_same_extractions_in_order(
        pipeline: Pipeline, seed_article: Article) -> None:
    words = seed_article.text.split(" ")
    articles = [fr(" ".join(words[i * 30:i * 30 + 200])) for i in range(BATCH + 4)]
    articles[3:3] = [en("Thousands marched in Gomel on Friday."), fr("rien à signaler ici.")]
    alone = [e.as_dict() for e in extract_all(pipeline, articles, workers=1)]
    workers = [e.as_dict() for e in extract_all(pipeline, articles, workers=2)]
    assert [e["id"] for e in workers] == [a.id for a in articles]
    assert workers == alone
    assert any(m["text"] == "Minsk" for e in workers for m in e["mentions"])
