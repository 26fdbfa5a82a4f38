import datetime as dt

from briefing.canon import Canon
from briefing.content import Article, Period
from briefing.site import build_model


def art(slug, date, **kw):
    return Article(path=f"content/articles/{slug}.md", slug=slug, title=kw.pop("title", slug.title()), date=dt.date.fromisoformat(date), body="", digest=slug, **kw)


CANON = Canon(
    names={
        "organizations": {"eec": "Eurasian Economic Commission", "eurasian economic commission": "Eurasian Economic Commission"},
        "people": {"lukashenka": "Alexander Lukashenko", "alexander lukashenko": "Alexander Lukashenko"},
        "countries": {"russian federation": "Russia", "russia": "Russia"},
    },
    descriptions={("organizations", "Eurasian Economic Commission"): "The EAEU's regulatory body."},
)


def test_articles_newest_first_and_drafts_left_out():
    model = build_model([art("a", "2024-01-01"), art("b", "2024-03-01"), art("c", "2024-02-01", draft=True)], Canon(), ("tags",))
    assert [c.slug for c in model.cards] == ["b", "a"]


def test_aliases_merge_entity_pages_at_build_time():
    model = build_model(
        [
            art("a", "2024-01-01", organizations=("EEC",), people=("Lukashenka",), countries=("Russian Federation",)),
            art("b", "2024-02-01", organizations=("Eurasian Economic Commission",), people=("Alexander Lukashenko",), countries=("Russia",)),
        ],
        CANON,
        ("organizations", "people", "countries"),
    )
    (eec,) = model.taxonomies["organizations"].terms
    assert eec.ref.name == "Eurasian Economic Commission" and eec.ref.slug == "eurasian-economic-commission"
    assert [c.slug for c in eec.cards] == ["b", "a"]
    assert eec.description == "The EAEU's regulatory body."
    assert [t.ref.name for t in model.taxonomies["people"].terms] == ["Alexander Lukashenko"]
    assert [t.ref.name for t in model.taxonomies["countries"].terms] == ["Russia"]


def test_names_that_differ_only_in_case_are_one_term():
    model = build_model([art("a", "2024-01-01", tags=("Trade",)), art("b", "2024-01-02", tags=("trade",)), art("c", "2024-01-03", tags=("trade",))], Canon(), ("tags",))
    (term,) = model.taxonomies["tags"].terms
    assert term.ref.name == "trade" and len(term.cards) == 3


def test_places_come_from_location():
    model = build_model([art("a", "2024-01-01", location="Minsk"), art("b", "2024-01-02")], Canon(), ("places",))
    (minsk,) = model.taxonomies["places"].terms
    assert minsk.ref.url == "places/minsk/" and [c.slug for c in minsk.cards] == ["a"]


def test_timeline_groups_by_year_and_month_newest_first():
    model = build_model(
        [art("a", "2023-02-17", period=Period(dt.date(2023, 2, 13), dt.date(2023, 2, 19))), art("b", "2024-06-05"), art("c", "2024-06-01"), art("d", "2024-01-09")],
        Canon(),
        (),
    )
    shape = [(y.year, [(m.month, [c.slug for c in m.cards]) for m in y.months]) for y in model.timeline]
    assert shape == [(2024, [(6, ["b", "c"]), (1, ["d"])]), (2023, [(2, ["a"])])]
    assert model.timeline[1].months[0].cards[0].period.start == dt.date(2023, 2, 13)


def test_term_slugs_are_unique():
    model = build_model([art("a", "2024-01-01", tags=("C++",)), art("b", "2024-01-02", tags=("C",))], Canon(), ("tags",))
    assert sorted(t.ref.slug for t in model.taxonomies["tags"].terms) == ["c", "c-2"]


def test_profile_counts_years_and_first_last_seen():
    model = build_model(
        [art("a", "2022-03-01", organizations=("EEC",)), art("b", "2024-05-01", organizations=("EEC",)), art("c", "2024-07-01", organizations=("EEC",))],
        CANON,
        ("organizations",),
    )
    (eec,) = model.taxonomies["organizations"].terms
    assert len(eec.cards) == 3
    assert tuple(c.date for c in eec.seen) == (dt.date(2022, 3, 1), dt.date(2024, 7, 1))
    assert eec.by_year == ((2022, 1), (2023, 0), (2024, 2))  # the empty year is shown, not skipped


def test_an_assumed_year_makes_no_first_or_last_seen_and_no_bar():
    model = build_model(
        [
            art("a", "2024-03-01", organizations=("EEC",)),
            art("b", "2024-05-01", organizations=("EEC",)),
            art("c", "2021-11-17", organizations=("EEC",), date_note="year assumed"),
        ],
        CANON,
        ("organizations",),
    )
    (eec,) = model.taxonomies["organizations"].terms
    assert len(eec.cards) == 3 and eec.undated == 1
    assert tuple(c.date for c in eec.seen) == (dt.date(2024, 3, 1), dt.date(2024, 5, 1))
    assert eec.by_year == ((2024, 2),)
    assert eec.by_month == ((2024, 3, 1), (2024, 4, 0), (2024, 5, 1))


def test_co_mentions_count_articles_named_together_across_kinds():
    model = build_model(
        [
            art("a", "2024-01-01", organizations=("EEC",), people=("Lukashenka",), countries=("Russia",), location="Minsk"),
            art("b", "2024-01-02", organizations=("Eurasian Economic Commission",), countries=("Russia", "Belarus"), location="Minsk"),
            art("c", "2024-01-03", organizations=("Other Body",), countries=("Belarus",)),
        ],
        CANON,
        ("organizations", "people", "places", "countries"),
    )
    eec = {t.ref.name: t for t in model.taxonomies["organizations"].terms}["Eurasian Economic Commission"]
    related = {(m.ref.kind, m.ref.name): m.count for m in eec.related}
    assert related == {("countries", "Russia"): 2, ("places", "Minsk"): 2, ("countries", "Belarus"): 1, ("people", "Alexander Lukashenko"): 1}
    for kind in ("people", "places", "countries"):  # grouped by kind, most frequent first within each
        counts = [m.count for m in eec.related if m.ref.kind == kind]
        assert counts == sorted(counts, reverse=True)
    assert [m.ref.kind for m in eec.related] == ["people", "places", "countries", "countries"]
    other = {t.ref.name: t for t in model.taxonomies["organizations"].terms}["Other Body"]
    assert [(m.ref.name, m.count) for m in other.related] == [("Belarus", 1)]  # never itself


def test_weeks_follow_iso_weeks_and_periods():
    model = build_model(
        [
            art("mon", "2024-06-03"),
            art("sun", "2024-06-09"),
            art("next", "2024-06-10"),
            art("newyear", "2024-12-30"),  # ISO week 1 of 2025
            # A weekly digest dated on the Monday after its period belongs to the period's week.
            art("digest", "2023-02-20", period=Period(dt.date(2023, 2, 13), dt.date(2023, 2, 19))),
        ],
        Canon(),
        (),
    )
    weeks = [(w.slug, [s.card.slug for s in w.stories]) for w in model.weeks]
    assert weeks == [("2025-w01", ["newyear"]), ("2024-w24", ["next"]), ("2024-w23", ["sun", "mon"]), ("2023-w07", ["digest"])]
    w23 = model.weeks[2]
    assert (w23.start, w23.end, w23.url) == (dt.date(2024, 6, 3), dt.date(2024, 6, 9), "weeks/2024-w23/")
