"""Properties that must hold for any input (Hypothesis): slugs, the front-matter round trip, and
extraction on arbitrary text."""

import datetime as dt
import functools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import frontmatter
from briefing.chars import strip_forbidden
from briefing.config import Config, PathsConfig
from briefing.content import Article, Period, article_meta, parse_page
from briefing.extract import dates, text
from briefing.extract.document import Document
from briefing.extract.entities import patterns, roles
from briefing.extract.entities import scan as scan_module
from briefing.extract.text import finditer_at, matches_at
from briefing.pagemaker import PageMaker, page_bytes
from briefing.slugs import MAX_SLUG, is_valid_slug, slugify, unique_slug
from tests.conftest import ROOT, TODAY, _compiled_gazetteer, extract_text, project_gazetteer

# Any Unicode text, control characters included (surrogates cannot be written to a file).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
# Values as ingest writes them: one line, single spaces, not empty, none of the characters XML
# forbids (reading a page drops them: see test_limits.py).
VALUE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80).map(lambda s: " ".join(strip_forbidden(s).split())).filter(bool)
NAMES = st.lists(VALUE, max_size=5, unique_by=str.casefold).map(tuple)
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@given(ANY_TEXT)
def test_slugify_is_ascii_valid_non_empty_and_stable(text):
    slug = slugify(text)
    assert slug and slug.isascii() and is_valid_slug(slug) and len(slug) <= MAX_SLUG
    assert slugify(text) == slug


@given(st.lists(ANY_TEXT, max_size=40))
def test_unique_slugs_never_collide(titles):
    taken: set[str] = set()
    for title in titles:
        slug = unique_slug(slugify(title), taken)
        assert slug not in taken and is_valid_slug(slug)
        taken.add(slug)


@st.composite
def articles(draw):
    start = draw(DATES)
    period = draw(st.none() | st.integers(0, 30).map(lambda n: Period(start, start + dt.timedelta(days=n))))
    return Article(
        path="content/articles/x.md",
        slug="x",
        title=draw(VALUE),
        date=draw(DATES),
        body=strip_forbidden(draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))).replace("\r", "").strip("\n"),
        location=draw(st.none() | VALUE),
        organizations=draw(NAMES),
        people=draw(NAMES),
        countries=draw(NAMES),
        tags=draw(NAMES),
        summary=draw(st.just("") | VALUE),
        source=draw(st.none() | VALUE),
        date_note=draw(st.none() | VALUE),
        period=period,
        agency=draw(st.none() | VALUE),
    )


@settings(max_examples=300)
@given(articles())
def test_front_matter_written_then_read_is_the_same_article(article):
    page = frontmatter.compose(article_meta(article), article.body).encode("utf-8")
    result = parse_page(page, article.path, article.slug)
    assert [p for p in result.problems if p.severity == "error"] == []
    back = result.article
    for name in ("title", "date", "location", "organizations", "people", "countries", "tags", "summary", "source", "date_note", "period", "agency"):
        assert getattr(back, name) == getattr(article, name), name
    assert back.body.strip("\n") == article.body.strip("\n")


# Text that looks like news at times: datelines, dates, names, Cyrillic, markup, control bytes.
PIECES = st.sampled_from(
    [
        "MINSK, 17 November (BelTA) – ",
        "МИНСК, 30 сентября. /ТАСС/. ",
        "YEREVAN, APRIL 4, ARMENPRESS. ",
        "on 5 June",
        "2024",
        "February 24-25, 2022",
        "1 — 2 ноября 2019 года",
        "the Eurasian Economic Commission (EEC)",
        "ЕЭК",
        "Alexander Lukashenko",
        "N. Pashinyan",
        "JSC «RZD»",
        "in Moscow",
        "Минске",
        "---",
        "title: x",
        "\n",
        "\n\n",
        "\r",
        "\t",
        "\x00",
        "\x0c",
        "🚀",
        "<script>",
        "{{ config }}",
        "*",
        "#",
        "|",
        ".",
        ",",
        " ",
        "Ministry of Industry",
        "Novo-Ogaryovo",
        "31.12.2023",
        "Обновлено:",
    ]
)
NEWSY = st.lists(PIECES | ANY_TEXT, max_size=40).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(NEWSY | ANY_TEXT)
def test_extraction_never_raises_and_ingest_writes_a_valid_page(gazetteer, text):
    result = extract_text(text, gazetteer)
    json.dumps(result.as_record())  # printable by `extract --json`
    assert isinstance(result.title, str) and result.title.strip()
    assert isinstance(result.date, dt.date)
    for name in ("organizations", "people", "countries", "tags"):
        assert all(isinstance(v, str) and v.strip() for v in getattr(result, name))
    # what ingest writes from the same text is a valid content page with a valid slug
    article = extractor().article(text, "seeds/x.txt", None, set())
    assert is_valid_slug(article.slug)
    parsed = parse_page(page_bytes(article), "content/articles/x.md", article.slug)
    assert parsed.article is not None, parsed.problems
    assert parsed.article.title == article.title and parsed.article.date == article.date


@functools.lru_cache(maxsize=1)
def extractor() -> PageMaker:
    """Ingest's page maker on the project's data, with the session's compiled gazetteer as its
    cache (not the repository's .cache folder, where it compiled one of its own)."""
    return PageMaker(Config(_root=ROOT, paths=PathsConfig(cache=str(_compiled_gazetteer().parent))), TODAY)


# Patterns the extractor scans with text.finditer_at (only where a match can begin), each with its
# start pattern: the matches must be those of a plain finditer, on any text (for a month that
# comes first, those it can accept: an English month written first is capitalised, dates._month_case_ok).
_SCANS = [
    (dates._DMY, dates._DIGIT),
    (dates._MDY, dates._MONTH_START),
    (dates._MY, dates._MONTH_START),
    (dates._YEAR_ONLY, dates._YEAR_START),
    (dates._NUM_DMY, dates._NUM_DMY_START),
    (dates._NUM_YMD, dates._NUM_YMD_START),
    (dates._YEAR_SPAN, dates._YEAR_START),
    (text._SENTENCE_END, text._SENTENCE_END_START),
    (patterns.LEGAL_BEFORE, patterns.LEGAL_WORDS.pattern),
    (patterns.INITIAL_NAME, patterns.INITIAL_START),
    (roles._ANAPHOR, patterns.THE.pattern),
    (patterns.APPOSITION, patterns.APPOSITION_WORDS.pattern),
    (patterns.ORG_PHRASE, patterns.UPPER_LATIN),
    (patterns.LEGAL_AFTER, patterns.UPPER_LATIN),
    (patterns.LOWER_ORG_NOUN, patterns.UPPER_LATIN),
]
# Text made of the pieces these patterns care about (whole phrases they match, and parts of them),
# glued in any order.
_PIECE_LIST = [
    " ",
    ", ",
    ". ",
    "\n",
    "\n\n",
    "-",
    "–",
    "(",
    ")",
    "«",
    "»",
    "'s ",
    "’s ",
    "1",
    "2",
    "12",
    "2023",
    "1999",
    "05.06.2024",
    "the",
    "The",
    "Commission",
    "Bank",
    "JSC",
    "OJSC",
    "LLC",
    "ООО",
    "company",
    "firm",
    "plant",
    "Kazakh",
    "Belarus",
    "N.",
    "June",
    "MAY",
    "may",
    "ſept",
    "ноября",
    "Май",
    "in",
    "In",
    "İn",
    "at",
    "в",
    "of",
    "and",
    "Union",
    "x",
    "ABC",
    "McDonald",
    "June 5",
    "5 June 2023",
    "Sept. 14",
    "MAY 25, 2023",
    "1 — 2 ноября 2019 года",
    "в августе 2019",
    "March 2017",
    "TIBO 2024",
    "2021-2025",
    "the Ministry of Energy of Belarus",
    "Eurasian Economic Commission",
    "St. Petersburg State University",
    "JSC «RZD»",
    "Kyrgyzaltyn OJSC",
    "company QazaqGaz",
    "Power Machines company",
    "A. B. Pashinyan",
    "N. Pashinyan",
    "the Commission's",
    "visited Minsk",
    "held in Astana",
    "в Минске",
    "Russia's OJSC Sibur",
    "theEurasian Union",
    "28.11.2023",
    "2012.05.07",
    "2024-06-05",
    "2024/06/05",
    "2/20/2024",
    "2021-2025",
    "2023–24",
    "1999 - 2000",
    "start-up",
    "startup",
    "Railways",
    "Railway",
    "khokimiyat",
    "Limited",
    "ОАО",
    "АО",
    "EuroBank",
    "_",
    "’",
    ".",
    "Prosecutor's Office",
    "GeneralProsecutor's Office",
    "Prosecutor’s  Office",
    "JSC Kyrgyzaltyn JSC Bank",
]
_PIECES = st.sampled_from(_PIECE_LIST)
# Every piece at least once, glued and apart (random lists can miss a rare one).
_ALL_PIECES = ["".join(_PIECE_LIST), " ".join(_PIECE_LIST), "\n".join(reversed(_PIECE_LIST))]


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(0, 20), st.integers(0, 400))
def test_scans_from_likely_starts_find_what_a_full_scan_finds(glued, lo, hi):
    for rx, starts in _SCANS:
        assert [m.span() for m in finditer_at(rx, starts, glued, lo, hi)] == [m.span() for m in rx.finditer(glued, lo, hi) if _acceptable(rx, m)], rx.pattern[:60]


@pytest.mark.parametrize("glued", _ALL_PIECES)
def test_scans_from_likely_starts_find_what_a_full_scan_finds_on_every_piece(glued):
    for rx, starts in _SCANS:
        assert [m.span() for m in finditer_at(rx, starts, glued)] == [m.span() for m in rx.finditer(glued) if _acceptable(rx, m)], rx.pattern[:60]


def _acceptable(rx, m) -> bool:
    """A match the extractor could keep: not an English month in lower case before its day or year."""
    return rx not in (dates._MDY, dates._MY) or dates._month_case_ok(m.group("m"))


# The words rules are anchored on, as Scan.words_at finds them in a text's tokens.
_WORD_SETS = [
    patterns.HEAD_WORDS,
    patterns.APPOSITION_WORDS,
    patterns.ADMINISTRATION_WORDS,
    patterns.LEGAL_WORDS,
    patterns.LEGAL_TRAILING_WORDS,
    patterns.LOWER_NOUN_WORDS,
    patterns.THE,
]


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_words_found_in_tokens_are_those_a_regex_finds(glued):
    """Where a word begins (what the anchored rules use), the tokens give the pattern's matches."""
    _words_found_in_tokens_are_those_a_regex_finds(glued)


@pytest.mark.parametrize("glued", _ALL_PIECES)
def test_words_found_in_tokens_are_those_a_regex_finds_on_every_piece(glued):
    _words_found_in_tokens_are_those_a_regex_finds(glued)


def _words_found_in_tokens_are_those_a_regex_finds(glued: str) -> None:
    scan = scan_module.Scan(Document.parse(glued), project_gazetteer())

    def word_starts(spans, chunk_start):
        return [(s, e) for s, e in spans if s == chunk_start or not (glued[s - 1].isalnum() or glued[s - 1] == "_")]

    for words in _WORD_SETS:
        found = scan.words_at(words)
        for start, end in scan.spans:
            expected = [(start + m.start(), start + m.end()) for m in words.pattern.finditer(glued[start:end])]
            assert word_starts([(s, e) for s, e in found if start <= s < end], start) == word_starts(expected, start), words.pattern.pattern[:60]
    # The rules that try their pattern at their words' places find what a scan of the text finds.
    for rx, words in ((patterns.LEGAL_BEFORE, patterns.LEGAL_WORDS), (patterns.APPOSITION, patterns.APPOSITION_WORDS), (roles._ANAPHOR, patterns.THE)):
        for start, end in scan.spans:
            chunk = glued[start:end]
            starts = [s for s, _ in scan_module.in_chunk(scan.words_at(words), start, end)]
            assert [m.span() for m in matches_at(rx, starts, chunk)] == [m.span() for m in rx.finditer(chunk)], rx.pattern[:60]


# Text made of what decides whether a name is found: Latin and Cyrillic letters in both cases,
# case endings, hyphens, underscores, digits, quotes, spaces and sentence ends.
_NAME_CHARS = st.sampled_from(list("abAB") + list("минМИНскеаяё") + ["-", "_", "1", "«", "»", " ", ". ", "Ё", "İ"])
_NAME_TEXT = st.lists(_NAME_CHARS, max_size=60).map("".join)


@settings(max_examples=400, suppress_health_check=list(HealthCheck))
@given(text=_NAME_TEXT, names=st.lists(_NAME_TEXT, min_size=1, max_size=3).map(tuple), person=st.booleans())
def test_the_sentences_naming_an_entity_are_those_its_pattern_matches(text, names, person):
    """mentions finds spellings with str.find and checks their edges itself: the same sentences
    as the regular expression it stands for."""
    from briefing import mentions

    items = mentions.sentences(text)
    expected = [i for i, s in enumerate(items) if mentions.pattern(names, person).search(s)]
    assert mentions._naming_sentences(items, names, person) == (expected if person else expected[:1])
