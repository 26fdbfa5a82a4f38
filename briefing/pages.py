"""The page plan: every output page as (URL, template, explicit inputs).

Each page kind is a small function of the site model. A page's `context` holds exactly what its
template may use, as frozen values, so a page can be fingerprinted from its inputs and skipped
when they have not changed (see `fingerprint`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import locator, urls
from .config import Config
from .contexts import (
    ArticleContext,
    Context,
    Feed,
    FeedContext,
    Filters,
    IndexContext,
    Letter,
    MapInputs,
    NoContext,
    Pagination,
    SearchContext,
    SearchInputs,
    SitemapContext,
    SitemapEntry,
    TaxonomyContext,
    TaxonomySummary,
    TermContext,
    TimelineContext,
    WeekContext,
    WeekGroup,
    WeekLink,
    WeeksContext,
    script_of,
)
from .errors import BriefingError, Problem
from .fingerprint import quick
from .issue import story_groups, week_lead
from .model import ENTITY_KINDS, Card, Mentioned, SiteModel, Taxonomy, Week


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    kind: str
    title: str
    context: Context = field(default_factory=NoContext)
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
    pages.append(Page("feed.json", "feed.json", "json-feed", config.title, FeedContext(Feed(config.title, "feed.json", urls.HOME, tuple(latest)))))
    if config.search:
        pages.append(search_page(model, config))
    pages.append(Page("404.html", "404.html", "404", "Page not found"))
    pages.append(Page("robots.txt", "robots.txt", "robots", "robots.txt"))
    if config.base_url:
        pages.append(sitemap_page(pages))
    return pages


def _groups(cards: tuple[Card, ...]) -> tuple[WeekGroup, ...]:
    from .issue import week_of

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
            n,
            total,
            urls.index_page(n - 1) if n > 1 else None,
            urls.index_page(n + 1) if n < total else None,
        )
        title = "Latest briefings" if n == 1 else f"Latest briefings, page {n}"
        context = IndexContext(_groups(chunk), pagination, model.lead if n == 1 else None)
        out.append(Page(urls.index_page(n), "index.html", "index", title, context, feed="feed.xml"))
    return out


def article_pages(model: SiteModel) -> list[Page]:
    stories = model.stories
    out = []
    for i, story in enumerate(stories):
        newer = stories[i - 1].card if i > 0 else None
        older = stories[i + 1].card if i + 1 < len(stories) else None
        out.append(Page(story.card.url, "article.html", "article", story.card.title, ArticleContext(story, newer, older)))
    return out


def taxonomy_pages(taxonomy: Taxonomy, feed_size: int, model: SiteModel, geo_version: str) -> list[Page]:
    summary = _summary(taxonomy)
    world = None
    if taxonomy.kind == "places":
        countries = model.taxonomies.get("countries")
        world = MapInputs(summary.by_count, _summary(countries).by_count if countries else (), geo_version)
    out = [Page(taxonomy.url, "taxonomy.html", "taxonomy", taxonomy.title, TaxonomyContext(summary, world))]
    places = ""
    for term in taxonomy.terms:
        feed_url = f"{term.ref.url}feed.xml"
        located = None
        if world is not None:  # a locator map: the place among the others
            shown = locator.around(world.places, term.ref.name)  # (the places its view can show)
            # The map shows the others' names and places, not their counts (geo.map_svg): hashed without.
            key = (places := places or _names_key(world.places)) if shown is world.places else _names_key(shown)
            located = MapInputs(shown, (), geo_version, focus=term.ref.name, fp=quick(f"{key}|{geo_version}|{term.ref.name}:{len(term.cards)}"))
        out.append(Page(term.ref.url, "term.html", "term", term.ref.name, TermContext(term, taxonomy.title, located), feed=feed_url))
        out.append(feed_page(feed_url, f"{term.ref.name} · {taxonomy.singular}", term.ref.url, term.cards[:feed_size]))
    return out


def _names_key(places: tuple[Mentioned, ...]) -> str:
    """The places a locator map shows, whatever their order (which follows their counts)."""
    return ",".join(sorted(m.ref.flat for m in places))


def _summary(taxonomy: Taxonomy) -> TaxonomySummary:
    """A taxonomy index needs names and counts, not every article of every term."""
    counted = [Mentioned(t.ref, len(t.cards)) for t in taxonomy.terms]  # terms are sorted A to Z (people by surname)
    by_count = tuple(sorted(counted, key=lambda m: -m.count))  # stable: A to Z among equals
    letters: dict[str, list[Mentioned]] = {}
    for t, m in zip(taxonomy.terms, counted):
        first = (t.sort_key or m.ref.name)[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(m)
    order = {"latin": 0, "cyrillic": 1, "other": 2}
    by_letter = tuple(Letter(k, tuple(v)) for k, v in sorted(letters.items(), key=lambda kv: (order[script_of(kv[0])], kv[0])))
    return TaxonomySummary(taxonomy.kind, taxonomy.title, taxonomy.singular, by_count, by_letter)


TIMELINE_LANES = 5


def timeline_page(model: SiteModel) -> Page:
    def top(kind: str, limit: int) -> tuple[Mentioned, ...]:
        taxonomy = model.taxonomies.get(kind)
        return _summary(taxonomy).by_count[:limit] if taxonomy else ()

    countries = top("countries", 60)
    filters = Filters(top("organizations", 40), countries, tuple(m.ref for m in countries[:TIMELINE_LANES]))
    return Page("timeline/", "timeline.html", "timeline", "Timeline", TimelineContext(model.timeline, filters))


def _week_link(week: Week) -> WeekLink:
    return WeekLink(week.slug, week.url, week.start, week.end, len(week.stories))


def week_pages(model: SiteModel) -> list[Page]:
    weeks = model.weeks
    links = tuple(_week_link(w) for w in weeks)
    out = [Page("weeks/", "weeks.html", "weeks", "Weekly issues", WeeksContext(links))]
    groups = story_groups(model.cards)
    for i, week in enumerate(weeks):
        newer = links[i - 1] if i > 0 else None
        older = links[i + 1] if i + 1 < len(weeks) else None
        title = f"Week {week.week}, {week.year}"
        out.append(Page(week.url, "week.html", "week", title, WeekContext(week, newer, older, week_lead(week, groups))))
    return out


def search_page(model: SiteModel, config: Config) -> Page:
    entities = []
    for kind in ENTITY_KINDS:
        taxonomy = model.taxonomies.get(kind)
        if taxonomy is None:
            continue
        for term in taxonomy.terms:
            entities.append((kind, term.ref.name, term.ref.url, term.description, len(term.cards), term.aliases))
    languages = tuple(sorted({config.language, *model.languages}))
    return Page("search/", "search.html", "search", "Search", SearchContext(SearchInputs(tuple(entities), languages)))


def feed_page(url: str, title: str, alternate: str, cards: tuple[Card, ...]) -> Page:
    return Page(url, "atom.xml", "feed", title, FeedContext(Feed(title, url, alternate, tuple(cards))))


def sitemap_page(pages: list[Page]) -> Page:
    entries = []
    for p in pages:
        if not p.output.endswith(".html") or p.kind in ("404", "search"):
            continue
        lastmod = None
        context = p.context
        if isinstance(context, ArticleContext):
            lastmod = context.story.card.date
        elif isinstance(context, TermContext):
            lastmod = context.term.last
        elif isinstance(context, WeekContext):
            lastmod = context.week.stories[0].card.date
        entries.append(SitemapEntry(p.url, lastmod))
    return Page("sitemap.xml", "sitemap.xml", "sitemap", "Sitemap", SitemapContext(tuple(entries)))


def body_digests(page: Page) -> list[str]:
    """The rendered Markdown bodies a page shows (by content hash): its article, or a week's."""
    if isinstance(page.context, ArticleContext):
        return [page.context.story.digest]
    if isinstance(page.context, WeekContext):
        return [s.digest for s in page.context.week.stories]
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
