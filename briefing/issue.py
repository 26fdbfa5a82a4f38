"""The digest as an issue: weekly issues, the lead of a week (its top stories and who and where
was most active) and the timeline by month.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .fingerprint import quick
from .model import Card, Lead, LeadItem, Mentioned, Month, Story, Week, Year, entities_of, terms_of

LEAD_SIZE = 3
"""Top stories in the lead of the digest and of a weekly issue."""
GLANCE_SIZE = 5


def story_groups(cards: list[Card] | tuple[Card, ...]) -> dict[str, list[Card]]:
    """Reports by story (see Card.story_key), newest first."""
    groups: dict[str, list[Card]] = defaultdict(list)
    for c in cards:
        groups[c.story_key].append(c)
    return groups


def week_lead(week: Week, groups: dict[str, list[Card]] | None = None) -> Lead | None:
    """The lead of a week: its top stories among the items whose date is sure, the most reported
    first (then those naming most, then the newest), with the other reports of each story
    (`groups`: story_groups of every card of the site, made once for all weeks; else the week's)."""
    sure = [s.card for s in week.stories if not s.card.uncertain]
    if not sure:
        return None
    if groups is None:
        groups = story_groups([s.card for s in week.stories])
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
            counter.update(terms_of(s.card, kind))
        top = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].name.casefold()))[:GLANCE_SIZE]
        if top:
            glance.append((kind, tuple(Mentioned(r, n) for r, n in top)))
    return Lead(week.year, week.week, items, tuple(glance), len(week.stories))


def digest_lead(weeks: tuple[Week, ...], cards: list[Card]) -> Lead | None:
    """The digest's lead: the newest week that has an item with a sure date."""
    groups = story_groups(cards)
    for week in weeks:
        lead = week_lead(week, groups)
        if lead is not None:
            return lead
    return None


def week_of(card: Card) -> tuple[int, int]:
    """The ISO (year, week) an article belongs to: its date's, or its reporting period's start."""
    day = card.period.start if card.period else card.date
    iso = day.isocalendar()
    return iso.year, iso.week


def weekly_issues(stories: list[Story]) -> tuple[Week, ...]:
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


def timeline_of(cards: list[Card]) -> tuple[Year, ...]:
    by_month: dict[tuple[int, int], list[Card]] = defaultdict(list)
    for card in cards:
        by_month[(card.date.year, card.date.month)].append(card)
    years: dict[int, list[Month]] = defaultdict(list)
    for y, m in sorted(by_month, reverse=True):
        years[y].append(Month(y, m, tuple(by_month[(y, m)])))
    return tuple(Year(y, tuple(months)) for y, months in sorted(years.items(), reverse=True))
