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
import reprlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import frontmatter, yamlio
from .chars import strip_forbidden, utf8_has_forbidden
from .errors import Problem, current_file, display_path
from .slugs import is_valid_slug

LIST_FIELDS = ("organizations", "people", "countries", "tags")
# The order ingest writes keys in; editors' files may use any order.
FIELD_ORDER = (
    "title", "date", "date_note", "period", "location", *LIST_FIELDS, "agency", "summary", "source", "slug", "draft",
)
REQUIRED = ("title", "date")

# Bounds of a page: each list of names is a page per name, each of which shows every name of the
# article (10,000 tags on one page made 10,000 pages of 10,000 links), and a date must leave room
# for the week, month and year after it (timelines and weekly issues end there).
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_NAMES = 200
MAX_NAME_CHARS = 300
MAX_TEXT_CHARS = {"title": 1_000, "summary": 10_000}
MAX_OTHER_CHARS = 1_000
LATEST_DATE = dt.date(9998, 12, 31)


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period, e.g. the week a digest covers."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Article:
    """One content page, validated. Names are as written; canonical names are applied by the site model."""

    path: str
    """The content file, relative to the site root (for messages)."""
    slug: str
    title: str
    date: dt.date
    body: str
    """Markdown source of the body."""
    location: str | None = None
    organizations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    source: str | None = None
    date_note: str | None = None
    period: Period | None = None
    agency: str | None = None
    draft: bool = False
    extra: tuple[tuple[str, Any], ...] = ()
    """Unknown keys with their values, passed to templates as `article.extra`."""
    digest: str = field(default="", compare=False)
    """sha256 of the file's bytes: the key of everything cached about it."""


class FieldError(ValueError):
    """A front-matter value of the wrong type or shape."""


# --- normalisers: value from YAML -> value for Article; raise FieldError with a message ----------


def _text(value: Any, key: str) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise FieldError(f"'{key}' must be text, not {_show(value)}")
    text = " ".join(str(value).split())
    limit = MAX_TEXT_CHARS.get(key, MAX_OTHER_CHARS)
    if len(text) > limit:
        raise FieldError(f"'{key}' is {len(text):,} characters long; at most {limit:,}")
    return text


def _optional_text(value: Any, key: str) -> str | None:
    if value is None:
        return None
    text = _text(value, key)
    return text or None


def _date(value: Any, key: str) -> dt.date:
    date = _any_date(value, key)
    if date > LATEST_DATE:
        raise FieldError(f"'{key}' is {date.isoformat()}; dates after {LATEST_DATE.isoformat()} are not supported")
    return date


def _any_date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) < 64:
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise FieldError(f"'{key}' must be a date like 2024-06-05 (YYYY-MM-DD), not {_show(value)}")


def _list(value: Any, key: str) -> tuple[str, ...]:
    """A YAML list, or a string split on ';' (or ',' when there is no ';'). Blanks and repeats dropped."""
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else value.split(",")
    elif isinstance(value, list):
        parts = value
        for item in parts:
            if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                raise FieldError(f"'{key}' must be a list of names, but it holds {_show(item)}")
    else:
        raise FieldError(f"'{key}' must be a list of names like [A, B], not {_show(value)}")
    if len(parts) > MAX_NAMES:
        raise FieldError(f"'{key}' has {len(parts):,} entries; at most {MAX_NAMES} (each one is a page of its own)")
    seen: dict[str, str] = {}
    for item in parts:
        name = " ".join(str(item).split())
        if len(name) > MAX_NAME_CHARS:
            raise FieldError(f"'{key}' holds a name of {len(name):,} characters; at most {MAX_NAME_CHARS}")
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())


def _period(value: Any, key: str) -> Period | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        raise FieldError(f"'{key}' must be a mapping {{start: YYYY-MM-DD, end: YYYY-MM-DD}}, not {_show(value)}")
    start, end = _date(value["start"], f"{key}.start"), _date(value["end"], f"{key}.end")
    if end < start:
        raise FieldError(f"'{key}' ends ({end}) before it starts ({start})")
    return Period(start, end)


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"'{key}' must be true or false, not {_show(value)}")
    return value


def _slug(value: Any, key: str) -> str:
    slug = _text(value, key)
    if not is_valid_slug(slug):
        raise FieldError(f"'{key}' must be lower-case letters, digits and hyphens (e.g. eec-memorandum), not {_show(value)}")
    return slug


NORMALISERS: dict[str, Callable[[Any, str], Any]] = {
    "title": _text,
    "date": _date,
    "date_note": _optional_text,
    "period": _period,
    "location": _optional_text,
    "organizations": _list,
    "people": _list,
    "countries": _list,
    "tags": _list,
    "agency": _optional_text,
    "summary": _optional_text,
    "source": _optional_text,
    "slug": _slug,
    "draft": _bool,
}


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxlevel = 2


def _show(value: Any) -> str:
    """A value as a message quotes it: short, whatever its size (reprlib stops early; repr of a
    shared YAML structure could take exponential time)."""
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
    """Front-matter mapping of an Article in the canonical key order (what ingest writes)."""
    meta: dict[str, Any] = {"title": article.title, "date": article.date}
    if article.date_note:
        meta["date_note"] = article.date_note
    if article.period:
        meta["period"] = {"start": article.period.start, "end": article.period.end}
    if article.location:
        meta["location"] = article.location
    for key in LIST_FIELDS:
        meta[key] = list(getattr(article, key))
    if article.agency:
        meta["agency"] = article.agency
    meta["summary"] = article.summary
    if article.source:
        meta["source"] = article.source
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


