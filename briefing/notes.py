"""The dossiers' quotes (mentions.naming: the sentence of an article that names an entity), kept
between builds.

Finding them means a regular expression per entity (compiled) run over the sentences of each of its
articles: ~30,000 searches and ~2,000 patterns at 1,000 articles, most of a rebuild's site model.
Within a `cache(path)` block, a quote is looked up by (the article's text, the entity's spellings,
person or not) in a file of the previous build's quotes, and only a new text or new spellings are
searched. An article's sentences are split only when one of its quotes is searched.
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Iterator
from pathlib import Path

from . import mentions
from .fingerprint import quick

_active: list[_Quotes] = []


class Text:
    """An article's summary and rendered body, split into sentences only when asked; `key` is a
    hash of both (what a kept quote depends on)."""

    __slots__ = ("summary", "body", "key", "_items", "_joined")

    def __init__(self, summary: str, body: str | None):
        self.summary, self.body = summary, body
        self.key = quick(f"{summary}\0{body}")
        self._items: tuple[str, ...] | None = None
        self._joined: mentions.Joined | None = None

    @property
    def joined(self) -> mentions.Joined:
        """mentions.lowered of the sentences (searched for each entity the article names)."""
        if self._joined is None:
            self._joined = mentions.lowered(self.items)
        return self._joined

    @property
    def items(self) -> tuple[str, ...]:
        if self._items is None:
            body = self.body
            self._items = mentions.sentences(f"{self.summary}\n{mentions.plain_text(body)}" if body else self.summary)
        return self._items

    # a sequence of sentences where one is expected (mentions.naming)
    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


class _Quotes:
    def __init__(self, path: Path, version: str):
        self.path, self.version = path, version
        self.known: dict = {}
        self.used: dict = {}
        self.searched = 0
        try:
            with path.open("rb") as f:
                stored_version, known = pickle.load(f)
            if stored_version == version and isinstance(known, dict):
                self.known = known
        except Exception:  # a cache: missing, damaged or of another version, the quotes are searched again
            pass

    def naming(self, text: Text, names: tuple[str, ...], person: bool) -> str:
        key = (text.key, names, person)
        found = self.known.get(key)
        if found is None:
            found = mentions.naming(text.items, names, person, text.joined)
            self.searched += 1
        self.used[key] = found
        return found

    def save(self) -> None:
        if not self.searched and len(self.used) == len(self.known):
            return  # the same quotes as the file has
        from .files import atomic_write

        try:
            atomic_write(self.path, pickle.dumps((self.version, self.used), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache: the next build searches again


def naming(text: Text | tuple[str, ...], names: tuple[str, ...], person: bool = False) -> str:
    """mentions.naming, through the quotes of the previous build inside a `cache` block."""
    if isinstance(text, Text) and _active:
        return _active[-1].naming(text, names, person)
    return mentions.naming(tuple(text), names, person)


@contextlib.contextmanager
def cache(path: Path) -> Iterator[None]:
    """Look quotes up in (and, at the end of the block, write the ones used to) the file `path`."""
    from .cache import code_version

    quotes = _Quotes(path, code_version("mentions", "notes"))
    _active.append(quotes)
    try:
        yield
    finally:
        _active.remove(quotes)
        quotes.save()
