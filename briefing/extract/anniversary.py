"""Years named by anniversaries: "the 20th anniversary of <a body founded in 2001>" is 2021.

A story that names no year may still fix it: an anniversary of a body whose founding year the data
file gives (`founded:` in `data/entities.yaml`) is told in that year (or just before it). The year
model weighs it as evidence like any other; it is never taken as stated.
"""

from __future__ import annotations

import re

from .document import Document

_ONES = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_TENS = ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
ORDINAL_WORDS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_ONES)},
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    **{f"{t}ieth": 20 + 10 * i for i, t in enumerate(_TENS)},
    **{f"{t}y-{w}": 20 + 10 * i + j + 1 for i, t in enumerate(_TENS) for j, w in enumerate(_ONES)},
}
"""English ordinals in words, "first" to "ninety-ninth"."""

_KEYWORD = re.compile(r"anniversary|jubilee|лет(?:ие|ия|ию|ием|ии|него\s+юбилея|ний\s+юбилей)\b|годовщин", re.I)
"""The word that makes an anniversary; the number is looked for just before it (one cheap search
over a long text, not an alternation of ordinals tried at every word)."""
_NUMBER_BEFORE = re.compile(
    rf"(?:\b(\d{{1,3}})(?:st|nd|rd|th|-?(?:я|й|ю|ой))?|\b({'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))}))[\s-]*$",  # "20th ", "20-", "30-я ", "twentieth "
    re.I,
)
_AFTER = 120
"""How far after the anniversary its body may be named ("the 20th anniversary of the signing of the
treaty establishing X"), within the sentence."""
_BEFORE = 20
"""How far before it ("X's 20th anniversary")."""


def anniversary_years(doc: Document, founded: list[tuple[int, int, int]], earliest: int, latest: int) -> frozenset[int]:
    """The years the story's anniversaries fall in. `founded`: (start, end, founding year) of each
    mention of a body whose founding year is known, in `doc.flow`'s offsets."""
    if not founded:
        return frozenset()
    text = doc.flow
    years = set()
    for k in _KEYWORD.finditer(text):
        m = _NUMBER_BEFORE.search(text, max(0, k.start() - 24), k.start())
        if m is None:
            continue
        count = int(m.group(1)) if m.group(1) else ORDINAL_WORDS.get(m.group(2).lower(), 0)
        if not count:
            continue
        body = _body_of(text, m.start(), k.end(), founded)
        if body is not None and earliest <= body + count <= latest:
            years.add(body + count)
    return frozenset(years)


def _body_of(text: str, start: int, end: int, founded: list[tuple[int, int, int]]) -> int | None:
    """The founding year of the body the anniversary is of: the first named after it in its
    sentence, else one named just before it."""
    stop = min(len(text), end + _AFTER)
    full_stop = re.compile(r"[.!?]\s|\n").search(text, end, stop)
    if full_stop:
        stop = full_stop.start()
    after = [(s, year) for s, _e, year in founded if end <= s < stop]
    if after:
        return min(after)[1]
    before = [(e, year) for _s, e, year in founded if start - _BEFORE <= e <= start]
    return max(before)[1] if before else None
