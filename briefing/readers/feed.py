"""RSS 2.0 and Atom feeds: every entry is an item of its own.

An entry is named `seeds/<file>#<guid>` (its `<guid>` or Atom `<id>`, else its link, else a hash
of its title and text) in `source:` and in the ingest state, so a feed file saved again later with
more entries adds only the new ones, and an entry that has dropped out of the feed keeps its page.
Its link is the original's address, its date the original's date (`published`), and the
publisher is the entry's `<source>`, else the feed's own title or site.

feedparser reads both formats (and RSS 0.9x/1.0, Atom 0.3), in any encoding the file declares,
and forgives what it can: a feed cut short still gives the entries before the cut (with a
warning); one with no readable entry is a warning naming the file.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging
import re
from io import BytesIO

from ..chars import strip_forbidden
from ..errors import SeedError
from . import ITEM_SEPARATOR, Hints, Items, Reading, SeedItem
from .fragment import to_markdown
from .text import clean_url

MAX_GUID_CHARS = 200
"""A longer guid is replaced by its hash in the item's name (names appear in front-matter)."""
_GUID_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def items(rel: str, data: bytes) -> Items:
    import feedparser

    logging.getLogger("feedparser").setLevel(logging.CRITICAL)
    try:
        parsed = feedparser.parse(BytesIO(data), sanitize_html=True, resolve_relative_uris=False)  # (a stream: never a fetch)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file makes the parser raise
        raise SeedError(f"the feed cannot be read ({type(exc).__name__}: {exc})") from None
    entries = parsed.get("entries") or []
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if problem is not None:
            raise SeedError(f"the feed does not parse ({_short(problem)}) and no entry could be read from it")
        raise SeedError("the feed has no entries")
    warnings = []
    if problem is not None and not _harmless(problem):
        warnings.append(f"the feed is not well-formed XML ({_short(problem)}); the {len(entries)} entries before the damage are read")
    channel = parsed.get("feed") or {}
    out = Items()
    out.warnings = tuple(warnings)
    seen: set[str] = set()
    for entry in entries:
        guid = _guid(entry)
        if guid in seen:
            continue  # the same entry twice in one file: the first is the item
        seen.add(guid)
        raw = json.dumps(_entry_record(entry), ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
        out.append(SeedItem(f"{rel}{ITEM_SEPARATOR}{guid}", hashlib.sha256(raw).hexdigest(), "feed", _reader(entry, channel)))
    return out


def _reader(entry, channel):
    return lambda: read_entry(entry, channel)


def read_entry(entry, channel) -> Reading:
    """An entry's text (title, then its content or summary) and what the feed says about it."""
    title = _inline_text(entry.get("title") or "")
    content = ""
    for part in entry.get("content") or []:
        if part.get("value") and len(part["value"]) > len(content):
            content = part["value"]
    summary = entry.get("summary") or ""
    if len(summary) > len(content):
        content = summary
    markdown, plain = to_markdown(strip_forbidden(content)) if content else ("", "")
    if not title and not plain.strip():
        raise SeedError("the feed entry has neither a title nor any text")
    source = entry.get("source") or {}
    publishers = tuple(n for n in (_inline_text(source.get("title") or ""), _inline_text(channel.get("title") or "")) if n)
    hints = Hints(
        title=title or None,
        published=_entry_date(entry),
        source_url=clean_url(entry.get("link")) or clean_url(_guid_url(entry)),
        publishers=publishers + tuple(u for u in (source.get("href"), source.get("link"), channel.get("link")) if u),
        language=None,
    )
    text = "\n\n".join(p for p in (title, plain) if p)
    return Reading(text, body=markdown or None, hints=hints)


def _guid(entry) -> str:
    raw = entry.get("id") or entry.get("guid") or entry.get("link")
    if not raw:
        basis = json.dumps([entry.get("title"), entry.get("summary")], ensure_ascii=False, default=str)
        return "sha1-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
    guid = _GUID_UNSAFE.sub(" ", str(raw)).strip()
    if len(guid) > MAX_GUID_CHARS or not guid:
        return "sha1-" + hashlib.sha1(str(raw).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return guid


def _guid_url(entry) -> str | None:
    guid = entry.get("id")
    if guid and entry.get("guidislink", True) and str(guid).startswith(("http://", "https://")):
        return str(guid)
    return None


def _entry_record(entry) -> dict:
    """What of an entry makes its page: a change here re-extracts it; a new feed header does not."""
    return {
        "id": entry.get("id"),
        "title": entry.get("title"),
        "link": entry.get("link"),
        "published": entry.get("published") or entry.get("updated"),
        "content": [c.get("value") for c in entry.get("content") or []],
        "summary": entry.get("summary"),
        "source": (entry.get("source") or {}).get("title"),
    }


def _entry_date(entry) -> dt.date | None:
    """The entry's own date as the feed wrote it (its local day, not the day in UTC)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        raw = str(raw).strip()
        try:
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            pass
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
            if parsed is not None:
                return parsed.date()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        struct = entry.get(f"{key}_parsed")
        if struct:
            try:
                return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)
            except ValueError:
                pass
    return None


def _inline_text(value: str) -> str:
    if "<" in value or "&" in value:
        value = to_markdown(value)[1]
    return " ".join(strip_forbidden(value).split())


def _short(exc) -> str:
    text = str(getattr(exc, "getMessage", lambda: exc)())
    return text if len(text) < 120 else text[:117] + "..."


def _harmless(exc) -> bool:
    """feedparser's complaints that say nothing about the entries (a declared encoding it
    overrode, a content type it did not expect)."""
    name = type(exc).__name__
    return name in ("CharacterEncodingOverride", "NonXMLContentType")
