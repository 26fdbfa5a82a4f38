"""content/ -> Articles: every page parsed (through the content cache: only changed files are read
again), validated, its Markdown rendered when its body is new (in parallel when many), and the
problems of all pages collected before the build stops on any.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import replace

from . import parallel
from .cache import BodyStore, ContentCache
from .config import Config
from .content import MAX_PAGE_BYTES, Article, ParseResult, default_slug, duplicate_slugs, page_files, parse_page
from .errors import ContentError, Problem, Reporter, display_path, processing

# Below these sizes, forking workers costs more than it saves.
PARALLEL_MARKDOWN = 150


# --- reading content -------------------------------------------------------------------------


def read_content(config: Config, reporter: Reporter, store: BodyStore, stats: dict | None = None) -> tuple[list[Article], dict[str, str]]:
    """Every content page, parsed (or taken from the cache when its bytes hash the same), with its
    Markdown rendered into the body store. Returns the articles and the bodies rendered now.
    `stats` are the files' (size, mtime, inode) if already taken. All content errors are raised together."""
    stats = stats or {}
    cache = ContentCache.load(config.path("cache"))
    articles: list[Article] = []
    misses: list[tuple[str, str, str, bytes | None]] = []  # (rel, path, default slug, bytes if read already)
    stat_of: dict[str, tuple[int, int, int]] = {}
    seen: set[str] = set()
    prefix = display_path(config.articles_dir, config.root) + "/"
    base = len(str(config.articles_dir)) + 1
    refused: list[tuple[str, str]] = []
    for path in page_files(config.articles_dir, refused):
        rel = prefix + path[base:].replace(os.sep, "/")
        seen.add(rel)
        try:
            stat = stats.get(path)
            if stat is None:
                st = os.stat(path)
                stat = (st.st_size, st.st_mtime_ns, st.st_ino)
            digest = cache.known_digest(rel, stat)
            cached = cache.get(rel, digest) if digest else None
            if cached is not None:
                articles.append(cached)
                continue
            stat_of[rel] = stat
            if not cache.has(rel):  # a new page (every page of a cold build): the workers read it
                misses.append((rel, path, default_slug(path), None))
                continue
            with open(path, "rb") as f:
                data = read_page(f)
        except OSError as exc:
            raise ContentError(Problem(rel, f"cannot read the page: {exc.strerror or exc}")) from None
        digest = hashlib.sha256(data).hexdigest()
        cache.record_stat(rel, stat, digest)
        cached = cache.get(rel, digest)  # touched, not changed
        if cached is not None:
            articles.append(cached)
        else:
            misses.append((rel, path, default_slug(path), data))
    cache.keep_only(seen)
    for path, reason in refused:
        reporter.warn(prefix + path[base:].replace(os.sep, "/"), f"page skipped: it is {reason}")

    problems: list[Problem] = []
    parsed = parallel.map_chunks(_parse_chunk, misses, PARALLEL_MARKDOWN, reporter.progress("read", len(misses), "pages"))
    fresh: dict[str, str] = {}
    for rel, digest, result, html in parsed:
        if digest is not None:
            cache.record_stat(rel, stat_of[rel], digest)
        problems += result.problems
        if result.article is not None:
            articles.append(result.article)
            cache.put(result.article.path, result.article)
            if html is not None:
                fresh[result.article.digest] = html
    for p in problems:
        if p.severity == "warning":
            reporter.warn(p.path, p.message, p.line)
    errors = [p for p in problems if p.severity == "error"] + duplicate_slugs(articles)
    if errors:
        raise ContentError(sorted(errors, key=lambda p: (p.path, p.line or 0)))

    # Bodies the store lost (a deleted cache, other rendering code): render them again.
    published = {a.digest for a in articles if not a.draft}
    known = store.known()
    missing = sorted(published - fresh.keys() - known)
    if missing:
        by_digest = {a.digest: a for a in articles}
        again = [(by_digest[d].path, (config.root / by_digest[d].path).read_bytes()) for d in missing]
        fresh.update(parallel.map_chunks(_markdown_chunk, again, PARALLEL_MARKDOWN))
    store.put_many(fresh)
    # Bodies of pages since edited or deleted: dropped, or the store would grow with every edit.
    store.discard(known - {a.digest for a in articles})
    cache.save()
    articles.sort(key=lambda a: a.path)
    return articles, fresh


def _parse_chunk(items: Sequence[tuple[str, str, str, bytes | None]]) -> list[tuple[str, str | None, ParseResult, str | None]]:
    """(rel, sha256 of the bytes, parse result, body HTML) of each page, read here if not yet."""
    out = []
    for rel, path, slug, data in items:
        with processing(rel):  # (an internal error names the page, also from a worker process)
            out.append(_parse_one(rel, path, slug, data))
    return out


def read_page(f) -> bytes:
    """A page's bytes, or the first MAX_PAGE_BYTES + 1 of a bigger one (enough for parse_page to
    refuse it). (read(n) would allocate n bytes for every page.)"""
    if os.fstat(f.fileno()).st_size > MAX_PAGE_BYTES:
        return f.read(MAX_PAGE_BYTES + 1)
    return f.read()


def _parse_one(rel: str, path: str, slug: str, data: bytes | None) -> tuple[str, str | None, ParseResult, str | None]:
    from .markup import render_page_body
    from .media import with_lines

    if data is None:
        try:
            with open(path, "rb") as f:
                data = read_page(f)
        except OSError as exc:
            return rel, None, ParseResult(None, [Problem(rel, f"cannot read the page: {exc.strerror or exc}")]), None
    digest = hashlib.sha256(data).hexdigest()
    result = parse_page(data, rel, slug, digest)
    html = None
    article = result.article
    if article is not None:
        problems = result.problems
        if not article.draft:
            html, notes, files = render_page_body(article.body)
            problems = problems + [Problem(rel, note, severity="warning") for note in notes]
            if files:  # (references to files beside the page, with their lines: media.py)
                article = replace(article, media=with_lines(data.decode("utf-8", "replace"), files))
        result = ParseResult(replace(article, body=""), problems)  # the body lives in the store
    return rel, digest, result, html


def _markdown_chunk(items: Sequence[tuple[str, bytes]]) -> list[tuple[str, str]]:
    from .markup import render_markdown

    out = []
    for rel, data in items:
        with processing(rel):
            result = parse_page(data, rel, "x")
            if result.article is not None:
                out.append((result.article.digest, render_markdown(result.article.body)))
    return out


def body_texts(store: BodyStore, articles: list[Article], fresh: dict[str, str]):
    """An article's rendered body by its digest, for the dossiers' quotes (see site.build_model)."""
    wanted = {a.digest for a in articles if not a.draft} - fresh.keys()
    known = {**store.get_many(wanted), **fresh} if wanted else fresh
    return known.get
