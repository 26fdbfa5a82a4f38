"""The date of the reported event, its year, and a reporting period.

Finders run in order and the first plausible date wins (htmldate's cascade):
the first sentence of the story, the dateline, the rest of the lede, the page header, the body.
The year comes from the mention itself, a reporting period, the same sentence ("TIBO 2024", not
a target such as "by 2030"), the dateline, a dated header or byline, the latest other year in the
text, the year of an issue printed above the story ("No. 9 (2024)"); only then is it assumed (and
noted).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .dates import (
    DateMention,
    find_mentions,
    is_background,
    is_future,
    weekday_in,
)
from .document import Document
from .lines import is_date_line
from .text import Sentence


@dataclass(frozen=True)
class DateChoice:
    mention: DateMention
    rule: str
    sentence: Sentence | None = None
    weekday: int | None = None
    """'on Tuesday': the event fell on this weekday, on or before the mentioned (filing) date."""


def find_period(doc: Document) -> tuple[dt.date, dt.date] | None:
    """A reporting period printed above the story: 'February 13 – February 19, 2023'."""
    for ln in doc.top:
        if not is_date_line(ln.text):
            continue
        for m in find_mentions(ln.text):
            if m.is_range:
                start, end = m.as_date(m.end_year), m.end_date()
                if start and end and end > start:
                    return start, end
    return None


def find_event_date(doc: Document) -> DateChoice | None:
    text = doc.flow
    sents = doc.first_sentences(4)  # all of them only when these hold no date

    def in_sentences(chosen: list[Sentence], rule: str) -> DateChoice | None:
        for sent in chosen:
            for m in doc.dates(sent.start, sent.end):
                if m.day is None or is_future(text, m, sent.start) or is_background(text, m, sent.start):
                    continue
                return DateChoice(m, rule, sent)
        return None

    choice = in_sentences(sents[:1], "date in the first sentence of the story")
    if choice:
        return choice
    weekday = weekday_in(text, sents[0].start, sents[0].end) if sents else None
    lede = in_sentences(sents[1:4], "date in the lede")
    if doc.dateline and doc.dateline.date:
        filed = doc.dateline.date
        if weekday:
            return DateChoice(filed, f"'on {text[weekday[1] : weekday[2]]}' before the dateline's date", sents[0], weekday[0])
        # Agencies report an event a day or a few later: "ALMATY, Oct 10 ... signed on 9 October".
        if lede and _reported_by(lede, filed, days=range(1, 8)):
            event, rule = lede.mention, "date in the lede, shortly before the dateline's"
            if event.year is None and filed.year is not None:  # "Bishkek, September 6, 2023 ... on September 5"
                event = replace(event, year=_year_by_dateline(event.month, filed))
                rule += "; year from the dateline"
            return DateChoice(event, rule, lede.sentence)
        return DateChoice(filed, "date in the dateline")
    header = _header_date(doc)
    if weekday and header:
        return DateChoice(header.mention, f"'on {text[weekday[1] : weekday[2]]}' before the date above the story", sents[0], weekday[0])
    if lede and header and not header.mention.is_range and not _in_headline(doc, header.mention) and not _reported_by(lede, header.mention):
        return header  # "published on October 3 ..." under a page dated October 19: background
    if lede:
        return lede
    if header:
        return header
    return in_sentences(doc.sentences[4:], "first date in the story")


_EVENT_VERB = re.compile(
    r"\b(?:signed|held|met|took\s+place|opened|adopted|agreed|reached|launched|visited|hosted|talks|negotiations|подписа\w+|состоял\w*|прош[её]л\w*|встрети\w+|провел\w*|провёл\w*)\b", re.I
)


def _in_headline(doc: Document, m: DateMention) -> bool:
    """A date in the headline ("Leaders to meet on 12 April") is not the page's own date."""
    return doc.headline is not None and doc.headline[0] <= m.start < doc.headline[1]


def _reported_by(lede: DateChoice, printed: DateMention, days: range = range(0, 8)) -> bool:
    """The lede's date is an event a page printed (or filed) on `printed` reports: `days` before
    it (the same day or up to a week), in a sentence that tells an event ("signed", "held", "met")."""
    return _days_before(lede.mention, printed) in days and lede.sentence is not None and bool(_EVENT_VERB.search(lede.sentence.text))


def _year_by_dateline(month: int, filed: DateMention) -> int:
    """The year of a month mentioned in a story filed on `filed` (which has a year): the dateline's,
    or the one before for a later month ('January 5, 2024 ... on December 28' is 2023)."""
    return filed.year - 1 if month > filed.month else filed.year


def _days_before(event: DateMention, filed: DateMention) -> int:
    """How many days the event precedes the filing date (same or an unknown year assumed)."""
    year = filed.year or event.year or 2024
    a, b = event.as_date(event.year or year), filed.as_date(year)
    if a is None or b is None:
        return -1
    if a > b and event.year is None:  # "December 30" reported on "January 2"
        a = event.as_date(year - 1) or a
    return (b - a).days


def _header_date(doc: Document) -> DateChoice | None:
    """A date printed above the story: a date bar, the date under the headline, a byline."""
    for ln in doc.top:
        for m in doc.dates(ln.start, ln.end):
            if m.day is not None:
                return DateChoice(m, "date printed above the story (header, byline)")
    return None
