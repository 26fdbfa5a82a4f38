"""The command line as users and scripts see it: exit codes, messages, extract --json."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, copy_project

ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))


def run(args, cwd, **kw):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=ENV, capture_output=True, text=True, **kw)


@pytest.fixture
def site(tmp_path):
    root = copy_project(tmp_path / "site", "themes", "data", "seeds")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    return root


def test_extract_json_is_one_object_per_file_in_argument_order(site):
    seeds = sorted((site / "seeds").glob("*.txt"))
    bad = site / "missing.txt"
    result = run(["extract", "--json", str(seeds[1]), str(bad), str(seeds[0])], cwd=site)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [obj["file"] for obj in lines] == [str(seeds[1]), str(bad), str(seeds[0])]
    assert "error" in lines[1]
    keys = ["file", "title", "date", "date_note", "period", "location", "organizations", "people", "countries", "tags", "summary"]
    assert list(lines[0])[: len(keys)] == keys
    assert lines[0]["date"] and lines[0]["title"]


def test_extract_works_without_a_config_file(site, tmp_path):
    item = tmp_path / "item.txt"
    item.write_text("MINSK, 17 November (BelTA) – Belarus and Germany discussed trade in Minsk on 17 November.\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(["extract", "--json", str(item)], cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["location"] == "Minsk" and obj["date"] == "2026-11-17" and obj["date_note"] == "year assumed"


def test_extract_explain_names_rule_and_span(site):
    seed = sorted((site / "seeds").glob("*.txt"))[1]
    result = run(["extract", "--explain", str(seed)], cwd=site)
    assert result.returncode == 0
    assert "location:\n  Minsk\n    rule: dateline city (score " in result.stdout
    assert 'from: "MINSK" (characters 0-5)' in result.stdout


def test_build_then_an_edited_page_survives_and_broken_yaml_fails_naming_file_and_line(site):
    assert run([], cwd=site).returncode == 0
    pages = sorted((site / "content" / "articles").glob("*.md"))
    edited = pages[0].read_text(encoding="utf-8").replace("title: ", "title: EDITED ", 1)
    pages[0].write_text(edited, encoding="utf-8")
    assert run([], cwd=site).returncode == 0
    assert pages[0].read_text(encoding="utf-8") == edited
    assert "EDITED " in (site / "public" / "index.html").read_text(encoding="utf-8")
    before = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    pages[1].write_text("---\ntitle: ok\ndate: [2024\n---\nBody\n", encoding="utf-8")
    result = run([], cwd=site)
    assert result.returncode == 1
    assert f"content/articles/{pages[1].name}:3: error: invalid YAML front-matter" in result.stderr
    assert {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()} == before


def test_bad_config_key_is_exit_1_naming_file_key_and_line(site):
    (site / "config.yaml").write_text("title: x\npage_sise: 5\n", encoding="utf-8")
    result = run(["check"], cwd=site)
    assert result.returncode == 1
    assert "config.yaml:2: error: unknown key 'page_sise' (did you mean 'page_size'?)" in result.stderr


def test_bad_usage_is_exit_2(site):
    assert run(["frobnicate"], cwd=site).returncode == 2
    assert run(["extract"], cwd=site).returncode == 2


def test_an_unusable_seed_is_a_warning_and_the_build_succeeds(site):
    (site / "seeds" / "zz-empty.txt").write_text("")
    result = run([], cwd=site)
    assert result.returncode == 0
    assert "seeds/zz-empty.txt: warning: seed skipped: the file is empty" in result.stderr


def test_internal_errors_are_exit_3_with_the_file(site, monkeypatch):
    # A template that raises an unexpected Python error inside a filter call.
    tpl = site / "themes" / "default" / "templates" / "timeline.html"
    tpl.write_text("{% extends 'base.html' %}{% block main %}{{ (1 / 0) }}{% endblock %}")
    result = run([], cwd=site)
    assert result.returncode == 3
    assert "internal error while processing" in result.stderr and "timeline.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" in run(["--debug"], cwd=site).stderr


def test_a_build_under_the_profiler_prints_its_profile(site):
    """The README's profiling command: the quick exit (os._exit, which skips tearing the interpreter
    down) must not skip the profiler's report."""
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumtime", str(ROOT / "build.py"), "-q"], cwd=site, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "function calls" in proc.stdout and "cumtime" in proc.stdout
