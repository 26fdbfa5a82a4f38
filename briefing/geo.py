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
    for ring in rings:
        pts = [view.px(lon, lat) for lon, lat in ring]
        xs, ys = [x for x, _y in pts], [y for _x, y in pts]
        if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > view.height:
            continue
        parts.append("M" + "L".join(f"{x},{y}" for x, y in pts) + "Z")
    return "".join(parts)


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


def map_svg(inputs, canon, data_dir: Path, page_url: str, pretty: bool) -> Markup:
    """The map of a MapInputs (places and countries with counts) as inline SVG; canon gives the
    countries' ISO codes."""
    where = locate([m.ref.name for m in inputs.places], data_dir)
    located = [(m, *where[m.ref.name]) for m in inputs.places if m.ref.name in where]
    codes = {canon.codes[m.ref.name]: m for m in inputs.countries if m.ref.name in canon.codes}
    countries = outlines(data_dir / "world-110m.json")
    if not located and not codes:
        return Markup("")
    box = [PROJECTION.project(lon, lat) for lon in (CORE[0][0], CORE[1][0]) for lat in (CORE[0][1], CORE[1][1])]
    box += [PROJECTION.project(lon, lat) for _m, lon, lat in located]
    for c in countries:
        if c["iso2"] in codes:
            box += [PROJECTION.project(lon, lat) for ring in c["rings"] for lon, lat in ring[:: max(1, len(ring) // 8)]]
    view = View.fit(box)
    out = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {view.height}" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">'
    ]
    for c in countries:
        d = _path(c["rings"], view)
        if not d:
            continue
        m = codes.get(c["iso2"])
        if m is None:
            out.append(f'<path class="land" d="{d}"></path>')
        else:
            href = escape(urls.relative(page_url, m.ref.url, pretty))
            label = f"{m.ref.name}: {m.count} briefing{'s' if m.count != 1 else ''}"
            out.append(f'<a href="{href}" tabindex="-1"><title>{escape(label)}</title><path class="land has" d="{d}"></path></a>')
    for i, (m, lon, lat) in enumerate(sorted(located, key=lambda t: (-t[0].count, t[0].ref.name))):
        x, y = view.px(lon, lat)
        r = round(3 + 2.2 * math.sqrt(m.count), 1)
        href = escape(urls.relative(page_url, m.ref.url, pretty))
        label = f"{m.ref.name}: {m.count} briefing{'s' if m.count != 1 else ''}"
        text = f'<text x="{round(x + r + 2, 1)}" y="{round(y + 4, 1)}">{escape(m.ref.name)}</text>' if i < 10 else ""
        out.append(f'<a href="{href}" tabindex="-1"><title>{escape(label)}</title><circle cx="{x}" cy="{y}" r="{r}"></circle>{text}</a>')
    out.append("</svg>")
    return Markup("".join(out))
