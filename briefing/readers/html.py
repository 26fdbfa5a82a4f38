"""Saved web pages (.html, .htm, and .mhtml as Chromium saves them): the article, not the page.

A saved agency page is mostly chrome: menus, a language switcher, share buttons, a cookie banner,
related links, comments, a footer. trafilatura finds the main text (the reference boilerplate
remover in evaluations of news pages), and its metadata module the title, the canonical address,
the site name and the publication date (htmldate: `<meta>` and JSON-LD first, then the page's
date elements). Extraction then reads only the title and the main text, so no name in the
chrome can become an entity.

The bytes are decoded here, not by the library: a byte-order mark, else the charset the page
declares (`<meta charset>`, `http-equiv`, the XML declaration), else UTF-8 if the bytes are valid
UTF-8, else the Cyrillic and Western code pages charset-normalizer tells apart.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.policy
import logging
import re
import unicodedata
from copy import deepcopy

from ..chars import strip_forbidden
from ..errors import SeedError
from . import Hints, Reading
from .text import clean_url

_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·»-]\s+|\s*\|\s*")
# WHATWG: these labels mean windows-1252, and a page that says UTF-16 in a <meta> is not UTF-16.
_LABELS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "x-cp1251": "cp1251",
    "win-1251": "cp1251",
}
_SENTENCE_END = re.compile(r"\w{3}[.!?…](?:\s|$)")
_DATE_LINE = re.compile(r"[\d\s.:/,|-]{8,}")
"""A line of digits alone (`14:05 12.11.2024`): the page's date, not the article's text."""
_MIN_TEXT = 40
"""Characters of main text below which a page is taken to hold no article."""
_MIN_RECALL_TEXT = 150
"""The same when only trafilatura's recall mode found text (and its short lines are dropped)."""

for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # their notes about a page are not the editor's business


def read(data: bytes) -> Reading:
    return read_html(decode_html(data))


def read_mhtml(data: bytes) -> Reading:
    """A page saved as one MHTML file (multipart/related): its first HTML part, with the address
    the browser recorded (`Snapshot-Content-Location`) as the source when the page names none."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - a damaged file, whatever the parser says
        raise SeedError(f"the MHTML file cannot be read ({exc})") from None
    location = message.get("Snapshot-Content-Location") or message.get("Content-Location")
    for part in message.walk():
        if part.get_content_type() not in ("text/html", "application/xhtml+xml"):
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset()
        html = decode_html(payload, charset)
        if not location:
            location = part.get("Content-Location")
        return read_html(html, str(location) if location else None)
    raise SeedError("the MHTML file holds no HTML page (it is damaged, or not a saved web page)")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page's text: a BOM, else the declared charset (the MIME part's or the page's own), else
    UTF-8 when valid, else what charset-normalizer finds."""
    from ..sources import _BOMS, _guess_legacy

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _clean(data.decode(encoding))
            except UnicodeDecodeError:
                break
    candidates = [declared] if declared else []
    head = data[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if found:
        candidates.append(found.group(1).decode("ascii", "replace"))
    for label in candidates:
        codec = _codec(label)
        if codec:
            try:
                return _clean(data.decode(codec))
            except UnicodeDecodeError:
                continue  # the page says one charset and is in another: find out below
    try:
        return _clean(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _clean(_guess_legacy(data))


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", strip_forbidden(text.replace("\x00", "")))


def read_html(html: str, location: str | None = None) -> Reading:
    """The article of a page: its title and main text, and what its metadata says."""
    import trafilatura
    from trafilatura.xml import xmltotxt

    warnings = []
    if not _CLOSED.search(html[-4096:] if len(html) > 4096 else html):
        warnings.append("the page seems cut short (no closing </body> or </html>): only what was saved is read")
    saved = _SAVED_FROM.search(html[:2000])
    if not location and saved:
        location = saved.group(1)
    tree = _tree(html)
    page_headline = _page_headline(tree)
    chrome_headings = {" ".join(el.text_content().split()).casefold() for el in tree.iter("h1") if _in_chrome(el)}
    title_element = next((" ".join((el.text_content() or "").split()) for el in tree.iter("title")), None)
    doc = None
    recall = False
    for precision in (True, False):  # precision first (less chrome); recall when that finds nothing
        try:
            doc = trafilatura.bare_extraction(
                deepcopy(tree) if precision else tree,
                url=clean_url(location),
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                include_formatting=True,
                favor_precision=precision,
                favor_recall=not precision,
                date_extraction_params={"original_date": True, "extensive_search": True, "max_date": _max_date()},
            )
        except Exception as exc:  # noqa: BLE001 - a page lxml cannot make a tree of
            raise SeedError(f"the page cannot be read as HTML ({type(exc).__name__}: {exc})") from None
        if doc is not None and len((doc.text or "").strip()) >= _MIN_TEXT:
            recall = not precision
            break
    if doc is None or doc.body is None or len((doc.text or "").strip()) < _MIN_TEXT:
        raise _no_article()
    markdown = _tidy(xmltotxt(doc.body, True))
    plain = _tidy(xmltotxt(doc.body, False))
    if recall:  # what recall adds beyond an article is chrome: menus and tickers of short lines
        plain = "\n".join(p for p in plain.split("\n") if _is_prose(p))
        markdown = "\n\n".join(plain.split("\n"))
        if len(plain) < _MIN_RECALL_TEXT:
            raise _no_article()
    plain, markdown = _without_chrome_lines(plain), _without_chrome_lines(markdown)
    title = doc.title
    if title and " ".join(title.split()).casefold() in chrome_headings:  # a lone <h1> that is the site's logo
        title = title_element
    title = _title(title, doc.sitename)
    headline = _leading_headline(markdown) or page_headline
    if headline and (not title or len(title.split()) <= 2):  # "<title>Новости</title>": the section, not the headline
        title = headline
    if title:  # (some pages repeat the headline at the top of the article)
        plain, markdown = _without_chrome_lines(_without_headline(plain, title)), _without_chrome_lines(_without_headline(markdown, title))
    paragraphs = [p for p in plain.split("\n") if p.strip()]
    text = "\n\n".join(([title] if title else []) + paragraphs)
    hints = Hints(
        title=title,
        published=_date(doc.date),
        source_url=clean_url(doc.url) or clean_url(location),
        publishers=tuple(n for n in (doc.sitename,) if n and len(n) <= 80),
    )
    return Reading(text, body=markdown, hints=hints, warnings=tuple(warnings))


def _tree(html: str):
    """The page as an lxml tree, with layout tables made plain blocks: an old site that lays out
    menu and article as cells of one table would otherwise come out as one table row."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8", remove_comments=True))
    except (etree.ParserError, ValueError) as exc:
        raise SeedError(f"the page cannot be read as HTML ({exc})") from None
    for table in tree.iter("table"):
        if _is_layout(table):
            for el in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
                if _is_layout(el) or el.tag != "table":
                    el.tag = "div"
    return tree


def _is_layout(table) -> bool:
    """A table that holds headings, articles or paragraphs of prose lays out a page; a data table
    holds values."""
    if table.tag != "table":
        return False
    if next(table.iter("h1", "h2", "article", "nav", "form"), None) is not None:
        return True
    if sum(1 for p in table.iter("p") if len(p.text_content()) > 120) >= 2:
        return True
    # An old site's article is a cell of text broken by <br>: sentences, not values.
    return any(len(_SENTENCE_END.findall(cell.text_content())) >= 3 for cell in table.iter("td", "th"))


def _no_article() -> SeedError:
    return SeedError("no article text found in the page (an index page, a page that builds itself with scripts, or a page cut short); save the article's own page, or paste its text into a .txt file")


def _is_prose(line: str) -> bool:
    """A paragraph of an article, not a menu entry or a ticker: long, or ending a sentence."""
    line = line.strip()
    return len(line) >= 120 or (len(line.split()) >= 6 and line[-1:] in '.!?…:;»"”)')


def _max_date() -> str:
    """The latest publication date a page may have (htmldate discards later ones): tomorrow,
    so that a page saved just after midnight in another time zone keeps its date."""
    return (dt.date.today() + dt.timedelta(days=1)).isoformat()


def _title(title: str | None, sitename: str | None) -> str | None:
    """The headline without the site's name (and section) a `<title>` adds: "Headline - Economy -
    Agency" is "Headline"; separators inside the headline itself stay."""
    if not title:
        return None
    title = " ".join(title.split())
    if not sitename:
        return title
    site = sitename.casefold()
    pieces = _TITLE_SEPARATORS.split(title)
    seps = _TITLE_SEPARATORS.findall(title)
    if len(pieces) < 2:
        return title

    def is_site(piece: str) -> bool:
        p = piece.casefold().strip()
        return bool(p) and (site in p or p in site)

    start, end = 0, len(pieces)
    if is_site(pieces[-1]):
        end -= 1
        # A section name before the site's, set off the same way ("Headline - Economy - Agency").
        while end - start > 1 and len(pieces[end - 1].split()) <= 3 and seps[end - 2].strip() == seps[end - 1].strip():
            end -= 1
    elif is_site(pieces[0]):
        start += 1
    if (start, end) == (0, len(pieces)) or end <= start:
        return title
    out = pieces[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + pieces[i]
    return out.strip() or title


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _without_headline(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    if first.lstrip("#").strip().strip("*").strip().casefold() == title.casefold():
        return rest.lstrip()
    return text


def _page_headline(tree) -> str | None:
    """The page's first <h1> of a few words (else its first such <h2>): the headline when the
    <title> holds only the site's section."""
    for tag in ("h1", "h2"):
        for el in tree.iter(tag):
            if _in_chrome(el):
                continue
            line = " ".join(el.text_content().split())
            if 3 <= len(line.split()) and len(line) <= 250:
                return line
    return None


_CHROME_MARK = re.compile(r"logo|brand|masthead|menu|nav|sidebar|footer|banner|cookie|related|popular", re.I)


def _in_chrome(el) -> bool:
    """Whether an element is in the page's chrome: a logo, a menu, a side bar, a page header (a
    header inside an article is the article's)."""
    for anc in el.iterancestors():
        if anc.tag == "article":
            return False
        if anc.tag in ("nav", "aside", "footer", "header") or _CHROME_MARK.search(f"{anc.get('class', '')} {anc.get('id', '')}"):
            return True
    return False


def _leading_headline(markdown: str) -> str | None:
    """The article's first line when it is set apart as a headline (a heading, or bold alone)."""
    first = markdown.partition("\n")[0].strip()
    found = re.fullmatch(r"#{1,3}\s+(.+)|\*\*(.+)\*\*", first)
    if not found:
        return None
    line = (found.group(1) or found.group(2)).strip()
    # A bold lead paragraph is a sentence; a headline does not end with a full stop.
    return line if 3 <= len(line.split()) and len(line) <= 250 and "**" not in line and not line.endswith(".") else None


_RELATED = re.compile(r"(?:\*\*)?(?:read also|see also|also read|related|read more|читайте также|смотрите также|также читайте|читайте по теме|по теме|чытайце таксама|оқи сондай-ақ)\b", re.I)
"""A paragraph in the article that links to another article ("Read also: ...")."""


def _without_related(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not _RELATED.match(line.strip()))


def _without_chrome_lines(text: str) -> str:
    """Without the page's date standing alone before the article (`14:05 12.11.2024`) and a link
    of a word or two after it ("All news")."""
    lines = _without_related(text).split("\n")
    while lines and (not lines[0].strip() or _DATE_LINE.fullmatch(lines[0].strip())):
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > 2 and len(lines[-1].split()) <= 2 and not _SENTENCE_END.search(lines[-1] + " ") and not lines[-1].startswith(("|", "-", "*", "#")):
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) if not line.startswith(("    ", "\t")) else line.rstrip() for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()
