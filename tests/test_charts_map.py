"""The pictures: per-year bars, the timeline's proportional axis, the map's projection and data."""

import datetime as dt
import re

from briefing import geo
from briefing.canon import Canon
from briefing.charts import timeline_chart, year_bars
from briefing.content import Article, Period
from briefing.contexts import MapInputs
from briefing.i18n import Dates, translations
from briefing.model import Mentioned, TermRef
from briefing.site import build_model
from tests.conftest import ROOT, write_files


def test_year_bars_are_proportional_and_labelled():
    html = str(year_bars(((2022, 1), (2023, 0), (2024, 4)), "EEC <b>"))
    assert re.findall(r"--h:(\d+)%", html) == ["25", "0", "100"]
    assert 'aria-label="EEC &lt;b&gt;"' in html


def _model(*articles):
    return build_model(list(articles), Canon(), ("organizations", "countries"))


def _art(slug, date, **kw):
    return Article(path=f"{slug}.md", slug=slug, title=kw.pop("title", slug), date=dt.date.fromisoformat(date), body="", digest=slug, **kw)


def _chart(model, lanes=(), url="timeline/", pretty=True):
    return str(timeline_chart(model.timeline, lanes, url, pretty, Dates("en"), translations("en")))


def test_timeline_grid_counts_months_and_folds_empty_runs():
    model = _model(_art("a", "2019-01-10"), _art("b", "2024-01-31", countries=("Belarus",)), _art("c", "2024-01-02"), _art("d", "2024-03-05"))
    html = _chart(model, lanes=tuple(t.ref for t in model.taxonomies["countries"].terms))
    # January 2019, a folded gap, January, February (empty, not folded: a short run), March 2024
    assert html.count('class="gap"') >= 1 and "No briefings: January 2019" not in html
    cells = re.findall(r'<tr class="all">(.*?)</tr>', html)[0]
    assert re.findall(r'data-items="([^"]+)"', cells) == ["a", "c b", "d"] or re.findall(r'data-items="([^"]+)"', cells) == ["a", "b c", "d"]
    assert '<a href="#m2024-1"' in cells and ">2</span>" in cells
    lane = re.findall(r'<tr class="lane"><th scope="row">Belarus</th>(.*?)</tr>', html)[0]
    assert re.findall(r'data-items="([^"]+)"', lane) == ["b"]


def test_timeline_grid_draws_periods_as_ranges_and_escapes_titles():
    model = _model(_art("d", "2023-02-20", title="<script>x</script>", period=Period(dt.date(2023, 2, 13), dt.date(2023, 2, 19)), organizations=("EEC",)))
    html = _chart(model)
    (style,) = re.findall(r'<td class="range" colspan="1" data-items="d"><a href="#m2023-2" title="[^"]*" style="margin-left:([\d.]+)%;width:([\d.]+)%"', html)
    assert 30 < float(style[0]) < 50  # 12 days into February
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_projection_keeps_the_regions_geography():
    minsk, moscow, astana, yerevan = (geo.PROJECTION.project(*p) for p in ((27.56, 53.9), (37.62, 55.75), (71.45, 51.17), (44.51, 40.18)))
    assert minsk[0] < moscow[0] < astana[0]  # west to east
    assert yerevan[1] < min(minsk[1], moscow[1], astana[1])  # south below north

    # equal-area: a 1°x1° cell near the standard parallels has about the same area east and west
    def cell(lon, lat):
        corners = [geo.PROJECTION.project(lon + dx, lat + dy) for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]))) / 2

    assert abs(cell(30, 50) / cell(100, 50) - 1) < 0.05


def test_locate_prefers_venues_then_the_regions_larger_city(tmp_path):
    write_files(
        tmp_path,
        {
            "places.tsv": "name\tcountry\tlat\tlon\tpopulation\tadmin1\taliases\nBrest\tFR\t48.39\t-4.49\t140000\t\tБрест\nBrest\tBY\t52.1\t23.7\t340000\t\t\nSmall\tRU\t50\t40\t100\t\t\n",
            "venues.yaml": "- {name: Palace, aliases: [Дворец], city: Small, country: RU, lat: 51.5, lon: 41.5}\n",
        },
    )
    assert geo.locate(["Brest", "Palace", "Дворец", "Nowhere"], tmp_path) == {"Brest": (23.7, 52.1), "Palace": (41.5, 51.5), "Дворец": (41.5, 51.5)}


def test_map_dots_are_sized_by_count_and_linked_and_countries_shaded():
    minsk, moscow = TermRef("places", "Minsk", "minsk"), TermRef("places", "Moscow", "moscow")
    belarus = TermRef("countries", "Belarus", "belarus")
    inputs = MapInputs((Mentioned(minsk, 4), Mentioned(moscow, 1)), (Mentioned(belarus, 2),), "v")
    canon = Canon(codes={"Belarus": "BY"})
    html = str(geo.map_svg(inputs, canon, ROOT / "data", "places/", True))
    dots = dict(re.findall(r'<a class="dot" href="([^"]+)" style="left:[\d.]+%;top:[\d.]+%;width:([\d.]+)px', html))
    assert set(dots) == {"../places/minsk/", "../places/moscow/"}
    assert float(dots["../places/minsk/"]) > float(dots["../places/moscow/"])
    assert ">Minsk: 4 briefings</span>" in html  # each dot a link with its name and count
    assert html.count('class="land has"') == 1 and html.count('class="land"') > 3
    assert '<ul class="legend"' in html and "country named in briefings" in html


def test_map_fits_the_places_not_the_countries():
    """Russia's outline is named but does not set the view: the map spans Minsk to Moscow."""
    minsk, moscow = TermRef("places", "Minsk", "minsk"), TermRef("places", "Moscow", "moscow")
    inputs = MapInputs((Mentioned(minsk, 1), Mentioned(moscow, 1)), (Mentioned(TermRef("countries", "Russia", "russia"), 2),), "v")
    html = str(geo.map_svg(inputs, Canon(codes={"Russia": "RU"}), ROOT / "data", "places/", True))
    lefts = [float(x) for x in re.findall(r'class="dot" href="[^"]+" style="left:([\d.]+)%', html)]
    assert max(lefts) - min(lefts) > 40  # the two cities are far apart on the map, not two dots in a corner


def test_labels_never_overlap_at_any_width():
    dots = [(f"Place number {i}", 300 + 7 * (i % 6), 200 + 9 * (i // 6), geo.dot_radius(1 + i % 3)) for i in range(30)]
    sides = geo.place_labels(dots, 500)
    assert 0 < len(sides) < 30
    for width in (340, 390, 700, 1024):
        boxes = [dict(geo._label_boxes(x, y, r, n, width))[sides[n]] for n, x, y, r in dots if n in sides]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not geo._overlap(a, b), width


def test_bad_lines_in_the_place_data_are_errors_naming_file_and_line(tmp_path):
    import pytest

    from briefing.errors import BriefingError

    write_files(tmp_path, {"places.tsv": "name\tcountry\tlat\tlon\tpopulation\tadmin1\taliases\nMinsk\tBY\t53.9\t27.5\t2000000\t\t\nBroken\tBY\tnorth\n"})
    with pytest.raises(BriefingError) as exc:
        geo.locate(["Minsk"], tmp_path)
    assert str(exc.value.problems[0]).startswith(f"{tmp_path / 'places.tsv'}:3: error: expected 7 tab-separated columns")
    write_files(tmp_path, {"places.tsv": "", "venues.yaml": "- {name: Palace, lat: 1}\n"})
    with pytest.raises(BriefingError) as exc:
        geo.locate(["Palace"], tmp_path)
    assert "entry 1 needs a name and numeric lat and lon" in str(exc.value.problems[0])


def test_a_venue_named_like_its_city_does_not_move_the_city(tmp_path):
    write_files(
        tmp_path,
        {
            "places.tsv": "Moscow\tRU\t55.75\t37.62\t12000000\t\t\n",
            "venues.yaml": "- {name: Moscow, aliases: [Kremlin], city: Moscow, lat: 55.7497, lon: 37.615}\n",
        },
    )
    assert geo.locate(["Moscow", "Kremlin"], tmp_path) == {"Moscow": (37.62, 55.75), "Kremlin": (37.615, 55.7497)}


def test_every_description_is_of_a_known_country_or_place():
    """data/descriptions.yaml names only countries of the entity file and places of the place table
    or the venues, so no description waits for a page that can never exist; the main places and
    the region's countries are described."""
    import yaml

    from briefing.placedata import read_places, read_venues

    data = ROOT / "data"
    described = yaml.safe_load((data / "descriptions.yaml").read_text(encoding="utf-8"))
    countries = {e["name"] for e in yaml.safe_load((data / "entities.yaml").read_text(encoding="utf-8"))["countries"]}
    places = {p.name for p in read_places(data / "places.tsv")} | {v.name for v in read_venues(data / "venues.yaml")}
    assert set(described["countries"]) <= countries, set(described["countries"]) - countries
    assert set(described["places"]) <= places, set(described["places"]) - places
    for entry in described["places"].values():
        text = entry["description"] if isinstance(entry, dict) else entry
        assert isinstance(text, str) and text.endswith(".")
    assert {"Belarus", "Russia", "Kazakhstan", "Kyrgyzstan", "Armenia", "Uzbekistan", "Tajikistan", "China"} <= set(described["countries"])
    assert {"Minsk", "Moscow", "Astana", "Bishkek", "Yerevan", "Tashkent", "Dushanbe", "Saint Petersburg", "Beijing"} <= set(described["places"])
