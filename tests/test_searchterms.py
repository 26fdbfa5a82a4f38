"""The words an article page offers the search index for the names it carries (searchterms.py)."""

from __future__ import annotations

from briefing.searchterms import _lookup_forms, record_terms


def test_a_cyrillic_name_brings_its_case_forms_and_no_other_forms_of_the_word():
    record = record_terms(("Справедливая Россия",)).split()
    assert {"справедливой", "справедливую", "россии", "россией"} <= set(record)
    # comparatives, superlatives, short forms and plurals are no name's forms
    assert not {"справедливее", "справедливейшая", "справедлив", "россий"} & set(record)


def test_an_adjective_keeps_its_gender_and_a_noun_its_number():
    assert set(_lookup_forms("Евразийский")) == {"евразийский", "евразийского", "евразийскому", "евразийским", "евразийском"}
    assert "минске" in _lookup_forms("Минск") and "минсками" not in _lookup_forms("Минск")


def test_a_word_no_noun_or_adjective_reading_fits_brings_nothing_more():
    assert _lookup_forms("МОК") == ()  # an acronym read as a verb: its tenses are not the name's forms
    assert record_terms(("МОК",)) == "МОК"


def test_each_word_of_the_record_comes_once_whatever_its_case_or_quotes():
    record = record_terms(("Grain Union", "Union of Grain Traders", "«Зерновой союз»", "Зерновой союз")).split()
    assert record.count("Union") == 1 and "union" not in record and record.count("Grain") == 1
    assert sum(w.strip("«»").casefold() == "зерновой" for w in record) == 1
    assert record.index("Grain") < record.index("Union") < record.index("Traders")  # order kept
