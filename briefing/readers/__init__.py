"""Seed formats: what a file in `seeds/` holds, read into the items extraction works on.

A seed file is one item (plain text, Markdown, a saved web page, a PDF or Word file) or many (an
RSS or Atom feed: each entry is an item of its own, named `seeds/<file>#<guid>`). The format is
chosen by the file's content first (a PDF saved as `.txt` is a PDF; a `.txt` that is an HTML page
is a page) and by its extension where the content does not say. Each format's module turns the
bytes into a `Reading`: the plain text extraction reads (headline first), the Markdown body when
the format has its own structure (headings, lists), and `Hints`: what the file states about the
item beyond its text (a page's title, date, address and publisher). Reading is lazy: an unchanged
seed is never parsed again (saved pages and PDFs take milliseconds each, not microseconds).

    text.py      plain text ("Source:" lines)       html.py     saved pages, .html/.htm and .mhtml
    markdown.py  `# headline`, a YAML block of hints feed.py     RSS 2.0 and Atom, one item per entry
    pdf.py       text layer, headings by font size   docx.py     paragraphs, headings by style

The libraries behind the formats are imported only when a seed of that format is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from io import BytesIO
from pathlib import PurePosixPath

from ..errors import SeedError

ACCEPTED = "plain text (.txt), Markdown (.md), saved web pages (.html, .htm, .mhtml), RSS or Atom feeds (.xml, .rss, .atom), PDF (.pdf) and Word (.docx)"
"""What a warning about an unusable file lists."""

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MHTML_SUFFIXES = (".mhtml", ".mht")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
ITEM_SEPARATOR = "#"
"""Between a feed file's name and an item's guid in the item's identity (`seeds/x.xml#<guid>`)."""


@dataclass(frozen=True, slots=True)
class Hints:
    """What a file says about its item besides the text. Each is None (or empty) when unknown."""

    title: str | None = None
    """The headline from the file's metadata or markup (wins over the one extraction finds)."""
    date: dt.date | None = None
    """The event's date as an editor stated it (a Markdown file's YAML block): wins."""
    published: dt.date | None = None
    """The original's own date (a page's metadata, a feed entry's date): fixes a year the text lacks."""
    source_url: str | None = None
    """The original's address (http or https)."""
    publishers: tuple[str, ...] = ()
    """Who published the original, most reliable name first (made canonical by origin.py)."""
    language: str | None = None
    tags: tuple[str, ...] = ()
    """Tags an editor gave (a Markdown file's YAML block): win over the ones extraction finds."""


@dataclass(frozen=True, slots=True)
class Reading:
    """An item's content, ready for extraction."""

    text: str
    """Plain text: the headline (when known) on the first line, then the paragraphs."""
    body: str | None = None
    """The body as Markdown when the format gives one (headings, lists); None: extraction's body."""
    hints: Hints = field(default_factory=Hints)
    warnings: tuple[str, ...] = ()
    """What the editor should know about the file (ignored keys, a page cut short, ...)."""


class SeedItem:
    """One item of a seed file: its identity, the hash that says whether it changed, and its
    reading, made on first use."""

    __slots__ = ("rel", "sha256", "format", "_read", "__dict__")

    def __init__(self, rel: str, sha256: str, fmt: str, read: Callable[[], Reading]):
        self.rel = rel
        """`seeds/x.txt`, or `seeds/x.xml#<guid>` for a feed's entry: `source:` and the ingest state's key."""
        self.sha256 = sha256
        self.format = fmt
        self._read = read

    @cached_property
    def reading(self) -> Reading:
        """The item's text and hints (SeedError when the file cannot be used)."""
        return self._read()

    def __repr__(self) -> str:
        return f"SeedItem({self.rel!r}, {self.format})"


class Items(list):
    """A file's items, and what the editor should know about the file as a whole (a feed cut
    short: its entries before the cut are read)."""

    warnings: tuple[str, ...] = ()


def is_container(name: str, data: bytes) -> bool:
    """Whether a file holds many items (a feed)."""
    try:
        return detect(name, data) == "feed"
    except SeedError:
        return False


def read_items(rel: str, data: bytes, sha256: str | None = None) -> Items:
    """The items of a seed file. A single-item file is not parsed here (see `SeedItem.reading`);
    a feed is. SeedError when the file is of no accepted format, or a feed does not parse."""
    fmt = detect(rel, data)
    if fmt == "feed":
        from . import feed

        return feed.items(rel, data)
    digest = sha256 or hashlib.sha256(data).hexdigest()
    return Items([SeedItem(rel, digest, fmt, lambda: read_one(fmt, data, rel))])


def read_one(fmt: str, data: bytes, name: str = "") -> Reading:
    """A single-item file's reading, by format (as `detect` names it)."""
    if fmt == "text":
        from . import text

        return text.read(data)
    if fmt == "markdown":
        from . import markdown

        return markdown.read(data)
    if fmt == "html":
        from . import html

        return html.read(data)
    if fmt == "mhtml":
        from . import html

        return html.read_mhtml(data)
    if fmt == "pdf":
        from . import pdf

        return pdf.read(data)
    if fmt == "docx":
        from . import docx

        return docx.read(data)
    raise SeedError(f"it is not a format Briefing reads; accepted: {ACCEPTED}")


# --- format detection ------------------------------------------------------------------------

_BINARY = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (an image or a sound)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document (.doc, .xls); save it as .docx or PDF"),
    (b"{\\rtf", "an RTF document; save it as .docx, PDF or plain text"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
)
_MIME_HEADER = re.compile(rb"^(?:[A-Za-z][\w-]*:[^\n]*\n(?:[ \t][^\n]*\n)*)+", re.M)
_MULTIPART = re.compile(rb"(?im)^content-type:\s*multipart/related")
# After a BOM and whitespace, what comes before the first element: the XML declaration,
# processing instructions, comments, a doctype.
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}
_HTML_ROOTS = {"html", "head", "body"}
_HTML_INSIDE = re.compile(r"<(?:body|p|div|article|h1|title|meta|table)\b", re.I)
_MD_HEADLINE = re.compile(r"\A\s*#{1,2}[ \t]+\S")


def detect(name: str, data: bytes) -> str:
    """The format of a file: 'text', 'markdown', 'html', 'mhtml', 'feed', 'pdf' or 'docx', by its
    content first and its extension where the content does not tell. SeedError for a file of no
    accepted format, naming the formats that are."""
    suffix = PurePosixPath(name.split(ITEM_SEPARATOR, 1)[0]).suffix.lower()
    if not data.strip():
        raise SeedError("the file is empty")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, suffix)
    for magic, kind in _BINARY:
        if data.startswith(magic):
            raise SeedError(f"the file is {kind}, not a format Briefing reads; accepted: {ACCEPTED}")
    if suffix == ".pdf":
        raise SeedError("it is named .pdf but is not a PDF (it does not start with %PDF-): the file is damaged or of another kind")
    if suffix == ".docx":
        raise SeedError("it is named .docx but is not a Word document (not a ZIP package): the file is damaged or of another kind")
    head = _head_text(data)
    if _MULTIPART.search(data[:4096]) and _MIME_HEADER.match(data[:4096].replace(b"\r\n", b"\n")):
        return "mhtml"
    start = _PROLOG.match(head)
    rest = head[start.end() if start else 0 :]
    first = _FIRST_TAG.match(rest)
    root = first.group(1).lower() if first else None
    if root in _FEED_ROOTS:
        return "feed"
    if root in _HTML_ROOTS or re.match(r"<!doctype\s+html", head.lstrip(), re.I) or "<!-- saved from url=" in head[:300]:
        return "html"
    if root is not None and suffix in FEED_SUFFIXES + (".txt", ""):
        if head.lstrip().startswith("<?xml") or suffix in FEED_SUFFIXES:
            raise SeedError(f"it is an XML file whose root is <{first.group(1)}>, not an RSS or Atom feed; accepted: {ACCEPTED}")
    if suffix in HTML_SUFFIXES and (root is not None or _HTML_INSIDE.search(head)):
        return "html"
    if suffix in MHTML_SUFFIXES:
        raise SeedError("it is named .mhtml but holds no saved page (no multipart/related MIME header): the file is damaged")
    if suffix in FEED_SUFFIXES:
        raise SeedError(f"it is named {suffix} but holds no RSS or Atom feed (it does not start with <rss> or <feed>)")
    if suffix in MARKDOWN_SUFFIXES or _MD_HEADLINE.match(head):
        return "markdown"
    return "text"


def _zip_format(data: bytes, suffix: str) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        if suffix == ".docx":
            raise SeedError("the Word file is damaged (its ZIP package cannot be opened); save it again from Word") from None
        raise SeedError(f"the file is a damaged ZIP archive; accepted: {ACCEPTED}") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise SeedError(f"the file is an OpenDocument file (.odt); save it as .docx or PDF; accepted: {ACCEPTED}")
    kind = "an Excel workbook" if "xl/workbook.xml" in names else "a PowerPoint file" if "ppt/presentation.xml" in names else "a ZIP archive"
    raise SeedError(f"the file is {kind}, not a format Briefing reads; accepted: {ACCEPTED}")


def _head_text(data: bytes) -> str:
    """The first few KB as text, well enough to see the first tag (UTF-16 included)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace").lstrip("\ufeff")
    if len(head) >= 4 and head[1] == 0 and head[3] == 0:
        return head.decode("utf-16-le", "replace")
    if len(head) >= 4 and head[0] == 0 and head[2] == 0:
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace").lstrip("\ufeff")
