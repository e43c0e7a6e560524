"""Language detection, the spaCy pipelines, and sentence splitting."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from concurrent.futures import Future
from functools import cache

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
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
# A line that ends a sentence and a next one that starts another: one note per line, as in
# ACLED's notes ("... [size=around 300]\nOn 10 January 2023, ...").
_LINE_BREAK = re.compile(r"(?<=[.!?»\"”\])])[ \t]*\n(?=[ \t]*[«\"“]?[^\W\d_a-zà-ÿ])")
SENTENCE_ENDS = set(Sentencizer.default_punct_chars)
BATCH = 16                  # articles tokenised and sent to the entity model together
NER_BATCH = 128             # sentences the entity model reads at once
Tokens = tuple[str, list[str], list[bool]]          # language, words, a space after each
# Runs analyse(entity sentences, syntax sentences) and gives a future: here and now by
# default; a bulk runner hands it to worker processes.
AnalyseIn = Callable[[list[Tokens], list[Tokens]], Future]
# The token ranges of a doc that the event stage wants parsed (the sentences with a trigger).
WantsSyntax = Callable[[Article, Doc], list[tuple[int, int]]]


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
    """The tokeniser of a language (no model), loaded once per process."""
    import spacy

    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    return spacy.blank(lang)


def tokenizer_for(lang: str) -> Tokenizer:
    """The entity model's own tokeniser, when the language has a model."""
    return (ner_for(lang) or nlp_for(lang)).tokenizer


def tokenise(text: str, lang: str) -> Doc:
    """The text's tokens, split into sentences (see token_facts)."""
    doc = tokenizer_for(lang)(text)
    token_facts(doc)
    return doc


@cache
def ner_for(lang: str) -> Language | None:
    """The named-entity model for a language, if there is one (French: fr_core_news_md).

    Only its entity recogniser runs: it has its own token vectors, so the shared
    tok2vec (read by the tagger and parser only) is left out. Its tokeniser runs once
    per text (tokenise), and its recogniser reads the sentences that may hold a name.
    Its matrix products go to numpy's BLAS rather than blis, which falls back to slow
    generic code on processors it does not know (AMD Zen 5: three times slower).
    """
    import spacy
    from thinc.api import use_ops

    if lang != "fr":
        return None
    with use_ops("numpy", use_blis=False):
        return spacy.load(FRENCH_MODEL, exclude=["tok2vec", "lemmatizer", "morphologizer",
                                                 "attribute_ruler", "parser", "senter"])


@cache
def parser_for(lang: str) -> Language | None:
    """The dependency parser of a language, if it has one (French: fr_core_news_md's own
    token vectors, morphologizer and parser). The event stage parses only the sentences
    that hold a trigger word."""
    import spacy
    from thinc.api import use_ops

    if lang != "fr":
        return None
    with use_ops("numpy", use_blis=False):
        return spacy.load(FRENCH_MODEL, exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])


@dataclass(frozen=True)
class Parse:
    """A parsed sentence: for each token its head (index), relation, part of speech and
    morphology ("Mood=Cnd|..."), as fr_core_news_md's parser gives them."""

    heads: list[int]
    deps: list[str]
    pos: list[str]
    morph: list[str]


def find_syntax(sentences: list[Tokens]) -> list[Parse | None]:
    """The parse of each tokenised sentence, None where its language has no parser."""
    found: list[Parse | None] = [None] * len(sentences)
    for lang in dict.fromkeys(lang for lang, _, _ in sentences):
        model = parser_for(lang)
        if model is None:
            continue
        numbers = [i for i, (other, _, _) in enumerate(sentences) if other == lang]
        docs = model.pipe((_one_sentence(Doc(model.vocab, words=sentences[i][1], spaces=sentences[i][2]))
                           for i in numbers), batch_size=NER_BATCH)
        for i, doc in zip(numbers, docs):
            found[i] = Parse(heads=[t.head.i for t in doc], deps=[t.dep_ for t in doc],
                             pos=[t.pos_ for t in doc], morph=[str(t.morph) for t in doc])
    return found


def analyse(entity_sentences: list[Tokens], syntax_sentences: list[Tokens]
            ) -> tuple[list[list[tuple[int, int, str]]], list[Parse | None]]:
    """What the models find in a batch: the entities of some sentences, the parse of others.
    This is the work a bulk runner's worker processes do."""
    return find_entities(entity_sentences), find_syntax(syntax_sentences)


def syntax_of(doc: Doc, first: int, end: int) -> Parse | None:
    """The parse of tokens first to end of a doc, if parse() made one."""
    return doc.user_data.get("geomap.syntax", {}).get((first, end))


def _one_sentence(doc: Doc) -> Doc:
    """The doc marked as one sentence, so that the parser gives it a single root."""
    for token in doc:
        token.is_sent_start = token.i == 0
    return doc


def parse(articles: list[Article], analyse_in: AnalyseIn | None = None, ahead: int = 0,
          wants_syntax: WantsSyntax | None = None) -> Iterator[tuple[Article, Doc]]:
    """Tokens, sentences, entities (and the parse of the sentences wants_syntax names) for
    each article, in order.

    Each text is tokenised once, here, by the entity model's own tokeniser; its
    recogniser then reads those tokens. It only reads the sentences
    that have a capitalised word after their first: the others cannot hold a name
    it would find. analyse_in runs analyse() on a batch and gives a future: by
    default here and now; a bulk runner hands it to worker processes and keeps
    ahead batches in flight while this process tokenises the next ones.
    """
    analyse_in = analyse_in or _run_now
    pending: deque = deque()
    for start in range(0, len(articles), BATCH):
        batch = articles[start:start + BATCH]
        docs = [tokenise(straighten(a.text), a.lang) for a in batch]
        sentences = [sent for doc, article in zip(docs, batch)
                     if ner_for(article.lang) is not None for sent in entity_sentences(doc)]
        spans = [(doc, span) for doc, article in zip(docs, batch) if wants_syntax
                 for span in wants_syntax(article, doc)]
        pending.append((batch, docs, sentences, spans, analyse_in(
            [sentence_tokens(s) for s in sentences], [_span_tokens(doc, *span) for doc, span in spans])))
        if len(pending) > ahead:
            yield from _with_entities(*pending.popleft())
    while pending:
        yield from _with_entities(*pending.popleft())


def _span_tokens(doc: Doc, first: int, end: int) -> Tokens:
    facts = token_facts(doc)
    return doc.lang_, facts.text[first:end], facts.space_after[first:end]


def entity_sentences(doc: Doc) -> list[Span]:
    """The sentences that may hold a name: a capitalised word after the first."""
    cap = token_facts(doc).cap
    return [doc[a:b] for a, b in sentence_bounds(doc) if any(cap[a + 1:b])]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """The first and end token of each sentence, as token_facts split them (doc.sents builds
    a Token object for every word): [(0, 5), (5, 8)] for "Des heurts à Minsk. Trois blessés."."""
    starts = [i for i, start in enumerate(token_facts(doc).sent_start) if start]
    return list(zip(starts, starts[1:] + [len(doc)]))


def sentence_tokens(sentence: Span) -> tuple[str, list[str], list[bool]]:
    """A sentence as the entity model reads it: language, words, and a space after each."""
    facts = token_facts(sentence.doc)
    return (sentence.doc.lang_, facts.text[sentence.start:sentence.end],
            facts.space_after[sentence.start:sentence.end])


def find_entities(sentences: list[tuple[str, list[str], list[bool]]]
                  ) -> list[list[tuple[int, int, str]]]:
    """The entities in each tokenised sentence: first and end token, and label."""
    found: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    for lang in dict.fromkeys(lang for lang, _, _ in sentences):
        model = ner_for(lang)
        numbers = [i for i, (other, _, _) in enumerate(sentences) if other == lang]
        docs = model.pipe((Doc(model.vocab, words=sentences[i][1], spaces=sentences[i][2])
                           for i in numbers), batch_size=NER_BATCH)
        for i, doc in zip(numbers, docs):
            found[i] = [part for e in doc.ents for part in _between_breaks(e)]
    return found


DASHES = ("-", "–", "—")      # a hyphen inside a name, or with spaces a dash between two


def _between_breaks(entity: Span) -> list[tuple[int, int, str]]:
    """An entity's parts between line breaks and dashes: a headline's last name and the
    dateline under it are two names ("heurts à Bruxelles" / "BRUXELLES (AFP)"), and so are
    a dateline and the words after its dash ("CHERBOURG-EN-COTENTIN - Braseros")."""
    parts, start = [], entity.start
    for token in entity:
        if "\n" in token.text or token.text in DASHES and token.i > entity.start \
                and token.doc[token.i - 1].whitespace_:
            parts.append((start, token.i, entity.label_))
            start = token.i + 1
    parts.append((start, entity.end, entity.label_))
    return [part for part in parts if part[1] > part[0]]


def _run_now(entity_sentences: list[Tokens], syntax_sentences: list[Tokens]) -> Future:
    """analyse() run here, as a finished future."""
    future: Future = Future()
    future.set_result(analyse(entity_sentences, syntax_sentences))
    return future


def _with_entities(batch: list[Article], docs: list[Doc], sentences: list[Span],
                   spans: list[tuple[Doc, tuple[int, int]]], analysis: Future
                   ) -> Iterator[tuple[Article, Doc]]:
    """The articles with their docs, the entities found in their sentences set on them, and
    the parses of their wanted sentences kept with them (see syntax_of)."""
    entities, parses = analysis.result()
    for (doc, span), found_parse in zip(spans, parses):
        doc.user_data.setdefault("geomap.syntax", {})[span] = found_parse
    found: dict[int, list[Span]] = {}
    for sent, ents in zip(sentences, entities):
        found.setdefault(id(sent.doc), []).extend(
            Span(sent.doc, sent.start + start, sent.start + end, label=label)
            for start, end, label in ents)
    for doc in docs:
        doc.set_ents(filter_spans(found.get(id(doc), [])))
    return zip(batch, docs)


def sentences(doc: Doc, original: str) -> list[Sentence]:
    """The sentences of a parsed text, split at paragraph breaks and at line breaks after a
    sentence's end too, found once per doc.

    Their text is taken from the original (the parsed text has straight apostrophes).
    """
    if "geomap.sentences" not in doc.user_data:
        doc.user_data["geomap.sentences"] = _split(doc, original)
    return doc.user_data["geomap.sentences"]


def _split(doc: Doc, original: str) -> list[Sentence]:
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(original)]
    cuts = sorted(set(breaks) | {m.end() for m in _LINE_BREAK.finditer(original)})
    facts = token_facts(doc)
    out: list[Sentence] = []
    for first, end in sentence_bounds(doc):
        start, end_char = facts.idx[first], facts.idx[end - 1] + len(facts.text[end - 1])
        for cut in [b for b in cuts if start < b < end_char] + [end_char]:
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


@dataclass
class TokenFacts:
    """Facts about each token, read once per text: spaCy builds a new Token object on
    every access, which costs more than the matching itself."""

    text: list[str]
    lower: list[str]
    word: list[str]             # lower-cased; "" for punctuation and spaces
    cap: list[bool]             # starts with a capital letter and has a letter
    space: list[bool]           # a whitespace token
    space_after: list[bool]     # a space follows
    line_end: list[bool]        # a line break follows
    idx: list[int]              # character offset
    sent_start: list[bool]
    doc_text: str

    def span_text(self, a: int, b: int) -> str:
        """The text of tokens a to b (exclusive)."""
        return self.doc_text[self.idx[a]:self.idx[b - 1] + len(self.text[b - 1])]


def token_facts(doc: Doc) -> TokenFacts:
    """The facts about a doc's tokens, read once and kept with the doc.

    The first reading also splits the doc into sentences, by the rule of spaCy's
    sentencizer, which is slower: it builds a Token object for every word.
    """
    view = doc.user_data.get("geomap.tokens")
    if view is None:
        strings = doc.vocab.strings
        orths, lowers, punct, space, spacy, idx = doc.to_array(
            [ORTH, LOWER, IS_PUNCT, IS_SPACE, SPACY, IDX]).T.tolist()
        text = [strings[orth] for orth in orths]
        lower = [strings[low] for low in lowers]
        sent_start = _sentence_starts(text, punct)
        if text:
            doc.from_array([SENT_START], np.array([1 if s else -1 for s in sent_start],
                                                  dtype="int64").astype("uint64")[:, None])
        view = TokenFacts(
            text=text, lower=lower, space=[bool(s) for s in space],
            word=["" if p or s else low for p, s, low in zip(punct, space, lower)],
            cap=[capitalised(t) for t in text],
            space_after=[bool(sp) for sp in spacy],
            line_end=["\n" in (t if sp else t[:-1]) for t, sp in zip(text, spacy)],
            idx=idx, sent_start=sent_start,
            doc_text="".join(t + " " if sp else t for t, sp in zip(text, spacy)),
        )
        doc.user_data["geomap.tokens"] = view
    return view


def _sentence_starts(text: list[str], punct: list[int]) -> list[bool]:
    """Sentences end after a run of sentence-ending marks ("!", ".", "?")."""
    starts = [False] * len(text)
    if text:
        starts[0] = True
    ended = False
    for i, (word, is_punct) in enumerate(zip(text, punct)):
        if word in SENTENCE_ENDS:
            ended = True
        elif ended and not is_punct:
            starts[i] = True
            ended = False
    return starts


def capitalised(text: str) -> bool:
    """True when a word starts with a capital letter and has a letter."""
    return text[:1].isupper() and any(ch.isalpha() for ch in text)
