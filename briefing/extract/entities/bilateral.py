"""Finder: bodies two countries share or keep in each other's capital, named by the countries
rather than by a name of their own: "the Belarus-Kyrgyzstan intergovernmental commission",
"the Uzbek-Belarusian business council", "узбекско-белорусская межправительственная комиссия",
"the Embassy of Kyrgyzstan in Belarus", "the Armenian embassy in Turkmenistan". News writes them
in lower case, so the head-word rules (capitalised heads) miss them. The name is kept as written.
"""

from __future__ import annotations

import re

from .. import russian
from .orgnames import add_org
from .scan import Scan

_HYPHENATED_CAPITALS = re.compile(r"[a-z]-[A-Z]")
_PAIR = r"(?P<pair>[A-Z][a-z]+(?:-[A-Z][a-z]+)+)"
_HEADS = (
    r"(?:inter-?governmental|joint|interregional|business|economic|trade|working|integration|expert)?\s*"
    r"(?:commission|council|committee|group|working\s+group)"
)
_BILATERAL_EN = re.compile(rf"{_PAIR}\s+(?P<head>(?i:{_HEADS}))(?P<on>\s+(?:on|for)\s+(?:[a-z\-]+\s+){{0,5}}?(?:cooperation|partnership|relations|issues))?\b")
_BILATERAL_RU = re.compile(
    r"(?<![\w-])(?P<pair>[а-яёА-ЯЁ]+[сц]ко-[а-яё]+[сц]к(?:ая|ой|ую|ий|ого|ому|им|ом))\s+"
    r"(?P<head>(?:(?:[Мм]ежправительственн|[Сс]овместн|[Мм]ежрегиональн|[Дд]елов)\w+\s+)?(?:[Кк]омисси\w+|[Сс]овет\w*|[Кк]омитет\w*))"
)
_EMBASSY_EN = re.compile(
    r"\b(?:(?P<of>[Ee]mbassy\s+of\s+(?:the\s+)?(?:(?:Republic|Kingdom|State)\s+of\s+)?(?P<c1>[A-Z][a-z]+))|(?P<dem>[A-Z][a-z]+)\s+[Ee]mbassy)"
    r"\s+(?:in|to)\s+(?:the\s+)?(?P<c2>[A-Z][a-z]+)"
)
_EMBASSY_RU = re.compile(r"\b(?P<head>[Пп]осольств\w*)\s+(?P<rest>(?:Республики\s+)?[А-ЯЁ][а-яё]+\s+в\s+[А-ЯЁ][а-яё]+)")


def find_bilateral_bodies(scan: Scan) -> None:
    text = scan.text
    for start, end in scan.body_spans:
        chunk = text[start:end]
        pair_en = _HYPHENATED_CAPITALS.search(chunk) is not None
        pair_ru = "ко-" in chunk
        embassy_en, embassy_ru = "mbassy" in chunk, "осольств" in chunk
        if not (pair_en or pair_ru or embassy_en or embassy_ru):
            continue  # most paragraphs name no such body: the patterns are not run
        for m in _BILATERAL_EN.finditer(text, start, end) if pair_en else ():
            if _all_countries(scan, m.group("pair").split("-")):
                name = f"{m.group('pair')} {_title(m.group('head'))}{m.group('on') or ''}"
                add_org(scan, name, m.start(), "body of two countries (X-Y intergovernmental commission)", surface_len=m.end() - m.start())
        for m in _BILATERAL_RU.finditer(text, start, end) if pair_ru else ():
            words = tuple(m.group("pair").split()) + tuple(m.group("head").split())
            name = russian.phrase_nominative(words) or f"{m.group('pair')} {m.group('head')}"
            add_org(scan, name[:1].upper() + name[1:], m.start(), "body of two countries (X-Y intergovernmental commission)", surface_len=m.end() - m.start())
        for m in _EMBASSY_EN.finditer(text, start, end) if embassy_en else ():
            country = m.group("c1") or m.group("dem")
            if scan.is_country_or_demonym(country) and (scan.is_country_or_demonym(m.group("c2")) or scan.gaz.is_place(m.group("c2"))):
                name = text[m.start() : m.end()]
                name = name[:1].upper() + name[1:]
                if m.group("dem"):
                    name = name.replace(" embassy", " Embassy")
                add_org(scan, name, m.start(), "embassy of a country (the Embassy of X in Y)", surface_len=m.end() - m.start())
        for m in _EMBASSY_RU.finditer(text, start, end) if embassy_ru else ():
            name = f"Посольство {m.group('rest')}"
            add_org(scan, name, m.start(), "embassy of a country (the Embassy of X in Y)", surface_len=m.end() - m.start())


def _all_countries(scan: Scan, parts: list[str]) -> bool:
    return all(scan.is_country_or_demonym(p) for p in parts)


def _title(head: str) -> str:
    """'intergovernmental commission' -> 'Intergovernmental Commission' (as the body's name reads)."""
    return " ".join(w[:1].upper() + w[1:] for w in head.split())
