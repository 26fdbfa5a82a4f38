"""Full-text search: a Pagefind index of the article pages, in shards, re-made only where pages changed.

Pagefind (the `pagefind[bin]` package: a self-contained binary inside a wheel, no network) reads
the published article pages - the part marked `data-pagefind-body`, with `data-pagefind-filter`
values for tag, organization, country and year - and writes a static bundle that the search page
loads. Re-indexing every article for one edit took ~9 s and ~650 MB at 5,000 articles, so the
index is split into shards: each article page belongs to one shard, by a hash of its path, and
there are as many shards as it takes to keep each under SHARD_PAGES pages (a power of two, so that
the count changes only when the number of articles doubles). A build re-indexes only the shards
whose pages changed; Pagefind's memory grows with the shard, not with the site.

Each shard is a Pagefind index of its own (`pagefind/s/<name>/`, the name a hash of the shard's
pages, so an unchanged shard keeps its files and a browser's cache of them). The search page does
not see the shards: `pagefind/pagefind.js` is Briefing's `search_merge.js`, which has Pagefind's
API, searches every shard and merges the results as one index would rank them (see that file);
Pagefind's own script is kept beside it as `pagefind-core.js`. `pagefind/shards.json` lists the
shards with their page and word counts. Shards are written beside the ones in use and switched in
with one rename of `shards.json`; a new bundle is written in a hidden staging folder and moved into
place whole. One index run at a time per site (a lock), from a build or from `serve`'s background
thread. Without Pagefind the build warns and the site works without search.

Shards are per language: each page goes to a shard of its `<html lang>` (an item page takes its
item's language), indexed with that language's stemmer, as Pagefind's one index per language would
be. The search page searches its own language's shards and, through `mergeIndex` with a
`language`, the other languages' shards too (see static/search.js); each page also offers the
index every spelling of the entities it names (`record_terms`), so a Cyrillic query finds items
written in English.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import trash
from .errors import BriefingError
from .files import atomic_write, build_lock
from .pagefind_service import PagefindService, SearchError
from .searchpages import INDEXED, IndexedDigests, pages_on_disk

BUNDLE = "pagefind"
ENTRY = f"{BUNDLE}/pagefind-entry.json"
SHARDS = "shards.json"
# Hidden folders inside the output (same file system, so the renames work), removed by the next
# index run if a killed one left them.
STAGING, OLD = ".pagefind-staging", ".pagefind-old"
MARK = ".made-by-briefing"
"""A file the build puts in the bundle it made: a `pagefind/` folder without it is not the build's,
so it is never replaced or removed (it may be an index of the user's own)."""
SHARD_PAGES = 32
"""Pages per shard (on average: pages fall into shards by a hash), until MAX_SHARDS. Pagefind takes
~6 ms a page and ~30 ms a shard (indexing and writing, one core): an edit re-indexes one shard
(32 pages: ~0.25 s; 64: ~0.45 s; 256: ~1.5 s). At 1,000 articles that is 32 shards, as many as the
search page already asks at 2,048 articles and more."""
MAX_SHARDS = 32
"""The search page asks every shard of a language for every query (a few requests each): past 32
shards (2,048 pages) the shards grow instead of multiplying."""
FORMAT = 1
"""The layout of the bundle (shards.json, the merging script); a change re-makes every shard."""
SHARD_FILES = ("pagefind-entry.json", "index", "fragment", "filter")
"""What a shard keeps of the bundle Pagefind writes (and its `pagefind.*.pf_meta`)."""
MERGE_SCRIPT = Path(__file__).with_name("search_merge.js")
CORE = "pagefind-core.js"
EXPORT = "export{createInstance,"
"""Where Pagefind's script gets `PagefindInstance` added to its exports (see core_script)."""


@dataclass(frozen=True)
class SearchReport:
    seconds: float
    files: int
    bytes: int
    """Files and bytes of the shards this run wrote."""
    shards: int = 0
    """Shards indexed by this run (of `total` shards)."""
    total: int = 0
    pages: int = 0
    """Pages indexed by this run."""

    def summary(self) -> str:
        return f"search index: {self.shards} of {self.total} shard(s), {self.pages} pages, {self.bytes / 1024:,.0f} KB in {self.seconds:.2f} s"


@dataclass(frozen=True)
class Shard:
    index: int
    pages: tuple[tuple[str, str], ...]
    """(output path, digest of the page's indexed part) of its pages, sorted by path."""
    name: str
    language: str


def shard_count(pages: int) -> int:
    """A power of two, so that the count (and every page's shard) changes only when the pages double."""
    count = 1
    while pages > count * SHARD_PAGES and count < MAX_SHARDS:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()[:8], "big") % count


def plan(pages: dict[str, tuple[str, str]], pretty_urls: bool, version: str) -> list[Shard]:
    """The shards of these pages (`pages`: path -> (digest of its indexed part, language)), per
    language; a shard's name changes with its pages, what Pagefind reads of them, the options and
    the Pagefind version, and with nothing else."""
    by_language: dict[str, list[str]] = {}
    for path in sorted(pages):
        by_language.setdefault(pages[path][1], []).append(path)
    shards = []
    for language, paths in sorted(by_language.items()):
        count = shard_count(len(paths))
        groups: dict[int, list[tuple[str, str]]] = {}
        for path in paths:
            groups.setdefault(shard_of(path, count), []).append((path, pages[path][0]))
        for i in sorted(groups):
            digest = hashlib.sha256(f"{FORMAT}|{version}|{language}|{pretty_urls}|{count}|{i}\n".encode())
            for path, sha in groups[i]:
                digest.update(f"{path} {sha}\n".encode("utf-8", "surrogateescape"))
            shards.append(Shard(i, tuple(groups[i]), f"{language}-{count}-{i}-{digest.hexdigest()[:16]}", language))
    return shards


def needs_index(output_dir: Path, changed: list[str]) -> bool:
    """Whether the index may be out of date: an article page was written or removed, or the bundle
    is gone (index() then re-makes only the shards that differ)."""
    return any(p.startswith(INDEXED) for p in changed) or not (output_dir / ENTRY).is_file() or not ours(output_dir)


def executable() -> str | None:
    """The Pagefind binary: from the `pagefind[bin]` wheel, else one on PATH."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except Exception:  # not installed, or no binary for this platform
        return shutil.which("pagefind")


def pagefind_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchError(f"Pagefind did not run: {exc}") from None
    return out.strip().split()[-1] if out.strip() else "?"


def index(output_dir: Path, cache_dir: Path, language: str, pretty_urls: bool, pages: dict[str, str] | None = None, progress=None) -> SearchReport:
    """Bring `<output>/pagefind/` up to date with the published article pages (`pages`: their
    paths and hashes, from the output manifest; read from the folder if not given). `progress`:
    total pages to index -> a progress.Phase or None. Raises SearchError; on failure no index is
    left (a stale one would find articles that are gone)."""
    binary = executable()
    if binary is None:
        remove(output_dir)
        raise SearchError("Pagefind is not installed; install it with `pip install 'pagefind[bin]'` (see requirements.txt)")
    started = time.perf_counter()
    try:
        with build_lock(cache_dir, name="search.lock"):
            if pages is None:
                pages = pages_on_disk(output_dir)
            digests = IndexedDigests(cache_dir)
            made = _make(binary, output_dir, language, pretty_urls, digests.of(output_dir, pages, language), progress, cache_dir)
            digests.save()
    except NotOurs:
        raise
    except SearchError:
        remove(output_dir)
        raise
    except (OSError, BriefingError) as exc:
        remove(output_dir)
        raise SearchError(f"cannot write the index: {exc}") from None
    return SearchReport(time.perf_counter() - started, *made)


def _make(binary: str, output_dir: Path, language: str, pretty_urls: bool, pages: dict[str, tuple[str, str]], progress, cache_dir: Path | None = None) -> tuple[int, int, int, int, int]:
    """(files written, bytes written, shards indexed, shards in all, pages indexed). Shards no
    longer in use go to the trash of `cache_dir` (see trash.py), or are removed at once."""
    staging, old, bundle = output_dir / STAGING, output_dir / OLD, output_dir / BUNDLE
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    if os.path.lexists(bundle) and not ours(output_dir):
        raise NotOurs(f"{bundle} was not made by this build; move it away to have the site's search index written there")
    version = pagefind_version(binary)
    fresh = not bundle.is_dir()
    target = staging if fresh else bundle
    shards = plan(pages, pretty_urls, version)
    kept = None if fresh else _current(target, version)  # None: nothing of the bundle can be kept
    current = kept or {}
    dirty = [s for s in shards if s.name not in current]
    if progress is not None:
        progress = progress(sum(len(s.pages) for s in dirty))
    (target / "s").mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(target / "s"):  # a killed run's half-written shards
        if entry.name.startswith("."):
            shutil.rmtree(entry.path, ignore_errors=True)
    words = dict(current)
    if dirty:
        words.update(_index_shards(binary, output_dir, target, dirty, pretty_urls, progress, need_top=kept is None))
    elif kept is None:
        _top_level_from_scratch(binary, target, language)
    if progress is not None:
        progress.finish()
    listed = [{"path": f"s/{s.name}/", "language": s.language, "pages": len(s.pages), "words": words[s.name]} for s in shards]
    manifest = {"format": FORMAT, "pagefind": version, "language": language, "shards": listed}
    atomic_write(target / SHARDS, (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    atomic_write(target / "pagefind-entry.json", _entry(target, shards, version, language))
    (target / MARK).write_text("This search index was made by Briefing, which replaces or removes it as needed.\n", encoding="utf-8")
    if fresh:
        os.replace(staging, bundle)
    wanted = {s.name for s in shards}
    for entry in os.scandir(bundle / "s"):
        if entry.name not in wanted:
            if cache_dir is not None and not entry.name.startswith("."):
                trash.throw(Path(entry.path), cache_dir)
            else:
                shutil.rmtree(entry.path, ignore_errors=True)
    written = [p for s in dirty for p in (bundle / "s" / s.name).rglob("*") if p.is_file()]
    return len(written), sum(p.stat().st_size for p in written), len(dirty), len(shards), sum(len(s.pages) for s in dirty)


def _current(bundle: Path, version: str) -> dict[str, int] | None:
    """The shards the bundle holds now that can be kept: {name: words}; None if nothing can be
    kept (another format or Pagefind version, a missing top-level file)."""
    try:
        manifest = json.loads((bundle / SHARDS).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("pagefind") != version or not _top_level_ok(bundle):
            return None
        out = {}
        for shard in manifest["shards"]:
            name = shard["path"][2:-1]
            if (bundle / "s" / name / "pagefind-entry.json").is_file() and isinstance(shard["words"], int):
                out[name] = shard["words"]
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _top_level_ok(bundle: Path) -> bool:
    return all((bundle / name).is_file() for name in ("pagefind.js", CORE, "pagefind-ui.js", "pagefind-ui.css"))


def _entry(target: Path, shards: list[Shard], version: str, language: str) -> bytes:
    """The bundle's `pagefind-entry.json`: the shards' languages with their page counts summed
    (for tools and tests; the search page reads shards.json)."""
    languages: dict[str, dict] = {}
    include: list = []
    for s in shards:
        entry = json.loads((target / "s" / s.name / "pagefind-entry.json").read_text(encoding="utf-8"))
        include = entry.get("include_characters", include)
        for lang, info in entry["languages"].items():
            total = languages.setdefault(lang, {"wasm": info.get("wasm"), "page_count": 0})
            total["page_count"] += info["page_count"]
    data = {"version": version, "languages": dict(sorted(languages.items())), "include_characters": include, "shards": len(shards)}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def core_script(pagefind_js: str) -> str:
    """Pagefind's `pagefind.js`, with its `PagefindInstance` class exported too (the merging
    script makes one instance per shard). SearchError if this Pagefind's script has no such place."""
    if EXPORT not in pagefind_js or "var PagefindInstance=class" not in pagefind_js:
        raise SearchError("this version of Pagefind's script is not one Briefing knows how to merge shards with (see search.py)")
    return pagefind_js.replace(EXPORT, "export{PagefindInstance,createInstance,", 1)


def _install_top_level(written: Path, target: Path, wasm_only: bool = False) -> None:
    """Pagefind's scripts, styles and WebAssembly (from a shard's freshly written bundle) at the top
    of the bundle, with Briefing's merging script as `pagefind.js` and Pagefind's as `pagefind-core.js`.
    `wasm_only`: only the WebAssembly of the shard's language, if the top has none yet."""
    for entry in os.scandir(written):
        if wasm_only:
            if entry.is_file() and entry.name.startswith("wasm.") and not (target / entry.name).exists():
                atomic_write(target / entry.name, Path(entry.path).read_bytes())
            continue
        if entry.is_file() and entry.name != "pagefind-entry.json" and not entry.name.endswith(".pf_meta"):
            if entry.name == "pagefind.js":
                core = core_script(Path(entry.path).read_text(encoding="utf-8"))
                atomic_write(target / CORE, core.encode("utf-8"))
            else:
                atomic_write(target / entry.name, Path(entry.path).read_bytes())
    if not wasm_only:
        atomic_write(target / "pagefind.js", MERGE_SCRIPT.read_bytes())


def _top_level_from_scratch(binary: str, target: Path, language: str) -> None:
    """The top-level files when no shard needs indexing (no article at all): from an empty index."""
    with PagefindService(binary) as service:
        tmp = target / "s" / ".top"
        service.write(service.new_index(language), tmp)
        _install_top_level(tmp, target)
        shutil.rmtree(tmp, ignore_errors=True)


def _index_shards(binary, output_dir, target, dirty, pretty_urls, progress, need_top) -> dict[str, int]:
    """Index the dirty shards with Pagefind's service (one process per core, each taking shards
    one at a time, so its memory is one shard's); each shard is written to a hidden folder and
    renamed into `s/` when complete. Returns {name: words} of the shards made."""
    from .parallel import cores

    lock = threading.Lock()
    todo = list(dirty)
    words: dict[str, int] = {}
    errors: list[BaseException] = []
    top = [need_top]
    done = [0]

    def worker() -> None:
        try:
            with PagefindService(binary) as service:
                while True:
                    with lock:
                        if not todo or errors:
                            return
                        shard = todo.pop(0)
                    count = _index_one(service, output_dir, target, shard, pretty_urls, lock, progress, done)
                    with lock:
                        words[shard.name] = count
                        _install_top_level(target / "s" / f".{shard.name}.top", target, wasm_only=not top[0])
                        top[0] = False
                        shutil.rmtree(target / "s" / f".{shard.name}.top", ignore_errors=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            with lock:
                errors.append(exc)

    # A shard costs about a millisecond per page on one core (Pagefind runs a shard on one thread):
    # one service per core, unless there are fewer shards.
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(cores(), len(dirty)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return words


def _index_one(service: PagefindService, output_dir: Path, target: Path, shard: Shard, pretty_urls: bool, lock, progress, done) -> int:
    """One shard into `s/<name>/` (written as `s/.<name>`, then renamed); returns its word count."""
    index_id = service.new_index(shard.language)
    words = 0
    batch = 32  # requests in flight at once: the replies never fill the pipe
    for start in range(0, len(shard.pages), batch):
        chunk = shard.pages[start : start + batch]
        for path, _sha in chunk:
            with open(output_dir / path, "rb") as f:
                html = f.read().decode("utf-8", "replace")
            url = "/" + (path if not pretty_urls or not path.endswith("/index.html") else path[: -len("index.html")])
            service.send({"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html, "file_path": None})
        service.flush()
        for _ in chunk:
            reply = service.receive("IndexedFile")
            words += int(reply.get("page_word_count") or 0)
        if progress is not None:
            with lock:
                done[0] += len(chunk)
                progress(done[0])
    written = target / "s" / f".{shard.name}.top"
    service.write(index_id, written)
    service.call({"type": "DeleteIndex", "index_id": index_id}, "DeleteIndex")
    final = target / "s" / shard.name
    tmp = target / "s" / f".{shard.name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for entry in os.scandir(written):
        if entry.name in SHARD_FILES or entry.name.endswith(".pf_meta"):
            os.rename(entry.path, tmp / entry.name)
    if final.exists():
        shutil.rmtree(final)
    os.rename(tmp, final)
    return words


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
