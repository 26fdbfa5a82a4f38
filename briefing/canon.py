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
from .entityfile import EntityEntry, fold_name, read_entity_file
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
    details: dict[tuple[str, str], dict] = field(default_factory=dict)
    """(section, canonical name) -> what a dossier shows besides the description: `roles`
    ([{title, country|org, from, to}]), `seat`, `capital`, `founded`, `country` (ISO code), `sort_as`."""
    digest: str = ""
    """Hash of the data file: pages that show canonical names depend on it."""

    def name(self, section: str, value: str) -> str:
        return self.names.get(section, {}).get(name_key(value), value)


name_key = lru_cache(maxsize=100_000)(fold_name)
"""fold_name, remembered: the same names are compared again and again in a build."""


def load_canon(data_dir: Path) -> Canon:
    """The canonical names of the entity data file (read by entityfile, shared with extraction)."""
    data = read_entity_file(data_dir / "entities.yaml")
    names: dict[str, dict[str, str]] = {}
    descriptions: dict[tuple[str, str], str] = {}
    details: dict[tuple[str, str], dict] = {}
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
            facts = _facts(section, entry)
            if facts:
                details[(section, entry.name)] = facts
        names[section] = table
    extra, extra_raw = _descriptions(data_dir / DESCRIPTIONS, names)
    for key, (text, more_aliases) in extra.items():
        descriptions.setdefault(key, text)
        if more_aliases:
            aliases[key] = tuple(dict.fromkeys((*aliases.get(key, ()), *more_aliases)))
    return Canon(names, descriptions, aliases, codes, details, hashlib.sha256(data.digest.encode() + extra_raw).hexdigest())


DETAIL_KEYS = ("roles", "seat", "capital", "founded", "country", "sort_as")


def _facts(section: str, entry: EntityEntry) -> dict:
    """What an entity page shows from the data file besides the description (a country's seat
    is its capital)."""
    roles = [{k: v for k, v in (("title", r.title), ("from", r.start), ("to", r.end), ("country", r.country), ("org", r.org)) if v} for r in entry.roles]
    facts = {
        "roles": roles,
        "seat": entry.seat if section != "countries" else "",
        "capital": entry.seat if section == "countries" else "",
        "founded": entry.founded,
        "country": entry.country,
        "sort_as": entry.sort_as,
    }
    return {k: v for k, v in facts.items() if v}


DESCRIPTIONS = "descriptions.yaml"
"""Descriptions of countries and places for their pages (`section: {name: text}` or
`{name: {description, aliases}}`), kept apart from the entity file that extraction reads."""


def _descriptions(path: Path, names: dict[str, dict[str, str]]) -> tuple[dict[tuple[str, str], tuple[str, tuple[str, ...]]], bytes]:
    if not path.exists():
        return {}, b""
    raw = path.read_bytes()
    try:
        data = yamlio.load(raw.decode("utf-8")) or {}
    except (yamlio.YAMLError, UnicodeDecodeError) as exc:
        line = yamlio.error_line(exc) if isinstance(exc, yamlio.YAMLError) else None
        raise BriefingError(Problem(str(path), f"invalid description file: {exc if line is None else yamlio.error_text(exc)}", line)) from None
    if not isinstance(data, dict):
        raise BriefingError(Problem(str(path), "the description file must map sections (countries, places) to names and texts"))
    out: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for section in SECTIONS.values():
        for name, value in (data.get(section) or {}).items():
            canonical = names.get(section, {}).get(name_key(str(name)), str(name))
            if isinstance(value, dict):
                text, more = str(value.get("description") or ""), tuple(str(a) for a in value.get("aliases") or ())
            else:
                text, more = str(value), ()
            out[(section, canonical)] = (" ".join(text.split()), more)
            for alias in more:  # a place's other spellings lead to its page too
                names.setdefault(section, {}).setdefault(name_key(alias), canonical)
    return out, raw
