"""The site model: every published article, its taxonomies and the timeline, built before any page.

Names go through the canonical aliases of the entity data file here, at build time, so an alias
added once merges entity pages across all articles. One `Taxonomy` mechanism serves tags,
organizations, people, places and countries alike.
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from typing import Any

from . import urls
from .canon import Canon
from .content import Article, Period
from .fingerprint import quick
from .slugs import slugify
from .stories import group as group_reports

TAXONOMY_TITLES = {
    "tags": ("Tags", "Tag"),
    "organizations": ("Organizations", "Organization"),
    "people": ("People", "Person"),
    "places": ("Places", "Place"),
    "countries": ("Countries", "Country"),
}


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


@dataclass(frozen=True, slots=True)
class Story:
    """An article's own page: its card, the hash of its file (which keys its rendered body) and
    its custom front-matter fields."""

    card: Card
    digest: str
    extra: tuple[tuple[str, Any], ...] = ()
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
    """The entities most often named in the same articles, most frequent first."""
    fp: str = ""

    @property
    def first(self) -> dt.date:
        return self.cards[-1].date

    @property
    def last(self) -> dt.date:
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


@dataclass(frozen=True, slots=True)
class Week:
    """A weekly issue: the articles of one ISO week (a digest with a period: its period's week)."""

    year: int
    week: int
    stories: tuple[Story, ...]
    """Newest first."""
    fp: str = ""

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


@dataclass(frozen=True)
class SiteModel:
    stories: tuple[Story, ...]
    """Newest first: by date, then by title, then by slug."""
    taxonomies: dict[str, Taxonomy]
    timeline: tuple[Year, ...]
    weeks: tuple[Week, ...] = ()
    """Newest first."""

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(s.card for s in self.stories)


def build_model(articles: list[Article], canon: Canon, kinds: tuple[str, ...]) -> SiteModel:
    """Published articles (drafts left out) -> the model every page is rendered from."""
    published = sorted((a for a in articles if not a.draft), key=lambda a: (-a.date.toordinal(), a.title.casefold(), a.slug))
    names = _canonical_names(published, canon)
    slugs = {kind: _term_slugs(kind, names[kind].values()) for kind in TAXONOMY_TITLES}
    known: dict[str, dict[str, TermRef]] = {kind: {} for kind in TAXONOMY_TITLES}  # kind -> name as written -> its term

    def ref(kind: str, value: str) -> TermRef:
        found = known[kind].get(value)
        if found is None:
            name = names[kind][_fold(canon.name(kind, value))]
            found = known[kind][value] = TermRef(kind, name, slugs[kind][name])
        return found

    def refs(kind: str, values: tuple[str, ...]) -> tuple[TermRef, ...]:
        made = known[kind]
        found = [made.get(v) or ref(kind, v) for v in values]
        return tuple(dict.fromkeys(found)) if len(found) > 1 else tuple(found)  # two spellings, one term

    grouped = group_reports(published, canon)
    reports = {a.slug: _report_ref(a, canon) for a in published if a.slug in grouped.story_of}
    stories = []
    for a in published:
        location = ref("places", a.location) if a.location else None
        story = grouped.story_of.get(a.slug)
        others = tuple(reports[s] for s in grouped.members[story] if s != a.slug) if story else ()
        values = (
            a.slug, a.title, a.date, a.summary, location, refs("tags", a.tags), refs("organizations", a.organizations),
            refs("people", a.people), refs("countries", a.countries), a.date_note, a.period, _agency(a.agency, canon), a.source,
            a.source_url, _agency(a.publisher, canon), a.published, story, others,
        )
        card = Card(*values, fp=quick(_flat(*values)))
        media = tuple((ref, url) for ref, _line, _kind, _alt, url in a.media if url)
        image = next(((url, alt) for _ref, _line, kind, alt, url in a.media if url and kind == "img"), None)
        fp = quick(f"{card.fp}|{a.digest}|{a.extra!r}" + (f"|{media!r}|{image!r}" if media else ""))
        stories.append(Story(card, a.digest, a.extra, fp=fp, media=media, image=image))
    cards = [s.card for s in stories]
    related = _co_mentions(cards)
    taxonomies = {kind: _taxonomy(kind, cards, canon, related) for kind in kinds}
    return SiteModel(tuple(stories), taxonomies, _timeline(cards), _weeks(stories))


def _agency(name: str | None, canon: Canon) -> str | None:
    """An agency's or publisher's canonical name (ТАСС is TASS), applied at build time as for entities."""
    return canon.name("organizations", name) if name else None


def _report_ref(a: Article, canon: Canon) -> ReportRef:
    return ReportRef(a.slug, a.title, a.date, _agency(a.publisher or a.agency, canon))


def _flat(slug, title, date, summary, location, tags, organizations, people, countries, *rest) -> str:
    """A card's fields as one string for its fingerprint (cheaper than the dataclasses' repr)."""
    return "\x1f".join((
        repr(slug), repr(title), date.isoformat(), repr(summary), location.flat if location else "-",
        ";".join([r.flat for r in tags]), ";".join([r.flat for r in organizations]),
        ";".join([r.flat for r in people]), ";".join([r.flat for r in countries]), repr(rest),
    ))


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _canonical_names(articles: list[Article], canon: Canon) -> dict[str, dict[str, str]]:
    """kind -> folded name -> the display name: the canonical name, else the most used spelling."""
    out: dict[str, dict[str, str]] = {}
    for kind in TAXONOMY_TITLES:
        if kind == "places":
            written = Counter(a.location for a in articles if a.location)
        else:  # counted in C: some 20,000 names at 5,000 articles, a few hundred of them distinct
            written = Counter(chain.from_iterable(map(attrgetter(kind), articles)))
        counter: Counter = Counter()
        for value, n in written.items():
            counter[canon.name(kind, value)] += n
        best: dict[str, str] = {}
        for name, _n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            best.setdefault(_fold(name), name)
        out[kind] = best
    return out


def _term_slugs(kind: str, names) -> dict[str, str]:
    """Name -> slug, unique within the kind (a clash gets -2, -3 in name order)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        base = slugify(name, fallback=kind[:-1] if kind.endswith("s") else kind)
        slug = base
        n = 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        out[name] = slug
    return out


RELATED_LIMIT = 12


def hold_scheduled(articles: list[Article], today: dt.date) -> tuple[list[Article], dt.date | None]:
    """Items whose `publish:` day is after `today` kept out as drafts are, and the first such day
    (when the site must change although no file did). The event `date` never hides an item:
    an announced meeting is news."""
    held = [a.publish for a in articles if a.publish is not None and a.publish > today and not a.draft]
    if not held:
        return articles, None
    return [replace(a, draft=True) if a.publish is not None and a.publish > today else a for a in articles], min(held)


def slugs(refs: tuple[TermRef, ...]) -> str:
    """The slugs of terms, space-separated (what the timeline's filters read from an item)."""
    return " ".join(r.slug for r in refs)


def entities_of(card: Card) -> tuple[TermRef, ...]:
    """Every organization, person, place and country an article names."""
    place = (card.location,) if card.location else ()
    return (*card.organizations, *card.people, *place, *card.countries)


def _co_mentions(cards: list[Card]) -> dict[TermRef, tuple[Mentioned, ...]]:
    """For every entity, the entities most often named in the same articles (at most
    RELATED_LIMIT): most frequent first, then by kind and name."""
    # Terms by number (ints hash in C, terms in Python), one Counter per term updated with each
    # article's whole list (itself included, dropped at the end), and only each term's top few
    # picked (heapq), not every pair sorted: ~40% of the co-mention cost at 5,000 articles.
    number: dict[TermRef, int] = {}
    terms: list[TermRef] = []
    together: list[Counter] = []
    for card in cards:
        ids = []
        for ref in entities_of(card):
            i = number.get(ref)
            if i is None:
                i = number[ref] = len(terms)
                terms.append(ref)
                together.append(Counter())
            ids.append(i)
        for i in ids:
            together[i].update(ids)
    rank = {i: r for r, i in enumerate(sorted(range(len(terms)), key=lambda i: (terms[i].kind, terms[i].name.casefold())))}
    out: dict[TermRef, tuple[Mentioned, ...]] = {}
    for i, counts in enumerate(together):
        del counts[i]  # never itself
        top = heapq.nsmallest(RELATED_LIMIT, counts.items(), key=lambda kv: (-kv[1], rank[kv[0]]))
        out[terms[i]] = tuple(Mentioned(terms[j], n) for j, n in top)
    return out


def _taxonomy(kind: str, cards: list[Card], canon: Canon, related: dict[TermRef, tuple[Mentioned, ...]]) -> Taxonomy:
    members: dict[TermRef, list[Card]] = defaultdict(list)
    for card in cards:  # cards are newest first, so each term's list is too
        refs = (card.location,) if kind == "places" else getattr(card, kind)
        for ref in refs:
            if ref is not None:
                members[ref].append(card)
    terms = []
    for ref, cs in sorted(members.items(), key=lambda kv: (kv[0].name.casefold(), kv[0].slug)):
        description, aliases = canon.descriptions.get((kind, ref.name), ""), canon.aliases.get((kind, ref.name), ())
        years = Counter([c.date.year for c in cs])
        by_year = tuple((y, years.get(y, 0)) for y in range(cs[-1].date.year, cs[0].date.year + 1))
        mentioned = related.get(ref, ())
        fp = quick(
            f"{ref.flat}|{description}|{aliases!r}|{by_year!r}|"
            + ";".join(f"{m.ref.flat}:{m.count}" for m in mentioned) + "|"
            + ",".join([c.fp for c in cs])
        )
        terms.append(Term(ref, tuple(cs), description, aliases, by_year, mentioned, fp))
    title, singular = TAXONOMY_TITLES[kind]
    return Taxonomy(kind, title, singular, tuple(terms))


def week_of(card: Card) -> tuple[int, int]:
    """The ISO (year, week) an article belongs to: its date's, or its reporting period's start."""
    day = card.period.start if card.period else card.date
    iso = day.isocalendar()
    return iso.year, iso.week


def _weeks(stories: list[Story]) -> tuple[Week, ...]:
    """The weekly issues; a story of several reports appears once, in the week of its first report."""
    by_week: dict[tuple[int, int], list[Story]] = defaultdict(list)
    for story in stories:
        if story.card.leads:
            by_week[week_of(story.card)].append(story)
    return tuple(
        Week(y, w, tuple(ss), quick(f"{y}-{w}|" + ",".join(s.fp for s in ss)))
        for (y, w), ss in sorted(by_week.items(), reverse=True)
    )


def _timeline(cards: list[Card]) -> tuple[Year, ...]:
    by_month: dict[tuple[int, int], list[Card]] = defaultdict(list)
    for card in cards:
        by_month[(card.date.year, card.date.month)].append(card)
    years: dict[int, list[Month]] = defaultdict(list)
    for (y, m) in sorted(by_month, reverse=True):
        years[y].append(Month(y, m, tuple(by_month[(y, m)])))
    return tuple(Year(y, tuple(months)) for y, months in sorted(years.items(), reverse=True))
