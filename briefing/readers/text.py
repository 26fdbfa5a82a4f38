"""Plain text: the seed's text as it is, and where it came from when the editor pasted that too.

A pasted item often ends (or starts) with its address or a credit line: `Source: BelTA`,
`Source: https://eng.belta.by/...`, `Источник: ТАСС`, or the address alone on a line. Such a line
gives `source_url` and `publisher`; the text itself is not changed (extraction sees what the
editor saved). A URL inside a sentence or a photo caption says nothing about the item's source.
"""

from __future__ import annotations

import re

from ..sources import decode
from . import Hints, Reading

_LABEL = r"(?:source|original|originally published|url|link|read more|источник|оригинал|ссылка|подробнее|крыніца)"
_SOURCE_LINE = re.compile(rf"^[ \t]*(?:\*\*)?{_LABEL}(?:\*\*)?[ \t]*[:：][ \t]*(?P<value>\S[^\n]*?)[ \t]*$", re.I | re.M)
URL = re.compile(r"https?://[^\s<>\"'«»()\[\]]+", re.I)
_HTTP_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)
_LONE_URL = re.compile(r"^[ \t<(]*(?P<url>https?://\S+?)[ \t>)]*$", re.I)
_EDGE_LINES = 3
"""A line holding only an address counts among the first and the last few non-blank lines."""


def read(data: bytes) -> Reading:
    text = decode(data)
    url, names = source_of(text)
    return Reading(text, hints=Hints(source_url=url, publishers=names))


def source_of(text: str) -> tuple[str | None, tuple[str, ...]]:
    """(the original's address, publisher names) from a text's credit lines."""
    url: str | None = None
    names: list[str] = []
    for m in _SOURCE_LINE.finditer(text):
        value = m.group("value")
        found = URL.search(value)
        if found and url is None:
            url = clean_url(found.group())
        name = URL.sub("", value).strip(" \t,;:-–—()[]*")
        if name and len(name) <= 80 and name not in names:
            names.append(name)
    if url is None:
        lines = [line for line in text.split("\n") if line.strip()]
        for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]:
            m = _LONE_URL.match(line)
            if m:
                url = clean_url(m.group("url"))
                break
    return url, tuple(names)


def clean_url(url: str | None) -> str | None:
    """An http(s) address without the punctuation a sentence put after it; None if it is none."""
    if not url:
        return None
    url = url.strip().rstrip(".,;:!?»”\"'")
    if len(url) > 1000 or not _HTTP_URL.fullmatch(url):
        return None
    return url
