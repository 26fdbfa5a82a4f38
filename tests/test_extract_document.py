"""Cutting a page into chrome, headline, dateline, story and tail."""

import pytest

from briefing.extract.document import Document
from briefing.extract.lines import is_chrome, is_date_line, is_menu
from briefing.extract.prose import title_from_sentence
from tests.conftest import extract_text


def parse(text, gaz):
    return Document.parse(text, gaz.is_place)


@pytest.mark.parametrize(
    "line",
    [
        "RU | EN | KZ",
        "Home   News   Documents   Contacts",
        "Subscribe to our newsletter",
        "Read more",
        "Font size:",
        "Источник kabar.kg",
        "Все новости",
        "Иерусалим +16°C",
        "16 - 28°",
        "adv_01 above_important",
        "UrduPoint.com",
        "Official website of the President of Russia",
        "Photo: press service",
        "Подписаться на новости",
        "Подпишитесь на наш канал",
    ],
)
def test_page_chrome(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Belarus and Russia sign a trade protocol",
        "The talks lasted three hours.",
        "Key results:",
        "The agreement covers:",
        "Итоги:",
        "Подписание договора о дружбе состоялось во вторник в Гродно.",  # not "Подписаться"
        "Подписи под протоколом поставили оба министра.",
    ],
)
def test_story_lines_are_not_chrome(line):
    assert not is_chrome(line)


def test_short_lines_ending_in_a_colon_stay_in_the_body(gazetteer):
    """A list's lead-in ("The agreement covers:") is story text, not a widget's label."""
    text = (
        "Ports sign a pact\n\nTwo ports signed a cooperation pact on Monday.\n\nThe agreement covers:\n\n- container traffic\n- joint training\n\nKey results:\n\nThe first ships will call in May.\n"
    )
    body = extract_text(text, gazetteer).body
    assert "The agreement covers:" in body and "Key results:" in body


def test_menus_and_date_lines():
    assert is_menu("Politics | Economy | Society") and is_menu("Events   Structure   Videos and photos   Documents")
    assert is_date_line("Tuesday, 25, June, 2024") and is_date_line("28.11.2023 (Обновлено: 30.11.2023 09:12)")
    assert is_date_line("May 25, 2023, The Kremlin, Moscow") and not is_date_line("The forum opened on 5 June in Minsk with 300 guests.")
    assert is_date_line("7 March 2022 | 5 min read | By Ivan Petrov") and not is_date_line("By the end of 7 March 2022 the talks in Minsk had stalled")
    assert is_menu("No. 4 (2021) · Research · Grants · People") and not is_menu("Belarus · Russia talks end with a deal on gas prices for 2025")


def test_headline_below_a_header_date_not_the_masthead(gazetteer):
    doc = parse(
        "Ministry News Portal\nHome   About   News   Contacts\n12.03.2024\n\nTrade ministers meet in Astana\n\nThe ministers of trade met in Astana on 12 March to discuss tariffs.\n", gazetteer
    )
    assert doc.headline_text == "Trade ministers meet in Astana"


def test_headline_above_the_date_and_the_date_bar_with_headline(gazetteer):
    doc = parse("News /\n\nMeeting of the Eurasian Intergovernmental Council\n\nMay 25, 2023, Minsk\n\nThe meeting took place in the Palace of Independence and lasted long.\n", gazetteer)
    assert doc.headline_text == "Meeting of the Eurasian Intergovernmental Council"
    doc = parse("2012.05.07 | Grodno plant seeks an investor\n\nThe plant needs gas at an affordable price, the government said today.\n", gazetteer)
    assert doc.headline_text == "Grodno plant seeks an investor"


def test_no_headline_when_the_text_opens_with_a_dateline(gazetteer):
    doc = parse("MINSK, 3 March (BelTA) – Belarus and China signed a plan on trade in Minsk on 3 March.\n", gazetteer)
    assert doc.headline is None
    assert doc.dateline.city == "MINSK" and doc.dateline.agency == "BelTA" and doc.dateline.date.day == 3


@pytest.mark.parametrize(
    "line,city,agency",
    [
        ("МИНСК, 30 сентября. /ТАСС/. Главы правительств собрались на заседание.", "МИНСК", "ТАСС"),
        ("YEREVAN, APRIL 4, ARMENPRESS. The two sides signed a memorandum.", "YEREVAN", "ARMENPRESS"),
        ("BISHKEK, Kyrgyzstan, November 25. The bank will build schools, Trend reports.", "BISHKEK", None),
        ("Bishkek, June 14, 2019. / Kabar /. The summit has begun in a narrow format.", "Bishkek", "Kabar"),
        ("MOSCOW. KAZINFORM The meeting of the council will take place in spring.", "MOSCOW", "KAZINFORM"),
        ("(MENAFN- Trend News Agency) BISHKEK, Kyrgyzstan, October 12. Documents were signed.", "BISHKEK", "Trend"),
        ("NUR-SULTAN – The prime minister visited Kazan for talks.", "NUR-SULTAN", None),
        ("ALMATY. Oct 10 (Interfax-Kazakhstan) - The gas company signed a deal.", "ALMATY", None),
    ],
)
def test_datelines_of_every_agency(line, city, agency, gazetteer):
    doc = parse(line + "\n", gazetteer)
    assert doc.dateline is not None and doc.dateline.city == city
    if agency:
        assert doc.dateline.agency == agency
    assert doc.flow[doc.lede_start :].split()[0] in {"Главы", "The", "Documents"}


def test_a_dateline_on_a_line_of_its_own_with_the_agency_below_it(gazetteer):
    # Some captures print "CITY, Country, date" as a line, the agency's name on the next one.
    doc = parse("TASHKENT, Uzbekistan, Mar. 4\n\nKabar:\n\nThe two banks opened a joint office on Tuesday.\n", gazetteer)
    assert doc.dateline.city == "TASHKENT" and doc.dateline.date.day == 4 and doc.dateline.agency == "Kabar"
    assert doc.flow[doc.lede_start :].split()[0] == "The"
    assert [s.text.split()[0] for s in doc.first_sentences(2)] == ["The"]
    # A capital-letter line that is not a place with a date stays a headline.
    assert parse("FARMERS WIN\n\nThe two banks opened a joint office on Tuesday.\n", gazetteer).dateline is None


def test_a_long_capitalised_word_after_a_city_is_read_in_one_pass(gazetteer):
    # The dateline's filler can split a capitalised word in many ways; a line that is almost all
    # filler must not make the parser try them all (this line took minutes before).
    line = "MINSK, " + "ABCDEFGHIJ" * 4 + " and then the lede goes on\n"
    assert parse(line, gazetteer).dateline is None


def test_a_capitalised_lede_is_not_a_dateline(gazetteer):
    assert parse("JSC «RZD» and its partner signed an agreement on 27 November.\n", gazetteer).dateline is None
    assert parse("Lukashenka and Putin held routine talks, discussing security.\n", gazetteer).dateline is None


def test_tail_boilerplate_is_cut_and_captions_dropped(gazetteer):
    text = (
        "Heads of state met\n\nThe heads of state met in Dushanbe on Friday and adopted a declaration on security.\n"
        "Photo: press service\n\nThe next summit will be in Minsk.\n\nYou have been successfully subscribed\n"
        "Once a week we send our analytical commentaries on relevant issues to our readers everywhere.\nRead more\n"
    )
    doc = parse(text, gazetteer)
    body = " ".join(doc.flow[p.start : p.end] for p in doc.paragraphs)
    assert "next summit" in body and "Photo" not in body and "Once a week" not in body


def test_hard_wrapped_lines_are_joined_into_sentences(gazetteer):
    doc = parse("BISHKEK, Kyrgyzstan, October 12. A series of\nbilateral documents were signed in Bishkek\nby the two presidents.\n", gazetteer)
    assert [s.text for s in doc.sentences] == ["A series of bilateral documents were signed in Bishkek by the two presidents."]


@pytest.mark.parametrize(
    "sentence,title",
    [
        (
            "Belarus suggests advancing cooperation in electric transport to Germany, BelTA learned from the minister on 17 November.",
            "Belarus suggests advancing cooperation in electric transport to Germany",
        ),
        ("On 5 June, the EEC and the RCC signed a memorandum in Minsk.", "The EEC and the RCC signed a memorandum in Minsk"),
        (
            "The Eurasian Development Bank (EDB) and the National Railway Company signed a loan agreement for new rolling stock in Almaty on April 4.",
            "The Eurasian Development Bank and the National Railway Company signed a loan agreement",
        ),
    ],
)
def test_titles_made_from_the_lede(sentence, title):
    made = title_from_sentence(sentence, 16)
    assert made == title and len(made.split()) <= 16


def test_a_byline_with_a_slash_and_the_sites_name_are_not_headlines(gazetteer):
    doc = parse(
        "RFE/RL\nKazakhstan\nKazakh and Kyrgyz ministers agree on border trade rules\nMarch 13, 2025 14:05 GMT\n"
        "By RFE/RL's Kazakh Service\n\nALMATY -- The ministers agreed on new rules for border trade on March 13 in Almaty.\n",
        gazetteer,
    )
    assert doc.headline_text == "Kazakh and Kyrgyz ministers agree on border trade rules"
    doc = parse(
        "AKIpress\nNews\nKyrgyzstan and the bank sign a loan for irrigation canals\nAKIpress News Agency\n05 June 2023\n\n"
        "BISHKEK (AKIpress) - The bank will lend $100 million to Kyrgyzstan for irrigation canals in the Chui region.\n",
        gazetteer,
    )
    assert doc.headline_text == "Kyrgyzstan and the bank sign a loan for irrigation canals"


def test_an_agency_after_the_datelines_dash_belongs_to_the_dateline(gazetteer):
    doc = parse("МИНСК, 18 мар — Sputnik. Завод заключил контракт на поставку тракторов в Узбекистан.\n", gazetteer)
    assert doc.dateline.agency == "Sputnik" and doc.flow[doc.lede_start :].lstrip().startswith("Завод")


def test_a_digests_list_of_contents_is_not_the_headline(gazetteer):
    doc = parse(
        "Weekly Steppe Brief\nIssue 12 | March 4-10, 2024\n\nTHIS WEEK\n1. Ministers approve a customs roadmap\n"
        "2. A new rail link opens\n\nMinisters approve a customs roadmap\n\nThe council approved a roadmap for customs "
        "procedures at its meeting in Yerevan on March 6.\n",
        gazetteer,
    )
    assert doc.headline_text == "Ministers approve a customs roadmap"


def test_a_digests_other_news_and_read_also_links_end_the_story(gazetteer):
    for marker in ("Other news of the week", "Also read: Uzbekistan to build a new railway", "Другие новости недели"):
        text = (
            f"Gas deal signed\n\nThe companies signed a gas transit agreement in Astana on Tuesday after long talks.\n\n{marker}\n\nArmenia: the government approved a program for the Lori region.\n"
        )
        doc = parse(text, gazetteer)
        body = " ".join(doc.flow[p.start : p.end] for p in doc.paragraphs)
        assert "gas transit" in body and "Lori" not in body, marker


@pytest.mark.parametrize(
    "typed,meant",
    [
        ("заседание Cовета министров", "заседание Совета министров"),  # a Latin C in a Russian word
        ("talks in Кazakhstan", "talks in Kazakhstan"),  # a Cyrillic К in an English word
        ("новости Москваyandex", "новости Москваyandex"),  # 'n', 'd' have no Cyrillic twin: glued words, left
        ("IT-компания и CoвETa", "IT-компания и CoвETa"),  # scripts apart, or no twin for 'в': left
        ("в ХXI веке", "в XXI веке"),  # a Roman numeral with a Cyrillic Х
        ("Қазaқстан", "Қазақстан"),  # Kazakh letters stay; the Latin a does not
        ("выброс СO2", "выброс СO2"),  # one letter of each: no majority, left as written
        ("Кiев", "Кiев"),  # a Latin i has no twin: left
    ],
)
def test_a_word_typed_in_two_scripts_is_read_in_one(typed, meant):
    from briefing.extract.text import unmix_scripts

    assert unmix_scripts(typed) == meant and len(unmix_scripts(typed)) == len(typed)


def test_an_organization_typed_with_a_latin_letter_is_found(gazetteer):
    text = "Министры встретились\n\nВ Минске 3 марта прошло заседание {}овета министров иностранных дел СНГ.\n"
    clean = extract_text(text.format("С"), gazetteer).organizations
    typo = extract_text(text.format("C"), gazetteer)
    assert clean and typo.organizations == clean
    assert "заседание Cовета" in typo.body and "заседание Cовета" in typo.summary  # the page shows the source's letters


def test_a_dateline_and_a_headline_typed_with_latin_letters_are_read(gazetteer):
    text = "Министры встретились в Kазани\n\nMИНСК, 3 марта 2021 года. Министры обсудили торговлю и транспорт.\n"
    r = extract_text(text, gazetteer)
    assert {"Kazan", "Minsk"} <= {c.value for c in r.candidates["location"]}  # the headline's place, the dateline's city
    assert r.date.isoformat() == "2021-03-03" and r.summary == "Министры обсудили торговлю и транспорт."  # the dateline read as one
    assert r.title == "Министры встретились в Kазани"  # as written
