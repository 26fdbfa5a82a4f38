"""One story, many reports (briefing/stories.py): the pairs written for these tests, the editor's
overrides, what `check` says, and how the article page, the digest and the weekly issue show a
story. Seeds: tests/fixtures/stories/ and four saved pages of tests/fixtures/inputs/."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import shutil

import pytest

from briefing.canon import load_canon
from briefing.check import check_stories
from briefing.config import load_config
from briefing.content import Article, load_articles
from briefing.errors import Reporter
from briefing.ingest import ingest
from briefing.pipeline import build
from briefing.stories import group
from tests.conftest import ROOT, TODAY, write_files

FIXTURES = ROOT / "tests" / "fixtures"
PAGES = ("agency_page.html", "tass_page.html", "eec_release.htm", "tass_transit.mhtml")
BELTA = "turchin-sagintayev-discuss-industrial-cooperation-projects"
TASS = "belarus-eurasian-commission-agree-to-widen-industrial-projects-list"
FOLLOW_UP = "belarus-submits-twelve-industrial-projects-to-the-eurasian-economic-commission"
COUNCIL_FEB = "eec-council-approves-technical-regulation-on-the-safety-of-lifts"
COUNCIL_MAR = "eec-council-sets-new-rules-for-the-labelling-of-dairy-products"
BOARD = "kollegiia-eek-odobrila-proekt-soglasheniia-o-markirovke-tovarov"
SLEPNEV = "slepnev-meets-uzbek-delegation-to-discuss-observer-status-in-the-eaeu"
TRANSIT_RU = "overchuk-i-slepnev-obsudili-v-erevane-tranzit-cherez-eaes"
TRANSIT_EN = "overchuk-slepnev-discuss-eaeu-cargo-transit-in-yerevan"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The story seeds ingested once; tests copy the site before they change it."""
    root = tmp_path_factory.mktemp("stories") / "site"
    shutil.copytree(ROOT / "themes", root / "themes")
    shutil.copytree(ROOT / "data", root / "data")
    write_files(root, {"config.yaml": "title: Stories\nbase_url: https://example.org/digest/\nsearch: false\n"})
    shutil.copytree(FIXTURES / "stories", root / "seeds")
    for name in PAGES:
        shutil.copy(FIXTURES / "inputs" / name, root / "seeds" / name)
    config = load_config(root / "config.yaml")
    report = ingest(config, Reporter(), today=TODAY)
    assert len(report.created) == 9
    return root


def copy_of(site, tmp_path):
    shutil.copytree(site, tmp_path / "site")
    return load_config(tmp_path / "site" / "config.yaml")


def stories_of(config):
    articles, problems = load_articles(config.articles_dir, config.root)
    assert [p for p in problems if p.severity == "error"] == []
    return group(articles, load_canon(config.path("data"))), articles


def test_the_pairs(site):
    stories, articles = stories_of(load_config(site / "config.yaml"))
    assert {a.slug for a in articles} == {BELTA, TASS, FOLLOW_UP, COUNCIL_FEB, COUNCIL_MAR, BOARD, SLEPNEV, TRANSIT_RU, TRANSIT_EN}
    # The same event from two agencies (BelTA's page and TASS's, the same day in Minsk): one story,
    # named by its first report (both were published on 14 March; the slug settles the tie).
    assert stories.members[TASS] == (TASS, BELTA)
    link = stories.links[BELTA]
    assert link.to == TASS and link.evidence.days == 0 and link.evidence.names > 0.8 and link.evidence.text > 0.3
    # The same event in Russian (TASS) and in English (Armenpress): grouped by their names alone.
    assert stories.members[TRANSIT_RU] == (TRANSIT_RU, TRANSIT_EN)
    assert stories.links[TRANSIT_EN].evidence.text is None
    # Two meetings of one council a month apart: the same names, not the same event.
    assert COUNCIL_FEB not in stories.story_of and COUNCIL_MAR not in stories.story_of
    # A follow-up a week later: a story of its own.
    assert FOLLOW_UP not in stories.story_of
    # Two events of one body on the same day in Moscow (the EEC Board; a minister's meeting).
    assert BOARD not in stories.story_of and SLEPNEV not in stories.story_of
    assert len(stories.members) == 2


def test_the_grouping_does_not_depend_on_the_order_of_the_pages(site):
    config = load_config(site / "config.yaml")
    articles, _ = load_articles(config.articles_dir, config.root)
    canon = load_canon(config.path("data"))
    first = group(articles, canon)
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        again = group(shuffled, canon)
        assert (again.members, again.story_of) == (first.members, first.story_of)


def test_check_explains_the_stories(site):
    config = load_config(site / "config.yaml")
    articles, _ = load_articles(config.articles_dir, config.root)
    notes = {p.path.split("/")[-1][:-3]: p.message for p in check_stories(articles, load_canon(config.path("data")))}
    assert notes[TASS].startswith(f"first report of the story '{TASS}' (2 reports")
    assert f"like {TASS}: the same day, names 0.8" in notes[BELTA] and "Alexander Turchin" in notes[BELTA]
    assert "different languages" in notes[TRANSIT_EN]


def _set(config, slug: str, line: str) -> None:
    path = config.articles_dir / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", f"\n{line}\ntitle:", 1), encoding="utf-8")


def test_an_editor_joins_a_report_to_a_story_or_keeps_it_apart(site, tmp_path):
    config = copy_of(site, tmp_path)
    _set(config, FOLLOW_UP, f"story: {BELTA}")  # any report of the story names it
    _set(config, TRANSIT_EN, "story: none")
    _set(config, COUNCIL_MAR, "story: no-such-article")
    stories, articles = stories_of(config)
    assert stories.members[TASS] == (TASS, BELTA, FOLLOW_UP)
    assert stories.links[FOLLOW_UP].editor
    assert TRANSIT_RU not in stories.story_of and TRANSIT_EN not in stories.story_of
    problems = check_stories(articles, load_canon(config.path("data")))
    said = {(p.path.split("/")[-1][:-3], p.severity): p.message for p in problems}
    assert f"'story: {BELTA}' in its front-matter" in said[(FOLLOW_UP, "note")]
    assert "'story: no-such-article' names no published article" in said[(COUNCIL_MAR, "warning")]


def test_the_digest_and_the_weekly_issue_show_a_story_once_and_the_article_its_other_reports(site, tmp_path):
    config = copy_of(site, tmp_path)
    build(config, Reporter(), today=TODAY)
    out = config.path("output")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count(f'href="articles/{TASS}/"') == 1  # the story's card
    assert f'<h2 class="card-title"><a href="articles/{BELTA}/">' not in index  # no card of its own
    assert f'<li><a href="articles/{BELTA}/">BelTA</a>: Turchin, Sagintayev discuss' in index  # beneath it
    week = (out / "weeks" / "2025-w11" / "index.html").read_text(encoding="utf-8")
    assert f'id="item-{TASS}"' in week and f'id="item-{BELTA}"' not in week and f'href="../../articles/{BELTA}/">BelTA</a>' in week
    article = (out / "articles" / BELTA / "index.html").read_text(encoding="utf-8")
    assert '<h2 class="reports-title">Also reported by</h2>' in article
    assert f'<a href="../../articles/{TASS}/">TASS</a>: Belarus, Eurasian commission agree' in article
    assert (
        'Original: <a href="https://eng.belta.example/economics/view/turchin-sagintayev-discuss-industrial-cooperation-projects-1234/"'
        ' rel="external noopener noreferrer">BelTA</a>, <time datetime="2025-03-14">14 March 2025</time>'
    ) in article
    assert "seeds/agency_page.html" not in article and "Source file" not in article  # the seed is for editors
    assert '"isBasedOn":"https://eng.belta.example/' in article
    # Every report keeps its own page, and the timeline and entity pages list them all.
    assert (out / "articles" / TASS / "index.html").exists()
    assert f"articles/{BELTA}/" in (out / "people" / "alexander-turchin" / "index.html").read_text(encoding="utf-8")


# --- the rules on composed pages ---------------------------------------------------------------------


def report(slug: str, date: str, body: str, *, people=(), orgs=(), place=None, language="en", story=None, published=None) -> Article:
    return Article(
        path=f"content/articles/{slug}.md",
        slug=slug,
        title=slug.replace("-", " "),
        date=dt.date.fromisoformat(date),
        body=body,
        people=tuple(people),
        organizations=tuple(orgs),
        location=place,
        language=language,
        story=story,
        published=dt.date.fromisoformat(published) if published else None,
    )


LEDE = "The ministers discussed grain transit through the northern corridor and new tariffs for rail freight of fertilisers"


def test_the_rules_on_composed_reports():
    a = report("a", "2024-05-10", LEDE + " in spring.", people=["Ivan Petrov", "Olga Smirnova"], orgs=["Union Council"], place="Minsk", published="2024-05-10")
    b = report("b", "2024-05-11", LEDE + " until autumn.", people=["Ivan Petrov", "Olga Smirnova"], orgs=["Union Council"], place="Minsk", published="2024-05-11")
    far = dataclasses.replace(b, slug="far", date=dt.date(2024, 5, 13), published=None)  # three days: too far
    elsewhere = dataclasses.replace(b, slug="elsewhere", location="Astana")
    other_text = report("other-text", "2024-05-10", "A concert of folk music opened the festival of national cuisine.", people=["Ivan Petrov", "Olga Smirnova"], orgs=["Union Council"], place="Minsk")
    assert group([b, a]).members == {"a": ("a", "b")}
    assert group([a, far]).members == {} and group([a, elsewhere]).members == {} and group([a, other_text]).members == {}
    assert group([dataclasses.replace(a, story="none"), b]).members == {}
    joined = group([a, far, dataclasses.replace(far, slug="far2", story="a")])
    assert joined.members == {"a": ("a", "far2")}
