"""Nothing lost, nothing injected: seeds of every shape, hostile content on every page kind, builds
killed at random moments, two builds at once, determinism, and the dev server's guard rails."""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path

import pytest

from briefing.cache import BodyStore
from briefing.content import parse_page
from briefing.errors import BriefingError, ContentError
from briefing.pipeline import build
from tests.conftest import ROOT, TODAY, LoopbackServer, copy_project, messages, page, write_files

ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))
LEDE_EN = "MINSK, 17 November (BelTA) – The Eurasian Economic Commission discussed industrial cooperation in Minsk on 17 November."
LEDE_RU = "МИНСК, 30 сентября. /ТАСС/. Делегация Евразийской экономической комиссии провела переговоры в Минске."


def site_tree(folder: Path) -> dict[str, str]:
    """Every file of a built site by path -> sha256 (Pagefind's bundle aside: not byte-reproducible)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }


# --- seeds of every shape ----------------------------------------------------------------------


def seed(headline: str, lede: str = LEDE_EN) -> str:
    return f"{headline}\n\n{lede}\n\nThe sides agreed to continue the work.\n"


SHAPES: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\r\n   \n",
    "binary.txt": random.Random(1).randbytes(4000),
    "image.txt": b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(4000),
    "document.txt": b"PK\x03\x04" + random.Random(3).randbytes(4000),
    "utf8.txt": seed("Plain text item on industrial cooperation").encode("utf-8"),
    "utf8-bom.txt": b"\xef\xbb\xbf" + seed("Item saved with a byte order mark").encode("utf-8"),
    "utf16.txt": seed("Переговоры в Минске о транспорте", LEDE_RU).encode("utf-16"),
    "utf16-no-bom.txt": seed("Встреча в Минске по энергетике", LEDE_RU).encode("utf-16-le"),
    "cp1251.txt": seed("Совещание в Минске по кооперации", LEDE_RU).encode("cp1251"),
    "koi8r.txt": seed("Заседание в Минске по торговле", LEDE_RU).encode("koi8-r"),
    "crlf.txt": seed("Item with Windows line endings").replace("\n", "\r\n").encode(),
    "cr.txt": seed("Item with old Mac line endings").replace("\n", "\r").encode(),
    "nul.txt": seed("Item with stray NUL bytes").replace("cooperation", "coop\x00eration").encode(),
    "long-line.txt": ("Item on one very long line. " + "The commission met again and talked. " * 8200).encode(),
    "big.txt": (seed("A multi-megabyte paste") + ("Another paragraph of the same long report about cooperation.\n\n" * 50_000)).encode(),
    "emoji.txt": seed("🚀🚀🚀").encode(),
    "same-a.txt": seed("Same headline twice").encode(),
    "same-b.txt": seed("Same headline twice", LEDE_EN.replace("17 November", "18 November")).encode(),
    "новость.txt": seed("Item in a file with a Cyrillic name").encode(),
    "yaml-looking.txt": ("---\ntitle: Injected title\nslug: ../../escape\ndraft: true\nsource: /etc/passwd\ndate: 1999-01-01\n---\n" + seed("Real headline under a YAML-looking block")).encode(),
}
UNUSABLE = {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary", "image.txt": "PNG image", "document.txt": "ZIP archive"}


@pytest.fixture(scope="module")
def shapes_site(tmp_path_factory):
    import io

    from briefing.config import load_config
    from briefing.errors import Reporter

    root = tmp_path_factory.mktemp("shapes")
    copy_project(root, "themes", "data")
    write_files(root, {"config.yaml": "title: Shapes\n", **{f"seeds/{name}": data for name, data in SHAPES.items()}})
    config = load_config(root / "config.yaml")
    reporter = Reporter(stream=io.StringIO())
    report = build(config, reporter, today=TODAY)
    pages = {p.name: parse_page(p.read_bytes(), p.name, p.stem).article for p in config.articles_dir.glob("*.md")}
    return config, reporter, report, pages


def test_unusable_seeds_are_named_with_the_reason_and_skipped(shapes_site):
    _config, reporter, report, pages = shapes_site
    shown = messages(reporter)
    for name, reason in UNUSABLE.items():
        assert f"seeds/{name}: warning: seed skipped:" in shown and reason in shown.split(f"seeds/{name}: warning: seed skipped:")[1].split("\n")[0]
    assert sorted(Path(s).name for s in report.ingest.skipped) == sorted(UNUSABLE)
    assert len(pages) == len(SHAPES) - len(UNUSABLE)  # every other seed made a page
    assert "Traceback" not in shown


def test_every_encoding_is_read_into_the_right_text(shapes_site):
    _config, _reporter, _report, pages = shapes_site
    by_source = {a.source: a for a in pages.values()}
    expected = {
        "utf8-bom.txt": "Item saved with a byte order mark",
        "utf16.txt": "Переговоры в Минске о транспорте",
        "utf16-no-bom.txt": "Встреча в Минске по энергетике",
        "cp1251.txt": "Совещание в Минске по кооперации",
        "koi8r.txt": "Заседание в Минске по торговле",
        "crlf.txt": "Item with Windows line endings",
        "cr.txt": "Item with old Mac line endings",
        "новость.txt": "Item in a file with a Cyrillic name",
    }
    for name, title in expected.items():
        assert by_source[f"seeds/{name}"].title == title, name
    assert by_source["seeds/koi8r.txt"].location == "Minsk"
    nul = by_source["seeds/nul.txt"]
    assert "\x00" not in nul.body and "cooperation" in nul.body


def test_odd_seeds_still_make_sound_pages(shapes_site):
    config, _reporter, _report, pages = shapes_site
    by_source = {a.source: a for a in pages.values()}
    emoji = by_source["seeds/emoji.txt"]
    assert emoji.title.strip() and emoji.slug.isascii() and emoji.slug  # a readable title, a usable slug
    same = sorted(a.slug for a in pages.values() if a.title == "Same headline twice")
    assert same == ["same-headline-twice", "same-headline-twice-2"]
    assert len(by_source["seeds/long-line.txt"].title) <= 200
    assert len(by_source["seeds/big.txt"].body) > 2_000_000  # the whole text is kept
    out = config.path("output")
    for article in pages.values():
        assert (out / "articles" / article.slug / "index.html").is_file()


def test_a_yaml_looking_seed_is_text_not_front_matter(shapes_site):
    config, _reporter, _report, pages = shapes_site
    (article,) = [a for a in pages.values() if a.source == "seeds/yaml-looking.txt"]
    assert article.slug != "escape" and ".." not in article.slug and not article.draft
    assert article.source == "seeds/yaml-looking.txt"
    assert "Real headline under a YAML-looking block" in article.body or article.title == "Real headline under a YAML-looking block"
    assert (config.path("output") / "articles" / article.slug / "index.html").is_file()
    assert not (config.root / "escape").exists() and not (config.path("output").parent / "escape").exists()


# --- content errors ------------------------------------------------------------------------------


def test_all_content_problems_are_reported_together_and_public_is_untouched(tmp_site, reporter):
    config = tmp_site({"content/articles/good.md": page("Good", "2024-01-01")})
    build(config, reporter, today=TODAY)
    before = site_tree(config.path("output"))
    write_files(
        config.root,
        {
            "content/articles/yaml.md": "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n",
            "content/articles/types.md": "---\ntitle: Types\ndate: tomorrow\ntags: 5\n---\n",
            "content/articles/missing.md": "---\nsummary: no title, no date\n---\n",
            "content/articles/dup.md": page("Dup", "2024-01-02", slug="good"),
            "content/articles/typo.md": page("Typo", "2024-01-03", tilte="x"),
        },
    )
    with pytest.raises(ContentError) as exc:
        build(config, reporter, today=TODAY)
    shown = [str(p) for p in exc.value.problems]
    assert any(s.startswith("content/articles/yaml.md:2: error: invalid YAML") for s in shown)
    assert any(s.startswith("content/articles/types.md:3: error: 'date' must be a date") for s in shown)
    assert any(s.startswith("content/articles/types.md:4: error: 'tags' must be a list") for s in shown)
    assert any("content/articles/missing.md" in s and "missing 'title'" in s for s in shown)
    assert any("content/articles/missing.md" in s and "missing 'date'" in s for s in shown)
    assert any("dup.md" in s and "good.md" in s for s in shown)  # duplicate slug names both files
    assert "content/articles/typo.md:4: warning: unknown key 'tilte' (did you mean 'title'?)" in messages(reporter)
    assert site_tree(config.path("output")) == before


def test_a_damaged_body_cache_is_made_again(tmp_site, reporter):
    """The body cache does not wait for the disk (synchronous=OFF): a machine crash could damage it.
    It is only a cache: a file that is not a database any more is replaced, the bodies rendered again."""
    config = tmp_site({"content/articles/good.md": page("Good", "2024-01-01", body="The *good* body.")})
    build(config, reporter, today=TODAY)
    (cache,) = config.path("cache").glob("bodies-*.sqlite")
    cache.write_bytes(b"not a database" * 100)
    write_files(config.root, {"content/articles/new.md": page("New", "2024-01-02")})
    build(config, reporter, today=TODAY)  # "good" is rendered again (its newer neighbour changed)
    out = config.path("output") / "articles"
    assert "The <em>good</em> body." in (out / "good" / "index.html").read_text(encoding="utf-8")
    assert (out / "new" / "index.html").exists()
    assert len(BodyStore(config.path("cache")).known()) == 2  # a database again, with both bodies


@pytest.mark.parametrize(
    "name,shown",
    [
        ("SQLITE_CORRUPT", "the build cache is damaged (database disk image is malformed): delete this file; the next build makes it again"),
        ("SQLITE_FULL", "cannot use the build cache: database disk image is malformed"),
    ],
)
def test_a_cache_that_fails_later_is_named_with_what_to_do(tmp_path, monkeypatch, name, shown):
    store = BodyStore(tmp_path)
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorname = name

    def fail(*_args):
        raise error

    monkeypatch.setattr(store, "db", type("Db", (), {"execute": staticmethod(fail)})())
    with pytest.raises(BriefingError) as exc:
        store.known()
    assert str(exc.value.problems[0]) == f"{store.path}: error: {shown}"


# --- hostile content on every page kind --------------------------------------------------------

EVIL_TITLE = "</script><script>alert(1)</script><img src=x onerror=alert(2)> {{ config }} {% include 'base.html' %}"
EVIL_BODY = """<script>alert(7)</script>
<iframe src="https://evil.example/"></iframe>
<style>body { display: none }</style>
<a href="javascript:alert(13)">raw link</a>

[click](javascript:alert(8)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==) ![img](javascript:alert(10))
[quoted](https://ok.example/ "t\\" onmouseover=\\"alert(11)") [vb](vbscript:msgbox(1)) [spaced]( javascript:alert(14))
{: onclick="alert(12)" style="color:red" }

Text with {{ config }} and {% include 'base.html' %} and {# comment #}.
"""
EVIL_FILES = {
    "content/articles/evil.md": "---\n"
    + "\n".join(
        [
            f"title: {json.dumps(EVIL_TITLE)}",
            "date: 2024-06-05",
            'summary: "<svg onload=alert(3)> </script> \\u2028 {{ 7*7 }}"',
            'location: "<b onmouseover=alert(4)>Minsk</b>"',
            'organizations: ["<b onmouseover=alert(5)>Org</b>", "javascript:alert(6)"]',
            'people: ["</title><script>alert(15)</script>"]',
            'countries: ["Belarus"]',
            'tags: ["</script>", "{{ config }}"]',
            'agency: "<i>agency</i>"',
            'source: "seeds/<script>.txt"',
        ]
    )
    + "\n---\n\n"
    + EVIL_BODY,
}
OUR_SCRIPTS = ("static/timeline.js", "static/search.js")
_NOT_FOUND = (ROOT / "themes" / "default" / "templates" / "404.html").read_text(encoding="utf-8")
OUR_INLINE_SCRIPT = _NOT_FOUND.split("<script>", 1)[1].split("</script>", 1)[0]
"""The 404 page's own script (it cannot load one: it is served at any depth), as its template has it."""
OUR_ICON = _NOT_FOUND.split('<link rel="icon" type="image/svg+xml" href="', 1)[1].split('"', 1)[0]
"""The 404 page's icon, inline for the same reason: an image, the template's constant."""


class ActiveContent(html.parser.HTMLParser):
    """Collects everything in a page that could run code or load something."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_ld = False
        self.ld: list[str] = []
        self.in_inline = False
        self.inline: list[str] = []

    in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_body = self.in_body or tag == "body"
        if tag in ("iframe", "object", "embed", "frame", "base") or (tag == "style" and self.in_body):
            self.found.append(f"<{tag}>")  # (the theme's own <style> is in the head of 404.html)
        if tag == "form" and attrs.get("class") not in ("site-search", "filters", "search-form"):  # the theme's forms
            self.found.append("<form>")
        if tag == "script":
            if attrs.get("type") == "application/ld+json":
                self.in_ld = True
            elif attrs.get("type") == "application/json" and attrs.get("id") == "search-data":
                pass  # the search page's inlined data: JSON, never run (json_script escapes '<')
            elif not attrs:
                self.in_inline = True  # flagged now, cleared at its end if it is the theme's own (OUR_INLINE_SCRIPT)
                self.found.append("inline script")
            elif not (attrs.get("src") or "").endswith(OUR_SCRIPTS):
                self.found.append(f"script {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme in ("javascript", "data", "vbscript") and not (tag == "link" and attrs.get("rel") == "icon" and value == OUR_ICON):
                    self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if tag == "script":
            if self.in_inline and "".join(self.inline) == OUR_INLINE_SCRIPT:
                self.found.remove("inline script")
            self.in_ld = self.in_inline = False
            self.inline = []

    def handle_data(self, data):
        if self.in_ld:
            self.ld.append(data)
        if self.in_inline:
            self.inline.append(data)


def test_hostile_values_are_inert_on_every_page_and_feed(tmp_site, reporter):
    config = tmp_site(EVIL_FILES)
    build(config, reporter, today=TODAY)
    out = config.path("output")
    htmls = sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)
    assert len(htmls) > 15  # every page kind: index, article, profiles, indexes, timeline, weeks, search, 404
    for path in htmls:
        text = path.read_text(encoding="utf-8")
        checker = ActiveContent()
        checker.feed(text)
        assert checker.found == [], (path, checker.found)
        for ld in checker.ld:
            assert "</" not in ld and "<" not in ld  # cannot close the script element
            assert json.loads(ld)["headline"] == EVIL_TITLE
    article = (out / "articles/evil/index.html").read_text(encoding="utf-8")
    assert "{{ config }}" in article and "{% include &#39;base.html&#39; %}" in article  # Jinja in text stays text
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in article  # raw HTML in a body is shown as text
    # feeds: well-formed, the title comes back as the same text
    atom = ET.parse(out / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:entry/a:title", ns).text == EVIL_TITLE
    for feed in out.rglob("feed.xml"):
        ET.parse(feed)  # every per-term feed parses
    assert json.loads((out / "feed.json").read_text())["items"][0]["title"] == EVIL_TITLE
    timeline = (out / "timeline/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in timeline and "&lt;/script&gt;&lt;script&gt;alert(1)" in timeline


# --- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["../escape", "/etc/passwd", "a/b", "con", "UPPER", "with space", "x" * 200, "..", "nul"])
def test_a_front_matter_slug_cannot_leave_public_or_use_a_reserved_name(slug):
    result = parse_page(page(slug=json.dumps(slug)).encode(), "content/articles/p.md", "p")
    assert result.article is None and "'slug' must be" in str(result.problems[0])


def test_titles_that_make_unsafe_slugs_are_made_safe():
    from briefing.slugs import is_valid_slug, slugify

    for title in ("CON", "../../etc/passwd", "..", "/", "NUL.txt", "a" * 500, "Aux", "💥"):
        slug = slugify(title)
        assert is_valid_slug(slug) and "/" not in slug and slug not in ("con", "nul", "aux"), (title, slug)


# --- builds killed at random moments, and two at once -------------------------------------------


def _corpus(root: Path, n: int, version: int) -> None:
    rng = random.Random(version)
    folder = root / "content" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        words = " ".join(rng.choice(["cooperation", "Minsk", "commission", "trade", "energy", "union"]) for _ in range(120))
        (folder / f"item-{i:03d}.md").write_text(
            page(f"Item {i} version {version if i % 3 == 0 else 0}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"{words}\n\n## Part\n\n{words}", tags=f"[t{i % 7}]", organizations=f"[Org {i % 11}]"),
            encoding="utf-8",
        )


def _run_build(root: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--quiet"], cwd=root, **{"env": ENV, **popen})


def _whole(out: Path) -> list[str]:
    """Files in public/ that are not whole pages (temporary files of a killed build aside)."""
    bad = []
    for p in out.rglob("*"):
        if p.is_file() and not p.name.endswith(".briefing-tmp") and "pagefind" not in p.parts:
            data = p.read_bytes()
            if p.suffix == ".html" and not data.rstrip().endswith(b"</html>"):
                bad.append(str(p))
            if p.suffix == ".xml" and not (data.rstrip().endswith(b"</feed>") or data.rstrip().endswith(b"</urlset>")):
                bad.append(str(p))
    return bad


@pytest.mark.slow  # kills at random moments: a stress test (the named points are tested in test_publish_faults.py)
def test_builds_killed_at_random_moments_leave_whole_files_and_recover(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "themes", root / "themes")
    write_files(root, {"config.yaml": "title: Kill test\nsearch: false\n"})
    _corpus(root, 150, 0)
    assert _run_build(root).wait() == 0
    started = time.perf_counter()
    _corpus(root, 150, 1)
    assert _run_build(root).wait() == 0
    duration = time.perf_counter() - started
    rng = random.Random(7)
    kills = 0
    for version in range(2, 14):
        _corpus(root, 150, version)
        if version % 4 == 0:
            shutil.rmtree(root / ".cache", ignore_errors=True)  # sometimes a cold build
        proc = _run_build(root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration * 1.2))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        assert _whole(root / "public") == []  # every file old or new, never cut off
    assert kills >= 6
    # the next build (not kept waiting by a stale lock) gives exactly what a cold build gives
    done = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=root, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr
    assert not list((root / "public").rglob("*.briefing-tmp"))
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
    assert _run_build(cold).wait() == 0
    assert site_tree(root / "public") == site_tree(cold / "public")


def _worker_pids(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def _running(pid: int) -> bool:
    """Alive and not a zombie (a dead process its new parent has not reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(), reason="reads worker processes from /proc (Linux)")
def test_a_killed_build_leaves_no_worker_behind(tmp_path):
    """The workers are held at a named point (a page about to be rendered) when the build is
    killed: busy for sure, whatever the machine's speed."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "themes", root / "themes")
    write_files(root, {"config.yaml": "title: Kill test\nsearch: false\n"})
    _corpus(root, 400, 0)  # enough pages for the render to go to worker processes
    marker = tmp_path / "held"
    env = dict(ENV, BRIEFING_JOBS="2", BRIEFING_FAULT="render.page:hold", BRIEFING_FAULT_HOLD=str(marker))
    proc = _run_build(root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    held = _wait_for_holders(marker, proc, 2)
    workers = _worker_pids(proc.pid)
    assert workers and set(held) <= set(workers), (held, workers)  # the workers hold, not the build itself
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _running(w)]
    marker.unlink()
    done = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=root, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr


def _wait_for_holders(marker: Path, proc: subprocess.Popen, count: int) -> list[int]:
    """The pids that reached the held point (BRIEFING_FAULT=...:hold), once `count` of them did."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pids = [int(p) for p in marker.read_text().split()] if marker.exists() else []
        if len(pids) >= count:
            return pids
        assert proc.poll() is None, "the build ended without reaching the held point"
        time.sleep(0.01)
    raise AssertionError("the held point was not reached")


def test_two_builds_at_once_wait_for_each_other(tmp_path):
    """The first build is held at a named point (its pages staged, nothing published) while the
    second starts: the second must wait for the lock, and both must leave one whole site."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "themes", root / "themes")
    write_files(root, {"config.yaml": "title: Lock test\nsearch: false\n"})
    _corpus(root, 60, 0)
    marker = tmp_path / "held"
    env = dict(ENV, BRIEFING_FAULT="publish.staged:hold", BRIEFING_FAULT_HOLD=str(marker))
    first = _run_build(root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _wait_for_holders(marker, first, 1)
    second = subprocess.Popen([sys.executable, str(ROOT / "build.py")], cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = second.stderr.readline()  # (blocks until the second build says something)
    assert "waiting for another build of this site to finish" in said and second.poll() is None
    marker.unlink()  # the first build goes on
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert _whole(root / "public") == []
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
    assert _run_build(cold).wait() == 0
    assert site_tree(root / "public") == site_tree(cold / "public")


# --- determinism -----------------------------------------------------------------------------------


def test_output_is_the_same_across_hash_seeds_and_time_zones(tmp_path):
    trees = []
    for seed_value, tz in (("1", "UTC"), ("4242", "Asia/Tokyo"), ("random", "America/Los_Angeles")):
        root = tmp_path / f"site-{seed_value}"
        for name in ("seeds", "content", "data", "themes"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "config.yaml", root / "config.yaml")
        env = dict(ENV, PYTHONHASHSEED=seed_value, TZ=tz)
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--quiet"], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        trees.append(site_tree(root / "public"))
    assert trees[0] == trees[1] == trees[2]


def test_no_build_time_in_the_output(tmp_site, reporter):
    config = tmp_site({"content/articles/a.md": page("A", "2024-06-05")})
    build(config, reporter, today=TODAY)
    now = time.gmtime()
    stamps = {time.strftime("%Y-%m-%dT%H", now), time.strftime("%d %B %Y", now).lstrip("0"), time.strftime("%Y-%m-%d", now)}
    for p in config.path("output").rglob("*"):
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt"):
            text = p.read_text(encoding="utf-8")
            assert not any(s in text for s in stamps), p


# --- the dev server ----------------------------------------------------------------------------------


@pytest.fixture
def dev_server(tmp_path):

    from briefing.serve import BuildState, Handler

    public = tmp_path / "public"
    write_files(tmp_path, {"public/index.html": "<!DOCTYPE html><html><body><p>home</p></body></html>", "public/a b/index.html": "<html><body>spaced</body></html>", "secret.txt": "SECRET"})
    server = LoopbackServer(("127.0.0.1", 0), partial(Handler, directory=str(public), state=BuildState()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(url: str) -> tuple[int, bytes, dict]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", url[len(f"http://{parts.netloc}") :])  # the raw path, not normalised by a client
    resp = conn.getresponse()
    body = resp.read()
    return resp.status, body, dict(resp.getheaders())


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/a%20b/../../secret.txt",
        "/./../secret.txt",
        "//../secret.txt",
        "/%00../secret.txt",
    ],
)
def test_dev_server_refuses_to_leave_public(dev_server, path):
    status, body, _ = _get(dev_server + path)
    assert b"SECRET" not in body and status == 403  # refused outright, not merely not found


def test_dev_server_does_not_follow_a_link_out_of_public(dev_server, tmp_path):
    (tmp_path / "public" / "link.txt").symlink_to(tmp_path / "secret.txt")
    status, body, _ = _get(dev_server + "/link.txt")
    assert status == 403 and b"SECRET" not in body


def test_dev_server_answers_only_to_loopback_names(dev_server):
    """A page elsewhere cannot read the preview by pointing a name of its own at 127.0.0.1."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(dev_server)
    for host, expected in (("evil.example", 400), (f"localhost:{parts.port}", 200), (f"127.0.0.1:{parts.port}", 200)):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("GET", "/", headers={"Host": host})
        assert conn.getresponse().status == expected, host


def test_dev_server_serves_public_with_nosniff_and_the_reload_script(dev_server):
    status, body, headers = _get(dev_server + "/")
    assert status == 200 and b"home" in body and b"__briefing__/status" in body
    assert headers.get("X-Content-Type-Options") == "nosniff"
    status, body, _ = _get(dev_server + "/a%20b/")
    assert status == 200 and b"spaced" in body


def test_dev_server_binds_loopback_unless_told_and_warns_then():
    from briefing.serve import _is_loopback

    assert _is_loopback("127.0.0.1") and _is_loopback("localhost") and _is_loopback("::1")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.5")
    from briefing.cli import _parser

    args = _parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


# --- editors' work ---------------------------------------------------------------------------------


def test_no_command_overwrites_or_deletes_an_edited_page(tmp_path):
    root = tmp_path / "site"
    for name in ("data", "themes"):
        shutil.copytree(ROOT / name, root / name)
    write_files(root, {"config.yaml": "title: Editors\nsearch: false\n", "seeds/item.txt": seed("Talks on cooperation in Minsk")})

    def run(*args):
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=root, env=ENV, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stderr

    run()
    (page_path,) = (root / "content/articles").glob("*.md")
    edited = page_path.read_text(encoding="utf-8").replace("title: Talks on cooperation in Minsk", "title: Talks in Minsk (edited)")
    page_path.write_text(edited, encoding="utf-8")
    (root / "seeds/item.txt").write_text(seed("Talks on cooperation in Minsk, updated"), encoding="utf-8")  # the seed changes too
    said = [run(*cmd) for cmd in (["build"], ["ingest"], ["ingest", "--refresh"], ["ingest", "seeds/item.txt"], ["extract", "seeds/item.txt"], ["check"])]
    assert page_path.read_text(encoding="utf-8") == edited
    proposal = page_path.with_name(page_path.name + ".new")
    assert proposal.is_file() and "Talks on cooperation in Minsk, updated" in proposal.read_text(encoding="utf-8")
    assert "title" in said[0] and str(page_path.name) in said[0]  # the build says which fields differ
    (root / "seeds/item.txt").unlink()
    run()
    assert page_path.read_text(encoding="utf-8") == edited  # a removed seed never removes its page
    assert (root / "public/articles" / page_path.stem / "index.html").is_file()
