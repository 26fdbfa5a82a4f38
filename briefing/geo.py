"""The map on places/: event locations and countries, drawn offline as inline SVG.

Country outlines come from Natural Earth 1:110m (public domain), converted once by
tools/make_map.py into data/world-110m.json; place coordinates from the place table (GeoNames,
CC BY 4.0) and data/venues.yaml. The projection is an Albers equal-area conic centred on the
region (central meridian 65°E, standard parallels 35°N and 60°N), which keeps Russia, the
Caucasus and Central Asia in proportion; the view fits the places and countries that have articles.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from markupsafe import Markup

from . import urls
from .canon import fold_name, name_key
from .placedata import read_places, read_venues
from .region import REGION

LON0, LAT0, LAT1, LAT2 = 65.0, 45.0, 35.0, 60.0
WIDTH = 1000
# The view always covers at least the heart of the region, so a digest about Minsk alone still
# shows where Minsk is.
CORE = ((25.0, 38.0), (90.0, 62.0))


@dataclass(frozen=True)
class Albers:
    lon0: float = LON0
    lat0: float = LAT0
    lat1: float = LAT1
    lat2: float = LAT2

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """(lon, lat) in degrees -> (x, y) on the unit sphere's projection plane, y up."""
        phi1, phi2, phi0 = map(math.radians, (self.lat1, self.lat2, self.lat0))
        n = (math.sin(phi1) + math.sin(phi2)) / 2
        c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
        rho0 = math.sqrt(c - 2 * n * math.sin(phi0)) / n
        rho = math.sqrt(max(0.0, c - 2 * n * math.sin(math.radians(lat)))) / n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)


PROJECTION = Albers()


@dataclass(frozen=True)
class View:
    """Projection plane -> SVG pixels (y down) for a box of the plane."""

    x0: float
    y0: float
    scale: float
    height: float

    @classmethod
    def fit(cls, points: list[tuple[float, float]], width: float = WIDTH, pad: float = 0.06) -> View:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        x0, y1 = min(xs) - pad * span_x, max(ys) + pad * span_y
        scale = width / (span_x * (1 + 2 * pad))
        return cls(x0, y1, scale, round(span_y * (1 + 2 * pad) * scale, 1))

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = PROJECTION.project(lon, lat)
        return round((x - self.x0) * self.scale, 1), round((self.y0 - y) * self.scale, 1)


def outlines(path: Path) -> tuple[dict, ...]:
    """The country outlines of the map data file (remembered while the file is unchanged)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return ()
    return _outlines(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=2)
def _outlines(path: Path, _mtime: int, _size: int) -> tuple[dict, ...]:
    return tuple(json.loads(path.read_text(encoding="utf-8")).get("countries", []))


def _path(rings, view: View) -> str:
    """SVG path data of the rings that show in the view (rings wholly outside it are dropped)."""
    parts = []
    x0, y0, scale = view.x0, view.y0, view.scale
    # The view in the projection plane, a pixel wider on each side: a ring whose box lies beyond
    # it is dropped before its points are placed (a locator map shows a few of ~250 outlines).
    margin = 1 / scale
    left, right, top, bottom = x0 - margin, x0 + (WIDTH + 1) / scale, y0 + margin, y0 - (view.height + 1) / scale
    for ring in rings:
        projected, (min_x, max_x, min_y, max_y) = _projected(ring)
        if max_x < left or min_x > right or min_y > top or max_y < bottom:
            continue
        pts = [(round((x - x0) * scale, 1), round((y0 - y) * scale, 1)) for x, y in projected]  # = view.px
        xs, ys = [x for x, _y in pts], [y for _x, y in pts]
        if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > view.height:
            continue
        parts.append("M" + "L".join(f"{x},{y}" for x, y in pts) + "Z")
    return "".join(parts)


_PROJECTED: dict[int, tuple[list, list, tuple[float, float, float, float]]] = {}


def _projected(ring: list) -> tuple[list[tuple[float, float]], tuple[float, float, float, float]]:
    """A ring's points projected, and their box (min x, max x, min y, max y), once per process for
    each ring of the outlines (a map drew ~150,000 points: the projection was most of a place
    page's map)."""
    kept = _PROJECTED.get(id(ring))
    if kept is None or kept[0] is not ring:  # (the ring is held, so its id is not reused)
        points = [PROJECTION.project(lon, lat) for lon, lat in ring]
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        kept = _PROJECTED[id(ring)] = (ring, points, (min(xs), max(xs), min(ys), max(ys)))
    return kept[1], kept[2]


def _region_weight(country: str) -> int:
    # The region's cities first when a name is shared (Brest, Belarus before Brest, France).
    return 4 if country in REGION else 1


def locate(names: list[str], data_dir: Path) -> dict[str, tuple[float, float]]:
    """(lon, lat) of each place name that the venue list or the place table knows.

    A venue wins over a city of the same name (but a venue named like its city, such as the
    Kremlin's "Moscow", does not stand for the city); among cities, the most populous, weighted
    towards the region, as in extraction."""
    wanted = {name_key(n): n for n in names}
    found: dict[str, tuple[float, float]] = {}
    for venue in read_venues(data_dir / "venues.yaml"):
        for alias in venue.names:
            name = wanted.get(name_key(alias))
            if name is not None and name not in found:
                found[name] = (venue.lon, venue.lat)
    best: dict[str, tuple[int, float, float]] = {}
    for row in read_places(data_dir / "places.tsv"):
        for alias in (row.name, *row.aliases):
            name = wanted.get(fold_name(alias))  # uncached: the table's 300,000 aliases are read once
            if name is None or name in found:
                continue
            score = row.population * _region_weight(row.country)
            if name not in best or score > best[name][0]:
                best[name] = (score, row.lon, row.lat)
    found.update({name: (lon, lat) for name, (_s, lon, lat) in best.items()})
    return found


MIN_SPAN = 0.18
"""The smallest extent of the map, in projection units (about 1,150 km): one city still shows its
surroundings."""
LOCATOR_SPAN = 0.16
"""The extent of a place's locator map (about 1,000 km)."""
ASPECT = (0.5, 0.75)
"""Height / width of the map, at least and at most."""
WIDTHS = (340, 1024)
"""The narrowest and widest the map is drawn (px, see .map-box in style.css): labels are placed so
that they overlap at neither, and so at no width between."""
LABEL_PX = (7.0, 16.0, 6.0)
"""Label text: width of a character (an over-estimate at 12 px), line height, padding."""
MAX_LABELS = 14


def dot_radius(count: int) -> float:
    """A place's dot, in px whatever the map's width (HTML, not scaled with the picture)."""
    return round(min(22.0, 4.0 + 3.0 * math.sqrt(count)), 1)


def _fit(points: list[tuple[float, float]], min_span: float, centre: tuple[float, float] | None = None) -> View:
    """A view of the points with a margin, at least min_span wide, its height / width within ASPECT."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cx, cy = centre or ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    dx = max((max(xs) - min(xs)) * 1.2, min_span)
    dy = (max(ys) - min(ys)) * 1.3
    if dy < dx * ASPECT[0]:
        dy = dx * ASPECT[0]
    if dy > dx * ASPECT[1]:
        dx = dy / ASPECT[1]
    scale = WIDTH / dx
    return View(cx - dx / 2, cy + dy / 2, scale, round(dy * scale, 1))


def _label_boxes(x: float, y: float, r: float, text: str, width_px: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Candidate boxes (left, top, right, bottom in px) of a label at a map width, by side."""
    k = width_px / WIDTH
    ax, ay = x * k, y * k
    char, line, pad = LABEL_PX
    w, h = len(text) * char + pad, line
    return [
        ("e", (ax + r + 3, ay - h / 2, ax + r + 3 + w, ay + h / 2)),
        ("w", (ax - r - 3 - w, ay - h / 2, ax - r - 3, ay + h / 2)),
        ("n", (ax - w / 2, ay - r - 2 - h, ax + w / 2, ay - r - 2)),
        ("s", (ax - w / 2, ay + r + 2, ax + w / 2, ay + r + 2 + h)),
    ]


def _overlap(a, b, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _apart(a: list, b: list, gap: float = 1.0) -> bool:
    """Whether two labels (their boxes at each width of WIDTHS) are apart at every width between:
    one axis must separate them, the same one, at the narrowest and at the widest map (positions
    move linearly with the width, sizes not, so what holds at both ends holds between)."""
    for lo, hi in ((0, 2), (1, 3)):
        if all(x[hi] + gap <= y[lo] for x, y in zip(a, b)) or all(y[hi] + gap <= x[lo] for x, y in zip(a, b)):
            return True
    return False


def place_labels(dots: list[tuple[str, float, float, float]], height: float, limit: int = MAX_LABELS) -> dict[str, str]:
    """Label sides for the busiest places (dots are (name, x, y, radius px), busiest first) such that
    no two labels overlap, nor a label another labelled place's dot, nor leave the map, at any
    width from the narrowest to the widest map (see _apart)."""
    placed: list[tuple[list, str]] = []  # (boxes at each width, name)
    sides: dict[str, str] = {}
    for name, x, y, r in dots:
        if len(sides) >= limit:
            break
        for side_index in range(4):
            boxes, side = [], ""
            for wpx in WIDTHS:
                side, box = _label_boxes(x, y, r, name, wpx)[side_index]
                boxes.append(box)
            if any(box[0] < 2 or box[1] < 2 or box[2] > wpx - 2 or box[3] > height * wpx / WIDTH - 2 for box, wpx in zip(boxes, WIDTHS)):
                continue
            if not all(_apart(boxes, other) for other, _n in placed):
                continue
            dots_apart = True
            for other_name, ox, oy, orr in dots:  # the dots of labelled places stay visible
                if other_name != name and other_name in sides:
                    dot_boxes = [(ox * w / WIDTH - orr, oy * w / WIDTH - orr, ox * w / WIDTH + orr, oy * w / WIDTH + orr) for w in WIDTHS]
                    if not _apart(boxes, dot_boxes, 0.0):
                        dots_apart = False
                        break
            if dots_apart:
                placed.append((boxes, name))
                sides[name] = side
                break
    return sides


def map_svg(inputs, canon, data_dir: Path, page_url: str, pretty: bool, where: dict | None = None, tr=None) -> Markup:
    """The map of a MapInputs: country outlines as an SVG picture; the places as HTML links over
    it (a dot sized by count, in px), the busiest labelled where labels do not collide, the rest
    listed below; a legend. `where` gives places' (lon, lat) if already looked up; `tr` the
    translations of the site's language."""
    import gettext as _gettext

    tr = tr or _gettext.NullTranslations()
    names = [m.ref.name for m in inputs.places]
    where = where if where is not None else locate(names, data_dir)
    located = [(m, *where[m.ref.name]) for m in inputs.places if m.ref.name in where]
    focus = inputs.focus
    if focus is not None and focus not in where:
        return Markup("")
    codes = {canon.codes[m.ref.name]: m for m in inputs.countries if m.ref.name in canon.codes}
    if not located:
        return Markup("")
    if focus is not None:
        centre = PROJECTION.project(*where[focus])
        view = _fit([centre], LOCATOR_SPAN, centre)
    else:
        view = _fit([PROJECTION.project(lon, lat) for _m, lon, lat in located], MIN_SPAN)
    countries = outlines(data_dir / "world-110m.json")
    out = [f'<div class="map-box" style="padding-top:{round(100 * view.height / WIDTH, 3)}%">']
    out.append(f'<svg class="map" viewBox="0 0 {WIDTH} {view.height}" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">')
    for c in countries:
        d = _path(c["rings"], view)
        if d:
            out.append(f'<path class="land{" has" if c["iso2"] in codes else ""}" d="{d}"></path>')
    out.append("</svg>")

    def briefings(n: int) -> str:
        return tr.ngettext("%(num)d briefing", "%(num)d briefings", n) % {"num": n}

    # A locator map (a place's own page) shows where the place is among the others, not how often
    # each is named: the others' dots are all alike, so an article elsewhere leaves the page as it is.
    def counted(m) -> bool:
        return focus is None or m.ref.name == focus

    ordered = sorted(located, key=lambda t: (t[0].ref.name != focus, -t[0].count if counted(t[0]) else 0, t[0].ref.name))
    dots, shown = [], []
    for m, lon, lat in ordered:
        x, y = view.px(lon, lat)
        if not (0 <= x <= WIDTH and 0 <= y <= view.height):
            continue  # outside a locator map's view
        r = dot_radius(m.count if counted(m) else 1)
        dots.append((m.ref.name, x, y, r))
        shown.append((m, x, y, r))
    sides = place_labels(dots, view.height, 1 if focus is not None and len(dots) > 12 else MAX_LABELS)
    links, labels, rest = [], [], []
    for m, x, y, r in sorted(shown, key=lambda t: -t[3]):  # big dots under small ones
        href = escape(urls.relative(page_url, m.ref.url, pretty))
        left, top = round(100 * x / WIDTH, 2), round(100 * y / view.height, 2)
        cls = "dot focus" if m.ref.name == focus else "dot"
        links.append(
            f'<a class="{cls}" href="{href}" style="left:{left}%;top:{top}%;width:{2 * r}px;height:{2 * r}px;margin:-{r}px 0 0 -{r}px" title="{escape(m.ref.name)}">'
            f'<span class="visually-hidden">{escape(m.ref.name)}{": " + escape(briefings(m.count)) if counted(m) else ""}</span></a>'
        )
        side = sides.get(m.ref.name)
        if side is None:
            if m.ref.name != focus:
                rest.append(m)
            continue
        offset = {"e": f"margin-left:{round(r + 3, 1)}px", "w": f"margin-left:-{round(r + 3, 1)}px", "n": f"margin-top:-{round(r + 2, 1)}px", "s": f"margin-top:{round(r + 2, 1)}px"}[side]
        labels.append(f'<span class="label {side}" style="left:{left}%;top:{top}%;{offset}">{escape(m.ref.name)}</span>')
    out.append(f'<div class="dots">{"".join(links)}</div>')
    out.append(f'<div class="labels" aria-hidden="true">{"".join(labels)}</div>')
    out.append("</div>")
    if focus is None:
        counts = sorted({m.count for m, *_ in shown})
        steps = sorted({counts[0], counts[len(counts) // 2], counts[-1]})
        legend = "".join(f'<li><span class="swatch dot-key" style="width:{2 * dot_radius(n)}px;height:{2 * dot_radius(n)}px" aria-hidden="true"></span>{escape(briefings(n))}</li>' for n in steps)
        if codes:
            legend += f'<li><span class="swatch land-key" aria-hidden="true"></span>{escape(tr.gettext("country named in briefings"))}</li>'
        out.append(f'<ul class="legend" aria-label="{escape(tr.gettext("Legend"))}">{legend}</ul>')
        if rest:
            items = "".join(
                f'<li><a href="{escape(urls.relative(page_url, m.ref.url, pretty))}">{escape(m.ref.name)}</a> <span class="count">{m.count}</span></li>'
                for m in sorted(rest, key=lambda m: (-m.count, m.ref.name))
            )
            out.append(f'<p class="map-more">{escape(tr.gettext("Also on the map, unlabelled:"))}</p><ul class="map-rest">{items}</ul>')
    return Markup("".join(out))
