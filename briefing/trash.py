"""Deleting what a build no longer needs, off its critical path.

On this project's benchmark machine (ext4 mounted with `discard`), deleting a file that has reached
the disk costs 1.5-3 ms: the ~160 old versions of the pages one added article changes took 0.2-0.3
s of the build, and a replaced search shard (~46 files) 0.07-0.15 s. So the old versions of the
pages just replaced are deleted by a thread while the search index is made (the build waits for it
before it returns: nothing is left in the output), and a replaced shard is moved (one rename) into
the cache folder's `trash/`, which the next build that publishes anything empties while it makes
its index (the thread starts after the render: worker processes are never forked beside it).
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from pathlib import Path

TRASH = "trash"
_count = itertools.count()


def throw(path: Path, cache_dir: Path) -> None:
    """Move the folder `path` into the trash of `cache_dir` (removed there by the next build's
    `Emptier`); removed at once if it cannot be moved (another file system)."""
    trash = cache_dir / TRASH
    try:
        trash.mkdir(parents=True, exist_ok=True)
        os.rename(path, trash / f"{os.getpid()}-{next(_count)}-{path.name}")
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


class Emptier:
    """A thread that empties the trash of `cache_dir` (what is in it when it starts) and deletes
    the files handed to `unlink`; `join` waits until all of it is gone."""

    def __init__(self, cache_dir: Path):
        self.trash = cache_dir / TRASH
        self._files: list[str] = []
        self._lock = threading.Lock()
        self._more = threading.Event()
        self._closed = False
        try:
            self._folders = [e.path for e in os.scandir(self.trash)]
        except OSError:
            self._folders = []
        self._thread = threading.Thread(target=self._run, name="briefing-trash", daemon=True)
        self._thread.start()

    def unlink(self, path: str) -> None:
        with self._lock:
            self._files.append(path)
        self._more.set()

    def _run(self) -> None:
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
        while True:
            self._more.wait()
            with self._lock:
                files, self._files = self._files, []
                self._more.clear()
                closed = self._closed
            for path in files:
                try:
                    os.unlink(path)
                except OSError:
                    pass
            if closed:  # (nothing is handed over after join)
                return

    def join(self) -> None:
        with self._lock:
            self._closed = True
        self._more.set()
        self._thread.join()
