"""The search index: made by Pagefind after the pages are published, only when an article changed,
never stale, and a build without Pagefind still succeeds. (Searching itself: test_browser.py.)"""

import json
from pathlib import Path

from briefing import pagefind_service, search
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
    (config.path("data") / "entities.yaml").write_text("organizations:\n  - name: Eurasian Economic Commission\n    aliases: [EEC]\n    description: The regulator.\n", encoding="utf-8")
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
    from briefing.sitebuild import search_index

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


# --- shards: an edit re-indexes one shard; searching them is searching one index ----------------

WORDS = (
    "grain railway customs transit tariff energy grid loan bank digital economy economic economies agreement memorandum delegation tourism border corridor freight steel quota water treaty"
).split()
ORGS = ["EEC", "CIS", "Union State", "Eurasian Development Bank"]
COUNTRIES = ["Belarus", "Russia", "Kazakhstan", "Armenia"]
TAGS = ["trade", "energy", "transport", "digital"]


def corpus(n: int, seed: int = 7) -> dict[str, str]:
    """n articles of invented text: varied lengths, shared and rare words, names in titles, filters."""
    import random

    rng = random.Random(seed)
    files = {}
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(20, 160))]
        if i % 7 == 0:
            words += ["Минске", "переговоры", "зерно"]
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} talks {i}"
        files[f"content/articles/item-{i:02d}.md"] = page(
            title,
            f"202{rng.randint(1, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            " ".join(words) + ".",
            organizations=f"[{', '.join(rng.sample(ORGS, rng.randint(0, 2)))}]",
            countries=f"[{', '.join(rng.sample(COUNTRIES, rng.randint(0, 2)))}]",
            tags=f"[{', '.join(rng.sample(TAGS, rng.randint(1, 2)))}]",
        )
    return files


QUERIES = [
    {"term": t} for t in ("grain", "railway grain", "digital economy", "economy", "economies", "eco", "bank loan", "talks", "transit", "Минске", "переговоры зерно", "steel quota water", "freight 12")
] + [
    {"term": "grain", "filters": {"country": "Belarus"}},
    {"term": "loan", "filters": {"organization": "Eurasian Development Bank", "year": "2022"}},
    {"term": "energy", "filters": {"tag": "energy"}},
]


def shard_dirs(out):
    return sorted(p.name for p in (out / search.BUNDLE / "s").iterdir())


def needs_node():
    import pytest

    from tests import searchjs

    if searchjs.node() is None:
        pytest.skip("no Node.js (it comes with Playwright, a test dependency) to run Pagefind's search script")


def test_an_edit_reindexes_only_its_shard(tmp_site, reporter, monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    config = tmp_site(corpus(24))
    first = build(config, reporter, today=TODAY)
    out = config.path("output")
    assert first.search.shards == first.search.total == 8  # 24 pages, at most 4 a shard on average: 8 shards
    before = {name: (out / search.BUNDLE / "s" / name / "pagefind-entry.json").stat().st_mtime_ns for name in shard_dirs(out)}
    page_path = config.articles_dir / "item-05.md"  # its text: only its own page changes (a new title
    page_path.write_text(page_path.read_text() + "A sentence more.\n", encoding="utf-8")  # shows on its neighbours too)
    again = build(config, reporter, today=TODAY)
    assert (again.search.shards, again.search.total) == (1, 8)
    after = shard_dirs(out)
    assert len(after) == 8 and len(set(after) - set(before)) == 1  # one shard replaced, under a new name
    for name in set(after) & set(before):  # the others untouched
        assert (out / search.BUNDLE / "s" / name / "pagefind-entry.json").stat().st_mtime_ns == before[name]
    assert entry(out)["languages"]["en"]["page_count"] == 24


def test_shards_rank_and_filter_as_one_index(tmp_site, reporter, monkeypatch):
    """The same queries through the merging script over 16 shards and over one shard, and through
    Pagefind's own code on one index of all the pages: the same results, the same filter counts, and
    the scores of one index (the script's own computation exactly; Pagefind's up to its 32-bit floats)."""
    needs_node()
    from tests import searchjs

    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    config = tmp_site(corpus(40))
    build(config, reporter, today=TODAY)
    out = config.path("output")
    assert len(shard_dirs(out)) == 16
    merged = searchjs.run(out, QUERIES)
    monkeypatch.setattr(search, "SHARD_PAGES", 10_000)
    search.index(out, config.path("cache"), config.language, config.pretty_urls)
    (single,) = shard_dirs(out)
    one = searchjs.run(out, QUERIES)
    pagefind = searchjs.run(out, QUERIES, single_shard=f"s/{single}/")
    assert merged["filters"] == one["filters"] == pagefind["filters"]  # every filter value, with its count
    assert all(q["rows"] for q in merged["queries"])  # every query finds something
    for q, m, o, p in zip(QUERIES, merged["queries"], one["queries"], pagefind["queries"]):
        assert [r["url"] for r in m["rows"]] == [r["url"] for r in o["rows"]], q  # the same order
        assert m["filters"] == p["filters"] and m["total"] == p["total"], q
        theirs = {r["url"]: r["score"] for r in p["rows"]}
        assert sorted(theirs) == sorted(r["url"] for r in m["rows"]), q
        for r in m["rows"]:
            assert abs(r["score"] - theirs[r["url"]]) <= 1e-5 * abs(theirs[r["url"]]), (q, r)
        # Pagefind's order, but for scores its rounding cannot tell apart.
        for a, b in zip(m["rows"], m["rows"][1:]):
            assert theirs[a["url"]] >= theirs[b["url"]] * (1 - 1e-5), (q, a, b)


def test_a_new_article_is_findable_by_a_word_of_its_title(tmp_site, reporter, monkeypatch):
    needs_node()
    from tests import searchjs

    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    config = tmp_site(corpus(12))
    build(config, reporter, today=TODAY)
    (config.articles_dir / "added.md").write_text(page("Hydropower cascade agreed", "2024-07-01", "The parties signed it."), encoding="utf-8")
    report = build(config, reporter, today=TODAY)
    assert report.search.shards == 1  # (its neighbours' links to it changed, not what is indexed of them)
    (found,) = searchjs.run(config.path("output"), [{"term": "hydropower"}])["queries"]
    assert [r["url"] for r in found["rows"]] == ["/articles/added/"]


def test_a_killed_index_runs_leftovers_are_removed(tmp_site, reporter, monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    config = tmp_site(corpus(8))
    build(config, reporter, today=TODAY)
    out = config.path("output")
    junk = out / search.BUNDLE / "s" / ".4-1-deadbeef"
    junk.mkdir()
    (junk / "pagefind-entry.json").write_text("{}")
    (config.articles_dir / "new.md").write_text(page("A third item", "2024-07-01"), encoding="utf-8")
    build(config, reporter, today=TODAY)
    assert not junk.exists() and all(not n.startswith(".") for n in shard_dirs(out))


def test_a_seed_added_to_a_built_site_is_findable_and_reindexes_one_shard(tmp_site, reporter, monkeypatch):
    """The editor's case: a raw news item dropped into seeds/ of a built site; ingest makes its page,
    the index takes it in one shard, and a search for a word of its title finds it."""
    needs_node()
    from tests import searchjs

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    config = tmp_site(corpus(7))  # 7 pages, then 8: 4 shards both times
    build(config, reporter, today=TODAY)
    assert len(shard_dirs(config.path("output"))) == 4
    seed = "Hydropower cascade agreed in Minsk\n\nMINSK, 5 June (BelTA) – The parties agreed on a hydropower cascade.\n"
    (config.root / "seeds").mkdir(exist_ok=True)
    (config.root / "seeds" / "added.txt").write_text(seed, encoding="utf-8")
    report = build(config, reporter, today=TODAY)
    assert report.ingest.created and report.search.shards == 1
    (found,) = searchjs.run(config.path("output"), [{"term": "hydropower"}])["queries"]
    assert [r["url"] for r in found["rows"]] == ["/articles/hydropower-cascade-agreed-in-minsk/"]


def test_an_index_file_written_after_pagefinds_reply_is_waited_for(tmp_site, reporter, monkeypatch):
    """Pagefind's service can reply to WriteFiles before its files are on disk (seen under load: an
    empty pagefind-entry.json right after the reply). Here every shard's entry arrives 0.2 s late,
    empty meanwhile: the index is still complete and searchable (the code before read it empty)."""
    import threading

    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    real = pagefind_service.PagefindService.call

    timers = []

    def late(self, payload, expected):
        reply = real(self, payload, expected)
        if payload.get("type") == "WriteFiles":
            entry = Path(payload["output_path"]) / "pagefind-entry.json"
            pagefind_service._settled(entry.parent)  # the real file first (under load it may be late itself)
            data = entry.read_bytes()
            entry.write_bytes(b"")
            timers.append(threading.Timer(0.2, entry.write_bytes, (data,)))
            timers[-1].start()
        return reply

    monkeypatch.setattr(pagefind_service.PagefindService, "call", late)
    config = tmp_site(corpus(12))
    report = build(config, reporter, today=TODAY)
    for timer in timers:
        timer.join()
    out = config.path("output")
    assert report.search is not None and report.search.shards == 4
    assert entry(out)["languages"]["en"]["page_count"] == 12
    for name in shard_dirs(out):
        assert json.loads((out / search.BUNDLE / "s" / name / "pagefind-entry.json").read_bytes())["languages"]


def test_shards_are_per_language_and_listed_with_it(tmp_site, reporter):
    """Each page goes to a shard of its own language (its `<html lang>`), indexed with that
    language's stemmer as Pagefind's one index per language would be; the search page merges them."""
    files = {**FILES, "content/articles/talks.md": FILES["content/articles/talks.md"].replace("countries:", "language: ru\ncountries:")}
    config = tmp_site(files)
    build(config, reporter, today=TODAY)
    out = config.path("output")
    listed = json.loads((out / search.BUNDLE / search.SHARDS).read_text())["shards"]
    assert sorted((s["language"], s["pages"]) for s in listed) == [("en", 1), ("ru", 1)]
    assert {lang: info["page_count"] for lang, info in entry(out)["languages"].items()} == {"en": 1, "ru": 1}
    assert (out / search.BUNDLE / "wasm.ru.pagefind").is_file() and (out / search.BUNDLE / "wasm.en.pagefind").is_file()
    talks = config.articles_dir / "talks.md"
    talks.write_text(talks.read_text(encoding="utf-8") + "Стороны договорились продолжить работу.\n", encoding="utf-8")
    report = build(config, reporter, today=TODAY)
    assert (report.search.shards, report.search.total) == (1, 2)  # only the Russian shard again
