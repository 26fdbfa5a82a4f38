"""A Python-Markdown extension that skips the work a body cannot need, through the public API only.

Python-Markdown tries every block processor on every block, every inline pattern on every text
node, and runs every preprocessor and tree processor on every body, although most of them can
change nothing unless the text holds a certain string: a blockquote needs a `>`, a link a `[`, a
fenced code block a fence. `SkipWhatCannotMatch` registers, in place of those processors (same
name, same position), ones that do the same work only where their string occurs:

- the inline processor (a subclass of Markdown's, `run` only) leaves alone, by making them
  `AtomicString`s for its run, the text nodes that hold no pattern's string, and tries on each
  body only the patterns whose strings occur in it;
- the block processors in BLOCK_TRIGGERS are tested only on blocks that hold their string;
- the preprocessors and tree processors in SOURCE_TRIGGERS run only on bodies that hold theirs.

The HTML is the same as Python-Markdown's (tests/test_markup.py compares the two on generated
text). What each entry claims is checked against what is registered: an inline pattern whose
regular expression, or a processor whose class, is not the one the table was written for (another
release, another extension) is tried as Markdown would try it, and an inline pattern the table does
not know turns the inline skipping off. With a release that renamed or moved things, the converter
is slower, never different.
"""

from __future__ import annotations

import re
from typing import Any

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString, Registry

# Inline patterns (registry name: the regular expression the entry was written for, and strings
# of which every text the pattern can match holds one). Node text has its tabs expanded and line
# ends normalised, so a line break is two spaces and a newline.
INLINE_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", ("`",)),
    "escape": (r"\\(.)", ("\\",)),
    "footnote": (r"\[\^([^\]]*)\]", ("[^",)),
    "reference": (r"(?<!\!)\[", ("[",)),
    "link": (r"(?<!\!)\[", ("[",)),
    "image_link": (r"\!\[", ("![",)),
    "image_reference": (r"\!\[", ("![",)),
    "short_reference": (r"(?<!\!)\[", ("[",)),
    "short_image_ref": (r"\!\[", ("![",)),
    "autolink": (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", ("<",)),
    "automail": (r"<([^<> !]+@[^@<> ]+)>", ("<",)),
    "linebreak": (r"  \n", ("  \n",)),
    "entity": (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", ("&",)),
    "em_strong": (r"\*|_", ("*", "_")),  # the delimiter processor, with its tokens * and _
}

# Block processors (registry name: class, Markdown's documented priority, strings of which every
# block the processor's test accepts holds one).
BLOCK_TRIGGERS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "table": ("TableProcessor", 75, ("|",)),
    "hashheader": ("HashHeaderProcessor", 70, ("#",)),
    "setextheader": ("SetextHeaderProcessor", 60, ("\n=", "\n-")),  # the underline starts the second line
    "hr": ("HRProcessor", 50, ("-", "_", "*")),  # a line of three or more of one of them (its regex is searched through the block)
    "deflist": ("DefListProcessor", 25, (":",)),
    "quote": ("BlockQuoteProcessor", 20, (">",)),
    "footnote": ("FootnoteBlockProcessor", 17, ("[^",)),  # "[^1]: the note"
    "abbr": ("AbbrBlockprocessor", 16, ("*[",)),  # "*[EEC]: Eurasian Economic Commission"
    "reference": ("ReferenceProcessor", 15, ("]:",)),  # "[id]: https://..."
}

# Steps that search or walk the whole body and can change nothing unless it holds one of the
# strings (registry, name: class, priority, strings); the body is the text after Markdown's
# whitespace normalisation, noted by NOTE_SOURCE_AFTER's wrapper.
NOTE_SOURCE_AFTER = ("normalize_whitespace", "NormalizeWhitespace", 30)
SOURCE_TRIGGERS: dict[tuple[str, str], tuple[str, float, tuple[str, ...]]] = {
    ("preprocessors", "fenced_code_block"): ("FencedBlockPreprocessor", 25, ("```", "~~~")),  # a fence
    ("treeprocessors", "attr_list"): ("AttrListTreeprocessor", 8, ("{",)),  # tree walk: "{: #id }"
    # tree walk restoring backslash escapes, the only source of its placeholders
    ("treeprocessors", "unescape"): ("UnescapeTreeprocessor", 0, ("\\",)),
    # Briefing's own (markup.py): images from other hosts (every image starts so), and images and
    # files next to the page (inline or reference links)
    ("treeprocessors", "remote_images"): ("RemoteImages", 15, ("![",)),
    ("treeprocessors", "local_files"): ("LocalFiles", 14, ("](", "]:")),
}


class SkipWhatCannotMatch(Extension):
    """Registers the skipping processors in place of Markdown's. Load it last: it wraps what the
    other extensions registered."""

    def extendMarkdown(self, md) -> None:
        _replace(md.treeprocessors, "inline", SkippingInlineProcessor(md), 20)
        blocks = md.parser.blockprocessors
        for name, (cls, priority, strings) in BLOCK_TRIGGERS.items():
            if _is(blocks, name, cls):
                _replace(blocks, name, TriggeredBlockProcessor(blocks[name], strings), priority)
        name, cls, priority = NOTE_SOURCE_AFTER
        if not _is(md.preprocessors, name, cls):
            return
        noting = SourceNoting(md.preprocessors[name])
        if not _replace(md.preprocessors, name, noting, priority):
            return
        for (registry_name, name), (cls, priority, strings) in SOURCE_TRIGGERS.items():
            registry = getattr(md, registry_name)
            if _is(registry, name, cls):
                gated = (GatedPreprocessor if registry is md.preprocessors else GatedTreeprocessor)(registry[name], strings, noting.holds)
                _replace(registry, name, gated, priority)


def _is(registry: Registry, name: str, cls: str) -> bool:
    return name in registry and type(registry[name]).__name__ == cls


def _replace(registry: Registry, name: str, item: Any, priority: float) -> bool:
    """Registers `item` under `name` if, at `priority`, it takes the place of the item it replaces
    (the registry does not tell an item's priority: the tables give Markdown's documented ones,
    and a copy of the registry shows whether the order stays): true if it did."""
    old = registry[name]
    trial = registry[:]  # a copy, with the same names and priorities
    trial.register(item, name, priority)
    if list(trial) != [item if each is old else each for each in registry]:
        return False
    registry.register(item, name, priority)
    return True


class _Delegating:
    """Answers for the processor it wraps (Markdown reads some processors' attributes, such as
    the unescape tree processor's RE)."""

    inner: Any

    def __getattr__(self, name: str) -> Any:
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)


class TriggeredBlockProcessor(_Delegating, BlockProcessor):
    """A block processor tested only on blocks that hold one of `strings`."""

    def __init__(self, inner: BlockProcessor, strings: tuple[str, ...]):
        super().__init__(inner.parser)
        self.inner, self.strings = inner, strings

    def test(self, parent, block: str) -> bool:
        for string in self.strings:
            if string in block:
                return self.inner.test(parent, block)
        return False

    def run(self, parent, blocks: list[str]):
        return self.inner.run(parent, blocks)


class SourceNoting(_Delegating, Preprocessor):
    """Markdown's whitespace normalisation (the preprocessor it wraps), then a note of which of
    SOURCE_TRIGGERS' strings the result holds, for the gated processors of the same conversion.

    On a body without tabs, carriage returns, Markdown's STX and ETX markers and lines that start
    with a space, the normalisation changes nothing but adds two blank lines at the end; its search
    for lines of spaces alone costs a tenth of a conversion, so on such a body the lines are taken
    as they are, with the two blank lines. That Markdown's step does so is checked once, on
    SAMPLE: if it does anything else, it runs on every body."""

    SAMPLE = ["# Title", "A *b* [c](https://d.org/) & e.", "", "- f", "1. g", "> h", "", "```", "code", "```", "x | y", "---", "z  ", "[^1]: n"]
    TOUCHED = ("\t", "\r", "\x02", "\x03")  # (Markdown's STX and ETX)

    def __init__(self, inner: Preprocessor):
        super().__init__(inner.md)
        self.inner = inner
        self.strings = frozenset(s for _, _, strings in SOURCE_TRIGGERS.values() for s in strings)
        self.present: set[str] = set()
        self.adds_two_blank_lines = inner.run(list(self.SAMPLE)) == [*self.SAMPLE, "", ""]

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if self.adds_two_blank_lines and not any(c in source for c in self.TOUCHED) and not any(line[:1] == " " for line in lines):
            source += "\n\n"
            lines = source.split("\n")
        else:
            lines = self.inner.run(lines)
            source = "\n".join(lines)
        self.present = {s for s in self.strings if s in source}
        return lines

    def holds(self, strings: tuple[str, ...]) -> bool:
        return not self.present.isdisjoint(strings)


class GatedPreprocessor(_Delegating, Preprocessor):
    """A preprocessor run only on bodies that hold one of `strings`."""

    def __init__(self, inner: Preprocessor, strings: tuple[str, ...], holds):
        super().__init__(inner.md)
        self.inner, self.strings, self.holds = inner, strings, holds

    def run(self, lines: list[str]) -> list[str]:
        return self.inner.run(lines) if self.holds(self.strings) else lines


class GatedTreeprocessor(_Delegating, Treeprocessor):
    """A tree processor run only on bodies that hold one of `strings`."""

    def __init__(self, inner: Treeprocessor, strings: tuple[str, ...], holds):
        super().__init__(inner.md)
        self.inner, self.strings, self.holds = inner, strings, holds

    def run(self, root):
        return self.inner.run(root) if self.holds(self.strings) else None


class SkippingInlineProcessor(InlineProcessor):
    """Markdown's inline processor, run on a body with the text nodes that hold none of the
    patterns' strings made atomic (no pattern could match there), and with only the patterns whose
    strings the body holds. Every text a pattern searches is a node's text or a part of it, with
    placeholders (which hold no pattern's string) for what earlier patterns matched, so a pattern
    skipped here would have matched nothing."""

    def __init__(self, md):
        super().__init__(md)
        self.learned_from: tuple = ()
        self.known: dict[str, tuple[str, ...]] = {}
        self.every_pattern_known = False
        self.by_present: dict[frozenset[str], Registry] = {}

    def learn(self, patterns: Registry) -> None:
        """The patterns whose strings are known; the skipping is on only if every pattern is."""
        self.learned_from, self.by_present = tuple(patterns), {}
        self.known = {name: strings for name, (regex, strings) in INLINE_TRIGGERS.items() if name in patterns and getattr(patterns[name].getCompiledRegExp(), "pattern", None) == regex}
        self.every_pattern_known = len(self.known) == len(patterns)
        strings = {s for each in self.known.values() for s in each}
        self.strings = frozenset(strings)
        # A text may hold a pattern's string if it holds one of these characters, or one of the
        # longer strings none of whose characters is among them.
        chars = {s for s in strings if len(s) == 1}
        self.longer = tuple(s for s in strings if not chars.intersection(s))
        self.char_search = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]").search if chars else (lambda text: None)

    def may_match(self, text: str) -> bool:
        if self.char_search(text):
            return True
        return any(s in text for s in self.longer)

    def patterns_for(self, present: frozenset[str]) -> Registry:
        found = self.by_present.get(present)
        if found is None:
            found = self.by_present[present] = self.md.inlinePatterns[:]  # a copy, same names and priorities
            for name, strings in self.known.items():
                if present.isdisjoint(strings):
                    found.deregister(name)
        return found

    def run(self, tree, ancestors=None):
        patterns = self.md.inlinePatterns
        if self.learned_from != tuple(patterns):
            self.learn(patterns)  # (again if the patterns changed since the last body)
        if not self.every_pattern_known:
            self.inlinePatterns = patterns
            return super().run(tree, ancestors)
        made_atomic: list[tuple[Any, bool]] = []  # (element, its tail rather than its text)
        searched: list[str] = []
        for element in tree.iter():
            text = element.text
            if text and not isinstance(text, AtomicString):
                if self.may_match(text):
                    searched.append(text)
                else:
                    element.text = AtomicString(text)
                    made_atomic.append((element, False))
            tail = element.tail
            if tail and not isinstance(tail, AtomicString):
                if self.may_match(tail):
                    searched.append(tail)
                else:
                    element.tail = AtomicString(tail)
                    made_atomic.append((element, True))
        body = "\0".join(searched)
        self.inlinePatterns = self.patterns_for(frozenset(s for s in self.strings if s in body))
        try:
            return super().run(tree, ancestors)
        finally:
            # Plain text again, as Markdown's run leaves it (the abbreviations' tree walk, later,
            # leaves atomic text alone).
            for element, is_tail in made_atomic:
                if is_tail:
                    if isinstance(element.tail, AtomicString):
                        element.tail = str(element.tail)
                elif isinstance(element.text, AtomicString):
                    element.text = str(element.text)
