"""Markdown seeds: a `# headline` is the title and the body stays Markdown.

A YAML block at the top (between `---` lines) may give hints that win over extraction:
`title`, `date` (the event's), `source_url`, `publisher`, `language` and `tags`. Nothing else in
it reaches the page: `slug`, `draft`, `source` and any other key are ignored with a warning
(a seed is raw input, not a content page). Extraction reads the text with the Markdown marks
taken off (a link's text, not its address).
"""

from __future__ import annotations

import datetime as dt
import re

from .. import yamlio
from ..sources import decode
from . import Hints, Reading
from .text import clean_url, source_of

HINT_KEYS = ("title", "date", "source_url", "publisher", "language", "tags")
"""The keys of a Markdown seed's YAML block that are read."""

_BLOCK = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ATX = re.compile(r"\A[ \t]{0,3}#[ \t]+(?P<title>.+?)[ \t#]*$")
_SETEXT = re.compile(r"\A(?P<title>[^\n]+)\n=+[ \t]*$", re.M)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


def read(data: bytes) -> Reading:
    text = decode(data)
    warnings: list[str] = []
    meta: dict = {}
    block = _BLOCK.match(text)
    if block:
        text = text[block.end() :]
        meta = _meta(block.group("yaml") or "", warnings)
    title, body = split_headline(text)
    hints = _hints(meta, warnings)
    url, names = source_of(body)
    hints = Hints(
        title=hints.title or title,
        date=hints.date,
        source_url=hints.source_url or url,
        publishers=hints.publishers or names,
        language=hints.language,
        tags=hints.tags,
    )
    plain = to_plain(body)
    lead = hints.title
    return Reading("\n\n".join(p for p in (lead, plain) if p), body=body.strip("\n"), hints=hints, warnings=tuple(warnings))


def split_headline(text: str) -> tuple[str | None, str]:
    """(the `# headline` on the first non-blank line, or None; the rest)."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    m = _ATX.match(first)
    if m:
        return _plain_inline(m.group("title")).strip() or None, rest
    m = _SETEXT.match(stripped)
    if m:
        return _plain_inline(m.group("title")).strip() or None, stripped[m.end() :]
    return None, text


def _meta(source: str, warnings: list[str]) -> dict:
    try:
        meta = yamlio.load(source)
    except yamlio.YAMLError as exc:
        line = yamlio.error_line(exc)
        where = f" (line {line + 2})" if line is not None else ""
        warnings.append(f"the YAML block at the top does not parse{where}: {yamlio.error_text(exc)}; it is ignored")
        return {}
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        warnings.append("the YAML block at the top is not a mapping of keys to values; it is ignored")
        return {}
    return meta


def _hints(meta: dict, warnings: list[str]) -> Hints:
    values: dict = {}
    for key, value in meta.items():
        key = str(key)
        if key not in HINT_KEYS:
            warnings.append(f"'{key}' in the YAML block is ignored: a seed gives only {', '.join(HINT_KEYS)} (set other keys in the content page)")
            continue
        if value is None or value == "":
            continue
        problem = None
        if key in ("title", "publisher"):
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                values[key] = " ".join(str(value).split())[:1000]
            else:
                problem = "text"
        elif key == "date":
            values[key] = _date(value)
            if values[key] is None:
                problem = "a date like 2024-06-05"
        elif key == "source_url":
            values[key] = clean_url(value) if isinstance(value, str) else None
            if values[key] is None:
                problem = "an http(s) address"
        elif key == "language":
            if isinstance(value, str) and _LANGUAGE.fullmatch(value.strip()):
                values[key] = value.strip().lower()
            else:
                problem = "a language code such as en or ru"
        elif key == "tags":
            items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
            if items is None or not all(isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in items):
                problem = "a list of tags"
            else:
                values[key] = tuple(dict.fromkeys(" ".join(str(t).split()) for t in items if str(t).strip()))[:200]
        if problem:
            values.pop(key, None)
            warnings.append(f"'{key}' in the YAML block must be {problem}; it is ignored")
    return Hints(
        title=values.get("title"),
        date=values.get("date"),
        source_url=values.get("source_url"),
        publishers=(values["publisher"],) if "publisher" in values else (),
        language=values.get("language"),
        tags=values.get("tags", ()),
    )


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


# --- Markdown to the plain text extraction reads -------------------------------------------------
# Every pattern is bounded (a match looks at most a few thousand characters ahead), so a line of
# a megabyte of '[' or '<' costs linear time.

_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_SETEXT_RULE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_REFDEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_IMAGE = re.compile(r"!\[([^\]\n]{0,300})\]\([^)\s]{0,500}+(?:[ \t]+\"[^\"\n]{0,200}\")?\)")
_LINK = re.compile(r"\[([^\]\n]{1,300}+)\](?:\([^)\s]{0,500}+(?:[ \t]+\"[^\"\n]{0,200}\")?\)|\[[^\]\n]{0,300}\])")
_AUTOLINK = re.compile(r"<(https?://[^>\s]{1,2000})>")
_TAG = re.compile(r"</?[A-Za-z][^>\n]{0,300}>")
# Emphasis marks at the edge of a word (not the _ inside snake_case): removed in one linear pass.
_EMPHASIS = re.compile(r"~~|`+|(?<![\w*_])[*_]+(?=[^\s*_])|(?<=[^\s*_])[*_]+(?![\w*_])")


def to_plain(markdown: str) -> str:
    """Markdown as the plain text of its paragraphs: marks, link targets and images removed,
    headings and list items on lines of their own."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if _REFDEF.match(line) or _TABLE_RULE.match(line) or _RULE.match(line):
            continue
        if _SETEXT_RULE.match(line) and out and out[-1].strip():
            out.append("")  # the line above was a heading
            continue
        heading = _HEADING.match(line)
        if heading:
            out += ["", _plain_inline(heading.group(1)), ""]
            continue
        line = _QUOTE.sub("", line)
        if _LIST.match(line):
            out += ["", _plain_inline(_LIST.sub("", line))]
            continue
        if line.lstrip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(_plain_inline(line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _plain_inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    return _EMPHASIS.sub("", text).replace("\\", "")
