"""Writing public/ so that a reader never sees a half-built site.

Every page is rendered and staged (written as a hidden temporary file beside its final place)
before any published file changes. Then only files whose bytes changed are moved into place, each
with an atomic rename; files the build wrote earlier that no longer exist are removed. A manifest in the cache folder records what
the build wrote (so nothing else is ever deleted), with hashes that let the next build skip
unchanged files without reading them. A lock keeps two builds from interleaving.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LockedError, Problem
from .faults import fault_point

MANIFEST_VERSION = 1


@dataclass
class FileRecord:
    sha256: str
    size: int
    mtime_ns: int
    fingerprint: str = ""
    """Hash of the page's inputs when it was rendered (empty for static files)."""


@dataclass
class Manifest:
    output: str
    files: dict[str, FileRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, output_dir: Path) -> "Manifest":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") != MANIFEST_VERSION or raw.get("output") != str(output_dir):
                return cls(str(output_dir))
            return cls(str(output_dir), {k: FileRecord(*v) for k, v in raw["files"].items()})
        except (OSError, ValueError, KeyError, TypeError):
            return cls(str(output_dir))

    def save(self, path: Path) -> None:
        data = {"version": MANIFEST_VERSION, "output": self.output, "files": {k: [r.sha256, r.size, r.mtime_ns, r.fingerprint] for k, r in sorted(self.files.items())}}
        atomic_write(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes, durable: bool = False) -> None:
    """Write through a temporary file and a rename: a crash leaves the old file or the new one.
    `durable` also waits for the disk (for editors' files; caches need not)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        fault_point("write.temp_written")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # a full disk, or an error: no temporary file left (a kill leaves one: see ingest_state)
        raise


@dataclass(frozen=True, slots=True)
class Staged:
    """A rendered file: where it goes, its hash, size and (if written) the temporary file's mtime,
    the page's fingerprint, and whether its bytes differ from the published file (only then was a
    temporary file written beside it)."""

    path: str
    sha256: str
    size: int
    fingerprint: str
    changed: bool
    mtime_ns: int = -1


TEMP_SUFFIX = ".briefing-tmp"
IN_PROGRESS = "build-in-progress"


class Output:
    """The output folder and its manifest.

    Rendered files are staged as hidden temporary files beside their final place (`.x.briefing-tmp`),
    so publishing is one rename per file in the same folder. `stage` may run in worker processes;
    `publish` runs once, in the parent, after every page rendered; `abort` removes the staging."""

    def __init__(self, output_dir: Path, cache_dir: Path):
        self.dir = output_dir
        self._root = str(output_dir)
        self.manifest_path = cache_dir / "manifest.json"
        self.marker = cache_dir / IN_PROGRESS
        self.manifest = Manifest.load(self.manifest_path, output_dir)
        self.unchanged_stats: dict[str, tuple[int, int, int]] = {}
        """(size, mtime, inode) of the files found current, by full path (they are not touched)."""
        self._new_dirs: set[str] = set()  # folders the build makes (removed again if it fails)
        self._made: set[str] = set()  # folders this process knows exist

    def is_current(self, path: str, fingerprint: str) -> bool:
        """The file on disk is the one the manifest recorded for these inputs (no need to render it)."""
        rec = self.manifest.files.get(path)
        if rec is None or not fingerprint or rec.fingerprint != fingerprint:
            return False
        full = os.path.join(self._root, path)
        try:
            st = os.stat(full)  # str paths: ~5,000 of these per build
        except OSError:
            return False
        if st.st_size == rec.size and st.st_mtime_ns == rec.mtime_ns:
            self.unchanged_stats[full] = (st.st_size, st.st_mtime_ns, st.st_ino)
            return True
        return False

    def begin(self) -> None:
        """Note that a build is writing; after one that died, clear what it left behind."""
        if self.marker.exists() and self.dir.is_dir():
            self._clean_leftovers()
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        self.marker.write_text(str(os.getpid()))

    def prepare(self, paths) -> None:
        """Note the folders the staged files need that do not exist yet, so that a failed build can
        remove the ones it made. They are created as the files are staged (by the workers, in
        parallel: on a busy disk a folder can cost a millisecond)."""
        known: dict[str, bool] = {}

        def missing(folder: str) -> bool:
            if folder not in known:
                parent = os.path.dirname(folder)
                # Below a missing folder every folder is missing: one stat for a whole new tree.
                known[folder] = (parent != folder and missing(parent)) or not os.path.isdir(folder)
            return known[folder]

        for path in paths:
            missing(os.path.dirname(os.path.join(self._root, path)))
        self._new_dirs.update(folder for folder, gone in known.items() if gone)

    def stage(self, path: str, data: bytes, fingerprint: str = "") -> Staged:
        digest = sha256(data)
        if self._same_bytes(path, data, digest):
            return Staged(path, digest, len(data), fingerprint, False)
        final = os.path.join(self._root, path)  # str paths: thousands of files per cold build
        self._ensure_dir(os.path.dirname(final))
        fd = os.open(_temp(final), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
            mtime = os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)
        return Staged(path, digest, len(data), fingerprint, True, mtime)

    def publish(self, staged: list[Staged], keep: set[str]) -> WriteReport:
        """Move changed files into place, remove the build's files that are no longer produced,
        record everything in the manifest. `keep` are current files that were not re-rendered."""
        report = WriteReport(unchanged=len(keep) + sum(1 for s in staged if not s.changed))
        wanted = {s.path for s in staged} | keep
        stale = sorted(p for p in self.manifest.files if p not in wanted)
        changed = [s for s in staged if s.changed]
        if not changed and not stale and all(self._recorded(s) for s in staged):
            self.marker.unlink(missing_ok=True)
            return report  # nothing to do: not even the manifest changes
        # Record the union first: if the build dies while moving files, the next one still
        # knows every file it may have written (nothing to record when all were known already).
        new = [s.path for s in changed if s.path not in self.manifest.files]
        for path in new:
            self.manifest.files[path] = FileRecord("", -1, -1)
        if new:
            self.manifest.save(self.manifest_path)
        for s in changed:
            final = os.path.join(self._root, s.path)
            try:
                os.replace(_temp(final), final)
            except IsADirectoryError:  # a folder stands where the file goes: the file wins
                shutil.rmtree(final)
                os.replace(_temp(final), final)
            report.written.append(s.path)
        for path in stale:
            self._remove(path)
            report.removed.append(path)
            self.manifest.files.pop(path, None)
        for s in staged:
            rec = self.manifest.files.get(s.path)
            if s.changed:
                self.manifest.files[s.path] = FileRecord(s.sha256, s.size, s.mtime_ns, s.fingerprint)
            elif rec is not None and rec.sha256 == s.sha256 and rec.size >= 0:
                self.manifest.files[s.path] = FileRecord(s.sha256, rec.size, rec.mtime_ns, s.fingerprint)
            else:
                st = os.stat(self.dir / s.path)
                self.manifest.files[s.path] = FileRecord(s.sha256, st.st_size, st.st_mtime_ns, s.fingerprint)
        self.manifest.save(self.manifest_path)
        self.marker.unlink(missing_ok=True)
        return report

    def _recorded(self, s: Staged) -> bool:
        rec = self.manifest.files.get(s.path)
        return rec is not None and rec.sha256 == s.sha256 and rec.fingerprint == s.fingerprint

    def abort(self, staged: list[Staged] | None = None) -> None:
        """Undo the staging of a build that failed: public/ is left exactly as it was."""
        if staged is None:
            self._clean_leftovers()
        else:
            for s in staged:
                if s.changed:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(_temp(os.path.join(self._root, s.path)))
        for folder in sorted(self._new_dirs, key=len, reverse=True):
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only the empty folders this build made
        self._new_dirs.clear()
        self.marker.unlink(missing_ok=True)

    def commit(self, rendered: dict[str, tuple[bytes, str]], keep: set[str]) -> WriteReport:
        """Stage and publish in one go (small sites, tests)."""
        self.begin()
        self.prepare(rendered)
        staged: list[Staged] = []
        try:
            for path, (data, fp) in rendered.items():
                staged.append(self.stage(path, data, fp))
        except BaseException:
            self.abort(staged)
            raise
        return self.publish(staged, keep)

    def _ensure_dir(self, folder: str) -> None:
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)  # another worker may be making it too
            self._made.add(folder)

    def _clean_leftovers(self) -> None:
        """Temporary files of a build that died (found by walking public/; only after a crash)."""
        for dirpath, _dirs, files in os.walk(self.dir):
            for name in files:
                if name.endswith(TEMP_SUFFIX):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(dirpath, name))

    def _same_bytes(self, path: str, data: bytes, digest: str) -> bool:
        target = os.path.join(self._root, path)
        try:
            st = os.stat(target)
        except OSError:
            return False
        if st.st_size != len(data) or not stat.S_ISREG(st.st_mode):
            return False  # (a folder where the file goes: publish replaces it)
        rec = self.manifest.files.get(path)
        if rec is not None and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns and rec.sha256:
            return rec.sha256 == digest
        with open(target, "rb") as f:
            return f.read() == data

    def _remove(self, path: str) -> None:
        target = self.dir / path
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            target.unlink()
        parent = target.parent
        while parent != self.dir and parent.is_dir():
            try:
                parent.rmdir()  # only if empty
            except OSError:
                break
            parent = parent.parent


def _temp(final: str) -> str:
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}{TEMP_SUFFIX}")


_HELD: dict[tuple[str, int], int] = {}
"""Locks this process holds, by (file, thread): a build that ingests takes the lock once."""


@contextlib.contextmanager
def build_lock(cache_dir: Path, wait: bool = True, on_wait=None, name: str = "build.lock") -> Iterator[None]:
    """One build, ingest or check (or one search-index run: `name`) at a time per site. The OS
    releases the lock when its holder dies, even with kill -9. Re-entrant within one thread."""
    import threading

    path = cache_dir / name
    key = (str(path), threading.get_ident())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on Windows
            yield
            return
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise LockedError(Problem(str(path), "another build of this site is running; try again when it has finished")) from None
            if on_wait:
                on_wait()
            fcntl.flock(f, fcntl.LOCK_EX)
        _HELD[key] = 1
        try:
            f.seek(0)
            f.truncate()
            f.write(str(os.getpid()))
            f.flush()
            yield
        finally:
            del _HELD[key]
            fcntl.flock(f, fcntl.LOCK_UN)
