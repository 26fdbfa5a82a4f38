"""Finders: people (runs of capitalised words that read as a name, initials and surname, a
surname alone after the full name)."""

from __future__ import annotations

import re
from itertools import compress

from .. import russian
from ..gazetteer import token_key
from ..text import (
    Token,
    finditer_at,
    fold,
    key,
    squash,
    transliterate,
)
from .group import person_name
from .patterns import (
    CAP_RUN,
    INITIAL_NAME,
    INITIAL_START,
    MONTHS,
    NOT_NAMES,
    STOP_CAPS,
    SURNAME_SUFFIX,
    TITLE_AFTER,
    TITLE_RE,
)
from .scan import Mention, Scan, surname_key

_OF_BEFORE = re.compile(r"\bof\s+$")
_OF_THE_BEFORE = re.compile(r"\b(?:of|for|the|in\s+charge\s+of)\s+$")
_OF_BEFORE_NAME = re.compile(r"\b(?:of|for|of\s+the|in\s+charge\s+of)\s+$")
_ONLY_LINKING_WORDS = re.compile(r"(?:\s|,|\bof\b|\bthe\b|\bto\b|\bExtraordinary\s+and\s+Plenipotentiary\b)*")


def find_people(scan: Scan) -> None:
    found = [m for m in scan.mentions if m.kind == "person"]
    taken = bytearray(scan.any_marks)  # characters already in a mention
    cands: list[Mention] = []
    for start, end in scan.body_spans:
        cands += name_sequences(scan, start, end, taken)
        cands += initials(scan, start, end, taken)
    for m in cands:
        scan.add(m)
    found += cands
    surname_only(scan, found)


def name_sequences(scan: Scan, start: int, end: int, taken: bytearray) -> list[Mention]:
    """Runs of 2-4 capitalised words outside other mentions that read as a person's name."""
    out = []
    for m in CAP_RUN.finditer(scan.text, start, end):
        toks = scan.span_tokens(m.start(), m.end())
        run: list[Token] = []
        for tok in [*toks, None]:  # None closes the last run
            if tok is not None and not taken[tok.start] and len(run) < 7:  # titles may come first
                run.append(tok)
                continue
            if len(run) >= 2:
                found = person_in_run(scan, run)
                if found is not None:
                    out.append(found)
                    taken[found.start : found.end] = b"\x02" * (found.end - found.start)
            run = [tok] if tok is not None and not taken[tok.start] else []
    return out


def person_in_run(scan: Scan, run: list[Token]) -> Mention | None:
    run = trim_run(scan, run)
    if len(run) < 2:
        return None
    rule = person_evidence(scan, run)
    if not rule:
        return None
    s, e = run[0].start, run[-1].end
    return Mention("person", s, e, scan.text[s:e], rule)


def trim_run(scan: Scan, run: list[Token]) -> list[Token]:
    # Leading words that are titles, sentence openers, places or acronyms are not part of a name.
    while run and (key(run[0].text) in STOP_CAPS or TITLE_RE.fullmatch(run[0].text) or is_place_word(scan, run[0]) or run[0].is_upper or demonym_before_title(scan, run)):
        run = run[1:]
    # "Minister of Energy Jurabek Mirzamakhmudov": after a title's "of", the name is the last pair.
    if len(run) >= 3 and _OF_BEFORE.search(scan.text[max(0, run[0].start - 4) : run[0].start]) and SURNAME_SUFFIX.search(fold(run[-1].text)):
        run = run[-2:]
    # "Foreign Affairs Vladimir Makei": a known given name inside the run starts the name.
    for k in range(1, len(run) - 1):
        if is_given(scan, run[k]) and not is_given(scan, run[0]):
            run = run[k:]
            break
    while run and (key(run[-1].text) in STOP_CAPS or fold(run[-1].text) in MONTHS):
        run = run[:-1]
    return run[:4]


def demonym_before_title(scan: Scan, run: list[Token]) -> bool:
    """'Russian Deputy Interior Minister ...': a demonym before a title is not part of a name
    (but 'German Zakharov' is a name)."""
    return len(run) > 1 and token_key(run[0].text) in scan.gaz.demonyms and (key(run[1].text) in STOP_CAPS or bool(TITLE_RE.fullmatch(run[1].text)))


def is_given(scan: Scan, tok: Token) -> bool:
    return fold(tok.text) in scan.gaz.given_names or fold(tok.text.split("-")[0]) in scan.gaz.given_names


def is_place_word(scan: Scan, tok: Token) -> bool:
    k = fold(tok.text)
    return k not in scan.gaz.given_names and scan.gaz.is_place(tok.text) and not SURNAME_SUFFIX.search(k)


def person_evidence(scan: Scan, run: list[Token]) -> str | None:
    first, last = run[0], run[-1]
    if any(fold(t.text) in MONTHS or key(t.text) in NOT_NAMES for t in run):
        return None
    if scan.gaz.is_place(scan.text[first.start : last.end]):
        return None  # "Grand Kremlin Palace"
    if first.is_cyrillic:
        tags_first = russian.name_tags(first.text)
        tags_last = russian.name_tags(last.text)
        if "Name" in tags_first and not tags_last & {"Geox", "Orgn"}:
            return "Russian given name and surname (pymorphy3)"
        if "Surn" in tags_last and len(run) <= 3 and "Geox" not in tags_first and "Orgn" not in tags_first:
            return "Russian given name and surname (pymorphy3)"
        if (
            len(run) <= 3
            and russian.SURNAME_RE.search(last.text.casefold())
            and not tags_first & {"Geox", "Orgn"}
            and (fold(transliterate(first.text)) in scan.gaz.given_names or after_title(scan, first.start))
        ):
            return "given name and a surname ending (-ов, -ев, -ин)"
        return None
    if any(t.is_upper and len(t.text) > 3 for t in run):
        return None
    if is_given(scan, first):
        return "known given name + surname"
    if after_title(scan, first.start):
        return "name after a title (President of X, Minister ...)"
    if before_title(scan, last.end):
        return "name before a title (X, Director General of ...)"
    after_of = _OF_THE_BEFORE.search(scan.text[max(0, first.start - 20) : first.start])
    if SURNAME_SUFFIX.search(fold(last.text)) and len(run) == 2 and not after_of and not scan.gaz.is_place(last.text):
        return "capitalised pair ending in a surname form (-ov, -yan, -enko ...)"
    return None


def after_title(scan: Scan, pos: int) -> bool:
    """A title word right before pos, or a title and its complement made of known names only:
    'CSTO Secretary-General Ivan Petrov', 'President of the Republic of Chile Ana Ruiz-Vega'.
    Not 'Minister of High-Tech Industry': words right after 'of' complete the title."""
    if _OF_BEFORE_NAME.search(scan.text[max(0, pos - 20) : pos]):
        return False
    floor = max(0, pos - 90)
    before = scan.text[floor:pos]
    last = None
    for last in TITLE_RE.finditer(before):  # noqa: B007 - keeps the last match
        pass
    if last is None:
        return False
    between = list(before[last.end() :])
    for m in scan.mentions:
        if m.kind in ("organization", "country") and floor + last.end() <= m.start and m.end <= pos:
            for k in range(m.start - floor - last.end(), m.end - floor - last.end()):
                between[k] = " "
    rest = "".join(between)
    # "Ambassador Extraordinary and Plenipotentiary of China to Belarus Xie Xiaoyong"
    return bool(_ONLY_LINKING_WORDS.fullmatch(rest))


def before_title(scan: Scan, pos: int) -> bool:
    after = scan.text[pos : pos + 60]
    return bool(TITLE_AFTER.match(after))


def initials(scan: Scan, start: int, end: int, taken: bytearray) -> list[Mention]:
    out = []
    for m in finditer_at(INITIAL_NAME, INITIAL_START, scan.text, start, end):
        s, e = m.start(), m.end()
        surname = m.group(2)
        if any(taken[s:e]) or key(surname) in STOP_CAPS or fold(surname) in MONTHS:
            continue
        if scan.gaz.is_place(surname) and not scan.gaz.surnames.get(token_key(surname)):
            continue
        out.append(Mention("person", s, e, squash(scan.text[s:e]), "initials and surname (N. Pashinyan)"))
        taken[s:e] = b"\x02" * (e - s)
    return out


def surname_only(scan: Scan, people: list[Mention]) -> None:
    """A lone capitalised word that is the surname of a person named in full is that person."""
    by_surname: dict[str, Mention] = {}
    for p in people:
        parts = p.surface.replace(".", ". ").split()
        if len(parts) >= 2:
            by_surname.setdefault(surname_key(parts[-1]), p)
    if not by_surname:
        return
    # "Каримов said" after "Bakhtiyor Karimov": the person named in full in this text, not the
    # data file's namesake (Islam Karimov) that the lone surname matched.
    for p in people:
        full = by_surname.get(surname_key(p.surface)) if p.entity is not None and len(p.surface.split()) == 1 else None
        if full is not None and full.entity is not p.entity and person_name(full, scan.gaz) != p.entity.name:
            p.entity, p.link, p.rule = None, full, "surname of a person named in full"
    covered = scan.any_marks
    for i in compress(range(len(scan.tokens)), scan.capitalised):  # a surname is capitalised
        tok = scan.tokens[i]
        if covered[tok.start]:
            continue  # and not part of another mention
        k = surname_key(tok.text)
        if k in by_surname:
            full = by_surname[k]
            scan.add(Mention("person", tok.start, tok.end, tok.text, "surname of a person named in full", full.entity, link=full))


# -- 6. job titles: organizations that occur only inside someone's title are not actors
