"""The scan of one story: its tokens, their keys, the mentions found so far, and the lookups the
entity finders share (`Scan`). Finders read it and add their mentions to it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter, not_

from .. import russian
from ..document import Document
from ..gazetteer import Entity, Gazetteer, token_key, token_keys
from ..text import CYRILLIC_RE, Token, finditer_at, fold, key, tokens, transliterate
from .patterns import (
    ANCHOR_PARTS,
    ANCHOR_WORDS,
    HEAD_RE,
    KINDS,
    TITLE_RE,
    WORD_RUN,
    AnchorWords,
)


@dataclass(slots=True)
class Mention:
    kind: str  # "organization" | "person" | "country"
    start: int
    end: int
    surface: str
    rule: str
    entity: Entity | None = None
    name: str = ""
    """Canonical name for an entity the data file does not know (filled by grouping)."""
    in_title: bool = False
    nested: bool = False
    """An organization named inside another's name ("the SCO" in "Council of ... of the SCO")."""
    link: Mention | None = None
    """For a surname alone: the mention that names the person in full."""


_FIRST = itemgetter(0)


class Scan:
    """A story's text, its tokens and the mentions found so far: what every finder reads."""

    def __init__(self, doc: Document, gaz: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gaz
        self.text = doc.flow
        self.spans = doc.spans()
        self.body_spans = doc.spans(include_headline=_headline_is_sentence(doc))
        self.mentions: list[Mention] = []
        self.memo: dict[str, object] = {}
        """Facts about the story a finder works out once (see features._spans)."""
        self.agencies: list[Entity] = []
        self.acronyms: dict[str, str] = {}  # ACR -> full name (defined in the text)
        self.not_orgs: set[str] = set()  # acronyms defined as something else ("MOU")
        self.source_spans: list[tuple[int, int]] = []  # news agencies named as the source ("Trend reports")
        self.tokens: list[Token] = []
        self.keys: list[str] = []
        self.clear_marks()
        self.span_of: list[int] = []  # per token: the index of its span
        for k, (start, end) in enumerate(self.spans):
            toks = tokens(self.text, start, end)
            self.tokens += toks
            self.span_of += [k] * len(toks)
        self.keys = token_keys(self.tokens)
        self.starts = [t.start for t in self.tokens]
        self.token_texts = list(map(_FIRST, self.tokens))
        # Per token: capitalised (Latin or Cyrillic). map() over C functions: no bytecode per token.
        self.capitalised = list(map(str.isupper, map(_FIRST, self.token_texts)))
        self.anchors: dict[AnchorWords, list[tuple[int, int]]] | None = None

    def words(self, start: int, end: int) -> list[Token]:
        """The tokens of text[start:end] (the headline's and the paragraphs' words only)."""
        first = bisect.bisect_left(self.starts, start)
        return self.tokens[first : bisect.bisect_left(self.starts, end, first)]

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        ones = b"\x01" * (m.end - m.start)
        self.marks[m.kind][m.start : m.end] = ones
        self.any_marks[m.start : m.end] = ones

    def clear_marks(self) -> None:
        size = len(self.text) + 1
        self.marks = {kind: bytearray(size) for kind in KINDS}  # per kind: the characters in a mention
        self.any_marks = bytearray(size)  # characters in a mention of any kind

    def covered(self, start: int, end: int, kind: str | None = None) -> bool:
        return (self.marks[kind] if kind else self.any_marks).find(1, start, end) >= 0

    def span_tokens(self, start: int, end: int) -> list[Token]:
        return self.tokens[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def words_at(self, words: AnchorWords) -> list[tuple[int, int]]:
        """(start, end) of each of `words` in the text, in order: where `words.pattern` finds them,
        except inside a word ("Bank" of "EuroBank"), which rules anchored on words skip anyway."""
        if self.anchors is None:
            self.anchors = {}
            for word, span in self._find_anchors():
                for each in ANCHOR_WORDS[word]:
                    self.anchors.setdefault(each, []).append(span)
        found = self.anchors.get(words, [])
        if words.phrases is None:
            return found
        # Phrases of several words, where the pattern finds them (inside a word too, like the
        # pattern), in place of the words they hold ("Office" of "Prosecutor's Office").
        phrases = [m.span() for start, end in self.spans for m in words.phrases.finditer(self.text, start, end)]
        if not phrases:
            return found
        return sorted([span for span in found if not any(s <= span[0] < e for s, e in phrases)] + phrases)

    def _find_anchors(self) -> list[tuple[str, tuple[int, int]]]:
        """(word, span) of every word of `ANCHOR_WORDS` in the text, in order: one dict lookup per
        token (map() in C); a token with inner punctuation by its parts and runs of them ("Ministry"
        of "Ministry's", "start-up")."""
        toks, texts = self.tokens, self.token_texts
        plain = list(map(str.isalnum, texts))  # no inner punctuation
        found = [(texts[i], toks[i][1:]) for i in compress(range(len(toks)), map(ANCHOR_WORDS.__contains__, texts)) if plain[i]]
        compound = [i for i in compress(range(len(toks)), map(not_, plain)) if not ANCHOR_PARTS.isdisjoint(WORD_RUN.findall(texts[i]))]
        for i in compound:
            text, offset = texts[i], toks[i].start
            parts = [m.span() for m in WORD_RUN.finditer(text)]
            for a, (start, _) in enumerate(parts):
                for _, end in parts[a:]:
                    if text[start:end] in ANCHOR_WORDS:
                        found.append((text[start:end], (offset + start, offset + end)))
        return sorted(found, key=itemgetter(1)) if compound else found

    def exact_entities(self, name: str) -> list[Entity]:
        """The data file's entities named exactly `name`."""
        return self.gaz.remember("entities", name, self._find_exact_entities)

    def _find_exact_entities(self, name: str) -> list[Entity]:
        toks = tokens(name)
        if not toks:
            return []
        hit = self.gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks])
        return [e.entity for e in hit[1]] if hit and hit[0] == len(toks) else []

    # -- 5. people

    def is_country_or_demonym(self, name: str) -> bool:
        k = key(name)
        if token_key(name) in self.gaz.demonyms:
            return True
        return any(e.kind == "country" for e in self.exact_entities(name)) or k in ("republic", "federation")

    def country_entity(self, word: str) -> Entity | None:
        toks = tokens(word)
        if not toks:
            return None
        hit = self.gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks])
        if hit and hit[0] == len(toks):
            ent = hit[1][0].entity
            return ent if ent.kind == "country" else None
        return None

    def is_owner(self, word: str) -> bool:
        """A word before "'s" that owns the organization rather than names it: a country, a place,
        an entity of the data file or an organization's head word ("Russia's", "Tashkent's",
        "Gazprom's", "the Commission's"); not "People's Bank", "Prosecutor's Office"."""
        return bool(self.is_country_or_demonym(word) or HEAD_RE.fullmatch(word) or self.gaz.is_place(word) or self.exact_entities(word))

    def is_person_or_title(self, name: str) -> bool:
        """A name that is a person ('developer Ivan Petrov'), a title or a country, not a company."""
        words = name.split()
        if TITLE_RE.match(name) or self.is_country_or_demonym(words[0]):
            return True
        if fold(words[0]) in self.gaz.given_names and len(words) >= 2:
            return True
        return any(e.kind == "person" for e in self.exact_entities(name))

    def person_alias_at(self, pos: int) -> bool:
        """A data-file person's name starts at this offset."""
        i = bisect.bisect_left(self.starts, pos)
        if i == len(self.starts) or self.starts[i] != pos:
            return False
        hit = self.gaz.index.longest_at(self.tokens, i, self.keys)
        return bool(hit) and any(e.entity.kind == "person" for e in hit[1])

    def country_typo(self, word: str) -> Entity | None:
        """'Kygyzstan' is Kyrgyzstan: one letter added, dropped or changed (names of 7+ letters)."""
        return self.gaz.remember("country typo", word, self._find_country_typo)

    def _find_country_typo(self, word: str) -> Entity | None:
        w = fold(word)
        if not w.isalpha() or len(w) > self.gaz.longest_country_typo() + 1:
            return None  # one edit from no name: and a 50 kB word's deletions would need gigabytes
        variants = self.gaz.country_typos
        hit = variants.get(w)
        if hit is None:
            hit = next((variants[d] for d in _deletions(w) if d in variants), None)
        return hit if hit is not None and fold(hit.name) != w else None


def in_chunk(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans (in text order) that begin in text[start:end], in that chunk's offsets."""
    if not spans:
        return spans
    first, stop = bisect.bisect_left(spans, (start,)), bisect.bisect_left(spans, (end,))
    return [(s - start, e - start) for s, e in spans[first:stop]]


def near(
    rx: re.Pattern,
    anchors: list[tuple[int, int]],
    text: str,
    back: int = 120,
    ahead: int = 260,
    starts: re.Pattern | None = None,
    run_before: re.Pattern | None = None,
):
    """Matches of `rx` that contain one of the `anchors` (spans of its key words), without running
    the expensive pattern at every position of the text: each is searched only around an anchor.
    `starts`: a cheap pattern that matches wherever a match of `rx` can begin; only those places
    are tried (text.finditer_at: the same matches as trying every place, as the engine would).
    `run_before`: a pattern (anchored at its end) for the words a match may hold before its anchor;
    only that run is searched, not the whole window."""
    seen: set[tuple[int, int]] = set()
    done = 0
    for a_start, a_end in anchors:
        if a_start < done or (a_start and is_word_char(text[a_start - 1])):
            continue  # inside a word: after "_" ("__Ministry"), or a phrase glued to a word
        lo, hi = max(0, a_start - back), min(len(text), a_end + ahead)
        if run_before is not None:  # a match can only begin inside the run of words before the anchor
            lo = a_start - len(run_before.search(text, lo, a_start).group())
        for m in rx.finditer(text, lo, hi) if starts is None else finditer_at(rx, starts, text, lo, hi):
            if m.start() <= a_start and a_end <= m.end() and (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                done = max(done, m.end())
                yield m
            if m.end() > a_start:
                break  # the next match begins after this one ends, so after the anchor: it cannot hold it


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def _headline_is_sentence(doc: Document) -> bool:
    """A headline in Title Case Capitalises Every Word, so capitals say nothing about names."""
    if not doc.headline_text:
        return False
    words = [w for w in _HEADLINE_WORD.findall(doc.headline_text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) < 0.7


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


@lru_cache(maxsize=100_000)
def surname_key(word: str) -> str:
    w = word.strip(".")
    if CYRILLIC_RE.search(w):
        w = russian.lemma(w)
    return fold(transliterate(w)) if CYRILLIC_RE.search(w) else fold(w)
