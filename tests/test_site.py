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
        CANON, ("organizations", "people", "countries"),
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
        Canon(), (),
    )
    shape = [(y.year, [(m.month, [c.slug for c in m.cards]) for m in y.months]) for y in model.timeline]
    assert shape == [(2024, [(6, ["b", "c"]), (1, ["d"])]), (2023, [(2, ["a"])])]
    assert model.timeline[1].months[0].cards[0].period.start == dt.date(2023, 2, 13)


def test_term_slugs_are_unique():
    model = build_model([art("a", "2024-01-01", tags=("C++",)), art("b", "2024-01-02", tags=("C",))], Canon(), ("tags",))
    assert sorted(t.ref.slug for t in model.taxonomies["tags"].terms) == ["c", "c-2"]
