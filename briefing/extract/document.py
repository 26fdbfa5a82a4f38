"""A seed's text cut into what a reader sees: page chrome, headline, dateline, body and tail.

Web pages copied as text carry menus, language switchers, date bars, bylines, photo captions and
newsletter boxes around the story. `Document.parse` classifies every line, finds where the story
starts (a dateline or the first real paragraph) and where it ends (the first tail marker such as
"Subscribe" or "Read more"), and keeps the offsets of everything, so every finder can say which
span of the text a value came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import dates
from .text import Sentence, sentences

# --- line patterns -------------------------------------------------------------------------------

_CHROME = re.compile(
    r"""^(?:
      (?:read|view|show|see|load)\s+(?:more|all|also|full\s+story)\b.*
    | subscribe\b.* | you\s+have\s+been\s+(?:successfully\s+)?subscribed.* | unsubscribe.*
    | view\s+(?:it\s+)?in\s+(?:your\s+)?browser | we\s+use\s+cookies.* | this\s+(?:site|website)\s+uses\s+cookies.* | accept(?:\s+all)?(?:\s+cookies)?
    | sign\s*(?:in|up) | log\s*(?:in|out) | register | search | menu | home | share\b.* | print | e-?mail
    | comments?(?:\s*\(\d+\))? | tags?\s*:.* | keywords?\s*:.*
    | font\s+size:? | site\s+colou?rs?:? | view\s+settings | (?:version\s+for\s+(?:the\s+)?)?visually\s+impaired.*
    | official\s+(?:web\s*)?(?:site|portal)\s+of\b.* | all\s+news | latest(?:\s+news)?(?:\s+in\s+.*)? | news\s*/?
    | related(?:\s+(?:news|articles|stories|posts))?:? | most\s+(?:read|popular|viewed) | popular | trending
    | advertisement | sponsored.* | archive | cookies?\b.* | all\s+rights\s+reserved.* | ©.* | copyright\b.*
    | (?:photo|image|picture)(?:\s+credits?)?\s*:.* | source\s*:.* | follow\s+us.* | back\s+to\s+top | top
    | (?:the\s+)?short\s*link\b.* | copy\s+link | link\s+cop(?:ied|y)
    | previous(?:\s+(?:post|article|news))? | next(?:\s+(?:post|article|news))? | skip\s+to\s+(?:main\s+)?content
    | все\s+новости | новости | читайте\s+также.* | смотрите\s+также.* | подпис\w+.* | поделиться.* | комментари\w*
    | источник\b.* | фот[оа]\s*:.* | реклама | приложение | для\s+(?:android|ios|iphone) | главная | архив
    | важные\s+новости | теги\s*:.* | версия\s+для\s+слабовидящих | время\s+публикации.*
    | (?:обновлено|опубликовано)\s*:.* | лента\s+новостей | меню | поиск | войти | регистрация
    | adv_\w+.* | su\s+mo\s+tu\s+we\s+th\s+fr\s+sa | пн\s+вт\s+ср\s+чт\s+пт\s+сб\s+вс
    )$""",
    re.I | re.X,
)
# Lines that end the story when they appear after it started: everything after them is page furniture.
_TAIL = re.compile(
    r"""^(?:
      you\s+have\s+been\s+(?:successfully\s+)?subscribed.* | subscribe\b.{0,40} | read\s+more\b.{0,40}
    | latest\s+(?:news\s+)?in\b.{0,40} | latest\s+news | related(?:\s+(?:news|articles|stories|posts))?:?
    | more\s+(?:news|stories)(?:\s+on\s+.*)? | other\s+news(?:\s+of\s+the\s+(?:week|day))?:? | also\s+in\s+this\s+issue:?
    | also\s+read\b.{0,120} | follow\s+the\s+author\b.* | see\s+also:? | archive | tags?\s*:.* | share(?:\s+this.*)?
    | most\s+(?:read|popular|viewed) | follow\s+us.* | comments?(?:\s*\(\d+\))?
    | важные\s+новости | читайте\s+также.* | смотрите\s+также.* | поделиться.* | комментари\w* | теги\s*:.*
    | adv_\w+.* | подпис\w+\s+на\s+.* | лента\s+новостей | все\s+новости | другие\s+новости(?:\s+недели|\s+дня)?:?
    )$""",
    re.I | re.X,
)
_LANGUAGE_WORDS = {
    "en", "eng", "ru", "rus", "be", "by", "bel", "kz", "kk", "kaz", "ky", "kg", "uz", "hy", "am", "az", "tj", "tg",
    "de", "fr", "es", "zh", "cn", "ar", "english", "русский", "русская", "беларуская", "белорусский", "қазақша",
    "казахский", "кыргызча", "o'zbek", "oʻzbekcha", "ўзбекча", "հայերեն", "azərbaycan", "тоҷикӣ", "deutsch",
    "français", "español", "中文", "عربي", "version",
}
_CAPTION = re.compile(r"(?:\b(?:photo|image|picture)(?:\s+credits?)?\s*:|\b(?:фото|фота|источник\s+фото)\s*:|©)", re.I)
_CREDIT = re.compile(r"^(?:\w+\s+)?(?:[–—-]\s*)?(?:translator|editor|translated\s+by|edited\s+by|reporter|written\s+by|author\s*:|переводчик|редактор|автор)(?:\b|(?<=:)).*", re.I)
_BYLINE = re.compile(
    r"^(?:by|автор:?)(?:\s+[A-ZА-ЯЁ][\w.'’\-/]+){0,4}(?:\s+(?:in|for)\s+[\w ]{1,30})?(?:\s+on\s+.{4,40})?$|"
    r"^(?:[A-ZА-ЯЁ][\w'’\-]+\s+){1,3}(?:published|posted|updated)\b.*$|^(?:published|posted|updated)\b.*$",
    re.I,
)
# A weather widget: a temperature in a short line ("Minsk Overcast +16°C", "-3…+2 °C").
_WEATHER = re.compile(r"^(?:\S+\s+){0,5}[-+−]?\d+\s*(?:[-–…]\s*[-+−]?\d+\s*)?°\s*[CF]?$")
_URL_ONLY = re.compile(r"^(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|ru|by|kz|kg|am|uz|az|tj|pro|io|news|gov|int)(?:/\S*)?)$", re.I)
# Items between pipes or middle dots: "News | World | Sport", "No. 9 (2024) · Universities · Mobility".
_NAV = re.compile(r"^\|.*\||(?:[^|·•]{1,30}[|·•]){2,}[^|·•]{0,30}$")
# A menu: three or more short items separated by wide gaps ("Home   News   Documents   Contacts").
_MENU = re.compile(r"^(?:[^\s|/]+(?: [^\s|/]+){0,2}(?:\s{3,}|\s*[|/]\s*)){2,}[^\s|/]+(?: [^\s|/]+){0,2}\s*$")
_TERMINAL = re.compile(r"[.!?…:;\"”»’)]$")
_SENTENCE_END = re.compile(r"[.!?…:][\"”»’)]*$")  # a closing quote alone ends a headline, not a sentence
_BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|[-–—](?=\s))\s*")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_LIST_NUMBER = re.compile(r"^\d{1,2}[.)]\s+")


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int
    text: str
    """The stripped text of the line."""

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of body lines read as one block (hard-wrapped lines joined); offsets into `Document.text`."""

    start: int
    end: int
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Dateline:
    """`MINSK, 17 November (BelTA) –`: the place and date an agency filed from, and the agency."""

    start: int
    end: int
    city: str
    city_start: int
    city_end: int
    date: dates.DateMention | None
    agency: str | None


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_chrome(text: str) -> bool:
    """A line that belongs to the page, not to the story (menus, switchers, weather, ads, captions)."""
    t = text.strip()
    if not t:
        return False
    letters = sum(c.isalpha() for c in t)
    if letters < 3:
        return True
    if _CHROME.match(t) or _WEATHER.match(t) or _URL_ONLY.match(t) or is_menu(t) or _repeats_itself(t):
        return True
    words = [w.casefold() for w in re.split(r"[\s/|,]+", t) if w]
    return bool(words) and all(w in _LANGUAGE_WORDS for w in words)


def _repeats_itself(text: str) -> bool:
    """A tag cloud or a menu printed twice: the line is one run of words said again ("A B C A B C")."""
    words = text.split()
    half = len(words) // 2
    return len(words) >= 4 and len(words) % 2 == 0 and words[:half] == words[half:]


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_menu(text: str) -> bool:
    """A navigation bar: items separated by pipes, slashes or wide gaps."""
    t = text.strip()
    return bool(_NAV.match(t) or _MENU.match(t))


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_caption(text: str) -> bool:
    return bool(_CAPTION.search(text)) or bool(_CREDIT.match(text.strip()))


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text.strip()))


# What a header date line may carry besides the date, each part between separators:
# "18 September 2024 | 7 min read | By Murat Seitov".
_DATE_LINE_EXTRAS = re.compile(
    r"(?:^|(?<=[|·•,]))\s*(?:\d+\s*(?:min(?:ute)?s?|мин\.?)\s+(?:read|чтения)|(?i:by|автор:?)\s+[A-ZА-ЯЁ][\w.'’\-]*(?:\s+[A-ZА-ЯЁ][\w.'’\-]*){0,3})\s*(?=$|[|·•,])"
)


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_date_line(text: str) -> bool:
    """A line that is a date (with perhaps a time, weekday, 'updated' note or a place): a header date."""
    t = text.strip()
    mentions = [m for m in dates.find_mentions(t) if m.day is not None]
    if not mentions:
        return False
    rest = t
    for m in reversed(mentions):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _DATE_LINE_EXTRAS.sub(" ", rest)
    rest = re.sub(r"\(.*?\)|\b\d{1,2}[:.]\d{2}\b|\b(?:am|pm)\b|[|,.;:/()\-–—]", " ", rest, flags=re.I)
    rest = dates.WEEKDAY_RE.sub(" ", rest)
    return len(_WORD.findall(rest)) <= 4


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_headline_like(text: str) -> bool:
    t = text.strip()
    n = len(_WORD.findall(t))
    if not 3 <= n <= 30 or len(t) > 250:
        return False
    if not (t[0].isupper() or t[0].isdigit() or t[0] in "\"“«'‘"):
        return False
    if t.endswith(".") and not t.endswith("..."):
        return False
    if n <= 4 and "," in t:
        return False  # "Moscow, House of Government", "Jane Doe, senior fellow": a place or a byline
    if _LIST_NUMBER.match(t):
        return False  # "1. EAEU ministers approve ...": an entry of a digest's list of contents
    return not (is_chrome(t) or is_caption(t) or is_byline(t) or is_date_line(t))


_MASTHEAD = re.compile(
    r"(?i)\b(?:news|agency|portal|website|web\s*site|official|online|times|review|digest|today|daily|"
    r"информационн\w*|портал\w*|агентств\w*|новост\w*|официальн\w*)\b|\.(?:com|kz|kg|by|ru|uz|am|az|tj|info|news)\b"
)


def _names_a_site(text: str) -> bool:
    """A short line that names a news site: 'AKIpress News Agency', 'Kazinform.kz'."""
    return len(_WORD.findall(text)) <= 4 and bool(_MASTHEAD.search(text))


def is_masthead(text: str) -> bool:
    """The site's name at the top of a page: short, or naming itself a news site or portal."""
    t = text.strip()
    words = len(_WORD.findall(t))
    letters = [c for c in t if c.isalpha()]
    shouting = len(letters) > 3 and all(c.isupper() for c in letters)
    return words <= 4 or shouting or bool(_MASTHEAD.search(t))


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_paragraph_like(text: str) -> bool:
    t = text.strip()
    n = len(_WORD.findall(t))
    return n >= 25 or (n >= 8 and bool(_SENTENCE_END.search(t)))


# --- datelines -------------------------------------------------------------------------------------

_DATELINE_PREFIX = re.compile(r"^\((?:MENAFN|menafn)[^)]{0,60}\)\s*")
_DASH = re.compile(r"\s(?:--|[–—-])\s")
_CITY_CAPS = re.compile(r"^((?:ST\.\s?|SAINT\s)?[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]*(?:[ ][A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]*){0,2})(?=[\s,.(/–—-]|$)")
_CITY_TITLE = re.compile(r"^([A-ZА-ЯЁ][a-zа-яё'’\-]+(?:[ -][A-ZА-ЯЁ][a-zа-яё'’\-]+){0,2})(?=\s*[,(.])")
# Words allowed between the city and the start of the lede: dates, countries, agencies, markers.
_DATELINE_FILLER = re.compile(
    r"^(?:[,.;:/()\s]|--|[–—-]|\d{1,4}(?:st|nd|rd|th)?|года|г\.?|news|agency|reports?|"
    r"[A-ZА-ЯЁ][\w.\-'’]*|/\s*\w+\s*/)+", re.U)


def parse_dateline(line: Line, is_place) -> Dateline | None:
    """Parse an agency dateline at the start of a line; `is_place(name)` vouches for a mixed-case city."""
    text = line.text
    prefix = _DATELINE_PREFIX.match(text)
    agency_prefix = None
    pos = 0
    if prefix:
        agency_prefix = _agency_in(prefix.group())
        pos = prefix.end()
    rest = text[pos:]
    m = _CITY_CAPS.match(rest)
    if not (m and _is_caps_city(m.group(1))):
        m = _CITY_TITLE.match(rest)
        if not m or not is_place(m.group(1)):
            return None
    city = m.group(1)
    city_start = pos + m.start(1)
    head_end = _dateline_end(rest, m.end(1))
    if head_end is None:
        return None
    header = rest[m.end(1) : head_end]
    mention = next((d for d in dates.find_mentions(header) if d.day is not None), None)
    agency = agency_prefix or _agency_in(header)
    has_dash = bool(re.search(r"(?:--|[–—])|\s-\s", header))
    if not (mention or agency or has_dash):
        return None
    # An unknown upper-case word is a city only with the full dateline apparatus ("JSC «RZD» and" is not).
    if not is_place(city) and not (mention and agency):
        return None
    if mention is not None:
        shift = m.end(1)
        mention = mention.shifted(line.start + pos + shift)
    return Dateline(
        start=line.start,
        end=line.start + pos + head_end,
        city=city,
        city_start=line.start + city_start,
        city_end=line.start + city_start + len(city),
        date=mention,
        agency=agency,
    )


def _is_caps_city(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _dateline_end(rest: str, pos: int) -> int | None:
    """Offset in `rest` where the lede starts, or None if what follows the city is not a dateline."""
    depth = 0
    for found in _DATELINE_MARKS.finditer(rest, pos, min(len(rest), pos + 110)):
        i = found.start()
        ch = rest[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0 and i + 1 < len(rest) and rest[i + 1] == " " and _starts_lede(rest, i + 2) and not _more_dateline(rest, i + 1):
                return i + 1
        elif depth == 0 and ch in "–—" or (depth == 0 and rest.startswith((" - ", " -- "), i - 1) and ch == "-"):
            j = i
            while j < len(rest) and rest[j] in "–—- ":
                j += 1
            agency = _AGENCY_WORDS.match(rest, j)  # "МИНСК, 18 мар — Sputnik.", "МОСКВА, 5 июн — РИА Новости."
            if agency and rest.startswith((". ", ", "), agency.end()):
                return agency.end() + 1
            return j
        elif depth == 0 and ch == "." and i + 1 < len(rest) and rest[i + 1] == " ":
            j = i + 1
            while j < len(rest) and rest[j] == " ":
                j += 1
            if rest.startswith("/", j):  # "30 сентября. /ТАСС/."
                close = rest.find("/", j + 1)
                if 0 < close - j < 30:
                    k = close + 1
                    if k < len(rest) and rest[k] == ".":
                        k += 1
                    return k
            if _starts_lede(rest, j) and not _more_dateline(rest, j):
                return i + 1
        elif depth == 0 and ch == " " and _starts_lede(rest, i + 1) and _word_before_is_agency(rest, i):
            return i
    return None


_DATELINE_MARKS = re.compile(r"[()–—\-. ]")  # the characters _dateline_end looks at


def _starts_lede(rest: str, j: int) -> bool:
    """A sentence starts at j: a capitalised word that is not itself dateline material."""
    return _LEDE_START.match(rest, j) is not None


_LEDE_START = re.compile(r"[\"“«]?([A-ZА-ЯЁ][a-zа-яё]+|[A-ZА-ЯЁ]{1,2}\b|\d)")


_AGENCY_WORDS = re.compile(r"(?:BelTA|БЕЛТА|ТАСС|TASS|KAZINFORM|Kazinform|ARMENPRESS|Armenpress|Kabar|AKIpress|Trend|UzA|"
                           r"Sputnik|Xinhua|Interfax|ИНТЕРФАКС|РИА\s+Новости|RIA\s+Novosti|Khovar|Azertac|AZERTAC|"
                           r"News\.am|24\.kg|UzDaily\.uz|UzDaily|Report\.az|APA|Tengrinews|MIA|ИА\s+\w+)", re.U)


_AGENCY_LIKE_END = re.compile(r"(?:[A-ZА-ЯЁ]{4,}|BelTA|Kazinform|Armenpress)$")


def _word_before_is_agency(rest: str, i: int) -> bool:
    before = rest[:i].rstrip()
    return bool(before) and bool(_AGENCY_LIKE_END.search(before)) and bool(_AGENCY_WORDS.search(before[-20:]))


def _more_dateline(rest: str, j: int) -> bool:
    """After a '.' or ')', does the dateline go on ('MOSCOW. KAZINFORM', 'June 14, 2019. / Kabar /.')?"""
    tail = rest[j:].lstrip()
    if re.match(r"(?:/|[A-ZА-ЯЁ]{4,}\b(?![a-zа-яё]))", tail):
        return True
    date = next(iter(dates.find_mentions(tail[:30])), None)  # "ALMATY. Oct 10 (Interfax-Kazakhstan) -"
    return date is not None and date.start == 0


def _agency_in(text: str) -> str | None:
    m = _AGENCY_WORDS.search(text)
    if m:
        return m.group()
    m = re.search(r"\(\s*([A-Z][\w.\- ]{1,30}?)\s*\)|/\s*([A-ZА-ЯЁ][\w.\- ]{1,20}?)\s*/", text)
    if m:
        name = (m.group(1) or m.group(2)).strip()
        if not dates.find_mentions(name):
            return name
    return None


# --- the document ------------------------------------------------------------------------------------


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
    paragraphs: list[Paragraph] = field(default_factory=list)
    _dates: dict[tuple[int, int], list] = field(default_factory=dict, repr=False)

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
        out: list[Sentence] = []
        for p in self.paragraphs:
            start = max(p.start, self.lede_start) if p is self.paragraphs[0] else p.start
            out.extend(sentences(self.flow, start, p.end))
        return out

    def lede(self, n: int = 3) -> list[Sentence]:
        """The first n sentences of the story (a bullet list counts as one paragraph of its own)."""
        return self.sentences[:n]

    def spans(self, include_headline: bool = True) -> list[tuple[int, int]]:
        """Where entities are looked for: the headline and the body paragraphs (the dateline excluded)."""
        out = []
        if include_headline and self.headline:
            out.append(self.headline)
        for i, p in enumerate(self.paragraphs):
            start = max(p.start, self.lede_start) if i == 0 else p.start
            if start < p.end:
                out.append((start, p.end))
        return out

    @classmethod
    def parse(cls, text: str, is_place=lambda name: False) -> "Document":
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
        cut = next((i for i, ln in enumerate(body_lines) if i > 0 and _TAIL.match(ln.text)), None)
        if cut is not None:
            doc.tail = body_lines[cut:]
            body_lines = body_lines[:cut]
        headline = doc.headline_text
        doc.body = [
            ln for ln in body_lines
            if not (is_caption(ln.text) or (headline and ln.text == headline) or _is_body_chrome(ln.text))
        ]
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
    return is_headline_like(text) or (len(_WORD.findall(text)) <= 45 and not _TERMINAL.search(text) and text[:1].isupper())


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
            above = [
                ln for ln in content[max(0, i - 3) : i]
                if not is_byline(ln.text) and not _names_a_site(ln.text) and not (ln is top[0] and is_masthead(ln.text))
            ]
            if above and is_headline_like(above[-1].text):
                prev = above[-1]
                return (prev.start, prev.end), "headline above the header date"
    # 3. A line printed twice (page title and article title, or an entry of a digest's list of
    #    contents, "1. EAEU ministers approve ...", and the heading itself) is the headline.
    seen: dict[str, Line] = {}
    for ln in content:
        text = _LIST_NUMBER.sub("", ln.text)
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
            if nxt.text and nxt.text[0].islower() and not _TERMINAL.search(ln.text) and len(nxt.text.split()) <= 8:
                return span[0], nxt.end
    return span


def _is_body_chrome(text: str) -> bool:
    """Furniture that can appear inside the story: ad slots, lone URLs, 'Share', language switchers."""
    t = text.strip()
    if len(t) > 80:
        return False
    return is_chrome(t) and not is_paragraph_like(t) and not _BULLET.match(t)


def _flow(text: str, lines: list[Line], body: list[Line]) -> tuple[str, list[Paragraph]]:
    """Join hard-wrapped body lines into paragraphs; return the text with soft breaks as spaces."""
    pieces: list[str] = []  # the text, with the soft line breaks between body lines as spaces
    done = 0
    paragraphs: list[Paragraph] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            paragraphs.append(Paragraph(current[0].start, current[-1].end, bool(_BULLET.match(current[0].text))))
            current.clear()

    for prev, ln in zip([None, *body], body):
        soft = (
            prev is not None
            and ln.index == prev.index + 1
            and not _BULLET.match(ln.text)
            and not _TERMINAL.search(prev.text)
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
