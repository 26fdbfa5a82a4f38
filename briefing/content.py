"""Content pages: the typed `Article` and the rules that turn front-matter into one.

Front-matter is validated field by field (a table of normalisers, as Pelican's METADATA_PROCESSORS)
and every problem names the file and the line of the key. An unknown key is kept for templates; one
that looks like a typo of a known key (`tilte`) gets a warning that suggests the right one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from . import frontmatter, yamlio
from .chars import strip_forbidden, utf8_has_forbidden
from .errors import Problem, current_file, display_path
from .fields import (
    FieldError,
    Period,
    _bool,
    _date,
    _language,
    _list,
    _optional_date,
    _optional_text,
    _period,
    _slug,
    _story,
    _text,
    _url,
)

# Bounds of a page: each list of names is a page per name, each of which shows every name of the
# article (10,000 tags on one page made 10,000 pages of 10,000 links), and a date must leave room
# for the week, month and year after it (timelines and weekly issues end there).
MAX_PAGE_BYTES = 20 * 1024 * 1024


def _front(normalise: Callable[[Any, str], Any], *, write: str = "if set", doc: str = "") -> dict[str, Any]:
    """A front-matter key's declaration (dataclass field metadata): how its value is read from
    YAML, whether ingest writes it ("always", "if set" or "never") and what it means."""
    return {"normalise": normalise, "write": write, "doc": doc}


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One content page, validated. Names are as written; canonical names are applied by the site
    model. The front-matter keys are the fields with `_front(...)` metadata, declared here once, in
    the order ingest writes them; everything else (the reader's table, the writer, the checks of
    an edited page) is derived from these declarations."""

    path: str
    """The content file, relative to the site root (for messages)."""
    slug: str = field(metadata=_front(_slug, write="never", doc="the URL, articles/<slug>/"))
    title: str = field(metadata=_front(_text, write="always", doc="the headline"))
    date: dt.date = field(metadata=_front(_date, write="always", doc="the date of the event"))
    date_note: str | None = field(default=None, metadata=_front(_optional_text))
    period: Period | None = field(default=None, metadata=_front(_period))
    location: str | None = field(default=None, metadata=_front(_optional_text))
    organizations: tuple[str, ...] = field(default=(), metadata=_front(_list, write="always"))
    people: tuple[str, ...] = field(default=(), metadata=_front(_list, write="always"))
    countries: tuple[str, ...] = field(default=(), metadata=_front(_list, write="always"))
    tags: tuple[str, ...] = field(default=(), metadata=_front(_list, write="always"))
    agency: str | None = field(default=None, metadata=_front(_optional_text))
    summary: str = field(default="", metadata=_front(_optional_text, write="always"))
    source: str | None = field(default=None, metadata=_front(_optional_text))
    language: str | None = field(default=None, metadata=_front(_language, doc="the item's language: en, ru, ..."))
    source_url: str | None = field(default=None, metadata=_front(_url, doc="the original's address (http or https)"))
    publisher: str | None = field(default=None, metadata=_front(_optional_text, doc="who published the original"))
    published: dt.date | None = field(default=None, metadata=_front(_optional_date, doc="the original's own date"))
    story: str | None = field(default=None, metadata=_front(_story, doc="the slug of the story this report belongs to, or none"))
    publish: dt.date | None = field(default=None, metadata=_front(_optional_date, doc="kept out of the site before this day"))
    draft: bool = field(default=False, metadata=_front(_bool))
    body: str = ""
    """Markdown source of the body."""
    extra: tuple[tuple[str, Any], ...] = ()
    """Unknown keys with their values, passed to templates as `article.extra`."""
    digest: str = field(default="", compare=False)
    """sha256 of the file's bytes: the key of everything cached about it."""
    media: tuple[tuple[str, int, str, str, str], ...] = ()  # the body's local files: (reference, line, "img"/"a", alt, URL) (media.py)


FRONT_MATTER = tuple(f for f in fields(Article) if "normalise" in f.metadata)
"""The front-matter keys, in the order ingest writes them."""
NORMALISERS: dict[str, Callable[[Any, str], Any]] = {f.name: f.metadata["normalise"] for f in FRONT_MATTER}
LIST_FIELDS = tuple(f.name for f in FRONT_MATTER if f.metadata["normalise"] is _list)
REQUIRED = tuple(f.name for f in FRONT_MATTER if f.default is MISSING and f.metadata["write"] == "always")
WRITTEN = tuple(f.name for f in FRONT_MATTER if f.metadata["write"] != "never")
"""The keys ingest writes (and compares when an edited page's seed changes)."""


# --- parsing ------------------------------------------------------------------------------------


@dataclass
class ParseResult:
    article: Article | None
    problems: list[Problem]


def parse_page(data: bytes, path: str, default_slug: str, digest: str | None = None) -> ParseResult:
    """Bytes of a content page -> Article, or the list of problems that prevent one."""
    digest = digest or hashlib.sha256(data).hexdigest()
    if len(data) > MAX_PAGE_BYTES:
        return ParseResult(None, [Problem(path, f"the page is {len(data) // (1024 * 1024)} MB; a page may be at most {MAX_PAGE_BYTES // (1024 * 1024)} MB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ParseResult(None, [Problem(path, f"the page is not valid UTF-8 (byte {exc.start}); save it as UTF-8")])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if utf8_has_forbidden(data):
        text = strip_forbidden(text)
    try:
        meta_text, body, _ = frontmatter.split(text)
    except frontmatter.FrontMatterMissing as exc:
        return ParseResult(None, [Problem(path, str(exc), 1)])
    try:
        meta = yamlio.load(meta_text)
    except yamlio.YAMLError as exc:
        line = yamlio.error_line(exc)
        return ParseResult(None, [Problem(path, f"invalid YAML front-matter: {yamlio.error_text(exc)}", line + 1 if line else None)])
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return ParseResult(None, [Problem(path, "the front-matter must be a mapping of keys to values (key: value)", 2)])
    return _validate(meta, meta_text, body, path, default_slug, digest)


def _validate(meta: dict, meta_text: str, body: str, path: str, default_slug: str, digest: str) -> ParseResult:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    extra: list[tuple[str, Any]] = []
    lines: dict[str, int] | None = None

    def line_of(key: str) -> int | None:
        nonlocal lines
        if lines is None:
            lines = yamlio.key_lines(meta_text)
        found = lines.get(key)
        return found + 1 if found else None  # +1: the opening '---' line

    for raw_key, value in meta.items():
        key = str(raw_key)
        normalise = NORMALISERS.get(key)
        if normalise is None:
            close = difflib.get_close_matches(key, list(NORMALISERS), n=1, cutoff=0.75)
            if close:
                problems.append(Problem(path, f"unknown key '{key}' (did you mean '{close[0]}'?); it is kept as a custom field", line_of(key), "warning"))
            extra.append((key, value))
            continue
        try:
            values[key] = normalise(value, key)
        except FieldError as exc:
            problems.append(Problem(path, str(exc), line_of(key)))
    for key in REQUIRED:
        if key not in meta:
            problems.append(Problem(path, f"missing '{key}': every page needs a {key}", 2))
        elif key in values and not values[key]:
            problems.append(Problem(path, f"'{key}' is empty", line_of(key)))
    if any(p.severity == "error" for p in problems):
        return ParseResult(None, problems)
    summary = values.pop("summary", None) or ""
    slug = values.pop("slug", None) or default_slug
    article = Article(path=path, slug=slug, body=body, summary=summary, extra=tuple(extra), digest=digest, **values)
    return ParseResult(article, problems)


def page_files(articles_dir: Path, refused: list[tuple[str, str]] | None = None) -> list[str]:
    """Every content page (`*.md`), as paths sorted. `.md.new` proposals and hidden files are not
    pages. Plain strings: a build of thousands of pages need not make a Path of each. Links are
    followed only to files inside the content folder; links to folders are not followed. What
    is passed over that way is added to `refused` as (path, reason)."""
    found: list[str] = []
    content = os.path.realpath(articles_dir.parent)
    stack = [str(articles_dir)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():  # (rare: the d_type of the entry says so, no system call)
                reason = _link_refusal(entry, content)
                if reason is not None:
                    if refused is not None and (entry.name.endswith(".md") or reason.startswith("a link to a folder")):
                        refused.append((entry.path, reason))
                    continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(".md") and entry.is_file():
                found.append(entry.path)
    return sorted(found)


def _link_refusal(entry: os.DirEntry, content: str) -> str | None:
    if entry.is_dir():
        return "a link to a folder, which is not followed; move the pages into the articles folder"
    target = os.path.realpath(entry.path)
    if not target.startswith(content + os.sep):
        return "a link to a file outside the content folder, which is not followed; copy the page in instead"
    return None


_SLUG_FROM_STEM = re.compile(r"[^a-z0-9-]+")


def default_slug(path: str | Path) -> str:
    """The slug a page has unless it sets `slug:`: its file name, made URL-safe."""
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    slug = _SLUG_FROM_STEM.sub("-", stem).strip("-")
    return slug or "article"


def article_meta(article: Article) -> dict[str, Any]:
    """Front-matter mapping of an Article in the declared key order (what ingest writes)."""
    meta: dict[str, Any] = {}
    for f in FRONT_MATTER:
        value = getattr(article, f.name)
        if f.metadata["write"] == "never" or (f.metadata["write"] == "if set" and not value):
            continue
        if isinstance(value, Period):
            value = {"start": value.start, "end": value.end}
        meta[f.name] = list(value) if isinstance(value, tuple) else value
    return meta


def load_articles(articles_dir: Path, root: Path) -> tuple[list[Article], list[Problem]]:
    """Read and validate every content page; problems of all pages are returned together."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for name in page_files(articles_dir):
        path = Path(name)
        rel = display_path(path, root)
        current_file.set(rel)
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(rel, f"cannot read the page: {exc.strerror or exc}"))
            continue
        result = parse_page(data, rel, default_slug(path))
        problems += result.problems
        if result.article is not None:
            articles.append(result.article)
    current_file.set(None)
    problems += duplicate_slugs(articles)
    return articles, problems


def duplicate_slugs(articles: list[Article]) -> list[Problem]:
    """One error per slug used by more than one page, naming all of them."""
    by_slug: dict[str, list[Article]] = {}
    for a in articles:
        by_slug.setdefault(a.slug, []).append(a)
    problems = []
    for slug, group in sorted(by_slug.items()):
        if len(group) > 1:
            group = sorted(group, key=lambda a: a.path)
            others = ", ".join(a.path for a in group[:-1])
            problems.append(Problem(group[-1].path, f"slug '{slug}' is also used by {others}; give one of them another 'slug:'"))
    return problems
