"""Russian morphology for Cyrillic text: lemmas and name tags from pymorphy3.

Russian inflects names and places ("Путина", "в Минске", "Александра Лукашенко"), so Cyrillic
words are compared by lemma. pymorphy3 loads in ~0.15 s, so it is loaded only when a text has
Cyrillic in it, and every answer is cached.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from .text import fold


@lru_cache(maxsize=1)
def _analyzer():
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - pymorphy3 is in requirements.txt; degrade to exact matching
        return None
    return pymorphy3.MorphAnalyzer()


def _parses(morph, word: str) -> list:
    """pymorphy3's readings of a word; none for a word it cannot take (a letter outside its
    alphabets inside a Cyrillic word raises KeyError or ValueError there)."""
    try:
        return morph.parse(word)
    except (KeyError, ValueError):
        return []


@lru_cache(maxsize=100_000)
def analyse(word: str) -> tuple[str, frozenset[str]]:
    """(lemma, grammemes of the most likely reading) of one Cyrillic word."""
    morph = _analyzer()
    if morph is None:
        return word.casefold(), frozenset()
    parses = _parses(morph, word)
    if not parses:
        return word.casefold(), frozenset()
    parse = parses[0]
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
    for parse in _parses(morph, word)[:3]:
        if parse.score < 0.05:
            continue
        tags |= {g for g in ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr") if g in parse.tag}
    return frozenset(tags)


@lru_cache(maxsize=100_000)
def name_lemma(word: str) -> str:
    """Lemma of a word read as a name if it can be one ('Жапаров' the surname, not 'of Zhapar')."""
    morph = _analyzer()
    if morph is None:
        return word.casefold()
    parses = [p for p in _parses(morph, word)[:6] if p.score >= 0.02 and "Poss" not in p.tag]
    if not parses:
        return word.casefold()
    for grammeme in ("Surn", "Name", "Patr"):  # a surname reading first: "Хасенов" is not "Хасен's"
        for p in parses:
            if grammeme in p.tag:
                return p.normal_form.replace("ё", "е")
    return parses[0].normal_form.replace("ё", "е")


_SURNAME_ENDINGS = (
    ("овым", "ов"),
    ("евым", "ев"),
    ("иным", "ин"),
    ("овом", "ов"),
    ("евом", "ев"),
    ("ову", "ов"),
    ("еву", "ев"),
    ("ину", "ин"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ина", "ин"),
    ("ове", "ов"),
    ("еве", "ев"),
)
_FEMININE_SURNAME_ENDINGS = (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ову", "ова"), ("еву", "ева"), ("ину", "ина"))
SURNAME_RE = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|ову|еву|ину|овым|евым|иным|овом|евом|ской|ский|ская|енко|ко|ян|янц|швили|дзе|уулу|кызы|улы|зода|заде)$")


# Case endings of a surname that ends in a consonant ("Богомаз"), by the case of the given name before it.
_CONSONANT_ENDINGS = {"gent": ("а", "я"), "accs": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем", "ым"), "loct": ("е",)}


@lru_cache(maxsize=100_000)
def given_name_reading(given_name: str, surname: str) -> tuple[str, str | None, str] | None:
    """(case, gender, nominative) of the given name in the reading that agrees with the surname
    after it: 'Валентина Татарицкого' is Valentin's genitive, not the woman's name Валентина. A given
    name the analyser does not know stays as written before a nominative surname; else None."""
    morph = _analyzer()
    if morph is None:
        return None
    surnames = [p for p in _parses(morph, surname)[:8] if p.score >= 0.02 and ("Surn" in p.tag or "ADJF" in p.tag)]
    readings = [g for g in _parses(morph, given_name)[:4] if "Name" in g.tag and g.score >= 0.02]
    # When several readings agree ("Александра Петрова": Alexander's genitive or Alexandra), the
    # analyser's most likely one wins: in this genre mostly a man named after an oblique title.
    for g in readings:
        # tag.gender is None for names and surnames of either gender (Саша, Головченко): they
        # agree with any; the gender is then the other word's ("Саше Петровой" is a woman).
        agreeing = [s for s in surnames if s.tag.case == g.tag.case and (g.tag.gender is None or s.tag.gender in (g.tag.gender, None))]
        if agreeing:
            form = g.inflect({"nomn"})
            gender = g.tag.gender or agreeing[0].tag.gender
            return g.tag.case, gender, _capitalise(_keep_yo(form.word if form else g.word, given_name), given_name)
    if surnames and all(s.tag.case == "nomn" for s in surnames):
        return "nomn", None, given_name  # "Вепа Хаджиев": an unknown given name before a nominative surname
    return None


@lru_cache(maxsize=100_000)
def gender_of(given_name: str) -> str | None:
    """'masc' or 'femn' for a given name ('Ольга' -> 'femn'); None when unsure."""
    morph = _analyzer()
    if morph is None:
        return None
    for p in _parses(morph, given_name)[:3]:
        if "Name" in p.tag:
            return p.tag.gender
    return None


@lru_cache(maxsize=100_000)
def case_of(given_name: str) -> str:
    """The grammatical case of a given name ('Александром' -> 'ablt'); 'nomn' when unsure."""
    morph = _analyzer()
    if morph is None:
        return "nomn"
    for p in _parses(morph, given_name)[:3]:
        if "Name" in p.tag:
            return p.tag.case or "nomn"
    return "nomn"


@lru_cache(maxsize=100_000)
def surname_nominative(word: str, case: str = "nomn", gender: str | None = None) -> str:
    """A surname in the nominative, of the bearer's gender when the given name tells it
    ('Ольги Мельниковой' -> 'Мельникова', not the masculine 'Мельников'). pymorphy3 knows Russian
    surnames; for the region's others ('Хасенова', 'Осмоновым', 'Богомазом') the case ending is
    taken off, guided by the case of the given name before it."""
    morph = _analyzer()
    if morph is not None:
        readings = [p for p in _parses(morph, word)[:6] if "Surn" in p.tag and p.score >= 0.05]
        fitting = [p for p in readings if gender and p.tag.gender == gender and p.tag.case == case] or [p for p in readings if gender and p.tag.gender == gender]
        if fitting:
            form = fitting[0].inflect({"nomn"})
            return _capitalise(form.word if form else fitting[0].word, word)
        if case == "nomn" and any(p.tag.case == "nomn" for p in readings):
            return word  # "Саша Петрова": already in the nominative, of whichever gender
        if readings:
            return _capitalise(readings[0].normal_form, word)
    low = word.casefold()
    if case == "nomn":
        return word
    endings = _FEMININE_SURNAME_ENDINGS if gender == "femn" else _SURNAME_ENDINGS
    for ending, replacement in endings:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            return _capitalise(low[: -len(ending)] + replacement, word)
    if gender == "femn":
        return word
    for ending in _CONSONANT_ENDINGS.get(case, ()):
        if low.endswith(ending) and len(low) > len(ending) + 3 and low[-len(ending) - 1] not in "аеёиоуыэюя":
            return _capitalise(low[: -len(ending)], word)
    return word


def _capitalise(base: str, like: str) -> str:
    if like.isupper():
        return base.upper()
    return "-".join(part[:1].upper() + part[1:] for part in base.split("-"))


def _keep_yo(base: str, word: str) -> str:
    """The lemmas spell ё as е; a name keeps the ё it was written with ('Бахтиёра' -> 'Бахтиёр',
    so it reads 'Bakhtiyor', not 'Bakhtier')."""
    low = word.casefold()
    for i, ch in enumerate(low):
        if ch == "ё" and i < len(base) and base[i] == "е" and base[:i] == low[:i].replace("ё", "е"):
            base = base[:i] + "ё" + base[i + 1 :]
    return base


@lru_cache(maxsize=100_000)
def nominative(word: str) -> str:
    """The word in the nominative, keeping its capitalisation ('Путина' -> 'Путин', 'Минске' -> 'Минск')."""
    base = _keep_yo(name_lemma(word) if word[:1].isupper() else lemma(word), word)
    if word[:1].isupper():
        if word.isupper():
            return base.upper()
        return "-".join(part[:1].upper() + part[1:] for part in base.split("-"))
    return base


@lru_cache(maxsize=100_000)
def phrase_nominative(words: tuple[str, ...]) -> str | None:
    """An adjectives + noun phrase in the nominative singular, the adjectives agreeing with the noun
    ('Гомельским облисполкомом' -> 'Гомельский облисполком'); None when the noun is not a singular noun."""
    morph = _analyzer()
    if morph is None:
        return None
    head = next((p for p in _parses(morph, words[-1])[:4] if "NOUN" in p.tag and p.tag.number == "sing"), None)
    if head is None:
        return None
    out = []
    for w in words[:-1]:
        adj = next((p for p in _parses(morph, w)[:6] if "ADJF" in p.tag and p.tag.case == head.tag.case), None)
        form = _inflect_like(adj, {"nomn", "sing", head.tag.gender}, w) if adj is not None and head.tag.gender else None
        if form is None:
            return None
        out.append(_keep_yo(form.word, w))
    nomn = head.inflect({"nomn"})
    out.append(_keep_yo(nomn.word if nomn else head.word, words[-1]))
    if words[0][:1].isupper():
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _inflect_like(parse, grammemes: set[str], word: str):
    """The form of `parse`'s word with `grammemes` that is closest to `word` as written: some
    paradigms hold two such forms ("высшего" is a superlative of "высокий", as "высочайшего"
    is), and pymorphy's `inflect` returns the first."""
    if "Supr" not in parse.tag:
        return parse.inflect(grammemes)
    forms = [f for f in parse.lexeme if grammemes <= f.tag.grammemes and "Supr" in f.tag]
    return max(forms, key=lambda f: len(os.path.commonprefix([f.word, word.lower()])), default=None)


_PATRONYMIC_ENDING = re.compile(r"(?:ович|евич|ьевич|ич|овн|евн|ьевн|ичн|иничн)(?:а|у|ем|ом|е|ой|ы|ою)?$")


def is_patronymic(word: str, given_names: frozenset[str]) -> bool:
    """'Александрович', 'Сергеевны': a patronymic, made from a given name of `given_names` (folded).
    'Евтухович' and 'Мясникович' end the same way but are Belarusian surnames."""
    if "Patr" not in name_tags(word):
        return False
    stem = _PATRONYMIC_ENDING.sub("", word.casefold())
    candidates = (stem, stem + "й", stem[:-1] + "й", stem + "ий", stem[:-1] + "ий", stem + "а", stem + "я", stem[:-1] + "я")
    return any(fold(c) in given_names for c in candidates if len(c) > 1)
