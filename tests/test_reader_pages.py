"""The reader's pages built end to end: profiles, weekly issues, the timeline, the map, feeds, metadata."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from briefing.config import load_config
from briefing.errors import Reporter
from briefing.pipeline import build
from tests.conftest import SITE_CONFIG, TODAY, copy_project, page, write_files

FILES = {
    "content/articles/memo.md": page(
        "EEC and RCC signed a memorandum",
        "2024-06-05",
        "Signed in [Minsk](https://example.com/minsk).",
        location="Minsk",
        organizations="[EEC, Regional Commonwealth in the Field of Communications]",
        countries="[Belarus]",
        tags="[digital]",
        summary="A memorandum on digital trust.",
    ),
    "content/articles/forum.md": page("Digital forum", "2024-06-07", "A forum.", location="Minsk", organizations="[EEC]", countries="[Belarus, Russia]"),
    "content/articles/talks.md": page(
        "Talks in Novo-Ogaryovo", "2023-02-20", "Talks were held.", location="Novo-Ogaryovo", countries="[Belarus, Russian Federation]", period="{start: 2023-02-13, end: 2023-02-19}"
    ),
}
EVIL = '</script><script>alert(1)</script> & "quotes"'


def built(tmp_site, reporter, files=FILES, config=None):
    cfg = tmp_site(files) if config is None else tmp_site(files, config=config)
    build(cfg, reporter, today=TODAY)
    return cfg.path("output")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The output of FILES built once for the tests that only read it (tmp_site's config)."""
    root = tmp_path_factory.mktemp("reader-pages") / "site"
    copy_project(root, "themes", "data")
    write_files(root, {"config.yaml": SITE_CONFIG, **FILES})
    config = load_config(root / "config.yaml")
    build(config, Reporter(stream=io.StringIO()), today=TODAY)
    return config.path("output")


def test_entity_profile_page(out):
    html = (out / "organizations/eurasian-economic-commission/index.html").read_text()
    assert "<dt>Briefings</dt><dd>2</dd>" in html
    assert '<time datetime="2024-06-05">5 June 2024</time>' in html and '<time datetime="2024-06-07">' in html
    assert "EEC" in html.split("Also written")[1].split("</p>")[0]  # aliases from the entity data file, in small print
    related = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="count">(\d+)', html.split('id="related"')[1])
    assert ("../../places/minsk/", "Minsk", "2") in related and ("../../countries/belarus/", "Belarus", "2") in related
    groups = re.findall(r"<h3>(\w+)</h3>", html.split('id="related"')[1])
    assert groups == ["Countries", "Organizations", "Places"]  # co-mentions grouped by kind
    newest, oldest = html.index("Digital forum"), html.index("EEC and RCC signed")
    assert newest < oldest
    assert '<link rel="alternate" type="application/atom+xml"' in html and "eurasian-economic-commission/feed.xml" in html
    feed = ET.parse(out / "organizations/eurasian-economic-commission/feed.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2


def test_index_of_a_kind_by_count_and_a_to_z(out):
    html = (out / "countries/index.html").read_text()
    most = html.split('id="most"')[1].split("</ol>")[0]
    assert "Belarus" in most and "Russia" not in most  # 3 briefings; 2 is every other count: A to Z says it
    assert re.findall(r'<h3 id="letter-\d+">(\w)</h3>', html) == ["B", "R"]


def test_weekly_issues_with_archive_and_neighbours(out):
    issue = (out / "weeks/2024-w23/index.html").read_text()
    assert issue.count('class="story issue-item"') == 2
    assert 'rel="next" href="../../weeks/2023-w07/"' in issue  # the period's week, not the filing date's
    assert not (out / "weeks/2023-w08").exists()
    assert "example.org/digest/articles/memo/" not in issue  # a placeholder address is never printed
    archive = (out / "weeks/index.html").read_text()
    assert archive.index("2024-w23") < archive.index("2023-w07")


def test_timeline_lists_everything_and_carries_filter_data(out):
    html = (out / "timeline/index.html").read_text()
    assert html.count('<li class="event item') == 3  # readable without the script
    assert 'data-organizations="eurasian-economic-commission regional-commonwealth-in-the-field-of-communications"' in html
    assert '<option value="belarus">Belarus (3)</option>' in html
    assert '<td class="range"' in html and "static/timeline.js" in html
    assert '<tr class="lane"><th scope="row">Belarus</th>' in html  # a lane per country
    assert (out / "static/timeline.js").is_file()


def test_places_index_opens_with_the_map(out):
    html = (out / "places/index.html").read_text()
    assert html.index('<svg class="map"') < html.index('id="most"')
    assert '<a class="dot" href="../places/minsk/"' in html
    assert 'class="land has"' in html  # countries named in briefings shaded


def test_json_feed_is_valid_json_feed_1_1(tmp_site, reporter):
    out = built(tmp_site, reporter, {**FILES, "content/articles/evil.md": page(EVIL, "2024-06-08")})
    feed = json.loads((out / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://example.org/digest/feed.json"
    assert [i["id"] for i in feed["items"]][:2] == ["https://example.org/digest/articles/evil/", "https://example.org/digest/articles/forum/"]
    assert feed["items"][0]["title"] == EVIL and all(i["date_published"].endswith("Z") for i in feed["items"])


def test_article_metadata_is_escaped_and_parses(tmp_site, reporter):
    out = built(tmp_site, reporter, {"content/articles/evil.md": page(EVIL, "2024-06-08", summary="'a </script> b'", location="Minsk")})
    html = (out / "articles/evil/index.html").read_text()
    assert "<script>alert" not in html
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(ld)
    assert data["@type"] == "NewsArticle" and data["headline"] == EVIL and data["contentLocation"]["name"] == "Minsk"
    assert data["url"] == "https://example.org/digest/articles/evil/"
    assert '<meta property="og:title" content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;">' in html
    assert '<link rel="canonical" href="https://example.org/digest/articles/evil/">' in html


def test_without_base_url_no_canonical_and_robots_still_written(tmp_site, reporter):
    out = built(tmp_site, reporter, config="title: T\n")
    html = (out / "articles/memo/index.html").read_text()
    assert 'rel="canonical"' not in html and "og:url" not in html
    assert (out / "robots.txt").read_text().startswith("User-agent: *")


def test_a_weekly_issue_keeps_ids_unique_and_headings_in_order(tmp_site, reporter):
    body = "# Background\n\nA claim.[^1]\n\n[^1]: A source."
    files = {
        "content/articles/one.md": page("One", "2024-06-03", body),
        "content/articles/two.md": page("Two", "2024-06-04", body),
    }
    out = built(tmp_site, reporter, files)
    issue = (out / "weeks/2024-w23/index.html").read_text()
    ids = re.findall(r'\bid="([^"]+)"', issue)
    assert len(ids) == len(set(ids)), sorted(ids)
    for target in re.findall(r'href="#([^"]+)"', issue):
        assert target in ids, target  # every footnote link still lands in its own item
    assert "<h3>Background</h3>" in issue and "<h2>Background</h2>" not in issue  # under the item's h2
    article = (out / "articles/one/index.html").read_text()
    assert "<h2>Background</h2>" in article  # the article page itself is unchanged


def test_without_search_no_box_and_no_search_page(tmp_site, reporter):
    out = built(tmp_site, reporter, config="title: T\nsearch: false\n")
    assert not (out / "search").exists()
    assert 'class="site-search"' not in (out / "index.html").read_text()


UNCERTAIN = {
    "content/articles/sure.md": page("Talks on trade", "2024-06-05", "Talks.", location="Minsk", summary="Talks on trade, with a new customs plan agreed."),
    "content/articles/guess.md": page("A forum in Gomel", "2024-11-17", "A forum.", location="Gomel", date_note="year assumed", summary="Governors met."),
    "content/articles/nodate.md": page("Rules explained", "2024-11-20", "Rules.", date_note="no date in source"),
    "content/articles/inferred.md": page("Inferred year", "2024-06-04", "Text.", date_note="year inferred"),
}


def test_an_uncertain_date_is_marked_everywhere_and_never_the_lead(tmp_site, reporter):
    out = built(tmp_site, reporter, UNCERTAIN)
    index = (out / "index.html").read_text()
    lead = index.split('class="lead"')[1].split("</section>")[0]
    assert "Talks on trade" in lead and "A forum in Gomel" not in lead and "Rules explained" not in lead
    assert '<span class="date uncertain"' in index and "17 November, year uncertain" in index
    assert "date not given (added 20 November 2024)" in index
    assert index.index("Date uncertain") < index.index("A forum in Gomel")  # listed after the sure dates
    assert "year assumed" not in index and "year not in source" not in index  # the reader's words, not the editor's
    assert '<time datetime="2024-06-04">4 June 2024</time>' in index  # year inferred: a normal date
    week = (out / "weeks/2024-w46/index.html").read_text()
    assert '<section class="lead' not in week and "17 November, year uncertain" in week
    article = (out / "articles/guess/index.html").read_text()
    assert "17 November, year uncertain" in article and 'class="note"' in article
    profile = (out / "places/gomel/index.html").read_text()
    assert "17 November, year uncertain" in profile and "17 November 2024" not in profile
    feed = (out / "feed.xml").read_text()
    assert "<summary>Date: 17 November, year uncertain. Governors met.</summary>" in feed
    assert "<updated>2024-11-17T00:00:00Z</updated>" in feed  # still dated as it is


def test_rows_never_repeat_the_headline(tmp_site, reporter):
    files = {
        "content/articles/a.md": page(
            "Belarus suggests advancing cooperation to Germany", "2024-06-05", summary="Belarus suggests advancing cooperation to Germany, BelTA learned from the foreign minister in Minsk."
        ),
        "content/articles/b.md": page("Other", "2024-06-06"),
    }
    out = built(tmp_site, reporter, files)
    index = (out / "index.html").read_text()
    assert '<p class="summary">BelTA learned from the foreign minister in Minsk.</p>' in index


def test_people_sort_by_surname_and_ties_do_not_repeat_a_to_z(tmp_site, reporter):
    files = {
        "content/articles/a.md": page("A", "2024-06-05", people="[Vladimir Putin, Alexander Lukashenko, Artak Kamalyan]"),
        "content/articles/b.md": page("B", "2024-06-06", people="[Алексей Петров]"),
    }
    out = built(tmp_site, reporter, files)
    html = (out / "people/index.html").read_text()
    az = html.split('id="a-to-z"')[1]
    assert az.index("Artak Kamalyan") < az.index("Alexander Lukashenko") < az.index("Vladimir Putin")
    assert 'id="most"' not in html  # every count is 1: a ranked list would repeat A to Z
    letters = html.split('class="letters"')[1].split("</nav>")[0]
    assert '<span class="script cyrillic">' in letters and letters.index("latin") < letters.index("cyrillic")


def test_a_russian_site_speaks_russian(tmp_site, reporter):
    out = built(tmp_site, reporter, UNCERTAIN, config="title: Т\nlanguage: ru\n")
    index = (out / "index.html").read_text()
    assert '<html lang="ru">' in index and "Последние материалы" in index and "Дайджест" in index
    assert "5 июня 2024" in index and "17 ноября, год не указан" in index
    weeks = (out / "weeks/index.html").read_text()
    assert "1 материал" in weeks
    timeline = (out / "timeline/index.html").read_text()
    assert "Июнь 2024" in timeline and "Хроника" in timeline


def test_an_item_in_another_language_is_marked(tmp_site, reporter):
    files = {"content/articles/ru.md": page("Переговоры в Минске", "2024-06-05", "Текст.", language="ru"), "content/articles/en.md": page("Talks", "2024-06-04")}
    out = built(tmp_site, reporter, files)
    article = (out / "articles/ru/index.html").read_text()
    assert '<html lang="ru">' in article and '<body lang="en">' in article  # the index files it as Russian
    index = (out / "index.html").read_text()
    assert '<li class="row card" lang="ru">' in index or '<article class="lead-story card first" lang="ru">' in index


def test_the_404_page_has_the_sites_header_and_no_placeholder_address(tmp_site, reporter, out):
    html = (out / "404.html").read_text()
    assert 'aria-label="Sections"' in html and 'action="/search/"' in html and 'href="/timeline/"' in html
    assert "example.org" not in html
    out = built(tmp_site, reporter, config="title: T\nbase_url: https://news.regional-briefing.net/digest/\n")
    html = (out / "404.html").read_text()
    assert 'href="https://news.regional-briefing.net/digest/timeline/"' in html
    assert "<script>" not in html  # (the links are absolute: nothing to make relative)
    out = built(tmp_site, reporter, config="title: T\nbase_url: https://news.regional-briefing.net/digest/\npretty_urls: false\n")
    html = (out / "404.html").read_text()
    assert 'href="https://news.regional-briefing.net/digest/timeline/index.html"' in html and 'action="https://news.regional-briefing.net/digest/search/index.html"' in html


def test_check_warns_about_the_placeholder_and_uncertain_dates(tmp_site, reporter):
    from briefing.check import check

    cfg = tmp_site(UNCERTAIN, config="title: T\nbase_url: https://briefing.example.org/\n")
    messages = [str(p) for p in check(cfg, reporter)]
    assert any("config.yaml:2: warning: 'base_url' is the placeholder" in m for m in messages)
    assert sum("needs an editor's look" in m for m in messages) == 3


def test_a_dossier_quotes_what_the_person_said(tmp_site, reporter):
    files = {"content/articles/q.md": page("Talks", "2024-06-05", "The talks began early. Lukashenko said: \u201cWe will build it together.\u201d Then they left.", people="[Alexander Lukashenko]")}
    out = built(tmp_site, reporter, files)
    html = (out / "people/alexander-lukashenko/index.html").read_text()
    assert "We will build it together." in html.split('class="said"')[1]
    assert "President" in html.split('class="roles"')[1].split("</ul>")[0]  # the data file's roles


def test_a_bodys_dossier_shows_its_seat_and_founding_year(tmp_site, reporter):
    files = {"content/articles/s.md": page("Summit", "2024-06-05", "The summit met.", organizations="[Collective Security Treaty Organization]")}
    out = built(tmp_site, reporter, files)
    html = (out / "organizations/collective-security-treaty-organization/index.html").read_text()
    facts = [f.split("</p>")[0] for f in html.split('<p class="fact">')[1:]]
    assert facts == ["Seat: Moscow", "Founded: 2002"]  # from data/entities.yaml


def test_family_name_first_and_the_data_files_sort_as(tmp_site, reporter):
    files = {"content/articles/a.md": page("A", "2024-06-05", people="[Xi Jinping, Vladimir Putin, Artak Kamalyan, Kim Jong Un]")}
    cfg = tmp_site(files)
    entities = cfg.path("data") / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    assert "  - name: Artak Kamalyan\n" in text
    entities.write_text(text.replace("  - name: Artak Kamalyan\n", "  - name: Artak Kamalyan\n    sort_as: Zz\n", 1), encoding="utf-8")
    build(cfg, reporter, today=TODAY)
    az = (cfg.path("output") / "people/index.html").read_text().split('id="a-to-z"')[1]
    # Kim (KP) and Xi (CN) by the name as written, Putin by surname, Kamalyan by the data file's sort_as
    assert az.index("Kim Jong Un") < az.index("Vladimir Putin") < az.index("Xi Jinping") < az.index("Artak Kamalyan")


def test_a_dossier_lists_uncertain_dates_after_the_sure_ones_and_never_as_last_seen(tmp_site, reporter):
    files = {
        "content/articles/sure.md": page("Talks on trade", "2024-06-05", "Talks in Gomel.", location="Gomel"),
        "content/articles/guess.md": page("A forum in Gomel", "2024-11-17", "A forum in Gomel.", location="Gomel", date_note="year assumed"),
        "content/articles/older.md": page("Older talks", "2024-03-01", "Talks in Gomel.", location="Gomel"),
    }
    out = built(tmp_site, reporter, files)
    profile = (out / "places/gomel/index.html").read_text()
    listed = profile.split('class="mentions"')[1].split("</ol>")[0]
    assert listed.index("Talks on trade") < listed.index("Older talks") < listed.index("A forum in Gomel")
    facts = profile.split('class="facts"')[1].split("</dl>")[0]
    assert '<time datetime="2024-06-05">5 June 2024</time>' in facts  # last seen: the newest sure date
    assert '<time datetime="2024-03-01">1 March 2024</time>' in facts
    assert "2024-11-17" not in facts and "(1 with the year uncertain: not in the dates and the chart)" in facts
    chart = profile.split('class="activity"')[1].split("</figure>")[0]
    assert "June 2024: 1" in chart and "November 2024" not in chart  # the assumed date draws no bar
