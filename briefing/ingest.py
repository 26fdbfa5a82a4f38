"""Seeds -> content pages, without ever overwriting an editor's work.

The ingest state (`content/.ingest.json`, committed) remembers for every seed the page it made,
the seed's hash and the hash of the bytes ingest wrote. A page whose bytes differ from what
ingest wrote has been edited, so it is never rewritten: if its seed changes too, the new
extraction goes beside it as `<page>.md.new` and the editor is told, once, which fields differ.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import frontmatter, sources
from .config import Config
from .content import Article, Period, article_meta, parse_page
from .errors import (
    BriefingError,
    Problem,
    Reporter,
    SeedError,
    current_file,
    display_path,
)
from .output import atomic_write, sha256
from .slugs import slugify, unique_slug

STATE_FILE = ".ingest.json"
STATE_VERSION = 1


@dataclass
class SeedRecord:
    page: str
    """The content page, relative to the content folder (`articles/<slug>.md`)."""
    seed_sha256: str
    written_sha256: str
    """sha256 of the bytes ingest last wrote to the page: a different page means an editor changed it."""
    proposal_for: str | None = None
    """The seed hash a `.md.new` proposal was written for (so the editor is told only once)."""
    missing_reported: bool = False


@dataclass
class IngestState:
    records: dict[str, SeedRecord] = field(default_factory=dict)
    """By seed path, relative to the site root (`seeds/000_x.txt`)."""

    @classmethod
    def load(cls, path: Path) -> "IngestState":
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            records = {seed: SeedRecord(**rec) for seed, rec in raw.get("seeds", {}).items()}
        except (OSError, ValueError, TypeError) as exc:
            raise BriefingError(Problem(str(path), f"the ingest state is unreadable ({exc}); restore it from git or delete it to start over")) from None
        return cls(records)

    def dump(self) -> str:
        data = {"version": STATE_VERSION, "seeds": {k: asdict(v) for k, v in sorted(self.records.items())}}
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@dataclass
class IngestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.created)} new", f"{len(self.updated)} updated", f"{self.unchanged} unchanged"]
        if self.proposals:
            parts.append(f"{len(self.proposals)} proposal(s) beside edited pages")
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
    """Turn new or changed seeds into content pages; `refresh` re-extracts every unedited page."""
    today = today or dt.date.today()
    seeds_dir, articles_dir = config.path("seeds"), config.articles_dir
    state_path = config.path("content") / STATE_FILE
    state = IngestState.load(state_path)
    before = state.dump()
    explicit = files is not None
    paths = _seed_paths(files, seeds_dir, reporter) if explicit else sources.find_seeds(seeds_dir)
    taken = _taken_slugs(articles_dir, state)
    report = IngestReport()
    extractor = _Extractor(config, today)

    progress = reporter.progress("reading seeds", len(paths))
    for done, path in enumerate(paths, 1):
        token = current_file.set(display_path(path, config.root))
        try:
            seed = sources.read_seed(path, config.root)
            _ingest_one(seed, state, taken, articles_dir, extractor, reporter, report, refresh, explicit)
        except SeedError as exc:
            reporter.warn(display_path(path, config.root), f"seed skipped: {exc}")
            report.skipped.append(str(path))
        finally:
            current_file.reset(token)
            if progress is not None:
                progress(done)
    after = state.dump()
    if after != before:
        _write_page(state_path, after.encode("utf-8"))
    return report


def _ingest_one(seed, state, taken, articles_dir, extractor, reporter, report, refresh, explicit) -> None:
    rec = state.records.get(seed.rel)
    if rec is None:
        text = sources.decode(seed.data)
        article = extractor.article(text, seed.rel, slug=None, taken=taken)
        data = _page_bytes(article)
        page = f"articles/{article.slug}.md"
        _write_page(articles_dir.parent / page, data)
        taken.add(article.slug)
        state.records[seed.rel] = SeedRecord(page, seed.sha256, sha256(data))
        report.created.append(page)
        return
    page_path = articles_dir.parent / rec.page
    seed_changed = seed.sha256 != rec.seed_sha256
    if not page_path.exists():
        if explicit:  # `ingest FILE` brings back a page that was deleted
            text = sources.decode(seed.data)
            article = extractor.article(text, seed.rel, slug=Path(rec.page).stem, taken=set())
            data = _page_bytes(article)
            _write_page(page_path, data)
            state.records[seed.rel] = SeedRecord(rec.page, seed.sha256, sha256(data))
            report.created.append(rec.page)
        elif not rec.missing_reported:
            reporter.warn(seed.rel, f"its page {rec.page} was deleted, so it is not recreated; run `python build.py ingest {seed.rel}` to bring it back")
            rec.missing_reported = True
        return
    if not seed_changed and not refresh:
        report.unchanged += 1
        return
    current = page_path.read_bytes()
    edited = sha256(current) != rec.written_sha256
    if edited and not seed_changed:
        report.unchanged += 1  # --refresh never touches an edited page
        return
    text = sources.decode(seed.data)
    article = extractor.article(text, seed.rel, slug=Path(rec.page).stem, taken=set())
    data = _page_bytes(article)
    if not edited:
        if data != current:
            _write_page(page_path, data)
            report.updated.append(rec.page)
        else:
            report.unchanged += 1
        state.records[seed.rel] = SeedRecord(rec.page, seed.sha256, sha256(data))
        return
    # Edited page, changed seed: propose the new extraction beside it and say what differs, once.
    if rec.proposal_for != seed.sha256:
        proposal = page_path.with_name(page_path.name + ".new")
        _write_page(proposal, data)
        differing = _differing_fields(current, data, rec.page)
        reporter.warn(
            str(Path(articles_dir.parent.name) / rec.page),
            f"edited by an editor and its seed {seed.rel} changed: the new extraction is in {proposal.name}"
            f" (fields that differ: {', '.join(differing) or 'body only'}); merge what you want and delete {proposal.name}",
        )
        rec.proposal_for = seed.sha256
        report.proposals.append(str(proposal))


class _Extractor:
    """Loads the gazetteer only when a seed actually needs extracting."""

    def __init__(self, config: Config, today: dt.date):
        self.config = config
        self.today = today
        self._gaz = None

    def article(self, text: str, source: str, slug: str | None, taken: set[str]) -> Article:
        from .extract import Options, extract, load_gazetteer

        if self._gaz is None:
            self._gaz = load_gazetteer(self.config.path("data"), self.config.path("cache"))
        ex = self.config.extraction
        options = Options(self.today, ex.summary_sentences, ex.summary_max_chars, ex.title_max_words, ex.max_tags)
        result = extract(text, self._gaz, options)
        slug = slug or unique_slug(slugify(result.title, fallback="article"), taken)
        return Article(
            path="",
            slug=slug,
            title=result.title,
            date=result.date,
            body=result.body,
            location=result.location,
            organizations=tuple(result.organizations),
            people=tuple(result.people),
            countries=tuple(result.countries),
            tags=tuple(result.tags),
            summary=result.summary,
            source=source,
            date_note=result.date_note,
            period=Period(*result.period) if result.period else None,
            agency=result.agency,
        )


def _page_bytes(article: Article) -> bytes:
    return frontmatter.compose(article_meta(article), article.body).encode("utf-8")


def _differing_fields(current: bytes, proposed: bytes, path: str) -> list[str]:
    old = parse_page(current, path, "x").article
    new = parse_page(proposed, path, "x").article
    if old is None or new is None:
        return ["front-matter (the edited page does not parse)"]
    names = ("title", "date", "date_note", "period", "location", "organizations", "people", "countries", "tags", "agency", "summary", "source")
    changed = [n for n in names if getattr(old, n) != getattr(new, n)]
    if old.body.strip() != new.body.strip():
        changed.append("body")
    return changed


def _seed_paths(files: list[Path], seeds_dir: Path, reporter: Reporter) -> list[Path]:
    """Files named on the command line; one from outside seeds/ is copied in first (never overwriting)."""
    out = []
    for f in files:
        if not f.is_file():
            raise BriefingError(Problem(str(f), "no such file; give the path of a plain-text news item"))
        inside = seeds_dir.resolve() in f.resolve().parents
        if not inside:
            copied = sources.add_seed(f, seeds_dir)
            reporter.info(f"copied {f} to {copied}")
            f = copied
        out.append(f)
    return out


def _taken_slugs(articles_dir: Path, state: IngestState) -> set[str]:
    taken = {Path(r.page).stem for r in state.records.values()}
    if articles_dir.is_dir():
        taken |= {p.name.split(".")[0] for p in articles_dir.iterdir()}
    return taken


def _write_page(path: Path, data: bytes) -> None:
    """Editors' files (pages, proposals, the ingest state) are written durably."""
    atomic_write(path, data, durable=True)
