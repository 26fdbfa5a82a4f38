"""Finders: Russian organization names (a capitalised head noun in any case, or capitalised
adjectives before one), made nominative."""

from __future__ import annotations

import re

from .. import russian
from ..gazetteer import token_key
from ..text import squash
from .orgnames import add_org
from .patterns import RU_ADJECTIVE_ORG, RU_GENERIC_ADJECTIVES
from .scan import Scan

_RU_HEAD_NOUN_NAME = re.compile(
    r"\b(Совет\w*|Комитет\w*|Министерств\w*|Комисси\w*|Организаци\w*|Банк\w*|Фонд\w*|Ассамбле\w*|Суд\w*|Палат\w*)"
    r"((?:\s+(?:[а-яё\-]+|[А-ЯЁ][\w\-]*|\([^)]{1,40}\))){1,8})"
)


def russian_orgs(scan: Scan, start: int, end: int) -> None:
    """Russian organization names start with a capitalised head noun in any case: 'Совета министров ...'."""
    for m in _RU_HEAD_NOUN_NAME.finditer(scan.text, start, end):
        words = m.group(2).split()
        # Keep words up to the last capitalised one or a genitive chain; stop at verbs/prepositions.
        kept: list[str] = []
        pos = m.start(2)
        for w in words:
            pos = scan.text.index(w, pos)
            if scan.person_alias_at(pos):
                break
            if w.lower() in ("в", "на", "и", "по", "с", "о", "при", "для", "под", "как", "что", "который"):
                break
            if w[:1].isupper() and russian.name_tags(w.strip("()")) & {"Name", "Surn", "Patr"} and not russian.name_tags(w.strip("()")) & {"Geox", "Orgn"}:
                break  # "... Китайской Народной Республики Ли Кэцян": a person begins
            if russian.analyse(w.strip("()").lower())[1] & {"VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "CONJ", "PREP", "NUMR"}:
                break  # "Совет одобрил ...": the name ended before the verb
            kept.append(w)
        while kept and not (kept[-1][:1].isupper() or kept[-1].startswith("(") or russian.analyse(kept[-1])[1] & {"gent"}):
            kept.pop()
        if not kept or not (any(w[:1].isupper() for w in kept) or _genitive_chain(kept)):
            continue
        head = russian.nominative(m.group(1))
        name = squash(" ".join([head[:1].upper() + head[1:], *kept]))
        add_org(scan, name, m.start(), "Russian organization name (Совет ... Государства)", surface_len=m.start(2) + len(" ".join(m.group(2).split()[: len(kept)])) - m.start() + 1)


def _genitive_chain(words: list[str]) -> bool:
    """'Совет министров иностранных дел': a head noun's name may be a lower-case chain of two or
    more words in the genitive."""
    return len(words) >= 2 and all(russian.analyse(w.lower())[1] & {"gent"} for w in words)


def russian_adjective_orgs(scan: Scan, start: int, end: int) -> None:
    """Russian names that open with a capitalised adjective and end in the head noun, in any
    case: 'Уральский федеральный университет', 'с Гомельским облисполкомом'."""
    for m in RU_ADJECTIVE_ORG.finditer(scan.text, start, end):
        opens_sentence = m.start() == start or _SENTENCE_OPENS.search(scan.text, max(start, m.start() - 3), m.start())
        if opens_sentence and not _RU_PLACE_ADJECTIVE.search(m.group().split()[0]):
            continue  # "Аналогичный завод откроют ...": a capital that opens a sentence says nothing,
            # unless the adjective is made from a place ("Уральский федеральный университет подписал ...")
        words = tuple(m.group().split())
        name = russian.phrase_nominative(words)
        if name is None:
            continue  # not an agreeing adjectives + singular noun phrase ("Российские компании")
        tail = _genitive_tail(scan.text, m.end(), end, words[-1])  # "Черноморский банк торговли и развития"
        adjectives = [token_key(w) for w in words[:-1]]
        if len(words) == 2 and adjectives[0] in scan.gaz.demonyms and not tail:
            continue  # "Китайская компания": a description (not "Российский университет дружбы народов")
        if all(a in RU_GENERIC_ADJECTIVES for a in adjectives) and not tail:
            continue  # "Государственная корпорация «Роскосмос»": a description, the name follows
        name = f"{name} {tail}" if tail else name
        add_org(scan, name, m.start(), "Russian organization name (Уральский федеральный университет)", surface_len=m.end() - m.start() + (len(tail) + 1 if tail else 0))


_SENTENCE_OPENS = re.compile(r"(?:[.!?…»\"]\s+|\n\s*)$")
_RU_PLACE_ADJECTIVE = re.compile(r"[сц]к(?:ий|ая|ое|ого|ому|им|ом|ую|ой|ие|их)$")  # Уральский, Витебского
_RU_WORD_AFTER = re.compile(r"\s+([а-яё][а-яё\-]*)")
# Genitives that describe rather than name: "Национальный банк страны", "... области".
_RU_DESCRIPTIVE_GENITIVES = {"страны", "республики", "области", "края", "города", "региона", "района", "государства"}


def _genitive_tail(text: str, pos: int, end: int, head: str) -> str:
    """The lowercase genitive words that complete a Russian name after its head noun ('банк
    торговли и развития', 'университет дружбы народов', 'институт зерна'), as written: a singular
    noun first, up to four words, ending in a noun. None after a head that is itself genitive
    ('Гомельского облисполкома и предприятий': the words after it are not its own)."""
    if "gent" in russian.analyse(head)[1]:
        return ""
    words: list[str] = []
    while len(words) < 4:
        m = _RU_WORD_AFTER.match(text, pos, end)
        if m is None:
            break
        word = m.group(1)
        tags = russian.analyse(word)[1]
        if word in _RU_DESCRIPTIVE_GENITIVES:
            break
        if not words and not {"NOUN", "gent", "sing"} <= tags:
            break  # "университет студентов (принял)": not a name's tail
        if not (word == "и" or ("gent" in tags and tags & {"NOUN", "ADJF"})):
            break
        words.append(word)
        pos = m.end()
    while words and (words[-1] == "и" or "NOUN" not in russian.analyse(words[-1])[1]):
        words.pop()
    return " ".join(words)
