"""Dates: the grammar of mentions, the event date among distractors, and the year."""

import datetime as dt

import pytest

from briefing.extract.dates import find_mentions, latest_on_or_before
from tests.conftest import TODAY, extract_text


@pytest.mark.parametrize(
    "text,expected",
    [
        ("on 5 June", (6, 5, None)),
        ("June 5th", (6, 5, None)),
        ("APRIL 4, ARMENPRESS", (4, 4, None)),
        ("15th February, 2022", (2, 15, 2022)),
        ("Tuesday, 25, June, 2024", (6, 25, 2024)),
        ("28.11.2023", (11, 28, 2023)),
        ("2012.05.07 |", (5, 7, 2012)),
        ("30 сентября", (9, 30, None)),
        ("27 мая", (5, 27, None)),
        ("12 Oct 2018", (10, 12, 2018)),
        ("26/03/2025", (3, 26, 2025)),
        ("3/14/2023 9:05:11 PM", (3, 14, 2023)),  # day first is impossible: month first
    ],
)
def test_mentions(text, expected):
    (m,) = find_mentions(text)
    assert (m.month, m.day, m.year) == expected


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("February 24-25, 2022", "2022-02-24", "2022-02-25"),
        ("1 — 2 ноября 2019 года", "2019-11-01", "2019-11-02"),
        ("February 13 – February 19, 2023", "2023-02-13", "2023-02-19"),
        ("30 January - 2 February 2024", "2024-01-30", "2024-02-02"),
    ],
)
def test_ranges(text, start, end):
    (m,) = find_mentions(text)
    assert m.as_date(m.end_year).isoformat() == start and m.end_date().isoformat() == end


def test_impossible_days_and_the_modal_may_are_not_dates():
    assert find_mentions("31 February") == [] and find_mentions("we may 5 times") == []


def test_latest_such_date_not_after_today():
    assert latest_on_or_before(11, 17, dt.date(2026, 11, 22)) == dt.date(2026, 11, 17)
    assert latest_on_or_before(12, 1, dt.date(2026, 11, 22)) == dt.date(2025, 12, 1)
    assert latest_on_or_before(2, 29, dt.date(2026, 11, 22)) == dt.date(2024, 2, 29)


def date_of(text, gaz):
    r = extract_text(text, gaz)
    return r.date.isoformat(), r.date_note


def test_dateline_date_with_the_year_assumed(gazetteer):
    assert date_of("MINSK, 17 November (BelTA) – Belarus and Germany discussed trade.\n", gazetteer) == ("2026-11-17", "year assumed")


def test_year_from_the_same_sentence(gazetteer):
    text = "Memorandum signed\n\nThe parties met. The ceremony was held on June 5 at the Digital Forum TIBO 2024 in Minsk.\n"
    assert date_of(text, gazetteer) == ("2024-06-05", None)


def test_year_inferred_from_another_date_in_the_text(gazetteer):
    text = "Two banks sign an accord\n\nThe accord was signed on 14 November in Almaty. The banks had agreed its terms on 2 October 2018, after a year of talks that began in March 2017.\n"
    assert date_of(text, gazetteer) == ("2018-11-14", "year inferred")


def test_future_dates_are_not_the_event(gazetteer):
    text = (
        "Trade ministers will gather in Osh on 10 April\n\nMOSCOW. KAZINFORM The ministers' council will meet in Osh on 10 April, "
        "a deputy minister said after he talked with a commission member in Moscow on 6 March.\n"
    )
    assert date_of(text, gazetteer)[0].endswith("-03-06")


def test_a_date_that_was_due_is_not_the_event(gazetteer):
    # A meeting that "was due" or "was expected" on a day is what was planned, not what happened.
    text = "OSH. May 3 (Kabar) - A session of the customs council that was due on May 9 has been put off until autumn, the ministry said on Friday.\n"
    assert date_of(text, gazetteer)[0].endswith("-05-03")


def test_a_russian_date_that_is_scheduled_is_not_the_event(gazetteer):
    text = "Совет\n\nБИШКЕК. 3 марта. INTERFAX.RU - Стороны согласовали дату сессии таможенного совета, она запланирована на 9-10 мая 2026 года, сообщил министр.\n"
    assert date_of(text, gazetteer)[0].endswith("-03-03")


def test_an_updated_date_is_not_the_event(gazetteer):
    text = "28.11.2023 (Обновлено: 30.11.2023 09:12)\n\nEEC and business council agreed to work together\n\nNew measures to support industry topped the agenda of the meeting in St. Petersburg.\n"
    assert date_of(text, gazetteer) == ("2023-11-28", None)


def test_a_site_date_bar_loses_to_the_event_date_in_the_story(gazetteer):
    text = "Tuesday, 25, June, 2024\n\nOn April 25, the governor of the region welcomed a trade mission from Kazan in Samarkand.\n"
    assert date_of(text, gazetteer)[0].endswith("-04-25")


def test_a_background_date_in_the_lede_loses_to_the_date_printed_above(gazetteer):
    page = "Ministers back the corridor plan\n\n19 October 2021\n\nThe transport ministers backed the corridor plan, the ministry said. A journal published the plan's first draft on October 3.\n"
    assert date_of(page, gazetteer)[0] == "2021-10-19"
    # An event told in the lede a few days before the printed date is the event.
    event = page.replace("published the plan's first draft on October 3", "signed the plan's first draft on October 17")
    assert date_of(event, gazetteer)[0] == "2021-10-17"


def test_reporting_period_and_event_inside_it(gazetteer):
    r = extract_text("by\nFebruary 13 – February 19, 2023\n\nTalks in the residence\n\nOn February 17th, the presidents held talks in Novo-Ogaryovo.\n", gazetteer)
    assert r.date == dt.date(2023, 2, 17) and r.period == (dt.date(2023, 2, 13), dt.date(2023, 2, 19))


def test_event_reported_the_day_after_the_dateline(gazetteer):
    text = "ALMATY. Oct 10 (Interfax-Kazakhstan) - The companies announced a transit deal. The document was signed in St. Petersburg on 9 October at a gas forum.\n"
    assert date_of(text, gazetteer)[0].endswith("-10-09")


def test_a_text_without_any_date(gazetteer):
    assert date_of("Cooperation grows\n\nBelarus and Russia keep expanding their cooperation in industry.\n", gazetteer) == (TODAY.isoformat(), "no date in source")


def test_russian_month_names_in_any_case(gazetteer):
    assert date_of("Бухара (Агентство) -- 1 — 2 ноября 2019 года в городе Бухаре прошла ярмарка ремёсел.\n", gazetteer) == ("2019-11-01", None)


# (date, date_note) of composed texts: where the year and the event's day come from.
DATES = [
    pytest.param(
        "Business Wire Digest\n3/14/2023 9:05:11 PM\n\nGrain terminal opens in Aktau\n\nAKTAU, Kazakhstan, March 14. A new grain terminal opened in the port on Tuesday.\n",
        ("2023-03-14", None),
        id="year from a numeric date above the story",
    ),
    pytest.param(
        "© 2009 Steppe Science Monthly\n\nRectors meet in Bukhara\n\nThirty rectors met at the university in Bukhara on 12 April to plan joint degrees.\n",
        ("2026-04-12", "year assumed"),
        id="a copyright year is not the year",
    ),
    pytest.param(
        "ТАШКЕНТ, 12 июля. /ТАСС/. Компании подписали соглашение о строительстве станции. Первый бетон планируется залить в 2025 году.\n",
        ("2024-07-12", "year inferred"),
        id="a year in a clause about the future",
    ),
    pytest.param(
        "Новости\nТокаев провел телефонный разговор с Путиным\n17 ноября 2023 18:40\n\n"
        "Президент Казахстана провел телефонный разговор с Президентом России. Главы государств обсудили итоги "
        "государственного визита в Казахстан, состоявшегося 9 ноября.\n",
        ("2023-11-17", None),
        id="the results of an earlier visit",
    ),
    pytest.param(
        "MINSK, 4 July (BelTA) – The council approved the budget of the Union State for 2025 at its session in Minsk on 3 July.\n", ("2024-07-03", "year inferred"), id="a budget year is a target"
    ),
    pytest.param("MINSK, 4 July (BelTA) – The council adopted the budget at its session in Minsk on 3 July.\n", ("2026-07-03", "year assumed"), id="a body adopting something on a date"),
    pytest.param("MINSK, 4 July (BelTA) – The plan follows the programme dated 29 May and the council's decision.\n", ("2026-07-04", "year assumed"), id="a document dated a date is background"),
    pytest.param("Бишкек, 14 марта 2024. / Кабар /. Президент сегодня, 14 марта, принял делегацию банка.\n", ("2024-03-14", None), id="the dateline's year dates the first sentence"),
    pytest.param("Bishkek, January 5, 2024. / Kabar /. The agreement was signed on December 28 in Osh.\n", ("2023-12-28", None), id="the dateline's year for a day in the previous December"),
    pytest.param("Итоги\n\nПо итогам переговоров, состоявшихся 14 марта в Минске, стороны подписали соглашение.\n", ("2026-03-14", "year assumed"), id="by the results of talks held on a date"),
    pytest.param("Talks\n\nThe sides discussed the outcomes of cooperation at the meeting on 14 March in Minsk.\n", ("2026-03-14", "year assumed"), id="discussing results at a meeting on a date"),
    pytest.param("Loan\n\nThe Eurasian Development Bank, founded on 12 June 2006, approved a loan.\n", (TODAY.isoformat(), "no date in source"), id="a founding date is background"),
    pytest.param(
        "Expo 2017 Legacy Portal\n\nRectors meet\n\nThirty rectors met at the university in Bukhara on 12 April.\n", ("2026-04-12", "year assumed"), id="a year in a site's name is not the story's"
    ),
    pytest.param("Council\n\nA new business council was established on 14 November in Tashkent.\n", ("2026-11-14", "year assumed"), id="a body established on a date is the event"),
    pytest.param("Итоги\n\nСтороны обсудили итоги сотрудничества на встрече, прошедшей 14 марта в Минске.\n", ("2026-03-14", "year assumed"), id="discussing results at a meeting held on a date"),
    pytest.param(
        "Новости\n12 ноября 2023\n\nГлавы государств обсудили по телефону итоги визита, состоявшегося в Минске 9 ноября.\n", ("2023-11-12", None), id="the results of a visit held in a city on a date"
    ),
    pytest.param(
        "News\n12 November 2023\n\nThe leaders discussed by phone the results of the talks held in Astana on 9 November.\n", ("2023-11-12", None), id="the results of talks held in a city on a date"
    ),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_dates(text, expected, gazetteer):
    assert date_of(text, gazetteer) == expected


def test_a_header_date_with_reading_time_and_byline_dates_a_story_without_dates(gazetteer):
    text = (
        "Opinion\nWill the corridor keep its cargo next winter?\n7 March 2022 | 5 min read | By Ivan Petrov\n\nFerries on the Caspian are full and the ports are close to their limits, shippers say.\n"
    )
    r = extract_text(text, gazetteer)
    assert (r.date.isoformat(), r.date_note, r.title) == ("2022-03-07", None, "Will the corridor keep its cargo next winter?")


def test_year_from_an_issue_line_above_the_story_when_the_text_has_none(gazetteer):
    text = "Steppe Science Monthly\nNo. 4 (2021) · Research · Grants · People\n\nRectors meet in Bukhara\n\nThirty rectors met at the university in Bukhara on 12–13 April to plan joint degrees.\n"
    r = extract_text(text, gazetteer)
    assert (r.date.isoformat(), r.date_note, r.title) == ("2021-04-12", None, "Rectors meet in Bukhara")


def test_event_date_and_place_together(gazetteer):
    text = "Checkpoint\n\nBishkek, September 6, 2023. / Kabar /. Kyrgyzstan and Tajikistan agreed to open a new checkpoint. The agreement was reached during talks in Osh on September 5.\n"
    r = extract_text(text, gazetteer)
    assert (r.date.isoformat(), r.location) == ("2023-09-05", "Osh")  # talks the day before the dateline's date
    text = "News\n17.10.2023\n\nA free trade agreement signed\n\nThe agreement was signed in Saint Petersburg on December 25, 2023, after long talks.\n"
    r = extract_text(text, gazetteer)
    assert (r.date.isoformat(), r.location) == ("2023-12-25", "Saint Petersburg")  # 'was signed in <city> on <date>'


def _year_evidence(text, gaz):
    """year -> the names of its evidence."""
    return {c.value: set(c.features) for c in extract_text(text, gaz).candidates["year"]}


_FIGURES_LEDE = "Ministers meet\n\nThe ministers met on 12 May in Osh. "


@pytest.mark.parametrize(
    "sentence,kind",
    [
        ("In 2022, trade between the two countries grew by 9 percent to $1.2 billion.", "whole"),
        ("В 2022 г. товарооборот вырос на 9%.", "whole"),  # "г." does not end the sentence
        ("2022 was a record year: exports rose to 3.4 billion dollars.", "whole"),
        ("In the first nine months of 2022, trade grew by 9%.", "part"),
        ("In March 2022, exports grew by 9 percent.", "part"),
        ("In Q3 2022 trade rose 5%.", "part"),
        ("В январе–сентябре 2022 года товарооборот вырос на 9%.", "part"),
        ("По итогам января-сентября 2022 года товарооборот вырос на 9%.", "part"),
        ("In 2022 they signed a free trade agreement.", None),  # a topic word, no amount
        ("Trade grew 9%. In 2022 they met again.", None),  # the amount is another sentence's
    ],
)
def test_a_whole_years_figures_are_told_after_that_year(gazetteer, sentence, kind):
    # "In 2022 trade grew by 9%": a story that sums up a year is written after it ends; the
    # figures of a part of it say nothing of the kind (the year was not over).
    ev = _year_evidence(_FIGURES_LEDE + sentence + "\n", gazetteer)
    marked = {year for year, names in ev.items() if any("year_of_figures" in n for n in names)}
    if kind == "whole":
        assert "latest_year_of_figures" in ev[2022] and "after_year_of_figures" in ev[2023] and marked == {2022, 2023}
    else:
        assert marked == set()
        assert "story_latest" in ev[2022]  # the year is still a year the story tells of


def test_a_part_of_a_year_outweighs_its_whole_years_figures(gazetteer):
    text = _FIGURES_LEDE + "In 2022 trade grew by 9%. In the first half of 2022 exports rose by 4 percent.\n"
    assert not any("year_of_figures" in n for names in _year_evidence(text, gazetteer).values() for n in names)


@pytest.mark.parametrize(
    "sentence,year",
    [
        ("They met to mark the 20th anniversary of the Shanghai Cooperation Organisation.", 2021),
        ("The summit marked the thirtieth anniversary of the establishment of the CIS.", 2021),
        ("The twenty first anniversary of the SCO was marked in Osh.", 2022),
        ("Отметили 30-летие со дня образования СНГ.", 2021),
        ("В 30-ю годовщину создания СНГ министры встретились.", 2021),
        ("They marked the 20-th anniversary of the SCO in Osh.", 2021),
        ("Встреча приурочена к 20-летнему юбилею «ОДКБ».", 2022),
        ("On the eve of the CSTO's 20th anniversary, the ministers met.", 2022),
        ("Министры отметили 25-летие создания СНГ.", 2016),
        ("Встреча была приурочена к 20-летию подписания договора о создании Союзного государства.", 2019),
    ],
)
def test_an_anniversary_of_a_body_founded_in_a_known_year_dates_the_story(gazetteer, sentence, year):
    # data/entities.yaml gives the founding years (SCO 2001, CIS 1991, CSTO 2002, Union State 1999).
    ev = _year_evidence(_FIGURES_LEDE + sentence + "\n", gazetteer)
    assert {y for y, names in ev.items() if "anniversary" in names} == {year}
    assert extract_text(_FIGURES_LEDE + sentence + "\n", gazetteer).date == dt.date(year, 5, 12)


@pytest.mark.parametrize(
    "sentence",
    [
        "They marked the 30th anniversary of diplomatic relations.",  # no known body
        "They marked the 20th anniversary. The Shanghai Cooperation Organisation sent greetings.",  # another sentence
        "The CIS has 9 members and 20 years of shared statistics.",  # no anniversary
        "Marking the 10th anniversary of the flood, CSTO chiefs met.",  # another thing's anniversary
        "The company's 5th anniversary was marked by CIS officials.",
        "On the May 9 anniversary, CIS leaders laid wreaths.",  # a day of the month, not a count
        "The SCO 5th anniversary of the ministers' council.",  # neither "of the SCO" nor "the SCO's"
        "Page 2 anniversary of the CIS.",
        "The 10th anniversary CIS summit opened.",  # the summit's tenth, not the CIS's
        "They marked the 10th anniversary of the CSTO summit in Dushanbe.",  # the summit's, again
        "The 30th anniversary of the CIS Charter was marked.",
    ],
)
def test_an_anniversary_needs_a_known_body_in_its_sentence(gazetteer, sentence):
    ev = _year_evidence(_FIGURES_LEDE + sentence + "\n", gazetteer)
    assert not any("anniversary" in names for names in ev.values())


def test_ordinal_words():
    from briefing.extract.anniversary import ORDINAL_WORDS

    assert (ORDINAL_WORDS["first"], ORDINAL_WORDS["twelfth"], ORDINAL_WORDS["twentieth"], ORDINAL_WORDS["twenty-fifth"], ORDINAL_WORDS["ninety-ninth"]) == (1, 12, 20, 25, 99)
