"""One story, many reports: the reports of one event grouped into a story, at build time.

Two agencies report the same meeting; the digest should show it once, with the other reports
beneath it. Two reports are of one event when

- their event dates are at most STORY_DAYS apart, and they do not name different places;
- they name the same people, organizations and places: the weighted share of names they have
  in common (a Dice coefficient: people weigh 3, organizations and places 2, countries 1) is at
  least NAMES_MIN;
- their texts are alike: the share of their content words in common (Jaccard) is at least
  TEXT_MIN, or (a copy, a rewrite) at least TEXT_ALONE with half as many names in common. Reports in different
  languages cannot be compared word by word: they need NAMES_ACROSS_LANGUAGES and two shared
  people or organizations.

Reports are taken in the order they were published (`published`, else `date`, then slug); each
joins the story of the earlier report it matches best, or starts a story of its own. A story is
named by the slug of its earliest report. The grouping depends only on the pages, so it is the
same on every build. An editor overrides it in a page's front-matter: `story: <slug>` joins the
story of that article (any of its reports), `story: none` keeps a report apart. `python build.py
check` explains every story of several reports, and the pairs that came close.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

STORY_DAYS = 2
NAMES_MIN = 0.5
TEXT_MIN = 0.12
TEXT_ALONE = 0.45
NAMES_ACROSS_LANGUAGES = 0.6
WEIGHTS = {"people": 3.0, "organizations": 2.0, "places": 2.0, "countries": 1.0}
NONE = "none"
_TEXT_WORDS = 200
"""Content words are taken from the title and the first words of the body (the lede matters most)."""
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset(
    """that this with from have were will which their there they been said also about after would into
    more over than them then when where while other these those such only some what your being under
    between during within through against among because before should could must shall like just
    года году этот этой этого также было были будет будут который которые которая после более между
    только очень может могут когда если чтобы свой своей своих этом этих является""".split()
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two reports are (or are not) of one event."""

    days: int
    names: float
    shared: tuple[str, ...]
    text: float | None
    """None when the two are in different languages."""
    places_differ: bool = False

    def describe(self) -> str:
        when = "the same day" if self.days == 0 else f"{self.days} day{'s' if self.days > 1 else ''} apart"
        names = f"names {self.names:.2f} alike ({', '.join(self.shared[:6])}{', ...' if len(self.shared) > 6 else ''})" if self.shared else "no name in common"
        text = "different languages" if self.text is None else f"text {self.text:.2f} alike"
        return f"{when}, {names}, {text}" + (", different places" if self.places_differ else "")


@dataclass(frozen=True, slots=True)
class Link:
    """How a report came into its story."""

    slug: str
    to: str | None
    """The report it matched (None when an editor joined it)."""
    evidence: Evidence | None
    editor: bool = False


@dataclass
class Stories:
    """The stories of several reports: which story each report is in, and how it got there."""

    story_of: dict[str, str] = field(default_factory=dict)
    """Report slug -> the story's slug (its earliest report's), for reports in a story of two or more."""
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Story slug -> its reports' slugs, earliest first."""
    links: dict[str, Link] = field(default_factory=dict)
    near: list[tuple[str, str, Evidence]] = field(default_factory=list)
    """Pairs within STORY_DAYS with many names in common that were not grouped (for `check`)."""
    unknown: list[tuple[str, str]] = field(default_factory=list)
    """(report, value) of `story:` values that name no article."""


@dataclass
class _Report:
    slug: str
    date: dt.date
    order: tuple
    language: str | None
    names: dict[str, float]
    """'kind:folded canonical name' -> weight."""
    shown: dict[str, str]
    """The same keys -> the canonical name as written."""
    place: str | None
    override: str | None
    body: str
    title: str
    _words: frozenset | None = None

    @property
    def weight(self) -> float:
        return sum(self.names.values())

    def words(self) -> frozenset:
        if self._words is None:
            text = f"{self.title} {self.body[: _TEXT_WORDS * 9]}".casefold()
            self._words = frozenset(w for w in _WORD.findall(text)[:_TEXT_WORDS] if w not in _STOP)
        return self._words


def group(articles: Iterable, canon=None) -> Stories:
    """The stories of a list of articles (drafts already left out). `canon` (canon.py) makes names
    canonical, so "EEC" and "Eurasian Economic Commission" count as one."""
    reports = [_report(a, canon) for a in articles]
    by_slug = {r.slug: r for r in reports}
    reports.sort(key=lambda r: r.order)
    rank = {r.slug: i for i, r in enumerate(reports)}
    root: dict[str, str] = {}  # report -> the first report of its group
    links: dict[str, Link] = {}
    near: list[tuple[str, str, Evidence]] = []
    postings: dict[str, list[_Report]] = {}  # name -> the reports that name it, by date
    for r in sorted(reports, key=lambda r: r.date):
        for name in r.names:
            postings.setdefault(name, []).append(r)
    days = {name: [r.date.toordinal() for r in rs] for name, rs in postings.items()}

    for r in reports:
        root[r.slug] = r.slug
        if r.override is not None:
            continue  # an editor decides (below)
        best: tuple[float, int, _Report, Evidence] | None = None
        for other, evidence in _candidates(r, postings, days, rank):
            if other.override == NONE:
                continue
            if not _same_event(r, other, evidence):
                if evidence.names >= NAMES_MIN and rank[other.slug] < rank[r.slug]:
                    near.append((other.slug, r.slug, evidence))
                continue
            if rank[other.slug] > rank[r.slug]:
                continue  # it will look back at r itself
            score = evidence.names + (evidence.text or 0.0)
            if best is None or (score, -rank[other.slug]) > (best[0], -best[1]):
                best = (score, rank[other.slug], other, evidence)
        if best is not None:
            root[r.slug] = root[best[2].slug]
            links[r.slug] = Link(r.slug, best[2].slug, best[3])

    unknown = []
    for r in reports:  # the editors' word, in publication order
        if r.override is None or r.override == NONE:
            continue
        target = by_slug.get(r.override)
        if target is None:
            unknown.append((r.slug, r.override))
            continue
        if target.slug != r.slug:
            root[r.slug] = _find(root, target.slug)
            links[r.slug] = Link(r.slug, target.slug, None, editor=True)

    groups: dict[str, list[str]] = {}
    for r in reports:
        groups.setdefault(_find(root, r.slug), []).append(r.slug)
    stories = Stories(links=links, near=near, unknown=unknown)
    for slugs in groups.values():
        if len(slugs) < 2:
            continue
        slugs.sort(key=lambda s: rank[s])
        name = slugs[0]
        stories.members[name] = tuple(slugs)
        for s in slugs:
            stories.story_of[s] = name
    stories.links = {s: link for s, link in links.items() if s in stories.story_of}
    return stories


def _find(root: dict[str, str], slug: str) -> str:
    """The first report of a slug's group (a report only ever points to an earlier group's root)."""
    while root[slug] != slug:
        slug = root[slug]
    return slug


def _candidates(r: _Report, postings: dict[str, list[_Report]], days: dict[str, list[int]], rank: dict[str, int]):
    """Reports within STORY_DAYS that share a name with r, with the evidence about each pair."""
    shared: dict[str, float] = {}
    others: dict[str, _Report] = {}
    day = r.date.toordinal()
    for name, weight in r.names.items():
        found = postings[name]
        ordinals = days[name]
        for i in range(bisect_left(ordinals, day - STORY_DAYS), bisect_right(ordinals, day + STORY_DAYS)):
            other = found[i]
            if other is r:
                continue
            shared[other.slug] = shared.get(other.slug, 0.0) + min(weight, other.names[name])
            others[other.slug] = other
    for slug in sorted(others, key=lambda s: rank[s]):
        other = others[slug]
        total = r.weight + other.weight
        names = 2 * shared[slug] / total if total else 0.0
        if names < NAMES_MIN * 0.6:
            continue  # too few names in common to look at the texts
        yield other, evidence(r, other, names)


def evidence(a: _Report, b: _Report, names: float | None = None) -> Evidence:
    if names is None:
        total = a.weight + b.weight
        names = 2 * sum(min(w, b.names[n]) for n, w in a.names.items() if n in b.names) / total if total else 0.0
    shared = tuple(sorted((a.shown[n] for n in a.names if n in b.names and not n.startswith("countries:")), key=str.casefold))
    same_language = not a.language or not b.language or a.language == b.language
    text = None
    if same_language:
        wa, wb = a.words(), b.words()
        text = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return Evidence(abs((a.date - b.date).days), round(names, 4), shared, None if text is None else round(text, 4), places_differ=bool(a.place and b.place and a.place != b.place))


def _same_event(a: _Report, b: _Report, ev: Evidence) -> bool:
    if ev.days > STORY_DAYS or ev.places_differ:
        return False
    if ev.text is None:
        return ev.names >= NAMES_ACROSS_LANGUAGES and len(ev.shared) >= 2
    return (ev.names >= NAMES_MIN and ev.text >= TEXT_MIN) or (ev.text >= TEXT_ALONE and ev.names >= NAMES_MIN / 2)


def _report(a, canon) -> _Report:
    names: dict[str, float] = {}
    shown: dict[str, str] = {}
    name_of = canon.name if canon is not None else (lambda _kind, value: value)
    for kind in ("organizations", "people", "countries", "places"):
        values = (a.location,) if kind == "places" else getattr(a, kind)
        weight = WEIGHTS[kind]
        for value in values:
            if value:
                name = name_of(kind, value)
                k = f"{kind}:{' '.join(name.casefold().split())}"
                names[k] = weight
                shown[k] = name
    place = next((k for k in names if k.startswith("places:")), None)
    first = a.published or a.date
    return _Report(a.slug, a.date, (first, a.date, a.slug), a.language, names, shown, place, a.story, a.body or "", a.title)
