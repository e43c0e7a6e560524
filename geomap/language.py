"""Language detection, the spaCy pipelines, and sentence splitting."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from geomap.model import LANGUAGES, Article, Sentence
from geomap.textnorm import straighten

FRENCH_MODEL = "fr_core_news_md"
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")
_STOPWORDS = {
    "fr": set("le la les des du de un une et est sont dans pour que qui sur au aux avec ne pas "
              "par ont été il elle ils nous vous selon à où".split()),
    "en": set("the of and to in is are was were for that with on by from has have had it "
              "this which be at said not".split()),
}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BIG_BATCH = 64              # from this many French articles on, parse in several processes
CHUNK = 2000                # articles held in memory at once


def detect_language(text: str) -> str | None:
    """Tell French from English by their commonest words; None when neither fits."""
    words = _WORD.findall(straighten(text[:5000]).lower())
    counts = sorted(((sum(w in stop for w in words), lang) for lang, stop in _STOPWORDS.items()),
                    reverse=True)
    (best, lang), (second, _) = counts[0], counts[1]
    if best == second or best < 0.08 * len(words) or (best < 2 and len(words) >= 8):
        return None
    return lang


@cache
def nlp_for(lang: str) -> Language:
    """Tokens and rule-based sentences for a language (no model), loaded once per process."""
    import spacy

    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


@cache
def ner_for(lang: str) -> Language | None:
    """The named-entity model for a language, if there is one (French: fr_core_news_md).

    Only its token vectors and entity recogniser run; sentences come from nlp_for.
    """
    import spacy

    if lang != "fr":
        return None
    return spacy.load(FRENCH_MODEL, exclude=["lemmatizer", "morphologizer", "attribute_ruler",
                                             "parser", "senter"])


def workers(count: int) -> int:
    """Processes for the entity model: $GEOMAP_WORKERS, else one per core for big batches."""
    if "GEOMAP_WORKERS" in os.environ:
        return max(1, int(os.environ["GEOMAP_WORKERS"]))
    return min(os.cpu_count() or 1, 4) if count >= BIG_BATCH else 1


def parse(articles: list[Article]) -> Iterator[tuple[Article, Doc]]:
    """Tokens, sentences and entities for each article, in order.

    The entity model only reads the sentences that have a capitalised word
    after their first: the others cannot hold a name it would find.
    """
    for start in range(0, len(articles), CHUNK):
        chunk = articles[start:start + CHUNK]
        docs = [nlp_for(a.lang)(straighten(a.text)) for a in chunk]
        for lang in dict.fromkeys(a.lang for a in chunk):
            model = ner_for(lang)
            if model is not None:
                _add_entities([d for d, a in zip(docs, chunk) if a.lang == lang], model)
        yield from zip(chunk, docs)


def entity_sentences(doc: Doc) -> list[Span]:
    """The sentences that may hold a name: a capitalised word after the first."""
    return [sent for sent in doc.sents if any(t.text[:1].isupper() for t in sent[1:])]


def _add_entities(docs: list[Doc], model: Language) -> None:
    pieces = [(doc, sent.start_char, sent.text) for doc in docs for sent in entity_sentences(doc)]
    found: dict[int, list] = {}
    outputs = model.pipe((text for _, _, text in pieces), batch_size=64,
                         n_process=workers(len(docs)))
    for (doc, offset, _), piece in zip(pieces, outputs):
        for ent in piece.ents:
            span = doc.char_span(offset + ent.start_char, offset + ent.end_char, label=ent.label_,
                                 alignment_mode="expand")
            if span is not None:
                found.setdefault(id(doc), []).append(span)
    for doc in docs:
        doc.set_ents(filter_spans(found.get(id(doc), [])))


def sentences(doc: Doc, original: str) -> list[Sentence]:
    """The sentences of a parsed text, split at paragraph breaks too.

    Their text is taken from the original (the parsed text has straight apostrophes).
    """
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(original)]
    out: list[Sentence] = []
    for sent in doc.sents:
        start = sent.start_char
        for cut in [b for b in breaks if sent.start_char < b < sent.end_char] + [sent.end_char]:
            _add_sentence(out, original, start, cut, breaks)
            start = cut
    return out


def _add_sentence(out: list[Sentence], text: str, start: int, end: int, breaks: list[int]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    start += len(chunk) - len(chunk.lstrip())
    end = start + len(stripped)
    paragraph = sum(1 for b in breaks if b <= start)
    out.append(Sentence(index=len(out), start=start, end=end, text=stripped, paragraph=paragraph))
