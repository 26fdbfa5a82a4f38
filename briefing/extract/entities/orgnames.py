"""How a name a rule found becomes an organization mention: cut a head-word phrase into the
names it holds, drop possessors, legal forms and descriptions (`add_org`)."""

from __future__ import annotations

import re

from ..gazetteer import LEGAL_FORMS, Gazetteer, token_key
from ..text import fold, key, strip_quotes
from .group import entity_by_alias
from .patterns import (
    CAPWORDS,
    EVENT_WORDS,
    GENERIC_MODIFIERS,
    HEAD_RE,
    LEADING_THE,
    LEGAL_THEN,
    NOT_GIVEN_IN_ORGS,
    NOT_NAMES,
    NOT_ORG_HEADS,
    NOT_PART_OF_NAME,
    POSSESSOR,
    STOP_CAPS,
    TITLE_RE,
    TRAILING_POSSESSIVE,
)
from .scan import Mention, Scan

_SPELLED_LEGAL_FORM = re.compile(r"(?:(?:Open|Closed|Public|Private)\s+)?Joint[\s-]Stock\s+Company\s+|Limited\s+Liability\s+(?:Company|Partnership)\s+")


_ROLE_OF = re.compile(r"(?:Representatives|Members|Delegations?|Delegates|Employees|Staff|Experts|Officials|Students|Leaders|Leadership|Heads)\s+of\s+(?:the\s+)?")
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?((?:St\.\s)?[A-Z][\w’'\-]*)")
_BETWEEN = re.compile(r"\b[Bb]etween\b")
_LIST_JOINT = re.compile(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")
_LEADING_WORD = re.compile(r"(?:The|A|An|In|On|At|As|By|For|From|With|And|But|Among|Between|Including|Under|Within|Via)\s+")
# An honorific or a dangling conjunction a phrase picked up at its end: "... Department Mr", "..., and".
_TRAILING_JUNK = re.compile(r"(?:,?\s+(?:and|or|Mr|Mrs|Ms|Dr)\.?|,)+$")
_CAPITALISED_BEFORE_CAPITAL = re.compile(r"\b([A-Z][a-z’'\-]+)(?=\s+[A-Z][a-z])")


def split_org_phrase(phrase: str, start: int, gaz: Gazetteer) -> list[tuple[str, int]]:
    """Cut a head-word match into the organization names it holds.

    'Ministry of Energy of Armenia and the Ministry of Energy of Georgia' is two names;
    'Advisory Council for Interaction Between A and B' is one; 'Board of the EEC Tigran Sargsyan'
    stops before the person; 'Council in Minsk' stops before the place."""
    phrase = _cut_at_person(phrase, gaz)
    cut = NOT_PART_OF_NAME.search(phrase)
    if cut and cut.group().lstrip(" ,").split()[-1].split("-")[0] not in (""):
        tail = cut.group()
        demonyms = re.findall(r"[A-Z][a-z]+", tail) if tail.endswith(tuple("abcdefghijklmnopqrstuvwxyz")) and "-" in tail else []
        if not demonyms or all(token_key(d) in gaz.demonyms for d in demonyms):
            phrase = phrase[: cut.start()]
    role = _ROLE_OF.match(phrase)
    if role and HEAD_RE.search(phrase[role.end() :]) and not phrase.startswith("Heads of State"):
        start += role.end()
        phrase = phrase[role.end() :]
    spelled = _SPELLED_LEGAL_FORM.match(phrase)
    if spelled and phrase[spelled.end() :].strip():  # "Limited Liability Company «Steppe Gold»": the name follows
        start += spelled.end()
        phrase = phrase[spelled.end() :]
    head = HEAD_RE.search(phrase)
    legal = LEGAL_THEN.search(phrase[: head.start()]) if head else None
    if legal:  # "Kyrgyzaltyn OJSC and Siberian Mining Equipment Plant": two names
        start += legal.end()
        phrase = phrase[legal.end() :]
    m = _IN_PLACE.search(phrase)
    if m and gaz.is_place(m.group(1).replace("St. ", "Saint ")) or (m and gaz.is_place(m.group(1))):
        phrase = phrase[: m.start()]
    parts = [(phrase, start)]
    if not _BETWEEN.search(phrase):
        parts = []
        pos = 0
        for m in _LIST_JOINT.finditer(phrase):
            right = phrase[m.end() :]
            left = phrase[pos : m.start()]
            if POSSESSOR.match(right):
                parts.append((left, start + pos))  # "... of Uzbekistan and Kazakhstan's Ministry of ...": two names
                pos = m.end()
            elif not HEAD_RE.search(left) and TITLE_RE.search(left):
                pos = m.end()  # "US Secretary of State Antony Blinken and European Commission": a person, then the name
            elif not HEAD_RE.search(left) and entity_by_alias(left, gaz, "organization") is not None:
                pos = m.end()  # "EEC and EAEU Business Council": the first name stands alone
            elif HEAD_RE.search(left) and (HEAD_RE.search(_leading_caps(right)) or entity_by_alias(_leading_caps(right), gaz, "organization") is not None):
                parts.append((left, start + pos))
                pos = m.end()
        parts.append((phrase[pos:], start + pos))
    out = []
    for text, s in parts:
        lead = _LEADING_WORD.match(text)
        if lead:
            s += lead.end()
            text = text[lead.end() :]
        out.append((text, s))
    return out


def _cut_at_person(phrase: str, gaz: Gazetteer) -> str:
    """Stop an organization name where a person's name begins ('... Board of the EEC Tigran Sargsyan')."""
    head = HEAD_RE.search(phrase)
    if not head:
        return phrase
    for m in _CAPITALISED_BEFORE_CAPITAL.finditer(phrase[head.end() :]):
        word = m.group(1)
        if fold(word) in gaz.given_names and fold(word) not in NOT_GIVEN_IN_ORGS:
            return phrase[: head.end() + m.start()].rstrip(" ,")
    return phrase


def _leading_caps(text: str) -> str:
    """The run of capitalised words a phrase starts with: 'Moscow State University of ...' -> 'Moscow State University'."""
    m = CAPWORDS.match(text)
    return m.group() if m else ""


def trim_caps(name: str) -> str:
    words = name.split()
    while words and key(words[0]) in STOP_CAPS:
        words = words[1:]
    return " ".join(words)


def add_org(scan: Scan, name: str, start: int, rule: str, surface_len: int | None = None) -> None:
    # What a name cleans to depends on the name and the data file alone: worked out once per name.
    cleaned = scan.gaz.remember("organization name", name, lambda written: _clean_org_name(scan, written))
    if cleaned is None:
        return
    name, offset, description = cleaned
    if description and rule.startswith("organization head-word"):
        return  # "State Corporation", "the Commission": a description, not a name
    if surface_len is None:  # the span of the name itself, not of "China's" or "the" before it
        start += offset
    end = start + (surface_len if surface_len is not None else len(name))
    if any(s < end and start < e for s, e in scan.source_spans):
        return  # "Kazinform News Agency correspondent reports": the source, not an actor
    scan.add(Mention("organization", start, end, name, rule))


def _clean_org_name(scan: Scan, written: str) -> tuple[str, int, bool] | None:
    """(the name, its offset in what was written, whether it is only a description such as "State
    Corporation") of a name a rule found, or None when it names no organization."""
    # "Kazakhstan's Ministry of ..." -> "Ministry of ...", but "People's Bank", "Prosecutor's Office"
    possessor = POSSESSOR.match(written)
    skip = possessor.end() if possessor and scan.is_owner(possessor.group(1)) else 0
    name = TRAILING_POSSESSIVE.sub("", strip_quotes(written[skip:]))  # "the Ministry of Energy's plan"
    name = " ".join(w for w in name.split() if key(w) not in LEGAL_FORMS).strip(" ,.-")
    name = _TRAILING_JUNK.sub("", LEADING_THE.sub("", name))
    if name.endswith("-based"):
        return None  # "Shanghai-based": an adjective
    if not name or len(name) < 2:
        return None
    words = name.split()
    if key(name) in NOT_NAMES or words[0].casefold() in NOT_NAMES or words[-1].casefold() in NOT_NAMES:
        return None
    if NOT_ORG_HEADS.search(name):
        return None
    if any(w.casefold() in EVENT_WORDS for w in words):
        return None
    if scan.is_country_or_demonym(name):
        return None
    head = HEAD_RE.search(name)
    description = False
    if head:
        mods = [w for w in name[: head.start()].split()]
        has_comp = bool(name[head.end() :].strip())
        description = not has_comp and all(w.casefold() in GENERIC_MODIFIERS for w in mods)
    return name, skip + max(0, written.find(words[0], skip) - skip), description
