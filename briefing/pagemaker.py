"""An item of a seed -> the page ingest writes for it: extraction of its reading (the gazetteer
loaded once, on first need, before workers fork), with what its format states applied
(origin.py), within the bounds of a page, as the bytes of a Markdown file.
"""

from __future__ import annotations

import datetime as dt

from . import frontmatter, readers
from .chars import strip_forbidden
from .config import Config
from .content import Article, article_meta
from .duplicates import text_fingerprint
from .fields import MAX_NAME_CHARS, MAX_NAMES, MAX_TEXT_CHARS, Period
from .prefetch import Made
from .readers import SeedItem
from .slugs import slugify, unique_slug


class PageMaker:
    """Loads the gazetteer only when a seed actually needs extracting."""

    def __init__(self, config: Config, today: dt.date):
        self.config = config
        self.today = today
        self._gaz = None
        self._publishers = None

    def prepare(self) -> None:
        """Load the extraction data (before worker processes fork, so that they share it)."""
        from .extract import load_gazetteer
        from .origin import Publishers

        if self._gaz is None:
            self._gaz = load_gazetteer(self.config.path("data"), self.config.path("cache"))
            self._publishers = Publishers(self._gaz, self.config.path("data"))

    def made(self, item: SeedItem) -> Made:
        """What extraction makes of an item: the slug its title gives (clashes not yet settled),
        the bytes of its page (which do not depend on the slug), the fingerprint of its text and
        what the editor should know of the file. SeedError if the item cannot be read."""
        reading = item.reading
        article = self.article(reading, item.rel, "", set())
        return Made(
            item.rel,
            item.sha256,
            slugify(article.title, fallback="article"),
            page_bytes(article),
            fingerprint=text_fingerprint(article.title, article.body),
            warnings=reading.warnings,
        )

    def article(self, reading, source: str, slug: str | None, taken: set[str]) -> Article:
        """The page of an item: extraction of its text (a Reading, or plain text), with what its
        format states applied (origin.py: title, page date, address, publisher). An empty `slug`
        is left empty; None makes a new one."""
        from .extract import Options
        from .origin import extract_item
        from .readers import Reading

        if isinstance(reading, str):
            reading = Reading(reading)
        self.prepare()
        ex = self.config.extraction
        options = Options(self.today, ex.summary_sentences, ex.summary_max_chars, ex.title_max_words, ex.max_tags)
        result, origin = extract_item(reading, self._gaz, options, self._publishers)
        title = _text(result.title) or "Untitled"
        if slug is None:
            slug = unique_slug(slugify(title, fallback="article"), taken)
        return Article(
            path="",
            slug=slug,
            title=title[: MAX_TEXT_CHARS["title"]],
            date=result.date,
            body=strip_forbidden(result.body),
            location=_text(result.location),
            organizations=_names(result.organizations),
            people=_names(result.people),
            countries=_names(result.countries),
            tags=_names(result.tags),
            summary=(_text(result.summary) or "")[: MAX_TEXT_CHARS["summary"]],
            source=source,
            date_note=result.date_note,
            period=Period(*result.period) if result.period else None,
            agency=_text(result.agency),
            language=result.language,
            source_url=origin.source_url,
            publisher=_text(origin.publisher),
            published=origin.published,
        )


# What ingest writes is what reading the page gives (see content.py): no character XML forbids,
# whitespace as the reader normalises it, within the bounds of a page (a long seed can name
# hundreds of people).
def _text(value: str | None) -> str | None:
    return (" ".join(strip_forbidden(value).split()) or None) if value else None


def _names(values) -> tuple[str, ...]:
    names = (_text(v) for v in values)
    return tuple(n for n in names if n and len(n) <= MAX_NAME_CHARS)[:MAX_NAMES]


def read_single(seed) -> readers.Reading:
    """The reading of a one-item seed file, read and parsed only when needed."""
    return readers.read_items(seed.rel, seed.data, seed.sha256)[0].reading


def page_bytes(article: Article) -> bytes:
    return frontmatter.compose(article_meta(article), article.body).encode("utf-8")
