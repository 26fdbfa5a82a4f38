"""Markdown bodies -> safe HTML.

Python-Markdown renders the body with raw HTML switched off (a press release that quotes
`<script>` shows it as text), then nh3 (ammonia) keeps only safe tags, attributes and URL schemes.
Headings go one level down (the page title is the h1). The converter skips, through Markdown's
extension API, the parts of its parser that a body cannot need (markup_fast.py): the same HTML in
a quarter of the time on the bench corpus's articles, a third on real news texts;
tests/test_markup.py compares it with the plain converter.
"""

from __future__ import annotations

from functools import lru_cache

from .chars import strip_forbidden
from .markup_bounds import MARKS, MAX_NESTING, TooSlow, as_text, budget, time_boxed, too_deep, too_heavy

# Python-Markdown's "extra" set without md_in_html (raw HTML is off anyway), and sane lists.
EXTENSIONS = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables", "sane_lists"]
# Word tables stay a few entries a line (the formatter would give each entry a line of its own).
# fmt: off
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "figure", "figcaption", "cite", "mark",
}
# fmt: on
# Word tables stay a few entries a line (the formatter would give each entry a line of its own).
# fmt: off
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"}, "th": {"align"}, "ol": {"start"}, "li": {"id"}, "sup": {"id"}, "div": {"class"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
# fmt: on
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=2)
def _converter(fast: bool = True):
    """The Markdown converter (one per process, reset before each body). `fast=False`:
    Python-Markdown as it is, without markup_fast's skipping (tests compare the two)."""
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
    if fast:
        from .markup_fast import SkipWhatCannotMatch

        md.registerExtensions([SkipWhatCannotMatch()], {})  # last: it wraps what the others registered
    return md


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
    warnings = [f"an image from another host is not shown (pages load nothing from elsewhere; nothing is fetched): {src}; it is a link to the image instead" for src in md.remote_images]
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
