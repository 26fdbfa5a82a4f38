"""Finder: the names and aliases of the data file (organizations, people, countries), and the
country a dateline names."""

from __future__ import annotations

import re
from itertools import compress

from .. import russian
from ..gazetteer import Entity
from ..text import fold
from .patterns import CURRENCY, GENERIC_GOVERNMENT
from .scan import Mention, Scan


def find_data_file_names(scan: Scan) -> None:
    toks, keys = scan.tokens, scan.keys
    starts = scan.gaz.index.trie
    after = 0  # the end of the last name found: names do not overlap
    last = len(keys) - 1
    for i in list(compress(range(len(keys)), map(starts.__contains__, keys))):  # most words begin no name of the data file
        if i < after:
            continue
        node = starts[keys[i]]
        if not node[0] and (i == last or keys[i + 1] not in node[1]):
            continue  # "the", "joint": no name is that word alone, nor goes on with the next one
        hit = scan.gaz.index.longest_at(toks, i, keys)
        if not hit or scan.span_of[i] != scan.span_of[i + hit[0] - 1]:
            continue  # a name does not run from the headline into the story
        n, entries = hit
        after = i + n
        start, end = toks[i].start, toks[i + n - 1].end
        entity = _prefer(entries, scan.text, start)
        surface = scan.text[start:end]
        if entity.kind == "country" and CURRENCY.match(scan.text, end, end + 10):
            continue  # "410 million US dollars"
        if entity.kind == "organization" and GENERIC_GOVERNMENT.match(surface):
            countries_inside(scan, i, i + n)  # "the Government of Belarus" still names Belarus
            continue
        if entity.kind == "organization" and entity.role == "agency" and _is_attribution(scan.text, start, end):
            if entity not in scan.agencies:
                scan.agencies.append(entity)
            scan.source_spans.append((start, end))
        elif entity.kind == "person" and n == 1 and (toks[i].text[:1].islower() or other_given_name_before(scan, i, entity)):
            pass  # "Alexey Borodin" is not the data file's Pavel Borodin
        else:
            scan.add(Mention(entity.kind, start, end, surface, "data file: name or alias", entity))
            if entity.kind == "organization" and n > 1:
                countries_inside(scan, i, i + n)


def countries_inside(scan: Scan, first: int, stop: int) -> None:
    """'Ministry of Justice of the Russian Federation' and 'Azerbaijan Railways' name a country too."""
    j, trie, keys = first, scan.gaz.index.trie, scan.keys
    while j < stop:
        if keys[j] not in trie:  # most words of a name begin no name ("of", "Ministry")
            j += 1
            continue
        hit = scan.gaz.index.longest_at(scan.tokens, j, keys, stop)
        country = next((e.entity for e in hit[1] if e.entity.kind == "country"), None) if hit else None
        if country is not None:
            s, e = scan.tokens[j].start, scan.tokens[j + hit[0] - 1].end
            scan.add(Mention("country", s, e, scan.text[s:e], "country named inside an organization's name", country))
            j += hit[0]
        else:
            j += 1


def other_given_name_before(scan: Scan, i: int, person: Entity) -> bool:
    if i == 0:
        return False
    prev = scan.tokens[i - 1]
    if scan.text[prev.end : scan.tokens[i].start] != " " or not prev.is_cap:
        return False
    given = fold(russian.nominative(prev.text)) if prev.is_cyrillic else fold(prev.text)
    if given not in scan.gaz.given_names and not (prev.is_cyrillic and "Name" in russian.name_tags(prev.text)):
        return False
    known = {fold(a.split()[0]) for a in (person.name, *person.aliases) if len(a.split()) > 1}
    return given not in known


# -- 2. "Full Name (ACR)"


def find_dateline_country(scan: Scan) -> None:
    """'BAKU, Azerbaijan, May 14.': the dateline names a country too."""
    dl = scan.doc.dateline
    if dl is None:
        return
    m = re.match(r"\s*,\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*[,.]", scan.text[dl.city_end : dl.end])
    if m:
        country = scan.country_entity(m.group(1))
        if country is not None:
            s = dl.city_end + m.start(1)
            scan.add(Mention("country", s, s + len(m.group(1)), m.group(1), "country in the dateline", country))


_ATTRIBUTION_BEFORE = re.compile(
    r"(?:according\s+to|as|cited\s+by|quoted\s+by|reported\s+by|told|to|by|via|source:?|сообщает|сообщил\w*|передает|передаёт|"
    r"по\s+данным|по\s+информации|как\s+сообщает|со\s+ссылкой\s+на)\s*[«\"“(]?\s*$",
    re.I,
)
_ATTRIBUTION_AFTER = re.compile(
    r"^\s*[»\"”)]?\s*(?:,\s*)?(?:(?:news\s+)?agency\s+)?(?:['’]s\s+)?(?:correspondent\s+|reporter\s+)?(?:reports?|reported|has\s+learned|learned|learnt|informs?|informed|writes|wrote|"
    r"says|said|was\s+informed|has\s+been\s+informed|quoted|cites?|сообща\w+|переда\w+|пишет)\b",
    re.I,
)


def _is_attribution(text: str, start: int, end: int) -> bool:
    """'BelTA has learned', 'Trend reports', 'As ARMENPRESS was informed', '(Kabar)': a news agency
    used as the source of the story, not an actor in it ('MIR signed a memorandum')."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        return True
    return bool(_ATTRIBUTION_BEFORE.search(before) or _ATTRIBUTION_AFTER.match(after))


def _prefer(entries, text: str, start: int) -> Entity:
    """The entity an alias names: the country when a country shares it with entities of other
    kinds; otherwise the first listed."""
    if len(entries) == 1:
        return entries[0].entity
    kinds = {e.entity.kind for e in entries}
    if len(kinds) > 1 and "country" in kinds:
        return next(e.entity for e in entries if e.entity.kind == "country")
    return entries[0].entity
