"""The same text dropped twice: one page, and a warning naming the earlier seed.

Two seeds hold the same item when their headline and the text extraction keeps of them (chrome
and tail removed, whatever the format: a page saved from the web and the same text pasted into a
.txt) have the same words in the same order; case, spacing, punctuation and Markdown marks do not
count. (Two items with one lede under different headlines are two items.) The
hash of those words is kept in the ingest state with each seed's record (`text_sha256`), so a
later seed is compared with every earlier one without reading them again.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from . import frontmatter, yamlio

_WORD = re.compile(r"[^\W_]+")
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)\s]{0,2000}\)")


def text_fingerprint(title: str, body: str) -> str | None:
    """sha256 of an item's words, headline first (case-folded, NFKC), or None for a body of fewer
    than 5 words (too short to say two items are one)."""
    words = _words(body)
    if len(words) < 5:
        return None
    return hashlib.sha256(" ".join(_words(title) + ["\x1f"] + words).encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    return _WORD.findall(_MARKDOWN_LINK_TARGET.sub("]", unicodedata.normalize("NFKC", text)).casefold())


class SeenTexts:
    """Fingerprint -> the first seed (by name) whose page has that text. Built on first use from
    the ingest state; a record from before fingerprints were kept is read from its page."""

    def __init__(self, state, content_dir: Path):
        self.state = state
        self.content_dir = content_dir
        self._index: dict[str, str] | None = None

    def earlier(self, fingerprint: str | None, seed: str) -> str | None:
        """The seed that already has a page with this text, or None."""
        if fingerprint is None:
            return None
        index = self._load()
        found = index.get(fingerprint)
        return found if found != seed else None

    def add(self, fingerprint: str | None, seed: str) -> None:
        if fingerprint is not None:
            self._load().setdefault(fingerprint, seed)

    def _load(self) -> dict[str, str]:
        if self._index is None:
            index: dict[str, str] = {}
            for seed, rec in sorted(self.state.records.items()):
                if rec.duplicate_of is not None:
                    continue
                fingerprint = rec.text_sha256 or self._from_page(rec.page)
                if fingerprint is not None:
                    index.setdefault(fingerprint, seed)
            self._index = index
        return self._index

    def _from_page(self, page: str) -> str | None:
        try:
            text = (self.content_dir / page).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            meta_text, body, _ = frontmatter.split(text)
            meta = yamlio.load(meta_text)
        except (OSError, UnicodeDecodeError, ValueError, yamlio.YAMLError):
            return None
        title = meta.get("title") if isinstance(meta, dict) else None
        return text_fingerprint(str(title), body) if title else None
