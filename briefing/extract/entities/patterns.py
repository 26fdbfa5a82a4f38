"""Word lists and patterns the entity finders share: organization head words, legal forms, job
titles, capitalised words, and the anchor words some rules start from (`Words`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold

ORG_HEADS = (
    "Ministry|Committee|Commission|Council|Union|Bank|Corporation|Agency|Association|University|Institute|"
    "Academy|Plant|Factory|Group|Fund|Organization|Organisation|Company|Exchange|Service|Assembly|Court|"
    "Parliament|Chamber|Board|Secretariat|Commonwealth|Office|Centre|Center|Administration|Department|"
    "Authority|Inspectorate|Holding|Concern|Railways?|Airlines?|Alliance|Society|Foundation|Consortium|"
    "Enterprise|Works|Duma|Senate|Mazhilis|Kenesh|Majlis|Bureau|Directorate|Federation|Partnership|Cooperative|"
    "Inspection|Treasury|Police|Guard|Prosecutor's\\s+Office|Laboratory|Technopark|Hub|Port|Airport"
)
HEAD_RE = re.compile(rf"(?=[A-Z])\b(?:{ORG_HEADS})\b")  # the look-ahead: heads are capitalised (see places._EVENT)

ANCHOR_WORDS: dict[str, list[AnchorWords]] = {}
"""Every word of every `AnchorWords`, and those it is in: one pass over a text's tokens finds them all
(`Scan.words_at`)."""
ANCHOR_PARTS: set[str] = set()
"""Their first parts ("start" of "start-up"): which tokens with inner punctuation to look into."""


@dataclass(frozen=True, eq=False)  # eq=False: each list is its own key in Scan._anchors
class AnchorWords:
    """Words some rules are anchored on, found among the text's tokens (`Scan.words_at`) rather
    than by running `pattern` over every character of the text."""

    words: frozenset[str]
    pattern: re.Pattern
    phrases: re.Pattern | None
    """The alternatives of several words ("Prosecutor's\\s+Office"), found by a regex."""

    @classmethod
    def of(cls, alternation: str) -> AnchorWords:
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
            ANCHOR_WORDS.setdefault(word, []).append(made)
            ANCHOR_PARTS.add(WORD_RUN.match(word).group())
        return made


WORD_RUN = re.compile(r"\w+")
_ONE_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)?")
HEAD_WORDS = AnchorWords.of(ORG_HEADS)
_CAPWORD = r"(?:St\.(?=\s[A-Z])|(?!(?:Between|Of|For|And|The|On|In|Under|With|To)\b)[A-Z][\w’'\-&]*)"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
_CAPSEQ = rf"(?:{_INITIALS})?{_CAPWORD}(?:\s(?:{_INITIALS})?{_CAPWORD})*"
ORG_PHRASE = re.compile(
    rf"(?:(?:{_CAPWORD})(?:\s(?:and\s|of\s|for\s)?{_CAPWORD})*\s)?"
    rf"(?:{ORG_HEADS})\b(?:\s(?:[A-Z]{{2,}}[a-z]?[A-Z]*\b|«[^»\n]{{2,40}}»|[A-Z][a-z]+(?=[,.;:)])))?"
    rf"(?:\s(?:of|for|on|in|named\s+after|[Bb]etween|under)\s(?:the\s)?{_CAPSEQ}"
    rf"(?:(?:,\s|\sand\s|,\sand\s)(?:the\s)?{_CAPSEQ})*)*"
)
CURRENCY = re.compile(r"\s*(?:dollars?|cents?|\$)")
POSSESSOR = re.compile(r"^([A-Z][\w-]*)['’]s\s+")
TRAILING_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
LEADING_THE = re.compile(r"^(?:the|The)\s+")
CAPWORDS = re.compile(rf"(?:{_CAPWORD})(?:\s{_CAPWORD})*")
# Word lists stay a few words a line (the formatter would give each word a line of its own).
# fmt: off
GENERIC_MODIFIERS = {
    "state", "national", "federal", "joint", "stock", "open", "closed", "public", "private", "holding", "unitary",
    "republican", "municipal", "international", "regional", "the", "a", "our", "this", "that", "its", "their",
    "his", "her", "new", "main", "central", "general", "executive", "permanent", "joint-stock", "supreme",
}
# fmt: on
# "the Government of Belarus", "Russian Government": a country acting, annotated as optional at best.
GENERIC_GOVERNMENT = re.compile(
    r"^(?:(?:the\s+)?(?:Government|Cabinet(?:\s+of\s+Ministers)?)\s+of\s+.+|\w+(?:['’]s|['’])?\s+(?:Government|government|Cabinet)|"
    r"[Пп]равительств\w*\s+.+)$"
)
# "Council of Heads of Government of the SCO": an organization named inside a longer name.
JOINED_BEFORE = re.compile(r"\b(?:of|of\s+the|between\s+the|and\s+the|and)\s*$|\b[а-яё]+\s*$")
NOT_ORG_HEADS = re.compile(r"^(?:Government|Cabinet)\b|\b(?:Government|Cabinet of Ministers)$")
_LEGAL = "OJSC|JSC|CJSC|PJSC|OJSHC|LLC|LLP|Ltd|Inc|PLC|OJC|GmbH|OOO|TOO|ОАО|ЗАО|ООО|ПАО|АО|ИООО|ОДО|УП|ТОО|ОсОО|ОАХК"
_QUOTED = r"[«\"“„]([^»\"”“\n]{2,70})[»\"”“]"
LEGAL_BEFORE = re.compile(rf"\b(?:{_LEGAL})\s+(?:{_QUOTED}|({_CAPSEQ}))")
LEGAL_THEN = re.compile(rf"\b(?:{_LEGAL})\b,?\s+(?:and\s+)?")
# "Limited" only after a name: before one it is the start of "Limited Liability Company".
_LEGAL_TRAILING = f"{_LEGAL}|Limited"
LEGAL_AFTER = re.compile(rf"({_CAPSEQ}),?\s(?:{_LEGAL_TRAILING})\b")
LOWER_ORG_NOUN = re.compile(
    rf"\b((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,2}})(?:\s+and\s+((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,2}}))?\s+"
    r"(companies|company|corporation|concern|holding|technopark|bank|group|plant|enterprise|firm)\b"
)
APPOSITION = re.compile(
    r"\b(?:company|developer|firm|operator|producer|manufacturer|maker|holding|concern|giant|carrier|subsidiary|"
    r"lender|miner|exporter|importer|contractor|start-?up|conglomerate|corporation|group)\s+"
    rf"((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,3}})"
)
APPOSITION_WORDS = AnchorWords.of(
    "company|developer|firm|operator|producer|manufacturer|maker|holding|concern|giant|carrier|subsidiary|lender|miner|exporter|importer|contractor|start-?up|conglomerate|corporation|group"
)
# Regional administrations of Central Asia: "the khokimiyat of Tashkent region", "Kostanay region akimat".
ADMINISTRATION = re.compile(
    rf"\b(?:(khokimiyat|hokimiyat|akimat|akimiat)\s+of\s+(?:the\s+)?((?:{_CAPWORD})(?:\s{_CAPWORD})?)(?:\s+(region|city|oblast|district))?|"
    rf"((?:{_CAPWORD})(?:\s{_CAPWORD})?)\s+(region|city|oblast)\s+(khokimiyat|hokimiyat|akimat))\b"
)
POSSESSIVE_NAME = re.compile(rf"\b([A-Z][a-z]+)['’]s\s+((?:{_CAPWORD})(?:\s{_CAPWORD}){{0,2}})(?=\s+(?:\(|[a-z])|[,.;:])")
ADMINISTRATION_WORDS = AnchorWords.of("khokimiyat|hokimiyat|akimat|akimiat")
LEGAL_WORDS = AnchorWords.of(_LEGAL)
LEGAL_TRAILING_WORDS = AnchorWords.of(_LEGAL_TRAILING)
NAME_NEXT = re.compile(r"\s+(?:[A-Z«\"“])")
LOWER_NOUN_WORDS = AnchorWords.of("companies|company|corporation|concern|holding|technopark|bank|group|plant|enterprise|firm")
_RU_ADJ = r"[а-яё]+(?:-[а-яё]+)?(?:ий|ый|ой|ая|ое|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ей|ою)"
RU_ADJECTIVE_ORG = re.compile(
    rf"(?<![\w-])[А-ЯЁ]{_RU_ADJ}(?:\s+{_RU_ADJ}){{0,3}}\s+"
    r"(?:(?:университет|академи|институт|комбинат|завод|фабрик|облисполком|горисполком|райисполком|исполком|"
    r"корпораци|холдинг|ассоциаци|агентств|банк|фонд)\w*"
    # Governing bodies with their case endings only: not судно, судья, советник, палатка.
    r"|(?:совет|комитет|суд)(?:а|у|ом|е|ы|ов|ам|ами|ах)?|палат(?:а|ы|е|у|ой|ою|ам|ами|ах)?"
    r"|(?:комисси|собрани|ассамбле)(?:я|е|и|ю|ей|й|ем|ям|ями|ях))\b"
)
# Compared with token keys, which fold й to и.
# fmt: off
RU_GENERIC_ADJECTIVES = {fold(a) for a in (
    "государственный", "национальный", "федеральный", "международный", "центральный", "новый", "главный", "крупный",
    "совместный", "другой", "каждый", "такой", "первый", "второй",
)}
# fmt: on
ACRONYM_DEF = re.compile(r"\(([A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё&\-]{1,9})\)")
# fmt: off
NOT_NAMES = {
    "it", "ict", "ai", "gdp", "usd", "eur", "rub", "covid", "covid-19", "ceo", "mou", "memorandum", "agreement",
    "treaty", "programme", "program", "protocol", "declaration", "strategy", "plan", "concept", "road", "map",
    "summit", "forum", "exhibition", "conference", "session", "meeting", "round", "table", "festival", "week",
    "expo", "fair", "games", "olympics", "day", "year", "decade", "west", "east", "north", "south",
}
# fmt: on
# Given names that are also common words of organization names.
NOT_GIVEN_IN_ORGS = {"international", "national", "federal", "state", "union", "central", "grand", "royal", "general"}
_CALENDAR = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December"
EVENT_WORDS = {"forum", "summit", "exhibition", "conference", "session", "meeting", "expo", "fair", "festival", "games", "week", "show", "congress", "olympiad"}

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
TITLE_RE = re.compile(rf"(?=[ACDEFGHKLMOPRSVacdghlmps])\b(?:{TITLE_WORDS})\b\.?")
# ", Director General of ...": a title after a name (with the rest of its clause)
TITLE_AFTER = re.compile(rf",\s+(?:the\s+)?(?:\w+\s+){{0,3}}?(?:{TITLE_WORDS})\b")
TITLE_CLAUSE_AFTER = re.compile(rf",\s+(?:the\s+)?(?:[\w’'\-&]+\s+){{0,3}}?(?:{TITLE_WORDS})\b[^,.;\n]*")
# Not part of an organization's name: a weekday or month after it ("Jogorku Kenesh on Wednesday"),
# a job title in a list ("..., Deputy Minister of ...", "..., Deputy Head of ..."), a complement of
# demonyms ("on the Kazakh-Uzbek"), a possessive after "and" ("... of Uzbekistan and Uzbekistan's participation").
NOT_PART_OF_NAME = re.compile(
    rf"\s+(?:on|in)\s+(?:{_CALENDAR})\b|\s+and\s+(?:the\s+)?[A-Z][\w\-]*['’]s$|(?:,\s+(?:and\s+)?|\s+and\s+)(?:(?:Deputy|First\s+Deputy|Acting|Former|Vice|Foreign|Prime)\s+)?(?:{TITLE_WORDS})\b|\s+(?:on|of|in)\s+the\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)+$"
)
RU_TITLE_RE = re.compile(
    r"(?i)\b(?:президент\w*|премьер(?:-министр)?\w*|вице-премьер\w*|министр\w*|председател\w*|глав[аыуе]|"
    r"секретар\w*|заместител\w*|спикер\w*|посол|посла|губернатор\w*|мэр\w*|директор\w*|руководител\w*|"
    r"генсек\w*|помощник\w*|пресс-секретар\w*)\b"
)
# Endings that mark a surname of the region strongly enough to take "Xxx Yyyov" as a person.
SURNAME_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yov|yova|yan|ian|enko|enka|uk|yuk|chuk|ich|vich|sky|ski|skiy|skaya|dze|shvili|"
    r"zoda|zade|zada|uly|kyzy|bekov|baev|aev|iev|yev|yeva|ovich|evich|ovna|evna)$"
)
INITIAL_NAME = re.compile(r"(?<![\w.])((?:[A-ZА-ЯЁ]\.\s?){1,2})([A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?)\b")
# fmt: off
STOP_CAPS = {
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
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
# fmt: on
STATE_NOUNS = re.compile(
    r"^\s+(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Ee]conomy|[Ff]inance|[Ii]ndustry|[Tt]rade|[Ee]nergy|[Tt]ransport|"
    r"[Aa]griculture|[Jj]ustice|[Hh]ealth|[Ee]ducation|[Dd]eputy|[Ff]irst|[Vv]ice|[Pp]rime)\s+)*"
    r"(?:[Pp]resident|[Pp]rime\s+[Mm]inister|[Pp]remier|[Mm]inister|[Mm]inistry|[Gg]overnment|[Dd]elegation|"
    r"[Ss]ide|[Aa]uthorities|[Ll]eader|[Cc]ounterpart|[Pp]arliament|[Oo]fficials?|[Aa]mbassador|[Ee]mbassy|"
    r"[Aa]rmy|[Aa]rmed\s+[Ff]orces|[Mm]ilitary|[Tt]roops|[Cc]abinet|[Hh]ead\s+of\s+[Ss]tate|[Cc]hairman|"
    r"[Ss]peaker|[Ee]nvoy|[Dd]iplomats?|[Ss]pokes(?:man|woman|person)|[Pp]artners?|[Pp]arty|[Cc]ounterparts|"
    r"[Ll]eadership|[Pp]residency|[Ss]tate|[Ss]tates|[Pp]eople|[Nn]ation)\b"
)
RU_STATE_NOUNS = re.compile(r"^\s+(?:президент|премьер|министр|правительств|делегаци|сторон|власт|мид|посол|посольств|руководств|лидер|парламент)", re.I)


KINDS = ("organization", "person", "country")

UPPER_LATIN = re.compile(r"[A-Z]")
INITIAL_START = re.compile(r"[A-ZА-ЯЁ]\.")
THE = AnchorWords.of("the")

# A middle initial may stand between two of the words: "Igor O. Petrov".
CAP_RUN = re.compile(r"[A-ZА-ЯЁ](?<![\w'’\-.][A-ZА-ЯЁ])[^\W\d_][^\W\d]*(?:['’\-][^\W\d]+)*(?: (?:[A-ZА-ЯЁ]\. )?[A-ZА-ЯЁ][^\W\d_][^\W\d]*(?:['’\-][^\W\d]+)*)+")
