"""Organizations named only inside someone's job title, and "the Commission" standing for the
organization named before."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ..text import CYRILLIC_RE, matches_at
from .patterns import HEAD_RE, RU_TITLE_RE, THE, TITLE_CLAUSE_AFTER, TITLE_RE
from .scan import Mention, Scan, in_chunk


def mark_title_spans(scan: Scan) -> None:
    people = [m for m in scan.mentions if m.kind == "person"]
    spans = []
    for p in people:
        before_start = max(0, p.start - 110)
        before = scan.text[before_start : p.start]
        clause_start = before_start + max(before.rfind(". "), before.rfind("; "), before.rfind("\n"), before.rfind(" by "), before.rfind(" with "), before.rfind(" and "), -1) + 1
        clause = scan.text[clause_start : p.start]
        t = TITLE_RE.search(clause) or (RU_TITLE_RE.search(clause) if CYRILLIC_RE.search(clause) else None)
        if t:
            # Names of bodies written before the title word belong to it too ("EEC Board Chairman").
            spans.append((clause_start + max(0, t.start() - 40), p.start))
        after = scan.text[p.end : p.end + 140]
        a = TITLE_CLAUSE_AFTER.match(after)
        if a:
            spans.append((p.end, p.end + a.end()))
    # An organization is inside a title when a span that begins at or before it reaches its end:
    # the furthest reach of the spans begun by each place, found by bisection.
    spans.sort()
    begins = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))
    for m in scan.mentions:
        if m.kind == "organization":
            k = bisect_right(begins, m.start)
            m.in_title = k > 0 and reach[k - 1] >= m.end


def find_anaphora(scan: Scan) -> None:
    """'the Commission' after 'the Eurasian Economic Commission (EEC)' is that organization acting,
    even when its full name appeared only in someone's title."""
    orgs = sorted((m for m in scan.mentions if m.kind == "organization"), key=lambda m: m.start)
    if not orgs:
        return
    the = scan.words_at(THE)
    for start, end in scan.body_spans:
        for m in matches_at(_ANAPHOR, (start + s for s, _ in in_chunk(the, start, end)), scan.text, start, end):
            s, e = m.start(1), m.end(1)
            if scan.covered(s, e, "organization"):
                continue
            head = m.group(1).casefold().replace("organisation", "organization")
            before = [o for o in orgs if o.end <= s and head in _org_words(o)]
            if before:
                ref = before[-1]
                scan.mentions.append(Mention("organization", s, e, ref.surface, f"'the {m.group(1)}': the organization named before", ref.entity))


_ANAPHOR = re.compile(r"\bthe\s+(Commission|Council|Organi[sz]ation|Bank|Committee|Fund|Court|Assembly|Secretariat|Corporation)\b(?:['’]s)?(?!\s+(?:of\b|[A-Z]))")


def _org_words(m: Mention) -> set[str]:
    """The head noun of an organization's name: 'Commission' of 'Eurasian Economic Commission',
    'Board' (not 'Commission') of 'Board of the Eurasian Economic Commission'."""
    name = m.entity.name if m.entity is not None else m.surface
    head = HEAD_RE.search(name)
    return {head.group().casefold().replace("organisation", "organization")} if head else set()
