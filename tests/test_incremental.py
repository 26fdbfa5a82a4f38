"""An incremental build gives exactly the bytes of a cold build, after any sequence of edits."""

import os
import random
import shutil
import sys
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.errors import Reporter
from briefing.pipeline import build
from tests.conftest import ROOT, TODAY

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

TAGS = ["trade", "energy", "transport", "digital", "Trade"]
ORGS = ["EEC", "Eurasian Economic Commission", "CIS", "Union State", "Integral", "Planar"]
PLACES = ["Minsk", "Moscow", "Astana", "Minsk, Belarus"]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site by path, the search index's included: its top level (scripts,
    shards.json, the entry), and each shard's name, word index and fragments. Left out are what
    Pagefind does not write reproducibly: a shard's filter files (written in hash order) and the
    files that name them (its entry and metadata)."""
    import json

    articles = len(list((folder / "articles").glob("*/index.html")))
    entry = folder / "pagefind/pagefind-entry.json"
    if not articles:
        assert not entry.exists()  # no stale index of articles that are gone
    else:
        languages = json.loads(entry.read_text())["languages"].values()
        assert sum(lang["page_count"] for lang in languages) == articles  # the index is current
    return {rel: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and reproducible(rel := p.relative_to(folder).as_posix())}


def reproducible(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0] != "pagefind" or len(parts) == 2:
        return True
    return parts[1] == "s" and len(parts) == 5 and parts[3] in ("index", "fragment")


def page(rng: random.Random, i: int) -> str:
    tags = rng.sample(TAGS, rng.randint(0, 3))
    orgs = rng.sample(ORGS, rng.randint(0, 3))
    date = f"202{rng.randint(2, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    extra = "draft: true\n" if rng.random() < 0.05 else ""
    return (
        f"---\ntitle: Item {i} {rng.choice(corpus.WORDS)}\ndate: {date}\nlocation: {rng.choice(PLACES)}\n"
        f"organizations: [{', '.join(orgs)}]\ntags: [{', '.join(tags)}]\nsummary: {rng.choice(corpus.WORDS)} summary.\n{extra}---\n\n"
        f"{' '.join(rng.choice(corpus.WORDS) for _ in range(40))}.\n" + (f"\nIn {date[:4]} the {orgs[-1]} met in Minsk.\n" if orgs else "")  # quoted in dossiers (notes.py)
    )


EDITS = ("body", "title", "tags", "date", "add", "delete", "alias", "template", "config", "static", "touch", "rename")


def edit(site: Path, rng: random.Random, step: int) -> str:
    kind = rng.choice(EDITS)
    articles = sorted((site / "content" / "articles").glob("*.md"))
    target = rng.choice(articles)
    text = target.read_text(encoding="utf-8")
    if kind == "body":
        target.write_text(text + f"\nMore text {step}.\n", encoding="utf-8")
    elif kind == "title":
        target.write_text(text.replace("title: Item", f"title: Renamed {step} Item", 1), encoding="utf-8")
    elif kind == "tags":
        target.write_text(text.replace("tags: [", f"tags: [{rng.choice(TAGS)}, ", 1), encoding="utf-8")
    elif kind == "date":
        target.write_text(text.replace("date: 202", "date: 201", 1), encoding="utf-8")
    elif kind == "add":
        (site / "content" / "articles" / f"new-{step}.md").write_text(page(rng, 1000 + step), encoding="utf-8")
    elif kind == "delete" and len(articles) > 3:
        target.unlink()
    elif kind == "rename":
        target.rename(target.with_name(f"renamed-{step}.md"))
    elif kind == "alias":
        data = site / "data" / "entities.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("aliases: [EEC", f"aliases: [EEC{step}, EEC", 1), encoding="utf-8")
    elif kind == "template":
        tpl = site / "themes" / "default" / "templates" / "_meta.html"
        tpl.write_text(tpl.read_text(encoding="utf-8") + f"<!-- {step} -->\n", encoding="utf-8")
    elif kind == "config":
        cfg = site / "config.yaml"
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("title: ", f"title: {step} ", 1), encoding="utf-8")
    elif kind == "static":
        css = site / "themes" / "default" / "static" / "style.css"
        css.write_text(css.read_text(encoding="utf-8") + f"/* {step} */\n", encoding="utf-8")
    elif kind == "touch":
        target.write_text(text, encoding="utf-8")
    return kind


def run_build(site: Path) -> None:
    build(load_config(site / "config.yaml"), Reporter(quiet=True), today=TODAY)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_equals_cold(tmp_path, seed):
    rng = random.Random(seed)
    site = tmp_path / "site"
    shutil.copytree(ROOT / "themes", site / "themes")
    (site / "data").mkdir(parents=True)
    (site / "data" / "entities.yaml").write_text(
        'organizations:\n  - name: Eurasian Economic Commission\n    aliases: [EEC]\nplaces:\n  - name: Minsk\n    aliases: ["Minsk, Belarus"]\n',
        encoding="utf-8",
    )
    (site / "config.yaml").write_text("title: Incremental\nbase_url: https://example.org/\npage_size: 4\n", encoding="utf-8")
    for i in range(24):
        (site / "content" / "articles").mkdir(parents=True, exist_ok=True)
        (site / "content" / "articles" / f"item-{i:02d}.md").write_text(page(rng, i), encoding="utf-8")
    run_build(site)
    for step in range(14):
        kinds = [edit(site, rng, step) for _ in range(rng.randint(1, 3))]
        run_build(site)
        cold = tmp_path / f"cold-{step}"
        shutil.copytree(site, cold, ignore=shutil.ignore_patterns("public", ".cache"))
        run_build(cold)
        got, want = tree(site / "public"), tree(cold / "public")
        assert sorted(got) == sorted(want), f"step {step} ({kinds}): files differ"
        for path in want:
            assert got[path] == want[path], f"step {step} ({kinds}): {path} differs from a cold build"
        shutil.rmtree(cold)


def test_page_fingerprints_are_the_same_in_every_process():
    """A fingerprint that changed between processes (e.g. through str hashes, which Python salts
    per process) would re-render pages on every build for nothing."""
    import subprocess
    import sys

    code = (
        "from briefing.fingerprint import fingerprint\n"
        "from briefing.model import Mentioned, TermRef\n"
        "from briefing.contexts import TaxonomySummary\n"
        "m = Mentioned(TermRef('places', 'Minsk', 'minsk'), 3)\n"
        "print(fingerprint({'x': TaxonomySummary('places', 'Places', 'Place', (m,), ())}))\n"
    )
    prints = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")
    }
    assert len(prints) == 1


def test_a_value_without_its_own_fingerprint_is_hashed_by_its_fields():
    """Cards made without an `fp` (tests, future code) still change a page's fingerprint when a
    field does: an empty fp is not trusted."""
    import datetime as dt

    from briefing.contexts import ArticleContext
    from briefing.model import Card, Story
    from briefing.pages import Page
    from briefing.sitebuild import _page_fingerprint

    def index_with(title: str) -> str:
        card = Card("a", title, dt.date(2024, 6, 5), "", None, (), (), (), ())
        return _page_fingerprint("sig", Page("", "article.html", "article", "Latest", ArticleContext(Story(card, "digest"), card, None)))

    assert index_with("One") != index_with("Two")


def test_a_term_and_its_count_change_the_fingerprint_of_a_list_of_them():
    """Terms and counts are hashed by their own short form (TermRef.fp, Mentioned.fp): a page of
    related terms must still change when a name, a slug or a count does."""
    from briefing.fingerprint import value_key
    from briefing.model import Mentioned, TermRef

    def key(name: str, slug: str, count: int) -> str:
        return value_key((Mentioned(TermRef("people", name, slug), count), Mentioned(TermRef("places", "Minsk", "minsk"), 2)))

    base = key("Ana Ivanova", "ana-ivanova", 3)
    assert base == key("Ana Ivanova", "ana-ivanova", 3)
    assert len({base, key("Ana Ivanova", "ana-ivanova", 4), key("Anna Ivanova", "ana-ivanova", 3), key("Ana Ivanova", "ana-ivanova-2", 3)}) == 4
