"""The data files read into a `Gazetteer` (the slow way: YAML, the place table and the morphology;
compiled.py keeps the result compiled in the site's cache folder).

- `entities.yaml`: organizations, people and countries with canonical names and aliases, roles with
  years for people, seats and capitals;
- `places.tsv`: cities >= 15,000 inhabitants from GeoNames (CC BY 4.0), made by tools/make_places.py;
- `venues.yaml`: residences, palaces and small places that news names as event locations;
- `given_names.txt`: given names that mark "Firstname Lastname" as a person;
- `tags.yaml`: the controlled tag vocabulary.
"""

from __future__ import annotations

from pathlib import Path

from .. import yamlio
from ..background import Background
from ..entityfile import EntityEntry, read_entity_file
from ..placedata import read_places, read_venues
from ..region import REGION
from .gazetteer import Entity, Gazetteer, Role, token_key
from .tagvocab import vocabulary
from .text import fold, key

DATA_FILES = ("entities.yaml", "places.tsv", "venues.yaml", "given_names.txt", "tags.yaml")


def build(folder: Path, parallel: bool = False) -> Gazetteer:
    """The gazetteer of the data files in `folder` (a missing file gives an empty part). `parallel`:
    read the place table in a forked child meanwhile (a cold build waits for this on one core)."""
    with Background(_places, folder / "places.tsv", folder / "venues.yaml", fork=parallel) as places:
        g = _entities_and_words(folder)
        g.places, g.place_rows, g.venues = places.result()
    return g


def _entities_and_words(folder: Path) -> Gazetteer:
    g = Gazetteer()
    data = read_entity_file(folder / "entities.yaml")
    g.organizations = [_entity("organization", e) for e in data.section("organizations")]
    g.people = [_entity("person", e) for e in data.section("people")]
    g.countries = _countries(data.section("countries"))
    for ent in (*g.organizations, *g.people, *g.countries):
        for alias in {ent.name, *ent.aliases}:
            g.index.add(alias, ent)
    for country in g.countries:
        for dem in country.demonyms:
            g.demonyms[token_key(dem)] = country
    for person in g.people:
        for alias in (person.name, *person.aliases):
            parts = alias.split()
            if len(parts) >= 2:
                bearers = g.surnames.setdefault(token_key(parts[-1]), [])
                if person not in bearers:
                    bearers.append(person)
    for country in g.countries:
        for name in (country.name, *country.aliases):
            n = fold(name)
            if " " not in n and len(n) >= 7 and n.isalpha():
                g.country_typos.setdefault(n, country)
                for i in range(len(n)):
                    g.country_typos.setdefault(n[:i] + n[i + 1 :], country)
    g.given_names = _given_names(folder / "given_names.txt")
    g.tags = vocabulary(_yaml(folder / "tags.yaml"))
    return g


def _yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    data = yamlio.load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _entity(kind: str, entry: EntityEntry) -> Entity:
    roles = tuple(Role(r.title, r.start, r.end, r.country, r.org) for r in entry.roles)
    return Entity(kind=kind, name=entry.name, aliases=entry.aliases, description=entry.description, country=entry.country, role=entry.kind, roles=roles, seat=entry.seat, founded=entry.founded)


def _countries(entries: tuple[EntityEntry, ...]) -> list[Entity]:
    """Countries from the data file, completed with pycountry's names for the ones it lacks."""
    out: list[Entity] = []
    owner: dict[str, int] = {}  # key of every known name -> index in out
    for e in entries:
        ent = Entity(kind="country", name=e.name, aliases=e.aliases, demonyms=e.demonyms, country=e.country, seat=e.seat)
        for n in (ent.name, *ent.aliases):
            owner.setdefault(key(n), len(out))
        out.append(ent)
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return out
    codes = {c.country for c in out}
    for c in pycountry.countries:
        names = [n for n in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)) if n and "," not in n]
        if not names or c.alpha_2 in codes:
            continue
        known = next((owner[key(n)] for n in names if key(n) in owner), None)
        if known is not None:
            ent = out[known]
            if not ent.country:  # the data file names it: fill in its ISO code
                out[known] = Entity("country", ent.name, ent.aliases, ent.description, c.alpha_2, ent.role, ent.demonyms, seat=ent.seat)
                codes.add(c.alpha_2)
            continue
        for n in names:
            owner.setdefault(key(n), len(out))
        out.append(Entity("country", names[0], tuple(names[1:]), country=c.alpha_2))
    return out


def _given_names(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(fold(line))
    return frozenset(names)


def _places(table: Path, venues: Path) -> tuple[dict[str, int | tuple[int, ...]], list[tuple], list[tuple[str, int]]]:
    """(alias key -> place indices, best first: venues, then by population; the places as rows of
    Place's fields; every venue alias with its place's index). One place: its index alone."""
    rows: list[tuple] = []
    index: dict[str, list[int]] = {}
    for row in read_places(table):
        i = len(rows)
        rows.append((row.name, row.country, row.lat, row.lon, row.population, "city", ""))
        for alias in {row.name, *row.aliases}:
            index.setdefault(key(alias), []).append(i)
    for ids in index.values():
        # The region's cities first when a name is shared (Brest, Belarus before Brest, France).
        ids.sort(key=lambda i: -rows[i][4] * (4 if rows[i][1] in REGION else 1))
    venue_aliases: list[tuple[str, int]] = []
    for venue in read_venues(venues):
        i = len(rows)
        rows.append((venue.name, venue.country, venue.lat, venue.lon, 0, venue.kind, venue.city))
        # A venue inside a city does not take the city's name, unless the table lacks that city.
        names = venue.names if key(venue.name) in index else (venue.name, *venue.names)
        for alias in dict.fromkeys(names):  # in file order: the same index in every process
            index.setdefault(key(alias), []).insert(0, i)
            venue_aliases.append((alias, i))
    compact = {k: ids[0] if len(ids) == 1 else tuple(ids) for k, ids in index.items()}
    return compact, rows, venue_aliases
