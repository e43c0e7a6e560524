"""Language detection, the spaCy pipelines, and sentence splitting."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

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
    """The spaCy pipeline for a language, loaded once per process.

    French uses the fr_core_news_md model, trimmed to what geomap reads:
    tokens, sentences and named entities. English has no trained model
    here: a tokenizer and a rule-based sentence splitter.
    """
    import spacy

    if lang == "fr":
        nlp = spacy.load(FRENCH_MODEL, exclude=["lemmatizer", "morphologizer", "attribute_ruler",
                                                "parser"])
        nlp.enable_pipe("senter")
        return nlp
    if lang in LANGUAGES:
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        return nlp
    raise ValueError(f"unsupported language {lang!r}")


def workers(count: int) -> int:
    """Processes for the French model: $GEOMAP_WORKERS, else one per core for big batches."""
    if "GEOMAP_WORKERS" in os.environ:
        return max(1, int(os.environ["GEOMAP_WORKERS"]))
    return min(os.cpu_count() or 1, 4) if count >= BIG_BATCH else 1


def parse(articles: list[Article]) -> Iterator[tuple[Article, Doc]]:
    """Run the language pipelines over articles, keeping their order.

    Each language's texts go through its pipeline as one stream, in several
    processes for big batches of French articles.
    """
    streams: dict[str, Iterator[Doc]] = {}
    for lang in dict.fromkeys(a.lang for a in articles):
        texts = [straighten(a.text) for a in articles if a.lang == lang]
        n_process = workers(len(texts)) if lang == "fr" else 1
        streams[lang] = iter(nlp_for(lang).pipe(texts, batch_size=32, n_process=n_process))
    for article in articles:
        yield article, next(streams[article.lang])


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
