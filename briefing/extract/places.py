"""Where the reported event took place: a venue or a city named near the event, else the dateline.

The dateline is where the agency filed from, which is often not where things happened ("YEREVAN,
APRIL 4, ARMENPRESS. ... signed a memorandum in Moscow"), so a place in the event's own sentence
wins over it. Cities and venues win over countries ("talks in Shymkent" over "visit to Uzbekistan").
Then a place printed with the date (official sites), a country ("visit to Kazakhstan"), the
dateline city, and last a region ("in the Brest Region": often the site of a project, not the event). Places in clauses about the future ("will take
place in Minsk"), in sentences about another date ("signed on July 23, 2024, in Bishkek"), and any
place for a telephone call are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .document import Document, is_date_line
from .gazetteer import REGION, Gazetteer, Place, token_key
from .model import Finding
from .text import Sentence, finditer_at, tokens

# Words that put a place next to them: "in Minsk", "at the Grand Kremlin Palace", "visited Kazan",
# "visit ... to Kazakhstan", "в Минске", "в городе Ташкенте".
_CUE = re.compile(
    r"(?:\b(?:in|at|visited|visiting|hosted\s+in|arrived\s+in)|\bvisits?\b[^.;]{0,80}?\bto|(?<![\w-])(?:в|во))"
    r"\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:(?:city|town|village|capital)\s+of\s+|(?:городе|г\.|столице|селе|поселке)\s*)?"
    r"(?=[A-ZА-ЯЁ«\"“])",
    re.I,
)
# Where a cue can begin (re.I also folds İ and ı to i): a word's first letter (see dates._MONTH_START).
_CUE_START = re.compile(r"[iavhвIAVHВİı](?<!\w.)")
# A sentence about an event (not "3,000 companies work in Uzbekistan"). The look-ahead lists the
# letters a match can begin with: under re.I the engine has no first-character check of its own and
# would try all ~30 words at every character (see tests/test_extract_places.py for the check).
_EVENT = re.compile(
    r"(?=[mtsfchiawbvngoвпзсф])\b(?:meeting|met|talks|summit|session|forum|ceremony|conference|congress|signed|signing|held|hosted|"
    r"(?:took|taking|takes|take)\s+place|(?:is|are|was|were|being)\s+held|visit\w*|negotiations|gathered|opened|"
    r"встреч\w+|переговор\w+|заседани\w+|саммит\w*|состоял\w*|прош[её]л|прошл[аи]|подписа\w+|визит\w*|форум\w*)\b",
    re.I,
)
_REMOTE = re.compile(
    r"(?=[tpbvтпв])\b(?:(?:tele)?phone\s+(?:conversation|call|talks)|by\s+(?:tele)?phone|telephone|video\s*call|video\s*conference|video\s+link|"
    r"телефонн\w+\s+разговор\w*|по\s+телефону|видеоконференц\w*|видеосвяз\w*)\b",
    re.I,
)
# "a joint venture in Samarkand", "a company based in Almaty", "the construction of a plant in
# Kokshetau" (строительство ТЭЦ в Кокшетау): the place of something, not of the event (but a
# ceremony "at the station in Almaty", a visit "to a plant in Minsk" or "the Ministry of
# Construction held a meeting in Tashkent" is there). The words between "construction of" and the
# place are a short lowercase noun phrase: no verb ("was", "-ed", "провело"), no comma.
_SITE_OF_SOMETHING = re.compile(
    r"\b(?:(?i:joint\s+ventures?|based|located|headquartered|registered|"
    r"совместн\w+\s+предприяти\w+|расположенн\w*|находящ\w*)|"
    r"construction\s+of(?:\s+(?!(?:was|were|is|are|be|been|has|have|had|will|would)\b)[a-z0-9\-]+(?<!ed)){1,3}|"
    r"строительств\w*(?:\s+(?![а-яё\-]*(?:л|ла|ло|ли|лся|лась|лось|лись|ет|ит|ют|ят|ется|ится)\b)[а-яё0-9\-]+){1,3})\s+$"
)
_UNCERTAIN = re.compile(r"^\s*(?:possibly|perhaps|probably|likely|maybe|presumably|возможно|вероятно)\b", re.I)
_REGION_WORD = re.compile(r"\s+(region|oblast|Region|Oblast|province|Province)\b")


@dataclass(frozen=True)
class _Hit:
    name: str
    start: int
    end: int
    level: str  # "city" (cities, venues), "region", "country"


def find_location(doc: Document, gaz: Gazetteer, event_sentence: Sentence | None) -> Finding | None:
    """The cascade of location finders; the first that finds a place wins."""
    lede = doc.lede(4)
    found: dict[tuple[int, int, bool], list[_Hit]] = {}  # the finders ask again for other levels

    def _hits(sents: list[Sentence], level: str, strict_future: bool = False) -> list[_Hit]:
        return [hit for s in sents for hit in _sentence_hits(s, doc, gaz, strict_future, found) if hit.level == level]

    if lede and _REMOTE.search(lede[0].text) and not _hits(lede[:1], "city"):
        return None  # a telephone call happens nowhere in particular
    first = [s for s in lede[:1] if not _other_date(doc, s, event_sentence)]
    later = [s for s in lede[1:4] if _EVENT.search(s.text) and not _other_date(doc, s, event_sentence)]
    groups = (
        ("place named in the first sentence", first),
        ("place named in the event's sentence", [event_sentence] if event_sentence else []),
        ("place named in the lede", later),
    )
    for rule, sents in groups:
        hit = _first(_hits(sents, "city", strict_future=rule.endswith("lede")))
        if hit:
            return Finding(hit.name, rule, hit.start, hit.end)
    header = _place_in_header(doc, gaz)
    if header:
        return header
    for rule, sents in groups:
        hit = _first(_hits([s for s in sents if _EVENT.search(s.text)], "country", strict_future=rule.endswith("lede")))
        if hit:
            return Finding(hit.name, rule.replace("place", "country"), hit.start, hit.end)
    if doc.dateline is not None:
        place = gaz.find_place(doc.dateline.city)
        if place is not None:
            return Finding(place.name, "dateline city", doc.dateline.city_start, doc.dateline.city_end)
    for rule, sents in groups:
        hit = _first(_hits(sents, "region"))
        if hit:
            return Finding(hit.name, rule.replace("place", "region"), hit.start, hit.end)
    return None


def _first(hits: list[_Hit]) -> _Hit | None:
    return hits[0] if hits else None


def _other_date(doc: Document, sent: Sentence, event_sentence: Sentence | None) -> bool:
    """The sentence is about another date than the event's (background)."""
    if event_sentence is not None and sent.start == event_sentence.start:
        return False
    return bool(doc.dates(sent.start, sent.end))


def _sentence_hits(sent: Sentence, doc: Document, gaz: Gazetteer, strict_future: bool, found: dict) -> list[_Hit]:
    """The places a cue puts in the sentence, at every level (remembered in `found`)."""
    hits = found.get((sent.start, sent.end, strict_future))
    if hits is not None:
        return hits
    text = doc.flow
    hits = found[(sent.start, sent.end, strict_future)] = []
    for cue in finditer_at(_CUE, _CUE_START, text, sent.start, sent.end):
        if _is_future_place(text, cue.start(), sent.start, whole_sentence=strict_future):
            continue
        if _SITE_OF_SOMETHING.search(text, max(sent.start, cue.start() - 60), cue.start()):
            continue  # "a joint venture in Samarkand": where a plant is, not where the event was
        hit = _place_at(text, cue.end(), sent.end, gaz)
        if hit:
            hits.append(hit)
    return hits


def _is_future_place(text: str, pos: int, floor: int, whole_sentence: bool = False) -> bool:
    if whole_sentence:
        return bool(dates._FUTURE.search(text, floor, pos))
    clause = dates.clause_before(text, pos, floor)
    if _UNCERTAIN.match(clause):  # "..., possibly in Issyk-Kul": the clause before decides
        prev_end = pos - len(clause)
        clause = dates.clause_before(text, max(floor, prev_end - 1), floor) + clause
    return bool(dates._FUTURE.search(clause))


def _place_at(text: str, pos: int, end: int, gaz: Gazetteer) -> _Hit | None:
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
        if text[e : e + 2].startswith(("’", "'s", "'")):
            continue  # "in Belarus’ industrial programme": a possessive, not a place
        name = text[s:e]
        region = _REGION_WORD.match(text, e) if n <= 2 else None
        if region:  # "in the Turkistan Region": the region, not its city
            if gaz.is_place(name) or name[:1].isupper():
                return _Hit(f"{name} {region.group(1).capitalize()}", s, region.end(), "region")
        place = gaz.find_place(name)
        if place is not None and _plausible(place, n):
            return _Hit(place.name, s, e, "city")
        country = _country(name, gaz)
        if country:
            return _Hit(country, s, e, "country")
    return None


def _plausible(place: Place, words: int) -> bool:
    """A one-word town far from the region is more likely a common word ("the Republic of ...")."""
    return place.kind != "city" or words > 1 or place.country in REGION or place.population >= 100_000


def _country(name: str, gaz: Gazetteer) -> str | None:
    toks = tokens(name)
    hit = gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks]) if toks else None
    if hit and hit[0] == len(toks):
        for entry in hit[1]:
            if entry.entity.kind == "country":
                return entry.entity.name
    return None


def _place_in_header(doc: Document, gaz: Gazetteer) -> Finding | None:
    """'May 25, 2023, The Kremlin, Moscow', or a date line followed by 'Novo-Ogaryovo, Moscow Region':
    official sites print the place of the event with its date, above or just below the lede."""
    lines = [ln for ln in (*doc.top, *doc.body[:4]) if ln.text]
    for i, ln in enumerate(lines):
        if not is_date_line(ln.text):
            continue
        nxt = lines[i + 1 : i + 2]
        for line in [ln, *(n for n in nxt if len(n.text.split()) <= 6 and not n.text.endswith("."))]:
            for part in re.split(r",\s*|\s+\|\s+", line.text):
                part = part.strip()
                place = gaz.find_place(part) if part and not dates.find_mentions(part) else None
                if place is not None:
                    start = line.start + line.text.find(part)
                    return Finding(place.name, "place printed with the date", start, start + len(part))
    return None
