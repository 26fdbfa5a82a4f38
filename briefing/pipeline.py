"""The build, in one place: ingest -> read content -> site model -> plan pages -> render -> write.

All reading and modelling happens before any writing, and every page is rendered before the first
file in public/ changes, so an error anywhere leaves the published site as it was.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from .canon import load_canon
from .config import Config
from .content import load_articles
from .errors import BriefingError, ContentError, Problem, Reporter
from .ingest import IngestReport, ingest
from .output import Output, WriteReport, build_lock
from .pages import Page, plan
from .site import SiteModel, build_model


@dataclass
class BuildReport:
    ingest: IngestReport | None
    pages: int = 0
    write: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0

    def summary(self) -> str:
        w = self.write
        return (
            f"built {self.pages} pages in {self.seconds:.2f} s: {len(w.written)} written, "
            f"{w.unchanged} unchanged, {len(w.removed)} removed"
        )


def build(config: Config, reporter: Reporter, *, ingest_seeds: bool = True, today: dt.date | None = None) -> BuildReport:
    started = time.perf_counter()
    cache_dir = config.path("cache")
    with build_lock(cache_dir, on_wait=lambda: reporter.info("waiting for another build of this site to finish...")):
        ingested = ingest(config, reporter, today=today) if ingest_seeds else None
        model = load_site(config, reporter)
        pages = plan(model, config)
        _check_unique_outputs(pages)
        files = render_all(config, pages)
        files.update(static_files(config.path("theme") / "static"))
        write = Output(config.path("output"), cache_dir).commit(files, keep=set())
    return BuildReport(ingested, len(pages), write, time.perf_counter() - started)


def load_site(config: Config, reporter: Reporter) -> SiteModel:
    """Read every content page and build the site model; all content errors raise together."""
    from .markup import render_markdown

    articles, problems = load_articles(config.articles_dir, config.root)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        if p.severity == "warning":
            reporter.warn(p.path, p.message, p.line)
    if errors:
        raise ContentError(errors)
    canon = load_canon(config.path("data"))
    bodies = {a.digest: render_markdown(a.body) for a in articles if not a.draft}
    return build_model(articles, bodies, canon, config.taxonomies)


def render_all(config: Config, pages: list[Page]) -> dict[str, tuple[bytes, str]]:
    from .render import Renderer, site_info

    renderer = Renderer(config.path("theme"), site_info(config), config.path("cache"))
    return {p.output: (renderer.render(p), "") for p in pages}


def static_files(static_dir: Path) -> dict[str, tuple[bytes, str]]:
    """The theme's static/ folder, copied to static/ as is."""
    if not static_dir.is_dir():
        return {}
    out = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            out["static/" + path.relative_to(static_dir).as_posix()] = (path.read_bytes(), "")
    return out


def _check_unique_outputs(pages: list[Page]) -> None:
    """Two pages at one path would silently overwrite each other: refuse, naming both."""
    seen: dict[str, Page] = {}
    problems = []
    for p in pages:
        if p.output in seen:
            problems.append(Problem(p.output, f"two pages would be written here: '{seen[p.output].title}' and '{p.title}'"))
        seen[p.output] = p
    if problems:
        raise BriefingError(problems)
