"""Which seeds changed, without reading the ones that did not.

An ingest compares every seed's sha256 with the one the ingest state recorded. A build with nothing
new should not read and hash thousands of seeds for that, so the cache folder keeps, for every seed
read, its stats (size, modification and change times, inode, type) and its hash: a seed whose stats
are the same holds the same bytes (any write changes the change time, which cannot be set back),
and its bytes are read only if it has to be extracted. The cache is only an optimisation: deleted,
damaged or made by another version, it is ignored and every seed is read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import sources
from .files import atomic_write

CACHE_FILE = "seeds.json"
VERSION = 1


class KnownSeed:
    """A seed whose stats are those recorded with its hash: the same attributes as sources.Seed,
    its bytes read only when asked for (to extract it)."""

    __slots__ = ("path", "rel", "sha256", "_data")

    def __init__(self, path: Path, rel: str, sha256: str):
        self.path, self.rel, self.sha256, self._data = path, rel, sha256, None

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = sources.read_regular(self.path)
        return self._data


def seed_rels(paths: list[Path], root: Path) -> list[str]:
    """sources.seed_rel of many seeds, with each folder resolved once (not once per seed)."""
    real_root = root.resolve()
    folders: dict[Path, Path | None] = {}
    out = []
    for path in paths:
        folder = path.parent
        if folder not in folders:
            try:
                folders[folder] = Path(os.path.realpath(folder)).relative_to(real_root)
            except ValueError:
                folders[folder] = None
        rel = folders[folder]
        out.append(sources.seed_rel(path, root) if rel is None else (rel / path.name).as_posix())
    return out


class SeedStats:
    """The cache file: {seed: [size, mtime_ns, ctime_ns, inode, mode, sha256]}."""

    def __init__(self, path: Path, entries: dict[str, list]):
        self.path = path
        self.entries = entries
        self._changed = False

    @classmethod
    def load(cls, cache_dir: Path) -> SeedStats:
        path = cache_dir / CACHE_FILE
        try:
            raw = json.loads(path.read_bytes())
            entries = raw["seeds"] if raw.get("version") == VERSION and isinstance(raw.get("seeds"), dict) else {}
        except (OSError, ValueError, AttributeError, RecursionError):
            entries = {}
        return cls(path, entries)

    def read(self, path: Path, rel: str):
        """The seed: a KnownSeed if its stats are those recorded, else read now (sources.Seed).
        SeedError if it cannot be read."""
        try:
            st = os.stat(path)
        except OSError:
            st = None
        key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode] if st is not None else None
        known = self.entries.get(rel)
        if key is not None and isinstance(known, list) and len(known) == 6 and known[:5] == key and isinstance(known[5], str):
            return KnownSeed(path, rel, known[5])
        seed = sources.Seed(path=path, rel=rel, data=sources.read_regular(path))
        if key is not None:  # (stats taken before reading: a write while reading changes them, and the next run reads again)
            self.entries[rel] = key + [seed.sha256]
            self._changed = True
        return seed

    def keep_only(self, rels) -> None:
        wanted = set(rels)
        gone = [rel for rel in self.entries if rel not in wanted]
        for rel in gone:
            del self.entries[rel]
        self._changed = self._changed or bool(gone)

    def save(self) -> None:
        if self._changed:
            atomic_write(self.path, json.dumps({"version": VERSION, "seeds": self.entries}, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogateescape"))
            self._changed = False
