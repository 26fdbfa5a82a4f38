"""End to end: `python build.py` on a copy of the project, then every page and link checked."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.check import check_links
from tests.conftest import ROOT, copy_project

ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("project"), "seeds", "data", "themes")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    return root


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=root, env=ENV, capture_output=True, text=True)


def test_sample_site_from_the_seeds(project):
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "ingest: 4 new" in result.stderr
    out = project / "public"
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len([p for p in pages if p.startswith("articles/")]) == 4
    for required in (
        "index.html",
        "timeline/index.html",
        "tags/index.html",
        "organizations/index.html",
        "people/index.html",
        "places/index.html",
        "countries/index.html",
        "404.html",
        "places/minsk/index.html",
        "organizations/eurasian-economic-commission/index.html",
        "people/vladimir-putin/index.html",
    ):
        assert required in pages, required
    for feed in ("feed.xml", "sitemap.xml", "robots.txt"):
        assert (out / feed).is_file()
    assert check_links(out, project) == []


def test_no_page_loads_anything_from_another_host(project):
    loads = re.compile(
        r"""<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|data)=["'](?:[a-z]+:)?//|"""
        r"""<link\b(?=[^>]*rel=["'][^"']*(?:stylesheet|icon|preload|manifest))[^>]*href=["'](?:[a-z]+:)?//|url\(\s*["']?(?:[a-z]+:)?//""",
        re.I,
    )
    for page in (project / "public").rglob("*"):
        if page.suffix in (".html", ".css", ".xml"):
            assert not loads.search(page.read_text(encoding="utf-8")), page


def test_check_flags_a_page_that_loads_from_another_host(tmp_path):
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="https://cdn.example.com/x.css"><a href="https://ok.example/">ok</a>')
    (problem,) = check_links(tmp_path, tmp_path)
    assert "loads from another host: https://cdn.example.com/x.css" in problem.message


def test_rebuild_with_nothing_changed_writes_nothing(project):
    result = build(project)
    assert result.returncode == 0
    assert re.search(r"\b(\d+) pages up to date: nothing to build", result.stderr), result.stderr


def test_pretty_urls_off_works_from_disk(project, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("public", ".cache"))
    config = (copy / "config.yaml").read_text().replace("pretty_urls: true", "pretty_urls: false")
    (copy / "config.yaml").write_text(config)
    assert build(copy).returncode == 0
    out = copy / "public"
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', index)
    internal = [link for link in links if "//" not in link]
    # file:// shows a folder as a listing, so every link must name a file that exists
    assert internal and all((out / link).is_file() for link in internal), internal
    assert check_links(out, copy) == []


def test_check_passes_on_the_built_site(project):
    result = build(project, "check")
    assert result.returncode == 0, result.stderr
    assert "year assumed" in result.stderr  # pages an editor should look at are listed
