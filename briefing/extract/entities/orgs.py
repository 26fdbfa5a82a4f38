"""Finders: organizations the data file does not know, by general rules (legal forms, head words
such as Ministry or Bank, "company X", a country's possessive, regional administrations)."""

from __future__ import annotations

import re

from ..text import CYRILLIC_RE, key, matches_at
from .orgnames import add_org, split_org_phrase, trim_caps
from .orgs_ru import russian_adjective_orgs, russian_orgs
from .patterns import (
    ADMINISTRATION,
    ADMINISTRATION_WORDS,
    APPOSITION,
    APPOSITION_WORDS,
    HEAD_RE,
    HEAD_WORDS,
    LEGAL_AFTER,
    LEGAL_BEFORE,
    LEGAL_TRAILING_WORDS,
    LEGAL_WORDS,
    LOWER_NOUN_WORDS,
    LOWER_ORG_NOUN,
    NAME_NEXT,
    NOT_NAMES,
    ORG_PHRASE,
    POSSESSIVE_NAME,
    UPPER_LATIN,
)
from .scan import Scan, in_chunk, near

# The words an organization phrase may hold before its head word: capitalised words (and the
# initials and "St." of _CAPWORD), joined by single spaces and "and", "of", "for".
_WORDS_BEFORE_HEAD = re.compile(r"(?:(?:[A-Z][\w’'\-&.]*|and|of|for)\s)*$")


def find_org_rules(scan: Scan) -> None:
    legal, legal_after, heads, appositions, administrations, lower_nouns = (
        scan.words_at(w) for w in (LEGAL_WORDS, LEGAL_TRAILING_WORDS, HEAD_WORDS, APPOSITION_WORDS, ADMINISTRATION_WORDS, LOWER_NOUN_WORDS)
    )
    for start, end in scan.body_spans:
        chunk = scan.text[start:end]
        if CYRILLIC_RE.search(chunk):
            russian_orgs(scan, start, end)
            russian_adjective_orgs(scan, start, end)
        for m in matches_at(LEGAL_BEFORE, (s for s, _ in in_chunk(legal, start, end)), chunk):
            name = m.group(1) or m.group(2)
            s = start + (m.start(1) if m.group(1) else m.start(2))
            add_org(scan, name, s, "legal form before a name (JSC «X»)")
        for m in near(LEGAL_AFTER, in_chunk(legal_after, start, end), chunk, starts=UPPER_LATIN):
            if NAME_NEXT.match(chunk, m.end()):
                continue  # "Russia's OJSC Sibur": the legal form belongs to the name after it
            name = trim_caps(re.sub(r"^.*['’]s\s+|['’]s$", "", m.group(1)))
            if name:
                s = start + m.end(1) - len(name)
                add_org(scan, name, s, "legal form after a name (X, OJSC)")
        for m in near(ORG_PHRASE, in_chunk(heads, start, end), chunk, starts=UPPER_LATIN, run_before=_WORDS_BEFORE_HEAD):
            for name, s in _org_names_in(m.group(), scan.gaz):
                add_org(scan, name, start + m.start() + s, "organization head-word phrase (Ministry of X, Y University)")
        for m in matches_at(APPOSITION, (s for s, _ in in_chunk(appositions, start, end)), chunk):  # a match begins with its anchor word
            name = m.group(1)
            if not scan.is_person_or_title(name) and key(name) not in NOT_NAMES:
                add_org(scan, name, start + m.start(1), f"name after '{m.group().split()[0]}' (company QazaqGaz)")
        # The regex is tried at every character; it needs an "'s", which most paragraphs lack.
        possessives = POSSESSIVE_NAME.finditer(chunk) if "'s" in chunk or "’s" in chunk else ()
        for m in possessives:
            owner, name = m.group(1), m.group(2)
            if (
                scan.is_country_or_demonym(owner)
                and not scan.is_person_or_title(name)
                and not HEAD_RE.search(name)
                and not scan.is_country_or_demonym(name.split()[0])
                and key(name) not in NOT_NAMES
                and not scan.gaz.is_place(name)
            ):
                add_org(scan, name, start + m.start(2), "name after a country's possessive (Russia's Power Machines)")
        for m in near(ADMINISTRATION, in_chunk(administrations, start, end), chunk):
            if m.group(1):
                name = f"{m.group(2)} {m.group(3) or ''} {m.group(1)}".replace("  ", " ")
            else:
                name = f"{m.group(4)} {m.group(5)} {m.group(6)}"
            add_org(scan, name, start + m.start(), "regional administration (khokimiyat of X region)", surface_len=m.end() - m.start())
        for m in near(LOWER_ORG_NOUN, in_chunk(lower_nouns, start, end), chunk, starts=UPPER_LATIN):
            for g in (1, 2):
                name = m.group(g)
                if name and (g == 2 or m.group(2) or m.group(3) in ("company", "corporation", "concern", "holding", "technopark", "bank", "plant")):
                    name = trim_caps(name)
                    if name and key(name) not in NOT_NAMES and not scan.is_country_or_demonym(name):
                        s = start + m.start(g) + m.group(g).find(name)
                        add_org(scan, name, s, f"name before '{m.group(3)}'")


def _org_names_in(phrase: str, gaz) -> list[tuple[str, int]]:
    """split_org_phrase at offset 0: the names a phrase holds depend on it and the data file alone,
    and a story's (and a digest's) phrases repeat."""
    return gaz.remember("organization phrase", phrase, lambda p: split_org_phrase(p, 0, gaz))
