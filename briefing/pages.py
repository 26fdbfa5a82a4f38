"""The page plan: every output page as (URL, template, explicit inputs).

Each page kind is a small function of the site model. A page's `context` holds exactly what its
template may use, as frozen values, so a page can be fingerprinted from its inputs and skipped
when they have not changed (see `fingerprint`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import locator, urls
from .config import Config
from .errors import BriefingError, Problem
from .fingerprint import fingerprint, quick
from .site import ENTITY_KINDS, Card, Mentioned, SiteModel, Taxonomy, Week, week_lead


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


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    kind: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    feed: str | None = None
    """URL of the Atom feed to announce with <link rel=alternate>."""

    @property
    def output(self) -> str:
        return urls.output_path(self.url)


def plan(model: SiteModel, config: Config, geo_version: str = "") -> list[Page]:
    """Every page of the site, in a fixed order. `geo_version` identifies the map data in use."""
    pages: list[Page] = []
    pages += index_pages(model, config.page_size)
    pages += article_pages(model)
    for taxonomy in model.taxonomies.values():
        pages += taxonomy_pages(taxonomy, config.feed_size, model, geo_version)
    pages.append(timeline_page(model))
    pages += week_pages(model)
    latest = model.cards[: config.feed_size]
    pages.append(feed_page("feed.xml", config.title, urls.HOME, latest))
    pages.append(Page("feed.json", "feed.json", "json-feed", config.title, {"feed": Feed(config.title, "feed.json", urls.HOME, tuple(latest))}))
    if config.search:
        pages.append(search_page(model, config))
    pages.append(Page("404.html", "404.html", "404", "Page not found"))
    pages.append(Page("robots.txt", "robots.txt", "robots", "robots.txt"))
    if config.base_url:
        pages.append(sitemap_page(pages))
    return pages


@dataclass(frozen=True, slots=True)
class WeekGroup:
    """A run of the digest's rows under one heading: an ISO week, or the items whose date is uncertain."""

    year: int
    week: int
    """0 for the group of uncertain dates."""
    cards: tuple[Card, ...]

    @property
    def url(self) -> str:
        return f"weeks/{self.year}-w{self.week:02d}/"

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)


def _groups(cards: tuple[Card, ...]) -> tuple[WeekGroup, ...]:
    from .site import week_of

    out: list[WeekGroup] = []
    for card in cards:
        year, week = (0, 0) if card.uncertain else week_of(card)
        if out and (out[-1].year, out[-1].week) == (year, week):
            out[-1] = WeekGroup(year, week, (*out[-1].cards, card))
        else:
            out.append(WeekGroup(year, week, (card,)))
    return tuple(out)


def index_pages(model: SiteModel, size: int) -> list[Page]:
    """The digest: page 1 opens with the lead; then every other item, sure dates newest first and
    the uncertain ones after them, grouped by week, `size` to a page; a story of several reports
    is one entry (its first report's card, with the others beneath)."""
    cards = model.digest
    total = max(1, -(-len(cards) // size))
    out = []
    for n in range(1, total + 1):
        chunk = cards[(n - 1) * size : n * size]
        pagination = Pagination(
            n, total,
            urls.index_page(n - 1) if n > 1 else None,
            urls.index_page(n + 1) if n < total else None,
        )
        title = "Latest briefings" if n == 1 else f"Latest briefings, page {n}"
        context = {"groups": _groups(chunk), "pagination": pagination, "lead": model.lead if n == 1 else None}
        out.append(Page(urls.index_page(n), "index.html", "index", title, context, feed="feed.xml"))
    return out


def article_pages(model: SiteModel) -> list[Page]:
    stories = model.stories
    out = []
    for i, story in enumerate(stories):
        newer = stories[i - 1].card if i > 0 else None
        older = stories[i + 1].card if i + 1 < len(stories) else None
        out.append(Page(story.card.url, "article.html", "article", story.card.title, {"story": story, "newer": newer, "older": older}))
    return out


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
            groups.setdefault(_script(letter.letter), []).append((i, letter))
        return tuple((k, tuple(groups[k])) for k in ("latin", "cyrillic", "other") if k in groups)


def _script(letter: str) -> str:
    if "A" <= letter <= "Z" or letter in "ÀÁÂÄÅÇÉÈÊËÍÎÏÑÓÔÖØÚÜÝŠŽ":
        return "latin"
    if "\u0400" <= letter <= "\u04ff":
        return "cyrillic"
    return "other"


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


def taxonomy_pages(taxonomy: Taxonomy, feed_size: int, model: SiteModel, geo_version: str) -> list[Page]:
    context: dict[str, Any] = {"taxonomy": _summary(taxonomy)}
    world = None
    if taxonomy.kind == "places":
        countries = model.taxonomies.get("countries")
        world = context["map"] = MapInputs(
            context["taxonomy"].by_count,
            _summary(countries).by_count if countries else (),
            geo_version,
        )
    out = [Page(taxonomy.url, "taxonomy.html", "taxonomy", taxonomy.title, context)]
    places = ""
    for term in taxonomy.terms:
        feed_url = f"{term.ref.url}feed.xml"
        context = {"term": term, "kind_title": taxonomy.title}
        if world is not None:  # a locator map: the place among the others
            shown = locator.around(world.places, term.ref.name)  # (the places its view can show)
            key = (places := places or fingerprint(world.places)) if shown is world.places else fingerprint(shown)
            context["map"] = MapInputs(shown, (), geo_version, focus=term.ref.name, fp=quick(f"{key}|{geo_version}|{term.ref.name}"))
        out.append(Page(term.ref.url, "term.html", "term", term.ref.name, context, feed=feed_url))
        out.append(feed_page(feed_url, f"{term.ref.name} · {taxonomy.singular}", term.ref.url, term.cards[:feed_size]))
    return out


def _summary(taxonomy: Taxonomy) -> TaxonomySummary:
    """A taxonomy index needs names and counts, not every article of every term."""
    counted = [Mentioned(t.ref, len(t.cards)) for t in taxonomy.terms]  # terms are sorted A to Z (people by surname)
    by_count = tuple(sorted(counted, key=lambda m: -m.count))  # stable: A to Z among equals
    letters: dict[str, list[Mentioned]] = {}
    for t, m in zip(taxonomy.terms, counted):
        first = (t.sort_key or m.ref.name)[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(m)
    order = {"latin": 0, "cyrillic": 1, "other": 2}
    by_letter = tuple(Letter(k, tuple(v)) for k, v in sorted(letters.items(), key=lambda kv: (order[_script(kv[0])], kv[0])))
    return TaxonomySummary(taxonomy.kind, taxonomy.title, taxonomy.singular, by_count, by_letter)


@dataclass(frozen=True, slots=True)
class Filters:
    """The choices of the timeline's filters: the most named organizations and the countries."""

    organizations: tuple[Mentioned, ...]
    countries: tuple[Mentioned, ...]
    lanes: tuple = ()
    """The countries that get a lane of their own in the month grid (the most named)."""


TIMELINE_LANES = 5


def timeline_page(model: SiteModel) -> Page:
    def top(kind: str, limit: int) -> tuple[Mentioned, ...]:
        taxonomy = model.taxonomies.get(kind)
        return _summary(taxonomy).by_count[:limit] if taxonomy else ()

    countries = top("countries", 60)
    filters = Filters(top("organizations", 40), countries, tuple(m.ref for m in countries[:TIMELINE_LANES]))
    return Page("timeline/", "timeline.html", "timeline", "Timeline", {"years": model.timeline, "filters": filters})


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


def _week_link(week: Week) -> WeekLink:
    return WeekLink(week.slug, week.url, week.start, week.end, len(week.stories))


def week_pages(model: SiteModel) -> list[Page]:
    weeks = model.weeks
    links = tuple(_week_link(w) for w in weeks)
    out = [Page("weeks/", "weeks.html", "weeks", "Weekly issues", {"weeks": links})]
    cards = model.cards
    for i, week in enumerate(weeks):
        newer = links[i - 1] if i > 0 else None
        older = links[i + 1] if i + 1 < len(weeks) else None
        title = f"Week {week.week}, {week.year}"
        context = {"week": week, "newer": newer, "older": older, "lead": week_lead(week, cards)}
        out.append(Page(week.url, "week.html", "week", title, context))
    return out


@dataclass(frozen=True, slots=True)
class SearchInputs:
    """What the search page inlines: the entities a query may name (for the entity card and the
    person and place filters), and the languages of the index to search together."""

    entities: tuple[tuple[str, str, str, str, int, tuple[str, ...]], ...]
    """(kind, name, URL, description, briefings, other spellings) of every entity with a page."""
    languages: tuple[str, ...]


def search_page(model: SiteModel, config: Config) -> Page:
    entities = []
    for kind in ENTITY_KINDS:
        taxonomy = model.taxonomies.get(kind)
        if taxonomy is None:
            continue
        for term in taxonomy.terms:
            entities.append((kind, term.ref.name, term.ref.url, term.description, len(term.cards), term.aliases))
    languages = tuple(sorted({config.language, *model.languages}))
    return Page("search/", "search.html", "search", "Search", {"search": SearchInputs(tuple(entities), languages)})


def feed_page(url: str, title: str, alternate: str, cards: tuple[Card, ...]) -> Page:
    return Page(url, "atom.xml", "feed", title, {"feed": Feed(title, url, alternate, tuple(cards))})


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: dt.date | None

    @property
    def fp(self) -> str:
        """Every field, for the sitemap's fingerprint (some 6,000 entries at 5,000 articles)."""
        return f"{self.url}|{self.lastmod}"


def sitemap_page(pages: list[Page]) -> Page:
    entries = []
    for p in pages:
        if not p.output.endswith(".html") or p.kind in ("404", "search"):
            continue
        lastmod = None
        if p.kind == "article":
            lastmod = p.context["story"].card.date
        elif p.kind == "term":
            lastmod = p.context["term"].last
        elif p.kind == "week":
            lastmod = p.context["week"].stories[0].card.date
        entries.append(SitemapEntry(p.url, lastmod))
    return Page("sitemap.xml", "sitemap.xml", "sitemap", "Sitemap", {"entries": tuple(entries)})


def body_digests(page: Page) -> list[str]:
    """The rendered Markdown bodies a page shows (by content hash): its article, or a week's."""
    if page.kind == "article":
        return [page.context["story"].digest]
    if page.kind == "week":
        return [s.digest for s in page.context["week"].stories]
    return []


def check_unique_outputs(pages: list[Page]) -> None:
    """Two pages at one path would silently overwrite each other: refuse, naming both."""
    seen: dict[str, Page] = {}
    problems = []
    for p in pages:
        if p.output in seen:
            problems.append(Problem(p.output, f"two pages would be written here: '{seen[p.output].title}' and '{p.title}'"))
        seen[p.output] = p
    if problems:
        raise BriefingError(problems)


