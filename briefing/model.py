"""The site model's data: cards, stories, terms, taxonomies, weeks, the lead, the model itself.

Everything a page is rendered from, as frozen dataclasses (site.py builds them; pages.py and the
templates read them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import urls
from .content import Period
from .i18n import is_uncertain

if TYPE_CHECKING:
    from .searchterms import Record

TAXONOMY_TITLES = {
    "tags": ("Tags", "Tag"),
    "organizations": ("Organizations", "Organization"),
    "people": ("People", "Person"),
    "places": ("Places", "Place"),
    "countries": ("Countries", "Country"),
}
ENTITY_KINDS = ("organizations", "people", "places", "countries")


@dataclass(frozen=True, slots=True)
class TermRef:
    """A link to a taxonomy term: what a chip or a list item needs."""

    kind: str
    name: str
    slug: str
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    flat: str = field(default="", init=False, repr=False, compare=False)
    """'kind:name:slug', what fingerprints of cards and terms hash."""

    def __post_init__(self) -> None:
        # Terms are dictionary keys hundreds of thousands of times per build (co-mentions, taxonomies):
        # hash once, not on every lookup.
        object.__setattr__(self, "_hash", hash((self.kind, self.name, self.slug)))
        object.__setattr__(self, "flat", f"{self.kind}:{self.name}:{self.slug}")

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self):  # the hash of a str differs between processes: recompute it when unpickled
        return (TermRef, (self.kind, self.name, self.slug))

    @property
    def url(self) -> str:
        return urls.term(self.kind, self.slug)

    @property
    def fp(self) -> str:
        """What a page's fingerprint hashes for it (fingerprint.own_fp): its three fields."""
        return self.flat


@dataclass(frozen=True, slots=True)
class ReportRef:
    """Another report of the same story: what "Also reported by" shows of it."""

    slug: str
    title: str
    date: dt.date
    publisher: str | None
    """Who published it (else the agency its text credits), canonical."""

    @property
    def url(self) -> str:
        return urls.article(self.slug)


@dataclass(frozen=True, slots=True)
class Card:
    """What lists show of an article (index, term pages, timeline, feeds): no body."""

    slug: str
    title: str
    date: dt.date
    summary: str
    location: TermRef | None
    tags: tuple[TermRef, ...]
    organizations: tuple[TermRef, ...]
    people: tuple[TermRef, ...]
    countries: tuple[TermRef, ...]
    date_note: str | None = None
    period: Period | None = None
    agency: str | None = None
    source: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    language: str | None = None
    """The item's language (front-matter `language`); None: the site's."""
    story: str | None = None
    """The slug of the story this report is in (its earliest report's), when the story has others."""
    reports: tuple[ReportRef, ...] = ()
    """The story's other reports, earliest first."""
    fp: str = ""
    """Fingerprint of all the fields above: pages that list the card change when it does."""

    @property
    def leads(self) -> bool:
        """Whether the digest and the weekly issue show this card: it is alone, or its story's first report."""
        return self.story is None or self.story == self.slug

    @property
    def url(self) -> str:
        return urls.article(self.slug)

    @property
    def uncertain(self) -> bool:
        """The date is not sure (year assumed, or no date in the source): marked wherever it is
        shown, and never in the lead of the digest or of a weekly issue."""
        return is_uncertain(self.date_note)

    @property
    def story_key(self) -> str:
        """Reports of one story share this key: the `story` slug, else the item's own."""
        return self.story if self.story and self.story != "none" else self.slug


@dataclass(frozen=True, slots=True)
class Story:
    """An article's own page: its card, the hash of its file (which keys its rendered body) and
    its custom front-matter fields."""

    card: Card
    digest: str
    extra: tuple[tuple[str, Any], ...] = ()
    record: Record | str = ""
    """What the page offers the search index besides its body: every spelling of every entity
    it names, with the Russian case forms of the Cyrillic ones (searchterms.record_terms)."""
    fp: str = ""
    media: tuple[tuple[str, str], ...] = ()
    """(reference as written in the body, URL of the published copy) of each local file it shows."""
    image: tuple[str, str] | None = None
    """(URL, alt text) of the body's first image, for og:image."""


@dataclass(frozen=True, slots=True)
class Mentioned:
    """A term and how many articles name it (in an index) or name it together with another term."""

    ref: TermRef
    count: int

    @property
    def fp(self) -> str:
        """What a page's fingerprint hashes for it (fingerprint.own_fp): the term and the count."""
        return f"{self.ref.flat}#{self.count}"


@dataclass(frozen=True, slots=True)
class Term:
    """A tag, organization, person, place or country, with its profile."""

    ref: TermRef
    cards: tuple[Card, ...]
    """Newest first."""
    description: str = ""
    aliases: tuple[str, ...] = ()
    by_year: tuple[tuple[int, int], ...] = ()
    """(year, articles) for every year from the first mention to the last, oldest first."""
    related: tuple[Mentioned, ...] = ()
    """The entities most often named in the same articles: the first few of each kind, most
    frequent first."""
    notes: tuple[str, ...] = ()
    """For each card, the sentence of the item that names the term ('' when none does)."""
    details: tuple[tuple[str, Any], ...] = ()
    """From the data file: roles, seat, capital, country (see Canon.details)."""
    sort_key: str = ""
    """How the term sorts in A to Z lists (people: by surname)."""
    fp: str = ""

    @property
    def dated(self) -> tuple[Card, ...]:
        """The cards whose date is sure, newest first (all of them when none is): what "first seen",
        "last seen" and the activity chart count, so an assumed year neither dates nor draws."""
        return dated(self.cards)

    @property
    def undated(self) -> int:
        """How many of the cards the dates and the chart leave out (their year is uncertain)."""
        return len(self.cards) - len(self.dated)

    @property
    def by_month(self) -> tuple[tuple[int, int, int], ...]:
        """(year, month, articles) for every month from the first sure mention to the last."""
        cards = self.dated
        counts = Counter((c.date.year, c.date.month) for c in cards)
        (y, m), (y1, m1) = (cards[-1].date.year, cards[-1].date.month), (cards[0].date.year, cards[0].date.month)
        out = []
        while (y, m) <= (y1, m1):
            out.append((y, m, counts.get((y, m), 0)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return tuple(out)

    def detail(self, key: str, default: Any = None) -> Any:
        return dict(self.details).get(key, default)

    @property
    def with_notes(self) -> tuple[tuple[Card, str], ...]:
        """Each card with its sentence, as the dossier lists them: sure dates newest first, then
        the items whose date is uncertain (as in the digest, they never head the list)."""
        pairs = list(zip(self.cards, self.notes or ("",) * len(self.cards)))
        return tuple([p for p in pairs if not p[0].uncertain] + [p for p in pairs if p[0].uncertain])

    @property
    def seen(self) -> tuple[Card, Card]:
        """The first and the last item the term is seen in, by the sure dates when there are any
        (an assumed year must not make "last seen")."""
        cards = self.dated
        return cards[-1], cards[0]

    @property
    def last(self) -> dt.date:
        """The date of its newest item (the sitemap's lastmod of its page)."""
        return self.cards[0].date


@dataclass(frozen=True, slots=True)
class Taxonomy:
    kind: str
    title: str
    singular: str
    terms: tuple[Term, ...]
    """Sorted by name."""

    @property
    def url(self) -> str:
        return urls.taxonomy(self.kind)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    months: tuple[Month, ...]


class IsoWeek:
    """What a weekly issue and a week's lead say of their ISO week (`year`, `week`): its slug,
    its address and its first and last day."""

    __slots__ = ()
    year: int
    week: int

    @property
    def slug(self) -> str:
        return f"{self.year}-w{self.week:02d}"

    @property
    def url(self) -> str:
        return f"weeks/{self.slug}/"

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)


@dataclass(frozen=True, slots=True)
class Week(IsoWeek):
    """A weekly issue: the articles of one ISO week (a digest with a period: its period's week)."""

    year: int
    week: int
    stories: tuple[Story, ...]
    """Newest first."""
    fp: str = ""


@dataclass(frozen=True, slots=True)
class LeadItem:
    """One of the top stories: its report, and the other reports of the same story."""

    card: Card
    others: tuple[Card, ...] = ()


@dataclass(frozen=True, slots=True)
class Lead(IsoWeek):
    """The top stories of a week (items with sure dates only) and who and where was most active."""

    year: int
    week: int
    items: tuple[LeadItem, ...]
    glance: tuple[tuple[str, tuple[Mentioned, ...]], ...]
    """(kind, the most named terms of the week with counts), for organizations, people, places."""
    count: int
    """The week's items."""


@dataclass(frozen=True)
class SiteModel:
    stories: tuple[Story, ...]
    """Newest first: by date, then by title, then by slug."""
    taxonomies: dict[str, Taxonomy]
    timeline: tuple[Year, ...]
    weeks: tuple[Week, ...] = ()
    """Newest first."""
    lead: Lead | None = None
    """What page 1 of the digest opens with: the top stories of the latest week with sure dates."""
    languages: tuple[str, ...] = ()
    """The languages of the items (front-matter `language`), for search."""

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(s.card for s in self.stories)

    @property
    def digest(self) -> tuple[Card, ...]:
        """The digest's order: sure dates newest first, then the items whose date is uncertain
        (they never head it); the lead's items are on page 1's lead, not again in the list; a
        story of several reports is its first report, with the others beneath."""
        lead = {i.card.slug for i in self.lead.items} if self.lead else set()
        cards = [c for c in self.cards if c.slug not in lead and c.leads]  # a story once, by its first report
        return tuple([c for c in cards if not c.uncertain] + [c for c in cards if c.uncertain])


def dated(cards: tuple[Card, ...]) -> tuple[Card, ...]:
    """The cards whose date is sure, in their order; all of them when none is."""
    sure = tuple(c for c in cards if not c.uncertain)
    return sure or cards


def slugs(refs: tuple[TermRef, ...]) -> str:
    """The slugs of terms, space-separated (what the timeline's filters read from an item)."""
    return " ".join(r.slug for r in refs)


def terms_of(card: Card, kind: str) -> tuple[TermRef, ...]:
    """The card's terms of one taxonomy ("places": its place, if it has one)."""
    if kind == "places":
        return (card.location,) if card.location else ()
    return getattr(card, kind)


def entities_of(card: Card) -> tuple[TermRef, ...]:
    """Every organization, person, place and country an article names."""
    return (*card.organizations, *card.people, *terms_of(card, "places"), *card.countries)
