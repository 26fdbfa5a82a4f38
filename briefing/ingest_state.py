"""The ingest state, kept true through kills, lost files and tampering.

`content/.ingest.json` (committed) remembers for every seed the page it made, the seed's hash and
the hash of the bytes ingest wrote. It is written once, at the end of an ingest; while ingest
runs, every page it records is appended to a journal (`content/.ingest.journal`, one JSON line
per page, no waiting for the disk), which the next ingest replays if this one was killed. A page
written just before a kill (or after a power cut, or with the state file lost, reset or
deleted) is found by its front-matter: a page whose `source:` names a seed that has no record is
that seed's page (see `orphan_pages`), never a reason to make a second one.

Everything read from these files is checked before it is used: a record's page must be a `.md`
file inside the articles folder, so a tampered state cannot make ingest or a build write elsewhere.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import frontmatter, yamlio
from .errors import BriefingError, Problem

STATE_FILE = ".ingest.json"
JOURNAL_FILE = ".ingest.journal"
STATE_VERSION = 1
_TEMP = re.compile(r"^\..+\.\d+\.tmp$")  # atomic_write's temporary files: `.<name>.<pid>.tmp`
_ADVICE = "restore it from git (`git checkout content/.ingest.json`) or delete it: pages that name their seed in 'source:' are recognised again"


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
    text_sha256: str | None = None
    """A hash of the page's text as extracted (words only, see duplicates.py): the same text
    dropped again as another seed is found by it."""
    duplicate_of: str | None = None
    """The earlier seed whose text this seed repeats: it has no page of its own (`page` is that
    seed's page)."""

    def as_json(self) -> dict:
        """The record as the state file holds it (the optional fields only when set, so a
        state without them reads and writes as before)."""
        data = asdict(self)
        for key in _OPTIONAL:
            if data[key] is None:
                del data[key]
        return data


_TYPES = {
    "page": (str,),
    "seed_sha256": (str,),
    "written_sha256": (str,),
    "proposal_for": (str, type(None)),
    "missing_reported": (bool,),
    "text_sha256": (str, type(None)),
    "duplicate_of": (str, type(None)),
}
_REQUIRED = ("page", "seed_sha256", "written_sha256")
_OPTIONAL = ("text_sha256", "duplicate_of")


@dataclass
class IngestState:
    content_dir: Path
    records: dict[str, SeedRecord] = field(default_factory=dict)
    """By seed path, relative to the site root (`seeds/000_x.txt`; a feed's entry `seeds/x.xml#<guid>`)."""
    containers: dict[str, str] = field(default_factory=dict)
    """Feed files whose every entry was handled, by path -> the file's sha256 then: an unchanged
    feed is not parsed again."""
    _journal: int | None = field(default=None, repr=False)
    _touched: bool = field(default=False, repr=False)
    """A record was made or replayed from a journal since the state file was read."""

    @property
    def path(self) -> Path:
        return self.content_dir / STATE_FILE

    @property
    def journal_path(self) -> Path:
        return self.content_dir / JOURNAL_FILE

    @classmethod
    def load(cls, content_dir: Path, shown: str) -> IngestState:
        """The state file and the journal of an ingest that did not finish. `shown`: the state
        file's name in messages. Raises BriefingError (exit 1) naming every bad record."""
        state = cls(content_dir)
        articles = (content_dir / "articles").resolve()
        _real_folder.cache_clear()  # (folders are resolved once per load, never across loads)
        problems: list[Problem] = []
        if state.path.exists():
            try:
                text = state.path.read_text(encoding="utf-8")
                raw = json.loads(text)
            except (OSError, ValueError, RecursionError) as exc:
                raise BriefingError(Problem(shown, f"the ingest state is unreadable ({exc}); {_ADVICE}")) from None
            seeds = raw.get("seeds", {}) if isinstance(raw, dict) else raw  # ({}: a reset state)
            if not isinstance(raw, dict) or not isinstance(seeds, dict):
                raise BriefingError(Problem(shown, f"the ingest state must be a JSON object with a 'seeds' object, not {_kind(seeds)}; {_ADVICE}", 1))
            for seed, rec in seeds.items():
                record = _record(seed, rec, content_dir, articles, shown, lambda seed=seed: _line_of(text, seed), problems)
                if record is not None:
                    state.records[seed] = record
            containers = raw.get("containers") if isinstance(raw, dict) else None
            if isinstance(containers, dict):  # (a damaged entry only means parsing that feed again)
                state.containers = {k: v for k, v in containers.items() if isinstance(k, str) and isinstance(v, str)}
        journal_dir = shown.rsplit("/", 1)[0] + "/" if "/" in shown else ""
        for number, entry in state._journal_entries():
            if isinstance(entry, dict) and isinstance(entry.get("container"), str) and isinstance(entry.get("sha256"), str):
                state.containers[entry["container"]] = entry["sha256"]
                continue
            seed, rec = (entry.get("seed"), entry.get("record")) if isinstance(entry, dict) else (None, None)
            if isinstance(seed, str):
                record = _record(seed, rec, content_dir, articles, journal_dir + JOURNAL_FILE, number, problems)
                if record is not None:
                    state.records[seed] = record
                    state._touched = True
        if problems:
            raise BriefingError(problems)
        return state

    def _journal_entries(self):
        """(line number, object) of every whole line of the journal; a line cut off by a kill is skipped."""
        try:
            data = self.journal_path.read_bytes()
        except FileNotFoundError:
            return
        for number, line in enumerate(data.split(b"\n"), 1):
            try:
                yield number, json.loads(line)
            except (ValueError, RecursionError):
                continue

    def record(self, seed: str, rec: SeedRecord) -> None:
        """Remember a page at once (in the journal), so that a kill cannot lose it."""
        self.records[seed] = rec
        self._append({"seed": seed, "record": rec.as_json()})

    def record_container(self, path: str, sha256: str) -> None:
        """Remember that every entry of a feed file with these bytes was handled."""
        if self.containers.get(path) != sha256:
            self.containers[path] = sha256
            self._append({"container": path, "sha256": sha256})

    def _append(self, entry: dict) -> None:
        self._touched = True
        if self._journal is None:
            self._journal = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        os.write(self._journal, line.encode("utf-8", "surrogateescape"))

    def dump(self) -> str:
        data: dict = {"version": STATE_VERSION, "seeds": {k: v.as_json() for k, v in sorted(self.records.items())}}
        if self.containers:
            data["containers"] = dict(sorted(self.containers.items()))
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    def close(self) -> None:
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None

    def finish(self, write) -> None:
        """Write the state file (with `write(path, bytes)`) if it changed, then drop the journal."""
        from . import faults

        self.close()
        if not self._touched and self.path.is_file() and not self.journal_path.exists():
            return  # nothing recorded: the file is the state (a no-op build does not re-serialise it)
        data = self.dump().encode("utf-8")
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            current = None
        if data != current:
            write(self.path, data)
            faults.fault_point("ingest.state_written")
        self.journal_path.unlink(missing_ok=True)


def _record(seed: str, rec, content_dir: Path, articles: Path, shown: str, line, problems: list[Problem]) -> SeedRecord | None:
    """A record checked field by field, its page inside the articles folder; else a problem.
    `line`: the record's line number, or a function that finds it (only called for a problem)."""

    def bad(message: str) -> None:
        problems.append(Problem(shown, f"the record of {seed!r} {message}; {_ADVICE}", line() if callable(line) else line))

    if not isinstance(rec, dict):
        return bad(f"must be an object, not {_kind(rec)}")
    missing = [k for k in _REQUIRED if k not in rec]
    if missing:
        return bad(f"has no {', '.join(repr(k) for k in missing)}")
    for key, types in _TYPES.items():
        if key in rec and not isinstance(rec[key], types):
            return bad(f"has {key!r} of the wrong type ({_kind(rec[key])})")
    page = rec["page"]
    if not page_inside(page, content_dir, articles):
        return bad(f"names the page {page!r}, which is not a .md file inside the articles folder")
    return SeedRecord(**{k: rec[k] for k in _TYPES if k in rec})


def page_inside(page: str, content_dir: Path, articles: Path) -> bool:
    """`articles/<name>.md` (sub-folders allowed), no `..`, no hidden or absolute part, and, links
    followed, still inside the articles folder. (Strings, not paths: a state names thousands of
    pages and this runs for each on every build, a no-op too.)"""
    if page.startswith("/") or "\\" in page or "\x00" in page:
        return False
    parts = [p for p in page.split("/") if p not in ("", ".")]  # as a POSIX path reads it
    if len(parts) < 2 or parts[0] != "articles" or not parts[-1].endswith(".md"):
        return False
    if any(p == ".." or p.startswith(".") for p in parts[1:]):
        return False
    return _resolved(content_dir, "/".join(parts)).startswith(os.path.join(str(articles), ""))


def _resolved(content_dir: Path, page: str) -> str:
    """(content_dir / page).resolve(), with the folder resolved once for all the pages in it (a
    state names thousands of pages in one folder): the page itself is resolved only if it is a link."""
    folder, _, name = page.rpartition("/")
    real = _real_folder(str(content_dir), folder)
    full = os.path.join(real, name)
    return os.path.realpath(full) if os.path.islink(full) else full


@functools.lru_cache(maxsize=256)
def _real_folder(content_dir: str, folder: str) -> str:
    return os.path.realpath(os.path.join(content_dir, folder))


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}.get(type(value), "a number")


def _line_of(text: str, key: str) -> int | None:
    at = text.find(json.dumps(key, ensure_ascii=False) + ":")
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def orphan_pages(state: IngestState, articles_dir: Path, wanted: set[str] | None) -> dict[str, str]:
    """Pages no record names whose front-matter `source:` names one of the `wanted` seeds (seeds
    without a record; None: any seed without one, e.g. the entries of a feed):
    {seed: page relative to the content folder}. Such a page was made from that seed by an ingest
    that could not record it (killed, state lost): it is the seed's page. When several pages name
    one seed, the first by name is."""
    if (wanted is not None and not wanted) or not articles_dir.is_dir():
        return {}
    from .content import page_files

    recorded = {r.page for r in state.records.values()}
    found: dict[str, str] = {}
    base = articles_dir.parent
    for path in page_files(articles_dir):
        page = Path(path).relative_to(base).as_posix()
        if page in recorded:
            continue
        source = _source_of(Path(path))
        if source is not None and (source in wanted if wanted is not None else source not in state.records) and source not in found:
            found[source] = page
    return found


def _source_of(path: Path) -> str | None:
    """The raw `source:` of a page's front-matter, or None if it has none or does not parse."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        meta_text, _body, _ = frontmatter.split(text.replace("\r\n", "\n"))
        meta = yamlio.load(meta_text)
    except (OSError, ValueError, yamlio.YAMLError):
        return None
    source = meta.get("source") if isinstance(meta, dict) else None
    return source if isinstance(source, str) else None


def remove_temporary_files(*folders: Path) -> None:
    """Temporary files a killed ingest left (`.<name>.<pid>.tmp`). Only called with the lock held:
    no other process of this site is writing them."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if _TEMP.match(entry.name) and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    pass
