"""The year of an event date that the text gives without one ("on 17 November").

Every year that could be the event's is a candidate, and the text's evidence for each is weighed
by a learnt model: a full date above the story with the same day and month, the dateline's
year, a year in the event's sentence, the latest year the story mentions (and whether the story
gives that whole year's figures: then it was told after it), a year the story puts
in the future ("in early 2024": the event is before it), the weekday the text names for the
event day, the years in office of the people named, and how recent the year is. Nothing may fall
after the ingest day.

`date_note` says how sure the year is: none when the event date itself has its year (or the
reporting period gives it), `year inferred` when the evidence points to one year, `year assumed`
when it does not (then the latest year that fits the evidence is taken), `no date in source` when
the text has no date at all (the ingest day).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass

from .dates import MONTH, WEEKDAY_NUMBER, WEEKDAY_RE, DateMention, bare_years, in_future_clause, is_future, latest_on_or_before
from .document import Document
from .lexicon import AMOUNT, PART_OF_YEAR_WORDS
from .lines import is_date_line
from .model import Finding
from .scorer import Candidate, LinearModel, score_all
from .text import Sentence, sentences

YEAR_INFERRED = "year inferred"
YEAR_ASSUMED = "year assumed"
NO_DATE_IN_SOURCE = "no date in source"
EARLIEST = 1991
"""No event of this digest is older (the region's states are that old)."""
DIRECT = frozenset({"header_same_day", "filed_latest", "same_sentence", "header_year"})
"""Evidence that states the year: a date above the story or in the dateline (the event is the latest
such day on or before it), the event's own sentence, a year printed above the story."""
RULED_OUT = frozenset({"weekday_misfits"})
"""Evidence that rules a year out: the weekday the text names falls elsewhere."""
CONSTRAINTS = frozenset({"weekday_fits", "tenure_fits"})
"""Evidence that fits many years: it narrows the choice but does not name a year by itself."""

_A_YEAR = re.compile(r"(?:19|20)\d\d")
_TIME = re.compile(r"\b\d{1,2}:\d\d\b")
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|all rights reserved|все права", re.I)
_ISSUE_LINE = re.compile(r"(?i)(?:\b(?:no|issue|vol|volume|выпуск|номер)\b\.?|№)\s*\d+")
_DATE_PIECE = re.compile(r"[\d\s.,/|:()\-–—]+")
_TARGET_BEFORE = re.compile(r"\b(?:by|through|until|till|to|before|beyond|for|до|к|по|на)\s*$|\b(?:will|plans?|strategy|programme|program)\b[^.]*$", re.I)


@dataclass(frozen=True, slots=True)
class Tenure:
    """Someone the story names, in office from `start` to `end` (None: still in office)."""

    start: int
    end: int | None


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """What the text says about years, gathered once for all candidates."""

    header_same_day: dict[int, float]
    """Years of full dates above the story with the event's day and month (1 + 1 if with a time of day)."""
    header: dict[int, float]
    """Years of other dates above the story (a weekday before one marks a site's date bar: less)."""
    header_years: set[int]
    """Years printed alone above the story: an issue line ("No. 4 (2021)"), a broken date ("07, 2020")."""
    dateline: int | None
    filed: dt.date | None
    """The dateline's or the header's full date: the event is not after it."""
    same_sentence: set[int]
    latest_past: dt.date | None
    """The latest full date the story tells of as past."""
    story_past: dict[int, int]
    """Years the story mentions outside future clauses and targets, with their counts."""
    story_future: set[int]
    """Years the story puts ahead ("in early 2024", "by 2030")."""
    weekday: int | None
    """The weekday the text names for the event day ("Tuesday, 2 October")."""
    tenures: tuple[Tenure, ...]
    figure_years: frozenset[int] = frozenset()
    """Years the story gives a whole year's figures for ("in 2022 trade grew by 9%")."""


def resolve_date(
    choice, doc: Document, period, today: dt.date, tenures: tuple[Tenure, ...], model: LinearModel, anniversaries: frozenset[int] = frozenset()
) -> tuple[dt.date, str | None, Finding, list[Candidate]]:
    """-> (date, date_note, finding, year candidates). Never fails: no date at all gives today with a note."""
    if choice is None:
        if period:
            return period[0], None, Finding(period[0], "start of the reporting period"), []
        return today, NO_DATE_IN_SOURCE, Finding(today, "no date in the text: the ingest day"), []
    m = choice.mention
    filed = filing_date(doc)
    if m.year:
        date = _on_weekday(m.as_date(), choice.weekday)
        if _other_day(date, filed):
            return filed, None, Finding(filed, _FILED_RULE), []
        return date, None, Finding(date, choice.rule, m.start, m.end), []
    if period and period[0].year == period[1].year and m.as_date(period[0].year):
        date = m.as_date(period[0].year)
        return date, None, Finding(date, f"{choice.rule}; year from the reporting period", m.start, m.end), []
    candidates = year_candidates(m, choice.sentence, doc, today, tenures, choice.weekday, anniversaries)
    year, note, why = choose_year(candidates, model)
    if year is None:  # 29 February and no leap year in range: the latest such date
        date = latest_on_or_before(m.month, m.day, today)
        return date, YEAR_ASSUMED, Finding(date, f"{choice.rule}; year assumed", m.start, m.end), candidates
    # "on Tuesday" before the filing date: the weekday means something only when the year is known.
    date = _on_weekday(m.as_date(year), choice.weekday if note != YEAR_ASSUMED else None)
    if _other_day(date, filed):
        return filed, None, Finding(filed, _FILED_RULE), candidates
    return date, note, Finding(date, f"{choice.rule}; {why}", m.start, m.end), candidates


_FILED_RULE = "the date the item was filed (the dates in its story are of other days)"
_BACKGROUND_DAYS = 30


def filing_date(doc: Document) -> dt.date | None:
    """The full date the item was filed: the dateline's, else the first full date above the story
    that is not a site's date bar (those name the weekday: "Thursday, 25 April 2024") nor
    ambiguous (10/08/2020 is 10 August or 8 October). Worked out once per page."""
    if "filed" not in doc.memo:
        doc.memo["filed"] = _filing_date(doc)
    return doc.memo["filed"]  # type: ignore[return-value]


def _filing_date(doc: Document) -> dt.date | None:
    dl = doc.dateline
    if dl is not None and dl.date is not None and dl.date.year:
        return dl.date.as_date()
    text = doc.flow
    for ln in _head_lines(doc):
        found = doc.dates(ln.start, ln.end)  # most lines have none: the copyright test is for those that do
        if not found or _COPYRIGHT.search(ln.text):
            continue
        for d in found:
            if d.year and d.day and "/" not in text[d.start : d.end] and not WEEKDAY_RE.search(text, max(ln.start, d.start - 14), d.start):
                return d.as_date()
    return None


def _other_day(date: dt.date, filed: dt.date | None) -> bool:
    """An event date a month or more before the filing date: a date of background ("the
    agreement of 6 October 2007"); the item itself reports on or near the filing day."""
    return filed is not None and date < filed - dt.timedelta(days=_BACKGROUND_DAYS)


def _head_lines(doc: Document):
    """Lines above the story, and lines that are only a date at its start (worked out once per page)."""
    if "head lines" not in doc.memo:
        doc.memo["head lines"] = _find_head_lines(doc)
    return doc.memo["head lines"]


def _find_head_lines(doc: Document):
    story_line = doc.body[min(len(doc.body), 4) - 1].index if doc.body else len(doc.lines)
    top = set(doc.top)  # lines are hashable: one lookup each, not a comparison with every line above
    return [*doc.top, *(ln for ln in doc.lines[: story_line + 1] if ln not in top and ln.text and is_date_line(ln.text))]


def choose_year(candidates: list[Candidate], model: LinearModel) -> tuple[int | None, str | None, str]:
    """(year, date_note, why). Years the text rules out (a weekday that does not fit) are dropped first. The best-scored year is the text's own when the evidence
    for it is direct (a date above the story, the dateline, the same sentence): no note; it is
    inferred when the model is sure of it, and assumed when the evidence for it is weak; with no
    evidence at all, the latest year that fits is assumed."""
    fitting = [c for c in candidates if not (c.features.keys() & RULED_OUT)] or candidates
    if not fitting:
        return None, YEAR_ASSUMED, "year assumed"
    stated = [c for c in fitting if c.features.keys() & DIRECT]
    if stated:  # the text states the year; the model weighs one statement against another
        best = score_all(stated, model)[0]
        return best.value, None, f"year from {', '.join(sorted(best.features.keys() & DIRECT))}"
    ranked = score_all(fitting, model)
    best = ranked[0]
    evidence = [name for name, w in model.contributions(best.features) if w > 0 and name not in CONSTRAINTS]
    if evidence and best.score >= model.threshold:
        return best.value, YEAR_INFERRED, f"year inferred from {', '.join(evidence[:3])}"
    if evidence:
        return best.value, YEAR_ASSUMED, f"year assumed from weak evidence: {', '.join(evidence[:3])}"
    # The latest year that fits: the weekday named, and the years in office of the people named.
    in_office = max(c.features.get("tenure_fits", 0.0) for c in fitting)
    latest = max((c for c in fitting if c.features.get("tenure_fits", 0.0) == in_office), key=lambda c: c.value)
    return latest.value, YEAR_ASSUMED, "year assumed (the latest that fits the text)"


def year_candidates(
    m: DateMention, sentence: Sentence | None, doc: Document, today: dt.date, tenures: tuple[Tenure, ...], weekday: int | None = None, anniversaries: frozenset[int] = frozenset()
) -> list[Candidate]:
    """Every year the event could fall in, with the text's evidence for each. `weekday`: the event
    day's weekday when the text names it apart from the date ("on Tuesday"); `anniversaries`: the
    years of the anniversaries the story names (anniversary.py)."""
    ev = gather(m, sentence, doc, tenures, weekday)
    mentioned = [*ev.header_same_day, *ev.header, *ev.same_sentence, *ev.story_past, *ev.story_future, *anniversaries]
    if ev.dateline:
        mentioned.append(ev.dateline)
    low = max(EARLIEST, min([y - 1 for y in mentioned if y >= EARLIEST], default=today.year - 15))
    past = sorted(ev.story_past)
    out = []
    for year in range(low, today.year + 1):
        date = m.as_date(year)
        if date is None or date > today:
            continue  # 29 February of a common year, or after the ingest day
        c = Candidate(year, {}, Finding(year, "year"))
        f = c.features
        if year in ev.header_same_day:
            f["header_same_day"] = ev.header_same_day[year]
        if year in ev.header:
            f["header"] = ev.header[year]
        if year in ev.header_years:
            f["header_year"] = 1.0
        if ev.dateline == year:
            f["dateline"] = 1.0
        if year in ev.same_sentence:
            f["same_sentence"] = 1.0
        if year in ev.story_past:
            f["story_year"] = math.log1p(ev.story_past[year])
            if year == past[-1]:
                f["story_latest"] = 1.0
                if year in ev.figure_years:
                    f["latest_year_of_figures"] = 1.0
        if past and year == past[-1] + 1:
            f["after_story_latest"] = 1.0  # "in 2017 trade grew by ...": told a year later
            if past[-1] in ev.figure_years:
                f["after_year_of_figures"] = 1.0
        if past and year < past[-1]:
            f["before_story_latest"] = 1.0
        if year + 1 in ev.story_future:
            f["year_before_future"] = 1.0
        if year in ev.story_future:
            f["future_year"] = 1.0
        if year in anniversaries:
            f["anniversary"] = 1.0
        if ev.weekday is not None:
            f["weekday_fits" if date.weekday() == ev.weekday else "weekday_misfits"] = 1.0
        if ev.tenures:
            fitting = sum(1 for t in ev.tenures if t.start <= year <= (t.end or today.year))
            f["tenure_fits"] = fitting / len(ev.tenures)
            if fitting < len(ev.tenures):
                f["tenure_misfits"] = 1.0
        if ev.latest_past is not None:
            if date < ev.latest_past:
                f["before_story_dates"] = 1.0
            elif (m.as_date(year - 1) or date) < ev.latest_past:
                f["just_after_story_dates"] = 1.0  # "on 11 February" after "on 5 October 2012": 2013
        if ev.filed is not None:
            if date > ev.filed:
                f["after_filed"] = 1.0
            elif (m.as_date(year + 1) or ev.filed) > ev.filed or year == ev.filed.year:
                f["filed_latest"] = 1.0  # the latest such day on or before the filing date
        out.append(c)
    return out


def gather(m: DateMention, sentence: Sentence | None, doc: Document, tenures: tuple[Tenure, ...], weekday: int | None = None) -> YearEvidence:
    text = doc.flow
    header_same_day: dict[int, float] = {}
    header: dict[int, float] = {}
    # Lines above the story, and lines that are only a date at its start (some pages print the
    # date under the first paragraph).
    head_lines = _head_lines(doc)
    header_years: set[int] = set()
    for ln in doc.top:
        if not _A_YEAR.search(text, ln.start, ln.end):
            continue  # no year to find (most lines: menus, bylines)
        if _COPYRIGHT.search(ln.text) or not (_ISSUE_LINE.search(ln.text) or _DATE_PIECE.fullmatch(ln.text)):
            continue  # "© 2009 ...", "Expo 2017 Portal": not the story's year; "07, 2020", "No. 4 (2021)" are
        for _pos, year in bare_years(text, ln.start, ln.end):
            header_years.add(year)
    for ln in head_lines:
        found = doc.dates(ln.start, ln.end)
        if not found or _COPYRIGHT.search(ln.text):
            continue
        for d in found:
            if not d.year:
                continue
            timed = 1.0 if _TIME.search(text, max(ln.start, d.start - 8), min(ln.end, d.end + 8)) else 0.0
            swapped = "/" in text[d.start : d.end] and (d.day, d.month) == (m.month, m.day)  # 10/08/2020: 8 October too
            if (d.month == m.month and d.day == m.day) or swapped:
                header_same_day[d.year] = max(header_same_day.get(d.year, 0.0), 1.0 + timed)
            weekday_bar = bool(WEEKDAY_RE.search(text, max(ln.start, d.start - 12), d.start))
            header[d.year] = max(header.get(d.year, 0.0), 0.5 if weekday_bar else 1.0 + timed)
    dl = doc.dateline
    dateline = dl.date.year if dl is not None and dl.date is not None and dl.date.year else None
    filed = filing_date(doc)
    same_sentence: set[int] = set()
    if sentence is not None:
        for d in doc.dates(sentence.start, sentence.end):
            if d.year and d is not m and not is_future(text, d, sentence.start):
                same_sentence.add(d.year)
        for pos, year in bare_years(text, sentence.start, sentence.end):
            if not _is_target(text, pos, sentence.start):
                same_sentence.add(year)
    story_past: dict[int, int] = {}
    story_future: set[int] = set()
    figure_years: set[int] = set()
    part_years: set[int] = set()  # "the first nine months of 2022": that year was not over (a part wins)
    latest_past: dt.date | None = None
    for p_start, p_end in doc.spans(include_headline=False):  # paragraph by paragraph: one scan each
        if _A_YEAR.search(text, p_start, p_end) is None:
            continue  # only years count here: a paragraph without one says nothing
        for d in doc.dates(p_start, p_end):
            if not d.year:
                continue
            if is_future(text, d, p_start):
                story_future.add(d.year)
                continue
            story_past[d.year] = story_past.get(d.year, 0) + 1
            full = d.as_date()
            if full is not None and (latest_past is None or full > latest_past):
                latest_past = full
        bounds = None  # the paragraph's sentences, split when a year needs them
        amounts: dict[tuple[int, int], bool] = {}  # whether a sentence gives an amount
        for pos, year in bare_years(text, p_start, p_end):
            if _is_target(text, pos, p_start):
                story_future.add(year)
            else:
                story_past[year] = story_past.get(year, 0) + 1
                if bounds is None:
                    bounds = [(s.start, s.end) for s in sentences(text, p_start, p_end)] or [(p_start, p_end)]
                around = _sentence_around(bounds, pos)
                if around not in amounts:  # once per sentence: a long one may hold many years
                    amounts[around] = AMOUNT.search(text, *around) is not None
                kind = _year_figures(text, pos, around) if amounts[around] else None
                if kind is not None:
                    (figure_years if kind == "whole" else part_years).add(year)
    return YearEvidence(
        header_same_day,
        header,
        header_years,
        dateline,
        filed,
        same_sentence,
        latest_past,
        story_past,
        story_future,
        _weekday(text, m) if weekday is None else weekday,
        tenures,
        frozenset(figure_years - part_years),
    )


_PART_BEFORE = re.compile(rf"(?:{MONTH}(?:\s*[-–—]\s*{MONTH})?|(?<![\w-])(?:{PART_OF_YEAR_WORDS}))[\s,]+(?:of\s+(?:the\s+)?)?$", re.I)
_PART_AFTER = re.compile(r"(?:['’]s)?\s+(?:first|second|third|fourth)\s+(?:half|quarter)\b", re.I)


def _year_figures(text: str, pos: int, sentence: tuple[int, int]) -> str:
    """What the year at pos has figures of, in its sentence that gives an amount: 'whole' ("in 2022
    trade grew by 9%") or 'part' ("in the first nine months of 2022", "in March 2022", "Q3 2022")."""
    start, end = sentence
    if _PART_BEFORE.search(text, max(start, pos - 40), pos) or _PART_AFTER.match(text, pos + 4, end):
        return "part"
    return "whole"


def _sentence_around(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding pos, of a paragraph's sentences in order."""
    k = bisect_right(bounds, (pos, sys.maxsize)) - 1  # (a sentence that starts at pos holds it)
    return bounds[max(k, 0)]


def _is_target(text: str, pos: int, floor: int) -> bool:
    """The year at pos is a target ("by 2030", "the budget for 2025") or in a clause about the
    future ("the plant is planned for 2025"), not the time of the story."""
    return bool(_TARGET_BEFORE.search(text[max(floor, pos - 25) : pos])) or in_future_clause(text, pos, floor)


_WEEKDAY_BEFORE = re.compile(rf"({WEEKDAY_RE.pattern})[\s,]*$", re.I)
_WEEKDAY_AFTER = re.compile(rf"\s*[(,]\s*({WEEKDAY_RE.pattern})", re.I)


def _weekday(text: str, m: DateMention) -> int | None:
    """'Tuesday, 2 October', 'on Tuesday, October 2', '2 October (Tuesday)': the weekday of the event day."""
    before = _WEEKDAY_BEFORE.search(text[max(0, m.start - 16) : m.start])
    after = _WEEKDAY_AFTER.match(text[m.end : m.end + 16])
    found = before or after
    return WEEKDAY_NUMBER.get(found.group(1).casefold()) if found else None


def _on_weekday(date: dt.date, weekday: int | None) -> dt.date:
    """'on Tuesday' before a filing date: the latest day with that weekday on or before it."""
    if weekday is None:
        return date
    return date - dt.timedelta(days=(date.weekday() - weekday) % 7)
