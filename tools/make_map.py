"""Make data/world-110m.json, the country outlines of the places/ map, from Natural Earth 1:110m.

Run by hand from the repository root when the outlines should be rebuilt:

    python tools/make_map.py

The script runs `npm pack world-atlas@2.0.2` in a temporary folder (Node.js' npm must be on
PATH), reads countries-110m.json (TopoJSON) from the tarball and deletes the folder: nothing is
left in the repository. To work from a copy already at hand, unpack the tarball yourself
(`npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz` in a temporary folder) and run
`python tools/make_map.py --input /that/folder/package/countries-110m.json`. Options
--tolerance and --output let one try another simplification without touching the data file.

Steps, in plain Python (standard library and pycountry only):
- decode the TopoJSON arcs (delta-encoded, quantized by transform.scale/translate);
- simplify every arc once with Douglas-Peucker (TOLERANCE degrees) before rings are made from
  them, so neighbouring countries keep identical borders; points on the antimeridian are kept;
- make the rings (arc index ~i, i.e. -i-1, is arc i reversed), flattened: holes are plain rings,
  so draw them with fill-rule="evenodd";
- cut at the antimeridian the rings that cross it (Russia's Chukotka and Wrangel Island): the
  part east of 180 degrees is dropped, so nothing wraps round the map;
- drop rings lying wholly outside lon LON_RANGE, round coordinates to DECIMALS;
- drop rings of under 4 points; keep the countries with a ring whose extent overlaps BBOX, and
  drop their rings of under MIN_AREA square degrees except the largest one of each country;
- name countries by ISO 3166-1 alpha-2 and a short English name from pycountry; the three
  features of the source without an ISO code keep their own name (Kosovo gets the common
  user-assigned code XK, N. Cyprus and Somaliland an empty code).

Output: compact JSON with sorted keys, countries sorted by (iso2, name), rings of a country by
area, largest first; coordinates are [lon, lat]. The output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "data" / "world-110m.json"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
SOURCE = "Natural Earth 1:110m (public domain) via world-atlas 2.0.2; made by tools/make_map.py"
BBOX = (15, 10, 140, 78)  # west, south, east, north: the region the map shows
LON_RANGE = (-30, 180)  # rings wholly outside it are dropped
TOLERANCE = 0.15  # Douglas-Peucker tolerance, degrees
DECIMALS = 2
MIN_AREA = 0.05  # square degrees

# Features without an ISO numeric id in the source, by their name there.
NO_ISO_CODE = {"Kosovo": "XK", "N. Cyprus": "", "Somaliland": ""}
# Short names where pycountry has only a long or formal one.
SHORT_NAMES = {"RU": "Russia", "PS": "Palestine"}

Point = tuple[float, float]


def load_topology(path: Path | None) -> dict:
    """The TopoJSON from `path`, or from the npm package packed into a temporary folder."""
    if path is not None:
        return json.loads(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        packed = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True, text=True)
        tarball = Path(tmp) / packed.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as tar:
            return json.load(tar.extractfile(MEMBER))


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute [lon, lat] points of every arc: positions are deltas of quantized integers."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """Euclidean distance, in degrees, from p to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker; the ends and the points on the antimeridian are always kept."""
    keep = {0, len(points) - 1} | {i for i, (lon, _) in enumerate(points) if abs(lon) == 180}
    anchors = sorted(keep)
    stack = list(zip(anchors, anchors[1:]))
    while stack:
        first, last = stack.pop()
        best, farthest = 0.0, None
        for i in range(first + 1, last):
            d = distance_to_segment(points[i], points[first], points[last])
            if d > best:
                best, farthest = d, i
        if farthest is not None and best > tolerance:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [points[i] for i in sorted(keep)]


def make_ring(indices: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Join the arcs of a ring; each arc starts where the previous one ends."""
    ring: list[Point] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def cut_antimeridian(ring: list[Point]) -> list[Point]:
    """A ring spanning more than 180 degrees of longitude crosses the antimeridian at points
    on it (Natural Earth is cut there): keep its part west of 180, moving -180 to 180."""
    lons = [lon for lon, _ in ring]
    if max(lons) - min(lons) <= 180:
        return ring
    moved = [(180.0 if lon == -180 else lon, lat) for lon, lat in ring]
    return [(lon, lat) for lon, lat in moved if lon >= 0]


def round_ring(ring: list[Point]) -> list[list[float]]:
    """Coordinates rounded to DECIMALS (no -0.0), repeats dropped, the ring closed."""
    rounded: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0]
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def area(ring: list[list[float]]) -> float:
    """Unsigned area in square degrees (shoelace formula)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))) / 2


def in_lon_range(ring: list[list[float]]) -> bool:
    """Whether the ring is not wholly outside LON_RANGE."""
    return max(lon for lon, _ in ring) >= LON_RANGE[0] and min(lon for lon, _ in ring) <= LON_RANGE[1]


def meets_box(ring: list[list[float]]) -> bool:
    """Whether the ring's extent overlaps BBOX (with world-atlas 2.0.2 this keeps the same
    countries as an exact polygon-rectangle test)."""
    west, south, east, north = BBOX
    lons, lats = [lon for lon, _ in ring], [lat for _, lat in ring]
    return min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south


def identify(geometry: dict) -> tuple[str, str]:
    """(ISO alpha-2, short English name) of a feature."""
    if "id" not in geometry:
        name = geometry["properties"]["name"]
        return NO_ISO_CODE[name], name
    country = pycountry.countries.get(numeric=geometry["id"])
    name = SHORT_NAMES.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
    return country.alpha_2, name


def country_rings(geometry: dict, arcs: list[list[Point]]) -> list[list[list[float]]]:
    """The rounded rings of a feature of 4 points or more within LON_RANGE, largest first."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = [round_ring(cut_antimeridian(make_ring(ring, arcs))) for polygon in polygons for ring in polygon]
    return sorted((ring for ring in rings if len(ring) >= 4 and in_lon_range(ring)), key=area, reverse=True)


def keep_large(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """The largest ring, and the others of at least MIN_AREA."""
    return rings[:1] + [ring for ring in rings[1:] if area(ring) >= MIN_AREA]


def build(topology: dict, tolerance: float) -> dict:
    """The content of the output file."""
    arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = country_rings(geometry, arcs)
        if any(meets_box(ring) for ring in rings):
            iso2, name = identify(geometry)
            countries.append({"iso2": iso2, "name": name, "rings": keep_large(rings)})
    countries.sort(key=lambda country: (country["iso2"], country["name"]))
    return {"source": SOURCE, "bbox": list(BBOX), "countries": countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, help="countries-110m.json already unpacked (default: npm pack)")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="Douglas-Peucker tolerance, degrees")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(load_topology(args.input), args.tolerance)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    rings = [ring for country in data["countries"] for ring in country["rings"]]
    print(f"{args.output}: {len(data['countries'])} countries, {len(rings)} rings, {sum(map(len, rings))} points, {len(text.encode('utf-8'))} bytes")


if __name__ == "__main__":
    main()
