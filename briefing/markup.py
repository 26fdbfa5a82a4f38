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


# Python-Markdown tries every inline pattern on every text node, and most cannot match in a given
# body: a pattern needs one of these strings in the source (after its whitespace is normalised:
# tabs become spaces, so a tab may make a line break). Each body is converted by an instance
# without the patterns it cannot use: the same HTML, about a third less time. Patterns not listed
# (other versions, extensions) are always kept.
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
    "linebreak": ("  \n", "  \r", "\t"),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}


@lru_cache(maxsize=64)
def _converter(unused: frozenset[str] = frozenset()):
    import markdown

    # Extension objects, not names: a name is looked up among every installed package's entry
    # points, which costs more than the conversion of a page.
    md = markdown.Markdown(extensions=[_extension(name) for name in EXTENSIONS], output_format="html")
    # No raw HTML: block-level HTML and inline tags are treated as text, not markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in unused:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


def _extension(name: str):
    import importlib

    module = importlib.import_module(f"markdown.extensions.{name}")
    return module.makeExtension()


def unused_patterns(text: str) -> frozenset[str]:
    """The inline patterns that cannot match anywhere in this Markdown source."""
    return frozenset(name for name, needs in INLINE_TRIGGERS.items() if not any(n in text for n in needs))


def render_markdown(text: str) -> str:
    """Markdown source -> sanitised HTML. Headings start at h2 (the page title is the h1)."""
    import nh3

    md = _converter(unused_patterns(text))
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
