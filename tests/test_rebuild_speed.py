"""What a rebuild does again, and what it takes from the previous build (issue 17): each test fails
on code that redoes the work, and the output stays what a cold build makes."""

import shutil
from pathlib import Path

from briefing import mentions
from briefing.config import load_config
from briefing.pipeline import build
from tests.conftest import TODAY, page

SAID = "The talks began early. Lukashenko said: \u201cWe will build it together.\u201d Then the EEC met in Minsk."
FILES = {f"content/articles/a{i}.md": page(f"Talks {i}", f"2024-06-0{i + 1}", SAID, people="[Alexander Lukashenko]", organizations="[EEC]", location="Minsk") for i in range(4)}


def _searched(monkeypatch) -> list:
    """The quotes searched (mentions.naming calls)."""
    calls: list = []
    real = mentions.naming

    def counting(items, names, person=False, joined=None):
        calls.append(names)
        return real(items, names, person, joined)

    monkeypatch.setattr(mentions, "naming", counting)
    return calls


def test_a_rebuild_searches_only_the_quotes_of_an_edited_article(tmp_site, reporter, monkeypatch, tmp_path):
    cfg = tmp_site(FILES)
    build(cfg, reporter, today=TODAY)
    edited = cfg.root / "content/articles/a2.md"
    edited.write_text(edited.read_text().replace("We will build it together.", "We will build it again."), encoding="utf-8")
    searched = _searched(monkeypatch)
    build(cfg, reporter, today=TODAY)
    assert len(searched) == 3  # the edited article's person, organization and place; not the others' 9
    out = cfg.path("output")
    assert "We will build it again." in (out / "people/alexander-lukashenko/index.html").read_text()

    cold = tmp_path / "cold"
    shutil.copytree(cfg.root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
    build(load_config(cold / "config.yaml"), reporter, today=TODAY)
    for kind in ("people/alexander-lukashenko", "organizations/eurasian-economic-commission", "places/minsk"):
        assert (out / kind / "index.html").read_bytes() == (cold / "public" / kind / "index.html").read_bytes()

    searched.clear()
    (cfg.root / "content/articles/a0.md").write_text(FILES["content/articles/a0.md"] + "\nMore.\n", encoding="utf-8")
    shutil.rmtree(cfg.root / ".cache")  # without its file every quote is searched again
    build(cfg, reporter, today=TODAY)
    assert len(searched) == 12


def test_shards_hold_about_32_pages_and_are_at_most_32():
    """Pagefind's time is ~6 ms a page of the shards it indexes: at 1,000 articles an edit's shard
    is a thirty-second of them (~0.25 s), not a sixteenth (~0.45 s) or a quarter (~1.4 s); at 5,000
    there are still 32 shards (the search page asks each of them), of ~160 pages."""
    from briefing import search

    big = search.plan({f"articles/item-{i:04d}/index.html": (f"{i}", "en") for i in range(5000)}, True, "1.5.2")
    assert len(big) == 32 and max(len(s.pages) for s in big) <= 220
    pages = {f"articles/item-{i:04d}/index.html": (f"{i}", "en") for i in range(1000)}
    shards = search.plan(pages, True, "1.5.2")
    assert len(shards) == 32
    assert max(len(s.pages) for s in shards) <= 50 and sum(len(s.pages) for s in shards) == 1000


def test_a_place_pages_map_is_fingerprinted_once_for_all_places(monkeypatch):
    """Every place's page shows the places around it on its locator map: their key is made once per
    build (287 places hashed 287 times was 0.18 s of an edit at 1,000 articles). The map shows the
    other places, not their counts: a place's page changes when a place appears or goes, not when
    another place is named once more (an added article re-rendered ~90 place pages)."""
    from briefing import fingerprint, pages
    from briefing.canon import Canon
    from briefing.config import Config
    from briefing.site import build_model
    from tests.test_site import art

    def place_maps(articles):
        model = build_model(articles, Canon(), ("places",))
        return {p.url: p.context.map for p in pages.plan(model, Config()) if p.kind == "term"}

    arts = [art(f"a{i}", f"2024-01-0{i + 1}", location=place) for i, place in enumerate(["Minsk", "Minsk", "Astana", "Moscow"])]
    calls = []
    real = pages._names_key
    monkeypatch.setattr(pages, "_names_key", lambda places: (calls.append(places), real(places))[1])
    before = place_maps(arts)
    maps = {url: fingerprint.value_key(m) for url, m in before.items()}
    assert len(calls) == 1  # the places keyed once
    assert len(set(maps.values())) == 3  # each page its own focus
    minsk = next(url for url in before if "minsk" in url)
    astana = next(url for url in before if "astana" in url)
    again = place_maps(arts + [art("a4", "2024-01-05", location="Astana")])  # Astana named once more
    assert fingerprint.value_key(again[minsk]) == maps[minsk]
    assert fingerprint.value_key(again[astana]) != maps[astana]  # its own dot is sized by its count
    gone = place_maps(arts[:3] + [art("a3", "2024-01-04", location="Astana")])  # Moscow gone
    assert fingerprint.value_key(gone[minsk]) != maps[minsk]


def test_co_mentions_are_counted_again_only_when_the_entities_of_an_article_change(tmp_site, reporter, monkeypatch, tmp_path):
    from briefing import site

    counted = []
    real = site.co_mentions
    monkeypatch.setattr(site, "co_mentions", lambda cards, only=None: (counted.append((len(cards), only and sorted(r.name for r in only))), real(cards, only))[1])
    cfg = tmp_site(FILES)
    build(cfg, reporter, today=TODAY)
    assert counted == [(4, None)]
    edited = cfg.root / "content/articles/a1.md"
    edited.write_text(edited.read_text() + "\nA sentence more.\n", encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    assert counted == [(4, None)]  # the same entities in the same articles: the previous build's co-mentions
    edited.write_text(edited.read_text().replace("organizations: [EEC]", "organizations: [EEC, CIS]"), encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    # only the terms of the changed article counted again (the others' are the previous build's)
    assert counted[1] == (4, ["Alexander Lukashenko", "Commonwealth of Independent States", "Eurasian Economic Commission", "Minsk"])
    out = cfg.path("output")
    assert "Commonwealth of Independent States" in (out / "people/alexander-lukashenko/index.html").read_text()

    def same_as_cold() -> None:
        cold = tmp_path / "cold"
        shutil.rmtree(cold, ignore_errors=True)
        shutil.copytree(cfg.root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
        build(load_config(cold / "config.yaml"), reporter, today=TODAY)
        for path in sorted(p.relative_to(out) for p in out.rglob("*.html")):
            assert (out / path).read_bytes() == (cold / "public" / path).read_bytes(), path

    same_as_cold()
    # an article added with a new term and a known one, then one removed: the terms of the
    # changed lists are counted again, the rest kept, and every page is what a cold build makes
    more = page("Talks 8", "2024-06-09", SAID, people="[Alexander Lukashenko, Sadyr Japarov]", organizations="[CIS]", location="Bishkek")
    (cfg.root / "content/articles/a8.md").write_text(more, encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    assert counted[-1][1] == ["Alexander Lukashenko", "Bishkek", "Commonwealth of Independent States", "Sadyr Japarov"]
    same_as_cold()
    (cfg.root / "content/articles/a3.md").unlink()
    build(cfg, reporter, today=TODAY)
    assert counted[-1][1] == ["Alexander Lukashenko", "Eurasian Economic Commission", "Minsk"]
    same_as_cold()


def test_co_mentions_kept_and_counted_again_equal_a_full_count():
    """kept.co_mentions with some articles changed gives what counting all of them gives."""
    import random

    from briefing import kept
    from briefing.canon import Canon
    from briefing.model import Mentioned, entities_of
    from briefing.site import build_model
    from briefing.taxonomy import co_mentions
    from tests.test_site import art

    rng = random.Random(7)
    orgs, people, places = [f"Org {i}" for i in range(12)], [f"Person {i}" for i in range(10)], [f"Place {i}" for i in range(6)]

    def one(i: int):
        return art(f"a{i}", f"2024-0{1 + i % 9}-1{i % 10}", organizations=tuple(rng.sample(orgs, rng.randint(0, 4))), people=tuple(rng.sample(people, rng.randint(0, 3))), location=rng.choice(places))

    def cards(arts):
        return list(build_model(arts, Canon(), ("tags",)).cards)

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "co.pickle"
        arts = [one(i) for i in range(40)]
        with kept.cache(path):
            kept.co_mentions(cards(arts), entities_of, co_mentions, Mentioned)
        for step in range(15):
            arts = [a for a in arts if rng.random() > 0.05] + [one(100 + step * 3 + k) for k in range(rng.randint(0, 2))]
            cs = cards(arts)
            with kept.cache(path):
                got = kept.co_mentions(cs, entities_of, co_mentions, Mentioned)
            assert got == co_mentions(cs)


def test_an_article_far_away_does_not_render_a_places_locator_map_again(tmp_site, reporter, monkeypatch, tmp_path):
    """A place's page shows the places around it: an article in Lima changes the places index and
    Lima's page, not Minsk's (every place page was rendered again when any place's count changed)."""
    from briefing import sitebuild

    files = {f"content/articles/p{i}.md": page(f"Visit {i}", f"2024-06-0{i + 1}", "A visit.", location=place) for i, place in enumerate(["Minsk", "Minsk", "Vitebsk", "Lima"])}
    cfg = tmp_site(files)
    build(cfg, reporter, today=TODAY)
    rendered: list[str] = []
    real = sitebuild.render_pages
    monkeypatch.setattr(sitebuild, "render_pages", lambda config, canon, todo, *a: (rendered.extend(p.url for p, _fp in todo), real(config, canon, todo, *a))[1])
    (cfg.root / "content/articles/p9.md").write_text(page("Visit 9", "2024-06-09", "Another visit.", location="Lima"), encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    places = sorted(u for u in rendered if "places/" in u)
    assert places == ["places/", "places/lima/", "places/lima/feed.xml"], places
    out = cfg.path("output")
    assert 'class="dot focus"' in (out / "places/minsk/index.html").read_text()  # a map is drawn, Vitebsk on it
    assert "Vitebsk" in (out / "places/minsk/index.html").read_text().split('class="map-box"')[1]

    cold = tmp_path / "cold"
    shutil.copytree(cfg.root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
    build(load_config(cold / "config.yaml"), reporter, today=TODAY)
    for path in sorted(p.relative_to(out) for p in out.rglob("*.html")):
        assert (out / path).read_bytes() == (cold / "public" / path).read_bytes(), path


def test_a_rebuild_locates_no_place_again_and_projects_the_outlines_once(tmp_site, reporter, monkeypatch):
    """The places' locations come from the previous build's file (and the plan's, for the maps'
    pictures); the country outlines are projected once per process, not once per map."""
    from briefing import geo

    files = {f"content/articles/p{i}.md": page(f"Visit {i}", f"2024-06-0{i + 1}", "A visit.", location=place) for i, place in enumerate(["Minsk", "Vitebsk", "Lima"])}
    cfg = tmp_site(files)
    build(cfg, reporter, today=TODAY)
    located, projected = [], [0]
    real_locate, real_project = geo.locate, geo.Albers.project
    monkeypatch.setattr(geo, "locate", lambda names, data_dir: (located.append(names), real_locate(names, data_dir))[1])

    def project(self, lon, lat):
        projected[0] += 1
        return real_project(self, lon, lat)

    monkeypatch.setattr(geo.Albers, "project", project)
    getattr(geo, "_PROJECTED", {}).clear()
    (cfg.root / "content/articles/p9.md").write_text(page("Visit 9", "2024-06-09", "Another visit.", location="Vitebsk"), encoding="utf-8")
    build(cfg, reporter, today=TODAY)  # the places index, Vitebsk's and Minsk's maps drawn again
    assert located == []
    points = sum(len(ring) for c in geo.outlines(cfg.path("data") / "world-110m.json") for ring in c["rings"])
    assert points < projected[0] < points + 100


def test_search_records_made_per_term_equal_record_terms_of_the_names():
    """build_model makes each term's part of the search records once: an article's record is still
    record_terms of every spelling of every entity and tag it names, in order."""
    from briefing.canon import Canon
    from briefing.model import entities_of
    from briefing.searchterms import record_terms
    from briefing.site import build_model
    from briefing.taxonomy import names_of
    from tests.test_site import art

    canon = Canon(
        names={"people": {"lukashenka": "Alexander Lukashenko", "alexander lukashenko": "Alexander Lukashenko", "лукашенко": "Alexander Lukashenko"}},
        aliases={("people", "Alexander Lukashenko"): ("Lukashenka", "Лукашенко"), ("places", "Minsk"): ("Минск",)},
    )
    arts = [
        art("a", "2024-01-01", people=("Lukashenka", "Ivan  Petrov"), location="Minsk", tags=("trade",), organizations=("EEC",)),
        art("b", "2024-01-02", people=("Лукашенко",), location="Minsk", countries=("Belarus",)),
        art("c", "2024-01-03", people=("Ivan Petrov",), tags=("trade", "energy")),
    ]
    for story in build_model(arts, canon, ("people", "places", "tags")).stories:
        card = story.card
        names = tuple(n for r in (*entities_of(card), *card.tags) for n in names_of(r, canon))
        assert story.record == record_terms(names)
    assert "минске" in next(str(s.record) for s in build_model(arts, canon, ("places",)).stories if s.card.slug == "a")


def test_replaced_pages_and_shards_are_deleted_off_the_critical_path(tmp_site, reporter, monkeypatch):
    """The old versions of replaced pages are deleted by a thread while the index is made (none is
    left when the build returns); a replaced search shard goes to the cache's trash in one rename,
    and the next build that does any work empties the trash (trash.py)."""
    from briefing import search, trash

    if search.executable() is None:
        import pytest

        pytest.skip("Pagefind is not installed")
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    cfg = tmp_site(FILES)
    build(cfg, reporter, today=TODAY)
    out, bin_ = cfg.path("output"), cfg.path("cache") / trash.TRASH
    edited = cfg.root / "content/articles/a1.md"
    edited.write_text(edited.read_text() + "\nA sentence more.\n", encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    assert not [p for p in out.rglob("*") if p.name.endswith(".briefing-old")]
    thrown = sorted(p.name.split("-", 2)[2] for p in bin_.iterdir())
    assert len(thrown) == 1 and thrown[0].startswith("en-") and not (out / "pagefind/s" / thrown[0]).exists()
    edited.write_text(edited.read_text() + "\nAnd another.\n", encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    assert len(list(bin_.iterdir())) == 1  # the first one deleted, this build's replaced shard in
    import json

    shards = {p.name for p in (out / "pagefind/s").iterdir()}
    assert shards == {s["path"][2:-1] for s in json.loads((out / "pagefind/shards.json").read_text())["shards"]}


def test_the_trash_thread_deletes_what_it_is_given_and_ends(tmp_path):
    """Emptier: the trash folders there when it starts and every file handed to it are gone when
    join returns, also when the files come just before join (join must not wait forever)."""
    import threading

    from briefing import trash

    cache = tmp_path / "cache"
    old = tmp_path / "shard"
    (old / "index").mkdir(parents=True)
    (old / "index" / "x").write_bytes(b"x")
    trash.throw(old, cache)
    assert not old.exists() and len(list((cache / trash.TRASH).iterdir())) == 1
    for round_ in range(20):
        files = [tmp_path / f"f{round_}-{i}" for i in range(5)]
        for f in files:
            f.write_bytes(b"y")
        emptier = trash.Emptier(cache)
        for f in files:
            emptier.unlink(str(f))
        done = threading.Thread(target=emptier.join, daemon=True)
        done.start()
        done.join(timeout=10)
        assert not done.is_alive(), "join did not return"
        assert not any(f.exists() for f in files)
    assert list((cache / trash.TRASH).iterdir()) == []


def test_a_build_with_nothing_to_do_does_not_import_the_rebuild(tmp_site):
    """The up-to-date check runs before the modules of a rebuild (sitebuild and the model, pages,
    render and search modules it imports) are imported: a no-op build is mostly start-up, and they
    were a third of it. (The article model itself is the ingest's too.)"""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    cfg = tmp_site(FILES)
    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        "code = main(['-q'])\n"
        "print(code, sorted(m for m in ('briefing.sitebuild', 'briefing.site', 'briefing.pages', 'briefing.render', 'briefing.search') if m in sys.modules))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "BRIEFING_TODAY": TODAY.isoformat(), "BRIEFING_TEMPLATE_CACHE": os.environ.get("BRIEFING_TEMPLATE_CACHE", "")}
    said = [subprocess.run([sys.executable, "-c", code], cwd=cfg.root, env=env, capture_output=True, text=True, timeout=300).stdout.strip() for _ in range(2)]
    assert said[0].startswith("0 ['briefing.pages'") and said[1] == "0 []", said  # a build, then a no-op
