"""Word lists the finders use as evidence: event nouns and verbs, remote meetings, the site of
something, hedges, the small words before a place ("in", "at", "в"), and the units of a year's figures. They are kept in
`lexicon.yaml` beside this module, as data, and compiled here once; which of them matter, and how
much, is for the learnt weights to say (`scorer.py`), not for rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .. import yamlio

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[str]]:
    return yamlio.load(LEXICON_FILE.read_text(encoding="utf-8"))  # (libyaml: ~10 ms less than PyYAML's own parser)


def _words(name: str) -> list[str]:
    return [str(w) for w in _lexicon()[name]]


def _alternation(entries: list[str]) -> str:
    """Lexicon entries as regex alternatives: a space is any run of spaces, `*` any word ending,
    `...` up to six words."""
    alts = []
    for e in sorted(entries, key=len, reverse=True):
        alts.append(r"\s+".join(r"\S+(?:\s+\S+){0,5}?" if w == "..." else re.escape(w).replace(r"\*", r"\w*") for w in e.split()))
    return "|".join(alts)


def _first_letters(entries: list[str]) -> str:
    """A look-ahead for the letters the entries begin with ('' when one begins with `*`): the regex
    engine then passes over the other places of a text at once instead of trying every entry there."""
    firsts = {e[:1] for e in entries}
    if not all(c.isalpha() for c in firsts):
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


def _word_pattern(name: str) -> re.Pattern:
    words = _words(name)
    return re.compile(rf"{_first_letters(words)}(?<![\w-])(?:{_alternation(words)})(?![\w-])", re.I)


EVENT = _word_pattern("event")
"""A sentence about an event: a meeting, talks, a signing, a visit ('встреча', 'signed')."""
REMOTE = _word_pattern("remote")
"""A meeting held at a distance: a telephone call, a video conference."""
HOST = _word_pattern("host")
"""The verb of a host receiving someone: 'met with', 'received', 'принял'."""
DESTINATION = re.compile(rf"(?<![\w-])(?:{_alternation(_words('destination'))})\s+(?:the\s+)?$", re.I)
"""The words that bring someone to the place that follows: 'a visit to', 'arrived in', 'визит в'."""
UNCERTAIN = re.compile(rf"^\s*(?:{_alternation(_words('uncertain'))})\b", re.I)
"""A hedge that opens a clause: 'possibly in Issyk-Kul'."""
UNCERTAIN_WORD = _word_pattern("uncertain")
"""A hedge anywhere in a sentence (whether the clause test above is worth running)."""
SITE_OF_SOMETHING_WORD = re.compile(rf"{_first_letters(_words('site_of'))}(?:{_alternation(_words('site_of'))})", re.I)
"""A word of the site of something anywhere in a sentence."""
SITE_OF_SOMETHING = re.compile(rf"{_first_letters(_words('site_of'))}(?:{_alternation(_words('site_of'))})(?:\s+[\w\-]+){{0,3}}\s+(?:in|в|во)\s+$", re.I)
"""'a joint venture in Samarkand', 'a plant to be built in ...': where a thing is, not an event."""
AMOUNT = re.compile(rf"\d(?:[\d.,\s]*\d)?\s*(?:%|(?:{_alternation(_words('figure_units'))})(?![\w-]))|[$€£¥₽]\s?\d", re.I)
"""An amount: a number with a unit of figures ('9 percent', '1.2 billion', '5 млрд') or a sign ('9%', '$3')."""
PART_OF_YEAR_WORDS = _alternation(_words("part_of_year"))
"""'months', 'quarter', 'полугодие': with a month name (dates.py) they make a year's figures a part's."""
_CUE_WORDS = frozenset(_words("place_cues"))
_FILLERS = tuple(tuple(f.casefold().split()) for f in _words("place_fillers"))
_FILLER_ENDS = frozenset(f[-1] for f in _FILLERS if f)
"""The last words of the fillers: a window ending in another word has no filler to drop."""


def cue_before(text: str, pos: int, floor: int = 0) -> str:
    """The word that leads to a place name at `pos` ('in', 'at', 'в', 'visited'), skipping fillers
    such as 'the', 'city of', 'городе'. Another word is 'word' (lower case) or 'cap' (a capitalised
    word: part of a list or a longer name); no word is 'start'; punctuation is 'punct'."""
    window = text[max(floor, pos - 60) : pos]
    words = window.split()
    while words and words[-1].casefold() in _FILLER_ENDS:  # drop fillers from the end ("city of", then "the")
        low = [w.casefold() for w in words[-2:]]
        for filler in _FILLERS:
            if tuple(low[-len(filler) :]) == filler and len(filler) <= len(low):
                del words[-len(filler) :]
                break
        else:
            break
    if not words:
        return "start"
    last = words[-1]
    if not last[-1].isalnum():
        if last[-1] in '«"“':
            return _quote_cue(" ".join(words)[:-1])
        return "punct"
    low = last.casefold()
    if low in _CUE_WORDS:
        return low
    return "cap" if last[:1].isupper() else "word"


def _quote_cue(window: str) -> str:
    stripped = window.rstrip()
    m = re.search(r"[\w'’-]+$", stripped)
    return m.group().casefold() if m and m.group().casefold() in _CUE_WORDS else "punct"
