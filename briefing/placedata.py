"""The place table and the venue list (`data/places.tsv`, `data/venues.yaml`), read and checked.

Extraction (the gazetteer) and the map both read them; a malformed line is an error that names
the file and the line, not a crash. Plain reading only: no NLP, so the map can use it cheaply.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import yamlio
from .errors import BriefingError, Problem

PLACE_COLUMNS = ("name", "country", "lat", "lon", "population", "admin1", "aliases")


@dataclass(frozen=True, slots=True)
class PlaceRow:
    name: str
    country: str
    lat: float
    lon: float
    population: int
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VenueRow:
    name: str
    """What to report as the event location."""
    aliases: tuple[str, ...]
    city: str
    country: str
    lat: float
    lon: float
    kind: str

    @property
    def names(self) -> tuple[str, ...]:
        """The names that lead to this venue. Its own name only when it is not its city's name:
        a venue called "Moscow" (the Kremlin) does not take the city of Moscow's name."""
        return self.aliases if self.name == self.city else (self.name, *self.aliases)


def read_places(path: Path) -> Iterator[PlaceRow]:
    """Rows of the place table (tab-separated, see PLACE_COLUMNS); none if the file is absent."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or line.startswith("name\t") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) != len(PLACE_COLUMNS):
                raise BriefingError(Problem(str(path), f"expected {len(PLACE_COLUMNS)} tab-separated columns ({', '.join(PLACE_COLUMNS)}), found {len(cells)}", n))
            name, country, lat, lon, pop, _admin, aliases = cells
            try:
                yield PlaceRow(name, country, float(lat), float(lon), int(pop or 0), tuple(a for a in aliases.split("|") if a))
            except ValueError:
                raise BriefingError(Problem(str(path), "lat and lon must be numbers and population a whole number", n)) from None


def read_venues(path: Path) -> list[VenueRow]:
    """The curated venues and residences; an empty list if the file is absent."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        raw = yamlio.load(text) or []
    except yamlio.YAMLError as exc:
        raise BriefingError(Problem(str(path), f"invalid YAML: {yamlio.error_text(exc)}", yamlio.error_line(exc))) from None
    if not isinstance(raw, list):
        raise BriefingError(Problem(str(path), "the venue list must be a YAML list of entries (- name: ...)"))
    venues = []
    for i, entry in enumerate(raw, 1):
        try:
            name = str(entry["name"])
            venues.append(
                VenueRow(
                    name,
                    tuple(str(a) for a in entry.get("aliases") or ()),
                    str(entry.get("city") or name),
                    str(entry.get("country") or ""),
                    float(entry["lat"]),
                    float(entry["lon"]),
                    str(entry.get("kind") or "venue"),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BriefingError(Problem(str(path), f"entry {i} needs a name and numeric lat and lon")) from None
    return venues
