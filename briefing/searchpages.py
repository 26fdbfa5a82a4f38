"""The pages the search index takes, and what of each it reads: the indexed part of a page (so a
page whose other parts changed is not indexed again) and its language (each language has its own
shards), remembered in the cache folder by the page's hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .files import atomic_write

INDEXED = "articles/"
"""Only article pages are indexed: lists and profiles would repeat them in the results."""


def article_pages(files) -> dict[str, str]:
    """The pages the index takes, from the output manifest's records: {path: sha256}."""
    return {p: r.sha256 for p, r in files.items() if p.startswith(INDEXED) and p.endswith(".html")}


_BODY = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_LANG = re.compile(rb"<html\b[^>]*>")
_LANG_VALUE = re.compile(rb"\blang=[\"']?([A-Za-z0-9-]+)")


def page_language(html: bytes, default: str) -> str:
    """The language a page is indexed in: its `<html lang>`, else the site's."""
    tag = _LANG.search(html)
    value = _LANG_VALUE.search(tag.group()) if tag else None
    return value.group(1).decode("ascii").lower() if value else default


_MARKED = re.compile(rb"<[a-zA-Z][^>]*\bdata-pagefind-[^>]*>")


def indexed_part(html: bytes) -> bytes:
    """What Pagefind reads of a page: the `<html>` tag (its language), the element marked
    `data-pagefind-body` and any other tag with a `data-pagefind-` attribute. A page whose other
    parts changed (its links to the newer and older article, when one is added) is indexed the same."""
    found = _BODY.search(html)
    if found is None:
        return html  # (no body marked: Pagefind reads the whole page)
    tag = found.group(1)
    opening, closing = re.compile(rb"<" + tag + rb"\b", re.I), re.compile(rb"</" + tag + rb"\s*>", re.I)
    depth, at = 1, found.end()
    while depth:
        close_tag = closing.search(html, at)
        if close_tag is None:
            return html
        open_tag = opening.search(html, at, close_tag.start())
        if open_tag is not None:
            depth, at = depth + 1, open_tag.end()
        else:
            depth, at = depth - 1, close_tag.end()
    lang = _LANG.search(html)
    outside = _MARKED.findall(html, 0, found.start()) + _MARKED.findall(html, at)
    return b"\0".join([lang.group() if lang else b"", html[found.start() : at], *outside])


class IndexedDigests:
    """The digest of each page's indexed part (`indexed_part`), kept in the cache folder by the
    page's sha256: only pages whose bytes changed are read again."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "search-pages.json"
        try:
            raw = json.loads(self.path.read_bytes())
            self.known = {k: v for k, v in raw.items() if isinstance(v, list) and len(v) == 3} if isinstance(raw, dict) else {}
        except (OSError, ValueError, RecursionError):
            self.known = {}
        self.changed = False

    def of(self, output_dir: Path, pages: dict[str, str], language: str) -> dict[str, tuple[str, str]]:
        """{path: (digest of its indexed part, its language)}."""
        out = {}
        for path, sha in pages.items():
            known = self.known.get(path)
            if known is not None and known[0] == sha:
                out[path] = (known[1], known[2])
                continue
            html = (output_dir / path).read_bytes()
            digest, lang = hashlib.sha256(indexed_part(html)).hexdigest(), page_language(html, language)
            self.known[path] = [sha, digest, lang]
            self.changed = True
            out[path] = (digest, lang)
        for path in [p for p in self.known if p not in pages]:
            del self.known[path]
            self.changed = True
        return out

    def save(self) -> None:
        if self.changed:
            atomic_write(self.path, json.dumps(self.known, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogateescape"))


def pages_on_disk(output_dir: Path) -> dict[str, str]:
    folder = output_dir / INDEXED
    out = {}
    for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
        out[path.relative_to(output_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
