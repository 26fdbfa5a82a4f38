"""Extraction: a seed's text -> the front-matter of its content page.

`extract(text, gazetteer, options)` runs one cascade of small named finders per field (see each
module) and records, for every value, the rule that produced it and the span of text it came
from, so `python build.py extract --explain FILE` can show an editor why a value is what it is.

    document.py   chrome, headline, dateline, body, tail        when.py      event date, year, period
    places.py     event location                                entities.py  organizations, people, countries
    prose.py      title, summary, tags, Markdown body            gazetteer.py the curated data in data/
"""

from __future__ import annotations

import re

from .anniversary import anniversary_years
from .compiled import load as load_gazetteer
from .document import Document
from .entities import find_entities
from .gazetteer import Gazetteer
from .location import find_location
from .model import Extraction, Finding, Options
from .prose import body_markdown, find_summary, find_tags, find_title
from .scorer import Weights, default_weights
from .text import unmix_scripts
from .when import find_event_date, find_period
from .year import EARLIEST, resolve_date

__all__ = ["extract", "explain", "load_gazetteer", "Extraction", "Options", "Gazetteer", "Weights"]


def extract(text: str, gaz: Gazetteer, options: Options) -> Extraction:
    """Every field of the front-matter from one seed's text. Never raises on odd text."""
    doc = Document.parse(unmix_scripts(text), gaz.is_dateline_place)  # "Cовета" with a Latin C read as "Совета"
    doc.keep_written(text)
    title = find_title(doc, options)
    period = find_period(doc)
    choice = find_event_date(doc)
    weights = options.weights or default_weights()
    ents = find_entities(doc, gaz, weights)
    tenures = tuple(t for f in ents.people if (t := gaz.tenure(f.value)) is not None)
    anniversaries = anniversary_years(doc, ents.org_founded, EARLIEST, options.today.year + 1)
    date, date_note, date_finding, year_candidates = resolve_date(choice, doc, period, options.today, tenures, weights["year"], anniversaries)
    location, location_candidates = find_location(doc, gaz, choice.sentence if choice else None, ents.org_spans, ents.person_spans, weights["location"], ents.words, ents.org_seats)
    agency = _agency(doc, ents.agencies)
    summary = find_summary(doc, options)
    tags = find_tags(doc, gaz, options, unmix_scripts(title.value))
    findings: dict[str, list[Finding]] = {
        "title": [title],
        "date": [date_finding],
        "location": [location] if location else [],
        "organizations": ents.organizations,
        "people": ents.people,
        "countries": ents.countries,
        "tags": tags,
        "summary": [summary],
        "agency": [agency] if agency else [],
    }
    if period:
        findings["period"] = [Finding(period, "date range above the story (a reporting period)")]
    return Extraction(
        title=title.value,
        date=date,
        date_note=date_note,
        period=period,
        location=location.value if location else None,
        organizations=_unique(f.value for f in ents.organizations),
        people=_unique(f.value for f in ents.people),
        countries=_unique(f.value for f in ents.countries),
        tags=[f.value for f in tags],
        summary=summary.value,
        agency=agency.value if agency else None,
        language=find_language(doc),
        body=body_markdown(doc),
        findings=findings,
        candidates={"location": location_candidates, "year": year_candidates, **ents.candidates},
    )


_NOT_CYRILLIC = re.compile(r"[^\u0400-\u04ff]+")


def find_language(doc: Document) -> str:
    """ "ru" when most letters of the story (headline and paragraphs) are Cyrillic, else "en": the
    digest's two languages (Kazakh, Kyrgyz and the rest of the region's Cyrillic news read as "ru"
    here; an editor can say otherwise in `language:`)."""
    story = "".join(doc.flow[s:e] for s, e in doc.spans())
    cyrillic = len(_NOT_CYRILLIC.sub("", story))  # what is left are the Cyrillic characters
    if not cyrillic:  # most stories: no letter to count
        return "en"
    letters = sum(map(str.isalpha, story))  # map() over a C function: no bytecode per character
    return "ru" if letters and cyrillic * 2 > letters else "en"


def _agency(doc: Document, agencies) -> Finding | None:
    """The news agency that reported the item: named in the dateline, else the first agency named."""
    if doc.dateline and doc.dateline.agency:
        name = doc.dateline.agency
        for a in agencies:
            if name.casefold() in (x.casefold() for x in (a.name, *a.aliases)):
                name = a.name
                break
        return Finding(name, "agency in the dateline", doc.dateline.start, doc.dateline.end)
    if agencies:
        return Finding(agencies[0].name, "news agency named in the story (data file)")
    return None


def _unique(values) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        seen.setdefault(v.casefold(), v)
    return list(seen.values())


_SCORED = {"date": "year", "location": "location", "organizations": "organizations", "people": "people"}
"""Field -> the scored candidates behind it (the date's are its year's)."""


def explain(result: Extraction, text: str, weights: Weights | None = None) -> str:
    """Human-readable: per field, the value, the rule that produced it and the text it came from;
    for the scored fields also every candidate with its score and its strongest evidence."""
    weights = weights or default_weights()
    lines = []
    for field_name in ("title", "date", "period", "location", "organizations", "people", "countries", "tags", "agency", "summary"):
        found = result.findings.get(field_name, [])
        lines.append(f"{field_name}:")
        if field_name == "date" and result.date_note:
            lines.append(f"  note: {result.date_note}")
        if not found:
            lines.append("  (none)")
        for f in found:
            value = f.value.isoformat() if hasattr(f.value, "isoformat") else f.value
            if isinstance(value, tuple):
                value = " to ".join(v.isoformat() for v in value)
            lines.append(f"  {value}")
            lines.append(f"    rule: {f.rule}")
            if 0 <= f.start < f.end:
                lines.append(f'    from: "{_snippet(text, f.start, f.end)}" (characters {f.start}-{f.end})')
        scored = _SCORED.get(field_name)
        candidates = result.candidates.get(scored or "", [])
        if candidates:
            model = weights[scored]
            rule = {"year": f"inferred from {model.threshold:.2f}", "location": "the best one, or no place"}.get(scored, f"kept from {model.threshold:.2f}")
            lines.append(f"  candidates (probability, {rule}; strongest evidence):")
            lines += [f"    {line}" for line in _candidate_lines(candidates, model)]
    return "\n".join(lines) + "\n"


def _candidate_lines(candidates, model, limit: int = 12) -> list[str]:
    """One line per distinct candidate value, best first: its score and what moved it most."""
    seen: set = set()
    out = []
    for c in sorted(candidates, key=lambda c: (-round(c.score, 6), -c.value if isinstance(c.value, int) else 0)):
        if c.value in seen:
            continue
        seen.add(c.value)
        evidence = ", ".join(f"{name} {w:+.1f}" for name, w in model.contributions(c.features)[:5]) or "no evidence"
        out.append(f"{c.value if c.value is not None else '(no place)'}: {c.score:.2f} ({evidence})")
        if len(out) == limit:
            break
    return out


def _snippet(text: str, start: int, end: int) -> str:
    snippet = " ".join(text[start:end].split())
    return snippet[:97] + "..." if len(snippet) > 100 else snippet
