"""The original of an item (who published it, at which address, on which day) and what the
format's hints settle in what extraction found.

Extraction reads text; a seed's format often knows more (see readers/): a saved page's title,
date, address and site name, a feed entry's link and date, a Markdown file's YAML block. Here
they are applied, in this order of trust:

- `title`, `tags`, `language` and `date` given as hints (metadata, an editor's YAML block) win;
- the event date still comes from the text when the text states one; when the text gives a day
  without its year (or no date at all), the original's own date (`published`) settles the year:
  the day and month in the year that puts them nearest to it (an announcement can be a few days
  ahead). The year is then known, so there is no `date_note`;
- `publisher` is the first name that the data file knows (its `kind: agency` entries first, then
  other organizations, which publish their own news), else the site of the address
  (`data/sites.yaml`), else the name as the file gives it; `source_url` is http(s) only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from . import yamlio
from .readers import Reading
from .readers.text import clean_url

SITES_FILE = "sites.yaml"
_PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
_NAME_PARTS = re.compile(r"\s+[|–—:·»/-]\s+|\s*[|:]\s*")
_HOSTLIKE = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:[/:?#].*)?$", re.I)
_UNCERTAIN = ("year inferred", "year assumed", "no date in source", "year not in source")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an item was published: what front-matter's `source_url`, `publisher` and `published` hold."""

    source_url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None

    def as_record(self) -> dict:
        return {
            "source_url": self.source_url,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
        }


class Publishers:
    """Publisher names made canonical: the data file's agencies, then its other organizations,
    then the sites table for an address."""

    def __init__(self, gaz, data_dir: Path | None):
        from .canon import fold_name

        self._fold = fold_name
        self.agencies: dict[str, str] = {}
        self.organizations: dict[str, str] = {}
        for entity in getattr(gaz, "organizations", ()):
            table = self.agencies if entity.role == "agency" else self.organizations
            for alias in (entity.name, *entity.aliases):
                table.setdefault(fold_name(alias.strip('«»"')), entity.name)
        self.sites = load_sites(data_dir)

    def known(self, name: str) -> str | None:
        """The canonical name of a publisher the data file knows, or None."""
        key = self._fold(name.strip(" «»\"'"))
        return self.agencies.get(key) or self.organizations.get(key)

    def canonical(self, names: tuple[str, ...], url: str | None) -> str | None:
        written = [n for n in names if n and not _HOSTLIKE.match(n.strip())]
        for name in written:  # the whole name, then its parts ("BelTA - News of Belarus: Economics")
            found = self.known(name) or next((k for part in _NAME_PARTS.split(name) if (k := self.known(part))), None)
            if found:
                return found
        for address in (url, *(n for n in names if n and _HOSTLIKE.match(n.strip()))):
            site = self.site(address)
            if site:
                return self.known(site) or site
        if written:
            name = " ".join(written[0].split())
            return name if len(name) <= 80 else None
        return None

    def site(self, address: str | None) -> str | None:
        """The publisher of an address's site (`data/sites.yaml`), the longest matching host."""
        if not address:
            return None
        host = urlsplit(address if "//" in address else "//" + address).hostname or ""
        host = host.lower().removeprefix("www.")
        while host:
            if host in self.sites:
                return self.sites[host]
            host = host.partition(".")[2]
        return None


def load_sites(data_dir: Path | None) -> dict[str, str]:
    """host -> publisher name from `sites.yaml` (the project's own when the site has none)."""
    path = (data_dir / SITES_FILE) if data_dir is not None and (data_dir / SITES_FILE).exists() else _PACKAGE_DATA / SITES_FILE
    try:
        return _sites(path, path.stat().st_mtime_ns)
    except OSError:
        return {}


@lru_cache(maxsize=4)
def _sites(path: Path, _mtime: int) -> dict[str, str]:
    try:
        data = yamlio.load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yamlio.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k).lower().removeprefix("www."): str(v) for k, v in data.items() if k and v and isinstance(v, str)}


def extract_item(reading: Reading, gaz, options, publishers: Publishers):
    """Extraction of an item's text with its format's hints applied -> (Extraction, Origin)."""
    from .extract import extract

    result = extract(reading.text, gaz, options)
    return apply_hints(result, reading, publishers)


def apply_hints(result, reading: Reading, publishers: Publishers):
    """What extraction found, corrected by what the file states -> (Extraction, Origin)."""
    from .extract.model import Finding

    hints = reading.hints
    changes: dict = {}
    findings = dict(result.findings)
    if hints.title:
        changes["title"] = hints.title
        findings["title"] = [Finding(hints.title, "the title the file gives (page metadata, heading or YAML block)")]
    if hints.date is not None:
        changes.update(date=hints.date, date_note=None)
        findings["date"] = [Finding(hints.date, "the date in the file's YAML block")]
    elif hints.published is not None and result.date_note in _UNCERTAIN:
        old = (result.findings.get("date") or [Finding(result.date, "")])[0]
        if result.date_note == "no date in source":
            date = hints.published
            finding = Finding(date, "no date in the text: the original's own date")
        else:
            date = nearest_year(result.date, hints.published)
            finding = Finding(date, f"day and month from the text, the year from the original's own date ({hints.published.isoformat()})", old.start, old.end)
        changes.update(date=date, date_note=None)
        findings["date"] = [finding]
    if hints.tags:
        changes["tags"] = list(hints.tags)
        findings["tags"] = [Finding(t, "tags the file's YAML block gives") for t in hints.tags]
    if hints.language:
        changes["language"] = hints.language
    if reading.body is not None:
        changes["body"] = reading.body
    if result.agency:  # the agency the text credits, by its canonical name (ТАСС is TASS)
        changes["agency"] = publishers.known(result.agency) or result.agency
    url = clean_url(hints.source_url)
    publisher = publishers.canonical(hints.publishers, url)
    if publisher:
        findings["publisher"] = [Finding(publisher, "the file's site name or credit line, canonical through the data file")]
    origin = Origin(source_url=url, publisher=publisher, published=hints.published)
    return replace(result, findings=findings, **changes), origin


def nearest_year(day: dt.date, published: dt.date) -> dt.date:
    """`day`'s month and day in the year that puts it nearest to `published` (ties: the earlier)."""
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February in a year without it
            continue
        distance = abs((candidate - published).days)
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else published
