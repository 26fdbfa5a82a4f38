"""Where the reported event took place: every place the story names is a candidate; a learnt
model weighs the evidence for each (where it is named, the word before it, the sentence around
it) and the most probable one is the location, or none when no candidate is probable enough.

The dateline is where the agency filed from, often not where things happened ("YEREVAN, 4 April
... signed a memorandum in Moscow"): the model learns how much a dateline city is worth against
a place in the event's own sentence. Finders, in order: the dateline, place names printed with a
date above the story, the headline, the sentences of the story (`_SENTENCES` of them), and
phrases that name a place without its name ("the Kyrgyz capital", "at the headquarters of the
EEC").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..region import REGION
from . import dates
from .document import Document
from .gazetteer import Gazetteer, Place, token_key
from .lexicon import (
    DESTINATION,
    HOST,
    REMOTE,
    SITE_OF_SOMETHING,
    SITE_OF_SOMETHING_WORD,
    UNCERTAIN,
    UNCERTAIN_WORD,
    cue_before,
)
from .lines import is_date_line
from .model import Finding
from .scorer import Candidate, LinearModel, choose_among
from .text import CYRILLIC_RE, Sentence, Token, tokens

_SENTENCES = 6
"""How many sentences of the story are searched for places (the event is told early)."""
_REGION_WORD = re.compile(r"\s+(region|oblast|Region|Oblast|province|Province|область|области|областью|крае|край)\b")
_CONNECTORS = ("of", "de", "na", "on")
Words = Callable[[int, int], list[Token]]
RULED_OUT = frozenset({"future", "site_of"})
"""Evidence that rules a mention out: a clause about the future ("will be held in"), the site of a
thing rather than of an event ("a joint venture in"). Kept as rules for their cross-validated effect
(location 0.72 -> 0.74 on the corpus folds), not because a weight could not learn them."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    name: str
    """What to report: the place table's name, a country's canonical name, 'X Region'."""
    level: str  # "city" (cities and venues), "region", "country"
    start: int
    end: int
    place: Place | None = None


def location_candidates(
    doc: Document,
    gaz: Gazetteer,
    event: Sentence | None,
    org_spans: list[tuple[int, int]],
    person_spans: list[tuple[int, int]],
    words: Words | None = None,
    org_seats: Sequence[tuple[int, int, str]] = (),
) -> list[Candidate]:
    """Every mention of a place in the story, with the evidence for it being the event's place.
    A place named several times has several candidates: they compete with every other mention and
    with no place at all (`scorer.choose_among`); any mention of the right place makes it right."""
    by_span: dict[tuple[int, int], Candidate] = {}
    out = []
    people, orgs = _Spans(person_spans), _Spans(org_spans)
    for m, rule, evidence in _mentions(doc, gaz, event, words, org_seats):
        if people.overlap(m.start, m.end):
            continue  # "Vladimir Putin" names no town
        in_org = orgs.hold(m.start, m.end)
        if in_org and m.place is not None and m.place.country not in REGION and m.place.kind == "city":
            continue  # "Commonwealth of ...", "State Duma": a far-off town's name inside a body's name
        c = by_span.get((m.start, m.end))
        if c is not None:  # a dateline is also a line with a date: one mention, all its evidence
            for name, value in evidence.items():
                c.add(name, value)
            continue
        c = by_span[(m.start, m.end)] = Candidate(m.name, dict(evidence), Finding(m.name, rule, m.start, m.end))
        c.add(f"level:{m.level}")
        if m.place is not None and m.place.kind != "city":
            c.add("level:venue")
        if m.place is not None and (m.place.country in REGION or m.place.kind != "city"):
            c.add("in_region")
        if m.place is not None and m.place.population >= 1_000_000:
            c.add("big_city")
        if in_org:
            c.add("in_org_name")
        out.append(c)
    _share_with_value(out, ("src:host", "destination"))
    for c in out:  # "paid a visit to Belarus": a country is rarely the place, unless it is visited
        if "level:country" in c.features and "place:destination" in c.features:
            c.add("country_visited")
    return out


def _share_with_value(candidates: list[Candidate], names: tuple[str, ...]) -> None:
    """Evidence about a place rather than one mention of it ("the host's country", "a visit to"):
    every mention of that place gets it, as "place:" + the name."""
    for name in names:
        values = {c.value for c in candidates if name in c.features}
        for c in candidates:
            if c.value in values:
                c.add("place:" + name)


class _Spans:
    """Spans of the text in order, with the furthest end reached by those that begin up to each:
    whether one of them overlaps or holds a range is a bisection, not a pass over them all."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.begins = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Some span begins before `end` and ends after `start`."""
        k = bisect_left(self.begins, end)
        return k > 0 and self.reach[k - 1] > start

    def hold(self, start: int, end: int) -> bool:
        """Some span begins at or before `start` and ends at or after `end`."""
        k = bisect_right(self.begins, start)
        return k > 0 and self.reach[k - 1] >= end


def find_location(
    doc: Document,
    gaz: Gazetteer,
    event: Sentence | None,
    org_spans: list[tuple[int, int]],
    person_spans: list[tuple[int, int]],
    model: LinearModel,
    words: Words | None = None,
    org_seats: Sequence[tuple[int, int, str]] = (),
) -> tuple[Finding | None, list[Candidate]]:
    """The event's place (or None) and the scored candidates behind the choice. `words`: the
    story's tokens of a range, when the entity scan has them (else each sentence is tokenized);
    `org_seats`: where bodies with a known seat are named, and their seats."""
    candidates = location_candidates(doc, gaz, event, org_spans, person_spans, words, org_seats)
    if _remote_meeting(doc, candidates):
        return None, candidates
    candidates = [c for c in candidates if not (c.features.keys() & RULED_OUT)]
    candidates.append(_no_place(candidates))
    best = choose_among(candidates, model)
    if best is None:
        return None, candidates
    f = best.finding
    return Finding(best.value, f"{f.rule} (score {best.score:.2f})", f.start, f.end), candidates


def _no_place(candidates: list[Candidate]) -> Candidate:
    """The choice of no place at all, with what speaks for it: no city named, no place after
    "in" or "в", a story that names few places."""
    c = Candidate(None, {"none": 1.0}, Finding(None, "no place of the event named"))
    if not any(k.features.get("level:city") for k in candidates):
        c.add("none:no_city")
    if not any(k.features.get("cue:in") or k.features.get("cue:в") or k.features.get("cue:at") for k in candidates):
        c.add("none:no_cue")
    if not any("src:dateline" in k.features or "src:header" in k.features for k in candidates):
        c.add("none:no_dateline")
    return c


def _remote_meeting(doc: Document, candidates: list[Candidate]) -> bool:
    """A telephone call or a video conference told in the first two sentences happens nowhere in
    particular, unless that sentence puts someone in a city ("from Minsk", "in Astana") or the
    page prints a place with the date (where the host sat)."""
    s = next((s for s in doc.first_sentences(2) if REMOTE.search(s.text)), None)
    if s is None:
        return False
    return not any(c.features.get("level:city") and (s.start <= c.finding.start < s.end or "src:header" in c.features) for c in candidates)


# --- finders: each yields (mention, rule, evidence) ---------------------------------------------


def _mentions(doc: Document, gaz: Gazetteer, event: Sentence | None, words: Words | None, org_seats: Sequence[tuple[int, int, str]]) -> Iterator[tuple[PlaceMention, str, dict[str, float]]]:
    yield from _dateline(doc, gaz)
    yield from _header(doc, gaz)
    yield from _headline(doc, gaz, words)
    yield from _story(doc, gaz, event, words)
    yield from _host(doc, gaz, words)
    yield from _seats(doc, gaz, event, org_seats)


def _dateline(doc: Document, gaz: Gazetteer):
    dl = doc.dateline
    if dl is None:
        return
    place = gaz.find_place(dl.city)
    if place is not None:
        yield PlaceMention(place.name, "city", dl.city_start, dl.city_end, place), "dateline city", {"src:dateline": 1.0}


_HEADER_PARTS = re.compile(r",\s*|\s+\|\s+|\s*/\s*|\s+[–—-]\s+")


def _header(doc: Document, gaz: Gazetteer):
    """'May 25, 2023, The Kremlin, Moscow', '20 февраля, Москва /...': a place printed with a date,
    above the story or at the start of its first lines."""
    lines = [ln for ln in (*doc.top, *doc.body[:3]) if ln.text]
    for i, ln in enumerate(lines):
        near_date = is_date_line(ln.text) or bool(doc.dates(ln.start, min(ln.end, ln.start + 30)))
        if not near_date:
            continue
        nxt = [n for n in lines[i + 1 : i + 2] if len(n.text.split()) <= 6 and not n.text.endswith(".")]
        for line in (ln, *nxt):
            head = line.text[:80]
            for part in _HEADER_PARTS.split(head):
                part = part.strip(" .")
                if not part or dates.find_mentions(part):
                    continue
                place = gaz.find_place(part)
                if place is not None:
                    start = line.start + line.text.find(part)
                    yield PlaceMention(place.name, "city", start, start + len(part), place), "place printed with the date", {"src:header": 1.0}


def _headline(doc: Document, gaz: Gazetteer, words: Words | None):
    if not doc.headline:
        return
    s, e = doc.headline
    for m in places_in(doc.text, s, e, gaz, words(s, e) if words else None):
        evidence = {"src:headline": 1.0, f"cue:{cue_before(doc.text, m.start, s)}": 1.0}
        yield m, "place named in the headline", evidence


def _story(doc: Document, gaz: Gazetteer, event: Sentence | None, words: Words | None):
    text = doc.flow
    for k, sent in enumerate(_chosen_sentences(doc, event)):
        places = places_in(text, sent.start, sent.end, gaz, words(sent.start, sent.end) if words else None)
        if not places:
            continue  # the evidence below is about the sentence's places
        in_event = event is not None and sent.start == event.start
        sentence_evidence = {
            _position(k, in_event and k >= _SENTENCES): 1.0,
            "event_sentence": float(in_event),
            "other_date": float(not in_event and bool(doc.dates(sent.start, sent.end))),
        }
        # Most sentences hold no word of the future and no site: their places need no clause test.
        future_words = places and bool(dates._FUTURE.search(text, sent.start, sent.end) or UNCERTAIN_WORD.search(sent.text))
        site_words = places and bool(SITE_OF_SOMETHING_WORD.search(sent.text))
        for m in places:
            evidence = dict(sentence_evidence)
            cue = cue_before(text, m.start, sent.start)
            evidence[f"cue:{cue}"] = 1.0
            if DESTINATION.search(text, max(sent.start, m.start - 80), m.start):
                evidence["destination"] = 1.0
            if future_words:
                clause = dates.clause_before(text, m.start, sent.start)
                if UNCERTAIN.match(clause) or dates.in_future_clause(text, m.start, sent.start):
                    evidence["future"] = 1.0
            if site_words and SITE_OF_SOMETHING.search(text, max(sent.start, m.start - 70), m.start):
                evidence["site_of"] = 1.0
            yield m, "place named in the story" if not in_event else "place named in the event's sentence", evidence


def _seats(doc: Document, gaz: Gazetteer, event: Sentence | None, org_seats: Sequence[tuple[int, int, str]]):
    """'at the headquarters of X', 'X hosted', 'visited X': a body named early in the story, whose
    seat the data file knows, stands for its seat city; the word before it says how."""
    text = doc.flow
    chosen = _chosen_sentences(doc, event)
    for start, end, seat in org_seats:
        k = next((k for k, s in enumerate(chosen) if s.start <= start < s.end), None)
        if k is None:
            continue
        place = gaz.find_place(seat)
        if place is None:
            continue
        sent = chosen[k]
        cue = cue_before(text, start, sent.start)
        hosts = HOST.match(text, end + 1, sent.end) is not None
        if cue not in _AT_A_BODY and not hosts:
            continue  # "a decision of X", "X said": the body, not its building
        evidence = {"src:seat": 1.0, f"seat_cue:{'hosts' if hosts else cue}": 1.0, _position(k, False): 1.0}
        yield PlaceMention(place.name, "city", start, end, place), "the seat of a body named here", evidence


_AT_A_BODY = frozenset({"at", "in", "visited", "visiting", "visit", "visits", "в", "во"})


def _chosen_sentences(doc: Document, event: Sentence | None) -> list[Sentence]:
    """The sentences searched for places: the first `_SENTENCES` and the event's."""
    chosen = doc.first_sentences(_SENTENCES)
    return chosen if event is None or event in chosen else [*chosen, event]


def _host(doc: Document, gaz: Gazetteer, words: Words | None):
    """'The Belarusian President met with ...', 'President of Uzbekistan X received ...': the
    country of the one who receives, named before the verb of meeting in the first sentence that has one (of two)."""
    for s in doc.first_sentences(2):
        verb = HOST.search(doc.flow, s.start, s.end)
        if verb is not None:
            break
    else:
        return
    subject = (s.start, verb.start())
    for m in places_in(doc.flow, *subject, gaz, words(*subject) if words else None):
        if m.level == "country":
            yield m, "the host's country", {"src:host": 1.0}
    toks = words(*subject) if words else tokens(doc.flow, *subject)
    for t in toks:
        country = gaz.demonyms.get(token_key(t.text)) if t.text[:1].isupper() or CYRILLIC_RE.match(t.text) else None
        if country is not None:
            yield PlaceMention(country.name, "country", t.start, t.end), "the host's country", {"src:host": 1.0}


def _position(k: int, late_event: bool) -> str:
    if late_event:
        return "sent:later"
    return "sent:0" if k == 0 else "sent:1" if k == 1 else "sent:2-3" if k <= 3 else "sent:4+"


# --- place names in a span -----------------------------------------------------------------------


def places_in(text: str, start: int, end: int, gaz: Gazetteer, toks: list[Token] | None = None) -> list[PlaceMention]:
    """Every place, region or country named in text[start:end], longest names first, left to right
    (`toks`: the words of that range, when the caller has them)."""
    toks = tokens(text, start, end) if toks is None else toks
    out: list[PlaceMention] = []
    # Without Cyrillic, fewer words may begin a place (see Gazetteer.may_start_latin_place).
    latin = not CYRILLIC_RE.search(text, start, max(end, toks[-1].end) if toks else end)
    i = 0
    while i < len(toks):
        word = toks[i][0]
        if not word[:1].isupper() or not gaz.may_start_place(word) or (latin and not gaz.may_start_latin_place(word) and not _REGION_WORD.match(text, toks[i].end)):
            i += 1
            continue
        found = _place_at(text, toks, i, gaz)
        if found is None:
            i += 1
            continue
        out.append(found[0])
        i += found[1]
    return out


def _place_at(text: str, toks: list[Token], i: int, gaz: Gazetteer) -> tuple[PlaceMention, int] | None:
    """The longest run of capitalised words at toks[i] (up to 5) that names a place, and its length."""
    run = [toks[i]]
    for t in toks[i + 1 : i + 5]:
        gap = text[run[-1].end : t.start]
        if gap not in (" ", ". ", "-") or not (t[0][:1].isupper() or t[0] in _CONNECTORS):
            break
        run.append(t)
    while run and run[-1].text in _CONNECTORS:
        run.pop()
    for n in range(len(run), 0, -1):
        s, e = run[0].start, run[n - 1].end
        name = text[s:e]
        region = _REGION_WORD.match(text, e) if n <= 2 else None
        if region and (gaz.is_place(name) or n == 1):
            return PlaceMention(f"{_nominative(name)} Region", "region", s, region.end()), n
        country, place = gaz.country_or_place(name)
        if country is not None:  # "Armenia" the country, not the town in Colombia
            return PlaceMention(country, "country", s, e), n
        if place is not None and _plausible(place, n):
            return PlaceMention(place.name, "city", s, e, place), n
    return None


def _nominative(name: str) -> str:
    from . import russian

    if CYRILLIC_RE.search(name):
        return " ".join(russian.nominative(w) for w in name.split())
    return name


def _plausible(place: Place, words: int) -> bool:
    """A one-word town far from the region is more likely a common word ("the Republic of ...")."""
    return place.kind != "city" or words > 1 or place.country in REGION or place.population >= 100_000
