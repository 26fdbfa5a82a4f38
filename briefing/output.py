"""Writing public/ so that a reader never sees a half-built site.

Every page is rendered and staged (written as a hidden temporary file beside its final place)
before any published file changes. Then only files whose bytes changed are moved into place, all
or none: the old version of each replaced file is kept until the last one is in, and any failure
(a full disk, a read-only folder, a file that cannot be replaced) puts them back. Files the build
wrote earlier that no longer exist are removed. A manifest in the cache folder records what the
build wrote (nothing else is ever deleted: not a folder in the way, not a file reached through a
link out of the output), with hashes that let the next build skip unchanged files without
reading them. A lock keeps two builds from interleaving.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError, Problem, environment_error
from .faults import fault_point
from .files import OLD_SUFFIX, Swap, atomic_write, sha256

MANIFEST_VERSION = 2


@dataclass
class FileRecord:
    sha256: str
    size: int
    mtime_ns: int
    fingerprint: str = ""
    """Hash of the page's inputs when it was rendered (empty for static files)."""


@dataclass
class Manifest:
    """What the build wrote into the output folder. The folder is named relative to the manifest's
    own (the cache), so a site moved or copied as a whole keeps its manifest, and the files it
    names are removed when they are no longer built; a manifest about another folder is ignored."""

    output: str
    files: dict[str, FileRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, output_dir: Path) -> Manifest:
        here = os.path.relpath(output_dir, path.parent)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            # (version 1 named the folder by its absolute path)
            known = (raw.get("version"), raw.get("output")) in ((MANIFEST_VERSION, here), (1, str(output_dir)))
            files = raw["files"] if known else {}
            return cls(here, {k: FileRecord(*v) for k, v in files.items() if safe_relative(k) and _is_record(v)})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return cls(here)

    def save(self, path: Path) -> None:
        data = {"version": MANIFEST_VERSION, "output": self.output, "files": {k: [r.sha256, r.size, r.mtime_ns, r.fingerprint] for k, r in sorted(self.files.items())}}
        atomic_write(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def _is_record(value) -> bool:
    types = (str, int, int, str)
    return isinstance(value, list) and len(value) == 4 and all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(value, types))


def safe_relative(path: str) -> bool:
    """A path inside its folder, as the build writes them: relative, normalised, no `..`, no NUL."""
    return (
        isinstance(path, str)
        and bool(path)
        and not path.startswith("/")
        and "\\" not in path
        and "\x00" not in path
        and posixpath.normpath(path) == path
        and not path.startswith("../")
        and path != ".."
    )


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class Staged:
    """A rendered file: where it goes, its hash, size and mtime (below),
    the page's fingerprint, and whether its bytes differ from the published file (only then was a
    temporary file written beside it)."""

    path: str
    sha256: str
    size: int
    fingerprint: str
    changed: bool
    mtime_ns: int
    """The mtime of the temporary file written, or of the published file found to hold the same bytes."""
    new: bool = False
    """Nothing was at its place when it was staged (no old version to keep, no folder in the way)."""


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
        same = self._same_bytes(path, data, digest)
        if same:
            return Staged(path, digest, len(data), fingerprint, False, same)
        final = os.path.join(self._root, path)  # str paths: thousands of files per cold build
        try:
            self._ensure_dir(os.path.dirname(final))
            fd = os.open(_temp(final), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                os.write(fd, data)
                mtime = os.fstat(fd).st_mtime_ns
            finally:
                os.close(fd)
        except OSError as exc:
            raise self._error(exc, path) from None
        return Staged(path, digest, len(data), fingerprint, True, mtime, same is None)

    def publish(self, staged: list[Staged], keep: set[str], unlink=None) -> WriteReport:
        """Move changed files into place, all or none, then remove the build's files that are no
        longer produced and record everything in the manifest. `keep` are current files that
        were not re-rendered. If any file cannot be put in place (a folder in the way, a file that
        cannot be replaced, a full disk), the files already replaced get their old versions back,
        the temporary files are removed and the error is raised: the output is as it was.
        `unlink(path)` deletes the replaced files' old versions (a trash.Emptier: later, by a thread)."""
        report = WriteReport(unchanged=len(keep) + sum(1 for s in staged if not s.changed))
        wanted = {s.path for s in staged} | keep
        stale = sorted(p for p in self.manifest.files if p not in wanted)
        changed = [s for s in staged if s.changed]
        if not changed and not stale and all(self._recorded(s) for s in staged):
            self.marker.unlink(missing_ok=True)
            return report  # nothing to do: not even the manifest changes
        swap = Swap(self._root, _temp)
        new: list[str] = []
        try:
            fault_point("publish.staged")
            self._check_targets(changed)
            # Record the union first: if the build dies while moving files, the next one still
            # knows every file it may have written (nothing to record when all were known already).
            new = [s.path for s in changed if s.path not in self.manifest.files]
            for path in new:
                self.manifest.files[path] = FileRecord("", -1, -1)
            if new:
                self.manifest.save(self.manifest_path)
            for s in changed:
                swap.put(s.path, keep_old=not s.new)
                fault_point("publish.renamed")
            fault_point("publish.manifest")
            self._record(staged)
            self.manifest.save(self.manifest_path)
        except BaseException as exc:
            swap.roll_back()
            for path in new:
                self.manifest.files.pop(path, None)
            self.abort(staged)
            if isinstance(exc, OSError):
                raise self._error(exc, swap.current or "") from None
            raise
        fault_point("publish.committed")
        swap.done(unlink)
        report.written = [s.path for s in changed]
        for path in stale:
            if self._remove(path):
                report.removed.append(path)
                self.manifest.files.pop(path, None)
        if report.removed:
            self.manifest.save(self.manifest_path)
        self.marker.unlink(missing_ok=True)
        return report

    def _record(self, staged: list[Staged]) -> None:
        for s in staged:
            self.manifest.files[s.path] = FileRecord(s.sha256, s.size, s.mtime_ns, s.fingerprint)

    def _check_targets(self, changed: list[Staged]) -> None:
        """Before anything moves: no folder stands where a file goes (it is not the build's to
        remove), and no folder on the way is a link that leads out of the output folder."""
        problems, folders = [], set()
        for s in changed:
            final = os.path.join(self._root, s.path)
            if not s.new and os.path.isdir(final) and not os.path.islink(final):
                problems.append(Problem(os.path.join(self.dir.name, s.path), "a folder stands where the build writes this file; move the folder away (the build never deletes what it did not write)"))
            folders.add(os.path.dirname(final))
        leads_out: dict[str, bool] = {self._root: False}

        def out(folder: str) -> bool:  # one lstat per folder: only a link can lead out
            if folder not in leads_out:
                parent = os.path.dirname(folder)
                leads_out[folder] = parent != folder and (out(parent) or (os.path.islink(folder) and not _inside(folder, self._root)))
            return leads_out[folder]

        for folder in sorted(folders):
            if out(folder):
                problems.append(Problem(folder, f"this folder leads out of the output folder (through a link, to {os.path.realpath(folder)}); replace the link with a real folder"))
        if problems:
            raise OutputError(problems)

    def _error(self, exc: OSError, path: str) -> Exception:
        """An OSError while writing a file of the output: the user's environment (full disk,
        read-only) or, with a file where a folder goes, the output's contents; else a bug."""
        shown = os.path.join(self.dir.name, path) if path else str(self.dir)
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            return OutputError(Problem(shown, "a file stands where the build needs a folder; move it away"))
        if exc.errno == errno.EISDIR:  # (made while the build ran)
            return OutputError(Problem(shown, "a folder stands where the build writes this file; move the folder away"))
        env = environment_error(exc, shown)
        if env is not None:
            return env
        exc.briefing_file = shown  # type: ignore[attr-defined]
        return exc

    def _recorded(self, s: Staged) -> bool:
        rec = self.manifest.files.get(s.path)
        return rec is not None and rec.sha256 == s.sha256 and rec.fingerprint == s.fingerprint and rec.mtime_ns == s.mtime_ns

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
        """Temporary files and kept old versions of a build that died (found by walking public/;
        only after a crash). Their names are the build's own."""
        for dirpath, _dirs, files in os.walk(self.dir):
            for name in files:
                if name.endswith((TEMP_SUFFIX, OLD_SUFFIX)):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(dirpath, name))

    def _same_bytes(self, path: str, data: bytes, digest: str) -> int | None:
        """The published file's mtime if it holds these bytes (a true value); 0 if it differs;
        None if there is none."""
        target = os.path.join(self._root, path)
        try:
            st = os.stat(target)
        except OSError:
            return None
        if st.st_size != len(data) or not stat.S_ISREG(st.st_mode):
            return 0  # (a folder where the file goes: publish refuses)
        rec = self.manifest.files.get(path)
        if rec is not None and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns and rec.sha256:
            same = rec.sha256 == digest
        else:
            with open(target, "rb") as f:
                same = f.read() == data
        return max(st.st_mtime_ns, 1) if same else 0

    def _remove(self, path: str) -> bool:
        """Remove a file the build wrote and no longer makes (never a folder, nothing reached
        through a link out of the output), and the folders it leaves empty. False if it cannot
        be removed now (it stays in the manifest: the next build tries again)."""
        target = os.path.join(self._root, path)
        if not _inside(os.path.dirname(target), self._root):
            return True  # reached through a link out of the output: not ours to touch; forget it
        try:
            if not os.path.isdir(target) or os.path.islink(target):
                os.unlink(target)
        except FileNotFoundError:
            pass
        except OSError:
            return False
        parent = os.path.dirname(target)
        while parent != self._root and os.path.isdir(parent):
            try:
                os.rmdir(parent)  # only if empty
            except OSError:
                break
            parent = os.path.dirname(parent)
        return True


def _temp(final: str) -> str:
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}{TEMP_SUFFIX}")


def _inside(folder: str, root: str) -> bool:
    """Whether a folder is the root or inside it once links are followed."""
    real, top = os.path.realpath(folder), os.path.realpath(root)
    return real == top or real.startswith(top + os.sep)
