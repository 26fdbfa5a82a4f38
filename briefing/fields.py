"""How each front-matter value is read: the normalisers content.py's Article fields declare
(text, dates, lists of names, a period, a language, an http(s) address, a story), each raising
FieldError with what to write instead, and the bounds of a page's values.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass
from typing import Any

from .slugs import is_valid_slug

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
        quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
        raise FieldError(f"'{key}' must be true or false, not {_show(value)}" + ("; write it without quotes" if quoted else ""))
    return value


def _slug(value: Any, key: str) -> str:
    slug = _text(value, key)
    if not is_valid_slug(slug):
        raise FieldError(f"'{key}' must be lower-case letters, digits and hyphens (e.g. eec-memorandum), not {_show(value)}")
    return slug


def _language(value: Any, key: str) -> str | None:
    text = _optional_text(value, key)
    if text is not None and not _LANGUAGE.fullmatch(text):
        raise FieldError(f"'{key}' must be a language code such as en or ru, not {_show(value)}")
    return text.lower() if text else None


def _url(value: Any, key: str) -> str | None:
    text = _optional_text(value, key)
    if text is not None and not _HTTP_URL.fullmatch(text):
        raise FieldError(f"'{key}' must be an http(s) address like https://example.org/news/1, not {_show(value)}")
    return text


def _optional_date(value: Any, key: str) -> dt.date | None:
    return None if value is None else _date(value, key)


def _story(value: Any, key: str) -> str | None:
    text = _optional_text(value, key)
    if text is not None and text != "none" and not is_valid_slug(text):
        raise FieldError(f"'{key}' must be the slug of a story's first report (e.g. eec-memorandum) or none, not {_show(value)}")
    return text


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
_HTTP_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxlevel = 2


def _show(value: Any) -> str:
    """A value as a message quotes it: short, whatever its size (reprlib stops early; repr of a
    shared YAML structure could take exponential time)."""
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
