"""Organizations, people and countries from short composed sentences, with canonical names."""

import pytest

from tests.conftest import extract_text


def ents(text, gaz):
    """What the finders and the merger propose (organizations and people before the scorer keeps
    some of them; countries are not scored)."""
    r = extract_text(text, gaz)
    return [c.value for c in r.candidates["organizations"]], [c.value for c in r.candidates["people"]], r.countries


def test_acronym_definition_gives_one_entity(gazetteer):
    orgs, _, _ = ents("Deal signed\n\nThe Northern Grain Fund (NGF) signed a deal. Later the NGF said it was pleased.\n", gazetteer)
    assert orgs == ["Northern Grain Fund"]


def test_known_body_by_acronym_and_full_name_is_one(gazetteer):
    orgs, _, _ = ents("Memorandum\n\nThe Eurasian Economic Commission signed a memorandum. The EEC will report on it in May.\n", gazetteer)
    assert orgs == ["Eurasian Economic Commission"]


def test_legal_forms_are_not_part_of_the_name(gazetteer):
    text = "Companies\n\nThe contract was signed by Planar, OJSC (Belarus), JSC «Kazakhstan Grain Logistics» and OJSC Grodno Azot.\n"
    orgs, _, _ = ents(text, gazetteer)
    assert {"Planar", "Kazakhstan Grain Logistics", "Grodno Azot"} <= set(orgs)


def test_head_word_phrases_and_lists(gazetteer):
    text = (
        "Agreements\n\nA protocol was signed between the Ministry of Culture and Tourism of Tajikistan and Kazan Federal University. "
        "The Ministry of Energy of Armenia and the Ministry of Energy of Georgia signed a programme, and the Committee on "
        "Transport, Energy, and Roads of the Parliament approved it.\n"
    )
    orgs, _, _ = ents(text, gazetteer)
    assert {"Kazan Federal University", "Ministry of Energy of Armenia", "Ministry of Energy of Georgia"} <= set(orgs)
    assert any(o.startswith("Ministry of Culture and Tourism") for o in orgs)
    assert "Committee on Transport, Energy, and Roads of the Parliament" in orgs


def test_news_agency_as_source_is_not_an_organization_but_an_actor_is(gazetteer):
    r = extract_text("MINSK, 2 May (BelTA) – The minister said so, BelTA has learned.\n", gazetteer)
    assert r.organizations == [] and r.agency == "BelTA"
    orgs, _, _ = ents("Memorandum\n\nThe Interstate Television and Radio Company MIR signed a memorandum with the EEC.\n", gazetteer)
    assert "Interstate Television and Radio Company MIR" in orgs


def test_ministry_only_in_a_job_title_is_not_listed(gazetteer):
    orgs, people, countries = ents("Visit\n\nDeputy Minister of Industry and Trade of the Russian Federation Vasily Shpak visited the plant.\n", gazetteer)
    assert orgs == [] and people == ["Vasily Shpak"] and countries == ["Russia"]


def test_people_after_titles_and_in_appositions(gazetteer):
    text = (
        "Talks\n\nThe memorandum was signed by Varos Simonyan, EEC Minister in charge of Internal Markets, and Alexey Borodin, "
        "Director General of the Regional Commonwealth in the Field of Communications. SCO Secretary-General Zhang Ming attended.\n"
    )
    _, people, _ = ents(text, gazetteer)
    assert people == ["Varos Simonyan", "Alexey Borodin", "Zhang Ming"]


def test_surname_only_and_spelling_variants_resolve_to_one_person(gazetteer):
    text = "Summit\n\nThe summit was hosted by Belarusian leader Alyaksandr Lukashenka. Later Lukashenka and Putin spoke to the press.\n"
    _, people, _ = ents(text, gazetteer)
    # One person, written as the story spells the full name (the build maps it to the canonical page).
    assert people == ["Alyaksandr Lukashenka", "Vladimir Putin"]


def test_initials_resolve_to_the_full_name(gazetteer):
    _, people, _ = ents("Meeting\n\nThe meeting was attended by the heads of government of Armenia – N. Pashinyan and Russia – M. Mishustin.\n", gazetteer)
    assert people == ["Nikol Pashinyan", "Mikhail Mishustin"]


def test_two_people_with_one_surname_stay_apart(gazetteer):
    text = "Council\n\nThe chairman of the cabinet Akylbek Japarov said the summit will be held in May. Japarov added that President Sadyr Japarov supports it.\n"
    _, people, _ = ents(text, gazetteer)
    assert people == ["Akylbek Japarov", "Sadyr Japarov"]


def test_unknown_people_by_given_name(gazetteer):
    _, people, _ = ents("Visit\n\nThe governor of the region, Timur Bekmuratov, invited Belarusian companies to the technopark.\n", gazetteer)
    assert people == ["Timur Bekmuratov"]


def test_russian_names_are_lemmatised_and_transliterated(gazetteer):
    text = "Встреча\n\nВчера в Минске прошла встреча президента Белоруссии Александра Лукашенко и государственного секретаря Павла Бородина.\n"
    _, people, countries = ents(text, gazetteer)
    assert "Alexander Lukashenko" in people and "Pavel Borodin" in people
    assert countries == ["Belarus"]


def test_countries_from_names_official_names_demonyms_and_typos(gazetteer):
    text = (
        "Summit\n\nThe leaders of the Republic of Belarus, the Russian Federation and Kygyzstan met. The Kazakh delegation arrived late. "
        "Russian IT companies placed orders worth 410 million US dollars.\n"
    )
    _, _, countries = ents(text, gazetteer)
    assert countries == ["Belarus", "Russia", "Kyrgyzstan", "Kazakhstan"]


# People: composed sentences for the hard cases (names in any case, namesakes, long titles). A name
# the data file does not know stays in its script, in the nominative.
PEOPLE = [
    pytest.param(
        "Встреча\n\nСоглашение подписала проректор университета Анна Соколова. Встреча прошла при участии Ирины Петровой.\n",
        ["Анна Соколова", "Ирина Петрова"],
        id="a woman's surname keeps its feminine form",
    ),
    # The data file knows Mikhail Mishustin; Maxim (same initial) is someone else.
    pytest.param("Farm visit\n\nThe deputy governor Maxim Mishustin met farmers near Tula on Monday.\n", ["Maxim Mishustin"], id="a namesake with another given name is not the data file's person"),
    # The data file knows Islam Karimov; this text names another Karimov in full first.
    pytest.param("Торговля\n\nДелегацию возглавил заместитель министра Фёдор Каримов. Каримов сообщил о новых контрактах.\n", ["Фёдор Каримов"], id="a lone surname is the person named in full here"),
    pytest.param(
        "Заседание\n\nЗаседание прошло под председательством министра Валентина Татарицкого. Турецкую сторону представлял заместитель министра Вепа Хаджиев.\n",
        ["Валентин Татарицкий", "Вепа Хаджиев"],
        id="a given name is read in the case of its surname",
    ),
    pytest.param(
        "Тракторы\n\nМИНСК, 18 мар — Sputnik. Завод заключил контракт на поставку тракторов, сообщил генеральный директор "
        "предприятия Вадим Евтухович. «Спасибо, Роман Александрович», — сказал он премьер-министру Роману Головченко.\n",
        ["Вадим Евтухович", "Roman Golovchenko"],
        id="a Belarusian surname in -ovich is not a patronymic",
    ),
    pytest.param(
        "Agreement\n\nThe agreement was signed by Russian Deputy Interior Minister Ilya Gorovoy. The minister met the "
        "Ambassador Extraordinary and Plenipotentiary of China to Belarus Xie Xiaoyong on Monday.\n",
        ["Ilya Gorovoy", "Xie Xiaoyong"],
        id="names after long titles",
    ),
    pytest.param("Satellites\n\nThe contract was signed by Pavel K. Orlovsky, director of the operator, on Monday.\n", ["Pavel K. Orlovsky"], id="a middle initial stays in the name"),
    pytest.param("Talks\n\nThe deputy minister Hu Wei met Kazakh officials in Astana on Monday.\n", ["Hu Wei"], id="a two-letter surname is not a place"),
    pytest.param("Farm\n\nThe deputy minister German Zakharov met farmers on Monday.\n", ["German Zakharov"], id="a given name that is also a demonym"),
    # The data file knows Alexander Novak.
    pytest.param("Visit\n\nDeputy minister Alexandra Novak met farmers on Monday.\n", ["Alexandra Novak"], id="a woman's given name is not a man's"),
    pytest.param("Заявление\n\nСаша Петрова заявила, что контракт подписан.\n", ["Саша Петрова"], id="a name of either gender before a nominative surname"),
    pytest.param("Заявление\n\nКонтракт подписан, сообщили Саше Петровой в министерстве.\n", ["Саша Петрова"], id="a name of either gender takes the surname's gender"),
]


@pytest.mark.parametrize("text,expected", PEOPLE)
def test_people(text, expected, gazetteer):
    assert ents(text, gazetteer)[1] == expected


# Organizations: general rules for names the data file does not know.
ORGANIZATIONS = [
    pytest.param(
        "Соглашение\n\nКазанский федеральный университет (КФУ) и Томский политехнический университет (ТПУ) подписали соглашение. КФУ примет студентов ТПУ осенью.\n",
        ["Казанский федеральный университет", "Томский политехнический университет"],
        id="Russian acronym definitions, first word capitalised",
    ),
    pytest.param(
        "Meeting\n\nThe delegation of the Ministry of Transport of Armenia, Deputy Head of the Railway Department Aram Sargsyan, presented the plan.\n",
        ["Ministry of Transport of Armenia"],
        id="a job title after a name in a list",
    ),
    # The data file knows Lukoil; its Kyrgyz company is registered under its own name.
    pytest.param("Заправки\n\nОсОО «Лукойл Кыргызстан» построит пять заправок в Бишкеке, сообщила компания.\n", ["Лукойл Кыргызстан"], id="a registered name with a country"),
    pytest.param("Port deal\n\nCaspian Shipping Lines Limited signed a ten-year contract for the terminal in Aktau.\n", ["Caspian Shipping Lines"], id="Limited after a name"),
    pytest.param("Gold\n\nThe Limited Liability Company «Steppe Gold» opened a mine in the region.\n", ["Steppe Gold"], id="a legal form spelled out"),
    pytest.param("Armenia's Deputy PM and a Russian official discuss trade\n\nThe officials met in Yerevan on Thursday.\n", [], id="Deputy PM is a title"),
    pytest.param("Talks\n\nUS Secretary of State John Smith and Steppe Development Bank officials met in Astana on Monday.\n", ["Steppe Development Bank"], id="a person with a title before 'and'"),
    pytest.param("Университет\n\nУральский федеральный университет подписал соглашение с партнерами.\n", ["Уральский федеральный университет"], id="a Russian name made from a place opens a sentence"),
    pytest.param("Делегация\n\nВ Москву прибыла делегация Лидского райисполкома и предприятий района.\n", ["Лидский райисполком"], id="no tail after a genitive name"),
    pytest.param("Студенты\n\nВ этом году Казанский федеральный университет студентов из Китая принял больше.\n", ["Казанский федеральный университет"], id="an object after a name is not its tail"),
    pytest.param("Банк\n\nВ этом году Национальный банк страны снизил ставку.\n", [], id="a descriptive genitive"),
]


@pytest.mark.parametrize("text,expected", ORGANIZATIONS)
def test_organizations(text, expected, gazetteer):
    assert ents(text, gazetteer)[0] == expected


def test_a_name_a_rule_found_once_is_that_organization_where_it_recurs(gazetteer):
    text = "Talks\n\nKTZ Cargo LLC and Kazakhstan Railways signed a contract on Monday. The contract was signed by the director of KTZ Cargo Elvin Mammadli.\n"
    orgs, people, _ = ents(text, gazetteer)
    assert "KTZ Cargo" in orgs and people == ["Elvin Mammadli"]


def test_a_possessive_after_and_ends_an_organizations_name(gazetteer):
    text = (
        "Observer\n\nThe plan between the Commission and the Ministry of Digital Development of Armenia and Armenia's "
        "participation in the working groups were discussed. The Ministry of Trade of Kazakhstan and Uzbekistan's Ministry of Energy signed a memorandum.\n"
    )
    orgs, _, _ = ents(text, gazetteer)
    assert "Ministry of Digital Development of Armenia" in orgs
    assert "Ministry of Trade of Kazakhstan" in orgs and "Ministry of Energy" in orgs


def test_russian_names_that_open_with_adjectives_in_any_case(gazetteer):
    text = (
        "Соглашение\n\nСоглашение подписано между Оршанским райисполкомом и правительством Псковской области. "
        "Студентов примет Казанский государственный энергетический университет, а кредит выдаст Северный банк "
        "торговли и развития. Китайская компания построит завод. Аналогичный завод откроют в Ташкенте.\n"
    )
    orgs, _, _ = ents(text, gazetteer)
    assert orgs == ["Оршанский райисполком", "Казанский государственный энергетический университет", "Северный банк торговли и развития"]


def test_russian_councils_and_assemblies_named_by_capitalised_adjectives(gazetteer):
    # A governing body's head noun (совет, собрание, палата, ...) after capitalised adjectives, in
    # any case; a superlative keeps its own form ("Высший", not the "Высочайший" of its paradigm).
    text = "Заседание\n\nВ Алматы прошло заседание Высшего межгосударственного совета двух стран. Депутаты Парламентского собрания обсудили бюджет, а Счётная палата проверила расходы.\n"
    orgs, _, _ = ents(text, gazetteer)
    assert orgs == ["Высший межгосударственный совет", "Парламентское собрание", "Счётная палата"]
    # The same stems in other nouns (a ship, a judge, an adviser, a tent) name nothing.
    other = "Порт\n\nЯпонское рыболовецкое судно вошло в порт. Российский военный советник прибыл позже. Китайская туристическая палатка стоит на берегу, а Бишкекская районная судья ушла.\n"
    orgs, _, _ = ents(other, gazetteer)
    assert orgs == []


def test_an_agencys_correspondent_and_an_author_line_are_sources_not_actors(gazetteer):
    text = (
        "Terminal\n\nASTANA. KAZINFORM – The railway company opened a grain terminal in Kostanay, Kazinform News Agency "
        "correspondent reports.\n\nThe terminal will handle 500,000 tonnes a year.\n\nAuthor: Aigerim Suleimenova\n"
    )
    orgs, people, _ = ents(text, gazetteer)
    assert orgs == [] and people == []


def test_the_span_of_an_organization_after_a_possessive_is_its_name(gazetteer):
    text = "Port\n\nTalks were held with China's Lianyungang Port Holdings Group and Turkmenistan's Turkmen Gas Company on a new terminal.\n"
    r = extract_text(text, gazetteer)
    spans = {f.value: text[f.start : f.end] for f in r.findings["organizations"]}  # offsets into the text
    assert spans == {"Lianyungang Port Holdings Group": "Lianyungang Port Holdings Group", "Turkmen Gas Company": "Turkmen Gas Company"}


def test_anchor_words_are_words_and_phrases_of_words():
    """The word lists organization rules are anchored on are plain words, hyphenated words or
    phrases joined by \\s+; a regex class or group would silently become a literal 'word'."""
    from briefing.extract.entities.patterns import AnchorWords as _Words

    words = _Words.of(r"Railways?|start-?up|Prosecutor's\s+Office")
    assert words.words == {"Railway", "Railways", "start-up", "startup"}
    assert words.phrases is not None and words.phrases.fullmatch("Prosecutor's  Office")
    for bad in ("Organi[sz]ation", "(?:Bank|Fund)", "Bank."):
        with pytest.raises(ValueError):
            _Words.of(bad)


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("The Prosecutor's Office of Uzbekistan and the Ministry of Energy met.", "Prosecutor's Office of Uzbekistan"),
        ("The General Prosecutor's Office of Mongolia opened a case.", "General Prosecutor's Office of Mongolia"),
        ("The O'Neill Group signed an agreement with the Eurasian Development Bank.", "O'Neill Group"),
        # nor the possessive after a name
        ("The Ministry of Energy's plan was approved by the government.", "Ministry of Energy"),
        # an owner before "'s" is not part of the name
        ("Kazakhstan's Ministry of Energy said the plant would open.", "Ministry of Energy"),
        ("Experts joined the Commission's Advisory Committee on Industry, the EEC said.", "Advisory Committee on Industry"),
    ],
)
def test_an_apostrophe_inside_a_name_stays_and_an_owner_before_it_goes(gazetteer, sentence, name):
    orgs = ents(f"ASTANA, November 20 (Kazinform) - {sentence}\n", gazetteer)[0]
    assert name in orgs, orgs


@pytest.mark.parametrize(
    "field,text,name",
    [
        # A body: the data file's canonical name when the story writes it; otherwise the fullest
        # alias the story writes out (the build maps it to the canonical page); a Russian story's
        # inflected forms are not names to keep, so there the canonical name stays.
        (0, "The Regional Anti-Terrorist Structure held a drill. Experts of RATS watched it.", "Regional Anti-Terrorist Structure"),
        (0, "The Regional Anti-Terrorist Structure of the SCO held a drill. RATS experts watched it.", "Regional Anti-Terrorist Structure of the SCO"),
        (0, "Региональная антитеррористическая структура ШОС провела учения.", "Regional Anti-Terrorist Structure of the SCO"),
        # A person: a transliteration the data file lists stays as written; a surname alone is not
        # a full name, so there (and in a Russian story) the canonical name stays.
        (1, "Defence chief Sergei Shoygu met cadets on Monday. Shoygu praised their drill.", "Sergei Shoygu"),
        (1, "The cadets met Shoygu on Monday. He praised their drill.", "Sergei Shoigu"),
        (1, "Сергей Шойгу встретился с курсантами.", "Sergei Shoigu"),
    ],
)
def test_a_known_entity_keeps_the_name_the_story_writes(field, text, name, gazetteer):
    assert ents(f"Drill\n\n{text}\n", gazetteer)[field] == [name]


def test_a_commission_of_two_countries_named_in_either_order_is_one(gazetteer):
    text = "Talks\n\nThe Kyrgyz-Armenian Intergovernmental Commission met in Bishkek on Monday. Next year the Armenian-Kyrgyz Intergovernmental Commission will meet in Yerevan.\n"
    orgs, _, _ = ents(text, gazetteer)
    assert orgs == ["Kyrgyz-Armenian Intergovernmental Commission"]
    # A hyphenated word that is not a pair of countries stays one word of the name.
    from briefing.extract.entities.group import _bag

    assert _bag("Anti-Drug Council", {}, gazetteer) == {"anti-drug", "council"}


def test_a_short_form_of_one_longer_name_is_that_body(gazetteer):
    text = "Talks\n\nThe Ruritanian Council for Rail Freight met in Bishkek on Monday. The Council for Rail Freight approved two new routes.\n"
    orgs, _, _ = ents(text, gazetteer)
    assert orgs == ["Ruritanian Council for Rail Freight"]
    # A short form that two longer names share stays apart (it is not clear which one it is).
    from briefing.extract.entities.group import _join_short_forms

    short, a, b = (("bag", frozenset(w)) for w in ({"council"}, {"council", "rail"}, {"council", "road"}))
    groups = {short: ["s"], a: ["a"], b: ["b"]}
    order = [short, a, b]
    _join_short_forms(groups, order)
    assert order == [short, a, b]
    del groups[b], order[2]
    _join_short_forms(groups, order)
    assert order == [a] and groups[a] == ["a", "s"]


def test_russian_bodies_in_lower_case_and_a_capitalised_commission(gazetteer):
    # Russian news writes a known body's name of several words in lower case; a one-word alias
    # still needs its capital, and an English alias keeps its case rule.
    lower = "Учения\n\nДелегация провела переговоры в министерстве обороны Беларуси во вторник.\n"
    orgs, _, _ = ents(lower, gazetteer)
    (ministry,) = [o.name for o in gazetteer.organizations if "Министерство обороны Беларуси" in o.aliases]
    assert orgs == [ministry]
    english = "Drill\n\nThe delegation spoke of the belarusian defence ministry in passing on Tuesday.\n"
    orgs, _, _ = ents(english, gazetteer)
    assert orgs == []
    # A commission of two countries whose head words are capitalised, in any case.
    pair = "Сессия\n\nСтороны отметили работу узбекско-казахской Межправительственной комиссии.\n"
    orgs, _, _ = ents(pair, gazetteer)
    assert len(orgs) == 1 and orgs[0].lower().startswith("узбекско-казахская межправительственная комисси")


def test_a_russian_council_named_by_a_lower_case_genitive_chain(gazetteer):
    text = "Сессия\n\nВ Бишкеке прошло заседание Совета министров юстиции, его провёл председатель.\n"
    orgs, _, _ = ents(text, gazetteer)
    assert orgs == ["Совет министров юстиции"]
    # A head noun followed by a verb names nothing.
    orgs, _, _ = ents("Сессия\n\nСовет одобрил новый план в четверг.\n", gazetteer)
    assert orgs == []


def test_a_known_body_keeps_the_longer_name_the_story_writes(gazetteer):
    # The story's form is no alias of the data file ("Investments", "of" for "for"): the name as
    # written, which the build maps to the canonical page like any alias.
    text = "Roads\n\nThe contract was signed by the Ministry of Investments and Development of Kazakhstan's deputy head on Monday.\n"
    assert extract_text(text, gazetteer).organizations == ["Ministry of Investments and Development of Kazakhstan"]


def test_a_bracketed_acronym_closes_a_known_name(gazetteer):
    # A rule reads "Council (ACR) of the Organization" as one name; the known council ends at the
    # bracket, and the organization after it is a name of its own.
    text = "Сессия\n\nЗаседание Совета коллективной безопасности (СКБ) Организации Договора о коллективной безопасности пройдет в ноябре.\n"
    assert extract_text(text, gazetteer).organizations == ["CSTO Collective Security Council", "Collective Security Treaty Organization"]


def test_a_body_named_only_inside_another_bodys_name_is_not_listed(gazetteer):
    inside = "Ministers\n\nThe Council of Foreign Ministers of the Shanghai Cooperation Organisation met on Friday.\n"
    assert extract_text(inside, gazetteer).organizations == ["Council of Foreign Ministers of the Shanghai Cooperation Organisation"]
    also_alone = inside + "\nThe Shanghai Cooperation Organisation was founded in 2001.\n"
    assert "Shanghai Cooperation Organisation" in extract_text(also_alone, gazetteer).organizations


def test_of_two_aliases_that_differ_only_in_case_the_one_the_story_writes_is_kept(gazetteer):
    # The data file has both "EAEU" and "EaEU" for the Eurasian Economic Union.
    for written in ("EAEU", "EaEU"):
        text = f"Trade talks\n\nASTANA, 3 March - The {written} members discussed customs rules on Monday.\n"
        assert extract_text(text, gazetteer).organizations == [written]
