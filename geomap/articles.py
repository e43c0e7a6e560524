"""Reading articles: plain text or Markdown with an optional header, or JSON Lines.

A text file may start with a metadata header between two "---" lines:

    ---
    title: Belarus opposition keeps up pressure
    published: 2020-08-15
    lang: fr
    source: AFP
    url: https://example.org/article
    ---
    Le président bélarussien ...

Character offsets in the output count from the first character after the header.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from geomap.language import detect_language
from geomap.model import LANGUAGES, Article, InputError

HEADER_KEYS = ("title", "published", "lang", "source", "url", "id")
_HEADER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
MAX_ARTICLE_CHARS = 1_000_000
MAX_FIELD_CHARS = 2_000          # a title, URL or source
MAX_ID_CHARS = 200
# Publication dates from which relative dates ("hier", "next year") stay in the calendar.
FIRST_PUBLISHED, LAST_PUBLISHED = date(1000, 1, 1), date(8999, 12, 31)
# An id is part of the article's address (/articles/<id>): no slash, backslash, control
# character or space at its ends, not "." or "..", and not ending in ".json" (its data twin).
_BAD_ID = re.compile(r"[/\\\x00-\x1f\x7f]|^\.{1,2}$|\.json$|^\s|\s$")


def parse_date(value: object, field: str = "published date") -> date | None:
    """A YYYY-MM-DD date (a longer ISO timestamp is cut to its date); None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])", text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise InputError(f"{field} {text!r} is not a date like 2020-08-15")


def make_article(text: object, lang: object = None, published: object = None, title: object = "",
                 url: object = "", source: object = "", id: object = "") -> Article:
    """Check user input and build an Article; raises InputError with the reason."""
    if not isinstance(text, str):
        raise InputError("article text must be a string")
    _check_unicode(text, "article text")
    if "\x00" in text:
        raise InputError("article text contains binary data (NUL bytes)")
    if not text.strip():
        raise InputError("article text is empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"article text is longer than {MAX_ARTICLE_CHARS} characters")
    lang = _field(lang, "lang", 10).lower() or None
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"unsupported language {lang!r}: geomap reads {', '.join(LANGUAGES)}")
    if lang is None:
        lang = detect_language(text)
        if lang is None:
            raise InputError("could not tell the language (fr or en); give it explicitly")
    return Article(text=text, lang=lang, published=parse_published(published),
                   title=_field(title, "title"), url=_field(url, "url"),
                   source=_field(source, "source"), id=check_id(id))


def parse_published(value: object) -> date | None:
    """A publication date from 1000-01-01 to 8999-12-31 (relative dates such as "hier"
    then stay in the calendar); None if empty; InputError otherwise."""
    day = parse_date(value if isinstance(value, date) else _field(value, "published date", 40))
    if day and not FIRST_PUBLISHED <= day <= LAST_PUBLISHED:
        raise InputError(f"published date {day.isoformat()} is outside"
                         f" {FIRST_PUBLISHED.isoformat()} to {LAST_PUBLISHED.isoformat()}")
    return day


def _check_unicode(text: str, name: str) -> None:
    """InputError for text that is no valid Unicode (a lone surrogate from JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{name} is not valid Unicode text (a lone surrogate)") from None


def _field(value: object, name: str, limit: int = MAX_FIELD_CHARS) -> str:
    """A short text field: None or "" is empty; anything but text is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name} must be text, not {type(value).__name__}")
    _check_unicode(value, name)
    if "\x00" in value or len(value) > limit:
        raise InputError(f"{name} must be text of at most {limit} characters without NUL")
    return value.strip()


def check_id(value: object) -> str:
    """An article's id as given ("" when none): text or a whole number, usable in its URL."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = _field(value, "id", MAX_ID_CHARS) if value is not None else ""
    if text and _BAD_ID.search(str(value)):
        raise InputError(f"id {value!r} cannot be an article's address: use letters, digits,"
                         " '-', '_' or '.', without '/'")
    return text


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The metadata header (if any) and the body of a text file."""
    m = _HEADER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in HEADER_KEYS:
            meta[key.strip().lower()] = value.strip()
    return meta, text[m.end():]


def decode(data: bytes, where: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{where} is not UTF-8 text") from None
    if "\x00" in text:
        raise InputError(f"{where} contains binary data (NUL bytes)")
    return text


def _given(fields: dict | None) -> dict:
    return {k: v for k, v in (fields or {}).items() if v}


def read_article_file(path: Path, defaults: dict | None = None,
                      overrides: dict | None = None) -> Article:
    """An article from a text or Markdown file.

    defaults fill what its header does not say; overrides replace what it says.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    meta, body = split_header(decode(data, str(path)))
    fields = {"id": _id_from_name(Path(path).stem), **_given(defaults), **meta,
              **_given(overrides)}
    try:
        return make_article(body, **fields)
    except InputError as e:
        raise InputError(f"{path}: {e}") from None


def _id_from_name(stem: str) -> str:
    """A file's name as an id: what an id cannot hold becomes "-"."""
    cleaned = re.sub(r"[\\\x00-\x1f\x7f]+", "-", stem).strip()
    return "" if _BAD_ID.search(cleaned) else cleaned


def read_jsonl(path: Path, defaults: dict | None = None,
               warn: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Articles from JSON Lines of {"id", "text", "lang", "published", "title", "url"}.

    With warn, a malformed published date is reported through it and left
    unknown instead of stopping the whole file.
    """
    try:
        handle = Path(path).open("rb")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            line = decode(raw, f"{path} line {number}").strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path} line {number}: not JSON ({e.msg})") from None
            except RecursionError:
                raise InputError(f"{path} line {number}: JSON nested too deeply") from None
            if not isinstance(record, dict):
                raise InputError(f"{path} line {number}: expected a JSON object")
            record = {**_given(defaults), **record}
            if warn is not None:
                try:
                    parse_published(record.get("published"))
                except InputError as e:
                    warn(f"{path} line {number}: {e}; the date is left unknown")
                    record["published"] = None
            try:
                yield article_from_record(record)
            except InputError as e:
                raise InputError(f"{path} line {number}: {e}") from None


def article_from_record(record: dict) -> Article:
    """An article from a JSON object, as in JSON Lines input or the web API."""
    return make_article(record.get("text"), record.get("lang"), record.get("published"),
                        record.get("title", ""), record.get("url", ""), record.get("source", ""),
                        record.get("id", ""))


def read_path(path: Path, defaults: dict | None = None) -> Iterator[Article]:
    """Articles from a file (text, Markdown or .jsonl) or every such file in a folder."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix in (".txt", ".md", ".jsonl") and not child.name.startswith("."):
                yield from read_path(child, defaults)
    elif path.suffix == ".jsonl":
        yield from read_jsonl(path, defaults)
    else:
        yield read_article_file(path, defaults=defaults)
