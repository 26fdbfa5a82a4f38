"""The tag vocabulary (`data/tags.yaml`): keywords indexed by their first word, so one pass over a
text's words counts every tag."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, repeat

_TAG_WORD = re.compile(r"[^\W_][\w-]*")
_NOT_SEEN = (None,)


@dataclass(frozen=True)
class _Keyword:
    tag: str
    words: tuple[str, ...]
    prefix: tuple[bool, ...]  # per word: a stem that allows any ending ("manufactur*")

    def matches(self, words: list[str], i: int) -> bool:
        if i + len(self.words) > len(words):
            return False
        return all(words[i + k].startswith(w) if p else words[i + k] == w for k, (w, p) in enumerate(zip(self.words, self.prefix)))


@dataclass(frozen=True)
class TagVocabulary:
    """Keywords indexed by their first word: one pass over the words of a text counts every tag."""

    exact: dict[str, list[_Keyword]]
    stems: dict[str, list[_Keyword]]
    stem_lengths: tuple[int, ...]
    _cache: dict[str, tuple[_Keyword, ...]] = field(default_factory=dict, repr=False, compare=False)

    def count(self, text: str) -> dict[str, list[str]]:
        """Tag -> the keywords found for it, in order."""
        words = _TAG_WORD.findall(text.casefold())
        found: dict[str, list[str]] = {}
        # Most words start no keyword (remembered as ()): pick the others, and words not seen yet,
        # out with map() over C functions.
        may_start = map(bool, map(self._cache.get, words, repeat(_NOT_SEEN)))
        for i in compress(range(len(words)), may_start):
            for kw in self._starting_with(words[i]):
                # A one-word keyword matches: the index found it by this word.
                if len(kw.words) == 1 or kw.matches(words, i):
                    found.setdefault(kw.tag, []).append(" ".join(words[i : i + len(kw.words)]))
        return found

    def _starting_with(self, word: str) -> tuple[_Keyword, ...]:
        """Keywords whose first word matches `word` (remembered: a text's words repeat a lot)."""
        cache = self._cache
        found = cache.get(word)
        if found is None:
            candidates = list(self.exact.get(word, ()))
            for n in self.stem_lengths:
                if n > len(word):
                    break
                candidates += self.stems.get(word[:n], ())
            found = tuple(candidates)
            if len(cache) < 200_000:
                cache[word] = found
        return found


def vocabulary(data: dict) -> TagVocabulary:
    """The vocabulary of a parsed tags file. A keyword is a whole word; `*` at the end of a word allows any ending."""
    exact: dict[str, list[_Keyword]] = {}
    stems: dict[str, list[_Keyword]] = {}
    for tag, keywords in (data.get("tags") or {}).items():
        for raw in keywords or ():
            parts = str(raw).casefold().split()
            if not parts:
                continue
            kw = _Keyword(str(tag), tuple(p.rstrip("*") for p in parts), tuple(p.endswith("*") for p in parts))
            (stems if kw.prefix[0] else exact).setdefault(kw.words[0], []).append(kw)
    return TagVocabulary(exact, stems, tuple(sorted({len(k) for k in stems})))
