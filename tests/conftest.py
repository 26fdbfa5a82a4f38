"""Shared fixtures: a site in a temp folder built from files given inline, and a fixed "today"."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import http.server
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from briefing.config import Config, load_config
from briefing.errors import Reporter

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 22)
"""The ingest day of every test: years the text does not give are assumed relative to it."""

# Every site a test makes (and every build.py it starts) shares one folder of compiled templates,
# as a CI cache would: a theme's templates are compiled once, not once per site. The folder
# outlives the run; it holds one file per template text the tests produce, and they produce the
# same ones each time.
os.environ.setdefault("BRIEFING_TEMPLATE_CACHE", str(Path(tempfile.gettempdir()) / f"briefing-tests-templates-{os.getuid()}"))


@functools.lru_cache(maxsize=1)
def _compiled_gazetteer() -> Path:
    """The project data's gazetteer compiled once per test session (in a folder removed at exit)."""
    from briefing.extract import load_gazetteer

    folder = Path(tempfile.mkdtemp(prefix="briefing-tests-gazetteer-"))
    atexit.register(shutil.rmtree, folder, True)
    load_gazetteer(ROOT / "data", folder)
    return next(folder.glob("gazetteer-*.marshal"))


@functools.lru_cache(maxsize=1)
def _parsed_entities() -> Path:
    """The project's entity file parsed once per test session, pickled as a build caches it
    (sitebuild._canon: keyed by the file's bytes, so a test that edits it gets it parsed again)."""
    from briefing.config import Config
    from briefing.sitebuild import _canon

    folder = Path(tempfile.mkdtemp(prefix="briefing-tests-canon-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / ".cache").mkdir()
    _canon(Config(_root=ROOT), folder / ".cache")
    return folder / ".cache" / "canon.pickle"


def copy_project(root: Path, *names: str) -> Path:
    """A site at `root` with the project's folders `names` (themes, data, seeds, ...) and the
    compiled gazetteer of the project's data in its cache folder, so that a build in a test (or a
    process it starts) does not compile it again: one gazetteer per session; with the data, the
    parsed entity file too."""
    for name in names:
        shutil.copytree(ROOT / name, root / name, dirs_exist_ok=True)
    compiled = _compiled_gazetteer()
    (root / ".cache").mkdir(parents=True, exist_ok=True)
    shutil.copy(compiled, root / ".cache" / compiled.name)
    if "data" in names:
        shutil.copy(_parsed_entities(), root / ".cache" / "canon.pickle")
    return root


class LoopbackServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server for tests on 127.0.0.1 with a real listen backlog. socketserver's
    default backlog is 5: when Node or a browser opens more connections at once (one per shard of
    the search index), the kernel drops the extra SYNs and the client sends them again a second
    later; each fetch then takes a second (the search ranking test spent 15 s of 18 so). Its
    serve_forever looks for shutdown() every 50 ms, not every 500: a test's teardown waits for it."""

    request_queue_size = 128
    daemon_threads = True

    def serve_forever(self, poll_interval: float = 0.05) -> None:
        super().serve_forever(poll_interval)


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def reporter() -> Reporter:
    return Reporter(stream=io.StringIO())


SITE_CONFIG = "title: Test digest\nbase_url: https://example.org/digest/\n"
"""tmp_site's config.yaml unless a test gives its own."""


@pytest.fixture
def tmp_site(tmp_path: Path):
    """tmp_site(files={...}, config='...') -> Config of a new site that uses the project's theme and data."""

    def make(files: dict[str, str | bytes] | None = None, config: str = SITE_CONFIG, copy_data: bool = True) -> Config:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        copy_project(root, "themes", *(["data"] if copy_data else []))
        write_files(root, {"config.yaml": config, **(files or {})})
        return load_config(root / "config.yaml")

    return make


def page(title: str = "A title", date: str = "2024-06-05", body: str = "Body text.", **fields: str) -> str:
    """A content page with the given front-matter lines."""
    lines = [f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


@pytest.fixture
def make_page():
    return page


def messages(rep: Reporter) -> str:
    return rep.stream.getvalue()  # type: ignore[attr-defined]


__all__ = ["TODAY", "ROOT", "page", "write_files", "copy_project", "messages", "Config", "LoopbackServer", "SITE_CONFIG", "project_gazetteer"]


@functools.lru_cache(maxsize=1)
def project_gazetteer():
    """The gazetteer of the project's data, loaded from the session's compiled copy as a build
    loads it (test_gazetteer_cache.py checks that it holds what the data files give): the data
    files are read once per test process, not once more for the in-process tests."""
    from briefing.extract import load_gazetteer

    return load_gazetteer(ROOT / "data", _compiled_gazetteer().parent)


@pytest.fixture(scope="session")
def gazetteer():
    return project_gazetteer()


def extract_text(text: str, gaz):
    """Extraction of a composed text with the tests' fixed ingest day."""
    from briefing.extract import Options, extract

    return extract(text, gaz, Options(today=TODAY))


LONGEST_FIRST = ("test_stress.py", "test_browser.py", "test_stress_generated.py", "test_incremental.py", "test_bench.py")
"""Test files of long tests (sums of their tests' durations in a full run: ~200, ~100, 17-40, ~20
and ~13 s) that pytest-xdist's default order, by number of tests, hands out last when they have few tests:
a worker was left alone with one at the end. pytest.ini turns that order off (--no-loadscope-reorder)
and files go to the workers in collection order: these first, then the others by number of tests,
most first, as xdist's default order has them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    count: dict[Path, int] = {}
    for item in items:
        count[item.path] = count.get(item.path, 0) + 1
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), -count[item.path]))  # stable: a file's tests keep their order
