"""Stress suite: every stage (decode, extraction, the page ingest writes, parsing, Markdown, every
template, the feeds) on inputs up to 1 MB, crafted (long tokens, runs of each punctuation
character, deep nesting, huge lists, odd Unicode) and generated (Hypothesis: a pattern repeated up
to 1 MB). Each input runs in a forked process with a time and a memory cap: hang guards set about
ten times above what a 1 MB news item costs through these stages (~12 s for the two builds and
~250 MB on this VM), not performance tests. Marked `slow` (`python -m pytest -m "not slow"`
leaves it out); CI runs it with the rest. The generated inputs are in test_stress_generated.py (a
file of its own so that its minute runs on the other worker than the crafted inputs' few).

The contract checked: a seed makes a valid page or is skipped with a warning, the same text as an
editor's page body builds, and every feed parses as strict XML."""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import resource
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY, copy_project

pytestmark = pytest.mark.slow

MB = 1_000_000
CAP_SECONDS = 120
CAP_MEMORY = 2_500 * 1024 * 1024
"""Address space the stages may add to the test process's own (an RLIMIT_AS of the child)."""
LEDE = "Talks on rail freight in Minsk\n\nMINSK, 5 June (BelTA) – The Eurasian Economic Commission met in Minsk.\n\n"


def _fill(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


PUNCTUATION = "[](){}<>*_`~#|-+=:;!?&%$@^\\/'\".,"
CRAFTED: dict[str, bytes] = {
    "long token": ("x" * MB).encode(),
    "long cyrillic token": ("ж" * (MB // 2)).encode(),
    "long capitalised token": (LEDE + "INF" * 20_000).encode(),
    "long capitalised cyrillic token": (LEDE + "Ж" * 30_000).encode(),
    "one long line of words": _fill("the commission met again and talked ", MB).encode(),
    "many short lines": _fill("a\n", MB).encode(),
    "many paragraphs": (LEDE + _fill("A paragraph.\n\n", MB)).encode(),
    "only blanks": (" \t\n" * (MB // 3)).encode(),
    **{f"run of {c!r}": (LEDE + c * 200_000).encode() for c in PUNCTUATION},
    "mixed punctuation": (LEDE + _fill("[*_`<>&!](", MB)).encode(),
    "nested list markers": (LEDE + "- " * (MB // 2) + "x").encode(),
    "nested quotes": (LEDE + "> " * (MB // 2) + "x").encode(),
    "nested indentation": (LEDE + "".join(" " * (4 * i) + "- x\n" for i in range(700))).encode(),
    "huge list": (LEDE + _fill("- item of the list\n", MB)).encode(),
    "huge table": (LEDE + "| a | b |\n|---|---|\n" + _fill("| cell | *x* |\n", MB)).encode(),
    "many headings": (LEDE + _fill("# Heading\n", MB)).encode(),
    "many links": (LEDE + _fill("[a](https://example.org/x) ", MB)).encode(),
    "many images from elsewhere": (LEDE + _fill("![a](https://example.org/x.png) ", MB)).encode(),
    "many emphases": (LEDE + _fill("*a* _b_ **c** ", MB)).encode(),
    "html tags": (LEDE + _fill("<div><span>", MB)).encode(),
    "entities of forbidden characters": (LEDE + _fill("&#1;&#xFFFE;&#0;", MB)).encode(),
    "combining marks": ("a" + "\u0301" * (MB // 2)).encode(),
    "bidi overrides": (LEDE + _fill("\u202eabc\u202c\u2066d\u2069 ", MB)).encode(),
    "emoji": (LEDE + "🚀" * (MB // 4)).encode(),
    "noncharacters": (LEDE + _fill("a\ufffe\uffff", MB // 3)).encode(),
    "yaml-looking blocks": _fill("---\ntitle: x\nslug: ../../x\n---\n", MB).encode(),
    "datelines": _fill("MINSK, 17 November (BelTA) – ", MB).encode(),
    "dates": (LEDE + _fill("on 5 June 2024, 17.11.2023, February 13 – February 19, 2023; ", MB)).encode(),
    "a date at the edge of the calendar": (LEDE + "On 31 December 9999 and on 1 January 0001 the sides met.\n").encode(),
    "names": (LEDE + _fill("Alexander Lukashenko met Vladimir Putin and Nikol Pashinyan. ", MB)).encode(),
    "organizations": (LEDE + _fill("the Eurasian Economic Commission (EEC), Ministry of Industry of the Republic of Belarus, Integral OJSC, ", MB)).encode(),
    "invented organizations": (LEDE + " ".join(f"The Committee on Question {i} met." for i in range(20_000))).encode(),
    "capitalised words": (LEDE + _fill("Aaa Bbb Ccc Ddd Eee Fff Ggg ", MB)).encode(),
    "digits": ("1" * MB).encode(),
    "control bytes": bytes(range(256)) * (MB // 256),
    "nul-laden text": _fill("text\x00", MB).encode(),
    "utf-16": (LEDE + _fill("Переговоры в Минске. ", MB // 2)).encode("utf-16"),
    "not quite utf-8": (LEDE.encode() + b"\xd0\xcf\xe0\xff" * (MB // 4)),
    "windows-1251": (_fill("Совещание в Минске по кооперации. ", MB)).encode("cp1251"),
}


def _every_stage(data: bytes, folder: Path, progress: Path) -> None:
    """The seed through ingest and a build; the same text as an editor's page body; the feeds."""
    from briefing.config import load_config
    from briefing.errors import Reporter, SeedError
    from briefing.pipeline import build
    from briefing.sources import decode

    def stage(name: str) -> None:
        with open(progress, "a") as f:
            f.write(name + "\n")

    config_text = f"title: Stress\nsearch: false\nbase_url: https://example.org/\npaths:\n  data: {ROOT / 'data'}\n  theme: {ROOT / 'themes' / 'default'}\n"
    (folder / "seeds").mkdir(parents=True)
    (folder / "config.yaml").write_text(config_text)
    (folder / "seeds" / "item.txt").write_bytes(data)
    config = load_config(folder / "config.yaml")
    stage("ingest and build of the seed")
    build(config, Reporter(stream=io.StringIO()), today=TODAY)
    stage("feeds")
    _feeds_parse(config.path("output"))
    try:
        text = decode(data)
    except SeedError:
        return
    stage("the text as an editor's page body")
    (folder / "content" / "articles" / "raw.md").write_text("---\ntitle: Raw\ndate: 2024-06-05\n---\n" + text, encoding="utf-8")
    build(config, Reporter(stream=io.StringIO()), today=TODAY)
    assert (config.path("output") / "articles" / "raw" / "index.html").is_file()
    stage("feeds")
    _feeds_parse(config.path("output"))


def _feeds_parse(out: Path) -> None:
    for feed in out.rglob("*.xml"):
        ET.parse(feed)


def _child(data: bytes, folder: Path, progress: Path, errors: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + CAP_MEMORY, hard))
    try:
        _every_stage(data, folder, progress)
    except BaseException:
        errors.write_text(traceback.format_exc())
        os._exit(1)
    os._exit(0)


def run_capped(data: bytes, folder: Path) -> None:
    """Every stage on `data` in a forked process; fail if it errs, runs past CAP_SECONDS or needs
    more than CAP_MEMORY, naming the stage it was in."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_project(folder / "site")  # the compiled gazetteer in its cache: not compiled again (~2 s) for every input
    progress, errors = folder / "progress.log", folder / "errors.txt"
    process = multiprocessing.get_context("fork").Process(target=_child, args=(data, folder / "site", progress, errors))
    started = dt.datetime.now()
    process.start()
    process.join(CAP_SECONDS)
    stage = progress.read_text().splitlines()[-1] if progress.exists() and progress.read_text() else "setting up"
    if process.is_alive():
        process.kill()
        process.join()
        pytest.fail(f"still running after {CAP_SECONDS} s, in: {stage}")
    assert process.exitcode == 0, f"failed in: {stage} (after {(dt.datetime.now() - started).total_seconds():.1f} s)\n" + (
        errors.read_text() if errors.exists() else f"exit {process.exitcode} (killed: out of memory?)"
    )


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_input_through_every_stage(name, tmp_path):
    run_capped(CRAFTED[name], tmp_path)
