"""A seed's text cut into what a reader sees: page chrome, headline, dateline, body and tail.

Web pages copied as text carry menus, language switchers, date bars, bylines, photo captions and
newsletter boxes around the story. `Document.parse` classifies every line, finds where the story
starts (a dateline or the first real paragraph) and where it ends (the first tail marker such as
"Subscribe" or "Read more"), and keeps the offsets of everything, so every finder can say which
span of the text a value came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from . import dates
from .dateline import Dateline, agency_line, parse_dateline
from .lines import (
    BULLET,
    LIST_NUMBER,
    TAIL,
    TERMINAL,
    WORD,
    Line,
    Paragraph,
    is_byline,
    is_caption,
    is_chrome,
    is_date_line,
    is_headline_like,
    is_masthead,
    is_menu,
    is_paragraph_like,
    names_a_site,
)
from .text import Sentence, sentences


@dataclass
class Document:
    text: str
    lines: list[Line]
    headline: tuple[int, int] | None = None
    """Span of the printed headline, if the text has one."""
    headline_rule: str = ""
    top: list[Line] = field(default_factory=list)
    """Non-blank lines above the story: chrome, header dates, bylines, the headline."""
    body: list[Line] = field(default_factory=list)
    """Lines of the story, without captions and credits; the tail is cut off."""
    dateline: Dateline | None = None
    tail: list[Line] = field(default_factory=list)
    flow: str = ""
    """`text` with soft line breaks (hard-wrapped sentences) turned into spaces; same offsets."""
    written: str = ""
    """The flow as the source writes it, when `text` reads some words otherwise (`keep_written`)."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    _dates: dict[tuple[int, int], list] = field(default_factory=dict, repr=False)
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """Facts about the page that several finders ask for, worked out once (see year.filing_date)."""

    def keep_written(self, source: str) -> None:
        """`source`: the text as written, of which `text` is a reading with some letters changed
        (text.unmix_scripts: same length). The finders read `text` and `flow`; the fields that
        quote the story (title, summary, body) read `written`: the page shows the source's letters."""
        if source == self.text:
            return
        chars = list(self.flow)
        for i, (read, written) in enumerate(zip(self.text, source)):
            if read != written:
                chars[i] = written
        self.written = "".join(chars)

    def as_written(self, start: int, end: int) -> str:
        """flow[start:end] as the source writes it."""
        return (self.written or self.flow)[start:end]

    @property
    def headline_text(self) -> str | None:
        return " ".join(self.text[self.headline[0] : self.headline[1]].split()) if self.headline else None

    @property
    def lede_start(self) -> int:
        """Where the first sentence of the story begins (after the dateline)."""
        if self.dateline:
            return self.dateline.end
        return self.paragraphs[0].start if self.paragraphs else len(self.text)

    def dates(self, start: int, end: int) -> list[dates.DateMention]:
        """Date mentions in flow[start:end], computed once per range (several finders ask)."""
        found = self._dates.get((start, end))
        if found is None:
            found = self._dates[(start, end)] = dates.find_mentions(self.flow, start, end)
        return found

    @cached_property
    def sentences(self) -> list[Sentence]:
        return list(self._split_until(None))

    def first_sentences(self, n: int) -> list[Sentence]:
        """The first n sentences of the story, or all when it has fewer: only the paragraphs that
        hold them are split (most finders read the first few sentences only)."""
        return self._split_until(n)[:n]

    def iter_sentences(self) -> Iterator[Sentence]:
        """The sentences of the story in order, paragraphs split as they are reached."""
        i = 0
        while i < len(self._split_until(i + 1)):
            yield self._split_until(i + 1)[i]
            i += 1

    def _split_until(self, n: int | None) -> list[Sentence]:
        """The sentences of the paragraphs split so far, after splitting paragraphs until there
        are n of them (None: all)."""
        done = self.memo.get("sentences")
        if done is None:
            done = self.memo["sentences"] = [[], 0]  # the sentences so far, the paragraphs split
        out, k = done
        while (n is None or len(out) < n) and k < len(self.paragraphs):
            p = self.paragraphs[k]
            start = max(p.start, self.lede_start)  # a dateline may take a line or two of its own
            if start < p.end:
                out.extend(sentences(self.flow, start, p.end))
            k += 1
        done[1] = k
        return out

    def lede(self, n: int = 3) -> list[Sentence]:
        """The first n sentences of the story (a bullet list counts as one paragraph of its own)."""
        return self.first_sentences(n)

    def spans(self, include_headline: bool = True) -> list[tuple[int, int]]:
        """Where entities are looked for: the headline and the body paragraphs (the dateline excluded)."""
        out = []
        if include_headline and self.headline:
            out.append(self.headline)
        for p in self.paragraphs:
            start = max(p.start, self.lede_start)
            if start < p.end:
                out.append((start, p.end))
        return out

    @classmethod
    def parse(cls, text: str, is_place=lambda name: False) -> Document:
        lines = _split_lines(text)
        doc = cls(text=text, lines=lines)
        nonblank = [ln for ln in lines if ln.text]
        start, doc.dateline = _story_start(nonblank, is_place)
        top = nonblank[:start]
        body_lines = nonblank[start:]
        if doc.dateline is None:
            # The dateline may sit on its own line above the story in some captures.
            for ln in top[-2:]:
                dl = parse_dateline(ln, is_place)
                if dl and dl.end >= ln.end - 2:
                    doc.dateline = dl
        doc.top = top
        doc.headline, doc.headline_rule = _find_headline(top)
        doc.headline = _unwrap_headline(doc.headline, lines)
        # The tail: the first tail marker line after the story started.
        cut = next((i for i, ln in enumerate(body_lines) if i > 0 and TAIL.match(ln.text)), None)
        if cut is not None:
            doc.tail = body_lines[cut:]
            body_lines = body_lines[:cut]
        headline = doc.headline_text
        doc.body = [ln for ln in body_lines if not (is_caption(ln.text) or (headline and ln.text == headline) or _is_body_chrome(ln.text))]
        doc.flow, doc.paragraphs = _flow(text, lines, doc.body)
        return doc


def _split_lines(text: str) -> list[Line]:
    out = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(Line(i, pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _story_start(lines: list[Line], is_place) -> tuple[int, Dateline | None]:
    """Index of the line where the story begins (a dateline, or the first paragraph-like line),
    and the dateline that line starts with, if any."""
    for i, ln in enumerate(lines[:40]):
        if is_chrome(ln.text) or is_caption(ln.text) or is_byline(ln.text):
            continue
        dateline = parse_dateline(ln, is_place)
        if dateline:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            agency = agency_line(nxt.text) if nxt is not None and dateline.end >= ln.end else None
            if agency and nxt is not None:  # "BAKU, Azerbaijan, Aug. 18" then "Trend:": one dateline
                dateline = replace(dateline, end=nxt.end, agency=dateline.agency or agency)
            return i, dateline
        if is_paragraph_like(ln.text) and not is_date_line(ln.text) and not _headline_over_date(lines, i):
            return i, None
    return 0, parse_dateline(lines[0], is_place) if lines else None


def _headline_over_date(lines: list[Line], i: int) -> bool:
    """'Can the route keep growing?' above '18 September 2024 | By ...': a headline that reads like
    a sentence (a question) is still a headline when a date line or a byline follows it."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or not (is_date_line(nxt.text) or is_byline(nxt.text)):
        return False
    text = lines[i].text
    # A long headline is still one: no full stop at its end, and a date under it.
    return is_headline_like(text) or (len(WORD.findall(text)) <= 45 and not TERMINAL.search(text) and text[:1].isupper())


_DATE_BAR = re.compile(r"^(.{4,40}?)\s*\|\s*(.+)$")


def _find_headline(top: list[Line]) -> tuple[tuple[int, int] | None, str]:
    """The printed headline among the lines above the story (cascade: first rule that finds one wins)."""
    content = [ln for ln in top if not is_chrome(ln.text) or is_date_line(ln.text)]
    # 1. "2012.05.07 | Headline": a date bar that carries the headline.
    for ln in content:
        m = _DATE_BAR.match(ln.text)
        if m and is_date_line(m.group(1)) and is_headline_like(m.group(2)) and not is_date_line(ln.text):
            start = ln.start + m.start(2)
            return (start, start + len(m.group(2).rstrip())), "headline after the date in a date bar"
    # 2. A header date: the headline follows it (or, on some sites, stands right above it).
    for i, ln in enumerate(content):
        if is_date_line(ln.text):
            for nxt in content[i + 1 : i + 3]:
                if is_headline_like(nxt.text):
                    return (nxt.start, nxt.end), "headline below the header date"
            # Not a byline, nor the site's name ("AKIpress News Agency" printed above the date, or
            # the page's first line: "Weekly Eurasian Brief").
            above = [ln for ln in content[max(0, i - 3) : i] if not is_byline(ln.text) and not names_a_site(ln.text) and not (ln is top[0] and is_masthead(ln.text))]
            if above and is_headline_like(above[-1].text):
                prev = above[-1]
                return (prev.start, prev.end), "headline above the header date"
    # 3. A line printed twice (page title and article title, or an entry of a digest's list of
    #    contents, "1. EAEU ministers approve ...", and the heading itself) is the headline.
    seen: dict[str, Line] = {}
    for ln in content:
        text = LIST_NUMBER.sub("", ln.text)
        if text in seen and is_headline_like(text):
            first = seen[text]
            printed = first if first.text == text else ln  # the heading, not the numbered entry
            start = printed.start + len(printed.text) - len(text)
            return (start, printed.end), "headline printed twice"
        seen[text] = ln
    # 4. The first line that looks like a headline, below the site's menu if there is one
    #    (a line above the menu is the site's masthead: "24.kg news agency"); the page's first
    #    line is its masthead too when it reads like one and a headline follows.
    menus = [i for i, ln in enumerate(top) if is_menu(ln.text)]
    below_menu = [ln for ln in content if not menus or ln.index > top[menus[-1]].index]
    candidates = [ln for ln in below_menu or content if is_headline_like(ln.text)]
    if len(candidates) > 1 and candidates[0].index == top[0].index and is_masthead(candidates[0].text):
        candidates = candidates[1:]
    if candidates:
        return (candidates[0].start, candidates[0].end), "first headline-like line"
    return None, ""


def _unwrap_headline(span: tuple[int, int] | None, lines: list[Line]) -> tuple[int, int] | None:
    """A headline hard-wrapped onto a second line: the next line goes on in lower case."""
    if span is None:
        return None
    for i, ln in enumerate(lines[:-1]):
        if ln.start <= span[0] <= ln.end and span[1] == ln.end:
            nxt = lines[i + 1]
            if nxt.text and nxt.text[0].islower() and not TERMINAL.search(ln.text) and len(nxt.text.split()) <= 8:
                return span[0], nxt.end
    return span


def _is_body_chrome(text: str) -> bool:
    """Furniture that can appear inside the story: ad slots, lone URLs, 'Share', language switchers."""
    t = text.strip()
    if len(t) > 80:
        return False
    return is_chrome(t) and not is_paragraph_like(t) and not BULLET.match(t)


def _flow(text: str, lines: list[Line], body: list[Line]) -> tuple[str, list[Paragraph]]:
    """Join hard-wrapped body lines into paragraphs; return the text with soft breaks as spaces."""
    pieces: list[str] = []  # the text, with the soft line breaks between body lines as spaces
    done = 0
    paragraphs: list[Paragraph] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            paragraphs.append(Paragraph(current[0].start, current[-1].end, bool(BULLET.match(current[0].text))))
            current.clear()

    for prev, ln in zip([None, *body], body):
        soft = (
            prev is not None
            and ln.index == prev.index + 1
            and not BULLET.match(ln.text)
            and not TERMINAL.search(prev.text)
            and (ln.text[:1].islower() or (prev.words >= 6 and not ln.text[:1].isdigit()))
        )
        if soft:
            pieces += (text[done : prev.end], text[prev.end : ln.start].replace("\n", " "))
            done = ln.start
            current.append(ln)
        else:
            close()
            current.append(ln)
    close()
    pieces.append(text[done:])
    return "".join(pieces), paragraphs
