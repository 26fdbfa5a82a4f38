"""Seed formats (briefing/readers/): saved web pages, Markdown, feeds, PDF and Word, chosen by
content as well as by extension; what each file states about its original (origin.py); the same
text twice. Every fixture under tests/fixtures/inputs/ was written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest

from briefing import readers
from briefing.content import parse_page
from briefing.errors import SeedError
from briefing.extract import Options
from briefing.ingest import STATE_FILE, ingest
from briefing.origin import Publishers, extract_item, nearest_year
from tests.conftest import ROOT, TODAY, messages
from tests.fixtures import make_documents

INPUTS = ROOT / "tests" / "fixtures" / "inputs"
# Names that appear only in the chrome of the saved pages (menus, tickers, related links,
# comments, footers): none may become an entity of the article.
CHROME_NAMES = {
    "Vladimir Putin",
    "Shavkat Mirziyoyev",
    "Alexander Lukashenko",
    "Nikol Pashinyan",
    "Sadyr Japarov",
    "Sergei Lavrov",
    "Kassym-Jomart Tokayev",
    "Sergei Shoigu",
    "Mikhail Mishustin",
    "Wang Yi",
    "Ilham Aliyev",
    "Emomali Rahmon",
    "Mikhail Myasnikovich",
    "Shanghai Cooperation Organisation",
    "Commonwealth of Independent States",
    "Union State",
    "Xinhua",
    "Gazprom",
    "Rossiya Segodnya",
    "Kazinform",
}


def item_of(name: str, data: bytes | None = None):
    data = INPUTS.joinpath(name).read_bytes() if data is None else data
    items = readers.read_items(f"seeds/{name}", data)
    assert len(items) == 1
    return items[0]


@pytest.fixture(scope="module")
def publishers(gazetteer):
    return Publishers(gazetteer, ROOT / "data")


def extracted(gazetteer, publishers, name: str, data: bytes | None = None):
    return extract_item(item_of(name, data).reading, gazetteer, Options(today=TODAY), publishers)


def entities(result) -> set[str]:
    return {*result.organizations, *result.people, *result.countries, *([result.location] if result.location else [])}


# --- choosing the format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("a.txt", b"MINSK, 3 June (BelTA) - A meeting took place.", "text"),
        ("a", b"Plain text without an extension.", "text"),
        ("a.md", b"Some text\n\nwith **Markdown**.", "markdown"),
        ("a.txt", b"# A headline\n\nA Markdown file saved as .txt.", "markdown"),
        ("a.txt", b"---\ntitle: x\n---\nA YAML block in a .txt stays text.", "text"),
        ("a.txt", b"<!DOCTYPE html><html><body><p>A page saved as .txt</p></body></html>", "html"),
        ("a.htm", b"<p>A fragment of a page</p>", "html"),
        ("a.html", b"\xef\xbb\xbf<!-- a comment --><html lang='en'><body>x</body></html>", "html"),
        ("page.txt", b"%PDF-1.4\n%...", "pdf"),
        ("feed.txt", b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "feed"),
        ("feed.xml", b"<?xml version='1.0'?>\n<!-- c -->\n<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        ("saved.mhtml", b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=x\r\n\r\n", "mhtml"),
    ],
)
def test_format_is_chosen_by_content_and_extension(name, data, expected):
    assert readers.detect(name, data) == expected


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("a.txt", b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "old Word"),
        ("a.rtf", b"{\\rtf1\\ansi hello}", "RTF"),
        ("a.pdf", b"not a pdf at all", "not a PDF"),
        ("a.docx", b"not a zip", "not a Word document"),
        ("a.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "not an RSS or Atom feed"),
        ("a.rss", b"just words", "no RSS or Atom feed"),
        ("a.mhtml", b"just words", "no saved page"),
    ],
)
def test_a_file_of_no_accepted_format_names_the_reason_and_the_accepted_formats(name, data, reason):
    with pytest.raises(SeedError, match=reason):
        readers.read_items(f"seeds/{name}", data)


def test_an_office_file_other_than_word_is_refused_with_the_formats_accepted(tmp_path):
    import zipfile

    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SeedError, match="Excel workbook.*accepted: plain text"):
        readers.read_items("seeds/sheet.xlsx", path.read_bytes())


# --- saved web pages ---------------------------------------------------------------------------


def test_agency_page_title_date_source_and_no_entity_from_the_chrome(gazetteer, publishers):
    result, origin = extracted(gazetteer, publishers, "agency_page.html")
    assert result.title == "Turchin, Sagintayev discuss industrial cooperation projects"
    # The text says "14 March"; the page's own date gives the year, so it is not assumed.
    assert (result.date, result.date_note) == (dt.date(2025, 3, 14), None)
    assert origin.published == dt.date(2025, 3, 14)
    assert origin.source_url.startswith("https://eng.belta.example/economics/view/turchin-sagintayev")
    assert origin.publisher == "BelTA" and result.agency == "BelTA"
    assert {"Alexander Turchin", "Bakytzhan Sagintayev"} <= set(result.people)
    assert not entities(result) & CHROME_NAMES
    for chrome in ("cookies", "Share", "Related news", "Comments", "Kirova", "Русский", "tractor plant", "VKontakte"):
        assert chrome not in result.body
    assert result.body.startswith("MINSK, 14 March (BelTA)")
    assert "the working group on industrial policy" in result.body


def test_legacy_charset_page_in_a_table_layout(gazetteer, publishers):
    data = INPUTS.joinpath("eec_release.htm").read_bytes()
    assert b'<meta charset="windows-1251">' in data and "Коллегия".encode("cp1251") in data
    result, origin = extracted(gazetteer, publishers, "eec_release.htm")
    assert result.title == "Коллегия ЕЭК одобрила проект соглашения о маркировке товаров"
    assert (result.date, result.date_note) == (dt.date(2024, 10, 3), None)
    assert origin.publisher == "Eurasian Economic Commission"  # the site name, canonical (an organization's own news)
    assert origin.source_url == "https://eec.eaeunion.org/news/kollegiya-eek-odobrila-proekt-soglasheniya-o-markirovke/"
    assert result.language == "ru" and "Bakytzhan Sagintayev" in result.people
    assert result.body.startswith("3 октября в Москве") and "|" not in result.body  # the layout table is not a table
    assert "Выступления" not in result.body and "Поделиться" not in result.body and "Другие новости" not in result.body
    assert not {"Mikhail Myasnikovich", "Alexei Overchuk", "Andrey Slepnev"} & set(result.people)


def test_page_without_metadata_saved_from_an_address(gazetteer, publishers):
    result, origin = extracted(gazetteer, publishers, "tass_page.html")
    assert result.title == "Belarus, Eurasian commission agree to widen industrial projects list"  # no " - TASS"
    assert origin.source_url == "https://tass.com/economy/1938471"  # from "saved from url"
    assert origin.publisher == "TASS"  # the address's site (data/sites.yaml)
    assert result.date == dt.date(2025, 3, 14) and result.date_note is None  # the date shown on the page
    assert not entities(result) & CHROME_NAMES
    assert "Read also" not in result.body and "Trending" not in result.body


def test_page_with_no_date_anywhere_keeps_the_year_note(gazetteer, publishers):
    result, origin = extracted(gazetteer, publishers, "regional_portal.html")
    assert origin == type(origin)()  # no address, no site name, no date
    assert result.title == "Kyrgyz and Kazakh ministers open a joint customs post"
    assert (result.date.month, result.date.day) == (9, 9) and result.date_note == "year assumed"
    assert not entities(result) & CHROME_NAMES and "Nurlan Sadykov" not in result.people
    assert "newsletter" not in result.body and "Most read" not in result.body and "comments" not in result.body


def test_old_table_layout_with_br_paragraphs_and_a_section_as_its_title(gazetteer, publishers):
    data = INPUTS.joinpath("ministry_br_layout.htm").read_bytes()
    assert b"charset=windows-1251" in data and b"<br><br>" in data and b"<p>" not in data
    result, origin = extracted(gazetteer, publishers, "ministry_br_layout.htm")
    # <title> is the section ("Новости"): the headline is the bold line the article opens with.
    assert result.title == "В Бишкеке прошло заседание рабочей группы по цифровой торговле"
    assert result.body.startswith("Заседание рабочей группы") and result.body.endswith("рассмотрение коллегии.")
    assert len([p for p in result.body.split("\n\n") if p.strip()]) == 2
    assert "|" not in result.body and "Главная" not in result.body and "Все новости" not in result.body
    assert "Mikhail Myasnikovich" not in result.people  # named in the menu cell only
    assert origin.published == dt.date(2024, 11, 5) and result.location == "Bishkek"


def test_the_date_shown_above_an_article_is_not_its_text(gazetteer, publishers):
    result, origin = extracted(gazetteer, publishers, "ria_dated_block.html")
    assert result.title == "Оверчук обсудил с партнёрами по ЕАЭС тарифы на перевозки"
    assert result.body.startswith("МОСКВА, 12 ноя")  # not "14:05 12.11.2024"
    assert origin.published == dt.date(2024, 11, 12) and origin.source_url == "https://ria.ru/20241112/tarify-1983344.html"
    assert "Alexei Overchuk" in result.people and not entities(result) & CHROME_NAMES
    for chrome in ("Читайте также", "cookie", "Поделиться", "Популярное", "Комментарии"):
        assert chrome not in result.body


def test_read_also_inside_the_article_and_a_json_ld_graph(gazetteer, publishers):
    result, origin = extracted(gazetteer, publishers, "belta_graph_ld.html")
    assert result.title == "EAEU ministers back common gas market timetable"  # not ":: Economy :: ..."
    assert origin.published == dt.date(2025, 6, 3)  # datePublished, not dateModified
    assert origin.publisher == "BelTA" and result.date == dt.date(2025, 6, 3)
    assert "Read also" not in result.body and "Mirziyoyev" not in result.body
    assert "\n\n\n" not in result.body and result.body.endswith("Eurasian Intergovernmental Council.")
    assert not entities(result) & CHROME_NAMES and "Alexander Lukashenko" not in result.people


def test_undeclared_legacy_charset_and_a_section_title_with_the_headline_in_h2(gazetteer, publishers):
    data = INPUTS.joinpath("government_undeclared_1251.htm").read_bytes()
    assert b"charset" not in data and "Алматы".encode("cp1251") in data
    result, origin = extracted(gazetteer, publishers, "government_undeclared_1251.htm")
    assert result.title == "Премьер-министры стран ЕАЭС встретятся в Алматы"
    assert result.body.startswith("Очередное заседание") and "Мишустин" not in result.body
    assert "Mikhail Mishustin" not in result.people and result.location == "Almaty"


def test_a_bold_lead_under_a_section_title_stays_the_text():
    from briefing.readers.html import read_html

    lead = "MINSK, 2 May (BelTA) - The ministers of transport met in Minsk to discuss the transit of goods."
    page = (
        f"<html><head><title>News</title></head><body><main><p><b>{lead}</b></p>"
        "<p>They agreed to open two more lanes at the border crossing and to share queue data every hour of the day.</p>"
        "</main></body></html>"
    )
    reading = read_html(page)
    assert reading.hints.title == "News" and reading.body.startswith(f"**{lead}**")


def test_a_section_title_never_gives_way_to_the_site_logo():
    from briefing.readers.html import read_html

    page = (
        "<html><head><title>Economy</title></head><body><header><h1>Southern Steppe Telegraph Agency</h1></header>"
        "<div class='logo-box'><h2>Daily news of the steppe region</h2></div>"
        "<div class='news-item'><h2>Two ministries open a joint data office</h2>"
        "<p>The ministries of economy and finance have opened a joint office to collect trade statistics, the government said on Monday.</p>"
        "<p>The office will publish its first report on cross-border trade at the end of the quarter, its head told reporters.</p></div>"
        "</body></html>"
    )
    assert read_html(page).hints.title == "Two ministries open a joint data office"


def test_mhtml_as_chromium_saves_it_and_tass_is_one_publisher(gazetteer, publishers):
    item = item_of("tass_transit.mhtml")
    assert item.format == "mhtml"
    result, origin = extract_item(item.reading, gazetteer, Options(today=TODAY), publishers)
    assert result.title == "Оверчук и Слепнев обсудили в Ереване транзит через ЕАЭС"
    assert origin.publisher == "TASS" and result.agency == "TASS"  # "ТАСС" in the page and the dateline
    assert origin.source_url == "https://tass.ru/ekonomika/21984455" and origin.published == dt.date(2024, 9, 12)
    assert result.date == dt.date(2024, 9, 12) and result.location == "Yerevan"
    assert {"Alexei Overchuk", "Andrey Slepnev"} <= set(result.people)
    assert not entities(result) & CHROME_NAMES


def test_truncated_page_is_read_as_far_as_it_goes_with_a_warning(gazetteer, publishers):
    data = INPUTS.joinpath("agency_page.html").read_bytes()
    cut = data[: data.index(b"The parties also agreed")]
    reading = item_of("agency_page.html", cut).reading
    assert any("cut short" in w for w in reading.warnings)
    assert "sensitive goods" in reading.text
    with pytest.raises(SeedError, match="no article text"):
        _ = item_of("agency_page.html", data[: data.index(b"<main>")]).reading


def test_page_that_declares_one_charset_and_is_in_another(gazetteer, publishers):
    data = INPUTS.joinpath("eec_release.htm").read_bytes().replace(b'charset="windows-1251"', b'charset="utf-8"')
    reading = item_of("eec_release.htm", data).reading
    assert reading.hints.title == "Коллегия ЕЭК одобрила проект соглашения о маркировке товаров"


def test_pages_beside_their_files_folder_ingest_and_the_folder_does_not(tmp_site, reporter):
    config = tmp_site()
    seeds = config.path("seeds")
    shutil.copytree(INPUTS, seeds, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.rss", "*.atom"))
    assert (seeds / "eec_release_files" / "counter.html").exists()
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 9 and report.skipped == []
    assert "eec_release_files" not in messages(reporter)
    sources = sorted(parse_page(p.read_bytes(), p.name, p.stem).article.source for p in config.articles_dir.glob("*.md"))
    assert sources == [
        "seeds/agency_page.html",
        "seeds/belta_graph_ld.html",
        "seeds/eec_release.htm",
        "seeds/government_undeclared_1251.htm",
        "seeds/ministry_br_layout.htm",
        "seeds/regional_portal.html",
        "seeds/ria_dated_block.html",
        "seeds/tass_page.html",
        "seeds/tass_transit.mhtml",
    ]
    page = next(config.articles_dir.glob("turchin-*.md")).read_text(encoding="utf-8")
    assert "source_url: https://eng.belta.example/economics/view/" in page
    assert "publisher: BelTA\n" in page and "published: 2025-03-14\n" in page and "date_note" not in page


# --- Markdown ----------------------------------------------------------------------------------

MARKDOWN = """---
title: Overchuk and Slepnev discuss transit through the EAEU
date: 2024-09-12
source_url: https://tass.ru/ekonomika/21984455
publisher: ТАСС
language: en
tags: [transport, customs]
slug: my-own-slug
draft: true
---
# A headline the YAML block overrides

YEREVAN, 12 September (TASS) – Russian Deputy Prime Minister **Alexei Overchuk** and the
[Eurasian Economic Commission](https://eec.eaeunion.org/)'s trade minister Andrey Slepnev
discussed transit through the Eurasian Economic Union.

## What was agreed

- a single procedure for electronic declarations;
- shorter queues at the border crossings.
"""


def test_markdown_yaml_hints_win_and_other_keys_are_ignored_with_a_warning(gazetteer, publishers):
    item = item_of("transit.md", MARKDOWN.encode())
    reading = item.reading
    assert [w.split("'")[1] for w in reading.warnings] == ["slug", "draft"]
    result, origin = apply_hints_of(gazetteer, publishers, reading)
    assert result.title == "Overchuk and Slepnev discuss transit through the EAEU"
    assert (result.date, result.date_note) == (dt.date(2024, 9, 12), None)
    assert result.tags == ["transport", "customs"] and result.language == "en"
    assert origin.publisher == "TASS" and origin.source_url == "https://tass.ru/ekonomika/21984455"
    # The body stays Markdown (without the headline); extraction read it without the marks.
    assert result.body.startswith("YEREVAN, 12 September") and "**Alexei Overchuk**" in result.body
    assert "## What was agreed" in result.body and "- a single procedure" in result.body
    assert "https://eec" not in reading.text and "**" not in reading.text
    assert "Alexei Overchuk" in result.people and "Eurasian Economic Commission" in result.organizations


def apply_hints_of(gazetteer, publishers, reading):
    return extract_item(reading, gazetteer, Options(today=TODAY), publishers)


def test_markdown_headline_is_the_title_and_a_broken_yaml_block_is_a_warning(gazetteer, publishers):
    text = "---\ntitle: [unclosed\n---\n# EEC Council meets in Minsk\n\nThe Council of the Eurasian Economic Commission met in Minsk on 3 June 2024.\n"
    reading = item_of("council.md", text.encode()).reading
    assert any("does not parse" in w for w in reading.warnings)
    result, _origin = apply_hints_of(gazetteer, publishers, reading)
    assert result.title == "EEC Council meets in Minsk" and result.date == dt.date(2024, 6, 3)
    assert result.body.startswith("The Council of the Eurasian Economic Commission")


def test_markdown_hints_of_the_wrong_type_are_ignored_with_a_warning():
    text = "---\ndate: tomorrow\nsource_url: ftp://x.example/a\ntags: {a: 1}\nlanguage: English\n---\nText of the item here.\n"
    reading = item_of("x.md", text.encode()).reading
    assert len(reading.warnings) == 4 and reading.hints.date is None and reading.hints.source_url is None


# --- plain text ------------------------------------------------------------------------------------


def test_a_source_line_in_pasted_text_gives_the_address_and_publisher(gazetteer, publishers):
    text = (
        "Belarus and Kazakhstan agree on grain transit\n\nMINSK, 4 July (BelTA) – Belarus and Kazakhstan agreed on the transit "
        "of grain through Russia, the Belarusian Ministry of Agriculture said.\n\nSource: https://www.belta.by/economics/view/grain-transit-1/\n"
    )
    result, origin = extract_item(item_of("grain.txt", text.encode()).reading, gazetteer, Options(today=TODAY), publishers)
    assert origin.source_url == "https://www.belta.by/economics/view/grain-transit-1/" and origin.publisher == "BelTA"
    text2 = "A headline\n\nSome text of an item with enough words.\n\nИсточник: ТАСС\n"
    _r, origin2 = extract_item(item_of("b.txt", text2.encode()).reading, gazetteer, Options(today=TODAY), publishers)
    assert (origin2.source_url, origin2.publisher) == (None, "TASS")
    text3 = "A headline\n\nThe photo: https://president.gov.by/photo/1 shows the talks.\n\nMore text of the item.\n"
    _r, origin3 = extract_item(item_of("c.txt", text3.encode()).reading, gazetteer, Options(today=TODAY), publishers)
    assert origin3.source_url is None  # an address inside a sentence is not the source


def test_only_http_addresses_become_source_url():
    from briefing.readers.text import clean_url

    assert clean_url("https://tass.com/economy/1.") == "https://tass.com/economy/1"
    assert clean_url("javascript:alert(1)") is None and clean_url("file:///etc/passwd") is None and clean_url("http://") is None


def test_nearest_year_to_the_original_date():
    assert nearest_year(dt.date(2026, 11, 17), dt.date(2024, 1, 5)) == dt.date(2023, 11, 17)
    assert nearest_year(dt.date(2026, 3, 14), dt.date(2025, 3, 14)) == dt.date(2025, 3, 14)
    assert nearest_year(dt.date(2026, 3, 20), dt.date(2025, 3, 14)) == dt.date(2025, 3, 20)  # an announcement
    assert nearest_year(dt.date(2024, 2, 29), dt.date(2025, 3, 1)) == dt.date(2024, 2, 29)


# --- feeds -----------------------------------------------------------------------------------------


def test_each_feed_entry_is_an_item_with_its_link_date_and_publisher(gazetteer, publishers):
    items = readers.read_items("seeds/agency_feed.rss", INPUTS.joinpath("agency_feed.rss").read_bytes())
    assert [i.rel for i in items] == [
        "seeds/agency_feed.rss#belta-eng-5101",
        "seeds/agency_feed.rss#belta-eng-5102",
        "seeds/agency_feed.rss#https://www.belta.by/economics/view/minsk-i-astana-obsudili-postavki-selhoztehniki-6620/",
    ]
    results = [extract_item(i.reading, gazetteer, Options(today=TODAY), publishers) for i in items]
    assert [o.publisher for _r, o in results] == ["BelTA", "BelTA", "TASS"]  # the entry's <source> wins
    assert [o.published for _r, o in results] == [dt.date(2024, 10, 17), dt.date(2024, 10, 18), dt.date(2024, 10, 18)]
    first = results[0][0]
    assert first.title == "Belarus, Uzbekistan to set up joint venture for lift production"
    assert first.date == dt.date(2024, 10, 17) and first.date_note is None
    atom = readers.read_items("seeds/news.atom", INPUTS.joinpath("commission_news.atom").read_bytes())
    result, origin = extract_item(atom[0].reading, gazetteer, Options(today=TODAY), publishers)
    assert atom[0].rel == "seeds/news.atom#urn:eec:news:2024-06-20-signatures"
    assert origin.publisher == "Eurasian Economic Commission" and "## Next steps" in result.body


def _feed_site(tmp_site, feed: bytes):
    return tmp_site(files={"seeds/belta.rss": feed})


def _sources(config) -> list[str]:
    return sorted(parse_page(p.read_bytes(), p.name, p.stem).article.source for p in config.articles_dir.glob("*.md"))


NEW_ENTRY = b"""  <item>
    <title>Belarus to supply buses to Bishkek</title>
    <link>https://eng.belta.by/economics/view/belarus-to-supply-buses-to-bishkek-5103/</link>
    <guid isPermaLink="false">belta-eng-5103</guid>
    <pubDate>Sat, 19 Oct 2024 10:00:00 +0300</pubDate>
    <description>MINSK, 19 October (BelTA) - The Minsk Automobile Plant will supply 120 city buses to Bishkek under a contract signed with the Kyrgyz capital's mayor's office.</description>
  </item>
</channel>"""


def test_a_growing_feed_adds_only_new_entries_and_a_vanished_entry_keeps_its_page(tmp_site, reporter, monkeypatch):
    feed = INPUTS.joinpath("agency_feed.rss").read_bytes()
    config = _feed_site(tmp_site, feed)
    assert len(ingest(config, reporter, today=TODAY).created) == 3
    assert _sources(config)[0] == "seeds/belta.rss#belta-eng-5101"
    state = json.loads((config.path("content") / STATE_FILE).read_text())
    assert "seeds/belta.rss#belta-eng-5102" in state["seeds"] and "seeds/belta.rss" in state["containers"]

    # Unchanged: not even parsed again (and counted as its entries, as when they were new).
    from briefing.readers import feed as feed_module

    monkeypatch.setattr(feed_module, "items", lambda *a: pytest.fail("an unchanged feed was parsed again"))
    assert ingest(config, reporter, today=TODAY).unchanged == 3
    report = ingest(config, reporter, today=TODAY)
    assert report.created == [] and report.updated == []
    monkeypatch.undo()

    # Saved again a day later: one more entry, and the oldest one has dropped out.
    start = feed.index(b"  <item>")
    end = feed.index(b"</item>", start) + len(b"</item>\n")
    grown = (feed[:start] + feed[end:]).replace(b"</channel>", NEW_ENTRY).replace(b"17:05:00", b"18:00:00")
    (config.path("seeds") / "belta.rss").write_bytes(grown)
    report = ingest(config, reporter, today=TODAY)
    assert [p for p in report.created] == ["articles/belarus-to-supply-buses-to-bishkek.md"]
    assert report.updated == [] and report.unchanged == 2
    assert "seeds/belta.rss#belta-eng-5101" in _sources(config)  # the vanished entry keeps its page
    assert len(_sources(config)) == 4


def test_a_feed_cut_short_gives_the_entries_before_the_cut_with_a_warning(tmp_site, reporter):
    feed = INPUTS.joinpath("agency_feed.rss").read_bytes()
    cut = feed[: feed.index("<title>Минск".encode())]
    config = _feed_site(tmp_site, cut)
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 2
    assert "seeds/belta.rss: warning: the feed is not well-formed XML" in messages(reporter)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>", "the feed has no entries"),
        (b"<?xml version='1.0'?><rss version='2.0'><chan", "the feed does not parse"),
    ],
)
def test_a_feed_without_readable_entries_is_a_warning_naming_the_file(tmp_site, reporter, data, reason):
    config = _feed_site(tmp_site, data)
    report = ingest(config, reporter, today=TODAY)
    assert report.created == [] and f"seeds/belta.rss: warning: seed skipped: {reason}" in messages(reporter)


def test_a_feed_entrys_deleted_page_comes_back_by_the_command_its_warning_gives(tmp_site, reporter):
    import re

    feed = INPUTS.joinpath("agency_feed.rss").read_bytes()
    config = _feed_site(tmp_site, feed)
    first = ingest(config, reporter, today=TODAY).created[0]
    (config.articles_dir.parent / first).unlink()
    (config.path("seeds") / "belta.rss").write_bytes(feed.replace(b"</channel>", NEW_ENTRY))  # (a feed read again)
    ingest(config, reporter, today=TODAY)
    command = re.search(r"run `python build.py ingest ([^`]+)` to bring it back", messages(reporter)).group(1)
    assert command == "seeds/belta.rss"  # (the file: an entry's `file#guid` names no file)
    report = ingest(config, reporter, files=[config.root / command], today=TODAY)
    assert report.created == [first] and (config.articles_dir.parent / first).exists()


def test_a_feed_entry_without_text_is_skipped_and_the_others_are_not(tmp_site, reporter):
    feed = INPUTS.joinpath("agency_feed.rss").read_bytes().replace(b"</channel>", b"<item><guid>empty-1</guid></item></channel>")
    config = _feed_site(tmp_site, feed)
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 3
    assert "seeds/belta.rss#empty-1: warning: feed entry skipped: the feed entry has neither a title nor any text" in messages(reporter)


def test_a_feed_ingest_killed_half_way_makes_each_entry_once(tmp_path):
    root = tmp_path / "site"
    for name in ("themes", "data"):
        shutil.copytree(ROOT / name, root / name)
    (root / "config.yaml").write_text("title: Feeds\nsearch: false\n")
    (root / "seeds").mkdir()
    shutil.copy(INPUTS / "agency_feed.rss", root / "seeds" / "belta.rss")
    env = {"BRIEFING_TODAY": "2026-11-22", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    killed = subprocess.run([sys.executable, str(ROOT / "build.py"), "ingest"], cwd=root, env={**env, "BRIEFING_FAULT": "ingest.page_written:kill:2"}, capture_output=True, text=True)
    assert killed.returncode == -9
    again = subprocess.run([sys.executable, str(ROOT / "build.py"), "ingest"], cwd=root, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    pages = sorted((root / "content" / "articles").glob("*.md"))
    sources = sorted(parse_page(p.read_bytes(), p.name, p.stem).article.source for p in pages)
    assert len(sources) == 3 == len(set(sources)) and all(s.startswith("seeds/belta.rss#") for s in sources)
    assert "1 page(s) recognised by their source" in again.stderr + again.stdout


# --- PDF and Word ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    return make_documents.write_all(tmp_path_factory.mktemp("documents"))


@pytest.mark.parametrize("name", ["release.pdf", "release.docx"])
def test_pdf_and_word_keep_paragraphs_and_headings(gazetteer, publishers, documents, name):
    item = readers.read_items(f"seeds/{name}", documents[name].read_bytes())[0]
    assert item.format == name.split(".")[1]
    result, _origin = extract_item(item.reading, gazetteer, Options(today=TODAY), publishers)
    assert result.title == make_documents.RELEASE_TITLE
    assert result.date == dt.date(2024, 4, 11) and result.location == "Moscow"
    assert {"Bakytzhan Sagintayev", "Nikolai Podguzov"} <= set(result.people)
    paragraphs = result.body.split("\n\n")
    assert paragraphs[0] == make_documents.RELEASE_PARAGRAPHS[0]
    assert "## " + make_documents.RELEASE_SECTION in paragraphs
    assert make_documents.FOOTER not in result.body and "\n\n2\n" not in result.body + "\n"


@pytest.mark.parametrize("leading", [1.8, 2.3])
def test_a_pdf_set_with_wide_line_spacing_keeps_its_paragraphs(leading):
    """One and a half or double line spacing: the layout analysis gives a box per line; the lines
    of a paragraph are joined again, the paragraphs and headings stay apart."""
    spaced = readers.read_items("seeds/r.pdf", make_documents.release_pdf(leading))[0].reading
    assert spaced.body == readers.read_items("seeds/r.pdf", make_documents.release_pdf())[0].reading.body
    assert make_documents.RELEASE_PARAGRAPHS[0] in spaced.body.split("\n\n")


def test_word_lists_and_tables(documents):
    body = readers.read_items("seeds/release.docx", documents["release.docx"].read_bytes())[0].reading.body
    assert "- machine building\n- the chemical industry" in body and "Projects reviewed | 5" in body


@pytest.mark.parametrize(
    "name, reason",
    [
        ("scanned.pdf", "the PDF has no text layer"),
        ("truncated.pdf", "the PDF is damaged"),
        ("truncated.docx", "the Word file is damaged"),
    ],
)
def test_unreadable_pdf_and_word_files_are_warnings_naming_the_file(tmp_site, reporter, documents, name, reason):
    config = tmp_site(files={f"seeds/{name}": documents[name].read_bytes(), "seeds/ok.docx": documents["release.docx"].read_bytes()})
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 1
    assert f"seeds/{name}: warning: seed skipped: {reason}" in messages(reporter)


# --- the same text twice -------------------------------------------------------------------------

TEXT = """EEC and RCC signed a Memorandum of Interaction

A Memorandum between the Eurasian Economic Commission and the Regional Commonwealth in the Field of Communications was signed by Varos Simonyan on June 5, 2024 in Minsk.
"""


def test_the_same_text_twice_is_one_page_and_a_warning_naming_the_earlier_seed(tmp_site, reporter):
    respaced = TEXT.replace("\n\n", "\n\n\n").replace(" was signed", "  was  signed") + "\n\n"
    config = tmp_site(files={"seeds/a.txt": TEXT, "seeds/b.txt": respaced})
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 1 and report.duplicates == ["seeds/b.txt"]
    assert "seeds/b.txt: warning: the same text as seeds/a.txt (its page articles/eec-and-rcc-signed-a-memorandum-of-interaction.md)" in messages(reporter)
    assert "1 repeated text(s) without a page" in report.summary()
    again = ingest(config, reporter, today=TODAY)  # said once
    assert again.created == [] and messages(reporter).count("the same text as") == 1
    (config.path("seeds") / "b.txt").write_text(TEXT + "\nThe parties will meet again in 2025 to review progress.\n")
    third = ingest(config, reporter, today=TODAY)
    assert third.created == ["articles/eec-and-rcc-signed-a-memorandum-of-interaction-2.md"]


def test_the_same_text_as_a_saved_page_and_as_markdown(tmp_site, reporter):
    page = INPUTS.joinpath("tass_page.html").read_bytes()
    text = "# Belarus, Eurasian commission agree to widen industrial projects list\n\n" + "\n\n".join(p.split("</p>")[0] for p in page.decode().split("<p>")[1:]) + "\n"
    config = tmp_site(files={"seeds/1-page.html": page, "seeds/2-copy.md": text})
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 1 and report.duplicates == ["seeds/2-copy.md"]


@pytest.mark.parametrize(
    "title, site, headline",
    [
        ("Belarus - Russia talks held in Minsk | BelTA", "BelTA", "Belarus - Russia talks held in Minsk"),
        ("Belarus - Russia talks | BelTA", "BelTA", "Belarus - Russia talks"),
        ("Belarus, EEC agree - Economy & Business - TASS", "tass.com", "Belarus, EEC agree"),
        ("Headline here | Economics | BelTA", "BelTA", "Headline here"),
        ("Just a headline", "BelTA", "Just a headline"),
    ],
)
def test_the_site_name_is_taken_off_a_page_title(title, site, headline):
    from briefing.readers.html import _title

    assert _title(title, site) == headline
