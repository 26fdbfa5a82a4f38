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

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import BriefingError
from .files import atomic_write, build_lock

BUNDLE = "pagefind"
ENTRY = f"{BUNDLE}/pagefind-entry.json"
SHARDS = "shards.json"
INDEXED = "articles/"
"""Only article pages are indexed: lists and profiles would repeat them in the results."""
# Hidden folders inside the output (same file system, so the renames work), removed by the next
# index run if a killed one left them.
STAGING, OLD = ".pagefind-staging", ".pagefind-old"
MARK = ".made-by-briefing"
"""A file the build puts in the bundle it made: a `pagefind/` folder without it is not the build's,
so it is never replaced or removed (it may be an index of the user's own)."""
SHARD_PAGES = 64
"""At most this many pages per shard (on average: pages fall into shards by a hash). Pagefind takes ~5.5 ms a
page and ~20 ms a shard (indexing and writing, one core): an edit at 1,000 articles re-indexes ~60 pages
in ~0.35 s; the search page asks every shard (16 at 1,000 articles, 128 at 5,000)."""
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


class SearchError(Exception):
    """The index could not be made; the build warns and goes on."""


@dataclass(frozen=True)
class Shard:
    index: int
    pages: tuple[tuple[str, str], ...]
    """(output path, digest of the page's indexed part) of its pages, sorted by path."""
    name: str
    language: str


def article_pages(files) -> dict[str, str]:
    """The pages the index takes, from the output manifest's records: {path: sha256}."""
    return {p: r.sha256 for p, r in files.items() if p.startswith(INDEXED) and p.endswith(".html")}


def shard_count(pages: int) -> int:
    count = 1
    while pages > count * SHARD_PAGES:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()[:8], "big") % count


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
                pages = _pages_on_disk(output_dir)
            digests = IndexedDigests(cache_dir)
            made = _make(binary, output_dir, language, pretty_urls, digests.of(output_dir, pages, language), progress)
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


def _pages_on_disk(output_dir: Path) -> dict[str, str]:
    folder = output_dir / INDEXED
    out = {}
    for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
        out[path.relative_to(output_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _make(binary: str, output_dir: Path, language: str, pretty_urls: bool, pages: dict[str, tuple[str, str]], progress) -> tuple[int, int, int, int, int]:
    """(files written, bytes written, shards indexed, shards in all, pages indexed)."""
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
    with _Service(binary) as service:
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
            with _Service(binary) as service:
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


def _index_one(service: _Service, output_dir: Path, target: Path, shard: Shard, pretty_urls: bool, lock, progress, done) -> int:
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


class _Service:
    """`pagefind --service`: requests and replies are base64 JSON, each followed by a comma."""

    def __init__(self, binary: str):
        self.binary = binary
        self.proc: subprocess.Popen | None = None
        self._id = 0
        self._buffer = b""

    def __enter__(self) -> _Service:
        try:
            self.proc = subprocess.Popen([self.binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchError(f"Pagefind did not run: {exc}") from None
        return self

    def __exit__(self, *exc) -> None:
        proc = self.proc
        if proc is None:
            return
        try:
            proc.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def send(self, payload: dict) -> None:
        self._id += 1
        message = json.dumps({"message_id": self._id, "payload": payload}, ensure_ascii=False).encode("utf-8", "surrogateescape")
        try:
            self.proc.stdin.write(base64.b64encode(message) + b",")  # type: ignore[union-attr]
        except OSError as exc:
            raise SearchError(f"Pagefind stopped: {exc}") from None

    def flush(self) -> None:
        try:
            self.proc.stdin.flush()  # type: ignore[union-attr]
        except OSError as exc:
            raise SearchError(f"Pagefind stopped: {exc}") from None

    def receive(self, expected: str) -> dict:
        while b"," not in self._buffer:
            chunk = self.proc.stdout.read1(1 << 16)  # type: ignore[union-attr]
            if not chunk:
                raise SearchError(f"Pagefind stopped (exit status {self.proc.wait()})")  # type: ignore[union-attr]
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b",")
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") != expected:
            raise SearchError(f"Pagefind failed: {payload.get('message') or payload.get('type')}")
        return payload

    def call(self, payload: dict, expected: str) -> dict:
        self.send(payload)
        self.flush()
        return self.receive(expected)

    def new_index(self, language: str) -> int:
        return self.call({"type": "NewIndex", "config": {"force_language": language}}, "NewIndex")["index_id"]

    def write(self, index_id: int, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.call({"type": "WriteFiles", "index_id": index_id, "output_path": str(folder.resolve())}, "WriteFiles")
        _settled(folder)


WRITE_WAIT = 30.0
"""Seconds to wait for the files of a `WriteFiles` reply to be complete on disk."""


def _settled(folder: Path) -> None:
    """Wait until the index Pagefind's service wrote into `folder` is complete. Its reply to
    WriteFiles can come before the files are: under load, `pagefind-entry.json` was found empty
    right after the reply (~1 in 30 writes with two services at work), and a shard moved into place
    then would be broken. Complete: the entry parses, every file is non-empty, and no file's size
    changed between two looks. SearchError if that does not happen within WRITE_WAIT seconds."""
    deadline = time.monotonic() + WRITE_WAIT
    previous = None
    while True:
        sizes = None
        try:
            entry = json.loads((folder / "pagefind-entry.json").read_bytes())
            if isinstance(entry, dict) and isinstance(entry.get("languages"), dict):
                sizes = {p: p.stat().st_size for p in folder.rglob("*") if p.is_file()}
        except (OSError, ValueError):
            sizes = None
        if sizes is not None and all(sizes.values()) and sizes == previous:
            return
        previous = sizes
        if time.monotonic() > deadline:
            raise SearchError(f"Pagefind wrote no complete index into {folder.name}")
        time.sleep(0.01)


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
