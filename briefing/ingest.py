"""Seeds -> content pages, without ever overwriting an editor's work or making a page twice.

The ingest state (see ingest_state.py) remembers for every seed the page it made, the seed's hash
and the hash of the bytes ingest wrote. A page whose bytes differ from what ingest wrote has been
edited, so it is never rewritten: if its seed changes too, the new extraction goes beside it as
`<page>.md.new` and the editor is told, once, which fields differ. Ingest holds the build lock
(one writer of content/ at a time) and records each page as soon as it is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from . import readers, sources
from .config import Config
from .content import WRITTEN, parse_page
from .duplicates import SeenTexts
from .errors import (
    BriefingError,
    Problem,
    Reporter,
    SeedError,
    display_path,
    printable,
    processing,
)
from .faults import fault_point
from .files import atomic_write, build_lock, sha256
from .ingest_state import STATE_FILE, IngestState, SeedRecord, orphan_pages, remove_temporary_files
from .pagemaker import PageMaker, read_single
from .prefetch import Prefetch
from .readers import ITEM_SEPARATOR, SeedItem
from .seedscan import SeedStats, seed_rels
from .slugs import unique_slug

__all__ = ["STATE_FILE", "IngestReport", "ingest"]


@dataclass
class IngestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    """Pages the state did not know, recognised by their `source:` (after a killed ingest or a lost state)."""
    duplicates: list[str] = field(default_factory=list)
    """Seeds whose text an earlier seed already has: no page of their own."""
    unchanged: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.created)} new", f"{len(self.updated)} updated", f"{self.unchanged} unchanged"]
        if self.recovered:
            parts.append(f"{len(self.recovered)} page(s) recognised by their source")
        if self.proposals:
            parts.append(f"{len(self.proposals)} proposal(s) beside edited pages")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} repeated text(s) without a page")
        if self.skipped:
            parts.append(f"{len(self.skipped)} seed(s) skipped")
        return "ingest: " + ", ".join(parts)


def ingest(
    config: Config,
    reporter: Reporter,
    files: list[Path] | None = None,
    refresh: bool = False,
    today: dt.date | None = None,
) -> IngestReport:
    """Turn new or changed seeds into content pages; `refresh` re-extracts every unedited page.
    Holds the build lock: an ingest and a build of one site never write content/ at once."""
    with build_lock(config.path("cache"), on_wait=lambda: reporter.info("waiting for another build of this site to finish...")):
        return _ingest(config, reporter, files, refresh, today or dt.date.today())


def _ingest(config: Config, reporter: Reporter, files: list[Path] | None, refresh: bool, today: dt.date) -> IngestReport:
    seeds_dir, articles_dir, content_dir = config.path("seeds"), config.articles_dir, config.path("content")
    remove_temporary_files(content_dir, articles_dir, seeds_dir)
    state = IngestState.load(content_dir, display_path(content_dir / STATE_FILE, config.root))
    report = IngestReport()
    explicit = files is not None
    if explicit:
        paths = _seed_paths(files, seeds_dir, config.root, reporter)
    else:
        paths, refused = sources.find_seeds(seeds_dir, config.root)
        for path, reason in refused:
            reporter.warn(sources.seed_rel(path, config.root), f"seed skipped: {reason}")
            report.skipped.append(str(path))
    rels = seed_rels(paths, config.root)
    taken = _taken_slugs(articles_dir, state)
    extractor = PageMaker(config, today)
    run = _Run(state, taken, articles_dir, extractor, reporter, report, refresh, explicit, _Orphans(state, articles_dir), SeenTexts(state, content_dir))

    stats = SeedStats.load(config.path("cache"))
    items = run.items(_read_seeds(paths, rels, stats, reporter, report))
    run.prefetch = _prefetch(run, [item for item, _feed in items], reporter)
    try:
        for item, feed in items:
            with processing(item.rel):
                try:
                    run.one(item)
                except SeedError as exc:
                    if feed is None:
                        reporter.warn(item.rel, f"seed skipped: {exc}")
                        report.skipped.append(str(run.paths[item.rel]))
                    else:  # one bad entry does not stop the others
                        reporter.warn(item.rel, f"feed entry skipped: {exc}")
                        report.skipped.append(item.rel)
        for feed in dict.fromkeys(feed for _item, feed in items if feed is not None):
            state.record_container(feed.rel, feed.sha256)  # every entry handled: not parsed again while unchanged
        with processing(display_path(state.path, config.root)):
            state.finish(_write_page)
    finally:
        run.prefetch.close()
        state.close()
    if not explicit:
        stats.keep_only(rels)
    stats.save()
    return report


def _read_seeds(paths: list[Path], rels: list[str], stats: SeedStats, reporter: Reporter, report: IngestReport) -> list:
    """The seed files in name order, each read only if its stats changed since it was last read
    (seedscan.py); an unreadable one is a warning and skipped."""
    seeds = []
    for path, rel in zip(paths, rels):
        with processing(rel):
            try:
                seeds.append(stats.read(path, rel))
            except SeedError as exc:
                reporter.warn(rel, f"seed skipped: {exc}")
                report.skipped.append(str(path))
    return seeds


def _prefetch(run: _Run, items: list[SeedItem], reporter: Reporter) -> Prefetch:
    """Start extracting, on every core, the items the ingest loop will need (see prefetch.py);
    the extraction data is loaded only if there is one."""
    wanted = [item for item in items if run.needs_extraction(item)]
    prefetch = Prefetch(wanted, run.extractor.made, reporter.progress("ingest", len(wanted), "seeds"))
    if wanted:
        run.extractor.prepare()  # in the parent, before the workers fork: they share it
        prefetch.start()
    return prefetch


@dataclass
class _Run:
    """One ingest: the state, the slugs taken, and what to report."""

    state: IngestState
    taken: set[str]
    articles_dir: Path
    extractor: PageMaker
    reporter: Reporter
    report: IngestReport
    refresh: bool
    explicit: bool
    orphans: _Orphans
    seen: SeenTexts
    prefetch: Prefetch | None = None
    paths: dict[str, Path] = field(default_factory=dict)
    """The file of each single-item seed (for the report of a skipped one)."""

    def items(self, files: list) -> list[tuple[SeedItem, Any]]:
        """The items of the seed files, each with its feed (None: the file is the item). A seed
        whose bytes are those recorded is not read (seedscan.py), nor a feed whose bytes are those
        of its last complete ingest parsed again (unless the editor asks: refresh, or FILE)."""
        out: list[tuple[SeedItem, Any]] = []
        again = self.refresh or self.explicit
        for seed in files:
            self.paths[seed.rel] = seed.path
            with processing(seed.rel):
                if not again and self.state.containers.get(seed.rel) == seed.sha256:
                    entry = seed.rel + ITEM_SEPARATOR  # (counted as the entries it has pages for, as when they were new)
                    self.report.unchanged += sum(1 for rel in self.state.records if rel.startswith(entry)) or 1
                    continue
                rec = self.state.records.get(seed.rel)
                if not again and rec is not None and rec.seed_sha256 == seed.sha256:
                    out.append((SeedItem(seed.rel, seed.sha256, "", partial(read_single, seed)), None))  # read only if needed
                    continue
                try:
                    feed = readers.is_container(seed.rel, seed.data)
                    found = readers.read_items(seed.rel, seed.data, seed.sha256)
                except SeedError as exc:
                    self.reporter.warn(seed.rel, f"seed skipped: {exc}")
                    self.report.skipped.append(str(seed.path))
                    continue
                for warning in found.warnings:
                    self.reporter.warn(seed.rel, warning)
                out += [(item, seed if feed else None) for item in found]
        return out

    def write(self, seed, page: str, data: bytes, **record) -> None:
        """Write a page and record it at once (a kill in between is caught by `orphan_pages`)."""
        _write_page(self.articles_dir.parent / page, data)
        fault_point("ingest.page_written")
        self.state.record(seed.rel, SeedRecord(page, seed.sha256, sha256(data), **record))
        fault_point("ingest.recorded")

    def extract(self, seed, slug: str | None) -> tuple[bytes, str, str | None]:
        """The page ingest writes for a seed, its slug (a new one, unless given) and the
        fingerprint of its text (duplicates.py): extracted ahead by a worker (prefetch.py), or now."""
        made = self.prefetch.take(seed) if self.prefetch is not None else None
        if made is None:
            made = self.extractor.made(seed)
        elif made.error is not None:
            raise made.error
        for warning in made.warnings:
            self.reporter.warn(seed.rel, warning)
        return made.data, slug if slug is not None else unique_slug(made.slug_base, self.taken), made.fingerprint

    def needs_extraction(self, seed) -> bool:
        """Whether `one(seed)` will extract the seed (the same decisions, without writing), so
        that it can be extracted ahead, in parallel. A wrong guess costs time, not correctness."""
        rec = self.state.records.get(seed.rel)
        if rec is None:
            return True  # a new seed (or the seed of a page a killed ingest did not record)
        seed_changed = seed.sha256 != rec.seed_sha256
        if rec.duplicate_of is not None:
            return seed_changed
        page_path = self.articles_dir.parent / rec.page
        if not page_path.exists():
            return self.explicit or (seed_changed and not rec.missing_reported)  # (it may have been renamed: one() looks)
        if not seed_changed and not self.refresh:
            return False
        try:
            edited = sha256(page_path.read_bytes()) != rec.written_sha256
        except OSError:
            return True
        return not (edited and (not seed_changed or rec.proposal_for == seed.sha256))

    def moved_page(self, seed: str, rec: SeedRecord) -> str | None:
        """The page an editor renamed: no record names it, and its `source:` is this seed. Looked
        for the first time a seed's page is missing (and with `ingest FILE`); a page deleted for
        good is not looked for on every build."""
        if rec.missing_reported and not self.explicit:
            return None
        return self.orphans.renamed(seed)

    def repeated(self, seed, fingerprint: str | None) -> bool:
        """Whether an earlier seed has this text: then the seed is recorded as a repeat of it,
        with no page of its own, and the editor is told which seed that is (once)."""
        earlier = self.seen.earlier(fingerprint, seed.rel)
        if earlier is None:
            return False
        rec = self.state.records[earlier]
        self.reporter.warn(seed.rel, f"the same text as {printable(earlier)} (its page {rec.page}); no second page is made. Delete this seed, or change its text to make a page of its own")
        self.state.record(seed.rel, SeedRecord(rec.page, seed.sha256, rec.written_sha256, text_sha256=fingerprint, duplicate_of=earlier))
        self.report.duplicates.append(seed.rel)
        return True

    def one(self, seed) -> None:
        state, report = self.state, self.report
        rec = state.records.get(seed.rel)
        if rec is not None and rec.duplicate_of is not None:
            if rec.seed_sha256 == seed.sha256:  # still the text of the earlier seed: still no page
                report.unchanged += 1
                return
            rec = None  # its text changed: a page of its own, unless it repeats another seed now
        if rec is None:
            orphan = self.orphans.get(seed.rel)
            if orphan is not None:  # its page was written, not recorded: that page is the seed's
                data, _slug, fingerprint = self.extract(seed, Path(orphan).stem)
                # Recorded with the hash of a fresh extraction: if the page differs (an editor's
                # change, or another day's extraction), it counts as edited and is never overwritten.
                state.record(seed.rel, SeedRecord(orphan, seed.sha256, sha256(data), text_sha256=fingerprint))
                self.seen.add(fingerprint, seed.rel)
                report.recovered.append(orphan)
                return
            data, slug, fingerprint = self.extract(seed, None)
            if self.repeated(seed, fingerprint):
                return
            page = f"articles/{slug}.md"
            self.write(seed, page, data, text_sha256=fingerprint)
            self.seen.add(fingerprint, seed.rel)
            self.taken.add(slug)
            report.created.append(page)
            return
        page_path = self.articles_dir.parent / rec.page
        seed_changed = seed.sha256 != rec.seed_sha256
        moved = self.moved_page(seed.rel, rec) if not page_path.exists() else None
        if moved is not None:  # the editor renamed the page: it is still the seed's page, by its `source:`
            rec = replace(rec, page=moved, missing_reported=False)
            state.record(seed.rel, rec)
            page_path = self.articles_dir.parent / moved
        if not page_path.exists():
            if self.explicit:  # `ingest FILE` brings back a page that was deleted
                data, _slug, fingerprint = self.extract(seed, Path(rec.page).stem)
                self.write(seed, rec.page, data, text_sha256=fingerprint)
                report.created.append(rec.page)
            elif not rec.missing_reported:
                seed_file = seed.rel.split(ITEM_SEPARATOR, 1)[0] if seed.format == "feed" else seed.rel  # (a feed's entries come back with their file)
                self.reporter.warn(seed.rel, f"its page {rec.page} was deleted, so it is not recreated; run `python build.py ingest {printable(seed_file)}` to bring it back")
                state.record(seed.rel, replace(rec, missing_reported=True))
            return
        if not seed_changed and not self.refresh:
            report.unchanged += 1
            return
        current = page_path.read_bytes()
        edited = sha256(current) != rec.written_sha256
        if edited and not seed_changed:
            report.unchanged += 1  # --refresh never touches an edited page
            return
        if edited and rec.proposal_for == seed.sha256:
            report.unchanged += 1  # its proposal was written already: not extracted on every build
            return
        data, _slug, fingerprint = self.extract(seed, Path(rec.page).stem)
        if not edited or current == data:  # (the same bytes: an update whose record a kill lost)
            if data != current:
                self.write(seed, rec.page, data, text_sha256=fingerprint)
                report.updated.append(rec.page)
            else:
                report.unchanged += 1
                state.record(seed.rel, SeedRecord(rec.page, seed.sha256, sha256(data), text_sha256=fingerprint))
            return
        # Edited page, changed seed: propose the new extraction beside it and say what differs, once.
        if rec.proposal_for != seed.sha256:
            proposal = page_path.with_name(page_path.name + ".new")
            _write_page(proposal, data)
            differing = _differing_fields(current, data, rec.page)
            self.reporter.warn(
                str(Path(self.articles_dir.parent.name) / rec.page),
                f"edited by an editor and its seed {seed.rel} changed: the new extraction is in {proposal.name}"
                f" (fields that differ: {', '.join(differing) or 'body only'}); merge what you want and delete {proposal.name}",
            )
            state.record(seed.rel, replace(rec, proposal_for=seed.sha256))
            report.proposals.append(str(proposal))


class _Orphans:
    """Pages no record names, found by their `source:` the first time a seed asks (one read of
    every page's front-matter per kind of question, and none when no seed asks): pages written but
    never recorded (`get`, for seeds without a record) and pages an editor renamed (`renamed`, for
    seeds whose recorded page is missing)."""

    def __init__(self, state: IngestState, articles_dir: Path):
        self.state = state
        self.articles_dir = articles_dir
        self._found: dict[str, str] | None = None
        self._renamed: dict[str, str] | None = None

    def get(self, seed: str) -> str | None:
        if self._found is None:
            self._found = orphan_pages(self.state, self.articles_dir, None)
        return self._found.get(seed)

    def renamed(self, seed: str) -> str | None:
        if self._renamed is None:
            self._renamed = orphan_pages(self.state, self.articles_dir, set(self.state.records))
        return self._renamed.get(seed)


def _differing_fields(current: bytes, proposed: bytes, path: str) -> list[str]:
    old = parse_page(current, path, "x").article
    new = parse_page(proposed, path, "x").article
    if old is None or new is None:
        return ["front-matter (the edited page does not parse)"]
    changed = [n for n in WRITTEN if getattr(old, n) != getattr(new, n)]
    if old.body.strip() != new.body.strip():
        changed.append("body")
    return changed


def _seed_paths(files: list[Path], seeds_dir: Path, root: Path, reporter: Reporter) -> list[Path]:
    """Files named on the command line; one from outside seeds/ is copied in first (never overwriting)."""
    out = []
    for f in files:
        located = Path(os.path.realpath(f.parent)) / f.name  # the file itself not resolved: a link stays a link
        if seeds_dir in located.parents:
            reason = sources.refusal(located, seeds_dir, root) if os.path.lexists(located) else "no such file"
            if reason is not None:
                raise BriefingError(Problem(str(f), f"cannot ingest it: {reason}"))
            out.append(located)
            continue
        if not f.exists():
            raise BriefingError(Problem(str(f), "no such file; give the path of a news item (text, Markdown, a saved page, a feed, PDF or Word)"))
        try:
            copied = sources.add_seed(f, seeds_dir)
        except SeedError as exc:
            raise BriefingError(Problem(str(f), f"cannot ingest it: {exc}")) from None
        reporter.info(f"copied {printable(str(f))} to {printable(str(copied))}")
        out.append(copied)
    return out


def _taken_slugs(articles_dir: Path, state: IngestState) -> set[str]:
    taken = {Path(r.page).stem for r in state.records.values()}
    if articles_dir.is_dir():
        taken |= {p.name.split(".")[0] for p in articles_dir.iterdir()}
    return taken


def _write_page(path: Path, data: bytes) -> None:
    """Editors' files (pages, proposals, the ingest state) are written durably."""
    atomic_write(path, data, durable=True)
