"""What an article page offers the search index besides its text: every spelling of the entities
it names, with the Russian case forms of Cyrillic names (so Лукашенко and Минске find items
written in English). The case forms looked up are kept in the cache folder between builds.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from itertools import chain
from pathlib import Path

_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{3,}")
_EDGES = "«»\"'“”„‘’.,;:!?()[]·–—-"
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"})


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - in requirements.txt; the names alone are still indexed
        return None
    return pymorphy3.MorphAnalyzer()


FORMS_RULE = 2
"""Which forms _lookup_forms gives: a cache file of another rule's forms is not used."""
_known_forms: dict[str, list[str]] = {}
_forms_file: list[Path] = []
_forms_added: list[str] = []


def forms_cache(path: Path):
    """Use (and, at the end of the block, update) a file of the case forms already looked up, so
    a build whose names were all seen before does not load the morphology (~0.25 s)."""
    import contextlib

    @contextlib.contextmanager
    def block():
        _known_forms.clear()
        _forms_added.clear()
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = None
        if isinstance(kept, dict) and kept.get("rule") == FORMS_RULE:
            _known_forms.update(kept["forms"])
        _forms_file[:] = [path]
        try:
            yield
        finally:
            _forms_file.clear()
            if _forms_added:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_name(path.name + ".tmp")
                    tmp.write_text(json.dumps({"rule": FORMS_RULE, "forms": _known_forms}, ensure_ascii=False, sort_keys=True), encoding="utf-8")
                    os.replace(tmp, path)
                except OSError:
                    pass  # a cache: the next build looks the forms up again

    return block()


def _forms(word: str) -> tuple[str, ...]:
    """The case forms of a Cyrillic word of a name (Минск: Минска, Минске, ...)."""
    known = _known_forms.get(word)
    if known is None:
        known = _known_forms[word] = list(_lookup_forms(word))
        _forms_added.append(word)
    return tuple(known)


@lru_cache(maxsize=20_000)
def _lookup_forms(word: str) -> tuple[str, ...]:
    """The case forms of the word read as a singular noun or adjective (its first such reading;
    an adjective in its own gender, as a name's adjective agrees with its noun: Евразийская,
    Евразийской, ...). Not the other forms of its lexeme (comparatives, short forms, a verb's
    tenses): no name takes them, and each is one more word indexed on every page that names it."""
    morph = _morph()
    if morph is None:
        return ()
    parse = next((p for p in morph.parse(word) if p.tag.POS in ("NOUN", "ADJF") and ("sing" in p.tag or "Pltm" in p.tag)), None)
    if parse is None:
        return ()
    same = parse.tag.grammemes - _CASES  # the word's own gender, number and kind: only its case varies
    forms = {f.word for f in parse.lexeme if f.tag.grammemes - _CASES == same}
    return tuple(sorted(forms))


@lru_cache(maxsize=50_000)
def _name_record(name: str) -> tuple[str, ...]:
    words = name.split()
    for word in _CYRILLIC_WORD.findall(name):
        words += [f for f in _forms(word) if f != word.lower()]
    return tuple(words)


def record_terms(names: tuple[str, ...]) -> str:
    """The text an article page offers the index besides its body (a hidden element of the page):
    the words of every spelling of every entity it names (canonical names and the data file's
    aliases, Latin and Cyrillic), and the case forms of Cyrillic names. So Лукашенко finds the
    items that name Alexander Lukashenko in English, and Минске finds those that name Minsk;
    Russian items are also stemmed by their own index. Each word once (the index matches words,
    and every word more is more for it to read and store on every page), in order."""
    return join_records(name_records(names))


def name_records(names: tuple[str, ...]) -> tuple[str, ...]:
    """The words record_terms takes of these names (of one term: site.py keeps them per term)."""
    return tuple(dict.fromkeys([w for n in names if n.strip() for w in _name_record(" ".join(n.split()))]))


class Record:
    """An article's record_terms, from the name_records of its terms, joined when first read
    (str(), as the page template does): a rebuild makes every article's record but writes few pages."""

    __slots__ = ("_parts", "_text")

    def __init__(self, parts: tuple[tuple[str, ...], ...]):
        self._parts = parts
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = join_records(chain.from_iterable(self._parts))
        return self._text

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (str, Record)) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"Record({str(self)!r})"


def join_records(words) -> str:
    """record_terms from the name_records of its names, in order: each word once (by its letters,
    whatever its case and the quotes or punctuation around it). (Written with C-level calls only:
    it runs over ~1,000 words of every article on every build.)"""
    words = list(words)
    keys = list(map(_word_key, words))
    first = dict(zip(reversed(keys), reversed(words)))  # each key's first word (earlier ones written last)
    return " ".join(map(first.__getitem__, dict.fromkeys(filter(None, keys))))


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    return word.strip(_EDGES).casefold()
