"""Datelines: `MINSK, 17 November (BelTA) –`, `МИНСК, 30 сентября. /ТАСС/.`, `MOSCOW. KAZINFORM`:
the place and date an agency filed from, and the agency, at the start of a story's first line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .lines import Line


@dataclass(frozen=True, slots=True)
class Dateline:
    """`MINSK, 17 November (BelTA) –`: the place and date an agency filed from, and the agency."""

    start: int
    end: int
    city: str
    city_start: int
    city_end: int
    date: dates.DateMention | None
    agency: str | None


_DATELINE_PREFIX = re.compile(r"^\((?:MENAFN|menafn)[^)]{0,60}\)\s*")
_DASH = re.compile(r"\s(?:--|[–—-])\s")
_CITY_CAPS = re.compile(r"^((?:ST\.\s?|SAINT\s)?[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]*(?:[ ][A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]*){0,2})(?=[\s,.(/–—-]|$)")
_CITY_TITLE = re.compile(r"^([A-ZА-ЯЁ][a-zа-яё'’\-]+(?:[ -][A-ZА-ЯЁ][a-zа-яё'’\-]+){0,2})(?=\s*[,(.])")
# Words allowed between the city and the start of the lede: dates, countries, agencies, markers.
_DATELINE_FILLER = re.compile(
    r"^(?:[,.;:/()\s]|--|[–—-]|\d{1,4}(?:st|nd|rd|th)?|года|г\.?|news|agency|reports?|"
    r"[A-ZА-ЯЁ][\w.\-'’]*|/\s*\w+\s*/)+",
    re.U,
)


def parse_dateline(line: Line, is_place) -> Dateline | None:
    """Parse an agency dateline at the start of a line; `is_place(name)` vouches for a mixed-case city."""
    text = line.text
    prefix = _DATELINE_PREFIX.match(text)
    agency_prefix = None
    pos = 0
    if prefix:
        agency_prefix = _agency_in(prefix.group())
        pos = prefix.end()
    rest = text[pos:]
    m = _CITY_CAPS.match(rest)
    if not (m and _is_caps_city(m.group(1))):
        m = _CITY_TITLE.match(rest)
        if not m or not is_place(m.group(1)):
            return None
    city = m.group(1)
    city_start = pos + m.start(1)
    if _all_dateline_filler(rest[m.end(1) :]):
        head_end: int | None = len(rest)  # a line of its own: "BAKU, Azerbaijan, Feb. 19", the story below
    else:
        head_end = _dateline_end(rest, m.end(1))
    if head_end is None:
        return None
    header = rest[m.end(1) : head_end]
    mention = next((d for d in dates.find_mentions(header) if d.day is not None), None)
    agency = agency_prefix or _agency_in(header)
    has_dash = bool(re.search(r"(?:--|[–—])|\s-\s", header))
    if not (mention or agency or has_dash):
        return None
    # An unknown upper-case word is a city only with the full dateline apparatus ("JSC «RZD» and" is not).
    if not is_place(city) and not (mention and agency):
        return None
    if mention is not None:
        shift = m.end(1)
        mention = mention.shifted(line.start + pos + shift)
    return Dateline(
        start=line.start,
        end=line.start + pos + head_end,
        city=city,
        city_start=line.start + city_start,
        city_end=line.start + city_start + len(city),
        date=mention,
        agency=agency,
    )


def _all_dateline_filler(tail: str) -> bool:
    """Whether all of a short tail is dateline material. The filler's pieces can split a word in
    many ways, so a full match that fails would try them all: a greedy match's end is compared
    instead (one pass), and only on a tail as short as a dateline's."""
    if not tail or len(tail) > 60:
        return False
    found = _DATELINE_FILLER.match(tail)
    return found is not None and found.end() == len(tail)


def agency_line(text: str) -> str | None:
    """A line that holds only an agency's name ("Trend:", "(BelTA)", "/TASS/"), as some captures
    print it under a dateline that stands on its own line."""
    m = _AGENCY_WORDS.fullmatch(text.strip(" :.()/–—-"))
    return m.group() if m else None


def _is_caps_city(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _dateline_end(rest: str, pos: int) -> int | None:
    """Offset in `rest` where the lede starts, or None if what follows the city is not a dateline."""
    depth = 0
    for found in _DATELINE_MARKS.finditer(rest, pos, min(len(rest), pos + 110)):
        i = found.start()
        ch = rest[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0 and i + 1 < len(rest) and rest[i + 1] == " " and _starts_lede(rest, i + 2) and not _more_dateline(rest, i + 1):
                return i + 1
        elif depth == 0 and ch in "–—" or (depth == 0 and rest.startswith((" - ", " -- "), i - 1) and ch == "-"):
            j = i
            while j < len(rest) and rest[j] in "–—- ":
                j += 1
            agency = _AGENCY_WORDS.match(rest, j)  # "МИНСК, 18 мар — Sputnik.", "МОСКВА, 5 июн — РИА Новости."
            if agency and rest.startswith((". ", ", "), agency.end()):
                return agency.end() + 1
            return j
        elif depth == 0 and ch == "." and i + 1 < len(rest) and rest[i + 1] == " ":
            j = i + 1
            while j < len(rest) and rest[j] == " ":
                j += 1
            if rest.startswith("/", j):  # "30 сентября. /ТАСС/."
                close = rest.find("/", j + 1)
                if 0 < close - j < 30:
                    k = close + 1
                    if k < len(rest) and rest[k] == ".":
                        k += 1
                    return k
            if _starts_lede(rest, j) and not _more_dateline(rest, j):
                return i + 1
        elif depth == 0 and ch == " " and _starts_lede(rest, i + 1) and _word_before_is_agency(rest, i):
            return i
    return None


_DATELINE_MARKS = re.compile(r"[()–—\-. ]")  # the characters _dateline_end looks at


def _starts_lede(rest: str, j: int) -> bool:
    """A sentence starts at j: a capitalised word that is not itself dateline material."""
    return _LEDE_START.match(rest, j) is not None


_LEDE_START = re.compile(r"[\"“«]?([A-ZА-ЯЁ][a-zа-яё]+|[A-ZА-ЯЁ]{1,2}\b|\d)")


_AGENCY_WORDS = re.compile(
    r"(?:BelTA|БЕЛТА|ТАСС|TASS|KAZINFORM|Kazinform|ARMENPRESS|Armenpress|Kabar|AKIpress|Trend|UzA|"
    r"Sputnik|Xinhua|Interfax|ИНТЕРФАКС|РИА\s+Новости|RIA\s+Novosti|Khovar|Azertac|AZERTAC|"
    r"News\.am|24\.kg|UzDaily\.uz|UzDaily|Report\.az|APA|Tengrinews|MIA|ИА\s+\w+)",
    re.U,
)


_AGENCY_LIKE_END = re.compile(r"(?:[A-ZА-ЯЁ]{4,}|BelTA|Kazinform|Armenpress)$")


def _word_before_is_agency(rest: str, i: int) -> bool:
    before = rest[:i].rstrip()
    return bool(before) and bool(_AGENCY_LIKE_END.search(before)) and bool(_AGENCY_WORDS.search(before[-20:]))


def _more_dateline(rest: str, j: int) -> bool:
    """After a '.' or ')', does the dateline go on ('MOSCOW. KAZINFORM', 'June 14, 2019. / Kabar /.')?"""
    tail = rest[j:].lstrip()
    if re.match(r"(?:/|[A-ZА-ЯЁ]{4,}\b(?![a-zа-яё]))", tail):
        return True
    date = next(iter(dates.find_mentions(tail[:30])), None)  # "ALMATY. Oct 10 (Interfax-Kazakhstan) -"
    return date is not None and date.start == 0


def _agency_in(text: str) -> str | None:
    m = _AGENCY_WORDS.search(text)
    if m:
        return m.group()
    m = re.search(r"\(\s*([A-Z][\w.\- ]{1,30}?)\s*\)|/\s*([A-ZА-ЯЁ][\w.\- ]{1,20}?)\s*/", text)
    if m:
        name = (m.group(1) or m.group(2)).strip()
        if not dates.find_mentions(name):
            return name
    return None
