"""Markdown bodies -> safe HTML.

Python-Markdown renders the body with raw HTML switched off (a press release that quotes
`<script>` shows it as text), then nh3 (ammonia) keeps only safe tags, attributes and URL schemes.
"""
from __future__ import annotations

from functools import lru_cache

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


# Python-Markdown tries every inline pattern on every text node, and in a given node most cannot
# match: a pattern needs one of these strings in the text it searches. The inline processor below
# skips, node by node, the patterns whose strings the node lacks: the same HTML, about a fifth less
# time per body. Patterns not listed (other versions, extensions) are always tried.
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


@lru_cache(maxsize=2)
def _converter(skip_patterns: bool = True):
    """The Markdown converter (one per process, reset before each body). `skip_patterns=False`:
    Python-Markdown's own inline processor, trying every pattern (tests compare the two)."""
    import markdown

    # Extension objects, not names: a name is looked up among every installed package's entry
    # points, which costs more than the conversion of a page.
    md = markdown.Markdown(extensions=[_extension(name) for name in EXTENSIONS], output_format="html")
    # No raw HTML: block-level HTML and inline tags are treated as text, not markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    if skip_patterns:
        md.treeprocessors.register(_skipping_inline_processor(md), "inline", 20)  # Markdown's own name and priority
    return md


def _skipping_inline_processor(md):
    """Python-Markdown's inline processor, but a pattern is tried on a text node only if the node
    holds one of its trigger strings (otherwise its regex cannot match there, and trying it would
    change nothing). It overrides a private method of the pinned Markdown: should a release rename
    it, every pattern is tried again, which is only slower."""
    from markdown.treeprocessors import InlineProcessor

    needs = {id(md.inlinePatterns[name]): strings for name, strings in INLINE_TRIGGERS.items() if name in md.inlinePatterns}

    class SkippingInlineProcessor(InlineProcessor):
        def _InlineProcessor__applyPattern(self, pattern, data, patternIndex, startIndex=0):
            strings = needs.get(id(pattern))
            if strings is not None and not any(s in data for s in strings):
                return data, False, 0
            return super()._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)

    return SkippingInlineProcessor(md)


def _extension(name: str):
    import importlib

    module = importlib.import_module(f"markdown.extensions.{name}")
    return module.makeExtension()


def render_markdown(text: str) -> str:
    """Markdown source -> sanitised HTML. Headings start at h2 (the page title is the h1)."""
    import nh3

    md = _converter()
    md.reset()
    html = md.convert(_demote_headings(text))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def _demote_headings(text: str) -> str:
    """'# Heading' in a body would be a second h1 on the page: make it an h2 (and so on)."""
    out = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#") and not line.startswith("#######"):
            level = len(line) - len(line.lstrip("#"))
            if line[level : level + 1] in (" ", "") and level < 6:
                line = "#" + line
        out.append(line)
    return "\n".join(out)
