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

_KEYWORD = re.compile(r"(anniversary|jubilee)|лет(?:ие|ия|ию|ием|ии|н\w{1,3}\s+юбиле\w{1,2})\b|годовщин\w*", re.I)
"""The word that makes an anniversary (group 1: an English one); the number is looked for just
before it (one cheap search over a long text, not an alternation of ordinals at every word)."""
_ORDINAL = "|".join(re.escape(w).replace(r"\-", r"[\s-]") for w in sorted(ORDINAL_WORDS, key=len, reverse=True))
_NUMBER_BEFORE = re.compile(rf"(?:\b(\d{{1,3}})(?:-?(st|nd|rd|th)|-?(?:я|й|ю|ой))?|\b({_ORDINAL}))[\s-]*$", re.I)
""""20th ", "20-th ", "twenty-first ", "20-" (летие), "30-я " (годовщина). English needs an ordinal:
"the May 9 anniversary" counts nothing."""
_OF_BODY = {
    True: re.compile(  # English: "of the", "of the founding of", "of the signing of the treaty establishing"
        r"\s+of\s+[\"“]?(?:the\s+)?(?:(?:founding|foundation|establishment|creation|formation|launch)\s+of\s+[\"“]?(?:the\s+)?"
        r"|signing\s+of\s+the\s+(?:treaty|agreement|charter|declaration)\s+(?:on\s+the\s+(?:creation|establishment|formation)\s+of|establishing|creating)\s+[\"“]?(?:the\s+)?)?",
        re.I,
    ),
    False: re.compile(  # Russian: "20-летие ОДКБ", "создания", "со дня образования", "подписания договора о создании"
        r"\s+(?:со\s+дня\s+)?(?:(?:создания|образования|основания|учреждения)\s+"
        r"|подписания\s+(?:договора|соглашения|устава)\s+(?:о\s+(?:создании|образовании|учреждении)\s+)?)?[«\"“]?",
        re.I,
    ),
}
"""What may stand between the anniversary and its body, by whether the anniversary is English."""
_ENGLISH_AFTER_BODY = re.compile(
    r"[\"”»]?(?:\s*(?:[,.;:!?)]|$)|\s+(?:and|or|in|on|at|was|were|is|are|will|which|that|with|by|to|for|as|this|has|had|have|"
    r"when|where|while|since|from|celebrated|marked|held|took|falls|fell|comes|came)\b|\s+[–—-]\s)"
)
"""What may follow the body of an English anniversary: the end of the phrase, not more of a name
("the 10th anniversary of the CSTO summit in Dushanbe" is the summit's)."""
_POSSESSIVE = re.compile(r"['’]s\s+")
"""Between a body and its anniversary named first: "the CSTO's 20th anniversary"."""
_REACH = 90
"""How far after the keyword the body may begin."""


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
        if m.group(3):
            count = ORDINAL_WORDS.get(re.sub(r"[\s-]+", "-", m.group(3).lower()), 0)
        elif m.group(1) and (m.group(2) or not k.group(1)):  # English needs "20th"; "20-летие" needs nothing
            count = int(m.group(1))
        else:
            continue
        body = _body_of(text, m.start(), k.end(), founded, english=bool(k.group(1)))
        if count and body is not None and earliest <= body + count <= latest:
            years.add(body + count)
    return frozenset(years)


def _body_of(text: str, start: int, end: int, founded: list[tuple[int, int, int]], english: bool) -> int | None:
    """The founding year of the body the anniversary (text[start:end]) is of: named right after it
    ("of the X", "создания X") or just before it ("X's")."""
    of_body = _OF_BODY[english]
    after = sorted((s, year) for s, e, year in founded if end < s <= end + _REACH and of_body.fullmatch(text, end, s) and (not english or _ENGLISH_AFTER_BODY.match(text, e)))
    if after:
        return after[0][1]
    before = [year for _s, e, year in founded if start - 8 <= e < start and _possessive(text, e, start)]
    return before[0] if before else None


def _possessive(text: str, end: int, start: int) -> bool:
    """A body's name ending at `end` is a possessive of what begins at `start` (the mention may hold
    its "'s" itself)."""
    if _POSSESSIVE.fullmatch(text, end, start):
        return True
    return text[end - 2 : end] in ("'s", "’s") and text[end:start].isspace()
