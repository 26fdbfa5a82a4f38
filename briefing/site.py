"""The site model: every published article, its taxonomies and the timeline, built before any page.

Names go through the canonical aliases of the entity data file here, at build time, so an alias
added once merges entity pages across all articles. One `Taxonomy` mechanism serves tags,
organizations, people, places and countries alike.
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from typing import Any

from . import kept, urls
from .canon import Canon
from .content import Article, Period
from .fingerprint import quick
from .i18n import is_uncertain
from .notes import Text, naming
from .search import record_terms
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
    record: str = ""
    """What the page offers the search index besides its body: every spelling of every entity
    it names, with the Russian case forms of the Cyrillic ones (search.record_terms)."""
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
    def first(self) -> dt.date:
        return self.cards[-1].date

    @property
    def by_month(self) -> tuple[tuple[int, int, int], ...]:
        """(year, month, articles) for every month from the first mention to the last."""
        counts = Counter((c.date.year, c.date.month) for c in self.cards)
        (y, m), (y1, m1) = (self.first.year, self.first.month), (self.last.year, self.last.month)
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
        sure = [c for c in self.cards if not c.uncertain] or list(self.cards)
        return sure[-1], sure[0]

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


def build_model(
    articles: list[Article], canon: Canon, kinds: tuple[str, ...], texts: Callable[[str], str | None] | None = None
) -> SiteModel:
    """Published articles (drafts left out) -> the model every page is rendered from. `texts`
    gives an article's rendered body by its digest (the dossiers quote the sentence that names
    each entity); without it the dossiers fall back to the summaries."""
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
    split: dict[str, tuple[str, ...]] = {}
    for a in published:
        location = ref("places", a.location) if a.location else None
        story = grouped.story_of.get(a.slug)
        others = tuple(reports[s] for s in grouped.members[story] if s != a.slug) if story else ()
        fields = dict(
            slug=a.slug, title=a.title, date=a.date, summary=a.summary, location=location, tags=refs("tags", a.tags),
            organizations=refs("organizations", a.organizations), people=refs("people", a.people), countries=refs("countries", a.countries),
            date_note=a.date_note, period=a.period, agency=_agency(a.agency, canon), source=a.source, source_url=a.source_url,
            publisher=_agency(a.publisher, canon), published=a.published, language=a.language, story=story, reports=others,
        )
        card = Card(**fields, fp=quick(_flat(fields)))
        record = record_terms(tuple(n for r in (*entities_of(card), *card.tags) for n in _names_of(r, canon)))
        media = tuple((ref, url) for ref, _line, _kind, _alt, url in a.media if url)
        image = next(((url, alt) for _ref, _line, kind, alt, url in a.media if url and kind == "img"), None)
        fp = quick(f"{card.fp}|{a.digest}|{a.extra!r}|{record}" + (f"|{media!r}|{image!r}" if media else ""))
        stories.append(Story(card=card, digest=a.digest, extra=a.extra, record=record, fp=fp, media=media, image=image))
        body = texts(a.digest) if texts is not None else None
        split[a.slug] = Text(a.summary, body)  # type: ignore[assignment]  # (its sentences when a quote is searched)
    cards = [s.card for s in stories]
    related = kept.co_mentions(cards, entities_of, _co_mentions, Mentioned)  # (the previous build's, if the same)
    taxonomies = {kind: _taxonomy(kind, cards, canon, related, split) for kind in kinds}
    weeks = _weeks(stories)
    languages = tuple(sorted({c.language for c in cards if c.language}))
    return SiteModel(tuple(stories), taxonomies, _timeline(cards), weeks, _lead(weeks, cards), languages)


LEAD_SIZE = 3
"""Top stories in the lead of the digest and of a weekly issue."""
GLANCE_SIZE = 5


@dataclass(frozen=True, slots=True)
class LeadItem:
    """One of the top stories: its report, and the other reports of the same story."""

    card: Card
    others: tuple[Card, ...] = ()


@dataclass(frozen=True, slots=True)
class Lead:
    """The top stories of a week (items with sure dates only) and who and where was most active."""

    year: int
    week: int
    items: tuple[LeadItem, ...]
    glance: tuple[tuple[str, tuple[Mentioned, ...]], ...]
    """(kind, the most named terms of the week with counts), for organizations, people, places."""
    count: int
    """The week's items."""

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


def story_groups(cards: list[Card] | tuple[Card, ...]) -> dict[str, list[Card]]:
    """Reports by story (see Card.story_key), newest first."""
    groups: dict[str, list[Card]] = defaultdict(list)
    for c in cards:
        groups[c.story_key].append(c)
    return groups


def week_lead(week: Week, all_cards: list[Card] | tuple[Card, ...] = ()) -> Lead | None:
    """The lead of a week: its top stories among the items whose date is sure, the most reported
    first (then those naming most, then the newest), with the other reports of each story."""
    sure = [s.card for s in week.stories if not s.card.uncertain]
    if not sure:
        return None
    groups = story_groups(all_cards or [s.card for s in week.stories])
    seen: set[str] = set()
    ranked = []
    by_slug = {c.slug: c for c in sure}
    for c in sure:
        if c.story_key in seen:
            continue
        seen.add(c.story_key)
        c = by_slug.get(c.story_key, c)  # the story's first report leads it, when it is in the week
        reports = groups.get(c.story_key, [c])
        ranked.append((-len(reports), -len(entities_of(c)), -c.date.toordinal(), c.slug, c, reports))
    ranked.sort(key=lambda t: t[:4])
    items = tuple(LeadItem(c, tuple(r for r in reports if r.slug != c.slug)) for *_k, c, reports in ranked[:LEAD_SIZE])
    glance = []
    for kind in ("organizations", "people", "places"):
        counter: Counter = Counter()
        for s in week.stories:
            refs = (s.card.location,) if kind == "places" and s.card.location else getattr(s.card, kind) if kind != "places" else ()
            counter.update(refs)
        top = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].name.casefold()))[:GLANCE_SIZE]
        if top:
            glance.append((kind, tuple(Mentioned(r, n) for r, n in top)))
    return Lead(week.year, week.week, items, tuple(glance), len(week.stories))


def _lead(weeks: tuple[Week, ...], cards: list[Card]) -> Lead | None:
    """The digest's lead: the newest week that has an item with a sure date."""
    for week in weeks:
        lead = week_lead(week, cards)
        if lead is not None:
            return lead
    return None


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
    return "\x1f".join((
        repr(f["slug"]), repr(f["title"]), f["date"].isoformat(), repr(f["summary"]), location.flat if location else "-",
        refs([r.flat for r in f["tags"]]), refs([r.flat for r in f["organizations"]]),
        refs([r.flat for r in f["people"]]), refs([r.flat for r in f["countries"]]), repr(rest),
    ))


_CARD_REST = ("date_note", "period", "agency", "source", "source_url", "publisher", "published", "language", "story", "reports")
"""The fields of a card _flat takes as they are (the rest are term references)."""


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


RELATED_LIMIT = 8
"""Co-mentions kept per kind (organizations, people, places, countries) for a dossier."""
ENTITY_KINDS = ("organizations", "people", "places", "countries")


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
        by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for j, n in counts.items():
            by_kind[terms[j].kind].append((j, n))
        picked = []
        for kind in ENTITY_KINDS:
            top = heapq.nsmallest(RELATED_LIMIT, by_kind.get(kind, ()), key=lambda kv: (-kv[1], rank[kv[0]]))
            picked += [Mentioned(terms[j], n) for j, n in top]
        out[terms[i]] = tuple(picked)
    return out


# Countries whose people English news writes family name first (Xi Jinping, Kim Jong Un, Nguyen
# Phu Trong, Hun Manet): their names sort as written unless the data file's `sort_as` says otherwise.
FAMILY_NAME_FIRST = frozenset({"CN", "TW", "KP", "KR", "VN", "KH"})


def sort_key(kind: str, name: str, sort_as: str | None = None, country: str | None = None) -> str:
    """How a term sorts from A to Z: a person by surname (the last word; the name as written for a
    country that puts the family name first; the data file's `sort_as` overrides both), everything
    else by name."""
    if sort_as:
        return _fold(sort_as)
    if kind == "people" and isinstance(country, str) and country.upper() in FAMILY_NAME_FIRST:
        return _fold(name)
    if kind == "people" and " " in name.strip():
        words = name.split()
        return _fold(" ".join([words[-1], *words[:-1]]))
    return _fold(name)


def _with_names(roles: Any, canon: Canon) -> tuple[dict, ...]:
    """A person's roles, each with the name of its country (the data file gives ISO codes)."""
    if not isinstance(roles, list):
        return ()
    names = {code: name for name, code in canon.codes.items()}
    out = []
    for role in roles:
        if isinstance(role, dict) and role.get("title"):
            code = str(role.get("country") or "").upper()
            out.append({**role, "country_name": names.get(code, code)})
    return tuple(out)


def _names_of(ref: TermRef, canon: Canon) -> tuple[str, ...]:
    return (ref.name, *canon.aliases.get((ref.kind, ref.name), ()))


def _taxonomy(
    kind: str, cards: list[Card], canon: Canon, related: dict[TermRef, tuple[Mentioned, ...]],
    split: dict[str, tuple[str, ...]] | None = None,
) -> Taxonomy:
    members: dict[TermRef, list[Card]] = defaultdict(list)
    for card in cards:  # cards are newest first, so each term's list is too
        refs = (card.location,) if kind == "places" else getattr(card, kind)
        for ref in refs:
            if ref is not None:
                members[ref].append(card)
    terms = []
    for ref, cs in members.items():
        description, aliases = canon.descriptions.get((kind, ref.name), ""), canon.aliases.get((kind, ref.name), ())
        years = Counter([c.date.year for c in cs])
        by_year = tuple((y, years.get(y, 0)) for y in range(cs[-1].date.year, cs[0].date.year + 1))
        mentioned = related.get(ref, ())
        facts = canon.details.get((kind, ref.name), {})
        details = tuple(sorted((k, _with_names(v, canon) if k == "roles" else v) for k, v in facts.items() if k != "sort_as"))
        notes: tuple[str, ...] = ()
        if split is not None and kind != "tags":
            names = _names_of(ref, canon)
            notes = tuple(naming(split.get(c.slug, ()), names, kind == "people") for c in cs)
        key = sort_key(kind, ref.name, facts.get("sort_as"), facts.get("country"))
        fp = quick(
            f"{ref.flat}|{description}|{aliases!r}|{by_year!r}|{details!r}|{notes!r}|{key}|"
            + ";".join(f"{m.ref.flat}:{m.count}" for m in mentioned) + "|"
            + ",".join([c.fp for c in cs])
        )
        terms.append(Term(ref, tuple(cs), description, aliases, by_year, mentioned, notes, details, key, fp))
    terms.sort(key=lambda t: (t.sort_key, t.ref.name.casefold(), t.ref.slug))
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
    out = []
    for (y, w), ss in sorted(by_week.items(), reverse=True):
        ss = [s for s in ss if not s.card.uncertain] + [s for s in ss if s.card.uncertain]  # never first
        out.append(Week(y, w, tuple(ss), quick(f"{y}-{w}|" + ",".join(s.fp for s in ss))))
    return tuple(out)


def _timeline(cards: list[Card]) -> tuple[Year, ...]:
    by_month: dict[tuple[int, int], list[Card]] = defaultdict(list)
    for card in cards:
        by_month[(card.date.year, card.date.month)].append(card)
    years: dict[int, list[Month]] = defaultdict(list)
    for (y, m) in sorted(by_month, reverse=True):
        years[y].append(Month(y, m, tuple(by_month[(y, m)])))
    return tuple(Year(y, tuple(months)) for y, months in sorted(years.items(), reverse=True))
