"""Writing public/ so that a reader never sees a half-built site.

Everything is rendered before this module is called. Then only files whose bytes changed are
written, each into a staging folder first and moved into place with an atomic rename; files the
build wrote earlier that no longer exist are removed. A manifest in the cache folder records what
the build wrote (so nothing else is ever deleted), with hashes that let the next build skip
unchanged files without reading them. A lock keeps two builds from interleaving.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LockedError, Problem

STAGING_PREFIX = ".briefing-staging-"
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


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Output:
    """The output folder and its manifest."""

    def __init__(self, output_dir: Path, cache_dir: Path):
        self.dir = output_dir
        self.manifest_path = cache_dir / "manifest.json"
        self.manifest = Manifest.load(self.manifest_path, output_dir)

    def is_current(self, path: str, fingerprint: str) -> bool:
        """The file on disk is the one the manifest recorded for these inputs (no need to render it)."""
        rec = self.manifest.files.get(path)
        if rec is None or not fingerprint or rec.fingerprint != fingerprint:
            return False
        try:
            st = (self.dir / path).stat()
        except OSError:
            return False
        return st.st_size == rec.size and st.st_mtime_ns == rec.mtime_ns

    def commit(self, rendered: dict[str, tuple[bytes, str]], keep: set[str]) -> WriteReport:
        """Write `rendered` (path -> (bytes, fingerprint)); `keep` are current files not re-rendered.

        Files of the previous build that are in neither are removed."""
        report = WriteReport()
        changed: dict[str, bytes] = {}
        for path, (data, _fp) in rendered.items():
            if self._same_bytes(path, data):
                report.unchanged += 1
            else:
                changed[path] = data
        report.unchanged += len(keep)
        wanted = set(rendered) | keep
        stale = sorted(p for p in self.manifest.files if p not in wanted)
        self._clean_staging()
        staging = self.dir / f"{STAGING_PREFIX}{os.getpid()}"
        try:
            for path, data in changed.items():
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            # Record the union first: if the build dies while moving files, the next one still
            # knows every file it may have written.
            for path in changed:
                self.manifest.files.setdefault(path, FileRecord("", -1, -1))
            self.manifest.save(self.manifest_path)
            for path in changed:
                final = self.dir / path
                final.parent.mkdir(parents=True, exist_ok=True)
                if final.is_dir():
                    shutil.rmtree(final)
                os.replace(staging / path, final)
                report.written.append(path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for path in stale:
            self._remove(path)
            report.removed.append(path)
            self.manifest.files.pop(path, None)
        for path, (data, fp) in rendered.items():
            st = (self.dir / path).stat()
            self.manifest.files[path] = FileRecord(sha256(data), st.st_size, st.st_mtime_ns, fp)
        self.manifest.save(self.manifest_path)
        return report

    def _same_bytes(self, path: str, data: bytes) -> bool:
        target = self.dir / path
        try:
            st = target.stat()
        except OSError:
            return False
        if st.st_size != len(data):
            return False
        rec = self.manifest.files.get(path)
        if rec is not None and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns and rec.sha256:
            return rec.sha256 == sha256(data)
        return target.read_bytes() == data

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

    def _clean_staging(self) -> None:
        """Remove staging folders a killed build left behind."""
        if not self.dir.is_dir():
            return
        for p in self.dir.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(p, ignore_errors=True)


@contextlib.contextmanager
def build_lock(cache_dir: Path, wait: bool = True, on_wait=None) -> Iterator[None]:
    """One build at a time per site. The OS releases the lock when a build dies, even with kill -9."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / "build.lock"
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
        try:
            f.seek(0)
            f.truncate()
            f.write(str(os.getpid()))
            f.flush()
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
