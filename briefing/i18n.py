"""The reader's language: interface strings from gettext catalogues, dates and plurals through Babel.

`language: ru` in the config gives a Russian interface: the theme's strings come from
`briefing/locale/<lang>/LC_MESSAGES/messages.po` (compiled in memory when first needed, so no
binary `.mo` file is committed), month names are in the case the pattern needs ("1 мая 2027",
"май 2027"), and counted nouns take the language's plural forms ("1 материал", "3 материала",
"5 материалов"). English is the source language: an English site needs no catalogue.

A date whose year the source did not give (`date_note: year assumed`, or the older
`year not in source`) or that is only the day it was filed (`no date in source`) is shown in the
reader's words ("17 November, year uncertain"), never as a plain date.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Babel is imported where it is used: a build with nothing to render never needs it (~30 ms).

LOCALE_DIR = Path(__file__).parent / "locale"
CATALOGUES = tuple(sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")))
"""The catalogues shipped (their bytes are part of every page's fingerprint)."""

YEAR_UNCERTAIN = frozenset({"year assumed", "year not in source"})
NO_DATE = "no date in source"


def is_uncertain(date_note: str | None) -> bool:
    """Whether a reader must be told the date is not sure (DESIGN.md's date_note rule).
    `year inferred` is a normal date: the evidence leaves one year."""
    return date_note in YEAR_UNCERTAIN or date_note == NO_DATE


def base_language(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


@lru_cache(maxsize=8)
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a language (English and unknown languages: the source strings)."""
    path = LOCALE_DIR / base_language(language) / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with path.open("rb") as f:
        catalog = read_po(f, locale=base_language(language))
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


@lru_cache(maxsize=8)
def _locale(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(base_language(language)))
    except (UnknownLocaleError, ValueError):
        return "en"


@lru_cache(maxsize=65_536)
def format_date(value: dt.date, pattern: str, locale: str) -> str:
    """Babel's format_date, remembered: a render formats the same few thousand days tens of
    thousands of times (every card of every list page)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, pattern, locale=locale)


@dataclass(frozen=True, slots=True)
class Dates:
    """Date formats of one language."""

    language: str

    @property
    def locale(self) -> str:
        return _locale(self.language)

    def day(self, value: dt.date | None) -> str:
        """'5 June 2024', '5 июня 2024' (Babel: the month in the genitive where the language needs it)."""
        return "" if value is None else format_date(value, "d MMMM y", locale=self.locale)

    def day_month(self, value: dt.date) -> str:
        """'5 June', '5 июня'."""
        return format_date(value, "d MMMM", locale=self.locale)

    def month_year(self, year: int, month: int) -> str:
        """'June 2024', 'июнь 2024' (the stand-alone form of the month)."""
        return format_date(dt.date(year, month, 1), "LLLL y", locale=self.locale).capitalize()

    def month(self, month: int) -> str:
        return format_date(dt.date(2000, month, 1), "LLLL", locale=self.locale).capitalize()

    def month_short(self, month: int) -> str:
        return format_date(dt.date(2000, month, 1), "LLL", locale=self.locale).rstrip(".").capitalize()

    def when(self, value: dt.date, date_note: str | None) -> str:
        """A card's date as the reader should read it: certain dates as they are, an assumed
        year marked as uncertain, a filing day as no date."""
        gt = translations(self.language).gettext
        if date_note == NO_DATE:
            return gt("date not given (added %(day)s)") % {"day": self.day(value)}
        if date_note in YEAR_UNCERTAIN:
            return gt("%(day)s, year uncertain") % {"day": self.day_month(value)}
        return self.day(value)
