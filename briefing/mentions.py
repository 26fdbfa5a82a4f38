"""The sentence of an item that names an entity, for its dossier ("what did they do here?").

Pure text work on an item's plain text: split into sentences once per item, then, per entity, the
first sentence that names it by any of its spellings (a person also by the surname alone; a
Cyrillic name in any case ending, as Russian inflects it). When the person speaks, the sentence
that quotes them is preferred.
"""

from __future__ import annotations

import bisect
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
            w = re.escape(_stem(word)) + r"[а-яё]{0,3}"
        words.append(w)
    return r"\s+".join(words)


def _stem(word: str) -> str:
    return word[:-1] if word[-1].lower() in "аяоеиыуюйь" else word


def _spellings(names: tuple[str, ...], person: bool) -> list[str]:
    """The spellings searched for: every name, and a person's surname alone."""
    forms = set()
    for name in names:
        name = " ".join(name.split())
        if len(name) < 2:
            continue
        forms.add(name)
        if person and " " in name and len(name.split()[-1]) >= 4:
            forms.add(name.split()[-1])
    return sorted(forms, key=len, reverse=True)


@lru_cache(maxsize=50_000)
def pattern(names: tuple[str, ...], person: bool) -> re.Pattern:
    """One pattern for every spelling of an entity (and a person's surnames)."""
    forms = [_form(name) for name in _spellings(names, person)]
    if not forms:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(forms)})(?![\w])", re.I)


def naming(items: tuple[str, ...], names: tuple[str, ...], person: bool = False, joined: Joined | None = None) -> str:
    """The sentence of `items` that names the entity: for a person, a quoted sentence first.
    `joined`: lowered(items), when the caller keeps it (it searches one text for many entities)."""
    first = ""
    for i in _naming_sentences(items, names, person, joined):
        sentence = items[i]
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


def _naming_sentences(items: tuple[str, ...], names: tuple[str, ...], person: bool, joined: Joined | None = None) -> list[int]:
    """The indices of the sentences that name the entity (`pattern` matches in them), in order;
    for anything but a person only the first. Compiling a pattern per entity took most of a cold
    build's site model (thousands of entities), so the spellings are found with str.find in the
    lower-cased text and their edges checked as the pattern would; the pattern itself is used
    where lower-casing would change a string's length (offsets would no longer line up)."""
    if joined is None:
        joined = lowered(items)
    spellings = _lowered_spellings(names, person)
    if not joined or spellings is None:
        found = pattern(names, person)
        matched = [i for i, sentence in enumerate(items) if found.search(sentence)]
        return matched if person else matched[:1]
    text, starts = joined
    hits: set[int] = set()
    for words in spellings:
        at = text.find(words[0][0])
        while at >= 0:
            if _spelled_at(text, at, words):
                hits.add(bisect.bisect_right(starts, at) - 1)
                if not person:
                    break
            at = text.find(words[0][0], at + 1)
    return sorted(hits) if person else sorted(hits)[:1]


Joined = tuple[str, list[int]] | tuple[()]


def lowered(items: tuple[str, ...]) -> Joined:
    """The sentences lower-cased and joined by newlines, with the offset of each; () if
    lower-casing changes the text's length."""
    text = "\n".join(items)
    lowered = text.lower()
    if len(lowered) != len(text):
        return ()
    starts, at = [], 0
    for sentence in items:
        starts.append(at)
        at += len(sentence) + 1
    return lowered, starts


@lru_cache(maxsize=50_000)
def _lowered_spellings(names: tuple[str, ...], person: bool) -> tuple[tuple[tuple[str, bool], ...], ...] | None:
    """Each spelling as its words lower-cased, each with whether a case ending may follow it (the
    word then cut to its stem, as in _form); None if lower-casing changes a name's length."""
    out = []
    for name in _spellings(names, person):
        if len(name.lower()) != len(name):
            return None
        out.append(tuple((_stem(w).lower(), True) if _CYRILLIC.search(w) and len(w) > 3 else (w.lower(), False) for w in name.split()))
    return tuple(out)


def _spelled_at(text: str, at: int, words: tuple[tuple[str, bool], ...]) -> bool:
    """Whether `pattern`'s form of these words matches `text` at `at`: no word character or hyphen
    before it, one space between words, up to three Cyrillic letters after a stem, and no word
    character after it."""
    if at and (text[at - 1].isalnum() or text[at - 1] in "_-"):
        return False
    pos, last, end = at, len(words) - 1, len(text)
    for i, (word, ending) in enumerate(words):
        if not text.startswith(word, pos):
            return False
        pos += len(word)
        if ending:
            stop = min(pos + 3, end)
            while pos < stop and ("а" <= text[pos] <= "я" or text[pos] == "ё"):
                pos += 1
        if i < last:
            if pos >= end or text[pos] != " ":
                return False
            pos += 1
        elif pos < end and (text[pos].isalnum() or text[pos] == "_"):
            return False
    return True


def _cut(sentence: str) -> str:
    if len(sentence) <= MAX_CHARS:
        return sentence
    cut = sentence[: MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
