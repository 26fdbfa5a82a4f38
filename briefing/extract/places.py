"""Where the reported event took place: a venue or a city named near the event, else the dateline.

The dateline is where the agency filed from, which is often not where things happened ("YEREVAN,
APRIL 4, ARMENPRESS. ... signed a memorandum in Moscow"), so a place in the event's own sentence
wins over it. Places in clauses about the future ("will take place in Minsk") are skipped.
"""
from __future__ import annotations

import re

from . import dates
from .document import Document
from .gazetteer import Gazetteer, Place
from .model import Finding
from .text import Sentence, tokens

# Words that put a place next to them: "in Minsk", "at the Grand Kremlin Palace", "visited Kazan",
# "visit ... to Kazakhstan", "в Минске", "в городе Ташкенте".
_CUE = re.compile(
    r"(?:\b(?:in|at|visited|visiting|hosted\s+in|arrived\s+in)|\bvisits?\b[^.;]{0,80}?\bto|(?<![\w-])(?:в|во))"
    r"\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:(?:city|town|village|capital)\s+of\s+|(?:городе|г\.|столице|селе|поселке)\s*)?"
    r"(?=[A-ZА-ЯЁ«\"“])",
    re.I,
)
# A sentence about an event (not "3,000 companies work in Uzbekistan").
_EVENT = re.compile(
    r"\b(?:meeting|met|talks|summit|session|forum|ceremony|conference|congress|signed|signing|held|hosted|"
    r"(?:took|taking|takes|take)\s+place|(?:is|are|was|were|being)\s+held|visit\w*|negotiations|gathered|opened|встреч\w+|переговор\w+|заседани\w+|саммит\w*|"
    r"состоял\w*|прош[её]л|прошл[аи]|подписа\w+|визит\w*|форум\w*)\b",
    re.I,
)
_UNCERTAIN = re.compile(r"^\s*(?:possibly|perhaps|probably|likely|maybe|presumably|возможно|вероятно)\b", re.I)


def find_location(doc: Document, gaz: Gazetteer, event_sentence: Sentence | None) -> Finding | None:
    """The cascade of location finders; the first that finds a place wins."""
    lede = doc.lede(4)
    finders = (
        ("place named in the first sentence", lede[:1]),
        ("place named in the event's sentence", [event_sentence] if event_sentence else []),
        # A place in the next sentences of the lede, unless that sentence is about another date
        # ("The agreement was signed on July 23, 2024, in Bishkek" is background).
        ("place named in the lede", [s for s in lede[1:4] if _EVENT.search(doc.flow, s.start, s.end) and not _other_date(doc, s, event_sentence)]),
    )
    for rule, sents in finders:
        hit = _place_in(sents, doc, gaz)
        if hit:
            return Finding(hit[0], rule, hit[1], hit[2])
    if doc.dateline is not None:
        place = gaz.find_place(doc.dateline.city)
        if place is not None:
            return Finding(_label(place), "dateline city", doc.dateline.city_start, doc.dateline.city_end)
    return _place_in_header(doc, gaz)


def _other_date(doc: Document, sent: Sentence, event_sentence: Sentence | None) -> bool:
    if event_sentence is not None and sent.start == event_sentence.start:
        return False
    return bool(doc.dates(sent.start, sent.end))


def _label(place: Place) -> str:
    return place.name


def _place_in(sents: list[Sentence], doc: Document, gaz: Gazetteer) -> tuple[str, int, int] | None:
    text = doc.flow
    for sent in sents:
        for cue in _CUE.finditer(text, sent.start, sent.end):
            pos = cue.end()
            if _is_future_place(text, cue.start(), sent.start):
                continue
            hit = _place_at(text, pos, sent.end, gaz)
            if hit:
                return hit
    return None


def _is_future_place(text: str, pos: int, floor: int) -> bool:
    clause = dates.clause_before(text, pos, floor)
    if _UNCERTAIN.match(clause):  # "..., possibly in Issyk-Kul": the clause before decides
        prev_end = pos - len(clause)
        clause = dates.clause_before(text, max(floor, prev_end - 1), floor) + clause
    return bool(dates._FUTURE.search(clause))


def _place_at(text: str, pos: int, end: int, gaz: Gazetteer) -> tuple[str, int, int] | None:
    """The longest run of capitalised words at pos (up to 5) that names a place or a country."""
    toks = tokens(text, pos, min(end, pos + 80))
    run = []
    for t in toks:
        gap = text[run[-1].end : t.start] if run else text[pos : t.start]
        if run and gap not in (" ", ". ", "-") or (not run and gap.strip(" «\"“")):
            break
        if not (t.is_cap or (run and t.text in ("of", "de", "na", "on"))):
            break
        run.append(t)
        if len(run) == 5:
            break
    for n in range(len(run), 0, -1):
        s, e = run[0].start, run[n - 1].end
        after = text[e : e + 2]
        if after.startswith(("’", "'s", "'")):
            continue  # "in Belarus’ industrial programme": a possessive, not a place
        name = text[s:e]
        place = gaz.find_place(name)
        if place is not None and _plausible(place, n):
            return _label(place), s, e
        country = _country(name, gaz)
        if country:
            return country, s, e
    return None


def _plausible(place: Place, words: int) -> bool:
    """A one-word town far from the region is more likely a common word ("the Republic of ...")."""
    from .gazetteer import REGION

    return place.kind != "city" or words > 1 or place.country in REGION or place.population >= 100_000


def _country(name: str, gaz: Gazetteer) -> str | None:
    from .gazetteer import token_key

    toks = tokens(name)
    hit = gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks]) if toks else None
    if hit and hit[0] == len(toks):
        for entry in hit[1]:
            if entry.entity.kind == "country":
                return entry.entity.name
    return None


def _place_in_header(doc: Document, gaz: Gazetteer) -> Finding | None:
    """'May 25, 2023, The Kremlin, Moscow': a header date line that names the place."""
    from .document import is_date_line

    for ln in doc.top:
        if not is_date_line(ln.text):
            continue
        for part in re.split(r",\s*", ln.text):
            place = gaz.find_place(part.strip())
            if place is not None and not dates.find_mentions(part):
                start = ln.start + ln.text.find(part)
                return Finding(_label(place), "place in the header date line", start, start + len(part))
    return None
