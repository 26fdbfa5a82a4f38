"""Slugs: ASCII, lower-case, hyphenated, at most 80 characters, never a reserved or unsafe name."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_SLUG = 80
_VALID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows cannot create as files or folders; a slug becomes a folder name.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str, fallback: str = "item", max_length: int = MAX_SLUG) -> str:
    """Transliterate (Cyrillic included) and hyphenate; cut at a word boundary; never empty."""
    from slugify import (
        slugify as _slugify,  # python-slugify, with text-unidecode for transliteration
    )

    slug = _slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)
    if not slug:
        slug = fallback
    if slug in _RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def is_valid_slug(slug: str) -> bool:
    return bool(_VALID.match(slug)) and len(slug) <= MAX_SLUG * 2 and slug not in _RESERVED


def unique_slug(base: str, taken: Iterable[str] | set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    taken = taken if isinstance(taken, set) else set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
