"""Checks of the committed country outlines of the places/ map (made by tools/make_map.py)."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "world-110m.json"


def load() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_file_is_small():
    assert DATA.stat().st_size < 300_000


def test_region_countries_have_rings():
    countries = {c["iso2"]: c for c in load()["countries"]}
    for iso2, name in [("BY", "Belarus"), ("RU", "Russia"), ("KZ", "Kazakhstan"), ("CN", "China"), ("AM", "Armenia")]:
        assert countries[iso2]["name"] == name
        assert len(countries[iso2]["rings"]) >= 1


def test_rings_are_closed_polygons_inside_the_map():
    data = load()
    assert data["bbox"] == [15, 10, 140, 78]
    for country in data["countries"]:
        for ring in country["rings"]:
            assert len(ring) >= 4 and ring[0] == ring[-1], country["name"]
            for lon, lat in ring:
                assert -30 <= lon <= 180 and -10 <= lat <= 90, (country["name"], lon, lat)
