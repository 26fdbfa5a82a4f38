"""The places a place page's locator map shows: those inside its view, not all of them.

A place's page draws the place among the others around it (geo.map_svg with a focus). Its inputs
held every place of the site, so one article added (a count changed anywhere) re-rendered every
place page, ~240 of 290 at 1,000 articles for nothing. Inside a `cache` block, `around` keeps only
the places inside the view map_svg computes (the same test, on the same numbers), so a place's page
changes only when a place it shows does; map_svg draws exactly the same map from them.

The places' locations (geo.locate reads the 300,000 names of the place table, ~0.13 s) are kept in
a file, by the place names and the map data's version.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import pickle
from collections.abc import Iterator
from pathlib import Path

_active: list[_Located] = []


class _Located:
    def __init__(self, path: Path, data_dir: Path, version: str):
        self.path, self.data_dir, self.version = path, data_dir, version
        self.names: tuple[str, ...] | None = None
        self.where: dict[str, tuple[float, float]] = {}
        self.xs: list[tuple[float, str]] = []
        self.points: dict[str, tuple[float, float]] = {}
        self.position: dict[str, int] = {}
        """Where each place's name stands in the tuple last loaded."""
        self._loaded_for: tuple | None = None

    def load(self, places: tuple) -> None:
        from . import geo

        if places is self._loaded_for:
            return  # (every place page of a plan asks with the same tuple)
        self.position = {m.ref.name: k for k, m in enumerate(places)}
        names = tuple(sorted(self.position))
        if names == self.names:
            self._loaded_for = places
            return
        key = hashlib.sha256(repr((self.version, names)).encode("utf-8", "surrogateescape")).hexdigest()
        where = None
        try:
            with self.path.open("rb") as f:
                stored_key, stored = pickle.load(f)
            if stored_key == key:
                where = stored
        except Exception:  # a cache: located again
            pass
        if where is None:
            where = geo.locate(list(names), self.data_dir)
            try:
                from .files import atomic_write

                atomic_write(self.path, pickle.dumps((key, where), protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:
                pass
        self.names, self.where = names, where
        _last[:] = [(self.version, frozenset(names), where)]
        self.points = {name: geo.PROJECTION.project(*lonlat) for name, lonlat in where.items()}
        self.xs = sorted((p[0], name) for name, p in self.points.items())
        self._loaded_for = places

    def around(self, places: tuple, focus: str) -> tuple:
        from . import geo

        self.load(places)
        if focus not in self.where:
            return places  # no map is drawn
        centre = self.points[focus]
        view = geo._fit([centre], geo.LOCATOR_SPAN, centre)
        # candidates by projected x (a margin of a few pixels), then map_svg's own test
        margin = 2 / view.scale
        lo = bisect.bisect_left(self.xs, (view.x0 - margin, ""))
        hi = bisect.bisect_right(self.xs, (view.x0 + geo.WIDTH / view.scale + margin, "\U0010ffff"))
        shown = []
        for _x, name in self.xs[lo:hi]:  # (a few names: not a pass over all the site's places)
            k = self.position.get(name)
            if k is not None:
                x, y = self.points[name]
                px, py = round((x - view.x0) * view.scale, 1), round((view.y0 - y) * view.scale, 1)  # geo.View.px
                if 0 <= px <= geo.WIDTH and 0 <= py <= view.height:
                    shown.append(k)
        return tuple(places[k] for k in sorted(shown))


_last: list = []
"""(map data version, names, locations) of the site's places, as the last plan located them."""


def located(names: list[str], data_dir: Path, version: str) -> dict[str, tuple[float, float]]:
    """geo.locate of the site's places: the plan's, if it located these names (all the site's
    places, as a cold build locates them for its maps) with this map data."""
    from . import geo

    if _last and _last[0][0] == version and _last[0][1].issuperset(names):
        return _last[0][2]
    return geo.locate(names, data_dir)


def around(places: tuple, focus: str) -> tuple:
    """The places of `places` (Mentioned) that the locator map of `focus` shows, in their order;
    `places` itself outside a `cache` block or when `focus` has no location."""
    return _active[-1].around(places, focus) if _active else places


@contextlib.contextmanager
def cache(path: Path, data_dir: Path, version: str) -> Iterator[str]:
    """Locate places with the map data in `data_dir` (of `version`), remembered in `path`; yields `version`."""
    located = _Located(path, data_dir, version)
    _active.append(located)
    try:
        yield version
    finally:
        _active.remove(located)
