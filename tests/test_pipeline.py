"""The build as a whole: pages produced, errors collected, public/ untouched by a failed build."""

import hashlib

import pytest

from briefing.errors import ContentError
from briefing.pipeline import build
from tests.conftest import TODAY, page


def tree(folder):
    """Every file of a built site by path (Pagefind's bundle aside: it is not byte-reproducible)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }


FILES = {
    "content/articles/memo.md": page(
        "EEC and RCC signed a memorandum",
        "2024-06-05",
        "The **memorandum** was signed in Minsk.",
        location="Minsk",
        organizations="[EEC, Regional Commonwealth in the Field of Communications]",
        people="[Varos Simonyan]",
        tags="[digital]",
        summary="A memorandum on digital trust.",
    ),
    "content/articles/talks.md": page(
        "Talks in Novo-Ogaryovo", "2023-02-17", "Talks were held.", location="Novo-Ogaryovo", countries="[Belarus, Russian Federation]", period="{start: 2023-02-13, end: 2023-02-19}"
    ),
}


def test_build_writes_every_page_kind(tmp_site, reporter):
    config = tmp_site(FILES)
    report = build(config, reporter, today=TODAY)
    out = config.path("output")
    expected = [
        "index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "static/style.css",
        "timeline/index.html",
        "articles/memo/index.html",
        "articles/talks/index.html",
        "tags/index.html",
        "tags/digital/index.html",
        "tags/digital/feed.xml",
        "organizations/eurasian-economic-commission/index.html",
        "people/varos-simonyan/index.html",
        "places/novo-ogaryovo/index.html",
        "countries/russia/index.html",
    ]
    for rel in expected:
        assert (out / rel).is_file(), rel
    assert report.pages == len([p for p in tree(out) if not p.startswith("static/")])
    html = (out / "articles/memo/index.html").read_text()
    assert "<strong>memorandum</strong>" in html
    assert 'href="../../organizations/eurasian-economic-commission/"' in html  # EEC -> canonical page


def test_two_builds_give_identical_bytes(tmp_site, reporter, tmp_path):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    first = tree(config.path("output"))
    import shutil

    shutil.rmtree(config.path("output"))
    shutil.rmtree(config.path("cache"))
    build(config, reporter, today=TODAY)
    assert tree(config.path("output")) == first


def test_a_content_error_leaves_public_untouched_and_reports_all_problems(tmp_site, reporter):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    before = tree(config.path("output"))
    articles = config.articles_dir
    (articles / "broken.md").write_text("---\ntitle: [oops\ndate: 2024-01-01\n---\nBody\n", encoding="utf-8")
    (articles / "wrong.md").write_text(page(date="tomorrow"), encoding="utf-8")
    (articles / "memo.md").write_text(page("Changed title"), encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        build(config, reporter, today=TODAY)
    shown = [str(p) for p in exc.value.problems]
    assert "content/articles/broken.md:2: error: invalid YAML front-matter" in shown[0]
    assert shown[1].startswith("content/articles/wrong.md:3: error: 'date' must be a date")
    assert tree(config.path("output")) == before


def test_a_template_error_leaves_public_untouched(tmp_site, reporter):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    before = tree(config.path("output"))
    (config.path("theme") / "templates" / "term.html").write_text("{% extends 'base.html' %}{% block main %}{{ nope.missing }}{% endblock %}")
    with pytest.raises(Exception) as exc:
        build(config, reporter, today=TODAY)
    assert "term.html" in str(exc.value)
    assert tree(config.path("output")) == before


def test_pretty_urls_off_links_to_index_files(tmp_site, reporter):
    config = tmp_site(FILES, config="title: T\npretty_urls: false\n")
    build(config, reporter, today=TODAY)
    html = (config.path("output") / "articles/memo/index.html").read_text()
    assert 'href="../../tags/digital/index.html"' in html and 'href="../../index.html"' in html
    assert not (config.path("output") / "sitemap.xml").exists()  # no base_url, no sitemap


def test_hostile_front_matter_is_escaped(tmp_site, reporter):
    evil = page("<script>alert(1)</script>", body="<script>alert(2)</script> [x](javascript:alert(3)) <img src=x onerror=alert(4)>", tags="['<b>t</b>']", summary="'{{ config }}'")
    config = tmp_site({"content/articles/evil.md": evil})
    build(config, reporter, today=TODAY)
    html = (config.path("output") / "articles/evil/index.html").read_text()
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html.replace("onerror=alert(4)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    index = (config.path("output") / "index.html").read_text()
    assert "{{ config }}" in index


def test_a_new_page_that_cannot_be_read_is_reported_with_the_others(tmp_site, reporter, monkeypatch):
    """New pages are read by the workers (in parallel); one that vanishes or cannot be opened
    meanwhile is a content error naming it, reported together with the other problems."""
    import builtins

    config = tmp_site(FILES)
    (config.articles_dir / "wrong.md").write_text(page(date="tomorrow"), encoding="utf-8")
    real_open = builtins.open

    def failing_open(file, *args, **kwargs):
        if str(file).endswith("memo.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    with pytest.raises(ContentError) as exc:
        build(config, reporter, today=TODAY)
    shown = [str(p) for p in exc.value.problems]
    assert shown[0] == "content/articles/memo.md: error: cannot read the page: Permission denied"
    assert shown[1].startswith("content/articles/wrong.md:3: error: 'date' must be a date")
    assert not config.path("output").exists()


def test_the_body_cache_keeps_only_the_bodies_of_current_pages(tmp_site, reporter):
    from briefing.cache import BodyStore

    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    memo = config.articles_dir / "memo.md"
    for n in range(3):  # each edit leaves the body before it behind
        memo.write_text(memo.read_text(encoding="utf-8") + f"\nA paragraph added in edit {n}.\n", encoding="utf-8")
        build(config, reporter, today=TODAY)
    (config.articles_dir / "talks.md").unlink()
    build(config, reporter, today=TODAY)
    store = BodyStore(config.path("cache"))
    try:
        assert store.known() == {hashlib.sha256(memo.read_bytes()).hexdigest()}  # a body is stored by its page's hash
    finally:
        store.close()


SCHEDULED = {
    **FILES,
    "content/articles/later.md": page("A summit announced for the autumn", "2026-10-01", "The summit will be held in the autumn.", publish="2026-11-25"),
}


def test_a_scheduled_item_stays_out_until_its_day_and_the_no_op_check_notices_the_day(tmp_site, reporter):
    import datetime as dt

    config = tmp_site(SCHEDULED)
    out = config.path("output")
    build(config, reporter, today=TODAY)  # TODAY is before the publish day
    assert not (out / "articles/later/index.html").exists()
    assert "A summit announced" not in (out / "index.html").read_text(encoding="utf-8")
    assert build(config, reporter, today=TODAY).rendered == 0  # nothing changed, no day passed
    report = build(config, reporter, today=dt.date(2026, 11, 25))  # no file changed; the day came
    assert report.rendered > 0 and (out / "articles/later/index.html").is_file()
    assert "A summit announced" in (out / "index.html").read_text(encoding="utf-8")


def test_future_shows_scheduled_items_and_an_event_date_ahead_never_hides_one(tmp_site, reporter):
    config = tmp_site({**SCHEDULED, "content/articles/ahead.md": page("Ministers to meet next spring", "2027-04-01", "A meeting is planned.")})
    out = config.path("output")
    build(config, reporter, today=TODAY)
    assert (out / "articles/ahead/index.html").is_file()  # a future event date is news now
    build(config, reporter, today=TODAY, future=True)
    assert (out / "articles/later/index.html").is_file()
    build(config, reporter, today=TODAY)  # and out again without --future
    assert not (out / "articles/later/index.html").exists()


def test_no_worker_is_forked_while_other_threads_run(monkeypatch):
    """Under `serve` the HTTP server's threads run beside a rebuild: forking then could leave a
    lock held in the child, so the work is done in this process (a cold build, before the server
    starts, still uses every core)."""
    import os
    import threading

    from briefing import parallel

    monkeypatch.setenv("BRIEFING_JOBS", "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        pids = parallel.map_chunks(lambda chunk: [os.getpid() for _ in chunk], list(range(400)), 1)
    finally:
        stop.set()
        other.join()
    assert set(pids) == {os.getpid()}
    assert set(parallel.map_chunks(lambda chunk: [os.getpid() for _ in chunk], list(range(400)), 1)) != {os.getpid()}
