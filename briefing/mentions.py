"""The sentence of an item that names an entity, for its dossier ("what did they do here?").

Pure text work on an item's plain text: split into sentences once per item, then, per entity, the
first sentence that names it by any of its spellings (a person also by the surname alone; a
Cyrillic name in any case ending, as Russian inflects it). When the person speaks, the sentence
that quotes them is preferred.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

MAX_CHARS = 280
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|dd|dt|tr)>", re.I)
_SPLIT = re.compile(r"(?<=[.!?…])[»”\"']?\s+(?=[«“\"A-ZА-ЯЁ0-9])|\n+")
_QUOTE = re.compile(r"[«“”\"]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def plain_text(body_html: str) -> str:
    """Rendered body HTML -> text, one block per line."""
    text = _BLOCK_END.sub("\n", body_html)
    return html.unescape(_TAG.sub(" ", text))


def sentences(text: str) -> tuple[str, ...]:
    out = []
    for part in _SPLIT.split(text):
        part = " ".join(part.split())
        if len(part) > 3:
            out.append(part)
    return tuple(out)


def _form(name: str) -> str:
    """A regex for one spelling: words in order; a Cyrillic word's last vowel and any case
    ending may vary (Лукашенко, Лукашенку; Минск, Минске; Путин, Путина)."""
    words = []
    for word in name.split():
        w = re.escape(word)
        if _CYRILLIC.search(word) and len(word) > 3:
            stem = word[:-1] if word[-1].lower() in "аяоеиыуюйь" else word
            w = re.escape(stem) + r"[а-яё]{0,3}"
        words.append(w)
    return r"\s+".join(words)


@lru_cache(maxsize=50_000)
def pattern(names: tuple[str, ...], person: bool) -> re.Pattern:
    """One pattern for every spelling of an entity (and a person's surnames)."""
    forms = set()
    for name in names:
        name = " ".join(name.split())
        if len(name) < 2:
            continue
        forms.add(_form(name))
        if person and " " in name and len(name.split()[-1]) >= 4:
            forms.add(_form(name.split()[-1]))
    if not forms:
        return re.compile(r"(?!x)x")
    body = "|".join(sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.I)


def naming(items: tuple[str, ...], names: tuple[str, ...], person: bool = False) -> str:
    """The sentence of `items` that names the entity: for a person, a quoted sentence first."""
    found = pattern(names, person)
    first = ""
    for i, sentence in enumerate(items):
        if not found.search(sentence):
            continue
        if person and _QUOTE.search(sentence):
            return _cut(sentence)
        if person and i + 1 < len(items) and _QUOTE.search(items[i + 1]) and not first:
            # "X said:" followed by the quote: the quote is what X said
            nxt = items[i + 1]
            if sentence.rstrip().endswith(":") or len(sentence) < 80:
                return _cut(f"{sentence} {nxt}")
        if not first:
            first = sentence
            if not person:
                break
    return _cut(first)


def _cut(sentence: str) -> str:
    if len(sentence) <= MAX_CHARS:
        return sentence
    cut = sentence[: MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
