"""Canonical names at build time: the aliases of `data/entities.yaml`, applied to every page.

An editor who adds an alias once merges the entity pages of all articles, edited or not, on the
next build. Only the data file is read here (no place table, no NLP), so builds stay fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .entityfile import read_entity_file

# Front-matter list -> section of entities.yaml whose aliases apply to it.
SECTIONS = {"organizations": "organizations", "people": "people", "countries": "countries", "places": "places"}


@dataclass(frozen=True)
class Canon:
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    """Section -> folded alias -> canonical name."""
    descriptions: dict[tuple[str, str], str] = field(default_factory=dict)
    aliases: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    """Country name -> ISO 3166 code (the map shades countries by code)."""
    digest: str = ""
    """Hash of the data file: pages that show canonical names depend on it."""

    def name(self, section: str, value: str) -> str:
        return self.names.get(section, {}).get(name_key(value), value)


def fold_name(name: str) -> str:
    """How names are compared: case, 'ё' and spacing do not matter."""
    return " ".join(name.casefold().replace("ё", "е").split())


name_key = lru_cache(maxsize=100_000)(fold_name)
"""fold_name, remembered: the same names are compared again and again in a build."""


def load_canon(data_dir: Path) -> Canon:
    """The canonical names of the entity data file (read by entityfile, shared with extraction)."""
    data = read_entity_file(data_dir / "entities.yaml")
    names: dict[str, dict[str, str]] = {}
    descriptions: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], tuple[str, ...]] = {}
    codes: dict[str, str] = {}
    for section in SECTIONS.values():
        table: dict[str, str] = {}
        for entry in data.section(section):
            for alias in (entry.name, *entry.aliases):
                table.setdefault(name_key(alias), entry.name)
            if entry.description:
                descriptions[(section, entry.name)] = entry.description
            aliases[(section, entry.name)] = entry.aliases
            if section == "countries" and entry.country:
                codes[entry.name] = entry.country.upper()
        names[section] = table
    return Canon(names, descriptions, aliases, codes, data.digest)
