"""The evidence for each entity the finders found: the scorer (`scorer.py`) keeps an organization or
a person when the learnt weights say the evidence makes it one the story is about.

An entity's candidate carries, as named features: which finders found it (the data file, an
acronym definition, a legal form, a head word...), how often and where the story names it (the
headline, the first sentence, how early), whether it occurs only inside someone's job title or inside another body's name, and
the shape of its name (an acronym alone, a generic head word such as "Intergovernmental
Commission", a name in Cyrillic).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..model import Finding
from ..scorer import Candidate
from ..text import CYRILLIC_RE
from .patterns import GENERIC_MODIFIERS, HEAD_RE
from .scan import Mention, Scan

# The finder behind a mention, by the start of its rule's text (the rule strings name the finder).
_RULE_FAMILIES = (
    ("data file", "data_file"),
    ("acronym definition", "acronym_definition"),
    ("acronym defined", "acronym_used"),
    ("legal form", "legal_form"),
    ("organization head-word", "head_word"),
    ("name after '", "apposition"),
    ("name after a country", "possessive"),
    ("regional administration", "administration"),
    ("name before '", "lower_noun"),
    ("Russian organization", "russian"),
    ("organization name found elsewhere", "recurs"),
    ("'the ", "anaphora"),
    ("known given name", "given_name"),
    ("name after a title", "after_title"),
    ("name before a title", "before_title"),
    ("capitalised pair", "surname_form"),
    ("Russian given name", "russian_name"),
    ("given name and a surname ending", "russian_surname_form"),
    ("initials and surname", "initials"),
    ("surname of a person", "surname_only"),
)


@dataclass
class EntityGroup:
    """The mentions of one entity and its canonical name."""

    name: str
    mentions: list[Mention]

    @property
    def first(self) -> Mention:
        return min(self.mentions, key=lambda m: m.start)

    def finding(self) -> Finding:
        first = self.first
        return Finding(self.name, first.rule, first.start, first.end)


@lru_cache(maxsize=1024)
def rule_family(rule: str) -> str:
    return next((family for prefix, family in _RULE_FAMILIES if rule.startswith(prefix)), "other")


def candidate(group: EntityGroup, scan: Scan) -> Candidate:
    """The entity with its evidence (see the module docstring)."""
    ms = group.mentions
    first = group.first
    features = {f"rule:{family}": 1.0 for family in {rule_family(m.rule) for m in ms}}
    entity = next((m.entity for m in ms if m.entity is not None), None)
    if entity is not None:
        features["known"] = 1.0
        if entity.role:
            features[f"kind:{entity.role}"] = 1.0
    features["mentions"] = math.log(len(ms))
    head_start, head_end, lede_start, lede_end = _spans(scan)
    if any(head_start <= m.start < head_end or lede_start <= m.start < lede_end for m in ms):
        if any(head_start <= m.start < head_end for m in ms):
            features["headline"] = 1.0
        if any(lede_start <= m.start < lede_end for m in ms):
            features["first_sentence"] = 1.0
    features["late"] = first.start / max(1, len(scan.text))
    titled = sum(1 for m in ms if m.in_title)
    if titled:
        features["title_only" if titled == len(ms) else "title_some"] = 1.0
    if all(m.nested for m in ms):
        features["nested_only"] = 1.0
    name = group.name
    words = name.count(" ") + 1
    if words == 1 and name.isupper():
        features["acronym"] = 1.0
    features["words:1" if words == 1 else "words:2" if words == 2 else "words:3-4" if words <= 4 else "words:5+"] = 1.0
    if CYRILLIC_RE.search(name):
        features["cyrillic"] = 1.0
    if _generic(name):
        features["generic"] = 1.0
    return Candidate(name, features, Finding(name, first.rule, first.start, first.end))


def _spans(scan: Scan) -> tuple[int, int, int, int]:
    """(start, end) of the headline and of the first sentence (-1, -1 when there is none)."""
    found = scan.memo.get("spans")
    if found is None:
        head = scan.doc.headline or (-1, -1)
        lede = scan.doc.first_sentences(1)
        found = scan.memo["spans"] = (*head, *((lede[0].start, lede[0].end) if lede else (-1, -1)))
    return found


@lru_cache(maxsize=100_000)  # names repeat, in a story and across a digest
def _generic(name: str) -> bool:
    """A head word with only generic words before it and nothing after ("Intergovernmental
    Commission", "Coordination Council"): a description more than a name."""
    head = HEAD_RE.search(name)
    if head is None or name[head.end() :].strip():
        return False
    before = name[: head.start()].split()
    return len(before) <= 1 and all(w.casefold() in GENERIC_MODIFIERS or w[:1].isupper() for w in before)
