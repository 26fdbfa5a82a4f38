"""How a line of a copied page reads: page chrome (menus, switchers, weather, share buttons, ads),
a caption, a byline, a date line, a headline, a paragraph. `document.py` cuts a page with these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import dates

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
    | все\s+новости | новости | читайте\s+также.* | смотрите\s+также.* | подпис(?:аться|ывайтесь|ка|ки)\b.* | подпишитесь\b.* | поделиться.* | комментари\w*
    | источник\b.* | фот[оа]\s*:.* | реклама | приложение | для\s+(?:android|ios|iphone) | главная | архив
    | важные\s+новости | теги\s*:.* | версия\s+для\s+слабовидящих | время\s+публикации.*
    | (?:обновлено|опубликовано)\s*:.* | лента\s+новостей | меню | поиск | войти | регистрация
    | adv_\w+.* | su\s+mo\s+tu\s+we\s+th\s+fr\s+sa | пн\s+вт\s+ср\s+чт\s+пт\s+сб\s+вс
    )$""",
    re.I | re.X,
)
# Lines that end the story when they appear after it started: everything after them is page furniture.
TAIL = re.compile(
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
# Word tables stay a few entries a line (the formatter would give each entry a line of its own).
# fmt: off
_LANGUAGE_WORDS = {
    "en", "eng", "ru", "rus", "be", "by", "bel", "kz", "kk", "kaz", "ky", "kg", "uz", "hy", "am", "az", "tj", "tg",
    "de", "fr", "es", "zh", "cn", "ar", "english", "русский", "русская", "беларуская", "белорусский", "қазақша",
    "казахский", "кыргызча", "o'zbek", "oʻzbekcha", "ўзбекча", "հայերեն", "azərbaycan", "тоҷикӣ", "deutsch",
    "français", "español", "中文", "عربي", "version",
}
# fmt: on
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
TERMINAL = re.compile(r"[.!?…:;\"”»’)]$")
_SENTENCE_END = re.compile(r"[.!?…:][\"”»’)]*$")  # a closing quote alone ends a headline, not a sentence
BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|[-–—](?=\s))\s*")
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
LIST_NUMBER = re.compile(r"^\d{1,2}[.)]\s+")


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int
    text: str
    """The stripped text of the line."""

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of body lines read as one block (hard-wrapped lines joined); offsets into `Document.text`."""

    start: int
    end: int
    bullet: bool = False


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
_DATE_LINE_EXTRAS = re.compile(r"(?:^|(?<=[|·•,]))\s*(?:\d+\s*(?:min(?:ute)?s?|мин\.?)\s+(?:read|чтения)|(?i:by|автор:?)\s+[A-ZА-ЯЁ][\w.'’\-]*(?:\s+[A-ZА-ЯЁ][\w.'’\-]*){0,3})\s*(?=$|[|·•,])")


_LONGEST_DATE_LINE = 200
"""Characters: a header's date line is a date and at most four other words."""


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_date_line(text: str) -> bool:
    """A line that is a date (with perhaps a time, weekday, 'updated' note or a place): a header date."""
    t = text.strip()
    if len(t) > _LONGEST_DATE_LINE:
        return False  # a paragraph: searching it for dates would be the costly part of the test
    mentions = [m for m in dates.find_mentions(t) if m.day is not None]
    if not mentions:
        return False
    rest = t
    for m in reversed(mentions):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _DATE_LINE_EXTRAS.sub(" ", rest)
    rest = re.sub(r"\(.*?\)|\b\d{1,2}[:.]\d{2}\b|\b(?:am|pm)\b|[|,.;:/()\-–—]", " ", rest, flags=re.I)
    rest = dates.WEEKDAY_RE.sub(" ", rest)
    return len(WORD.findall(rest)) <= 4


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_headline_like(text: str) -> bool:
    t = text.strip()
    n = len(WORD.findall(t))
    if not 3 <= n <= 30 or len(t) > 250:
        return False
    if not (t[0].isupper() or t[0].isdigit() or t[0] in "\"“«'‘"):
        return False
    if t.endswith(".") and not t.endswith("..."):
        return False
    if n <= 4 and "," in t:
        return False  # "Moscow, House of Government", "Jane Doe, senior fellow": a place or a byline
    if LIST_NUMBER.match(t):
        return False  # "1. EAEU ministers approve ...": an entry of a digest's list of contents
    return not (is_chrome(t) or is_caption(t) or is_byline(t) or is_date_line(t))


_MASTHEAD = re.compile(
    r"(?i)\b(?:news|agency|portal|website|web\s*site|official|online|times|review|digest|today|daily|"
    r"информационн\w*|портал\w*|агентств\w*|новост\w*|официальн\w*)\b|\.(?:com|kz|kg|by|ru|uz|am|az|tj|info|news)\b"
)


def names_a_site(text: str) -> bool:
    """A short line that names a news site: 'AKIpress News Agency', 'Kazinform.kz'."""
    return len(WORD.findall(text)) <= 4 and bool(_MASTHEAD.search(text))


def is_masthead(text: str) -> bool:
    """The site's name at the top of a page: short, or naming itself a news site or portal."""
    t = text.strip()
    words = len(WORD.findall(t))
    letters = [c for c in t if c.isalpha()]
    shouting = len(letters) > 3 and all(c.isupper() for c in letters)
    return words <= 4 or shouting or bool(_MASTHEAD.search(t))


@lru_cache(maxsize=8192)  # a line is judged several times while a page is cut up
def is_paragraph_like(text: str) -> bool:
    t = text.strip()
    n = len(WORD.findall(t))
    return n >= 25 or (n >= 8 and bool(_SENTENCE_END.search(t)))
