"""PDF: the text layer, with its paragraphs and headings.

pdfminer.six's layout analysis groups the characters of a page into text boxes (a paragraph or
a heading each) in reading order; a box whose letters are clearly larger than the page's body
text, and that is short, is a heading. The first heading on the first page is the title. Text set
with wide line spacing, which the analysis cuts into a box per line, is joined back into its
paragraphs by the document's own gaps between lines (`_join_spaced_lines`). Lines
that repeat at the top or bottom of every page (a running header, a page number) are left out.
A PDF with no text layer (a scan) cannot be read without OCR: a warning naming the file.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from statistics import median

from ..errors import SeedError
from . import Hints, Reading

MAX_PAGES = 60
"""A press release is a few pages; a report of hundreds is not one news item (and slow to read)."""
_HEADING_RATIO = 1.18
_HEADING_MAX_CHARS = 200
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of|из)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", re.I)
_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")


def read(data: bytes) -> Reading:
    boxes = _join_spaced_lines(_boxes(data))
    if sum(len(text) for _page, text, _size in boxes) < 20:
        raise SeedError("the PDF has no text layer (a scanned document?); run it through OCR, or paste its text into a .txt file")
    boxes = _without_running_lines(boxes)
    body_size = median(size for _p, text, size in boxes for _ in range(min(len(text), 2000)))
    title: str | None = None
    markdown: list[str] = []
    plain: list[str] = []
    for page, text, size in boxes:
        heading = size >= body_size * _HEADING_RATIO and len(text) <= _HEADING_MAX_CHARS
        line = " ".join(text.split())
        if heading and title is None and page == 0 and not plain:
            title = line
            continue
        if heading:
            markdown.append("## " + line)
        else:
            markdown.append(line)
        plain.append(line)
    text = "\n\n".join(([title] if title else []) + plain)
    return Reading(text, body="\n\n".join(markdown), hints=Hints(title=title))


@dataclass(frozen=True, slots=True)
class _Box:
    page: int
    text: str
    size: float
    """The median size of its letters."""
    top: float
    bottom: float
    lines: int


def _boxes(data: bytes) -> list[_Box]:
    """Every text box, in reading order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out = []
    try:
        for number, page in enumerate(extract_pages(BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES)):
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                text = _HYPHEN_BREAK.sub(r"\1\2", element.get_text()).strip()
                if not text:
                    continue
                lines = [line for line in element if isinstance(line, LTTextLine)]
                sizes = [ch.size for line in lines for ch in line if isinstance(ch, LTChar)]
                out.append(_Box(page=number, text=text, size=median(sizes) if sizes else 0.0, top=element.y1, bottom=element.y0, lines=len(lines)))
    except SeedError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds of error on a damaged file
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise SeedError("the PDF is protected by a password; save an unprotected copy") from None
        raise SeedError(f"the PDF is damaged and cannot be read ({name}: {str(exc)[:100]})") from None
    return out


_SAME_GAP = 1.25
"""A gap up to this many times the document's usual gap between lines joins two lines."""


def _join_spaced_lines(boxes: list[_Box]) -> list[tuple[int, str, float]]:
    """(page, text, size) of each paragraph. Text set with wide line spacing (1.5, double) comes out
    of the layout analysis one line per box: when most boxes are single lines, consecutive ones of
    a page and a size are joined while the gap between them is the document's usual gap between
    such lines (a paragraph's break is a wider one, a heading another size)."""
    plain = [(b.page, b.text, b.size) for b in boxes]
    if sum(b.lines == 1 for b in boxes) < max(4, 0.6 * len(boxes)):
        return plain
    pairs = [(a, b) for a, b in zip(boxes, boxes[1:]) if a.page == b.page and a.lines == b.lines == 1 and abs(a.size - b.size) < 0.5 and a.bottom >= b.top]
    if len(pairs) < 3:
        return plain
    usual = median((a.bottom - b.top) / (a.size or 1) for a, b in pairs)  # (in font sizes: a heading's lines are spaced as its size)
    out: list[tuple[int, str, float]] = []
    last: _Box | None = None
    for box in boxes:
        gap = (last.bottom - box.top) / (box.size or 1) if last is not None else None
        joins = last is not None and box.page == last.page and box.lines == 1 and abs(box.size - last.size) < 0.5 and gap is not None and 0 <= gap <= usual * _SAME_GAP + 0.05
        if joins:
            page, text, size = out[-1]
            out[-1] = (page, _HYPHEN_BREAK.sub(r"\1\2", text + "\n" + box.text), size)  # ("coopera-" / "tion")
        else:
            out.append((box.page, box.text, box.size))
        last = box
    return out


def _without_running_lines(boxes: list[tuple[int, str, float]]) -> list[tuple[int, str, float]]:
    """Boxes other than page numbers and lines that repeat on most pages (headers, footers)."""
    pages = len({p for p, _t, _s in boxes})
    repeated = Counter(" ".join(t.split()) for _p, t, _s in boxes)
    body = median(s for _p, _t, s in boxes if s) if any(s for _p, _t, s in boxes) else 0
    last_of_page = {p: (t, s) for p, t, s in boxes}
    keep = []
    for page, text, size in boxes:
        flat = " ".join(text.split())
        if _PAGE_NUMBER.match(flat):
            continue
        if pages >= 2 and repeated[flat] >= max(2, pages // 2 + 1) and len(flat) < 150:
            continue
        if last_of_page.get(page) == (text, size) and size and size < 0.8 * body and len(flat) < 150:
            continue  # small print at the foot of a page: an address, a footer
        keep.append((page, text, size))
    return keep or boxes
