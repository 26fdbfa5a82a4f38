"""Canonical names at build time: the aliases of `data/entities.yaml`, applied to every page.

An editor who adds an alias once merges the entity pages of all articles, edited or not, on the
next build. Only the data file is read here (no place table, no NLP), so builds stay fast.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import yamlio
from .errors import BriefingError, Problem

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
    path = data_dir / "entities.yaml"
    if not path.exists():
        return Canon()
    raw = path.read_bytes()
    try:
        data = yamlio.load(raw.decode("utf-8")) or {}
    except (yamlio.YAMLError, UnicodeDecodeError) as exc:
        line = yamlio.error_line(exc) if isinstance(exc, yamlio.YAMLError) else None
        raise BriefingError(Problem(str(path), f"invalid entity data file: {exc if line is None else yamlio.error_text(exc)}", line)) from None
    if not isinstance(data, dict):
        raise BriefingError(Problem(str(path), "the entity data file must map sections (organizations, people, ...) to lists"))
    names: dict[str, dict[str, str]] = {}
    descriptions: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], tuple[str, ...]] = {}
    codes: dict[str, str] = {}
    for section in SECTIONS.values():
        table: dict[str, str] = {}
        for i, entry in enumerate(data.get(section) or []):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise BriefingError(Problem(str(path), f"entry {i + 1} of '{section}' needs a 'name'"))
            canonical = str(entry["name"]).strip()
            entry_aliases = tuple(str(a).strip() for a in entry.get("aliases") or () if str(a).strip())
            for alias in (canonical, *entry_aliases):
                table.setdefault(name_key(alias), canonical)
            if entry.get("description"):
                descriptions[(section, canonical)] = str(entry["description"])
            aliases[(section, canonical)] = entry_aliases
            if section == "countries" and entry.get("country"):
                codes[canonical] = str(entry["country"]).upper()
        names[section] = table
    return Canon(names, descriptions, aliases, codes, hashlib.sha256(raw).hexdigest())
