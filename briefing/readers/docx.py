"""Word documents (.docx): paragraphs, headings and lists in document order, tables as rows.

python-docx reads the document; a paragraph styled `Title` or `Heading N` (in any language Word
was set to: the style's identity is stored in English) is a heading, and the first heading before
any text is the title. List paragraphs become `- ` items, table rows lines of cells. The
document's core properties give the title when no heading does.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from ..errors import SeedError
from . import Hints, Reading

MAX_PARAGRAPHS = 20_000
_HEADING_STYLE = re.compile(r"^(?:heading|заголовок)\s*(\d)$", re.I)


def read(data: bytes) -> Reading:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as exc:  # pragma: no cover - python-docx is in requirements.txt
        raise SeedError(f"Word files need python-docx ({exc}); run pip install -r requirements.txt") from None
    try:
        document = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise SeedError(f"the Word file is damaged and cannot be read ({type(exc).__name__}: {str(exc)[:100]})") from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx errors on a damaged package
        raise SeedError(f"the Word file is damaged and cannot be read ({type(exc).__name__}: {str(exc)[:100]})") from None
    title: str | None = None
    markdown: list[str] = []
    plain: list[str] = []
    body = document.element.body
    styles = _style_names(document)
    for n, child in enumerate(body.iterchildren()):
        if n > MAX_PARAGRAPHS:
            break
        if child.tag == qn("w:p"):
            text = _paragraph_text(child, qn)
            if not text:
                continue
            level = _heading_level(child, styles, qn)
            if level is not None:
                if title is None and not plain:
                    title = text
                    continue
                markdown.append("#" * max(2, min(level + 1, 6)) + " " + text)
            elif _is_list(child, styles, qn):
                markdown.append("- " + text)
            else:
                markdown.append(text)
            plain.append(text)
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [" ".join(_paragraph_text(p, qn) for p in cell.iter(qn("w:p"))).strip() for cell in row.iter(qn("w:tc"))]
                line = " | ".join(c for c in cells if c)
                if line:
                    markdown.append(line)
                    plain.append(line)
    if not plain and not title:
        raise SeedError("the Word file has no text")
    if title is None:
        core = (document.core_properties.title or "").strip()
        title = core or None
    text = "\n\n".join(([title] if title else []) + plain)
    return Reading(text, body=re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", "\n\n".join(markdown)), hints=Hints(title=title))


def _paragraph_text(paragraph, qn) -> str:
    """A paragraph's text: its runs' text, a tab or a line break as a space."""
    t = qn("w:t")
    parts = [(node.text or "") if node.tag == t else " " for node in paragraph.iter(t, qn("w:tab"), qn("w:br"))]
    return " ".join("".join(parts).split())


def _style_names(document) -> dict[str, str]:
    """Style id -> name (Word keeps built-in names in English: 'heading 1', 'Title')."""
    names = {}
    try:
        for style in document.styles:
            names[style.style_id] = (style.name or "").strip()
    except Exception:  # noqa: BLE001 - a damaged styles part: no names, paragraphs still read
        pass
    return names


def _style_of(paragraph, qn) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def _heading_level(paragraph, styles: dict[str, str], qn) -> int | None:
    style_id = _style_of(paragraph, qn)
    name = styles.get(style_id, style_id)
    for candidate in (name, style_id):
        if candidate.casefold() == "title":
            return 1
        m = _HEADING_STYLE.match(candidate.replace("Heading", "heading ").strip()) or _HEADING_STYLE.match(candidate)
        if m:
            return int(m.group(1))
    ppr = paragraph.find(qn("w:pPr"))
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None and (outline.get(qn("w:val")) or "").isdigit() and int(outline.get(qn("w:val"))) < 6:
        return int(outline.get(qn("w:val"))) + 1
    return None


def _is_list(paragraph, styles: dict[str, str], qn) -> bool:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    name = styles.get(_style_of(paragraph, qn), "").casefold()
    return name.startswith(("list bullet", "list number"))
