"""The build, in one place: ingest -> up-to-date check -> (sitebuild.py) read content -> site model
-> plan pages -> render -> write.

All reading and modelling happens before any writing, and every page is rendered (into a staging
folder) before the first file in public/ changes, so an error anywhere leaves the published site
as it was. The build is incremental by construction: when no input's stat differs from the last
build's, it stops after the check (make's up-to-date check) without importing the modules of a
rebuild (0.1 s of the 0.3 s a no-op takes); otherwise sitebuild.py renders only the pages whose
inputs hash differently, and parses only the content pages whose bytes did.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cache import PACKAGE, Snapshot
from .config import Config
from .errors import Reporter
from .files import build_lock
from .ingest import IngestReport, ingest
from .output import WriteReport
from .theme import theme_chain

if TYPE_CHECKING:
    from .search import SearchReport


@dataclass
class BuildReport:
    ingest: IngestReport | None
    pages: int = 0
    rendered: int = 0
    write: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    """Wall time of each phase of the build (shown with --debug)."""
    search: SearchReport | None = None
    """The search index, when this build made one."""
    search_pending: bool = False
    """The index is out of date and this build was asked to leave it to the caller (`serve`)."""

    up_to_date: bool = False
    """Nothing the site is made from changed since the last build: it stopped after the check."""

    def summary(self) -> str:
        w = self.write
        if self.up_to_date:
            return f"{self.pages} pages up to date: nothing to build"
        text = f"built {self.pages} pages in {self.seconds:.2f} s: {self.rendered} rendered, {len(w.written)} written, {w.unchanged} unchanged, {len(w.removed)} removed"
        if self.search is not None:
            text += "; " + self.search.summary()
        return text


class Phases:
    """The wall time of each phase of a build, from its start."""

    def __init__(self) -> None:
        self.started = self._last = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._last
        self._last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


def build(config: Config, reporter: Reporter, *, ingest_seeds: bool = True, today: dt.date | None = None, index_search: bool = True, future: bool = False) -> BuildReport:
    """Ingest new seeds, then bring the output folder up to date. With index_search=False an out
    of date search index is only reported (BuildReport.search_pending), for `serve` to update it
    in the background. Items scheduled (`publish:`) after `today` stay out unless `future`."""
    today = today or dt.date.today()
    phase = Phases()
    cache_dir = config.path("cache")
    with build_lock(cache_dir, on_wait=lambda: reporter.info("waiting for another build of this site to finish...")):
        ingested = ingest(config, reporter, today=today) if ingest_seeds else None
        phase("ingest")
        snapshot = Snapshot(cache_dir)
        inputs = input_stats(config)
        unchanged = snapshot.matches(inputs, today, future)
        phase("up-to-date check")
        if unchanged is not None:
            return BuildReport(ingested, unchanged, 0, WriteReport(), phase.total(), phase.seconds, up_to_date=True)
        from .sitebuild import rebuild  # (only now: a no-op build never needs it)

        return rebuild(config, reporter, snapshot, inputs, ingested, today=today, future=future, index_search=index_search, phase=phase)


def input_stats(config: Config) -> dict:
    """Stats of everything a build reads: content, data, theme, the config file and the code."""
    folders = [config.path("content"), config.path("data"), *theme_chain(config), PACKAGE]
    files = [config.source] if config.source else []
    files.append(config.path("hooks"))  # (its absence is recorded too: adding one is a change)
    return Snapshot.capture(folders, files)
