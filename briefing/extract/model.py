"""Typed results of extraction: a `Finding` per value (with the rule and text span behind it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scorer import Weights


@dataclass(frozen=True, slots=True)
class Finding:
    """A value, the name of the rule that produced it, and the span of the text it came from."""

    value: Any
    rule: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Options:
    """What extraction needs besides the text. `today` anchors years that the text does not give."""

    today: dt.date
    summary_sentences: int = 2
    summary_max_chars: int = 320
    title_max_words: int = 16
    max_tags: int = 4
    weights: Weights | None = None
    """The learnt weights of the scored fields; None: the committed `weights.json`."""


@dataclass
class Extraction:
    """Everything ingest writes into a content page, plus how each value was found."""

    title: str
    date: dt.date
    date_note: str | None
    period: tuple[dt.date, dt.date] | None
    location: str | None
    organizations: list[str]
    people: list[str]
    countries: list[str]
    tags: list[str]
    summary: str
    agency: str | None
    language: str
    """The story's language: "ru" when most of its letters are Cyrillic, else "en"."""
    body: str
    """The story as Markdown: chrome and tail removed, hard-wrapped lines joined."""
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    """Field -> the findings behind its value (one per list item for lists)."""
    candidates: dict[str, list[Any]] = field(default_factory=dict)
    """Scored field -> its candidates with their evidence and scores (for --explain and training)."""

    def as_record(self) -> dict[str, Any]:
        """The JSON-ready record `extract --json` prints (DESIGN.md's keys, in its order)."""
        return {
            "title": self.title,
            "date": self.date.isoformat(),
            "date_note": self.date_note,
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()} if self.period else None,
            "location": self.location,
            "organizations": self.organizations,
            "people": self.people,
            "countries": self.countries,
            "tags": self.tags,
            "summary": self.summary,
            "agency": self.agency,
            "language": self.language,
        }
