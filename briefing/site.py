"""The site model: every published article, its taxonomies and the timeline, built before any page.

Names go through the canonical aliases of the entity data file here, at build time, so an alias
added once merges entity pages across all articles. One `Taxonomy` mechanism serves tags,
organizations, people, places and countries alike.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from . import kept
from .canon import Canon
from .content import Article
from .fingerprint import quick
from .issue import digest_lead, timeline_of, weekly_issues
from .model import TAXONOMY_TITLES, Card, Mentioned, ReportRef, SiteModel, Story, TermRef, entities_of, terms_of
from .notes import Text, naming
from .searchterms import Record, name_records
from .stories import group as group_reports
from .taxonomy import build_taxonomy, canonical_names, co_mentions, fold, names_of, term_slugs


def build_model(articles: list[Article], canon: Canon, kinds: tuple[str, ...], texts: Callable[[str], str | None] | None = None) -> SiteModel:
    """Published articles (drafts left out) -> the model every page is rendered from. `texts`
    gives an article's rendered body by its digest (the dossiers quote the sentence that names
    each entity); without it the dossiers fall back to the summaries."""
    published = sorted((a for a in articles if not a.draft), key=lambda a: (-a.date.toordinal(), a.title.casefold(), a.slug))
    names = canonical_names(published, canon)
    slugs = {kind: term_slugs(kind, names[kind].values()) for kind in TAXONOMY_TITLES}
    known: dict[str, dict[str, TermRef]] = {kind: {} for kind in TAXONOMY_TITLES}  # kind -> name as written -> its term

    def ref(kind: str, value: str) -> TermRef:
        found = known[kind].get(value)
        if found is None:
            name = names[kind][fold(canon.name(kind, value))]
            found = known[kind][value] = TermRef(kind, name, slugs[kind][name])
        return found

    def refs(kind: str, values: tuple[str, ...]) -> tuple[TermRef, ...]:
        made = known[kind]
        found = [made.get(v) or ref(kind, v) for v in values]
        return tuple(dict.fromkeys(found)) if len(found) > 1 else tuple(found)  # two spellings, one term

    records: dict[TermRef, tuple[str, ...]] = {}  # a term's part of an article's search record, made once

    def record_of(refs) -> Record:
        parts = []
        for r in refs:
            part = records.get(r)
            if part is None:
                part = records[r] = name_records(names_of(r, canon))
            parts.append(part)
        return Record(tuple(parts))

    grouped = group_reports(published, canon)
    reports = {a.slug: _report_ref(a, canon) for a in published if a.slug in grouped.story_of}
    stories = []
    quotes: defaultdict[TermRef, list[str]] = defaultdict(list)  # term -> the sentence naming it in each of its articles, newest first
    spellings: dict[TermRef, tuple[str, ...]] = {}  # names_of each term, made once (the quote cache's keys share them)
    for a in published:
        location = ref("places", a.location) if a.location else None
        story = grouped.story_of.get(a.slug)
        others = tuple(reports[s] for s in grouped.members[story] if s != a.slug) if story else ()
        fields = dict(
            slug=a.slug,
            title=a.title,
            date=a.date,
            summary=a.summary,
            location=location,
            tags=refs("tags", a.tags),
            organizations=refs("organizations", a.organizations),
            people=refs("people", a.people),
            countries=refs("countries", a.countries),
            date_note=a.date_note,
            period=a.period,
            agency=_agency(a.agency, canon),
            source=a.source,
            source_url=a.source_url,
            publisher=_agency(a.publisher, canon),
            published=a.published,
            language=a.language,
            story=story,
            reports=others,
        )
        card = Card(**fields, fp=quick(_flat(fields)))
        record = record_of((*entities_of(card), *card.tags))  # = record_terms of their names_of
        media = tuple((ref, url) for ref, _line, _kind, _alt, url in a.media if url)
        image = next(((url, alt) for _ref, _line, kind, alt, url in a.media if url and kind == "img"), None)
        # (not the record: it follows from the card's terms, the entity data and the code, which the
        # card's and the site's fingerprints hold)
        fp = quick(f"{card.fp}|{a.digest}|{a.extra!r}" + (f"|{media!r}|{image!r}" if media else ""))
        stories.append(Story(card=card, digest=a.digest, extra=a.extra, record=record, fp=fp, media=media, image=image))
        body = texts(a.digest) if texts is not None else None
        _quote(Text(a.summary, body), card, kinds, canon, spellings, quotes)
    cards = [s.card for s in stories]
    related = kept.co_mentions(cards, entities_of, co_mentions, Mentioned)  # (the previous build's, if the same)
    taxonomies = {kind: build_taxonomy(kind, cards, canon, related, quotes) for kind in kinds}
    weeks = weekly_issues(stories)
    languages = tuple(sorted({c.language for c in cards if c.language}))
    return SiteModel(tuple(stories), taxonomies, timeline_of(cards), weeks, digest_lead(weeks, cards), languages)


def _quote(text: Text, card: Card, kinds: tuple[str, ...], canon: Canon, spellings: dict[TermRef, tuple[str, ...]], quotes: defaultdict[TermRef, list[str]]) -> None:
    """The sentence of the article that names each of its terms, for their dossiers: searched
    article by article, so one article's text is split and lower-cased once and then let go."""
    for kind in kinds:
        if kind == "tags":
            continue
        for ref in terms_of(card, kind):
            names = spellings.get(ref)
            if names is None:
                names = spellings[ref] = names_of(ref, canon)
            quotes[ref].append(naming(text, names, kind == "people"))


def hold_scheduled(articles: list[Article], today: dt.date) -> tuple[list[Article], dt.date | None]:
    """Items whose `publish:` day is after `today` kept out as drafts are, and the first such day
    (when the site must change although no file did). The event `date` never hides an item:
    an announced meeting is news."""
    held = [a.publish for a in articles if a.publish is not None and a.publish > today and not a.draft]
    if not held:
        return articles, None
    return [replace(a, draft=True) if a.publish is not None and a.publish > today else a for a in articles], min(held)


def _agency(name: str | None, canon: Canon) -> str | None:
    """An agency's or publisher's canonical name (ТАСС is TASS), applied at build time as for entities."""
    return canon.name("organizations", name) if name else None


def _report_ref(a: Article, canon: Canon) -> ReportRef:
    return ReportRef(a.slug, a.title, a.date, _agency(a.publisher or a.agency, canon))


def _flat(f: dict[str, Any]) -> str:
    """A card's fields as one string for its fingerprint (cheaper than the dataclasses' repr)."""
    refs = ";".join
    rest = [f[k] for k in _CARD_REST]
    location = f["location"]
    return "\x1f".join(
        (
            repr(f["slug"]),
            repr(f["title"]),
            f["date"].isoformat(),
            repr(f["summary"]),
            location.flat if location else "-",
            refs([r.flat for r in f["tags"]]),
            refs([r.flat for r in f["organizations"]]),
            refs([r.flat for r in f["people"]]),
            refs([r.flat for r in f["countries"]]),
            repr(rest),
        )
    )


_CARD_REST = ("date_note", "period", "agency", "source", "source_url", "publisher", "published", "language", "story", "reports")
"""The fields of a card _flat takes as they are (the rest are term references)."""
