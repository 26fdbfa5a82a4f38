"""Dates in news text: a grammar of mentions (English and Russian), then the finders that pick the
date of the reported event, and the rules that supply a missing year.

A mention is found by `find_mentions`; validators (`_valid`) reject impossible days. The finders
are tried in order by `extract.find_date` and the first that returns a candidate wins.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from .text import finditer_at

_EN_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Russian month stems; any case ending ("ноября", "ноябре", "ноябрь") follows the stem.
_RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_RU_MONTH_RE = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|"
    r"янв|фев|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)"  # agencies abbreviate: "БИШКЕК, 4 сен — Sputnik"
)
_RU_ABBREVIATIONS = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12}
_EN_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)"
)
MONTH = rf"(?:{_EN_MONTH_RE}|{_RU_MONTH_RE})"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|-?го|-?е)?"
YEAR = r"(?:19[89]\d|20\d\d)"
_DASH = r"\s*(?:[-–—]|to|до|по)\s*"
_YEAR_TAIL = r"(?:\s*(?:года|г\.|гг\.|г\b))?"

WEEKDAY_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"понедельник|вторник|среда|среду|четверг|пятница|пятницу|суббота|субботу|воскресенье)\b",
    re.I,
)

# Day Month [Year]: "17 November", "1 — 2 ноября 2019 года", "15th February, 2022", "25, June, 2024"
_DMY = re.compile(
    rf"\b(?P<d1>{DAY})(?:{_DASH}(?P<d2>{DAY}))?(?:\s+of)?[\s,]+(?P<m>{MONTH})\b\.?(?:[\s,]+(?P<y>{YEAR})\b{_YEAR_TAIL})?",
    re.I,
)
# Month Day [Year]: "February 21", "June 5th", "APRIL 4", "February 24-25, 2022", "May 25, 2023"
_MDY = re.compile(
    rf"\b(?P<m>{MONTH})\b\.?\s+(?P<d1>{DAY})\b(?:{_DASH}(?P<d2>{DAY})\b)?(?:,?\s+(?P<y>{YEAR})\b)?",
    re.I,
)
# Numeric: 28.11.2023, 2012.05.07, 2024-06-05
# 28.11.2023 and 26/03/2025: day first, as the region writes dates (month first only where the
# day-first reading is impossible: 2/20/2024)
_NUM_DMY = re.compile(rf"\b(?P<d1>[0-3]?\d)(?P<sep>[./])(?P<m>[0-3]?\d)(?P=sep)(?P<y>{YEAR})\b")
_NUM_YMD = re.compile(rf"\b(?P<y>{YEAR})[.\-/](?P<m>[01]\d)[.\-/](?P<d1>[0-3]\d)\b")
# Month Year: "March 2017", "в августе 2019"
_MY = re.compile(rf"\b(?P<m>{MONTH})\b\.?,?\s+(?P<y>{YEAR})\b", re.I)
# A bare year, not part of a span of years ("2021-2025", "2023–2025") or a longer number.
_YEAR_ONLY = re.compile(rf"(?:(?<![\d\-–—/.])|(?<=[^\W\d]-))\b(?P<y>{YEAR})\b(?![\-–—/.]?\d)")
_DIGIT = re.compile(r"\d")
# "15.09.20": day, month and a two-digit year, as agencies of the region print them in datelines.
_NUM_DMY_SHORT = re.compile(r"\b(?P<d1>[0-3]\d)\.(?P<m>[01]\d)\.(?P<y>\d\d)\b(?!\d|\.\d)")
# "Armenia supports the ideaOctober 19, 2011": a scraped page glued the headline to its date.
_GLUED_MDY = re.compile(rf"(?<=[a-z])(?P<m>January|February|March|April|June|July|August|September|October|November|December)\s+(?P<d1>{DAY})\b(?P<d2>)?,?\s+(?P<y>{YEAR})\b")
_GLUED_START = re.compile(r"(?<=[a-z])[JFMASOND]")
_NUM_DMY_START = re.compile(r"\d\d?[./]\d")  # where numeric dates can begin (see text.finditer_at)
_NUM_YMD_START = re.compile(r"(?:19|20)\d\d[.\-/]\d")
# Where a mention can begin: a digit, or a month's first letter (English months are capitalised,
# see _month_case_ok; Russian ones may be either). finditer_at tries the patterns only there.
# ſ: re.I matches it for "s". The letter comes before the word-start check (no character of a word
# before it): a pattern that opens with a letter class lets the engine skip ahead, \b first does not.
_MONTH_START = re.compile(r"[JFMASONDſЯФМАИСОНДяфмаисонд](?<!\w.)")
_YEAR_START = re.compile(r"[12]")
_YEAR_SPAN = re.compile(rf"\b{YEAR}\s*[-–—]\s*{YEAR}\b|\b{YEAR}[-–—]\d\d\b")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    month: int
    day: int | None
    year: int | None
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None

    @property
    def is_range(self) -> bool:
        return self.end_day is not None

    def shifted(self, by: int) -> DateMention:
        return replace(self, start=self.start + by, end=self.end + by)

    def as_date(self, year: int | None = None) -> dt.date | None:
        y = self.year or year
        if y is None or self.day is None:
            return None
        try:
            return dt.date(y, self.month, self.day)
        except ValueError:
            return None

    def end_date(self, year: int | None = None) -> dt.date | None:
        if self.end_day is None:
            return None
        y = self.end_year or self.year or year
        try:
            return dt.date(y, self.end_month or self.month, self.end_day) if y else None
        except ValueError:
            return None


def month_number(word: str) -> int | None:
    w = word.casefold().rstrip(".")
    if w in _EN_MONTHS:
        return _EN_MONTHS[w]
    if w in _RU_ABBREVIATIONS:
        return _RU_ABBREVIATIONS[w]
    for stem, n in _RU_MONTHS.items():
        if w.startswith(stem) and len(w) - len(stem) <= 2:
            if stem == "ма" and w not in ("май", "мая", "мае"):
                continue
            return n
    return None


def _month_case_ok(word: str, day_first: bool = False, year: bool = False) -> bool:
    """English months are capitalised ('may' is a verb); Russian months are written in lower case.
    A page's date bar may write a month in lower case after its day ('18 october 2019'): a day
    before it, and a year after it for 'may', are enough."""
    if word[:1].isupper() or not word[:1].isascii():
        return True
    return day_first and (year or word.casefold() != "may")


_DIGITS = re.compile(r"\d+")


def _day(text: str | None) -> int | None:
    if not text:
        return None
    digits = _DIGITS.match(text)
    return int(digits.group()) if digits else None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    last = calendar.monthrange(year or 2024, month)[1]  # 2024: a leap year admits 29 February
    return 1 <= day <= last


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date mention in text[start:end], left to right, overlaps resolved (longest first)."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    if not _DIGIT.search(chunk):
        return []  # every date written in news has a number in it
    found: list[DateMention] = []
    for rx, starts in ((_DMY, _DIGIT), (_MDY, _MONTH_START), (_GLUED_MDY, _GLUED_START)):
        for m in finditer_at(rx, starts, chunk):
            if not _month_case_ok(m.group("m"), rx is _DMY, bool(m.group("y"))):
                continue
            month = month_number(m.group("m"))
            d1, d2 = _day(m.group("d1")), _day(m.group("d2"))
            year = int(m.group("y")) if m.group("y") else None
            if month is None or not _valid(year, month, d1) or (d2 is not None and not _valid(year, month, d2)):
                continue
            if d2 is not None and d2 <= d1:
                d2 = None
            found.append(DateMention(start + m.start(), start + m.end(), month, d1, year, d2, month if d2 else None, year if d2 else None))
    for rx, starts in ((_NUM_DMY, _NUM_DMY_START), (_NUM_YMD, _NUM_YMD_START), (_NUM_DMY_SHORT, _NUM_DMY_START)):
        for m in finditer_at(rx, starts, chunk):
            month, d1, year = int(m.group("m")), int(m.group("d1")), int(m.group("y"))
            if year < 100:
                year += 2000 if year <= 40 else 1900
            if not _valid(year, month, d1) and m.groupdict().get("sep") == "/" and _valid(year, d1, month):
                month, d1 = d1, month  # "2/20/2024 5:14 AM": month first, as US sites write it
            if _valid(year, month, d1):
                found.append(DateMention(start + m.start(), start + m.end(), month, d1, year))
    for m in finditer_at(_MY, _MONTH_START, chunk):
        if not _month_case_ok(m.group("m")):
            continue
        month = month_number(m.group("m"))
        if month:
            found.append(DateMention(start + m.start(), start + m.end(), month, None, int(m.group("y"))))
    mentions = _drop_overlaps(found)
    return _join_ranges(text, mentions)


def _drop_overlaps(found: list[DateMention]) -> list[DateMention]:
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


_RANGE_JOINT = re.compile(r"\s*(?:[-–—]|to|до|по|until)\s*", re.IGNORECASE)


def _join_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """'February 13 – February 19, 2023' and '30 January - 2 February' are one range."""
    out: list[DateMention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        if i + 1 < len(mentions):
            b = mentions[i + 1]
            between = text[a.end : b.start]
            if a.day and b.day and not a.is_range and _RANGE_JOINT.fullmatch(between):
                year = a.year or b.year
                out.append(DateMention(a.start, b.end, a.month, a.day, year, b.day, b.month, b.year or year))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def bare_years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(offset, year) of years standing alone ('TIBO 2024'), not spans of years ('2021-2025')."""
    end = len(text) if end is None else end
    spans = [m.span() for m in finditer_at(_YEAR_SPAN, _YEAR_START, text, start, end)]
    out = []
    for m in finditer_at(_YEAR_ONLY, _YEAR_START, text, start, end):
        if any(s <= m.start() < e for s, e in spans):
            continue
        out.append((m.start(), int(m.group("y"))))
    return out


# --- context: is this the date of the reported event? --------------------------------------------

_FUTURE = re.compile(  # the look-ahead: the letters a match begins with (see places._EVENT)
    r"(?=[wstiapunfспбнз])\b(?:will|shall|would|to\s+be\s+held|to\s+take\s+place|to\s+meet|is\s+(?:scheduled|due|expected|set|planned)|"
    r"are\s+(?:scheduled|due|expected|set|planned)|(?:was|were)\s+(?:scheduled|due|expected|supposed)|plans?\s+to|planned|upcoming|next|forthcoming|"
    r"состоится|пройд[её]т|будет|будут|планиру\w+|запланирован\w*|намечен\w*|предстоящ\w+)\b",
    re.I,
)
_BACKGROUND = re.compile(
    r"\b(?:since|as\s+of|previous(?:ly)?|earlier|last\s+year|in\s+(?:force|effect)\s+since|"
    r"учрежд\w+|создан\w*|предыдущ\w+|ранее)\b|"
    # Right before the date only: "the bank, founded on 12 June 2006", "was signed in March 2015"
    # (but "the council adopted the budget ... on 3 July", "was signed on 14 November" and "the
    # council was established on 14 November" are events).
    r"(?<!was\s)(?<!were\s)(?<!been\s)(?<!is\s)\b(?:established|founded|created)\s+(?:in|on)\s*$|"
    r"\b(?:(?:adopted|was\s+signed)\s+in|dated)\s*$",
    re.I,
)
# "The leaders discussed the results of the state visit, which took place (in Minsk) on 9 November":
# the date of an earlier event whose results are discussed. Not when the discussion is placed at a
# meeting ("обсудили итоги сотрудничества на встрече, прошедшей 14 марта": that meeting is the
# event), nor "По итогам переговоров, состоявшихся 14 марта, ..." (no verb of discussing).
_DISCUSSED_RESULTS = re.compile(
    r"\b(?:обсуди\w*|обсужда\w*|подвел\w*|подвели|discuss\w*|review\w*|assess\w*|summ\w+\s+up)(?:\s+[^\s.;!?]+){0,3}?\s+(?:the\s+)?"
    r"(?:итоги|результаты|results|outcomes?)\b"
    r"(?:(?!\b(?:at|during|на|в\s+ходе|во\s+время)\s+(?:the\s+|a\s+)?(?:встреч|заседани|переговор|саммит|форум|meeting|talks|session|summit|forum))[^.;!?])*"
    r"\b(?:состоявш\w+|прошедш\w+|(?:which|that)\s+(?:took\s+place|was\s+held)|held)"
    r"(?:\s+(?:в|во|in)\s+[A-ZА-ЯЁ][\w\-]*)?(?:\s+on)?\s*$",
    re.I,
)


WEEKDAY_NUMBER = {
    # Weekday names and their short forms (a date line's "Tue") -> Monday = 0.
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "понедельник": 0,
    "вторник": 1,
    "среда": 2,
    "среду": 2,
    "четверг": 3,
    "пятница": 4,
    "пятницу": 4,
    "суббота": 5,
    "субботу": 5,
    "воскресенье": 6,
}
# "on Tuesday", "в пятницу": an event day named by its weekday, relative to the date the text was filed.
_ON_WEEKDAY = re.compile(
    r"\b(?:on|в|во)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b",
    re.I,
)


_SAID_BEFORE = re.compile(r"\b(?:said|says|reported|reports|told|announced|informed|noted|stated|сообщил\w*|заявил\w*|сообщ\w+)\s+(?:on|в|во)\s+\S+$", re.I)


def weekday_in(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """(weekday number, start, end) of the first 'on Tuesday' in text[start:end] that dates the
    event, not the report of it ('..., QazaqGaz said on Thursday')."""
    for m in _ON_WEEKDAY.finditer(text, start, end):
        if not _SAID_BEFORE.search(text[max(start, m.start() - 40) : m.end()]):
            return WEEKDAY_NUMBER[m.group(1).casefold()], m.start(1), m.end(1)
    return None


def clause_before(text: str, pos: int, floor: int = 0) -> str:
    """The clause that leads to offset pos: back to the previous ',', ';', ':' or sentence start."""
    start = max(floor, pos - 120)
    window = text[start:pos]
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"), window.rfind(". "), window.rfind("\n"))
    return window[cut + 1 :] if cut >= 0 else window


def is_future(text: str, mention: DateMention, floor: int = 0) -> bool:
    return in_future_clause(text, mention.start, floor)


def in_future_clause(text: str, pos: int, floor: int = 0) -> bool:
    """The clause leading to pos is about the future ('the first concrete is planned for ...')."""
    return bool(_FUTURE.search(clause_before(text, pos, floor)))


def is_background(text: str, mention: DateMention, floor: int = 0) -> bool:
    return bool(_BACKGROUND.search(clause_before(text, mention.start, floor)) or _DISCUSSED_RESULTS.search(text, floor, mention.start))


def latest_on_or_before(month: int, day: int, today: dt.date) -> dt.date:
    """The latest date with this month and day that is not after `today` (29 Feb: a leap year)."""
    year = today.year
    while True:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            year -= 1
            continue
        if candidate <= today:
            return candidate
        year -= 1
