"""The search index: made by Pagefind after the pages are published, only when an article changed,
never stale, and a build without Pagefind still succeeds. (Searching itself: test_browser.py.)"""
import json

from briefing import search
from briefing.pipeline import build
from tests.conftest import TODAY, messages, page

FILES = {
    "content/articles/memo.md": page("EEC and RCC signed a memorandum", "2024-06-05", "Signed in Minsk.", organizations="[EEC]", tags="[digital]"),
    "content/articles/talks.md": page("Переговоры в Минске", "2023-02-17", "Переговоры прошли в Минске.", countries="[Belarus]"),
}


def entry(out):
    return json.loads((out / search.ENTRY).read_text())


def test_index_covers_every_article_and_nothing_else(tmp_site, reporter):
    config = tmp_site(FILES)
    report = build(config, reporter, today=TODAY)
    out = config.path("output")
    assert entry(out)["languages"]["en"]["page_count"] == 2  # one index for English and Russian items
    assert report.search is not None and report.search.bytes > 0
    assert not any(p.name.startswith(".") for p in config.root.iterdir() if "pagefind" in p.name)  # no staging left


def test_index_is_rebuilt_only_when_an_article_page_changes(tmp_site, reporter):
    config = tmp_site({**FILES, "data/entities.yaml": "organizations:\n  - name: Eurasian Economic Commission\n    aliases: [EEC]\n"})
    build(config, reporter, today=TODAY)
    out = config.path("output")
    # a description shows on the profile only: no article page changes, no new index
    (config.path("data") / "entities.yaml").write_text(
        "organizations:\n  - name: Eurasian Economic Commission\n    aliases: [EEC]\n    description: The regulator.\n", encoding="utf-8")
    assert build(config, reporter, today=TODAY).search is None
    (config.articles_dir / "new.md").write_text(page("A third item", "2024-07-01"), encoding="utf-8")
    assert build(config, reporter, today=TODAY).search is not None
    assert entry(out)["languages"]["en"]["page_count"] == 3


def test_a_lost_index_is_made_again(tmp_site, reporter):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    import shutil

    shutil.rmtree(config.path("output") / search.BUNDLE)
    assert build(config, reporter, today=TODAY).search is not None


def test_without_pagefind_the_build_warns_and_succeeds(tmp_site, reporter, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: None)
    config = tmp_site(FILES)
    report = build(config, reporter, today=TODAY)
    assert report.search is None and (config.path("output") / "search/index.html").is_file()
    assert "search index not updated: Pagefind is not installed" in messages(reporter)
    assert not (config.path("output") / search.BUNDLE).exists()


def test_no_articles_no_index(tmp_site, reporter):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    for p in config.articles_dir.glob("*.md"):
        p.unlink()
    build(config, reporter, today=TODAY)
    assert not (config.path("output") / search.BUNDLE).exists()
    assert "warning" not in messages(reporter)


def test_search_switched_off(tmp_site, reporter):
    config = tmp_site(FILES, config="title: T\nsearch: false\n")
    assert build(config, reporter, today=TODAY).search is None
    assert not (config.path("output") / search.BUNDLE).exists()


def test_articles_mark_what_the_index_takes(tmp_site, reporter):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    html = (config.path("output") / "articles/memo/index.html").read_text()
    assert '<article class="story" data-pagefind-body>' in html
    assert 'data-pagefind-filter="year:2024"' in html and 'data-pagefind-sort="date:2024-06-05"' in html
    assert 'data-pagefind-filter="organization">Eurasian Economic Commission</a>' in html
    assert 'data-pagefind-filter="tag">digital</a>' in html
    index = (config.path("output") / "index.html").read_text()
    assert "data-pagefind-body" not in index  # lists are not indexed
    assert '<form class="site-search" role="search" action="search/"' in index


def test_serve_leaves_the_index_to_its_background_thread(tmp_site, reporter):
    from briefing.pipeline import search_index

    config = tmp_site(FILES)
    report = build(config, reporter, today=TODAY, index_search=False)
    out = config.path("output")
    assert report.search_pending and report.search is None and not (out / search.ENTRY).exists()
    assert search_index(config, reporter) is not None and (out / search.ENTRY).is_file()
    again = build(config, reporter, today=TODAY, index_search=False)  # nothing changed since
    assert not again.search_pending


def test_a_failed_index_leaves_no_stale_index_and_the_next_build_tries_again(tmp_site, reporter, monkeypatch):
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    out = config.path("output")
    (config.articles_dir / "new.md").write_text(page("A third item", "2024-07-01"), encoding="utf-8")
    real = search._make

    def broken(*args):
        raise search.SearchError("Pagefind failed: disk full")

    monkeypatch.setattr(search, "_make", broken)
    assert build(config, reporter, today=TODAY).search is None
    assert "search index not updated: Pagefind failed: disk full. The site is built without search" in messages(reporter)
    assert not (out / search.BUNDLE).exists()  # not the old index, which misses the new item
    monkeypatch.setattr(search, "_make", real)
    assert build(config, reporter, today=TODAY).search is not None  # nothing changed, but the index is made
    assert entry(out)["languages"]["en"]["page_count"] == 3
    assert not (out / search.STAGING).exists() and not (out / search.OLD).exists()
