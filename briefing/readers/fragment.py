"""An HTML fragment (a feed entry's content) as Markdown and as plain paragraphs.

A feed entry holds the article's HTML without the page around it, so nothing needs removing:
blocks become paragraphs, headings `##`, list items `- `, emphasis is kept in the Markdown, links
keep their text (and their address in the Markdown when it is http(s)), images and scripts go.
"""

from __future__ import annotations

import re

_BLOCKS = {"p", "div", "section", "article", "blockquote", "pre", "table", "tr", "ul", "ol", "dl", "dd", "dt", "figure", "figcaption", "header", "footer", "address", "center", "main"}
_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "svg", "img", "video", "audio", "form", "button", "select", "template"}
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_HTTP = re.compile(r"https?://\S+$", re.I)
MAX_DEPTH = 200
"""Deeper nesting is read as text (a crafted entry cannot exhaust the stack)."""


def to_markdown(fragment: str) -> tuple[str, str]:
    """(Markdown, plain text) of an HTML fragment; plain text without tags is returned as it is."""
    if "<" not in fragment:
        text = _paragraphs(fragment.replace("\r", ""))
        return text, text
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        text = _paragraphs(re.sub(r"<[^>]{0,500}>", " ", fragment))
        return text, text
    md: list[str] = []
    plain: list[str] = []
    _walk(root, md, plain, 0)
    return _paragraphs("".join(md)), _paragraphs("".join(plain))


def _walk(el, md: list[str], plain: list[str], depth: int) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    if tag in _DROP or not isinstance(el.tag, str):  # (comments and processing instructions too)
        _tail(el, md, plain)
        return
    if depth > MAX_DEPTH:
        text = el.text_content()
        md.append(text)
        plain.append(text)
        return
    before = after = ""
    if tag in _HEADINGS:
        before, after = "\n\n" + "#" * _HEADINGS[tag] + " ", "\n\n"
        plain.append("\n\n")
    elif tag == "li":
        before, after = "\n\n- ", "\n\n"
        plain.append("\n\n")
    elif tag == "br":
        md.append("\n")
        plain.append("\n")
    elif tag in _BLOCKS or tag in ("td", "th"):
        before = after = "\n\n" if tag not in ("td", "th") else " "
        plain.append(before)
    elif tag in _MARKS and el.text_content().strip():
        before = after = _MARKS[tag]
    elif tag == "a" and _HTTP.match((el.get("href") or "").strip()) and el.text_content().strip():
        before, after = "[", "](" + el.get("href").strip().replace(")", "%29").replace(" ", "%20") + ")"
    md.append(before)
    if el.text:
        md.append(_space(el.text))
        plain.append(_space(el.text))
    for child in el:
        _walk(child, md, plain, depth + 1)
    md.append(after)
    if tag in _BLOCKS or tag in _HEADINGS or tag == "li":
        plain.append("\n\n")
    _tail(el, md, plain)


def _tail(el, md: list[str], plain: list[str]) -> None:
    if el.tail:
        md.append(_space(el.tail))
        plain.append(_space(el.tail))


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _paragraphs(text: str) -> str:
    """Lines stripped, runs of blank lines made one, list items kept together."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
