"""Location: the place of the reported event, not every place mentioned."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.extract import dates
from briefing.extract.entities import patterns
from tests.conftest import extract_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize(
    "text,place",
    [
        ("MINSK, 17 November (BelTA) – Belarus suggests cooperation to Germany, the minister said.\n", "Minsk"),
        ("YEREVAN, APRIL 4, ARMENPRESS. The commission and the broadcaster signed a memorandum in Moscow on April 4.\n", "Moscow"),
        ("Summit held\n\nThe meeting of the council took place at the Grand Kremlin Palace on Thursday.\n", "Moscow"),
        ("Talks\n\nOn February 17th, the president held talks with his counterpart at the latter’s residence in Novo-Ogaryovo.\n", "Novo-Ogaryovo"),
        ("NUR-SULTAN – The prime minister visited Kazan where he held talks, his press service reported on April 28.\n", "Kazan"),
        ("МИНСК, 30 сентября. /ТАСС/. Главы правительств собрались на заседание в узком составе.\n", "Minsk"),
        ("Заседание\n\nВчера в Минске состоялась встреча двух президентов.\n", "Minsk"),
        ("Встреча\n\nВчера в Оше прошла встреча губернаторов.\n", "Osh"),  # a two-letter name in Cyrillic
        ("Meeting\n\nThe ceremony was held at the railway station in Almaty on Monday.\n", "Almaty"),
        ("Встреча\n\nВстреча прошла на заводе в Минске 5 марта.\n", "Minsk"),
        ("Meeting\n\nThe Ministry of Construction of Uzbekistan held a meeting in Tashkent on Monday.\n", "Tashkent"),
        ("Совещание\n\nМинистерство строительства и ЖКХ провело совещание в Минске.\n", "Minsk"),
        ("Plant\n\nThe sides agreed on the construction of a new plant in Jizzakh. The deal was signed in Tashkent on 5 May 2024.\n", "Tashkent"),
        ("Meeting\n\nOn February 24-25, 2022, a regular meeting of the council was held in Kazakhstan.\n", "Kazakhstan"),
        ("Forum\n\nThe business council met in St. Petersburg to discuss new industrial projects.\n", "Saint Petersburg"),
        ("BISHKEK, 3 May (Kabar) – Kyrgyzstan and Tatarstan agreed to build buses at a joint venture in Kazan. The agreement was reached at a meeting in Bishkek.\n", "Bishkek"),
        ("Hub opens\n\nLogistics companies opened a container hub in Khorgos – Eastern Gate on Tuesday.\n", "Khorgos"),
        ("ТЭЦ\n\nСтороны подписали соглашение о строительстве трех теплоэлектроцентралей в Кокшетау. Документ подписали в Москве 29 июля 2024 года.\n", "Moscow"),
    ],
)
def test_event_location(text, place, gazetteer):
    assert extract_text(text, gazetteer).location == place


def test_a_videoconference_happens_nowhere_in_particular(gazetteer):
    text = "ASTANA. KAZINFORM – The two presidents held talks via videoconference on Monday, the press secretary said.\n"
    assert extract_text(text, gazetteer).location is None
    # told in the second sentence, after a first one that says what was discussed
    second = "Trade on the agenda\n\nThe leaders discussed grain exports and rail tariffs. They spoke by telephone on Friday. Exporters in Tashkent welcomed the news.\n"
    assert extract_text(second, gazetteer).location is None
    # a place printed with the date says where the host sat
    header = "Council session\n\nMarch 4, 2021, Novo-Ogaryovo\n\nThe president chaired a session of the council via videoconference.\n"
    assert extract_text(header, gazetteer).location == "Novo-Ogaryovo"


def test_a_place_in_a_clause_about_the_future_is_never_the_location(gazetteer):
    text = "BISHKEK (Kabar – 15 February) The council will convene in May, perhaps in Cholpon-Ata, the chairman told reporters.\n"
    assert extract_text(text, gazetteer).location == "Bishkek"


# --- the evidence each finder gives (what the learnt weights are applied to) --------------------------


def _evidence(text, gazetteer):
    """place name -> the union of the evidence of its mentions."""
    from briefing.extract.document import Document
    from briefing.extract.location import location_candidates

    doc = Document.parse(text, gazetteer.is_dateline_place)
    found = {}
    for c in location_candidates(doc, gazetteer, None, [], []):
        found.setdefault(c.value, set()).update(k for k, v in c.features.items() if v)
    return found


def test_evidence_of_the_dateline_the_cue_and_the_position(gazetteer):
    ev = _evidence("OSH, 3 May (Kabar) – The ministers met in Jalal-Abad on Friday. Trade with Kazakhstan grew.\n", gazetteer)
    assert {"src:dateline", "level:city"} <= ev["Osh"]
    assert {"cue:in", "sent:0", "level:city"} <= ev["Jalal-Abad"]
    assert {"cue:with", "sent:1", "level:country"} <= ev["Kazakhstan"]


def test_evidence_of_a_future_clause_and_of_a_site(gazetteer):
    ev = _evidence("Plans\n\nThe partners will open an office in Termez. They run a joint venture in Samarkand.\n", gazetteer)
    assert "future" in ev["Termez"]
    assert "site_of" in ev["Samarkand"]


def test_evidence_of_a_place_printed_with_a_date_and_of_russian_cues(gazetteer):
    ev = _evidence("12 марта, Гродно / Агентство /\n\nВчера в Витебске прошла ярмарка.\n", gazetteer)
    assert "src:header" in ev["Grodno"]
    assert "cue:в" in ev["Vitebsk"]


def test_a_given_name_is_not_a_town(gazetteer):
    from briefing.extract.document import Document
    from briefing.extract.location import location_candidates

    text = "Talks\n\nVladimir Orlov met the delegation.\n"
    doc = Document.parse(text, gazetteer.is_place)
    start = text.index("Vladimir")
    assert location_candidates(doc, gazetteer, None, [], [(start, start + len("Vladimir Orlov"))]) == []


# --- patterns with a first-letter look-ahead ---------------------------------------------------------

_GUARDED = [dates._FUTURE, patterns.TITLE_RE, patterns.HEAD_RE]
# Text with every word of the patterns (both cases, and the letters re.I folds: İ ı ſ K), at and off
# word starts.
_WORDS = re.findall(r"[A-Za-zа-яё]+", " ".join(p.pattern for p in _GUARDED))
_ALPHABET = "".join(sorted(set("".join(_WORDS) + "".join(_WORDS).upper() + "İıſK ,.-_1'’\n")))


def _unguarded(rx: re.Pattern) -> re.Pattern:
    plain = re.sub(r"^\(\?=\[[^\]]+\]\)", "", rx.pattern)
    assert plain != rx.pattern
    return re.compile(plain, rx.flags)


def _spans(rx: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize("rx", _GUARDED, ids=lambda rx: rx.pattern[:24])
def test_a_first_letter_look_ahead_keeps_every_match(rx):
    """The look-ahead only lets the engine skip places where no match can begin: on every word of
    the patterns (as written, capitalised, in capitals, glued to other words) and on the sample
    texts, the guarded pattern matches exactly where the plain one does."""
    plain = _unguarded(rx)
    words = " ".join(w for word in _WORDS for w in (word, word.capitalize(), word.upper(), "x" + word, word + "s"))
    texts = [words, words.replace(" ", "\n"), *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))]
    for text in texts:
        assert _spans(rx, text) == _spans(plain, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(_ALPHABET, max_size=6), max_size=12))
def test_a_first_letter_look_ahead_keeps_every_match_on_random_text(parts):
    text = " ".join(parts)
    for rx in _GUARDED:
        assert _spans(rx, text) == _spans(_unguarded(rx), text)


def test_a_place_named_twice_gathers_the_share_of_both_mentions():
    # The choice model is trained so that any mention of the right place counts: the place with the
    # largest summed share wins, even when another place has the single strongest mention.
    from briefing.extract.model import Finding
    from briefing.extract.scorer import Candidate, LinearModel, choose_among

    model = LinearModel({"strong": 1.0, "weak": 0.6})

    def cand(value, feature):
        return Candidate(value, {feature: 1.0}, Finding(value, "test"))

    once, twice = cand("Alpha", "strong"), [cand("Beta", "weak"), cand("Beta", "weak")]
    best = choose_among([once, *twice, cand(None, "none")], model)
    assert best is not None and best.value == "Beta"
    assert once.score > twice[0].score  # the single mention is the strongest one
    assert choose_among([cand("Alpha", "strong"), cand(None, "strong"), cand(None, "strong")], model) is None


def test_a_far_off_towns_name_inside_a_bodys_name_is_no_place(gazetteer):
    # "Commonwealth" and "Duma" are also names of towns far from the region: inside a body's name
    # they name no place; a town of the region inside a name still may.
    text = "Session\n\nDeputies of the State Duma and of the Commonwealth of Independent States discussed trade.\n"
    result = extract_text(text, gazetteer)
    assert result.location is None
    assert not any(c.value in ("Dūmā", "Commonwealth") for c in result.candidates["location"])
    minsk = "Session\n\nThe Minsk City Executive Committee discussed trade.\n"
    assert any(c.value == "Minsk" for c in extract_text(minsk, gazetteer).candidates["location"])


def test_evidence_of_a_visit_and_of_the_host(gazetteer):
    # The one who receives is at home: the country of the first sentence's subject is evidence,
    # for every mention of that country; so is a place someone travels to.
    ev = _evidence("Talks\n\nThe Kyrgyz Prime Minister received a delegation from Armenia on Monday. The guests arrived in Bishkek by train.\n", gazetteer)
    assert "src:host" in ev["Kyrgyzstan"]
    assert "src:host" not in ev["Armenia"]
    assert "destination" in ev["Bishkek"]
    ev = _evidence("Визит\n\nМинистр начал официальный визит в Таджикистан. Переговоры в Таджикистане продлятся два дня.\n", gazetteer)
    assert {"destination", "place:destination", "country_visited"} <= ev["Tajikistan"]
    assert "country_visited" not in _evidence("Talks\n\nThe minister spoke about Tajikistan in Minsk.\n", gazetteer)["Tajikistan"]
    visit = _evidence("Talks\n\nThe minister began a visit to Minsk on Monday.\n", gazetteer)["Minsk"]
    assert "place:destination" in visit and "country_visited" not in visit  # a city visited is a city


def test_a_body_named_as_a_building_stands_for_its_seat(gazetteer):
    # "at the CSTO Secretariat", "X hosted": the body's seat city (data file) is a candidate;
    # a body named as a party to something is not.
    text = "Meeting\n\nThe deputy ministers met at the CSTO Secretariat on Tuesday.\n"
    result = extract_text(text, gazetteer)
    seats = [c for c in result.candidates["location"] if "src:seat" in c.features]
    assert [c.value for c in seats] == ["Moscow"] and "seat_cue:at" in seats[0].features
    hosted = extract_text("Meeting\n\nThe CSTO Joint Staff hosted a workshop for signal officers.\n", gazetteer)
    assert any("seat_cue:hosts" in c.features for c in hosted.candidates["location"])
    party = extract_text("Statement\n\nA decision of the CSTO Secretariat was welcomed by experts.\n", gazetteer)
    assert not any("src:seat" in c.features for c in party.candidates["location"])
