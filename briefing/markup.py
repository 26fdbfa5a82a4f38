"""Markdown bodies -> safe HTML.

Python-Markdown renders the body with raw HTML switched off (a press release that quotes
`<script>` shows it as text), then nh3 (ammonia) keeps only safe tags, attributes and URL schemes.
Headings go one level down (the page title is the h1). The converter skips the parts of
Python-Markdown's parser that a body cannot need (the trigger tables below): the same HTML in a
third of the time; tests/test_markup.py compares it with the plain converter.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .chars import strip_forbidden
from .markup_bounds import MARKS, MAX_NESTING, TooSlow, as_text, budget, time_boxed, too_deep, too_heavy

# Python-Markdown's "extra" set without md_in_html (raw HTML is off anyway), and sane lists.
EXTENSIONS = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables", "sane_lists"]
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "figure", "figcaption", "cite", "mark",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"}, "th": {"align"}, "ol": {"start"}, "li": {"id"}, "sup": {"id"}, "div": {"class"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_SPACES_LINE = re.compile(r"(?<=\n) +\n")  # Python-Markdown's own pattern


# Python-Markdown tries every inline pattern on every text node, and in a given node most cannot
# match: a pattern needs one of these strings in the text it searches. The inline processor below
# skips, node by node, the patterns whose strings the node lacks, without a call per pattern.
# Patterns not listed (other versions, extensions) are always tried. With the block and source
# triggers below, the same HTML in a third of the time (5.3 M instead of 15.4 M instructions per
# bench article, callgrind).
INLINE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "short_reference": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),  # node text has its tabs expanded and line ends normalised
    "entity": ("&",),
    "em_strong": ("*", "_"),
}
TRIGGER_STRINGS = frozenset(s for strings in INLINE_TRIGGERS.values() for s in strings)

# The same for block processors: each is tried on a block (its regex searched through the whole
# block) only if the block holds one of these strings, which every match of its pattern contains.
BLOCK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "quote": (">",),
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),  # the underline starts the second line
    "deflist": (":",),
    "table": ("|",),
    "footnote": ("[^",),  # "[^1]: the note"
    "abbr": ("*[",),  # "*[EEC]: Eurasian Economic Commission"
    "reference": ("]:",),  # "[id]: https://..."
}

# Steps that search or walk the whole body and can change nothing without one of these strings in
# it (noted once per body by the whitespace preprocessor, which runs first).
SOURCE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "fenced_code_block": ("```", "~~~"),  # preprocessor: a fence
    "attr_list": ("{",),  # tree walk: "{: #id }"
    "unescape": ("\\",),  # tree walk: restores backslash escapes, the only source of its placeholders
    "remote_images": ("![",),  # tree walk: images from other hosts (every image starts so)
    "local_files": ("](", "]:"),  # tree walk: images and files next to the page (inline or reference links)
}
SOURCE_STRINGS = frozenset(s for strings in SOURCE_TRIGGERS.values() for s in strings)


# The fast path replaces a few of Python-Markdown's own loops and private methods with copies that
# skip work (see below); they are copies of this release's code. With another release the plain
# converter is used: slower, never different.
FAST_PATH_FOR = (3, 11, 3)


def _has_private_hooks() -> bool:
    from markdown.blockparser import BlockParser
    from markdown.treeprocessors import InlineProcessor

    names = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")
    return all(hasattr(InlineProcessor, n) for n in names) and hasattr(BlockParser, "parseBlocks")


@lru_cache(maxsize=2)
def _converter(fast: bool = True):
    """The Markdown converter (one per process, reset before each body). `fast=False`:
    Python-Markdown as it is, trying every inline pattern and block processor everywhere (tests
    compare the two)."""
    import markdown

    # Extension objects, not names: a name is looked up among every installed package's entry
    # points, which costs more than the conversion of a page.
    md = markdown.Markdown(extensions=[_extension(name) for name in EXTENSIONS], output_format="html")
    # No raw HTML: block-level HTML and inline tags are treated as text, not markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # After the inline patterns and attribute lists; only unescape (priority 0, no tags) comes later.
    md.treeprocessors.register(_demoting_headings(md), "demote_headings", 1)
    md.treeprocessors.register(_remote_images(md), "remote_images", 15)  # after the inline patterns made the images
    md.remote_images = []
    md.treeprocessors.register(_local_files(md), "local_files", 14)  # after remote_images: what is left is local
    md.local_files = []
    if fast and markdown.__version_info__[:3] == FAST_PATH_FOR and _has_private_hooks():
        md.treeprocessors.register(_skipping_inline_processor(md), "inline", 20)  # Markdown's own name and priority
        for name, strings in BLOCK_TRIGGERS.items():
            if name in md.parser.blockprocessors:
                processor = md.parser.blockprocessors[name]
                processor.test = _test_if_triggered(processor.test, strings)
        md.parser.parseBlocks = _block_loop(list(md.parser.blockprocessors))
        source_has: set[str] = set()  # which of SOURCE_TRIGGERS' strings the body being converted holds
        md.preprocessors["normalize_whitespace"].run = _normalize_whitespace(md.tab_length, source_has)
        for registry in (md.preprocessors, md.treeprocessors):
            for name, strings in SOURCE_TRIGGERS.items():
                if name in registry:
                    processor = registry[name]
                    processor.run = _run_if_source_has(processor.run, strings, source_has)
    return md


def _normalize_whitespace(tab_length: int, source_has: set[str]):
    """Markdown's NormalizeWhitespace preprocessor, whose last step (blank a line of spaces, a
    regex tried at every character) runs only when a line starts with a space. It also notes in
    `source_has` which of SOURCE_TRIGGERS' strings the body holds."""
    from markdown.util import ETX, STX

    def run(lines: list[str]) -> list[str]:
        source = "\n".join(lines).replace(STX, "").replace(ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(tab_length)
        if "\n " in source:
            source = _SPACES_LINE.sub("\n", source)
        source_has.clear()
        source_has.update(s for s in SOURCE_STRINGS if s in source)
        return source.split("\n")

    return run


def _run_if_source_has(run, strings: tuple[str, ...], source_has: set[str]):
    """A preprocessor's or tree processor's run, skipped (its input returned as it is) unless the
    body holds one of `strings`."""

    def run_if_needed(lines_or_root):
        return run(lines_or_root) if not source_has.isdisjoint(strings) else lines_or_root

    return run_if_needed


def _block_loop(processors: list):
    """BlockParser.parseBlocks with the processors listed once (the registry makes a new sorted
    list for every block)."""

    def parse_blocks(parent, blocks: list[str]) -> None:
        while blocks:
            for processor in processors:
                if processor.test(parent, blocks[0]):
                    if processor.run(parent, blocks) is not False:  # True or None: the block was used
                        break

    return parse_blocks


def _demoting_headings(md):
    """A heading in a body ('# Top' or 'Top' over '===') would be a second h1 on the page: every
    heading goes one level down, h6 stays h6."""
    from markdown.treeprocessors import Treeprocessor

    lower = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6"}

    class DemotingHeadings(Treeprocessor):
        def run(self, root):
            for element in root.iter():
                if element.tag in lower:
                    element.tag = lower[element.tag]

    return DemotingHeadings(md)


def _test_if_triggered(test, strings: tuple[str, ...]):
    """A block processor's test, run only on a block that holds one of `strings`."""
    if len(strings) == 1:
        (string,) = strings

        def test_if_holds(parent, block: str) -> bool:
            return string in block and test(parent, block)

        return test_if_holds

    def test_if_holds_one(parent, block: str) -> bool:
        return any(s in block for s in strings) and test(parent, block)

    return test_if_holds_one


def _skipping_inline_processor(md):
    """Python-Markdown's inline processor, but a pattern is tried on a text node only if the node
    holds one of its trigger strings (otherwise its regex cannot match there, and trying it would
    change nothing). It overrides a private method of the pinned Markdown (see FAST_PATH_FOR)."""
    from bisect import bisect_left

    from markdown.treeprocessors import InlineProcessor
    from markdown.util import AtomicString

    needs = {id(md.inlinePatterns[name]): strings for name, strings in INLINE_TRIGGERS.items() if name in md.inlinePatterns}

    class SkippingInlineProcessor(InlineProcessor):
        def run(self, tree, ancestors=None):
            # The patterns in order, and which of them to try given the trigger strings a text
            # holds (few combinations occur: remembered per body).
            self.patterns = list(self.inlinePatterns)
            self.to_try: dict[frozenset[str], list[int]] = {}
            return super().run(tree, ancestors)

        def _indexes_to_try(self, data: str) -> list[int]:
            present = frozenset(s for s in TRIGGER_STRINGS if s in data)
            found = self.to_try.get(present)
            if found is None:
                found = self.to_try[present] = [
                    i for i, p in enumerate(self.patterns) if id(p) not in needs or not present.isdisjoint(needs[id(p)])
                ]
            return found

        def _InlineProcessor__handleInline(self, data, patternIndex=0):
            # Markdown's loop over the patterns from patternIndex on (a pattern that matched is
            # tried again from where its match ended, one that did not match is left), visiting
            # only the patterns whose strings the text holds.
            if isinstance(data, AtomicString):
                return data
            patterns, apply = self.patterns, self._InlineProcessor__applyPattern
            order = self._indexes_to_try(data)
            k = bisect_left(order, patternIndex)
            start = 0
            while k < len(order):
                i = order[k]
                data, matched, start = apply(patterns[i], data, i, start)
                if not matched:
                    k += 1
                    continue
                order = self._indexes_to_try(data)  # the match's placeholder replaced some text
                k = bisect_left(order, i)
                if k == len(order) or order[k] != i:
                    start = 0  # pattern i can match no more; the next one searches from the start
            return data

    return SkippingInlineProcessor(md)


def _extension(name: str):
    import importlib

    module = importlib.import_module(f"markdown.extensions.{name}")
    return module.makeExtension()


def render_markdown(text: str) -> str:
    """Markdown source -> sanitised HTML. Headings start at h2 (the page title is the h1)."""
    return render_body(text)[0]


def render_body(text: str) -> tuple[str, list[str]]:
    """Markdown source -> (sanitised HTML, warnings); see render_page_body."""
    html, warnings, _files = render_page_body(text)
    return html, warnings


def render_page_body(text: str) -> tuple[str, list[str], list[tuple[str, str, str]]]:
    """Markdown source -> (sanitised HTML, warnings, local files). The local files are the
    body's references to files beside the page, in order, as (reference, "img" or "a", alt text):
    the HTML keeps them as written; the page rendering points them at the published copies
    (media.py), so the HTML cached here does not depend on those files. Bounded: a body nested deeper than
    MAX_NESTING, or whose conversion takes longer than its time budget (Python-Markdown is
    quadratic on some punctuation), is shown as escaped text, with a warning that says so."""
    import nh3

    if too_deep(text):
        return as_text(text), [f"the body nests lists or quotes more than {MAX_NESTING} levels deep; it is shown as plain text"], []
    if too_heavy(text):
        return as_text(text), [f"the body has a paragraph with so many Markdown marks ({MARKS}) for its length that converting it would take minutes; it is shown as plain text"], []
    md = _converter()
    md.reset()
    md.remote_images = []
    md.local_files = []
    try:
        html = time_boxed(md.convert, text, budget(text))
    except BaseException as exc:
        # The converter stopped half-way: its state is not to be trusted (converted after a
        # RecursionError, the next bodies came out as plain text): the next body gets a fresh one.
        _converter.cache_clear()
        if not isinstance(exc, (TooSlow, RecursionError)):
            raise
        why = "is too deeply nested" if isinstance(exc, RecursionError) else f"took longer than {budget(text):.3g} s to convert (some punctuation patterns make Markdown slow)"
        return as_text(text), [f"the body {why}; it is shown as plain text"], []
    warnings = [
        f"an image from another host is not shown (pages load nothing from elsewhere; nothing is fetched): {src}; it is a link to the image instead"
        for src in md.remote_images
    ]
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    # A numeric reference (&#1;) becomes the character it names; the text itself is clean (parse_page).
    return (strip_forbidden(html) if "&#" in text else html), warnings, list(md.local_files)


def _remote_images(md):
    """Images from other hosts become links to them, their alt text kept: pages load nothing
    from elsewhere, and nothing is fetched at build time. Each one is noted for a warning."""
    from markdown.treeprocessors import Treeprocessor

    class RemoteImages(Treeprocessor):
        def run(self, root):
            for parent in root.iter():
                for child in parent:
                    if child.tag != "img":
                        continue
                    src = (child.get("src") or "").strip()
                    if not (src.startswith("//") or src.lower().startswith(("http:", "https:"))):
                        continue  # (a local image stays; other schemes are dropped by the sanitizer)
                    md.remote_images.append(src)
                    alt = child.get("alt") or "image"
                    tail = child.tail
                    child.clear()
                    child.tag = "span" if parent.tag == "a" else "a"  # (no link inside a link)
                    if child.tag == "a":
                        child.set("href", src)
                    child.text, child.tail = alt, tail

    return RemoteImages(md)


_NOT_FILES = (".html", ".htm", ".md", "/")


def _local_files(md):
    """Notes the body's images and links to files beside the page (no scheme, no host, not
    absolute): every image, and links whose last part has a file extension (not a page's)."""
    from markdown.treeprocessors import Treeprocessor

    from .urls import split_url

    class LocalFiles(Treeprocessor):
        def run(self, root):
            for element in root.iter():
                if element.tag not in ("img", "a"):
                    continue
                ref = (element.get("src" if element.tag == "img" else "href") or "").strip()
                parts = split_url(ref)
                if parts is None or not parts.path or parts.scheme or parts.netloc or ref.startswith(("/", "#", "\\")):
                    continue
                if element.tag == "a" and ("." not in parts.path.rsplit("/", 1)[-1] or parts.path.lower().endswith(_NOT_FILES)):
                    continue  # a link to another page of the site, not to a file
                md.local_files.append((ref, element.tag, element.get("alt") or "" if element.tag == "img" else ""))

    return LocalFiles(md)
