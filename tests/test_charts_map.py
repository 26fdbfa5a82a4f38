"""The pictures: per-year bars, the timeline's proportional axis, the map's projection and data."""
import datetime as dt
import re

from briefing import geo
from briefing.canon import Canon
from briefing.charts import timeline_svg, year_bars
from briefing.content import Article, Period
from briefing.pages import MapInputs
from briefing.site import Mentioned, TermRef, build_model
from tests.conftest import ROOT, write_files


def test_year_bars_are_proportional_and_labelled():
    svg = str(year_bars(((2022, 1), (2023, 0), (2024, 4)), "EEC <b>"))
    heights = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', svg)]
    assert heights == [15.0, 0.0, 60.0]
    assert 'aria-label="EEC &lt;b&gt; per year: 2022: 1, 2023: 0, 2024: 4"' in svg


def _model(*articles):
    return build_model(list(articles), Canon(), ("organizations", "countries"))


def _art(slug, date, **kw):
    return Article(path=f"{slug}.md", slug=slug, title=kw.pop("title", slug), date=dt.date.fromisoformat(date), body="", digest=slug, **kw)


def test_timeline_axis_is_proportional_to_time():
    model = _model(_art("a", "2024-01-01"), _art("b", "2024-01-31"), _art("c", "2024-12-31"))
    svg = str(timeline_svg(model.timeline, "timeline/", True))
    dots = re.findall(r'href="([^"]+)"[^>]*>.*?<circle cx="([\d.]+)"', svg)
    xs = {href.split("/")[-2]: float(x) for href, x in dots}
    # 30 days out of 366 between a and b; 365 days between a and c
    assert abs((xs["b"] - xs["a"]) / (xs["c"] - xs["a"]) - 30 / 365) < 0.01
    assert svg.count('class="year"') == 2 and svg.count('class="month"') == 11  # January 2024 and 2025 are year ticks


def test_timeline_draws_periods_as_spans_and_escapes_titles():
    model = _model(_art("d", "2023-02-20", title="<script>x</script>", period=Period(dt.date(2023, 2, 13), dt.date(2023, 2, 19)), organizations=("EEC",)))
    svg = str(timeline_svg(model.timeline, "timeline/", False))
    (rect,) = re.findall(r'<rect class="period" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert float(rect[1]) > 2  # a span, not a dot
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'data-organizations="eec"' in svg and 'href="../articles/d/index.html"' in svg


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
    write_files(tmp_path, {
        "places.tsv": "name\tcountry\tlat\tlon\tpopulation\tadmin1\taliases\n"
        "Brest\tFR\t48.39\t-4.49\t140000\t\tБрест\nBrest\tBY\t52.1\t23.7\t340000\t\t\nSmall\tRU\t50\t40\t100\t\t\n",
        "venues.yaml": "- {name: Palace, aliases: [Дворец], city: Small, country: RU, lat: 51.5, lon: 41.5}\n",
    })
    assert geo.locate(["Brest", "Palace", "Дворец", "Nowhere"], tmp_path) == {
        "Brest": (23.7, 52.1), "Palace": (41.5, 51.5), "Дворец": (41.5, 51.5)}


def test_map_dots_are_sized_by_count_and_linked_and_countries_shaded():
    minsk, moscow = TermRef("places", "Minsk", "minsk"), TermRef("places", "Moscow", "moscow")
    belarus = TermRef("countries", "Belarus", "belarus")
    inputs = MapInputs((Mentioned(minsk, 4), Mentioned(moscow, 1)), (Mentioned(belarus, 2),), "v")
    canon = Canon(codes={"Belarus": "BY"})
    svg = str(geo.map_svg(inputs, canon, ROOT / "data", "places/", True))
    dots = dict(re.findall(r'<a href="([^"]+)" tabindex="-1"><title>[^<]*</title><circle cx="[\d.-]+" cy="[\d.-]+" r="([\d.]+)"', svg))
    assert set(dots) == {"../places/minsk/", "../places/moscow/"}
    assert float(dots["../places/minsk/"]) > float(dots["../places/moscow/"])
    assert re.search(r'<a href="../countries/belarus/" tabindex="-1"><title>Belarus: 2 briefings</title><path class="land has"', svg)
    assert svg.count('class="land has"') == 1 and svg.count('class="land"') > 10


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
    write_files(tmp_path, {
        "places.tsv": "Moscow\tRU\t55.75\t37.62\t12000000\t\t\n",
        "venues.yaml": "- {name: Moscow, aliases: [Kremlin], city: Moscow, lat: 55.7497, lon: 37.615}\n",
    })
    assert geo.locate(["Moscow", "Kremlin"], tmp_path) == {"Moscow": (37.62, 55.75), "Kremlin": (37.615, 55.7497)}
