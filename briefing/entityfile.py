"""`data/entities.yaml`, read and validated in one place for extraction and the build.

The file maps sections (organizations, people, countries) to lists of entries; each entry has a
canonical `name` and may have `aliases` and the keys below. A broken file is the editor's error
(exit 1) naming the file, the line and what to change, whichever command read it first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlio
from .errors import BriefingError, Problem

SECTIONS = ("organizations", "people", "countries", "places")
KEYS = {
    "organizations": {"name", "aliases", "description", "seat", "kind", "country", "sort_as", "founded"},
    "people": {"name", "aliases", "description", "country", "roles", "sort_as"},
    "countries": {"name", "aliases", "description", "demonyms", "country", "code", "capital"},
    "places": {"name", "aliases", "description", "country"},
}
ROLE_KEYS = {"title", "from", "to", "country", "org"}


@dataclass(frozen=True, slots=True)
class RoleEntry:
    """A post a person held: its title, the years it began and ended (None: not known or still)."""

    title: str
    start: int | None = None
    end: int | None = None
    country: str = ""
    org: str = ""


@dataclass(frozen=True, slots=True)
class EntityEntry:
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    country: str = ""
    """ISO 3166 code (countries) or the country a body or person belongs to."""
    kind: str = ""
    seat: str = ""
    """Where an organization sits; a country's capital."""
    roles: tuple[RoleEntry, ...] = ()
    demonyms: tuple[str, ...] = ()
    sort_as: str = ""
    """How the name sorts in A-Z lists when not by its last word ("Xi Jinping" sorts as written)."""
    founded: int | None = None
    """The year an organization was founded (its anniversaries date a story)."""


@dataclass(frozen=True)
class EntityFile:
    sections: dict[str, tuple[EntityEntry, ...]] = field(default_factory=dict)
    digest: str = ""
    """sha256 of the file's bytes ('' when there is none)."""

    def section(self, name: str) -> tuple[EntityEntry, ...]:
        return self.sections.get(name, ())


def fold_name(name: str) -> str:
    """How names are compared: case, 'ё' and spacing do not matter."""
    return " ".join(name.casefold().replace("ё", "е").split())


def read_entity_file(path: Path) -> EntityFile:
    """The entity data file at `path` (an empty one when it does not exist)."""
    if not path.exists():
        return EntityFile()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
        data = yamlio.load(text) or {}
    except UnicodeDecodeError as exc:
        raise BriefingError(Problem(str(path), f"the entity data file is not valid UTF-8 (byte {exc.start}); save it as UTF-8")) from None
    except yamlio.YAMLError as exc:
        raise BriefingError(Problem(str(path), f"invalid entity data file: {yamlio.error_text(exc)}", yamlio.error_line(exc))) from None
    if not isinstance(data, dict):
        raise BriefingError(Problem(str(path), f"the entity data file must map sections ({', '.join(SECTIONS)}) to lists", 1))
    unknown = sorted(set(map(str, data)) - set(SECTIONS))
    if unknown:
        raise BriefingError(Problem(str(path), f"unknown section '{unknown[0]}'; the sections are {', '.join(SECTIONS)}", yamlio.key_lines(text).get(unknown[0])))
    sections = {}
    for section in SECTIONS:
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise BriefingError(Problem(str(path), f"'{section}' must be a list of entries", yamlio.key_lines(text).get(section)))
        sections[section] = tuple(_entry(section, i, e, path, text) for i, e in enumerate(entries))
        _one_entry_per_name(section, sections[section], path, text)
    return EntityFile(sections, hashlib.sha256(raw).hexdigest())


def _one_entry_per_name(section: str, entries: tuple[EntityEntry, ...], path: Path, text: str) -> None:
    """A name or alias names one entry of its section (case, 'ё' and spacing aside): given to two,
    the build could only guess which one the news means."""
    owner: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for name in dict.fromkeys(fold_name(n) for n in (entry.name, *entry.aliases)):
            first = owner.setdefault(name, i)
            if first != i:
                other = entries[first]
                where = _entry_line(text, section, first)
                raise BriefingError(
                    Problem(
                        str(path),
                        f"entry {i + 1} of '{section}' ({entry.name}): '{name}' is already a name or alias of {other.name}"
                        + (f" (line {where})" if where else "")
                        + "; a name or alias belongs to one entry: remove it from one of them",
                        _entry_line(text, section, i),
                    )
                )


def _entry(section: str, index: int, raw, path: Path, text: str) -> EntityEntry:
    def fail(message: str):
        return BriefingError(Problem(str(path), f"entry {index + 1} of '{section}': {message}", _entry_line(text, section, index)))

    if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
        raise fail("needs a 'name'")
    unknown = sorted(set(map(str, raw)) - KEYS[section])
    if unknown:
        raise fail(f"unknown key '{unknown[0]}'; an entry may have {', '.join(sorted(KEYS[section]))}")

    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key) or ()
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise fail(f"'{key}' must be a list, like [{value}]")
        return tuple(s for s in (str(v).strip() for v in value) if s)

    roles = raw.get("roles") or ()
    if not isinstance(roles, (list, tuple)):
        raise fail("'roles' must be a list of {title, from, to, country, org}")
    return EntityEntry(
        name=str(raw["name"]).strip(),
        aliases=strings("aliases"),
        description=str(raw.get("description") or ""),
        country=str(raw.get("country") or raw.get("code") or ""),
        kind=str(raw.get("kind") or ""),
        seat=str(raw.get("seat") or raw.get("capital") or ""),
        roles=tuple(_role(r, fail) for r in roles),
        demonyms=strings("demonyms"),
        sort_as=str(raw.get("sort_as") or ""),
        founded=_year(raw, "founded", fail),
    )


def _role(raw, fail) -> RoleEntry:
    if not isinstance(raw, dict) or not str(raw.get("title") or "").strip():
        raise fail("a role needs a 'title'")
    unknown = sorted(set(map(str, raw)) - ROLE_KEYS)
    if unknown:
        raise fail(f"unknown key '{unknown[0]}' in a role; a role may have {', '.join(sorted(ROLE_KEYS))}")

    return RoleEntry(str(raw["title"]).strip(), _year(raw, "from", fail, "the role's "), _year(raw, "to", fail, "the role's "), str(raw.get("country") or ""), str(raw.get("org") or ""))


def _year(raw: dict, key: str, fail, owner: str = "") -> int | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise fail(f"{owner}'{key}' must be a year like 2021, not {value!r}")
    return value


def _entry_line(text: str, section: str, index: int) -> int | None:
    """1-based line of an entry (composes the document again: only on the error path)."""
    try:
        node = yaml.compose(text, Loader=yamlio.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == section and isinstance(value, yaml.SequenceNode) and index < len(value.value):
            return value.value[index].start_mark.line + 1
    return None
