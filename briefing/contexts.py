"""What each page kind's template gets: one frozen dataclass per kind (its fields are the
template's variables), and the values they hold. A page is fingerprinted from its context, so a
page is rendered again only when what its template can see has changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from .model import Card, IsoWeek, Lead, Mentioned, Story, Term, Week, Year


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    total: int
    prev_url: str | None
    next_url: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """An Atom feed: its own URL, the HTML page it mirrors, and the newest cards."""

    title: str
    url: str
    alternate: str
    cards: tuple[Card, ...]

    @property
    def updated(self) -> dt.date | None:
        return max((c.date for c in self.cards), default=None)


@dataclass(frozen=True, slots=True)
class WeekGroup(IsoWeek):
    """A run of the digest's rows under one heading: an ISO week, or the items whose date is uncertain."""

    year: int
    week: int
    """0 for the group of uncertain dates."""
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class Letter:
    letter: str
    terms: tuple[Mentioned, ...]


@dataclass(frozen=True, slots=True)
class TaxonomySummary:
    """What a taxonomy's index shows: every term with its count, by count and A to Z."""

    kind: str
    title: str
    singular: str
    by_count: tuple[Mentioned, ...]
    by_letter: tuple[Letter, ...]

    @property
    def most_named(self) -> tuple[Mentioned, ...]:
        """The ranked list, only while it says more than A to Z: the terms named more often than
        the least named (none when every count ties), at most 30."""
        if not self.by_count:
            return ()
        floor = min(m.count for m in self.by_count)
        return tuple(m for m in self.by_count if m.count > floor)[:30]

    @property
    def scripts(self) -> tuple[tuple[str, tuple[tuple[int, Letter], ...]], ...]:
        """The letters grouped by script ('latin', 'cyrillic', 'other'), each with its position
        in by_letter (the anchors of the letter bar)."""
        groups: dict[str, list[tuple[int, Letter]]] = {}
        for i, letter in enumerate(self.by_letter, 1):
            groups.setdefault(script_of(letter.letter), []).append((i, letter))
        return tuple((k, tuple(groups[k])) for k in ("latin", "cyrillic", "other") if k in groups)


@dataclass(frozen=True, slots=True)
class MapInputs:
    """What the map on places/ shows: places and countries with their counts, and the map data."""

    places: tuple[Mentioned, ...]
    countries: tuple[Mentioned, ...]
    geo_version: str
    focus: str | None = None
    """A place's own page: the place to show, with the others around it, on a small map."""
    fp: str = field(default="", compare=False)
    """Its fingerprint when given: a place's page, whose places (all of them) are hashed once for every place."""


@dataclass(frozen=True, slots=True)
class Filters:
    """The choices of the timeline's filters: the most named organizations and the countries."""

    organizations: tuple[Mentioned, ...]
    countries: tuple[Mentioned, ...]
    lanes: tuple = ()
    """The countries that get a lane of their own in the month grid (the most named)."""


@dataclass(frozen=True, slots=True)
class WeekLink:
    slug: str
    url: str
    start: dt.date
    end: dt.date
    count: int

    @property
    def fp(self) -> str:
        """Every field, for the fingerprint of the pages that link to the week (cheaper than hashing each)."""
        return f"{self.slug}|{self.url}|{self.start}|{self.end}|{self.count}"


@dataclass(frozen=True, slots=True)
class SearchInputs:
    """What the search page inlines: the entities a query may name (for the entity card and the
    person and place filters), and the languages of the index to search together."""

    entities: tuple[tuple[str, str, str, str, int, tuple[str, ...]], ...]
    """(kind, name, URL, description, briefings, other spellings) of every entity with a page."""
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: dt.date | None

    @property
    def fp(self) -> str:
        """Every field, for the sitemap's fingerprint (some 6,000 entries at 5,000 articles)."""
        return f"{self.url}|{self.lastmod}"


class Context:
    """A page's template variables: the fields of the dataclass of its kind."""

    __slots__ = ()

    def variables(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class NoContext(Context):
    """Pages that need nothing but the site (404, robots.txt)."""


@dataclass(frozen=True, slots=True)
class IndexContext(Context):
    groups: tuple[WeekGroup, ...]
    pagination: Pagination
    lead: Lead | None = None
    """Page 1 only: the lead of the latest week with sure dates."""


@dataclass(frozen=True, slots=True)
class ArticleContext(Context):
    story: Story
    newer: Card | None
    older: Card | None


@dataclass(frozen=True, slots=True)
class TaxonomyContext(Context):
    taxonomy: TaxonomySummary
    map: MapInputs | None = None


@dataclass(frozen=True, slots=True)
class TermContext(Context):
    term: Term
    kind_title: str
    map: MapInputs | None = None
    """A place's page: its locator map."""


@dataclass(frozen=True, slots=True)
class TimelineContext(Context):
    years: tuple[Year, ...]
    filters: Filters


@dataclass(frozen=True, slots=True)
class WeeksContext(Context):
    weeks: tuple[WeekLink, ...]


@dataclass(frozen=True, slots=True)
class WeekContext(Context):
    week: Week
    newer: WeekLink | None
    older: WeekLink | None
    lead: Lead | None


@dataclass(frozen=True, slots=True)
class SearchContext(Context):
    search: SearchInputs


@dataclass(frozen=True, slots=True)
class FeedContext(Context):
    feed: Feed


@dataclass(frozen=True, slots=True)
class SitemapContext(Context):
    entries: tuple[SitemapEntry, ...]


def script_of(letter: str) -> str:
    """The alphabet of an initial, for the A-Z lists (Latin and Cyrillic letters apart)."""
    if "A" <= letter <= "Z" or letter in "ÀÁÂÄÅÇÉÈÊËÍÎÏÑÓÔÖØÚÜÝŠŽ":
        return "latin"
    if "\u0400" <= letter <= "\u04ff":
        return "cyrillic"
    return "other"
