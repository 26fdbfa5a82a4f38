"""The build cache (a git-ignored folder; everything in it can be rebuilt).

- `content.pickle`: the parsed front-matter of every content page, by path, kept while the file's
  bytes hash the same (content hashes, not mtimes);
- `bodies-<version>.sqlite`: rendered Markdown by content hash; a build reads only the bodies of
  the article pages it renders;
- `canon.pickle`: the entity data file, parsed, by its hash;
- `manifest.json` (see output.py): what the build wrote, with the fingerprint of each page's inputs.

A cache written by another version of the parsing or rendering code is ignored, not trusted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

from .content import Article
from .errors import BriefingError, Problem
from .files import atomic_write
from .fingerprint import files_digest

PACKAGE = Path(__file__).resolve().parent
_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def code_version(*modules: str) -> str:
    """Hash of the source of the modules whose output a cache holds."""
    return files_digest([PACKAGE / f"{m}.py" for m in modules], PACKAGE)


def _atomic_pickle(path: Path, value) -> None:
    atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


@dataclass
class ContentCache:
    """Parsed pages by path: (sha256 of the file, Article), valid while the hash matches.

    Like git's index, it also remembers each file's (size, mtime, inode) when it was hashed, so
    that a file whose stat is unchanged need not be read again to be hashed. A file modified within
    two seconds of the cache being written is always read again (the "racy" case)."""

    path: Path
    version: str
    entries: dict[str, tuple[str, Article]] = field(default_factory=dict)
    stats: dict[str, tuple[int, int, int, str]] = field(default_factory=dict)
    written_ns: int = 0
    dirty: bool = False
    _rows: dict[str, tuple[str, tuple]] = field(default_factory=dict, repr=False)
    """The entries as loaded (plain tuples): saved again as they are, only new ones converted."""

    @classmethod
    def load(cls, cache_dir: Path) -> ContentCache:
        version = code_version("content", "frontmatter", "yamlio", "slugs", "chars", "markup", "media")  # (markup and media: Article.media)
        path = cache_dir / "content.pickle"
        try:
            with open(path, "rb") as f:
                stored_version, rows, stats = pickle.load(f)
                written_ns = os.fstat(f.fileno()).st_mtime_ns
            if stored_version == version:
                entries = {rel: (digest, Article(**dict(zip(_ARTICLE_FIELDS, values)))) for rel, (digest, values) in rows.items()}
                return cls(path, version, entries, stats, written_ns, _rows=rows)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            pass
        return cls(path, version, dirty=True)

    def known_digest(self, rel: str, stat: tuple[int, int, int]) -> str | None:
        """The hash recorded for a file whose (size, mtime, inode) has not changed since, if that
        can be trusted (not modified within two seconds of the last save: the "racy" case)."""
        rec = self.stats.get(rel)
        if rec is None or rec[:3] != stat or stat[1] >= self.written_ns - 2_000_000_000:
            return None
        return rec[3]

    def has(self, rel: str) -> bool:
        """Whether a version of this page is cached (else it is new: nothing to compare with)."""
        return rel in self.entries

    def get(self, rel: str, digest: str) -> Article | None:
        entry = self.entries.get(rel)
        return entry[1] if entry is not None and entry[0] == digest else None

    def put(self, rel: str, article: Article) -> None:
        self.entries[rel] = (article.digest, article)
        self._rows.pop(rel, None)
        self.dirty = True

    def record_stat(self, rel: str, stat: tuple[int, int, int], digest: str) -> None:
        rec = (*stat, digest)
        if self.stats.get(rel) != rec:
            self.stats[rel] = rec
            self.dirty = True

    def keep_only(self, paths: set[str]) -> None:
        gone = [p for p in self.entries if p not in paths] + [p for p in self.stats if p not in paths]
        for p in gone:
            self.entries.pop(p, None)
            self.stats.pop(p, None)
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        if self.dirty:
            # Plain tuples pickle and load three times faster than the dataclasses themselves.
            old = self._rows
            rows = {rel: old.get(rel) or (digest, tuple(getattr(a, name) for name in _ARTICLE_FIELDS)) for rel, (digest, a) in self.entries.items()}
            _atomic_pickle(self.path, (self.version, rows, self.stats))
            self._rows = rows
            self.dirty = False


class BodyStore:
    """Rendered Markdown bodies by the content hash of their page."""

    def __init__(self, cache_dir: Path):
        version = code_version("markup", "markup_bounds", "chars")[:12]
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("bodies-*.sqlite"):
            if old.name != f"bodies-{version}.sqlite":
                old.unlink(missing_ok=True)  # written by other rendering code
        self.path = cache_dir / f"bodies-{version}.sqlite"
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise self._error(exc) from None
            self.path.unlink()  # a cache: made again (the bodies are rendered again where needed)
            with self._checked():
                self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            # A cache needs no durability: a commit does not wait for the disk (a crash of the
            # build cannot damage the file, only one of the whole machine can: see __init__).
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE IF NOT EXISTS bodies (digest TEXT PRIMARY KEY, html TEXT NOT NULL)")
        except BaseException:
            db.close()
            raise
        return db

    @contextlib.contextmanager
    def _checked(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.DatabaseError) -> BriefingError:
        if _damaged(exc):
            return BriefingError(Problem(str(self.path), f"the build cache is damaged ({exc}): delete this file; the next build makes it again"))
        return BriefingError(Problem(str(self.path), f"cannot use the build cache: {exc}"))  # locked, disk full, ...

    def known(self) -> set[str]:
        with self._checked():
            return {row[0] for row in self.db.execute("SELECT digest FROM bodies")}

    def get_many(self, digests: Iterable[str]) -> dict[str, str]:
        wanted = list(set(digests))
        out: dict[str, str] = {}
        with self._checked():
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                out.update(self.db.execute(f"SELECT digest, html FROM bodies WHERE digest IN ({marks})", chunk))
        return out

    def put_many(self, items: dict[str, str]) -> None:
        if items:
            with self._checked(), self.db:
                self.db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", items.items())

    def discard(self, stale: set[str]) -> None:
        if stale:
            with self._checked(), self.db:
                self.db.executemany("DELETE FROM bodies WHERE digest = ?", [(d,) for d in stale])

    def close(self) -> None:
        self.db.close()


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """A damaged or foreign file, as opposed to one that is locked or on a full disk."""
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def load_cached(path: Path, key: str):
    """A value pickled with `save_cached` under the same key, or None."""
    try:
        with open(path, "rb") as f:
            stored_key, value = pickle.load(f)
        return value if stored_key == key else None
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return None


def save_cached(path: Path, key: str, value) -> None:
    _atomic_pickle(path, (key, value))


class Snapshot:
    """The stats of every input of the last successful build (taken before it read them) and of
    every file it published.

    When nothing differs, nothing can have changed and the build stops there, without reading
    content or planning pages (make's up-to-date check). Any difference sends the build down the
    full, hash-keyed path. On file systems with coarse timestamps (whole seconds), a file modified
    within two seconds of the snapshot cannot be told apart from a later edit, so it is not trusted."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "snapshot.pickle"
        self.taken_ns = time.time_ns()

    @staticmethod
    def capture(folders: list[Path], files: list, known: dict | None = None) -> dict[str, tuple[int, int, int]]:
        """Stats of the files in folders and of `files`; `known`: stats of some of them, just taken."""
        stats: dict[str, tuple[int, int, int]] = {}
        for folder in folders:
            for dirpath, dirnames, names in os.walk(folder):
                dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
                for name in names:
                    _stat_into(stats, os.path.join(dirpath, name))
        known = known or {}
        for f in files:
            f = str(f)
            if f in known:
                stats[f] = known[f]
            else:
                _stat_into(stats, f)
        return stats

    def matches(self, inputs: dict, today: dt.date, future: bool = False) -> int | None:
        """The page count of the last build if its inputs, and the files it published, are exactly
        as it left them, and no scheduled item has come due since."""
        try:
            with open(self.path, "rb") as f:
                saved_inputs, saved_outputs, pages, taken_ns, release, saved_future = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return None
        if saved_inputs != inputs or saved_future != future or (release is not None and today >= release):
            return None  # (or scheduled items shown or not, or the day came when one goes out)
        racy = any(mtime % 1_000_000_000 == 0 and mtime >= taken_ns - 2_000_000_000 for _size, mtime, _ino in inputs.values())
        if racy or self.capture([], list(saved_outputs)) != saved_outputs:
            return None
        return pages

    def save(self, inputs: dict, outputs: dict, pages: int, release: dt.date | None = None, future: bool = False) -> None:
        """Record the inputs as they were when this build began (`inputs`), its outputs, and the
        day the next scheduled item goes out (`release`)."""
        _atomic_pickle(self.path, (inputs, outputs, pages, self.taken_ns, release, future))

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _stat_into(stats: dict, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    stats[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
