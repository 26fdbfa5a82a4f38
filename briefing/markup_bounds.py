"""Bounds of the Markdown conversion: Python-Markdown recurses per level of nesting and is
quadratic in the length of a paragraph on some punctuation (a `[` scans to the paragraph's end, each
match copies the rest of it), so a body of a few kilobytes could take minutes. These checks run
before the library (linear, counting), and a time box stops what they do not foresee; the body is
then shown as escaped text, with a warning (see markup.render_body).
"""

from __future__ import annotations

import re

from .chars import strip_forbidden

MAX_NESTING = 32
"""Lists and quotes nested deeper than this (Python-Markdown recurses per level) are not converted."""
_MARKERS = r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|[ \t]*>[ \t]*)"
# A line (searched from its line break: sre then looks only at line breaks) opening with that many
# list or quote markers, or indented that deep before a list marker.
_DEEP = re.compile(rf"\n(?:{_MARKERS}{{{MAX_NESTING},}}|[ \t]{{{4 * MAX_NESTING},}}(?:[-*+]|\d{{1,9}}[.)])[ \t])")
MARKS = "`\\[!<&*_"
"""Characters that start Python-Markdown's inline patterns (INLINE_TRIGGERS). In one text node,
each can cost a scan or a copy of the rest of the node: quadratic in the node's length. So can a
horizontal rule or a setext underline inside one block (each splits the rest of the block)."""
HEAVY = 100_000_000
"""Most (length x marks) a paragraph, a list item or a block (x rules) may have: well under a
second's work at worst. News items stay below 10,000 (the devset and corpus: at most 3,000)."""
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*$", re.M)


def _load(text: str) -> int:
    """Length x marks; a '[' counts ten times (the link patterns scan from it to the node's end,
    at about ten times the cost of the other marks: 70 ns per character and mark, measured)."""
    return len(text) * (sum(map(text.count, MARKS)) + 9 * text.count("["))


_ROUGH = ("\n" + MARKS).encode("ascii")


def _rough(text: str) -> int:
    """An upper bound of every load below (each mark counted as a '[', each line as a rule), in
    one pass of C: a UTF-8 character of several bytes never holds one of these ASCII bytes."""
    data = text.encode("utf-8", "surrogatepass")
    return len(text) * 10 * (len(data) - len(data.translate(None, _ROUGH)))


def too_heavy(text: str) -> bool:
    """Whether a paragraph (in a list or table: an item) holds so many marks for its length, or a
    block so many rules, that Python-Markdown would work for minutes. Linear; for most bodies
    one pass of counting."""
    if _rough(text) <= HEAVY:
        return False
    for block in text.split("\n\n"):
        if _rough(block) <= HEAVY:
            continue
        if len(block) * len(_RULE.findall(block)) > HEAVY:
            return True
        lines = block.split("\n")
        table = len(lines) > 2 and "|" in lines[0] and _TABLE_RULE.match(lines[1])
        items = len(lines) if table else sum(1 for line in lines if _ITEM.match(line))
        if (2 * items <= len(lines) and _load(block) > HEAVY) or max(map(_load, lines)) > HEAVY:
            return True  # (list items and table cells are converted one by one)
    return False


SECONDS_PER_BYTE = 20e-6
"""About ten times what a body costs (1-2 us per byte on the benchmark machine): a time budget
that only pathological text exceeds."""


def budget(text: str) -> float:
    return 1.0 + SECONDS_PER_BYTE * len(text)


class TooSlow(Exception):
    """A conversion ran past its time budget."""


_timing = [False]
"""Whether a time box is running in this process (the SIGALRM handler only acts then)."""


def _expire(_signum, _frame) -> None:
    if _timing[0]:
        raise TooSlow


def time_boxed(fn, arg, seconds: float):
    """fn(arg), interrupted after `seconds` (SIGALRM: the regex engine checks for signals as it
    works, so a slow match stops too). Off the main thread (no signals there) it runs unbounded.
    The handler is installed once per process; a box then costs two setitimer calls."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return fn(arg)
    if signal.getsignal(signal.SIGALRM) is not _expire:
        signal.signal(signal.SIGALRM, _expire)
    _timing[0] = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(arg)
    finally:
        _timing[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def as_text(text: str) -> str:
    """The body as escaped paragraphs: what a reader sees when it cannot be converted."""
    import html

    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return strip_forbidden("".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs))


def too_deep(text: str) -> bool:
    """Whether a line nests lists or quotes more than MAX_NESTING levels deep."""
    return _DEEP.search("\n" + text) is not None
