"""Full-text search: a Pagefind index of the article pages, made after the pages are published.

Pagefind (the `pagefind[bin]` package: a self-contained binary inside a wheel, no network) reads
the published article pages - the part marked `data-pagefind-body`, with `data-pagefind-filter`
values for tag, organization, country and year - and writes a static bundle that the search page
loads. The bundle is written into a hidden staging folder and moved into place with two renames,
so a reader never gets a half-written index. It is made again only when an article page changed
or the bundle is missing. One index run at a time per site (a lock), whether from a build or from
`serve`'s background thread. Without Pagefind the build warns and the site works without search.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import BriefingError
from .files import build_lock

BUNDLE = "pagefind"
ENTRY = f"{BUNDLE}/pagefind-entry.json"
INDEXED = "articles/"
"""Only article pages are indexed: lists and profiles would repeat them in the results."""
# Hidden folders inside the output (same file system, so the renames work), removed by the next
# index run if a killed one left them.
STAGING, OLD = ".pagefind-staging", ".pagefind-old"
MARK = ".made-by-briefing"
"""A file the build puts in the bundle it made: a `pagefind/` folder without it is not the build's,
so it is never replaced or removed (it may be an index of the user's own)."""


@dataclass(frozen=True)
class SearchReport:
    seconds: float
    files: int
    bytes: int


class SearchError(Exception):
    """The index could not be made; the build warns and goes on."""


def needs_index(output_dir: Path, changed: list[str]) -> bool:
    """Whether the index is out of date: an article page was written or removed, or the bundle is gone."""
    return any(p.startswith(INDEXED) for p in changed) or not (output_dir / ENTRY).is_file() or not ours(output_dir)


def executable() -> str | None:
    """The Pagefind binary: from the `pagefind[bin]` wheel, else one on PATH."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except Exception:  # not installed, or no binary for this platform
        return shutil.which("pagefind")


def index(output_dir: Path, cache_dir: Path, language: str, pretty_urls: bool) -> SearchReport:
    """Index the published article pages into `<output>/pagefind/`. Raises SearchError; on
    failure no index is left (a stale one would find articles that are gone)."""
    binary = executable()
    if binary is None:
        remove(output_dir)
        raise SearchError("Pagefind is not installed; install it with `pip install 'pagefind[bin]'` (see requirements.txt)")
    started = time.perf_counter()
    try:
        with build_lock(cache_dir, name="search.lock"):
            _make(binary, output_dir, language, pretty_urls)
            files = [p for p in (output_dir / BUNDLE).rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files)
    except NotOurs:
        raise
    except SearchError:
        remove(output_dir)
        raise
    except (OSError, BriefingError) as exc:
        remove(output_dir)
        raise SearchError(f"cannot write the index: {exc}") from None
    return SearchReport(time.perf_counter() - started, len(files), size)


def _make(binary: str, output_dir: Path, language: str, pretty_urls: bool) -> None:
    staging, old, bundle = output_dir / STAGING, output_dir / OLD, output_dir / BUNDLE
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    cmd = [
        binary, "--site", str(output_dir), "--output-path", str(staging.resolve()), "--glob", f"{INDEXED}**/*.html",
        *language_args(language), "--silent",
    ]
    if not pretty_urls:
        cmd.append("--keep-index-url")
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchError(f"Pagefind did not run: {exc}") from None
    if done.returncode != 0 or not (staging / "pagefind-entry.json").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError(f"Pagefind failed: {detail[-1].rstrip('.') if detail else f'exit status {done.returncode}'}")
    (staging / MARK).write_text("This search index was made by Briefing, which replaces or removes it as needed.\n", encoding="utf-8")
    if os.path.lexists(bundle):
        if not ours(output_dir):
            shutil.rmtree(staging, ignore_errors=True)
            raise NotOurs(f"{bundle} was not made by this build; move it away to have the site's search index written there")
        os.replace(bundle, old)
    os.replace(staging, bundle)
    shutil.rmtree(old, ignore_errors=True)


def language_args(language: str) -> list[str]:
    """Pagefind's language options. None: each page is indexed in the language of its `<html
    lang>` (an item page takes its item's language), one index per language with that language's
    stemmer, and the search page searches them all together (mergeIndex, see static/search.js)."""
    return []


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{3,}")


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - in requirements.txt; the names alone are still indexed
        return None
    return pymorphy3.MorphAnalyzer()


_known_forms: dict[str, list[str]] = {}
_forms_file: list[Path] = []
_forms_added: list[str] = []


def forms_cache(path: Path):
    """Use (and, at the end of the block, update) a file of the case forms already looked up, so
    a build whose names were all seen before does not load the morphology (~0.25 s)."""
    import contextlib
    import json

    @contextlib.contextmanager
    def block():
        _known_forms.clear()
        _forms_added.clear()
        try:
            _known_forms.update(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
        _forms_file[:] = [path]
        try:
            yield
        finally:
            _forms_file.clear()
            if _forms_added:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_name(path.name + ".tmp")
                    tmp.write_text(json.dumps(_known_forms, ensure_ascii=False, sort_keys=True), encoding="utf-8")
                    os.replace(tmp, path)
                except OSError:
                    pass  # a cache: the next build looks the forms up again

    return block()


def _forms(word: str) -> tuple[str, ...]:
    """The case forms of a Cyrillic word of a name (Минск: Минска, Минске, ...)."""
    known = _known_forms.get(word)
    if known is None:
        known = _known_forms[word] = list(_lookup_forms(word))
        _forms_added.append(word)
    return tuple(known)


@lru_cache(maxsize=20_000)
def _lookup_forms(word: str) -> tuple[str, ...]:
    morph = _morph()
    if morph is None:
        return ()
    parses = morph.parse(word)
    if not parses:
        return ()
    forms = {f.word for f in parses[0].lexeme if "plur" not in f.tag or "Pltm" in f.tag}
    return tuple(sorted(forms))[:24]


@lru_cache(maxsize=50_000)
def _name_record(name: str) -> str:
    words = [name]
    for word in _CYRILLIC_WORD.findall(name):
        words += [f for f in _forms(word) if f != word.lower()]
    return " ".join(words)


def record_terms(names: tuple[str, ...]) -> str:
    """The text an article page offers the index besides its body (a hidden element of the page):
    every spelling of every entity it names (canonical names and the data file's aliases, Latin
    and Cyrillic), and the case forms of Cyrillic names. So Лукашенко finds the items that name
    Alexander Lukashenko in English, and Минске finds those that name Minsk; Russian items are
    also stemmed by their own index. Repeats dropped, order kept."""
    return " · ".join(dict.fromkeys(_name_record(" ".join(n.split())) for n in names if n.strip()))


class NotOurs(SearchError):
    """A `pagefind/` folder the build did not make stands where the index goes."""


def ours(output_dir: Path) -> bool:
    """Whether the `pagefind/` folder of the output is one the build made (it holds MARK)."""
    bundle = output_dir / BUNDLE
    return not bundle.is_symlink() and (bundle / MARK).is_file()


def remove(output_dir: Path) -> None:
    """Remove the bundle (search switched off, no article left to find, or indexing failed), if
    the build made it, and the hidden folders an index run works in."""
    if ours(output_dir):
        shutil.rmtree(output_dir / BUNDLE, ignore_errors=True)
    for folder in (STAGING, OLD):
        shutil.rmtree(output_dir / folder, ignore_errors=True)
