"""Overlapping organization mentions: the longest wins; a rule-found name recurs."""

from __future__ import annotations

import re

from .patterns import GENERIC_MODIFIERS, HEAD_RE, JOINED_BEFORE
from .scan import Mention, Scan, is_word_char


def resolve_org_overlaps(scan: Scan) -> None:
    """Keep the longest organization at each place; a data-file name wins a tie."""
    orgs = [m for m in scan.mentions if m.kind == "organization"]
    others = [m for m in scan.mentions if m.kind != "organization"]
    orgs.sort(key=lambda m: (m.start, -(m.end - m.start), m.entity is None))
    kept: list[Mention] = []
    nested: list[Mention] = []
    for m in orgs:
        if kept and m.start < kept[-1].end:
            prev = kept[-1]
            if m.entity is not None and prev.entity is None and (same_name_longer(scan, m, prev) or _acronym_inside(scan.text, m, prev)):
                kept[-1] = m
            elif (
                m.entity is not None
                and m.end <= prev.end
                and (
                    JOINED_BEFORE.search(scan.text[prev.start : m.start])
                    or (m.start == prev.start and m.surface.isupper() and len(m.surface) <= 6 and prev.rule.startswith("organization head-word"))  # "CSTO Secretariat"
                )
            ):
                m.nested = True
                nested.append(m)  # "Council of Heads of Government of the SCO" names the SCO too (listed only if named alone too: entities._kept)
            continue
        kept.append(m)
    kept += nested
    # People and countries inside an organization's name are not mentions of their own
    # ("Plant named after S.M. Kirov"), except countries ("Ministry of Industry of Belarus").
    in_org = bytearray(len(scan.text) + 1)  # per character: inside a kept organization's name
    for o in kept:
        in_org[o.start : o.end] = b"\x01" * (o.end - o.start)

    def inside_org(p: Mention) -> bool:
        return p.end > p.start and in_org.find(0, p.start, p.end) < 0

    scan.mentions = []
    scan.clear_marks()
    for m in kept + [m for m in others if m.kind == "country" or not inside_org(m)]:
        scan.add(m)


def rule_names_again(scan: Scan) -> None:
    """A name a rule found once ('ADY Container LLC') names that organization wherever it
    recurs, even without the clue ('Director of ADY Container Elvin Huseynov'); overlaps are then
    resolved again."""
    orgs = [m for m in scan.mentions if m.kind == "organization"]
    names = {m.surface for m in orgs if m.entity is None and " " in m.surface}
    added = False
    for name in sorted(names):
        for start, end in scan.body_spans:
            s = scan.text.find(name, start, end)
            while s >= 0:
                e = s + len(name)
                whole_words = not is_word_char(scan.text[s - 1 : s] or " ") and not is_word_char(scan.text[e : e + 1] or " ")
                inside_org = any(o.start <= s and e <= o.end for o in orgs)
                if whole_words and not inside_org and not scan.covered(s, e, "person"):
                    scan.add(Mention("organization", s, e, name, "organization name found elsewhere in the text"))
                    added = True
                s = scan.text.find(name, e, end)
    return added


_WORD = re.compile(r"[\w\-]+")


def same_name_longer(scan: Scan, known: Mention, rule: Mention) -> bool:
    """A rule phrase that is a known name plus a description before it ('State Corporation
    Rosatom') or plus countries after it ('Совет министров Союзного государства Белоруссии')."""
    if rule.rule.startswith("legal form"):
        return False  # 'ОсОО «Газпром Кыргызстан»': a company's registered name is its own
    before = scan.text[rule.start : known.start].split()
    after = scan.text[known.end : rule.end]
    if not all(w.casefold() in GENERIC_MODIFIERS or HEAD_RE.fullmatch(w) for w in before):
        return False
    rest = [w for w in _WORD.findall(after) if w.casefold() not in ("и", "and", "of", "the")]
    return all(scan.is_country_or_demonym(w) for w in rest)


# -- 4. countries beyond names: demonyms of state actors, hyphenated pairs, typos


def _acronym_inside(text: str, known: Mention, found: Mention) -> bool:
    """'Council of Elders (CE) of the Union' read as one name by a rule: the known name that ends
    where a bracketed acronym begins is the name; the brackets close it."""
    return known.start == found.start and text[known.end : known.end + 2] == " (" and found.end > text.find(")", known.end) > 0
