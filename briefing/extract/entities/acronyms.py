"""Finder: organizations defined with their acronym, "Full Name (ACR)", and the acronym wherever it
stands alone afterwards."""

from __future__ import annotations

import re

from ..text import CYRILLIC_RE
from .patterns import ACRONYM_DEF, EVENT_WORDS, HEAD_RE
from .scan import Mention, Scan


def find_acronym_definitions(scan: Scan) -> None:
    for start, end in scan.body_spans:
        for m in ACRONYM_DEF.finditer(scan.text, start, end):
            acr = m.group(1)
            if CYRILLIC_RE.search(acr) and sum(c.isupper() for c in acr) < 2:
                continue  # "(Славянский)": a word in brackets, not an acronym like "(УрФУ)"
            full = _name_before(scan.text, m.start(), start, acr)
            if not full:
                continue
            full_name, full_start = full
            scan.acronyms[acr] = full_name
            if not _is_org_name(full_name):
                scan.not_orgs.add(acr)
                continue
            if not scan.covered(full_start, m.start() - 1, "organization"):
                scan.add(Mention("organization", full_start, full_start + len(full_name), full_name, "acronym definition: Full Name (ACR)"))
    # An acronym defined in the text stands for its full name wherever it is used alone.
    if not scan.acronyms:
        return
    for start, end in scan.body_spans:
        for acr, full in scan.acronyms.items():
            if acr in scan.not_orgs or not _is_org_name(full):
                continue
            for m in re.finditer(rf"(?<![\w(]){re.escape(acr)}(?![\w)])", scan.text[start:end]):
                s = start + m.start()
                if not scan.covered(s, s + len(acr), "organization"):
                    scan.add(Mention("organization", s, s + len(acr), acr, f"acronym defined in the text: {acr} = {full}"))


# -- 3. general organization rules


def _name_before(text: str, paren: int, floor: int, acr: str) -> tuple[str, int] | None:
    """The full name written just before '(ACR)' whose initials fit the acronym."""
    window = text[max(floor, paren - 160) : paren].rstrip()
    words = list(re.finditer(r"[\w’'\-.&]+", window))
    if not words:
        return None
    letters = [c for c in acr if c.isupper()]
    russian_name = bool(CYRILLIC_RE.search(acr))
    best = None
    for k in range(1, min(len(words), 14) + 1):
        chunk = words[-k:]
        first = chunk[0].group()
        if not first[:1].isupper():
            continue
        if russian_name:
            # Russian names capitalise their first word only: "Уральский федеральный университет
            # (УрФУ)", "Российско-Таджикский (Славянский) университет (РТСУ)".
            initials = [part[0] for w in chunk for part in w.group().split("-") if part and part.casefold() not in _RU_JOINERS]
        else:
            initials = [w.group()[0] for w in chunk if w.group()[:1].isupper()]
        if initials and initials[0].upper() == letters[0].upper() and _fits(letters, initials):
            start = max(floor, paren - 160) + chunk[0].start()
            best = (window[chunk[0].start() :].strip(), start)
            if len(initials) >= len(letters):
                break
    return best


_RU_JOINERS = {"и", "по", "в", "на", "для", "при", "с", "о", "об"}


def _fits(letters: list[str], initials: list[str]) -> bool:
    """Acronym letters appear in order among the capital initials, for at least 60% of them."""
    j = 0
    matched = 0
    for ch in letters:
        while j < len(initials) and initials[j].upper() != ch.upper():
            j += 1
        if j < len(initials):
            matched += 1
            j += 1
    return matched / len(letters) >= 0.6 and len(initials) <= len(letters) + 2


_RU_ORG_HEAD = re.compile(
    r"(?i)\b(?:organi[sz]ation|союз|совет|комисси|организаци|банк|фонд|содружеств|комитет|министерств|агентств|"
    r"служб|палат|ассоциаци|корпораци|компани|университет|академи|институт|комбинат|завод|фабрик|холдинг|биржа|биржи)"
)


def _is_org_name(name: str) -> bool:
    if HEAD_RE.search(name) or _RU_ORG_HEAD.search(name):
        return not any(w.casefold() in EVENT_WORDS for w in name.split())
    return False
