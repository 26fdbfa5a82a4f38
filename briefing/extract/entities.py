"""Organizations, people and countries.

One pass finds every *mention* in the story (the headline and the body, not the page chrome):
first the curated names and aliases of the data file, then general rules for what the data file
does not know (acronym definitions, legal forms, organization head-words, person names after a
title or with a known given name, initials, demonyms of state actors). Mentions are then grouped
into entities, each with one canonical name, so "EEC" and "Eurasian Economic Commission" are one
organization and "Putin" is "Vladimir Putin".
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import itemgetter, not_, or_

from . import russian
from .document import Document
from .gazetteer import LEGAL_FORMS, Entity, Gazetteer, token_key, token_keys
from .model import Finding
from .text import CYRILLIC_RE, Token, finditer_at, fold, key, matches_at, squash, strip_quotes, tokens, transliterate

ORG_HEADS = (
    "Ministry|Committee|Commission|Council|Union|Bank|Corporation|Agency|Association|University|Institute|"
    "Academy|Plant|Factory|Group|Fund|Organization|Organisation|Company|Exchange|Service|Assembly|Court|"
    "Parliament|Chamber|Board|Secretariat|Commonwealth|Office|Centre|Center|Administration|Department|"
    "Authority|Inspectorate|Holding|Concern|Railways?|Airlines?|Alliance|Society|Foundation|Consortium|"
    "Enterprise|Works|Duma|Senate|Mazhilis|Kenesh|Majlis|Bureau|Directorate|Federation|Partnership|Cooperative|"
    "Inspection|Treasury|Police|Guard|Prosecutor's\\s+Office|Laboratory|Technopark|Hub|Port|Airport"
)
_HEAD_RE = re.compile(rf"(?=[A-Z])\b(?:{ORG_HEADS})\b")  # the look-ahead: heads are capitalised (see places._EVENT)

_ANCHOR_WORDS: dict[str, list[_Words]] = {}
"""Every word of every `_Words`, and those it is in: one pass over a text's tokens finds them all
(`_Scan.words_at`)."""
_ANCHOR_PARTS: set[str] = set()
"""Their first parts ("start" of "start-up"): which tokens with inner punctuation to look into."""


@dataclass(frozen=True, eq=False)  # eq=False: each list is its own key in _Scan._anchors
class _Words:
    """Words some rules are anchored on, found among the text's tokens (`_Scan.words_at`) rather
    than by running `pattern` over every character of the text."""

    words: frozenset[str]
    pattern: re.Pattern
    phrases: re.Pattern | None
    """The alternatives of several words ("Prosecutor's\\s+Office"), found by a regex."""

    @classmethod
    def of(cls, alternation: str) -> "_Words":
        """From a regex alternation of words ('Railways?|Bank|Prosecutor's\\s+Office')."""
        words, phrases = set(), []
        for alt in alternation.split("|"):
            if "\\s" in alt:
                phrases.append(alt)
                continue
            optional = alt.find("?")  # one optional letter at most: "Railways?", "start-?up"
            spellings = {alt.replace("?", ""), alt[: optional - 1] + alt[optional + 1 :]} if optional > 0 else {alt}
            if not all(_ONE_WORD.fullmatch(w) for w in spellings):
                raise ValueError(f"{alt!r}: an anchor is a word, a hyphenated word, or words joined by \\s+")
            words |= spellings
        made = cls(frozenset(words), re.compile(rf"(?:{alternation})\b"), re.compile(rf"(?:{'|'.join(phrases)})\b") if phrases else None)
        for word in words:
            _ANCHOR_WORDS.setdefault(word, []).append(made)
            _ANCHOR_PARTS.add(_WORD_RUN.match(word).group())
        return made


_WORD_RUN = re.compile(r"\w+")
_ONE_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)?")
_HEAD_WORDS = _Words.of(ORG_HEADS)
_CAPWORD = r"(?:St\.(?=\s[A-Z])|(?!(?:Between|Of|For|And|The|On|In|Under|With|To)\b)[A-Z][\w’'\-&]*)"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
_CAPSEQ = rf"(?:{_INITIALS})?{_CAPWORD}(?:\s(?:{_INITIALS})?{_CAPWORD})*"
_ORG_PHRASE = re.compile(
    rf"(?:(?:{_CAPWORD})(?:\s(?:and\s|of\s|for\s)?{_CAPWORD})*\s)?"
    rf"(?:{ORG_HEADS})\b(?:\s(?:[A-Z]{{2,}}[a-z]?[A-Z]*\b|«[^»\n]{{2,40}}»|[A-Z][a-z]+(?=[,.;:)])))?"
    rf"(?:\s(?:of|for|on|in|named\s+after|[Bb]etween|under)\s(?:the\s)?{_CAPSEQ}"
    rf"(?:(?:,\s|\sand\s|,\sand\s)(?:the\s)?{_CAPSEQ})*)*"
)
_CURRENCY = re.compile(r"\s*(?:dollars?|cents?|\$)")
_POSSESSOR = re.compile(r"^([A-Z][\w-]*)['’]s\s+")
_TRAILING_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_CAPWORDS = re.compile(rf"(?:{_CAPWORD})(?:\s{_CAPWORD})*")
_GENERIC_MODIFIERS = {
    "state", "national", "federal", "joint", "stock", "open", "closed", "public", "private", "holding", "unitary",
    "republican", "municipal", "international", "regional", "the", "a", "our", "this", "that", "its", "their",
    "his", "her", "new", "main", "central", "general", "executive", "permanent", "joint-stock", "supreme",
}
# "the Government of Belarus", "Russian Government": a country acting, annotated as optional at best.
_GENERIC_GOVERNMENT = re.compile(
    r"^(?:(?:the\s+)?(?:Government|Cabinet(?:\s+of\s+Ministers)?)\s+of\s+.+|\w+(?:['’]s|['’])?\s+(?:Government|government|Cabinet)|"
    r"[Пп]равительств\w*\s+.+)$"
)
# "Council of Heads of Government of the SCO": an organization named inside a longer name.
_JOINED_BEFORE = re.compile(r"\b(?:of|of\s+the|between\s+the|and\s+the|and)\s*$|\b[а-яё]+\s*$")
_NOT_ORG_HEADS = re.compile(r"^(?:Government|Cabinet)\b|\b(?:Government|Cabinet of Ministers)$")
_LEGAL = "OJSC|JSC|CJSC|PJSC|OJSHC|LLC|LLP|Ltd|Inc|PLC|OJC|GmbH|OOO|TOO|ОАО|ЗАО|ООО|ПАО|АО|ИООО|ОДО|УП|ТОО|ОсОО|ОАХК"
_QUOTED = r"[«\"“„]([^»\"”“\n]{2,70})[»\"”“]"
_LEGAL_BEFORE = re.compile(rf"\b(?:{_LEGAL})\s+(?:{_QUOTED}|({_CAPSEQ}))")
_LEGAL_THEN = re.compile(rf"\b(?:{_LEGAL})\b,?\s+(?:and\s+)?")
# "Limited" only after a name: before one it is the start of "Limited Liability Company".
_LEGAL_TRAILING = f"{_LEGAL}|Limited"
_LEGAL_AFTER = re.compile(rf"({_CAPSEQ}),?\s(?:{_LEGAL_TRAILING})\b")
_LOWER_ORG_NOUN = re.compile(
    rf"\b((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,2}})(?:\s+and\s+((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,2}}))?\s+"
    r"(companies|company|corporation|concern|holding|technopark|bank|group|plant|enterprise|firm)\b"
)
_APPOSITION = re.compile(
    r"\b(?:company|developer|firm|operator|producer|manufacturer|maker|holding|concern|giant|carrier|subsidiary|"
    r"lender|miner|exporter|importer|contractor|start-?up|conglomerate|corporation|group)\s+"
    rf"((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,3}})"
)
_APPOSITION_WORDS = _Words.of(
    "company|developer|firm|operator|producer|manufacturer|maker|holding|concern|giant|carrier|subsidiary|lender|miner|"
    "exporter|importer|contractor|start-?up|conglomerate|corporation|group"
)
# Regional administrations of Central Asia: "the khokimiyat of Tashkent region", "Kostanay region akimat".
_ADMINISTRATION = re.compile(
    rf"\b(?:(khokimiyat|hokimiyat|akimat|akimiat)\s+of\s+(?:the\s+)?((?:{_CAPWORD})(?:\s{_CAPWORD})?)(?:\s+(region|city|oblast|district))?|"
    rf"((?:{_CAPWORD})(?:\s{_CAPWORD})?)\s+(region|city|oblast)\s+(khokimiyat|hokimiyat|akimat))\b"
)
_POSSESSIVE_NAME = re.compile(rf"\b([A-Z][a-z]+)['’]s\s+((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,2}})(?=\s+(?:\(|[a-z])|[,.;:])")
_ADMINISTRATION_WORDS = _Words.of("khokimiyat|hokimiyat|akimat|akimiat")
_LEGAL_WORDS = _Words.of(_LEGAL)
_LEGAL_TRAILING_WORDS = _Words.of(_LEGAL_TRAILING)
_NAME_NEXT = re.compile(r"\s+(?:[A-Z«\"“])")
_LOWER_NOUN_WORDS = _Words.of("companies|company|corporation|concern|holding|technopark|bank|group|plant|enterprise|firm")
_RU_ADJ = r"[а-яё]+(?:-[а-яё]+)?(?:ий|ый|ой|ая|ое|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ей|ою)"
_RU_ADJECTIVE_ORG = re.compile(
    rf"(?<![\w-])[А-ЯЁ]{_RU_ADJ}(?:\s+{_RU_ADJ}){{0,3}}\s+"
    r"(?:университет|академи|институт|комбинат|завод|фабрик|облисполком|горисполком|райисполком|исполком|"
    r"корпораци|холдинг|ассоциаци|агентств|банк|фонд)\w*\b"
)
# Compared with token keys, which fold й to и.
_RU_GENERIC_ADJECTIVES = {fold(a) for a in (
    "государственный", "национальный", "федеральный", "международный", "центральный", "новый", "главный", "крупный",
    "совместный", "другой", "каждый", "такой", "первый", "второй",
)}
_ACRONYM_DEF = re.compile(r"\(([A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё&\-]{1,9})\)")
_NOT_NAMES = {
    "it", "ict", "ai", "gdp", "usd", "eur", "rub", "covid", "covid-19", "ceo", "mou", "memorandum", "agreement",
    "treaty", "programme", "program", "protocol", "declaration", "strategy", "plan", "concept", "road", "map",
    "summit", "forum", "exhibition", "conference", "session", "meeting", "round", "table", "festival", "week",
    "expo", "fair", "games", "olympics", "day", "year", "decade", "west", "east", "north", "south",
}
# Given names that are also common words of organization names.
_NOT_GIVEN_IN_ORGS = {"international", "national", "federal", "state", "union", "central", "grand", "royal", "general"}
_CALENDAR = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    "August|September|October|November|December"
)
_EVENT_WORDS = {"forum", "summit", "exhibition", "conference", "session", "meeting", "expo", "fair", "festival", "games", "week", "show", "congress", "olympiad"}

# --- people ------------------------------------------------------------------------------------------

TITLE_WORDS = (
    r"President|Presidents|Prime\s+Minister|Prime\s+Ministers|Premier|Vice[\s-]Premier|Vice[\s-]President|(?:Deputy\s+|First\s+Deputy\s+)?PM|"
    r"(?:Deputy\s+|First\s+Deputy\s+|Vice\s+)?(?:Prime\s+)?Minister|Foreign\s+Minister|Chairman|Chairwoman|"
    r"Chairperson|Chair|Vice[\s-]Chairman|Director(?:[\s-]General)?|Secretary(?:[\s-]General)?|"
    r"Executive\s+Secretary|State\s+Secretary|Speaker|Ambassador|Governor|Mayor|Head|CEO|Chief|"
    r"[Ss]pokes(?:man|woman|person)|[Aa]ide|[Aa]dviser|[Aa]dvisor|King|Emir|Sheikh|Chancellor|Senator|"
    r"Commissioner|Ombudsman|Prosecutor[\s-]General|General|Colonel|Patriarch|Dato|Datuk|Mr|Mrs|Ms|Dr|"
    r"Envoy|Representative|Rector|Founder|Owner|Member|Leader|leader|President-elect|Minister-Counsellor|"
    r"[Pp]resident|[Pp]rime\s+[Mm]inister|[Mm]inister|[Cc]hairman|[Dd]irector|[Ss]ecretary|[Gg]overnor|[Hh]ead"
)
# The look-ahead: the letters a title begins with (see places._EVENT): the engine then skips the
# other places at once instead of trying every title there.
_TITLE_RE = re.compile(rf"(?=[ACDEFGHKLMOPRSVacdghlmps])\b(?:{TITLE_WORDS})\b\.?")
# ", Director General of ...": a title after a name (with the rest of its clause)
_TITLE_AFTER = re.compile(rf",\s+(?:the\s+)?(?:\w+\s+){{0,3}}?(?:{TITLE_WORDS})\b")
_TITLE_CLAUSE_AFTER = re.compile(rf",\s+(?:the\s+)?(?:[\w’'\-&]+\s+){{0,3}}?(?:{TITLE_WORDS})\b[^,.;\n]*")
# Not part of an organization's name: a weekday or month after it ("Jogorku Kenesh on Wednesday"),
# a job title in a list ("..., Deputy Minister of ...", "..., Deputy Head of ..."), a complement of
# demonyms ("on the Kazakh-Uzbek"), a possessive after "and" ("... of Uzbekistan and Uzbekistan's participation").
_NOT_PART_OF_NAME = re.compile(
    rf"\s+(?:on|in)\s+(?:{_CALENDAR})\b|\s+and\s+(?:the\s+)?[A-Z][\w\-]*['’]s$|,\s+(?:(?:Deputy|First\s+Deputy|Acting|Former|Vice)\s+)?(?:{TITLE_WORDS})\b|\s+(?:on|of|in)\s+the\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)+$"
)
_RU_TITLE_RE = re.compile(
    r"(?i)\b(?:президент\w*|премьер(?:-министр)?\w*|вице-премьер\w*|министр\w*|председател\w*|глав[аыуе]|"
    r"секретар\w*|заместител\w*|спикер\w*|посол|посла|губернатор\w*|мэр\w*|директор\w*|руководител\w*|"
    r"генсек\w*|помощник\w*|пресс-секретар\w*)\b"
)
# Endings that mark a surname of the region strongly enough to take "Xxx Yyyov" as a person.
_SURNAME_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yov|yova|yan|ian|enko|enka|uk|yuk|chuk|ich|vich|sky|ski|skiy|skaya|dze|shvili|"
    r"zoda|zade|zada|uly|kyzy|bekov|baev|aev|iev|yev|yeva|ovich|evich|ovna|evna)$"
)
_INITIAL_NAME = re.compile(r"(?<![\w.])((?:[A-ZА-ЯЁ]\.\s?){1,2})([A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?)\b")
_STOP_CAPS = {
    "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "as", "by", "for", "from", "with", "and",
    "but", "or", "of", "to", "after", "before", "during", "following", "according", "also", "then", "there",
    "here", "it", "its", "he", "she", "they", "we", "i", "our", "his", "her", "their", "today", "yesterday",
    "meanwhile", "furthermore", "moreover", "however", "besides", "last", "next", "first", "second", "third",
    "new", "particular", "special", "key", "what", "which", "who", "when", "where", "why", "how", "all",
    "both", "each", "every", "many", "several", "some", "such", "other", "another", "one", "two", "three",
    "mr", "mrs", "ms", "dr", "sir", "prime", "minister", "president", "deputy", "chairman", "secretary",
    "general", "director", "head", "speaker", "ambassador", "governor", "english", "russian", "note",
    "photo", "source", "read", "more", "based", "despite", "while", "since", "until", "under", "over",
    "within", "without", "between", "among", "through", "via", "per", "upon", "about", "above", "below",
    "state", "union", "republic", "federation", "council", "committee", "ministry", "government", "cabinet",
    "в", "на", "и", "по", "с", "о", "об", "к", "у", "за", "из", "для", "как", "это", "так", "что", "при",
    "вчера", "сегодня", "перед", "после", "также", "однако", "кроме", "согласно",
}
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_STATE_NOUNS = re.compile(
    r"^\s+(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Ee]conomy|[Ff]inance|[Ii]ndustry|[Tt]rade|[Ee]nergy|[Tt]ransport|"
    r"[Aa]griculture|[Jj]ustice|[Hh]ealth|[Ee]ducation|[Dd]eputy|[Ff]irst|[Vv]ice|[Pp]rime)\s+)*"
    r"(?:[Pp]resident|[Pp]rime\s+[Mm]inister|[Pp]remier|[Mm]inister|[Mm]inistry|[Gg]overnment|[Dd]elegation|"
    r"[Ss]ide|[Aa]uthorities|[Ll]eader|[Cc]ounterpart|[Pp]arliament|[Oo]fficials?|[Aa]mbassador|[Ee]mbassy|"
    r"[Aa]rmy|[Aa]rmed\s+[Ff]orces|[Mm]ilitary|[Tt]roops|[Cc]abinet|[Hh]ead\s+of\s+[Ss]tate|[Cc]hairman|"
    r"[Ss]peaker|[Ee]nvoy|[Dd]iplomats?|[Ss]pokes(?:man|woman|person)|[Pp]artners?|[Pp]arty|[Cc]ounterparts|"
    r"[Ll]eadership|[Pp]residency|[Ss]tate|[Ss]tates|[Pp]eople|[Nn]ation)\b"
)
_RU_STATE_NOUNS = re.compile(r"^\s+(?:президент|премьер|министр|правительств|делегаци|сторон|власт|мид|посол|посольств|руководств|лидер|парламент)", re.I)


_KINDS = ("organization", "person", "country")


@dataclass(slots=True)
class Mention:
    kind: str  # "organization" | "person" | "country"
    start: int
    end: int
    surface: str
    rule: str
    entity: Entity | None = None
    name: str = ""
    """Canonical name for an entity the data file does not know (filled by grouping)."""
    in_title: bool = False
    link: "Mention | None" = None
    """For a surname alone: the mention that names the person in full."""


@dataclass
class EntityResult:
    organizations: list[Finding] = field(default_factory=list)
    people: list[Finding] = field(default_factory=list)
    countries: list[Finding] = field(default_factory=list)
    agencies: list[Entity] = field(default_factory=list)
    org_spans: list[tuple[int, int]] = field(default_factory=list)
    """Where organizations are named (a place inside one is part of its name)."""
    person_spans: list[tuple[int, int]] = field(default_factory=list)


def find_entities(doc: Document, gaz: Gazetteer) -> EntityResult:
    scan = _Scan(doc, gaz)
    scan.run()
    return EntityResult(
        organizations=_group_orgs(scan),
        people=_group_people(scan),
        countries=_group_countries(scan),
        agencies=scan.agencies,
        org_spans=[(m.start, m.end) for m in scan.mentions if m.kind == "organization"],
        person_spans=[(m.start, m.end) for m in scan.mentions if m.kind == "person"],
    )


# --- the scan ---------------------------------------------------------------------------------------

_FIRST = itemgetter(0)


class _Scan:
    def __init__(self, doc: Document, gaz: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gaz
        self.text = doc.flow
        self.spans = doc.spans()
        self.body_spans = doc.spans(include_headline=_headline_is_sentence(doc))
        self.mentions: list[Mention] = []
        self.agencies: list[Entity] = []
        self.acronyms: dict[str, str] = {}  # ACR -> full name (defined in the text)
        self.not_orgs: set[str] = set()  # acronyms defined as something else ("MOU")
        self._source_spans: list[tuple[int, int]] = []  # news agencies named as the source ("Trend reports")
        self.tokens: list[Token] = []
        self.keys: list[str] = []
        self._clear_marks()
        self._span_of: list[int] = []  # per token: the index of its span
        for k, (start, end) in enumerate(self.spans):
            toks = tokens(self.text, start, end)
            self.tokens += toks
            self._span_of += [k] * len(toks)
        self.keys = token_keys(self.tokens)
        self._starts = [t.start for t in self.tokens]
        self._token_texts = list(map(_FIRST, self.tokens))
        # Per token: capitalised (Latin or Cyrillic). map() over C functions: no bytecode per token.
        self._capitalised = list(map(str.isupper, map(_FIRST, self._token_texts)))
        self._anchors: dict[_Words, list[tuple[int, int]]] | None = None

    def run(self) -> None:
        self._data_file_names()
        self._acronym_definitions()
        self._org_rules()
        self._resolve_org_overlaps()
        if self._rule_names_again():
            self._resolve_org_overlaps()
        self._countries()
        self._dateline_country()
        self._people()
        self._title_spans()
        self._anaphora()

    # -- 1. names and aliases from the data file
    def _data_file_names(self) -> None:
        toks, keys = self.tokens, self.keys
        starts = self.gaz.index.trie
        after = 0  # the end of the last name found: names do not overlap
        for i in list(compress(range(len(keys)), map(starts.__contains__, keys))):  # most words begin no name of the data file
            if i < after:
                continue
            hit = self.gaz.index.longest_at(toks, i, keys)
            if not hit or self._span_of[i] != self._span_of[i + hit[0] - 1]:
                continue  # a name does not run from the headline into the story
            n, entries = hit
            after = i + n
            start, end = toks[i].start, toks[i + n - 1].end
            entity = _prefer(entries, self.text, start)
            surface = self.text[start:end]
            if entity.kind == "country" and _CURRENCY.match(self.text, end, end + 10):
                continue  # "410 million US dollars"
            if entity.kind == "organization" and _GENERIC_GOVERNMENT.match(surface):
                self._countries_inside(i, i + n)  # "the Government of Belarus" still names Belarus
                continue
            if entity.kind == "organization" and entity.role == "agency" and _is_attribution(self.text, start, end):
                if entity not in self.agencies:
                    self.agencies.append(entity)
                self._source_spans.append((start, end))
            elif entity.kind == "person" and n == 1 and (toks[i].text[:1].islower() or self._other_given_name_before(i, entity)):
                pass  # "Alexey Borodin" is not the data file's Pavel Borodin
            else:
                self._add(Mention(entity.kind, start, end, surface, "data file: name or alias", entity))
                if entity.kind == "organization" and n > 1:
                    self._countries_inside(i, i + n)

    def _dateline_country(self) -> None:
        """'BAKU, Azerbaijan, May 14.': the dateline names a country too."""
        dl = self.doc.dateline
        if dl is None:
            return
        m = re.match(r"\s*,\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*[,.]", self.text[dl.city_end : dl.end])
        if m:
            country = self._country_named(m.group(1))
            if country is not None:
                s = dl.city_end + m.start(1)
                self._add(Mention("country", s, s + len(m.group(1)), m.group(1), "country in the dateline", country))

    def _countries_inside(self, first: int, stop: int) -> None:
        """'Ministry of Justice of the Russian Federation' and 'Azerbaijan Railways' name a country too."""
        j = first
        while j < stop:
            hit = self.gaz.index.longest_at(self.tokens, j, self.keys, stop)
            country = next((e.entity for e in hit[1] if e.entity.kind == "country"), None) if hit else None
            if country is not None:
                s, e = self.tokens[j].start, self.tokens[j + hit[0] - 1].end
                self._add(Mention("country", s, e, self.text[s:e], "country named inside an organization's name", country))
                j += hit[0]
            else:
                j += 1

    def _other_given_name_before(self, i: int, person: Entity) -> bool:
        if i == 0:
            return False
        prev = self.tokens[i - 1]
        if self.text[prev.end : self.tokens[i].start] != " " or not prev.is_cap:
            return False
        given = fold(russian.nominative(prev.text)) if prev.is_cyrillic else fold(prev.text)
        if given not in self.gaz.given_names and not (prev.is_cyrillic and "Name" in russian.name_tags(prev.text)):
            return False
        known = {fold(a.split()[0]) for a in (person.name, *person.aliases) if len(a.split()) > 1}
        return given not in known

    # -- 2. "Full Name (ACR)"
    def _acronym_definitions(self) -> None:
        for start, end in self.body_spans:
            for m in _ACRONYM_DEF.finditer(self.text, start, end):
                acr = m.group(1)
                if CYRILLIC_RE.search(acr) and sum(c.isupper() for c in acr) < 2:
                    continue  # "(Славянский)": a word in brackets, not an acronym like "(УрФУ)"
                full = _name_before(self.text, m.start(), start, acr)
                if not full:
                    continue
                full_name, full_start = full
                self.acronyms[acr] = full_name
                if not _is_org_name(full_name):
                    self.not_orgs.add(acr)
                    continue
                if not self._covered(full_start, m.start() - 1, "organization"):
                    self._add(Mention("organization", full_start, full_start + len(full_name), full_name, "acronym definition: Full Name (ACR)"))
        # An acronym defined in the text stands for its full name wherever it is used alone.
        if not self.acronyms:
            return
        for start, end in self.body_spans:
            for acr, full in self.acronyms.items():
                if acr in self.not_orgs or not _is_org_name(full):
                    continue
                for m in re.finditer(rf"(?<![\w(]){re.escape(acr)}(?![\w)])", self.text[start:end]):
                    s = start + m.start()
                    if not self._covered(s, s + len(acr), "organization"):
                        self._add(Mention("organization", s, s + len(acr), acr, f"acronym defined in the text: {acr} = {full}"))

    # -- 3. general organization rules
    def _org_rules(self) -> None:
        legal, legal_after, heads, appositions, administrations, lower_nouns = (
            self.words_at(w) for w in (_LEGAL_WORDS, _LEGAL_TRAILING_WORDS, _HEAD_WORDS, _APPOSITION_WORDS, _ADMINISTRATION_WORDS, _LOWER_NOUN_WORDS)
        )
        for start, end in self.body_spans:
            chunk = self.text[start:end]
            if CYRILLIC_RE.search(chunk):
                self._russian_orgs(start, end)
                self._russian_adjective_orgs(start, end)
            for m in matches_at(_LEGAL_BEFORE, (s for s, _ in _in_chunk(legal, start, end)), chunk):
                name = m.group(1) or m.group(2)
                s = start + (m.start(1) if m.group(1) else m.start(2))
                self._add_org(name, s, "legal form before a name (JSC «X»)")
            for m in _near(_LEGAL_AFTER, _in_chunk(legal_after, start, end), chunk, starts=_UPPER_LATIN):
                if _NAME_NEXT.match(chunk, m.end()):
                    continue  # "Russia's OJSC Sibur": the legal form belongs to the name after it
                name = _trim_caps(re.sub(r"^.*['’]s\s+|['’]s$", "", m.group(1)))
                if name:
                    s = start + m.end(1) - len(name)
                    self._add_org(name, s, "legal form after a name (X, OJSC)")
            for m in _near(_ORG_PHRASE, _in_chunk(heads, start, end), chunk, starts=_UPPER_LATIN):
                for name, s in _split_org_phrase(m.group(), start + m.start(), self.gaz):
                    self._add_org(name, s, "organization head-word phrase (Ministry of X, Y University)")
            for m in matches_at(_APPOSITION, (s for s, _ in _in_chunk(appositions, start, end)), chunk):  # a match begins with its anchor word
                name = m.group(1)
                if not self._is_person_or_title(name) and key(name) not in _NOT_NAMES:
                    self._add_org(name, start + m.start(1), f"name after '{m.group().split()[0]}' (company QazaqGaz)")
            # The regex is tried at every character; it needs an "'s", which most paragraphs lack.
            possessives = _POSSESSIVE_NAME.finditer(chunk) if "'s" in chunk or "’s" in chunk else ()
            for m in possessives:
                owner, name = m.group(1), m.group(2)
                if self._is_country_or_demonym(owner) and not self._is_person_or_title(name) and not _HEAD_RE.search(name) \
                        and not self._is_country_or_demonym(name.split()[0]) and key(name) not in _NOT_NAMES and not self.gaz.is_place(name):
                    self._add_org(name, start + m.start(2), "name after a country's possessive (Russia's Power Machines)")
            for m in _near(_ADMINISTRATION, _in_chunk(administrations, start, end), chunk):
                if m.group(1):
                    name = f"{m.group(2)} {m.group(3) or ''} {m.group(1)}".replace("  ", " ")
                else:
                    name = f"{m.group(4)} {m.group(5)} {m.group(6)}"
                self._add_org(name, start + m.start(), "regional administration (khokimiyat of X region)", surface_len=m.end() - m.start())
            for m in _near(_LOWER_ORG_NOUN, _in_chunk(lower_nouns, start, end), chunk, starts=_UPPER_LATIN):
                for g in (1, 2):
                    name = m.group(g)
                    if name and (g == 2 or m.group(2) or m.group(3) in ("company", "corporation", "concern", "holding", "technopark", "bank", "plant")):
                        name = _trim_caps(name)
                        if name and key(name) not in _NOT_NAMES and not self._is_country_or_demonym(name):
                            s = start + m.start(g) + m.group(g).find(name)
                            self._add_org(name, s, f"name before '{m.group(3)}'")

    def _russian_orgs(self, start: int, end: int) -> None:
        """Russian organization names start with a capitalised head noun in any case: 'Совета министров ...'."""
        rx = re.compile(r"\b(Совет\w*|Комитет\w*|Министерств\w*|Комисси\w*|Организаци\w*|Банк\w*|Фонд\w*|Ассамбле\w*|Суд\w*|Палат\w*)"
                        r"((?:\s+(?:[а-яё\-]+|[А-ЯЁ][\w\-]*|\([^)]{1,40}\))){1,8})")
        for m in rx.finditer(self.text, start, end):
            words = m.group(2).split()
            # Keep words up to the last capitalised one or a genitive chain; stop at verbs/prepositions.
            kept: list[str] = []
            pos = m.start(2)
            for w in words:
                pos = self.text.index(w, pos)
                if self._person_alias_at(pos):
                    break
                if w.lower() in ("в", "на", "и", "по", "с", "о", "при", "для", "под", "как", "что", "который"):
                    break
                if w[:1].isupper() and russian.name_tags(w.strip("()")) & {"Name", "Surn", "Patr"} and not russian.name_tags(w.strip("()")) & {"Geox", "Orgn"}:
                    break  # "... Китайской Народной Республики Ли Кэцян": a person begins
                if russian.analyse(w.strip("()").lower())[1] & {"VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "CONJ", "PREP", "NUMR"}:
                    break  # "Совет одобрил ...": the name ended before the verb
                kept.append(w)
            while kept and not (kept[-1][:1].isupper() or kept[-1].startswith("(") or russian.analyse(kept[-1])[1] & {"gent"}):
                kept.pop()
            if not kept or not any(w[:1].isupper() for w in kept):
                continue
            head = russian.nominative(m.group(1))
            name = squash(" ".join([head[:1].upper() + head[1:], *kept]))
            self._add_org(name, m.start(), "Russian organization name (Совет ... Государства)", surface_len=m.start(2) + len(" ".join(m.group(2).split()[: len(kept)])) - m.start() + 1)

    def _russian_adjective_orgs(self, start: int, end: int) -> None:
        """Russian names that open with a capitalised adjective and end in the head noun, in any
        case: 'Уральский федеральный университет', 'с Гомельским облисполкомом'."""
        for m in _RU_ADJECTIVE_ORG.finditer(self.text, start, end):
            opens_sentence = m.start() == start or _SENTENCE_OPENS.search(self.text, max(start, m.start() - 3), m.start())
            if opens_sentence and not _RU_PLACE_ADJECTIVE.search(m.group().split()[0]):
                continue  # "Аналогичный завод откроют ...": a capital that opens a sentence says nothing,
                # unless the adjective is made from a place ("Уральский федеральный университет подписал ...")
            words = tuple(m.group().split())
            name = russian.phrase_nominative(words)
            if name is None:
                continue  # not an agreeing adjectives + singular noun phrase ("Российские компании")
            tail = _genitive_tail(self.text, m.end(), end, words[-1])  # "Черноморский банк торговли и развития"
            adjectives = [token_key(w) for w in words[:-1]]
            if len(words) == 2 and adjectives[0] in self.gaz.demonyms and not tail:
                continue  # "Китайская компания": a description (not "Российский университет дружбы народов")
            if all(a in _RU_GENERIC_ADJECTIVES for a in adjectives) and not tail:
                continue  # "Государственная корпорация «Роскосмос»": a description, the name follows
            name = f"{name} {tail}" if tail else name
            self._add_org(name, m.start(), "Russian organization name (Уральский федеральный университет)",
                          surface_len=m.end() - m.start() + (len(tail) + 1 if tail else 0))

    def _is_owner(self, word: str) -> bool:
        """A word before "'s" that owns the organization rather than names it: a country, a place,
        an entity of the data file or an organization's head word ("Russia's", "Tashkent's",
        "Gazprom's", "the Commission's"); not "People's Bank", "Prosecutor's Office"."""
        return bool(
            self._is_country_or_demonym(word) or _HEAD_RE.fullmatch(word) or self.gaz.is_place(word) or self._exact_entities(word)
        )

    def _is_person_or_title(self, name: str) -> bool:
        """A name that is a person ('developer Ivan Petrov'), a title or a country, not a company."""
        words = name.split()
        if _TITLE_RE.match(name) or self._is_country_or_demonym(words[0]):
            return True
        if fold(words[0]) in self.gaz.given_names and len(words) >= 2:
            return True
        return any(e.kind == "person" for e in self._exact_entities(name))

    def _person_alias_at(self, pos: int) -> bool:
        """A data-file person's name starts at this offset."""
        i = bisect.bisect_left(self._starts, pos)
        if i == len(self._starts) or self._starts[i] != pos:
            return False
        hit = self.gaz.index.longest_at(self.tokens, i, self.keys)
        return bool(hit) and any(e.entity.kind == "person" for e in hit[1])

    def _add_org(self, name: str, start: int, rule: str, surface_len: int | None = None) -> None:
        written = name
        # "Kazakhstan's Ministry of ..." -> "Ministry of ...", but "People's Bank", "Prosecutor's Office"
        possessor = _POSSESSOR.match(name)
        skip = possessor.end() if possessor and self._is_owner(possessor.group(1)) else 0
        name = _TRAILING_POSSESSIVE.sub("", strip_quotes(name[skip:]))  # "the Ministry of Energy's plan"
        name = " ".join(w for w in name.split() if key(w) not in LEGAL_FORMS).strip(" ,.-")
        name = _LEADING_THE.sub("", name)
        if name.endswith("-based"):
            return  # "Shanghai-based": an adjective
        if not name or len(name) < 2:
            return
        words = name.split()
        if key(name) in _NOT_NAMES or words[0].casefold() in _NOT_NAMES or words[-1].casefold() in _NOT_NAMES:
            return
        if _NOT_ORG_HEADS.search(name):
            return
        if any(w.casefold() in _EVENT_WORDS for w in words):
            return
        if self._is_country_or_demonym(name):
            return
        head = _HEAD_RE.search(name)
        if head and rule.startswith("organization head-word"):
            mods = [w for w in name[: head.start()].split()]
            has_comp = bool(name[head.end():].strip())
            if not has_comp and all(w.casefold() in _GENERIC_MODIFIERS for w in mods):
                return  # "State Corporation", "the Commission": a description, not a name
        if surface_len is None:  # the span of the name itself, not of "China's" or "the" before it
            start += skip + max(0, written.find(words[0], skip) - skip)
        end = start + (surface_len if surface_len is not None else len(name))
        if any(s < end and start < e for s, e in self._source_spans):
            return  # "Kazinform News Agency correspondent reports": the source, not an actor
        self._add(Mention("organization", start, end, name, rule))

    def _resolve_org_overlaps(self) -> None:
        """Keep the longest organization at each place; a data-file name wins a tie."""
        orgs = [m for m in self.mentions if m.kind == "organization"]
        others = [m for m in self.mentions if m.kind != "organization"]
        orgs.sort(key=lambda m: (m.start, -(m.end - m.start), m.entity is None))
        kept: list[Mention] = []
        nested: list[Mention] = []
        for m in orgs:
            if kept and m.start < kept[-1].end:
                prev = kept[-1]
                if m.entity is not None and prev.entity is None and self._same_name_longer(m, prev):
                    kept[-1] = m
                elif m.entity is not None and m.end <= prev.end and (
                    _JOINED_BEFORE.search(self.text[prev.start : m.start])
                    or (m.start == prev.start and m.surface.isupper() and len(m.surface) <= 6 and prev.rule.startswith("organization head-word"))  # "CSTO Secretariat"
                ):
                    nested.append(m)  # "Council of Heads of Government of the SCO" names the SCO too
                continue
            kept.append(m)
        kept += nested
        # People and countries inside an organization's name are not mentions of their own
        # ("Plant named after S.M. Kirov"), except countries ("Ministry of Industry of Belarus").
        def inside_org(p: Mention) -> bool:
            return any(o.start <= p.start and p.end <= o.end and o is not p for o in kept)

        self.mentions = []
        self._clear_marks()
        for m in kept + [m for m in others if m.kind == "country" or not inside_org(m)]:
            self._add(m)

    def _rule_names_again(self) -> bool:
        """A name a rule found once ('ADY Container LLC') names that organization wherever it
        recurs, even without the clue ('Director of ADY Container Elvin Huseynov'). -> any added."""
        orgs = [m for m in self.mentions if m.kind == "organization"]
        names = {m.surface for m in orgs if m.entity is None and " " in m.surface}
        added = False
        for name in sorted(names):
            for start, end in self.body_spans:
                s = self.text.find(name, start, end)
                while s >= 0:
                    e = s + len(name)
                    whole_words = not _is_word_char(self.text[s - 1 : s] or " ") and not _is_word_char(self.text[e : e + 1] or " ")
                    inside_org = any(o.start <= s and e <= o.end for o in orgs)
                    if whole_words and not inside_org and not self._covered(s, e, "person"):
                        self._add(Mention("organization", s, e, name, "organization name found elsewhere in the text"))
                        added = True
                    s = self.text.find(name, e, end)
        return added

    def _same_name_longer(self, known: Mention, rule: Mention) -> bool:
        """A rule phrase that is a known name plus a description before it ('State Corporation
        Rosatom') or plus countries after it ('Совет министров Союзного государства Белоруссии')."""
        if rule.rule.startswith("legal form"):
            return False  # 'ОсОО «Газпром Кыргызстан»': a company's registered name is its own
        before = self.text[rule.start : known.start].split()
        after = self.text[known.end : rule.end]
        if not all(w.casefold() in _GENERIC_MODIFIERS or _HEAD_RE.fullmatch(w) for w in before):
            return False
        rest = [w for w in re.findall(r"[\w\-]+", after) if w.casefold() not in ("и", "and", "of", "the")]
        return all(self._is_country_or_demonym(w) for w in rest)

    # -- 4. countries beyond names: demonyms of state actors, hyphenated pairs, typos
    def _countries(self) -> None:
        demonyms = self.gaz.demonyms
        countries = self._marks["country"]
        # Demonyms, names and typos are capitalised (Russian adjectives excepted).
        wanted = map(or_, self._capitalised, map(demonyms.__contains__, self.keys))
        for i in list(compress(range(len(self.tokens)), wanted)):
            tok, k = self.tokens[i], self.keys[i]
            text = tok.text
            if not text[0].isupper() and not tok.is_cyrillic:
                continue
            if countries.find(1, tok.start, tok.end) >= 0:
                continue  # already named
            country = demonyms.get(k)
            if country:
                after = self.text[tok.end : tok.end + 40]
                rx = _RU_STATE_NOUNS if tok.is_cyrillic else _STATE_NOUNS
                if rx.match(after):
                    self._add(Mention("country", tok.start, tok.end, tok.text, "demonym of a state actor (Kazakh President)", country))
                continue
            if "-" in text:
                pos = tok.start
                for part in tok.text.split("-"):
                    hit = self._country_named(part)
                    if hit:
                        self._add(Mention("country", pos, pos + len(part), part, "country in a hyphenated pair (Belarus-Russia)", hit))
                    pos += len(part) + 1
                continue
            if len(text) >= 7 and not self._covered(tok.start, tok.end):
                hit = self._country_typo(tok.text)
                if hit:
                    self._add(Mention("country", tok.start, tok.end, tok.text, "country name with a typo", hit))

    def _country_named(self, word: str) -> Entity | None:
        toks = tokens(word)
        if not toks:
            return None
        hit = self.gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks])
        if hit and hit[0] == len(toks):
            ent = hit[1][0].entity
            return ent if ent.kind == "country" else None
        return None

    def _country_typo(self, word: str) -> Entity | None:
        """'Kygyzstan' is Kyrgyzstan: one letter added, dropped or changed (names of 7+ letters)."""
        return self.gaz.remember("country typo", word, self._find_country_typo)

    def _find_country_typo(self, word: str) -> Entity | None:
        w = fold(word)
        if not w.isalpha():
            return None
        variants = self.gaz.country_typos
        hit = variants.get(w)
        if hit is None:
            hit = next((variants[d] for d in _deletions(w) if d in variants), None)
        return hit if hit is not None and fold(hit.name) != w else None

    def _is_country_or_demonym(self, name: str) -> bool:
        k = key(name)
        if token_key(name) in self.gaz.demonyms:
            return True
        return any(e.kind == "country" for e in self._exact_entities(name)) or k in ("republic", "federation")

    def _exact_entities(self, name: str) -> list[Entity]:
        """The data file's entities named exactly `name`."""
        return self.gaz.remember("entities", name, self._find_exact_entities)

    def _find_exact_entities(self, name: str) -> list[Entity]:
        toks = tokens(name)
        if not toks:
            return []
        hit = self.gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks])
        return [e.entity for e in hit[1]] if hit and hit[0] == len(toks) else []

    # -- 5. people
    def _people(self) -> None:
        found = [m for m in self.mentions if m.kind == "person"]
        taken = bytearray(self._any)  # characters already in a mention
        cands: list[Mention] = []
        for start, end in self.body_spans:
            cands += self._name_sequences(start, end, taken)
            cands += self._initials(start, end, taken)
        for m in cands:
            self._add(m)
        found += cands
        self._surname_only(found)

    def _name_sequences(self, start: int, end: int, taken: bytearray) -> list[Mention]:
        """Runs of 2-4 capitalised words outside other mentions that read as a person's name."""
        out = []
        for m in _CAP_RUN.finditer(self.text, start, end):
            toks = self._span_tokens(m.start(), m.end())
            run: list[Token] = []
            for tok in [*toks, None]:  # None closes the last run
                if tok is not None and not taken[tok.start] and len(run) < 7:  # titles may come first
                    run.append(tok)
                    continue
                if len(run) >= 2:
                    found = self._person_in_run(run)
                    if found is not None:
                        out.append(found)
                        taken[found.start : found.end] = b"\x02" * (found.end - found.start)
                run = [tok] if tok is not None and not taken[tok.start] else []
        return out

    def _person_in_run(self, run: list[Token]) -> Mention | None:
        run = self._trim_run(run)
        if len(run) < 2:
            return None
        rule = self._person_evidence(run)
        if not rule:
            return None
        s, e = run[0].start, run[-1].end
        return Mention("person", s, e, self.text[s:e], rule)

    def _trim_run(self, run: list[Token]) -> list[Token]:
        # Leading words that are titles, sentence openers, places or acronyms are not part of a name.
        while run and (key(run[0].text) in _STOP_CAPS or _TITLE_RE.fullmatch(run[0].text) or self._is_place_word(run[0]) or run[0].is_upper
                       or self._demonym_before_title(run)):
            run = run[1:]
        # "Minister of Energy Jurabek Mirzamakhmudov": after a title's "of", the name is the last pair.
        if len(run) >= 3 and re.search(r"\bof\s+$", self.text[max(0, run[0].start - 4) : run[0].start]) and _SURNAME_SUFFIX.search(fold(run[-1].text)):
            run = run[-2:]
        # "Foreign Affairs Vladimir Makei": a known given name inside the run starts the name.
        for k in range(1, len(run) - 1):
            if self._is_given(run[k]) and not self._is_given(run[0]):
                run = run[k:]
                break
        while run and (key(run[-1].text) in _STOP_CAPS or fold(run[-1].text) in _MONTHS):
            run = run[:-1]
        return run[:4]

    def _demonym_before_title(self, run: list[Token]) -> bool:
        """'Russian Deputy Interior Minister ...': a demonym before a title is not part of a name
        (but 'German Zakharov' is a name)."""
        return len(run) > 1 and token_key(run[0].text) in self.gaz.demonyms and (
            key(run[1].text) in _STOP_CAPS or bool(_TITLE_RE.fullmatch(run[1].text))
        )

    def _is_given(self, tok: Token) -> bool:
        return fold(tok.text) in self.gaz.given_names or fold(tok.text.split("-")[0]) in self.gaz.given_names

    def _is_place_word(self, tok: Token) -> bool:
        k = fold(tok.text)
        return k not in self.gaz.given_names and self.gaz.is_place(tok.text) and not _SURNAME_SUFFIX.search(k)

    def _person_evidence(self, run: list[Token]) -> str | None:
        first, last = run[0], run[-1]
        if any(fold(t.text) in _MONTHS or key(t.text) in _NOT_NAMES for t in run):
            return None
        if self.gaz.is_place(self.text[first.start : last.end]):
            return None  # "Grand Kremlin Palace"
        if first.is_cyrillic:
            tags_first = russian.name_tags(first.text)
            tags_last = russian.name_tags(last.text)
            if "Name" in tags_first and not tags_last & {"Geox", "Orgn"}:
                return "Russian given name and surname (pymorphy3)"
            if "Surn" in tags_last and len(run) <= 3 and "Geox" not in tags_first and "Orgn" not in tags_first:
                return "Russian given name and surname (pymorphy3)"
            if len(run) <= 3 and russian.SURNAME_RE.search(last.text.casefold()) and not tags_first & {"Geox", "Orgn"} and (
                fold(transliterate(first.text)) in self.gaz.given_names or self._after_title(first.start)
            ):
                return "given name and a surname ending (-ов, -ев, -ин)"
            return None
        if any(t.is_upper and len(t.text) > 3 for t in run):
            return None
        if self._is_given(first):
            return "known given name + surname"
        if self._after_title(first.start):
            return "name after a title (President of X, Minister ...)"
        if self._before_title(last.end):
            return "name before a title (X, Director General of ...)"
        after_of = re.search(r"\b(?:of|for|the|in\s+charge\s+of)\s+$", self.text[max(0, first.start - 20) : first.start])
        if _SURNAME_SUFFIX.search(fold(last.text)) and len(run) == 2 and not after_of and not self.gaz.is_place(last.text):
            return "capitalised pair ending in a surname form (-ov, -yan, -enko ...)"
        return None

    def _after_title(self, pos: int) -> bool:
        """A title word right before pos, or a title and its complement made of known names only:
        'SCO Secretary-General Zhang Ming', 'President of the Republic of Cuba Miguel Diaz-Canel'.
        Not 'Minister of High-Tech Industry': words right after 'of' complete the title."""
        if re.search(r"\b(?:of|for|of\s+the|in\s+charge\s+of)\s+$", self.text[max(0, pos - 20) : pos]):
            return False
        floor = max(0, pos - 90)
        before = self.text[floor:pos]
        last = None
        for last in _TITLE_RE.finditer(before):
            pass
        if last is None:
            return False
        between = list(before[last.end() :])
        for m in self.mentions:
            if m.kind in ("organization", "country") and floor + last.end() <= m.start and m.end <= pos:
                for k in range(m.start - floor - last.end(), m.end - floor - last.end()):
                    between[k] = " "
        rest = "".join(between)
        # "Ambassador Extraordinary and Plenipotentiary of China to Belarus Xie Xiaoyong"
        return bool(re.fullmatch(r"(?:\s|,|\bof\b|\bthe\b|\bto\b|\bExtraordinary\s+and\s+Plenipotentiary\b)*", rest))

    def _before_title(self, pos: int) -> bool:
        after = self.text[pos : pos + 60]
        return bool(_TITLE_AFTER.match(after))

    def _initials(self, start: int, end: int, taken: bytearray) -> list[Mention]:
        out = []
        for m in finditer_at(_INITIAL_NAME, _INITIAL_START, self.text, start, end):
            s, e = m.start(), m.end()
            surname = m.group(2)
            if any(taken[s:e]) or key(surname) in _STOP_CAPS or fold(surname) in _MONTHS:
                continue
            if self.gaz.is_place(surname) and not self.gaz.surnames.get(token_key(surname)):
                continue
            out.append(Mention("person", s, e, squash(self.text[s:e]), "initials and surname (N. Pashinyan)"))
            taken[s:e] = b"\x02" * (e - s)
        return out

    def _surname_only(self, people: list[Mention]) -> None:
        """A lone capitalised word that is the surname of a person named in full is that person."""
        by_surname: dict[str, Mention] = {}
        for p in people:
            parts = p.surface.replace(".", ". ").split()
            if len(parts) >= 2:
                by_surname.setdefault(_surname_key(parts[-1]), p)
        if not by_surname:
            return
        # "Каримов said" after "Bakhtiyor Karimov": the person named in full in this text, not the
        # data file's namesake (Islam Karimov) that the lone surname matched.
        for p in people:
            full = by_surname.get(_surname_key(p.surface)) if p.entity is not None and len(p.surface.split()) == 1 else None
            if full is not None and full.entity is not p.entity and _person_name(full, self.gaz) != p.entity.name:
                p.entity, p.link, p.rule = None, full, "surname of a person named in full"
        covered = self._any
        for i in compress(range(len(self.tokens)), self._capitalised):  # a surname is capitalised
            tok = self.tokens[i]
            if covered[tok.start]:
                continue  # and not part of another mention
            k = _surname_key(tok.text)
            if k in by_surname:
                full = by_surname[k]
                self._add(Mention("person", tok.start, tok.end, tok.text, "surname of a person named in full", full.entity, link=full))

    # -- 6. job titles: organizations that occur only inside someone's title are not actors
    def _title_spans(self) -> None:
        people = [m for m in self.mentions if m.kind == "person"]
        spans = []
        for p in people:
            before_start = max(0, p.start - 110)
            before = self.text[before_start : p.start]
            clause_start = before_start + max(before.rfind(". "), before.rfind("; "), before.rfind("\n"), before.rfind(" by "), before.rfind(" with "), before.rfind(" and "), -1) + 1
            clause = self.text[clause_start : p.start]
            t = _TITLE_RE.search(clause) or (_RU_TITLE_RE.search(clause) if CYRILLIC_RE.search(clause) else None)
            if t:
                # Names of bodies written before the title word belong to it too ("EEC Board Chairman").
                spans.append((clause_start + max(0, t.start() - 40), p.start))
            after = self.text[p.end : p.end + 140]
            a = _TITLE_CLAUSE_AFTER.match(after)
            if a:
                spans.append((p.end, p.end + a.end()))
        for m in self.mentions:
            if m.kind == "organization":
                m.in_title = any(s <= m.start and m.end <= e for s, e in spans)

    def _add(self, m: Mention) -> None:
        self.mentions.append(m)
        ones = b"\x01" * (m.end - m.start)
        self._marks[m.kind][m.start : m.end] = ones
        self._any[m.start : m.end] = ones

    def _clear_marks(self) -> None:
        size = len(self.text) + 1
        self._marks = {kind: bytearray(size) for kind in _KINDS}  # per kind: the characters in a mention
        self._any = bytearray(size)  # characters in a mention of any kind

    def _anaphora(self) -> None:
        """'the Commission' after 'the Eurasian Economic Commission (EEC)' is that organization acting,
        even when its full name appeared only in someone's title."""
        orgs = sorted((m for m in self.mentions if m.kind == "organization"), key=lambda m: m.start)
        if not orgs:
            return
        the = self.words_at(_THE)
        for start, end in self.body_spans:
            for m in matches_at(_ANAPHOR, (start + s for s, _ in _in_chunk(the, start, end)), self.text, start, end):
                s, e = m.start(1), m.end(1)
                if self._covered(s, e, "organization"):
                    continue
                head = m.group(1).casefold().replace("organisation", "organization")
                before = [o for o in orgs if o.end <= s and head in _org_words(o)]
                if before:
                    ref = before[-1]
                    self.mentions.append(Mention("organization", s, e, ref.surface, f"'the {m.group(1)}': the organization named before", ref.entity))

    def _covered(self, start: int, end: int, kind: str | None = None) -> bool:
        return (self._marks[kind] if kind else self._any).find(1, start, end) >= 0

    def _span_tokens(self, start: int, end: int) -> list[Token]:
        return self.tokens[bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)]

    def words_at(self, words: _Words) -> list[tuple[int, int]]:
        """(start, end) of each of `words` in the text, in order: where `words.pattern` finds them,
        except inside a word ("Bank" of "EuroBank"), which rules anchored on words skip anyway."""
        if self._anchors is None:
            self._anchors = {}
            for word, span in self._find_anchors():
                for each in _ANCHOR_WORDS[word]:
                    self._anchors.setdefault(each, []).append(span)
        found = self._anchors.get(words, [])
        if words.phrases is None:
            return found
        # Phrases of several words, where the pattern finds them (inside a word too, like the
        # pattern), in place of the words they hold ("Office" of "Prosecutor's Office").
        phrases = [m.span() for start, end in self.spans for m in words.phrases.finditer(self.text, start, end)]
        if not phrases:
            return found
        return sorted([span for span in found if not any(s <= span[0] < e for s, e in phrases)] + phrases)

    def _find_anchors(self) -> list[tuple[str, tuple[int, int]]]:
        """(word, span) of every word of `_ANCHOR_WORDS` in the text, in order: one dict lookup per
        token (map() in C); a token with inner punctuation by its parts and runs of them ("Ministry"
        of "Ministry's", "start-up")."""
        toks, texts = self.tokens, self._token_texts
        plain = list(map(str.isalnum, texts))  # no inner punctuation
        found = [(texts[i], toks[i][1:]) for i in compress(range(len(toks)), map(_ANCHOR_WORDS.__contains__, texts)) if plain[i]]
        compound = [i for i in compress(range(len(toks)), map(not_, plain)) if not _ANCHOR_PARTS.isdisjoint(_WORD_RUN.findall(texts[i]))]
        for i in compound:
            text, offset = texts[i], toks[i].start
            parts = [m.span() for m in _WORD_RUN.finditer(text)]
            for a, (start, _) in enumerate(parts):
                for _, end in parts[a:]:
                    if text[start:end] in _ANCHOR_WORDS:
                        found.append((text[start:end], (offset + start, offset + end)))
        return sorted(found, key=itemgetter(1)) if compound else found


_ATTRIBUTION_BEFORE = re.compile(
    r"(?:according\s+to|as|cited\s+by|quoted\s+by|reported\s+by|told|to|by|via|source:?|сообщает|сообщил\w*|передает|передаёт|"
    r"по\s+данным|по\s+информации|как\s+сообщает|со\s+ссылкой\s+на)\s*[«\"“(]?\s*$",
    re.I,
)
_ATTRIBUTION_AFTER = re.compile(
    r"^\s*[»\"”)]?\s*(?:,\s*)?(?:(?:news\s+)?agency\s+)?(?:['’]s\s+)?(?:correspondent\s+|reporter\s+)?(?:reports?|reported|has\s+learned|learned|learnt|informs?|informed|writes|wrote|"
    r"says|said|was\s+informed|has\s+been\s+informed|quoted|cites?|сообща\w+|переда\w+|пишет)\b",
    re.I,
)


def _is_attribution(text: str, start: int, end: int) -> bool:
    """'BelTA has learned', 'Trend reports', 'As ARMENPRESS was informed', '(Kabar)': a news agency
    used as the source of the story, not an actor in it ('MIR signed a memorandum')."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        return True
    return bool(_ATTRIBUTION_BEFORE.search(before) or _ATTRIBUTION_AFTER.match(after))


def _in_chunk(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans (in text order) that begin in text[start:end], in that chunk's offsets."""
    if not spans:
        return spans
    first, stop = bisect.bisect_left(spans, (start,)), bisect.bisect_left(spans, (end,))
    return [(s - start, e - start) for s, e in spans[first:stop]]


def _near(rx: re.Pattern, anchors: list[tuple[int, int]], text: str, back: int = 120, ahead: int = 260, starts: re.Pattern | None = None):
    """Matches of `rx` that contain one of the `anchors` (spans of its key words), without running
    the expensive pattern at every position of the text: each is searched only around an anchor.
    `starts`: a cheap pattern that matches wherever a match of `rx` can begin; only those places
    are tried (text.finditer_at: the same matches as trying every place, as the engine would)."""
    seen: set[tuple[int, int]] = set()
    done = 0
    for a_start, a_end in anchors:
        if a_start < done or (a_start and _is_word_char(text[a_start - 1])):
            continue  # inside a word: after "_" ("__Ministry"), or a phrase glued to a word
        lo, hi = max(0, a_start - back), min(len(text), a_end + ahead)
        for m in rx.finditer(text, lo, hi) if starts is None else finditer_at(rx, starts, text, lo, hi):
            if m.start() <= a_start and a_end <= m.end() and (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                done = max(done, m.end())
                yield m
            if m.start() > a_start:
                break


# Where matches of the organization and person patterns can begin (see text.finditer_at).
_UPPER_LATIN = re.compile(r"[A-Z]")
_INITIAL_START = re.compile(r"[A-ZА-ЯЁ]\.")
_THE = _Words.of("the")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


_ANAPHOR = re.compile(r"\bthe\s+(Commission|Council|Organi[sz]ation|Bank|Committee|Fund|Court|Assembly|Secretariat|Corporation)\b(?:['’]s)?(?!\s+(?:of\b|[A-Z]))")


def _org_words(m: Mention) -> set[str]:
    """The head noun of an organization's name: 'Commission' of 'Eurasian Economic Commission',
    'Board' (not 'Commission') of 'Board of the Eurasian Economic Commission'."""
    name = m.entity.name if m.entity is not None else m.surface
    head = _HEAD_RE.search(name)
    return {head.group().casefold().replace("organisation", "organization")} if head else set()


def _headline_is_sentence(doc: Document) -> bool:
    """A headline in Title Case Capitalises Every Word, so capitals say nothing about names."""
    if not doc.headline_text:
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", doc.headline_text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) < 0.7


def _prefer(entries, text: str, start: int) -> Entity:
    """The entity an alias names: the country when a country shares it with entities of other
    kinds; otherwise the first listed."""
    if len(entries) == 1:
        return entries[0].entity
    kinds = {e.entity.kind for e in entries}
    if len(kinds) > 1 and "country" in kinds:
        return next(e.entity for e in entries if e.entity.kind == "country")
    return entries[0].entity


def _name_before(text: str, paren: int, floor: int, acr: str) -> tuple[str, int] | None:
    """The full name written just before '(ACR)' whose initials fit the acronym."""
    window = text[max(floor, paren - 160) : paren].rstrip()
    words = list(re.finditer(r"[\w’'\-.&]+", window))
    if not words:
        return None
    letters = [c for c in acr if c.isupper()]
    russian_name = bool(CYRILLIC_RE.search(acr))
    best = None
    for k in range(1, min(len(words), 14) + 1):
        chunk = words[-k:]
        first = chunk[0].group()
        if not first[:1].isupper():
            continue
        if russian_name:
            # Russian names capitalise their first word only: "Уральский федеральный университет
            # (УрФУ)", "Российско-Таджикский (Славянский) университет (РТСУ)".
            initials = [part[0] for w in chunk for part in w.group().split("-") if part and part.casefold() not in _RU_JOINERS]
        else:
            initials = [w.group()[0] for w in chunk if w.group()[:1].isupper()]
        if initials and initials[0].upper() == letters[0].upper() and _fits(letters, initials):
            start = max(floor, paren - 160) + chunk[0].start()
            best = (window[chunk[0].start() :].strip(), start)
            if len(initials) >= len(letters):
                break
    return best


_RU_JOINERS = {"и", "по", "в", "на", "для", "при", "с", "о", "об"}


def _fits(letters: list[str], initials: list[str]) -> bool:
    """Acronym letters appear in order among the capital initials, for at least 60% of them."""
    j = 0
    matched = 0
    for ch in letters:
        while j < len(initials) and initials[j].upper() != ch.upper():
            j += 1
        if j < len(initials):
            matched += 1
            j += 1
    return matched / len(letters) >= 0.6 and len(initials) <= len(letters) + 2


_RU_ORG_HEAD = re.compile(
    r"(?i)\b(?:organi[sz]ation|союз|совет|комисси|организаци|банк|фонд|содружеств|комитет|министерств|агентств|"
    r"служб|палат|ассоциаци|корпораци|компани|университет|академи|институт|комбинат|завод|фабрик|холдинг|биржа|биржи)"
)


def _is_org_name(name: str) -> bool:
    if _HEAD_RE.search(name) or _RU_ORG_HEAD.search(name):
        return not any(w.casefold() in _EVENT_WORDS for w in name.split())
    return False


_SPELLED_LEGAL_FORM = re.compile(r"(?:(?:Open|Closed|Public|Private)\s+)?Joint[\s-]Stock\s+Company\s+|Limited\s+Liability\s+(?:Company|Partnership)\s+")


_SENTENCE_OPENS = re.compile(r"(?:[.!?…»\"]\s+|\n\s*)$")
_RU_PLACE_ADJECTIVE = re.compile(r"[сц]к(?:ий|ая|ое|ого|ому|им|ом|ую|ой|ие|их)$")  # Уральский, Витебского
_RU_WORD_AFTER = re.compile(r"\s+([а-яё][а-яё\-]*)")
# Genitives that describe rather than name: "Национальный банк страны", "... области".
_RU_DESCRIPTIVE_GENITIVES = {"страны", "республики", "области", "края", "города", "региона", "района", "государства"}


def _genitive_tail(text: str, pos: int, end: int, head: str) -> str:
    """The lowercase genitive words that complete a Russian name after its head noun ('банк
    торговли и развития', 'университет дружбы народов', 'институт зерна'), as written: a singular
    noun first, up to four words, ending in a noun. None after a head that is itself genitive
    ('Гомельского облисполкома и предприятий': the words after it are not its own)."""
    if "gent" in russian.analyse(head)[1]:
        return ""
    words: list[str] = []
    while len(words) < 4:
        m = _RU_WORD_AFTER.match(text, pos, end)
        if m is None:
            break
        word = m.group(1)
        tags = russian.analyse(word)[1]
        if word in _RU_DESCRIPTIVE_GENITIVES:
            break
        if not words and not {"NOUN", "gent", "sing"} <= tags:
            break  # "университет студентов (принял)": not a name's tail
        if not (word == "и" or ("gent" in tags and tags & {"NOUN", "ADJF"})):
            break
        words.append(word)
        pos = m.end()
    while words and (words[-1] == "и" or "NOUN" not in russian.analyse(words[-1])[1]):
        words.pop()
    return " ".join(words)


_ROLE_OF = re.compile(
    r"(?:Representatives|Members|Delegations?|Delegates|Employees|Staff|Experts|Officials|Students|Leaders|Leadership|Heads)\s+of\s+(?:the\s+)?"
)
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?((?:St\.\s)?[A-Z][\w’'\-]*)")
_BETWEEN = re.compile(r"\b[Bb]etween\b")
_LIST_JOINT = re.compile(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")
_LEADING_WORD = re.compile(r"(?:The|A|An|In|On|At|As|By|For|From|With|And|But)\s+")
_CAPITALISED_BEFORE_CAPITAL = re.compile(r"\b([A-Z][a-z’'\-]+)(?=\s+[A-Z][a-z])")


def _split_org_phrase(phrase: str, start: int, gaz: Gazetteer) -> list[tuple[str, int]]:
    """Cut a head-word match into the organization names it holds.

    'Ministry of Justice of Kyrgyzstan and the Ministry of Justice of Russia' is two names;
    'Advisory Council for Interaction Between A and B' is one; 'Board of the EEC Tigran Sargsyan'
    stops before the person; 'Council in Minsk' stops before the place."""
    phrase = _cut_at_person(phrase, gaz)
    cut = _NOT_PART_OF_NAME.search(phrase)
    if cut and not (cut.group().lstrip(" ,").split()[-1].split("-")[0] in ("") ):
        tail = cut.group()
        demonyms = re.findall(r"[A-Z][a-z]+", tail) if tail.endswith(tuple("abcdefghijklmnopqrstuvwxyz")) and "-" in tail else []
        if not demonyms or all(token_key(d) in gaz.demonyms for d in demonyms):
            phrase = phrase[: cut.start()]
    role = _ROLE_OF.match(phrase)
    if role and _HEAD_RE.search(phrase[role.end():]) and not phrase.startswith("Heads of State"):
        start += role.end()
        phrase = phrase[role.end() :]
    spelled = _SPELLED_LEGAL_FORM.match(phrase)
    if spelled and phrase[spelled.end() :].strip():  # "Limited Liability Company «Steppe Gold»": the name follows
        start += spelled.end()
        phrase = phrase[spelled.end() :]
    head = _HEAD_RE.search(phrase)
    legal = _LEGAL_THEN.search(phrase[: head.start()]) if head else None
    if legal:  # "Kyrgyzaltyn OJSC and Siberian Mining Equipment Plant": two names
        start += legal.end()
        phrase = phrase[legal.end() :]
    m = _IN_PLACE.search(phrase)
    if m and gaz.is_place(m.group(1).replace("St. ", "Saint ")) or (m and gaz.is_place(m.group(1))):
        phrase = phrase[: m.start()]
    parts = [(phrase, start)]
    if not _BETWEEN.search(phrase):
        parts = []
        pos = 0
        for m in _LIST_JOINT.finditer(phrase):
            right = phrase[m.end() :]
            left = phrase[pos : m.start()]
            if _POSSESSOR.match(right):
                parts.append((left, start + pos))  # "... of Uzbekistan and Kazakhstan's Ministry of ...": two names
                pos = m.end()
            elif not _HEAD_RE.search(left) and _TITLE_RE.search(left):
                pos = m.end()  # "US Secretary of State Antony Blinken and European Commission": a person, then the name
            elif not _HEAD_RE.search(left) and _entity_by_alias(left, gaz, "organization") is not None:
                pos = m.end()  # "EEC and EAEU Business Council": the first name stands alone
            elif _HEAD_RE.search(left) and (
                _HEAD_RE.search(_leading_caps(right)) or _entity_by_alias(_leading_caps(right), gaz, "organization") is not None
            ):
                parts.append((left, start + pos))
                pos = m.end()
        parts.append((phrase[pos:], start + pos))
    out = []
    for text, s in parts:
        lead = _LEADING_WORD.match(text)
        if lead:
            s += lead.end()
            text = text[lead.end() :]
        out.append((text, s))
    return out


def _cut_at_person(phrase: str, gaz: Gazetteer) -> str:
    """Stop an organization name where a person's name begins ('... Board of the EEC Tigran Sargsyan')."""
    head = _HEAD_RE.search(phrase)
    if not head:
        return phrase
    for m in _CAPITALISED_BEFORE_CAPITAL.finditer(phrase[head.end() :]):
        word = m.group(1)
        if fold(word) in gaz.given_names and fold(word) not in _NOT_GIVEN_IN_ORGS:
            return phrase[: head.end() + m.start()].rstrip(" ,")
    return phrase


def _leading_caps(text: str) -> str:
    """The run of capitalised words a phrase starts with: 'Moscow State University of ...' -> 'Moscow State University'."""
    m = _CAPWORDS.match(text)
    return m.group() if m else ""


def _trim_caps(name: str) -> str:
    words = name.split()
    while words and key(words[0]) in _STOP_CAPS:
        words = words[1:]
    return " ".join(words)


# Two or more capitalised words of 2+ letters (no digits) separated by single spaces: a possible name.
# The capital comes before the check of the character ahead of it: a pattern that opens with a
# letter class lets the regex engine skip to the capitals (one opening with a lookbehind is tried
# at every character); the same matches, in half the time.
_CAP_RUN = re.compile(r"[A-ZА-ЯЁ](?<![\w'’\-.][A-ZА-ЯЁ])[^\W\d_][^\W\d]*(?:['’\-][^\W\d]+)*(?: [A-ZА-ЯЁ][^\W\d_][^\W\d]*(?:['’\-][^\W\d]+)*)+")


@lru_cache(maxsize=100_000)
def _surname_key(word: str) -> str:
    w = word.strip(".")
    if CYRILLIC_RE.search(w):
        w = russian.lemma(w)
    return fold(transliterate(w)) if CYRILLIC_RE.search(w) else fold(w)


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


# --- grouping: mentions -> entities with one canonical name -----------------------------------------


def _bag(name: str, acronyms: dict[str, str], gaz: Gazetteer) -> frozenset[str]:
    """The content words of an organization name, order ignored, with every known organization it
    contains reduced to one token: 'CIS Human Rights Commission' and 'Human Rights Commission of the
    Commonwealth of Independent States' get the same bag; so do 'EEC Board' and 'Board of the EEC'."""
    if not acronyms or not any(t.text in acronyms for t in tokens(name)):  # then it depends on the name alone
        return gaz.remember("bag", name, lambda n: _make_bag(n, {}, gaz))
    return _make_bag(name, acronyms, gaz)


def _make_bag(name: str, acronyms: dict[str, str], gaz: Gazetteer) -> frozenset[str]:
    toks = tokens(re.sub(r"\([^)]*\)", " ", name))
    keys = [token_key(t.text) for t in toks]
    words: list[str] = []
    i = 0
    while i < len(toks):
        hit = gaz.index.longest_at(toks, i, keys)
        if hit and hit[0] < len(toks):
            orgs = [e.entity for e in hit[1] if e.entity.kind == "organization"]
            if orgs:
                words.append("#" + orgs[0].name)
                i += hit[0]
                continue
        t = toks[i].text
        if toks[i].is_upper and t in acronyms and len(toks) > 1:
            words.append("#" + key(acronyms[t]))
        else:
            words.append(keys[i])
        i += 1
    stop = {"of", "the", "and", "for", "in", "on", "a", "an", "named", "after", "between", "и", "по", "в"}
    return frozenset(w for w in words if w not in stop and w not in LEGAL_FORMS)


def _entity_by_alias(alias: str, gaz: Gazetteer, kind: str) -> Entity | None:
    """The data file's entity of this kind that has exactly this name or alias."""
    return gaz.remember(f"{kind} alias", alias, lambda a: _find_entity_by_alias(a, gaz, kind))


def _find_entity_by_alias(alias: str, gaz: Gazetteer, kind: str) -> Entity | None:
    toks = tokens(alias)
    hit = gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks]) if toks else None
    if hit and hit[0] == len(toks):
        for e in hit[1]:
            if e.entity.kind == kind:
                return e.entity
    return None


def _group_orgs(scan: _Scan) -> list[Finding]:
    groups: dict[object, list[Mention]] = {}
    order: list[object] = []
    for m in sorted((m for m in scan.mentions if m.kind == "organization"), key=lambda m: m.start):
        if m.entity is not None:
            gid: object = ("entity", m.entity.name)
        else:
            entity = _entity_for_unknown(m.surface, scan)
            if entity is not None:
                m.entity = entity
                gid = ("entity", entity.name)
            else:
                gid = ("bag", _bag(m.surface, scan.acronyms, scan.gaz))
        if gid not in groups:
            groups[gid] = []
            order.append(gid)
        groups[gid].append(m)
    # An acronym defined in the text joins the group of its full name.
    for acr, full in scan.acronyms.items():
        a, f = ("bag", _bag(acr, scan.acronyms, scan.gaz)), None
        for gid in order:
            if gid[0] == "bag" and gid == ("bag", _bag(full, scan.acronyms, scan.gaz)):
                f = gid
        if f is not None and a in groups and a != f:
            groups[f] += groups.pop(a)
            order.remove(a)
    out = []
    for gid in order:
        ms = groups[gid]
        if all(m.in_title for m in ms):
            continue
        entity = next((m.entity for m in ms if m.entity is not None), None)
        if entity is not None and entity.role == "event":
            continue  # forums and exhibitions are events, not organizations
        name = entity.name if entity is not None else _best_org_name(ms, scan.acronyms)
        first = min(ms, key=lambda m: m.start)
        out.append(Finding(name, first.rule, first.start, first.end))
    return out


def _entity_for_unknown(surface: str, scan: _Scan) -> Entity | None:
    """A rule-found name that is a data-file entity: by alias (legal forms dropped), or by the same
    content words in another order ('Council of Heads of State of the Commonwealth of Independent
    States' is the data file's 'Council of Heads of State of the CIS')."""
    cleaned = " ".join(w for w in surface.split() if key(w) not in LEGAL_FORMS)
    ent = _entity_by_alias(cleaned, scan.gaz, "organization")
    if ent is None and surface in scan.acronyms:
        ent = _entity_by_alias(scan.acronyms[surface], scan.gaz, "organization")
    if ent is None:
        ent = _org_bags(scan.gaz).get(_bag(cleaned, scan.acronyms, scan.gaz))
    return ent


def _org_bags(gaz: Gazetteer) -> dict[frozenset[str], Entity]:
    """Bag of content words of every organization name and alias in the data file (built once)."""
    if gaz.org_bags is None:
        bags: dict[frozenset[str], Entity] = {}
        for ent in gaz.organizations:
            for name in (ent.name, *ent.aliases):
                if len(name.split()) >= 2:
                    bags.setdefault(_bag(name, {}, gaz), ent)
        gaz.org_bags = bags
    return gaz.org_bags


def _best_org_name(ms: list[Mention], acronyms: dict[str, str]) -> str:
    """The fullest written form: no acronym if the full name is known, no quotes or legal form."""
    names = [m.surface for m in ms]
    for n in names:
        if n in acronyms:
            names.append(acronyms[n])
    full = [n for n in names if not (n.isupper() and len(n) <= 10)] or names
    best = max(full, key=lambda n: (len(n.split()), len(n)))
    best = " ".join(w for w in strip_quotes(best).split() if key(w) not in LEGAL_FORMS)
    if CYRILLIC_RE.search(best):
        return best
    return best


def _group_people(scan: _Scan) -> list[Finding]:
    people = sorted((m for m in scan.mentions if m.kind == "person"), key=lambda m: m.start)
    groups: list[tuple[str, list[Mention]]] = []  # (canonical name, mentions)
    for m in people:
        name = _person_name(m, scan.gaz)
        if name is None:
            continue
        target = _match_person(name, m, groups)
        if target is None:
            groups.append((name, [m]))
        else:
            i, better = target
            groups[i] = (better, groups[i][1] + [m])
    return [Finding(name, ms[0].rule, ms[0].start, ms[0].end) for name, ms in groups]


def _person_name(m: Mention, gaz: Gazetteer) -> str | None:
    if m.entity is not None:
        return m.entity.name
    if m.link is not None:
        return _person_name(m.link, gaz)
    surface = m.surface
    if CYRILLIC_RE.search(surface):
        words = [w for w in re.findall(r"(?:[А-ЯЁ]\.\s?)+|[\w\-]+", surface) if not (len(surface.split()) > 1 and russian.is_patronymic(w, gaz.given_names))]
        if len(words) == 1 and "Name" in russian.name_tags(words[0]):
            return None  # "Роман Александрович": a form of address, the person is named elsewhere
        initials = [bool(re.match(r"^(?:[А-ЯЁ]\.)+$", w)) for w in words]
        given = russian.given_name_reading(words[0], words[-1]) if len(words) == 2 and not any(initials) else None
        if given is not None:  # the reading of the given name that agrees with the surname
            case, gender, nominative = given
            words = [nominative, russian.surname_nominative(words[1], case, gender)]
        else:
            case = russian.case_of(words[0]) if len(words) > 1 and not initials[0] else "nomn"
            gender = russian.gender_of(words[0]) if len(words) > 1 and not initials[0] else None
            words = [
                w if initial else (russian.surname_nominative(w, case, gender) if k == len(words) - 1 and len(words) > 1 else russian.nominative(w))
                for k, (w, initial) in enumerate(zip(words, initials))
            ]
        surface = " ".join(w.strip() for w in words)
    # Initials + surname: the data file may know the person ("N. Pashinyan" -> "Nikol Pashinyan").
    m_init = re.match(r"^((?:\w\.\s?)+)\s*([\w\-]+)$", surface)
    surname = (m_init.group(2) if m_init else surface.split()[-1]) if surface.split() else ""
    known = gaz.surnames.get(token_key(surname), [])
    initials = re.findall(r"(\w)\.", m_init.group(1)) if m_init else [surface.split()[0][0]] if len(surface.split()) > 1 else []
    for person in known:
        variants = [a.split()[0] for a in (person.name, *person.aliases) if len(a.split()) > 1]
        if initials and any(fold(transliterate(v))[:1] == fold(transliterate(initials[0]))[:1] for v in variants):
            # "Alexei Zhukov" is not the data file's Alexander Zhukov; "Sergey" is its "Sergei".
            if m_init or any(_same_given_name(v, surface.split()[0]) for v in variants):
                return person.name
    if m_init:
        surname_latin = transliterate(surname)
        letters = [transliterate(i).upper() for i in initials]
        return ".".join(letters) + ". " + surname_latin if CYRILLIC_RE.search(surface) else squash(surface.replace(". ", ".").replace(".", ". ")).replace(". ", ".", len(initials) - 1)
    return transliterate(surface)


def _same_given_name(a: str, b: str) -> bool:
    """The same given name in two spellings or scripts: 'Sergei'/'Sergey', 'Юрий'/'Yury'; not a
    woman's and a man's name ('Alexandra'/'Alexander', 'Olga'/'Oleg')."""
    a, b = fold(transliterate(a)), fold(transliterate(b))
    if a == b:
        return True
    return a.endswith("a") == b.endswith("a") and difflib.SequenceMatcher(None, a, b).ratio() >= 0.7


def _match_person(name: str, m: Mention, groups: list[tuple[str, list[Mention]]]) -> tuple[int, str] | None:
    """Index of the group this name belongs to, and the better of the two names."""
    parts = name.replace(".", ". ").split()
    for i, (gname, _ms) in enumerate(groups):
        gparts = gname.replace(".", ". ").split()
        if fold(gname) == fold(name):
            return i, gname
        if _surname_key(gparts[-1]) != _surname_key(parts[-1]):
            continue
        if len(parts) == 1 or len(gparts) == 1:
            return i, gname if len(gparts) >= len(parts) else name
        g0, p0 = fold(gparts[0]).rstrip("."), fold(parts[0]).rstrip(".")
        if g0 == p0 or (len(g0) == 1 and p0.startswith(g0)) or (len(p0) == 1 and g0.startswith(p0)):
            return i, gname if len(gname) >= len(name) else name
    return None


def _group_countries(scan: _Scan) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for m in sorted((m for m in scan.mentions if m.kind == "country"), key=lambda m: m.start):
        if m.entity is not None and m.entity.name not in seen:
            seen[m.entity.name] = Finding(m.entity.name, m.rule, m.start, m.end)
    return list(seen.values())
