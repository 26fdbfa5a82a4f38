"""Bounded work and clear errors for pathological input: deep nesting, billion laughs, duplicate
keys, huge numbers and lists, slow Markdown, dates at the edge, overlapping folders, characters XML
forbids, images from other hosts, links out of the site, and a dev server that survives bugs and
floods. (Inputs up to 1 MB through every stage: test_stress.py.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.markup import MAX_NESTING, render_body
from briefing.pipeline import build
from tests.conftest import ROOT, TODAY, page, write_files

ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))


def run(root: Path, *args: str, fault: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(ENV, BRIEFING_FAULT=fault) if fault else ENV
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "themes", root / "themes")
    write_files(root, {"config.yaml": "title: Limits\nsearch: false\n", "content/articles/good.md": page("Good", "2024-06-05")})
    return root


LAUGHS = "lol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))


# --- YAML -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,line,shown",
    [
        ("[" * 100_000 + "]" * 100_000, 4, "nested deeper than 64 levels"),
        ("[" * 1_000 + "]" * 1_000, 4, "nested deeper than 64 levels"),
        ("- " * 5_000 + "x", 5, "nested deeper than 64 levels"),  # (on the line after the key)
        ("1" * 5_000, 4, "this number has too many digits; put it in quotes to keep it as text"),
    ],
)
def test_a_page_nested_too_deep_or_with_a_huge_number_is_an_error_at_its_line(site, value, line, shown):
    if value.startswith("-"):
        value = "\n  " + value
    write_files(site, {"content/articles/deep.md": f"---\ntitle: Deep\ndate: 2024-06-05\nextra: {value}\n---\nBody\n"})
    done = run(site)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"content/articles/deep.md:{line}: error: invalid YAML front-matter: {shown}" in done.stderr


def test_a_billion_laughs_page_is_refused_at_once(site):
    write_files(site, {"content/articles/laughs.md": "---\ntitle: Laughs\ndate: 2024-06-05\n" + LAUGHS + "---\nBody\n"})
    started = time.monotonic()
    done = run(site)
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert "content/articles/laughs.md:8: error: invalid YAML front-matter: its aliases expand to more than 100,000 values" in done.stderr


@pytest.mark.parametrize(
    "text,line,shown",
    [
        ("title: x\nextra: " + "[" * 100_000, 2, "nested deeper than 64 levels"),
        (LAUGHS, 5, "its aliases expand to more than 100,000 values"),  # (where the count passes the bound)
        ("title: x\npage_size: 3\ntitle: y\n", 3, "the key 'title' is given twice in one mapping; keep one"),
    ],
)
def test_a_config_file_nested_too_deep_expanding_or_repeating_a_key_is_an_error(tmp_path, text, line, shown):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(exc.value.problems[0]) == f"{path}:{line}: error: invalid YAML: {shown}"


def test_a_key_given_twice_in_front_matter_is_an_error_naming_file_and_line(site):
    write_files(site, {"content/articles/twice.md": "---\ntitle: First\ndate: 2024-06-05\ntitle: Second\n---\nBody\n"})
    done = run(site)
    assert done.returncode == 1
    assert "content/articles/twice.md:4: error: invalid YAML front-matter: the key 'title' is given twice in one mapping; keep one" in done.stderr


# --- sizes ------------------------------------------------------------------------------------------


def test_ten_thousand_tags_are_an_error_naming_the_key_not_minutes_of_work(site):
    tags = ", ".join(f"t{i}" for i in range(10_000))
    write_files(site, {"content/articles/tags.md": f"---\ntitle: Tags\ndate: 2024-06-05\ntags: [{tags}]\n---\nBody\n"})
    started = time.monotonic()
    done = run(site)
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert "content/articles/tags.md:4: error: 'tags' has 10,000 entries; at most 200 (each one is a page of its own)" in done.stderr


def test_a_value_of_a_megabyte_is_an_error_and_quoted_short(site):
    write_files(site, {"content/articles/long.md": "---\ntitle: " + "word " * 200_000 + "\ndate: 2024-06-05\n---\nBody\n"})
    done = run(site)
    assert done.returncode == 1
    assert "content/articles/long.md:2: error: 'title' is 999,999 characters long; at most 1,000" in done.stderr
    assert len(done.stderr) < 2_000


def test_ingest_keeps_what_it_writes_within_the_bounds_of_a_page(tmp_site, reporter):
    """A seed naming 500 people (a list of participants) makes a page the build accepts."""
    given = ["Ivan", "Anna", "Pavel", "Olga", "Sergei", "Irina", "Oleg", "Maria", "Igor", "Elena", "Artem", "Daria", "Boris", "Nina", "Gleb", "Vera", "Roman", "Yulia", "Denis", "Lidia"]
    surnames = [a + b for a in ("Bar", "Zel", "Kor", "Mal", "Tur", "Vol", "Sok", "Gor", "Lis", "Dub") for b in ("kov", "in", "ev", "sky")]
    names = [f"{g} {s}" for g in given for s in surnames][:500]
    config = tmp_site({"seeds/many.txt": "Participants met in Minsk\n\nMINSK, 5 June (BelTA) – " + " ".join(f"{n} spoke." for n in names) + "\n"})
    build(config, reporter, today=TODAY)  # (before: the page ingest wrote failed the build)
    (page_file,) = config.articles_dir.glob("*.md")
    from briefing.content import parse_page
    from briefing.fields import MAX_NAMES

    article = parse_page(page_file.read_bytes(), "x.md", "x").article
    assert len(article.people) == MAX_NAMES


# --- Markdown ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["- " * 600 + "x", "* " * 1_000 + "x", "- a\n" + "".join(" " * (4 * i) + "- b\n" for i in range(1, 400)), "> - " * 300 + "x"])
def test_markdown_nested_too_deep_is_shown_as_text_with_a_warning(body):
    html, warnings = render_body(body)
    assert html.startswith("<p>") and "<li>" not in html
    assert warnings == [f"the body nests lists or quotes more than {MAX_NESTING} levels deep; it is shown as plain text"]


def test_a_recursion_the_counting_does_not_foresee_falls_back_and_leaves_the_converter_sound():
    html, warnings = render_body("term\n: definition\n" * 20_000)  # definition lists recurse per entry
    assert html.startswith("<p>term") and warnings == ["the body is too deeply nested; it is shown as plain text"]
    # (before: the RecursionError escaped, and the converter left half-way made plain text of the next bodies)
    assert render_body("A *b* [c](https://example.org/)\n\nSecond.")[0].startswith("<p>A <em>b</em> <a ")


def test_markdown_nested_within_the_bound_is_still_markdown():
    html, warnings = render_body("- " * (MAX_NESTING - 1) + "x")
    assert html.count("<ul>") == MAX_NESTING - 1 and warnings == []


@pytest.mark.parametrize(
    "body",
    [
        "[" * 40_000,
        "![" * 20_000,
        "[a](<" * 10_000,
        "*a* _b_ " * 100_000,
        "\\[" * 100_000,  # one paragraph, marks throughout
        "a\n---\n" * 50_000,
        "- x\n" + "| *a* | [b](c) |\n" * 50_000,  # rules splitting one block; not a table (no |---|)
    ],
)
def test_markdown_that_would_take_minutes_is_shown_as_text_at_once(body):
    started = time.monotonic()
    html, warnings = render_body(body)
    assert time.monotonic() - started < 2  # (before: minutes; found by counting, not by waiting)
    assert html.startswith("<p>") and "<a " not in html and "<em>" not in html
    assert warnings == ["the body has a paragraph with so many Markdown marks (`\\[!<&*_) for its length that converting it would take minutes; it is shown as plain text"]


@pytest.mark.parametrize(
    "body",
    [
        "- [a](https://example.org/) *b*\n" * 20_000,  # a long list: each item is converted alone
        "| h | k |\n|---|---|\n" + "| *a* | [b](c) |\n" * 20_000,  # a long table
        "A paragraph with a [link](https://example.org/) and *emphasis*.\n\n" * 20_000,
    ],
)
def test_long_but_ordinary_markdown_is_converted(body):
    html, warnings = render_body(body)
    assert warnings == [] and "<em>" in html


def test_a_conversion_over_its_time_budget_falls_back_to_text(monkeypatch):
    """The time box, for what the counting does not foresee: a budget far below what the body needs."""
    from briefing import markup

    monkeypatch.setattr(markup, "budget", lambda text: 0.01)
    body = "- [a](https://example.org/) *b*\n" * 20_000  # ~0.5 s of work
    html, warnings = render_body(body)
    assert html.startswith("<p>- [a](https://example.org/) *b*")
    assert warnings == ["the body took longer than 0.01 s to convert (some punctuation patterns make Markdown slow); it is shown as plain text"]
    assert "<li>" in render_body("- one\n- two")[0]  # the converter works again afterwards


def test_a_slow_body_in_a_build_is_a_warning_naming_the_page(site):
    write_files(site, {"content/articles/brackets.md": page("Brackets", "2024-06-05", "[" * 40_000)})
    done = run(site, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "content/articles/brackets.md: warning: the body has a paragraph with so many Markdown marks" in done.stderr


def test_images_from_other_hosts_become_links_and_nothing_is_fetched(site):
    body = 'Before ![A map of the route](https://tiles.example/map.png "Route") after.\n\n[![Logo](//cdn.example/logo.png)](https://example.org/)\n\n![Local](local.png)'
    write_files(site, {"content/articles/images.md": page("Images", "2024-06-05", body)})
    done = run(site)
    assert done.returncode == 0, done.stderr
    for src in ("https://tiles.example/map.png", "//cdn.example/logo.png"):
        assert f"content/articles/images.md: warning: an image from another host is not shown (pages load nothing from elsewhere; nothing is fetched): {src}" in done.stderr
    html = (site / "public/articles/images/index.html").read_text(encoding="utf-8")
    assert '<a href="https://tiles.example/map.png" rel="noopener noreferrer nofollow">A map of the route</a>' in html
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow"><span>Logo</span></a>' in html
    assert '<img alt="Local" src="local.png">' in html
    everything = "".join(p.read_text(encoding="utf-8") for p in (site / "public").rglob("*") if p.suffix in (".html", ".xml", ".json"))
    assert not re.search(r"<img[^>]+src=\"(https?:)?//", everything) and "&lt;img" not in everything.split("tiles.example")[0][-200:]


# --- dates at the edge ------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["0001-01-01", "1900-02-28", "9998-12-31"])
def test_dates_far_in_the_past_or_future_build(site, date):
    write_files(site, {"content/articles/edge.md": page("Edge", date, period=f"{{start: {date}, end: {date}}}")})
    done = run(site)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("front,line", [("date: 9999-12-31", 3), ("date: 9999-06-01T10:00:00+02:00", 3), ("date: 2024-01-01\nperiod: {start: 2024-01-01, end: 9999-12-31}", 4)])
def test_dates_the_site_cannot_hold_are_an_error_naming_the_file(site, front, line):
    write_files(site, {"content/articles/edge.md": f"---\ntitle: Edge\n{front}\n---\nBody\n"})
    done = run(site)
    assert done.returncode == 1, done.stderr
    assert f"content/articles/edge.md:{line}: error: '" in done.stderr and "dates after 9998-12-31 are not supported" in done.stderr


# --- folders of the config --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paths,a,b",
    [
        ("cache: seeds", "seeds", "cache"),
        ("cache: public", "output", "cache"),
        ("cache: public/.cache", "output", "cache"),
        ("seeds: content", "seeds", "content"),
        ("seeds: content/incoming", "seeds", "content"),
        ("data: themes", "data", "theme"),
        ("cache: content/.cache", "content", "cache"),
    ],
)
def test_every_pair_of_configured_folders_is_checked_for_overlap(tmp_path, paths, a, b):
    path = tmp_path / "config.yaml"
    path.write_text(f"paths:\n  {paths}\n")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    shown = [p.message for p in exc.value.problems]
    assert any(m.startswith(f"'paths.{a}' (") and f"and 'paths.{b}' (" in m and m.endswith("overlap; give each its own folder") for m in shown), shown


def test_the_cache_cannot_be_the_site_folder(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("paths:\n  cache: .\n")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert "'paths.cache' (" in str(exc.value) and "must not be the site folder or one above it" in str(exc.value)


# --- characters XML forbids -------------------------------------------------------------------------

FORBIDDEN = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"
ANY = st.lists(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(FORBIDDEN) | st.sampled_from(["&#1;", "&#xFFFE;", "\\x01", "]]>", "<![CDATA["]), max_size=40).map("".join)


def quoted(text: str) -> str:
    """A YAML double-quoted string: the characters XML forbids as escapes, the rest as they are."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch in "\x7f\x85\ufffe\uffff\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _feeds_parse(out: Path) -> None:
    for feed in list(out.rglob("*.xml")):
        ET.parse(feed)  # expat: strict about every character XML forbids
    json.loads((out / "feed.json").read_text(encoding="utf-8"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=ANY.filter(lambda s: s.strip(FORBIDDEN + " \t\n\r\x85\xa0\u2028\u2029")), summary=ANY, tag=ANY, body=ANY)
def test_feeds_are_valid_xml_whatever_the_text(tmp_path_factory, title, summary, tag, body):
    root = tmp_path_factory.mktemp("xml")
    shutil.copytree(ROOT / "themes", root / "themes")
    front = f"---\ntitle: {quoted(title)}\ndate: 2024-06-05\nsummary: {quoted(summary)}\ntags: [{quoted(tag)}]\nnote: {quoted(body)}\n---\n"
    write_files(root, {"config.yaml": "title: XML\nsearch: false\nbase_url: https://example.org/\n", "content/articles/x.md": (front + body).encode("utf-8")})
    import io

    from briefing.errors import BriefingError, Reporter

    try:
        build(load_config(root / "config.yaml"), Reporter(stream=io.StringIO()), today=TODAY)
    except BriefingError as exc:  # an empty title, say: then no feed is made, which is fine
        assert all(p.severity == "error" for p in exc.problems)
        return
    _feeds_parse(root / "public")


def test_a_seed_with_characters_xml_forbids_makes_valid_feeds(tmp_site, reporter):
    config = tmp_site({"seeds/odd.txt": "Talks on rail\ufffe freight in Minsk\uffff\n\nMINSK, 5 June (BelTA) – Delegations met\x0b in Minsk.\n".encode("utf-8")})
    build(config, reporter, today=TODAY)
    _feeds_parse(config.path("output"))


# --- links out of the site --------------------------------------------------------------------------


def test_content_and_theme_links_out_of_the_site_are_not_followed(site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(page("Secret page", "2024-06-05", "SECRET BODY"))
    (site / "content/articles/secret.md").symlink_to(secret)
    (site / "content/articles/folder").symlink_to(tmp_path)
    (tmp_path / "secret.css").write_text("SECRET CSS")
    (site / "themes/default/static/secret.css").symlink_to(tmp_path / "secret.css")
    done = run(site)
    assert done.returncode == 0, done.stderr
    assert "content/articles/secret.md: warning: page skipped: it is a link to a file outside the content folder, which is not followed" in done.stderr
    assert "content/articles/folder: warning: page skipped: it is a link to a folder, which is not followed" in done.stderr
    assert "themes/default/static/secret.css: warning: not copied: it is a link to a file outside the theme" in done.stderr
    published = b"".join(p.read_bytes() for p in (site / "public").rglob("*") if p.is_file())
    assert b"SECRET" not in published


# --- the dev server ---------------------------------------------------------------------------------


def test_serve_keeps_serving_after_an_internal_error_and_shows_it(site):
    env = dict(ENV, BRIEFING_FAULT="publish.staged:raise:1")  # the first build meets a bug; the next do not
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"], cwd=site, env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not lines or not lines[-1].startswith("serving "):
            line = proc.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        said = "".join(lines)
        assert "internal error while processing" in said and "InjectedFault" in said
        url = re.search(r"at (http://\S+/)", lines[-1]).group(1)
        status = json.loads(urllib.request.urlopen(url + "__briefing__/status", timeout=10).read())
        assert "internal error while processing" in status["error"] and status["build"] == 0
        (site / "content/articles/good.md").write_text(page("Good, edited", "2024-06-05"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while status["build"] == 0 and time.monotonic() < deadline:  # waits for the rebuild (polls, as the page does)
            status = json.loads(urllib.request.urlopen(url + "__briefing__/status", timeout=10).read())
        assert status == {"build": 1, "error": None} and proc.poll() is None
        proc.terminate()  # SIGTERM, a service manager's stop, ends it cleanly as Ctrl-C does
        assert proc.wait(timeout=30) == 0
        assert "stopping the server" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_ctrl_c_and_sigterm_set_the_stop_event_even_when_the_interrupt_is_swallowed(signum):
    import signal

    import watchfiles

    from briefing.stopsignals import stop_signals

    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers are set from the main thread only")  # (a signal would stop the run)
    sig = getattr(signal, signum)
    before = signal.getsignal(sig)
    with stop_signals() as stop:
        try:
            os.kill(os.getpid(), sig)  # (the handler runs before kill returns)
        except KeyboardInterrupt:
            pass  # what a library may do with it: the event still tells the watch to stop
        assert stop.is_set()
        started = time.monotonic()
        assert list(watchfiles.watch(str(ROOT / "tests"), stop_event=stop, rust_timeout=5000, yield_on_timeout=True)) == []
        assert time.monotonic() - started < 2  # the watch serve runs ends at once (its timeout is 5 s)
    assert signal.getsignal(sig) is before


def test_a_signal_ignored_when_serve_starts_stays_ignored():
    import signal

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    term = signal.getsignal(signal.SIGTERM)
    try:
        from briefing.stopsignals import stop_signals

        with stop_signals() as stop:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # (a background job's Ctrl-C)
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
            assert not stop.is_set()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is term
    finally:
        signal.signal(signal.SIGINT, before)


def test_serve_caps_its_handler_threads_and_has_a_real_backlog(tmp_path, monkeypatch):
    from briefing import serve

    monkeypatch.setattr(serve.Handler, "timeout", 2)
    write_files(tmp_path, {"public/index.html": "<html><body>home</body></html>"})
    server = serve.Server(("127.0.0.1", 0), partial(serve.Handler, directory=str(tmp_path / "public"), state=serve.BuildState()))
    assert server.request_queue_size >= 128
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = threading.active_count()
    idle = [socket.create_connection(server.server_address) for _ in range(100)]  # connect, say nothing
    try:
        deadline = time.monotonic() + 5
        while threading.active_count() - before < serve.MAX_HANDLERS and time.monotonic() < deadline:
            pass  # until the handlers are busy with the silent connections
        assert threading.active_count() - before <= serve.MAX_HANDLERS + 1
    finally:
        for s in idle:
            s.close()
    body = urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=30).read()
    assert b"home" in body
    server.shutdown()
    server.server_close()
