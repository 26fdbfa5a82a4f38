"""Small file-system helpers every writer of the site shares: hashes, atomic writes, the build lock."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import LockedError, Problem
from .faults import fault_point


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
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # a full disk, or an error: no temporary file left (a kill leaves one: see ingest_state)
        if isinstance(exc, OSError):
            exc.filename = str(path)  # the file being written, not its temporary name
        raise


_HELD: dict[tuple[str, int], int] = {}
"""Locks this process holds, by (file, thread): a build that ingests takes the lock once."""


@contextlib.contextmanager
def build_lock(cache_dir: Path, wait: bool = True, on_wait=None, name: str = "build.lock") -> Iterator[None]:
    """One build, ingest or check (or one search-index run: `name`) at a time per site. The OS
    releases the lock when its holder dies, even with kill -9. Re-entrant within one thread."""
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


OLD_SUFFIX = ".briefing-old"


class Swap:
    """Puts staged files in place so that all can be undone until the last one is in: the old
    version of each replaced file is kept beside it (`.x.briefing-old`, a hard link, so no copy)
    until `done`; `roll_back` puts the old versions back and removes files that were new."""

    def __init__(self, root: str, temp):
        self.root = root
        self.temp = temp
        self.moved: list[tuple[str, str | None]] = []  # (final, its kept old version, or None: it was new)
        self.current: str | None = None
        """The file being put in place (named if it fails)."""

    def put(self, path: str, keep_old: bool = True) -> None:
        """Move one staged file into place; `keep_old=False`: there was none (a new file)."""
        self.current = path
        final = os.path.join(self.root, path)
        kept = _keep(final) if keep_old else None
        try:
            os.replace(self.temp(final), final)
        except BaseException:
            if kept is not None:
                with contextlib.suppress(OSError):
                    os.unlink(kept)
            raise
        self.moved.append((final, kept))
        self.current = None

    def roll_back(self) -> None:
        for final, kept in reversed(self.moved):
            with contextlib.suppress(OSError):
                if kept is None:
                    os.unlink(final)
                else:
                    os.replace(kept, final)
        self.moved.clear()

    def done(self, unlink=None) -> None:
        """Drop the old versions (`unlink(path)`: how; at once by default)."""
        for _final, kept in self.moved:
            if kept is not None:
                if unlink is not None:
                    unlink(kept)
                    continue
                with contextlib.suppress(OSError):
                    os.unlink(kept)
        self.moved.clear()


def _keep(final: str) -> str | None:
    """Keep the file at `final` beside it (a hard link; a copy where there are none): its name,
    or None if there is no file."""
    old = _old(final)
    try:
        try:
            os.link(final, old, follow_symlinks=False)
        except FileExistsError:  # a kept version a killed build left
            os.unlink(old)
            os.link(final, old, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as exc:  # no hard links on this file system
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
        shutil.copy2(final, old, follow_symlinks=False)
    return old


def _old(final: str) -> str:
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}{OLD_SUFFIX}")
