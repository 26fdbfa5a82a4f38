"""What an article page offers the search index besides its text: every spelling of the entities
it names, with the Russian case forms of Cyrillic names (so Лукашенко and Минске find items
written in English). The case forms looked up are kept in the cache folder between builds.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{3,}")


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - in requirements.txt; the names alone are still indexed
        return None
    return pymorphy3.MorphAnalyzer()


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
            _known_forms.update(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
        _forms_file[:] = [path]
        try:
            yield
        finally:
            _forms_file.clear()
            if _forms_added:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_name(path.name + ".tmp")
                    tmp.write_text(json.dumps(_known_forms, ensure_ascii=False, sort_keys=True), encoding="utf-8")
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
    morph = _morph()
    if morph is None:
        return ()
    parses = morph.parse(word)
    if not parses:
        return ()
    forms = {f.word for f in parses[0].lexeme if "plur" not in f.tag or "Pltm" in f.tag}
    return tuple(sorted(forms))[:24]


@lru_cache(maxsize=50_000)
def _name_record(name: str) -> str:
    words = [name]
    for word in _CYRILLIC_WORD.findall(name):
        words += [f for f in _forms(word) if f != word.lower()]
    return " ".join(words)


def record_terms(names: tuple[str, ...]) -> str:
    """The text an article page offers the index besides its body (a hidden element of the page):
    every spelling of every entity it names (canonical names and the data file's aliases, Latin
    and Cyrillic), and the case forms of Cyrillic names. So Лукашенко finds the items that name
    Alexander Lukashenko in English, and Минске finds those that name Minsk; Russian items are
    also stemmed by their own index. Repeats dropped, order kept."""
    return join_records(name_records(names))


def name_records(names: tuple[str, ...]) -> tuple[str, ...]:
    """What record_terms takes of each name (of one term: site.py keeps them per term)."""
    return tuple([_name_record(" ".join(n.split())) for n in names if n.strip()])


def join_records(records) -> str:
    """record_terms from the name_records of its names, in order."""
    return " · ".join(dict.fromkeys(records))
