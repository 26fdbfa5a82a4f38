"""Tags: the vocabulary's tags whose keywords a story uses most (data/tags.yaml)."""

from tests.conftest import extract_text


def test_tags_from_keywords_in_english_and_russian(gazetteer):
    r = extract_text("Grain terminal opens\n\nThe railway will carry grain and containers through the new logistics hub to the port.\n", gazetteer)
    assert r.tags == ["agriculture", "transport"]  # "grain" in the headline counts three times
    r = extract_text("Соглашение об АЭС\n\nСтороны подписали контракт на строительство атомной электростанции малой мощности.\n", gazetteer)
    assert r.tags == ["energy"]


def test_one_keyword_in_the_body_is_not_enough_but_the_headline_counts_three_times(gazetteer):
    assert extract_text("Ministers meet\n\nThe ministers also discussed energy on Monday.\n", gazetteer).tags == []
    assert extract_text("Energy ministers meet\n\nThe ministers met on Monday.\n", gazetteer).tags == ["energy"]


def test_russian_phrases_as_keywords(gazetteer):
    assert extract_text("Климат\n\nИзменение климата обсудили министры. Изменение климата угрожает региону.\n", gazetteer).tags == ["environment"]
    # "инвестиционный климат" is not the environment
    assert extract_text("Инвесторы\n\nИнвестиционный климат улучшился, заявил министр.\n", gazetteer).tags == []
