"""Extraction of the seeds an ingest needs, on every core, ahead of the ingest loop.

The ingest loop (ingest.py) goes through the seeds in name order and decides, seed by seed, what
to write; it stays the only writer of pages and of the ingest journal, one page at a time, so
every guarantee of a killed ingest holds as before. What takes the time is extraction, and that
depends only on the seed's bytes: this module runs it beforehand for the seeds the loop will ask
about, in forked worker processes (the gazetteer, loaded once in the parent, is shared with them),
and hands the results to the loop in seed order as they arrive, so pages are written while the
workers extract the next seeds. A seed the loop asks about that was not prefetched (the guess
below is only an optimisation) is extracted in the parent, as before. The extraction data is
loaded only when at least one seed needs extracting: never for a build with no new seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import parallel
from .errors import SeedError, processing

PARALLEL_SEEDS = 16
"""Below this many seeds to extract, forking workers costs more than it saves."""
CHUNK = 4
"""Seeds per task: small, so the parent writes pages all along and the last chunks keep both cores busy."""


@dataclass(frozen=True, slots=True)
class Made:
    """What extraction made of a seed: the slug its title gives (before clashes are settled), the
    bytes of its page, the fingerprint of its text (duplicates.py) and the warnings of its reading;
    or the reason it cannot be used."""

    rel: str
    sha256: str
    slug_base: str = ""
    data: bytes = b""
    fingerprint: str | None = None
    warnings: tuple[str, ...] = ()
    error: SeedError | None = None


class Prefetch:
    """Results of the extraction of `seeds`, taken by the ingest loop in seed order."""

    def __init__(self, seeds: Sequence, make: Callable[[Any], Made], progress=None):
        self._seeds = list(seeds)
        self._make = make
        self._iter: Iterator[Made] | None = None
        self._next: Made | None = None
        self._progress = progress
        self._done = 0
        self.expected = {(s.rel, s.sha256) for s in self._seeds}

    def _chunk(self, seeds: Sequence) -> list[Made]:
        out = []
        for seed in seeds:
            with processing(seed.rel):  # (an internal error names the seed, also from a worker)
                try:
                    out.append(self._make(seed))
                except SeedError as exc:
                    out.append(Made(seed.rel, seed.sha256, error=exc))
        return out

    def start(self) -> None:
        if self._iter is None and self._seeds:
            self._iter = parallel.imap_ordered(self._chunk, self._seeds, PARALLEL_SEEDS, CHUNK)

    def take(self, seed) -> Made | None:
        """The prefetched result for this seed (its bytes unchanged), or None if it was not
        prefetched. Results come in seed order; results for seeds the loop skipped are dropped."""
        if (seed.rel, seed.sha256) not in self.expected or self._iter is None:
            return None
        while True:
            made = self._next if self._next is not None else next(self._iter, None)
            self._next = None
            if made is None:
                return None
            self._count()
            if made.rel == seed.rel:
                return made if made.sha256 == seed.sha256 else None
            # A result for a seed the loop did not ask about (our guess was wrong): dropped.

    def _count(self) -> None:
        self._done += 1
        if self._progress is not None:
            self._progress(self._done)

    def close(self) -> None:
        """Stop the workers (after the loop, or when it failed half-way) and end the progress line."""
        if self._iter is not None:
            self._iter.close()  # type: ignore[attr-defined]
            self._iter = None
        if self._progress is not None:
            self._progress.finish()
