"""The evidence for each entity the finders found: the scorer (`scorer.py`) keeps an organization or
a person when the learnt weights say the evidence makes it one the story is about.

An entity's candidate carries, as named features: which finders found it (the data file, an
acronym definition, a legal form, a head word...), how often and where the story names it (the
headline, the first sentence, how early), whether it occurs only inside someone's job title, and
the shape of its name (an acronym alone, a generic head word such as "Intergovernmental
Commission", a name in Cyrillic).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

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


def rule_family(rule: str) -> str:
    return next((family for prefix, family in _RULE_FAMILIES if rule.startswith(prefix)), "other")


def candidate(group: EntityGroup, scan: Scan) -> Candidate:
    """The entity with its evidence (see the module docstring)."""
    c = Candidate(group.name, {}, group.finding())
    ms = group.mentions
    for m in ms:
        c.add(f"rule:{rule_family(m.rule)}")
    entity = next((m.entity for m in ms if m.entity is not None), None)
    if entity is not None:
        c.add("known")
        if entity.role:
            c.add(f"kind:{entity.role}")
    c.add("mentions", math.log(len(ms)))
    headline = scan.doc.headline
    if headline and any(headline[0] <= m.start < headline[1] for m in ms):
        c.add("headline")
    lede = scan.doc.sentences[:1]
    if lede and any(lede[0].start <= m.start < lede[0].end for m in ms):
        c.add("first_sentence")
    c.add("late", group.first.start / max(1, len(scan.text)))
    if all(m.in_title for m in ms):
        c.add("title_only")
    elif any(m.in_title for m in ms):
        c.add("title_some")
    words = group.name.split()
    if len(words) == 1 and group.name.isupper():
        c.add("acronym")
    c.add("words:1" if len(words) == 1 else "words:2" if len(words) == 2 else "words:3-4" if len(words) <= 4 else "words:5+")
    if CYRILLIC_RE.search(group.name):
        c.add("cyrillic")
    if _generic(group.name):
        c.add("generic")
    return c


def _generic(name: str) -> bool:
    """A head word with only generic words before it and nothing after ("Intergovernmental
    Commission", "Coordination Council"): a description more than a name."""
    head = HEAD_RE.search(name)
    if head is None or name[head.end() :].strip():
        return False
    before = name[: head.start()].split()
    return len(before) <= 1 and all(w.casefold() in GENERIC_MODIFIERS or w[:1].isupper() for w in before)
