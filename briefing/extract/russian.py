"""Russian morphology for Cyrillic text: lemmas and name tags from pymorphy3.

Russian inflects names and places ("Путина", "в Минске", "Александра Лукашенко"), so Cyrillic
words are compared by lemma. pymorphy3 loads in ~0.15 s, so it is loaded only when a text has
Cyrillic in it, and every answer is cached.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _analyzer():
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - pymorphy3 is in requirements.txt; degrade to exact matching
        return None
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def analyse(word: str) -> tuple[str, frozenset[str]]:
    """(lemma, grammemes of the most likely reading) of one Cyrillic word."""
    morph = _analyzer()
    if morph is None:
        return word.casefold(), frozenset()
    parse = morph.parse(word)[0]
    return parse.normal_form.replace("ё", "е"), frozenset(str(parse.tag).replace(" ", ",").split(","))


def lemma(word: str) -> str:
    return analyse(word)[0]


@lru_cache(maxsize=100_000)
def name_tags(word: str) -> frozenset[str]:
    """Name-like grammemes over all readings of a word: Name, Surn, Patr, Geox, Orgn."""
    morph = _analyzer()
    if morph is None:
        return frozenset()
    tags: set[str] = set()
    for parse in morph.parse(word)[:3]:
        if parse.score < 0.05:
            continue
        tags |= {g for g in ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr") if g in parse.tag}
    return frozenset(tags)


@lru_cache(maxsize=100_000)
def nominative(word: str) -> str:
    """The word in the nominative, keeping its capitalisation ('Путина' -> 'Путин', 'Минске' -> 'Минск')."""
    base = lemma(word)
    if word[:1].isupper():
        if word.isupper():
            return base.upper()
        return "-".join(part[:1].upper() + part[1:] for part in base.split("-"))
    return base
