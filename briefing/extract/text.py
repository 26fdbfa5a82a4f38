"""Text primitives shared by the finders: tokens with offsets, sentences, keys, transliteration."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from re import Match
from typing import NamedTuple

# A word: letters/digits with inner hyphens, apostrophes or dots of initials ("S.M.", "Novo-Ogaryovo").
WORD_RE = re.compile(r"[^\W_]\w*(?:(?:[-'’](?=[^\W_])|\.(?=[^\W\d_]\.))\w*)*", re.UNICODE)
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
QUOTES = "\"'`´‘’‚‛“”„‟«»‹›"
_QUOTE_TABLE = str.maketrans({q: " " for q in QUOTES})
# Quotation marks, but an apostrophe inside a word ("Prosecutor's", "O'Neill").
_QUOTE_MARKS = re.compile("[{}]|(?<!\\w)['’]|['’](?!\\w)".format(re.escape(QUOTES.replace("'", "").replace("’", ""))))


class Token(NamedTuple):
    """A word and its offsets in the text. A named tuple: texts have thousands, made quickly."""

    text: str
    start: int
    end: int

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter (Latin or Cyrillic)."""
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_cyrillic(self) -> bool:
        return bool(CYRILLIC_RE.search(self.text))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    if start == 0 and end is None and len(text) < 120:
        return _short_tokens(text)  # names looked up again and again: remember them
    return _tokens(text, start, len(text) if end is None else end)


@lru_cache(maxsize=50_000)
def _short_tokens(text: str) -> list[Token]:
    return _tokens(text, 0, len(text))


def _tokens(text: str, start: int, end: int) -> list[Token]:
    # Words and offsets taken from the match objects by map() over C functions: no bytecode per word.
    found = list(WORD_RE.finditer(text, start, end))
    return list(map(tuple.__new__, repeat(Token), zip(map(Match.group, found), map(Match.start, found), map(Match.end, found))))


def finditer_at(rx: re.Pattern, starts: re.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """rx.finditer(text, pos, endpos) for a pattern whose every match begins where `starts` (a
    cheap pattern) matches: only those places are tried, not every character. The regex engine
    cannot skip ahead by itself for a pattern that begins with a \\b or an optional part."""
    hi = len(text) if endpos is None else endpos
    while pos <= hi:
        c = starts.search(text, pos, hi)
        if c is None:
            return
        m = rx.match(text, c.start(), hi)
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def matches_at(rx: re.Pattern, starts: Iterable[int], text: str, pos: int = 0, endpos: int | None = None):
    """finditer_at with the places a match can begin given as offsets, in ascending order (found
    some other way, as the words of a text's tokens)."""
    hi = len(text) if endpos is None else endpos
    for start in starts:
        if start < pos:
            continue
        if start > hi:
            return
        m = rx.match(text, start, hi)
        if m is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]")
_PUNCT = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name: 'Türkiye' -> 'turkiye', 'Ёлка' -> 'елка'."""
    if text.isascii():
        return text.casefold()
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold().replace("ё", "е")


@lru_cache(maxsize=200_000)  # words and names: they repeat
def key(text: str) -> str:
    """Matching key of a name: folded, quotes and punctuation to spaces, single spaces."""
    return " ".join(_PUNCT.sub(" ", fold(text).translate(_QUOTE_TABLE)).split())


def squash(text: str) -> str:
    return " ".join(text.split())


def strip_quotes(text: str) -> str:
    """Quotation marks to spaces, and single spaces: '«Газпром»' -> 'Газпром'. An apostrophe inside
    a word stays: "Prosecutor's Office", "O'Neill"."""
    return squash(_QUOTE_MARKS.sub(" ", text))


# --- sentences --------------------------------------------------------------------------------

# A full stop ends a sentence unless it follows an abbreviation or an initial.
# Word tables stay a few entries a line (the formatter would give each entry a line of its own).
# fmt: off
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "gen", "col",
    "lt", "maj", "capt", "gov", "sen", "rep", "prof", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "approx", "dept", "est", "fig", "vol", "u.s", "e.g", "i.e", "г", "гг", "т",
    "им", "ул", "д", "тыс", "млн", "млрд", "руб", "долл", "св", "пр",
}
# fmt: on
_SENTENCE_END_START = re.compile(r"[.!?…\n]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»’)]*(?=\s+[\"'“«(]?[^\W\d_]|\s*\n|\s*$)|\n\s*\n|\n(?=\s*[•\-*–]\s)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split text[start:end] into sentences, keeping offsets into `text`."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos = start
    for m in finditer_at(_SENTENCE_END, _SENTENCE_END_START, text, start, end):
        stop = m.end()
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        _add_sentence(text, pos, stop, out)
        pos = stop
    _add_sentence(text, pos, end, out)
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot]
    parts = word.split(".")
    if all(len(p) == 1 and p.isupper() for p in parts):  # initials: "S. Lavrov", "S.M. Kirov", "А.Н. Арипов"
        return True
    return word.casefold().rstrip(".") in _ABBREVIATIONS


def _add_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk.rstrip())
    if trail > lead:
        out.append(Sentence(start + lead, start + trail, squash(chunk[lead:trail])))


# --- transliteration --------------------------------------------------------------------------

# Russian -> Latin as English-language agencies write names (BGN/PCGN-like, no diacritics).
# Word tables stay a few entries a line (the formatter would give each entry a line of its own).
# fmt: off
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ў": "u", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o",
    "ұ": "u", "ү": "u", "һ": "h", "ї": "yi", "є": "ye", "ґ": "g",
}
# fmt: on


@lru_cache(maxsize=4096)
def transliterate(text: str) -> str:
    """'Михаил Мишустин' -> 'Mikhail Mishustin'; Latin text is returned unchanged."""
    if not CYRILLIC_RE.search(text):
        return text
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if low not in _TRANSLIT:
            out.append(ch)
            continue
        latin = _TRANSLIT[low]
        # A soft or hard sign before a vowel reads as "y": Ильин -> Ilyin, Воробьев -> Vorobyev.
        if low in "ьъ" and i + 1 < len(text) and text[i + 1].lower() == "и":
            latin = "y"
        if low in "еёюя" and i > 0 and text[i - 1].lower() in "ьъ":
            latin = {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}[low]
        if ch.isupper():
            nxt = text[i + 1] if i + 1 < len(text) else ""
            latin = latin.upper() if (nxt.isupper() and len(latin) > 1) else latin.capitalize()
        out.append(latin)
    result = "".join(out)
    # Common endings: -ий -> -iy is written -y in English names (Дмитрий -> Dmitry, Василий -> Vasily).
    return re.sub(r"iy\b", "y", result)


_LATIN_TWINS, _CYRILLIC_TWINS = "ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху"  # letters that look alike
_LATIN_LIKE_CYRILLIC = str.maketrans(_LATIN_TWINS, _CYRILLIC_TWINS)
_CYRILLIC_LIKE_LATIN = str.maketrans(_CYRILLIC_TWINS, _LATIN_TWINS)
_MIXED_PAIR = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def unmix_scripts(text: str) -> str:
    """`text` with each word that mixes Latin and Cyrillic letters written in one script, when the
    letters of the fewer script all look like letters of the other ("Cовета" with a Latin C, a
    typo no reader sees and no name matcher forgives). Same length: every offset holds. Words whose
    odd letters have no twin (a brand glued to a word) are left as they are."""
    if CYRILLIC_RE.search(text) is None or _MIXED_PAIR.search(text) is None:
        return text  # nearly every text: one or two searches
    out = list(text)
    for m in _MIXED_PAIR.finditer(text):
        start, end = _word_around(text, m.start())
        word = text[start:end]
        latin = len(_LATIN_LETTER.findall(word))
        cyrillic = len(CYRILLIC_RE.findall(word))
        if latin == cyrillic:
            continue
        table = _LATIN_LIKE_CYRILLIC if latin < cyrillic else _CYRILLIC_LIKE_LATIN
        fixed = word.translate(table)
        if bool(_LATIN_LETTER.search(fixed)) == bool(CYRILLIC_RE.search(fixed)):
            continue  # a letter without a twin: not a typo of this kind
        out[start:end] = fixed
    return "".join(out)


def _word_around(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = pos
    while end < len(text) and text[end].isalpha():
        end += 1
    return start, end
