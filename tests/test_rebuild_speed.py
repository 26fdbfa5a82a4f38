"""What a rebuild does again, and what it takes from the previous build (issue 17): each test fails
on code that redoes the work, and the output stays what a cold build makes."""
import shutil

from briefing import mentions
from briefing.config import load_config
from briefing.pipeline import build
from tests.conftest import TODAY, page

SAID = "The talks began early. Lukashenko said: \u201cWe will build it together.\u201d Then the EEC met in Minsk."
FILES = {
    f"content/articles/a{i}.md": page(f"Talks {i}", f"2024-06-0{i + 1}", SAID, people="[Alexander Lukashenko]", organizations="[EEC]", location="Minsk")
    for i in range(4)
}


def _searched(monkeypatch) -> list:
    """The entity patterns mentions.naming asks for (one per quote searched)."""
    calls: list = []
    real = mentions.pattern

    def counting(names, person):
        calls.append(names)
        return real(names, person)

    monkeypatch.setattr(mentions, "pattern", counting)
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


def test_an_edit_at_1000_articles_reindexes_a_shard_of_about_60_pages():
    """Pagefind's time is ~5.5 ms a page of the shards it indexes: at 1,000 articles an edit's shard
    is a sixteenth of them (~0.35 s), not a quarter (~1.4 s)."""
    from briefing import search

    pages = {f"articles/item-{i:04d}/index.html": (f"{i}", "en") for i in range(1000)}
    shards = search.plan(pages, True, "1.5.2")
    assert len(shards) == 16
    assert max(len(s.pages) for s in shards) <= 90 and sum(len(s.pages) for s in shards) == 1000
