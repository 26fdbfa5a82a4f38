"""The page plan: every output page as (URL, template, explicit inputs).

Each page kind is a small function of the site model. A page's `context` holds exactly what its
template may use, as frozen values, so a page can be fingerprinted from its inputs and skipped
when they have not changed (see `fingerprint`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import urls
from .config import Config
from .site import Card, SiteModel, Story, Taxonomy, Term


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


def plan(model: SiteModel, config: Config) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages: list[Page] = []
    pages += index_pages(model, config.page_size)
    pages += article_pages(model)
    for taxonomy in model.taxonomies.values():
        pages += taxonomy_pages(taxonomy, config.feed_size)
    pages.append(timeline_page(model))
    pages.append(feed_page("feed.xml", config.title, urls.HOME, model.cards[: config.feed_size]))
    pages.append(Page("404.html", "404.html", "404", "Page not found"))
    pages.append(Page("robots.txt", "robots.txt", "robots", "robots.txt"))
    if config.base_url:
        pages.append(sitemap_page(pages))
    return pages


def index_pages(model: SiteModel, size: int) -> list[Page]:
    cards = model.cards
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
        out.append(Page(urls.index_page(n), "index.html", "index", title, {"cards": chunk, "pagination": pagination}, feed="feed.xml"))
    return out


def article_pages(model: SiteModel) -> list[Page]:
    stories = model.stories
    out = []
    for i, story in enumerate(stories):
        newer = stories[i - 1].card if i > 0 else None
        older = stories[i + 1].card if i + 1 < len(stories) else None
        out.append(Page(story.card.url, "article.html", "article", story.card.title, {"story": story, "newer": newer, "older": older}))
    return out


def taxonomy_pages(taxonomy: Taxonomy, feed_size: int) -> list[Page]:
    index = Page(taxonomy.url, "taxonomy.html", "taxonomy", taxonomy.title, {"taxonomy": _summary(taxonomy)})
    out = [index]
    for term in taxonomy.terms:
        feed_url = f"{term.ref.url}feed.xml" if taxonomy.kind == "tags" else None
        out.append(Page(term.ref.url, "term.html", "term", term.ref.name, {"term": term, "singular": taxonomy.singular, "kind_title": taxonomy.title}, feed=feed_url))
        if feed_url:
            out.append(feed_page(feed_url, f"{taxonomy.singular}: {term.ref.name}", term.ref.url, term.cards[:feed_size]))
    return out


@dataclass(frozen=True, slots=True)
class TermCount:
    ref: Any
    count: int


@dataclass(frozen=True, slots=True)
class TaxonomySummary:
    kind: str
    title: str
    singular: str
    terms: tuple[TermCount, ...]


def _summary(taxonomy: Taxonomy) -> TaxonomySummary:
    """A taxonomy index needs names and counts, not every article of every term."""
    return TaxonomySummary(taxonomy.kind, taxonomy.title, taxonomy.singular, tuple(TermCount(t.ref, len(t.cards)) for t in taxonomy.terms))


def timeline_page(model: SiteModel) -> Page:
    return Page("timeline/", "timeline.html", "timeline", "Timeline", {"years": model.timeline})


def feed_page(url: str, title: str, alternate: str, cards: tuple[Card, ...]) -> Page:
    return Page(url, "atom.xml", "feed", title, {"feed": Feed(title, url, alternate, tuple(cards))})


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: dt.date | None


def sitemap_page(pages: list[Page]) -> Page:
    entries = []
    for p in pages:
        if not p.output.endswith(".html") or p.kind == "404":
            continue
        lastmod = None
        if p.kind == "article":
            lastmod = p.context["story"].card.date
        elif p.kind == "term":
            lastmod = p.context["term"].cards[0].date if p.context["term"].cards else None
        entries.append(SitemapEntry(p.url, lastmod))
    return Page("sitemap.xml", "sitemap.xml", "sitemap", "Sitemap", {"entries": tuple(entries)})


def stories_by_url(pages: list[Page]) -> dict[str, Story]:
    return {p.url: p.context["story"] for p in pages if p.kind == "article"}


def terms_of(pages: list[Page]) -> list[Term]:
    return [p.context["term"] for p in pages if p.kind == "term"]
