"""The reader's pages built end to end: profiles, weekly issues, the timeline, the map, feeds, metadata."""
import json
import re
import xml.etree.ElementTree as ET

from briefing.pipeline import build
from tests.conftest import TODAY, page

FILES = {
    "content/articles/memo.md": page("EEC and RCC signed a memorandum", "2024-06-05", "Signed in [Minsk](https://example.com/minsk).", location="Minsk", organizations="[EEC, Regional Commonwealth in the Field of Communications]", countries="[Belarus]", tags="[digital]", summary="A memorandum on digital trust."),
    "content/articles/forum.md": page("Digital forum", "2024-06-07", "A forum.", location="Minsk", organizations="[EEC]", countries="[Belarus, Russia]"),
    "content/articles/talks.md": page("Talks in Novo-Ogaryovo", "2023-02-20", "Talks were held.", location="Novo-Ogaryovo", countries="[Belarus, Russian Federation]", period="{start: 2023-02-13, end: 2023-02-19}"),
}
EVIL = '</script><script>alert(1)</script> & "quotes"'


def built(tmp_site, reporter, files=FILES, config=None):
    cfg = tmp_site(files) if config is None else tmp_site(files, config=config)
    build(cfg, reporter, today=TODAY)
    return cfg.path("output")


def test_entity_profile_page(tmp_site, reporter):
    out = built(tmp_site, reporter)
    html = (out / "organizations/eurasian-economic-commission/index.html").read_text()
    assert "<dt>Briefings</dt><dd>2</dd>" in html
    assert '<time datetime="2024-06-05">5 June 2024</time>' in html and '<time datetime="2024-06-07">' in html
    assert "EEC" in html.split("Also written")[1].split("</dd>")[0]  # aliases from the entity data file
    related = re.findall(r'class="chip" href="([^"]+)">([^<]+) <span class="n">(\d+)', html)
    assert ("../../places/minsk/", "Minsk", "2") in related and ("../../countries/belarus/", "Belarus", "2") in related
    newest, oldest = html.index("Digital forum"), html.index("EEC and RCC signed")
    assert newest < oldest
    assert '<link rel="alternate" type="application/atom+xml"' in html and "eurasian-economic-commission/feed.xml" in html
    feed = ET.parse(out / "organizations/eurasian-economic-commission/feed.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2


def test_index_of_a_kind_by_count_and_a_to_z(tmp_site, reporter):
    out = built(tmp_site, reporter)
    html = (out / "countries/index.html").read_text()
    most = html.split('id="most"')[1].split("</ol>")[0]
    assert most.index("Belarus") < most.index("Russia")  # 3 briefings before 2
    assert re.findall(r'<h3 id="letter-\d+">(\w)</h3>', html) == ["B", "R"]


def test_weekly_issues_with_archive_and_neighbours(tmp_site, reporter):
    out = built(tmp_site, reporter)
    issue = (out / "weeks/2024-w23/index.html").read_text()
    assert issue.count('class="story issue-item"') == 2
    assert 'rel="next" href="../../weeks/2023-w07/"' in issue  # the period's week, not the filing date's
    assert not (out / "weeks/2023-w08").exists()
    assert "https://example.org/digest/articles/memo/" in issue  # the print view shows each item's address
    archive = (out / "weeks/index.html").read_text()
    assert archive.index("2024-w23") < archive.index("2023-w07")


def test_timeline_lists_everything_and_carries_filter_data(tmp_site, reporter):
    out = built(tmp_site, reporter)
    html = (out / "timeline/index.html").read_text()
    assert html.count('<li class="event item') == 3  # readable without the script
    assert 'data-organizations="eurasian-economic-commission regional-commonwealth-in-the-field-of-communications"' in html
    assert '<option value="belarus">Belarus (3)</option>' in html
    assert '<rect class="period"' in html and "static/timeline.js" in html
    assert (out / "static/timeline.js").is_file()


def test_places_index_opens_with_the_map(tmp_site, reporter):
    out = built(tmp_site, reporter)
    html = (out / "places/index.html").read_text()
    assert html.index('<svg class="map"') < html.index('id="most"')
    assert 'href="../places/minsk/"' in html.split('<svg class="map"')[1].split("</svg>")[0]
    assert 'href="../countries/belarus/"' in html  # shaded country linked


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
    assert 'rel="canonical"' not in html and 'og:url' not in html
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
