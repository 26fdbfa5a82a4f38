"""Organizations, people and countries.

The finders below run in this order over one `Scan` of the story (the headline and the body, not
the page chrome): first the curated names and aliases of the data file, then general rules for
what the data file does not know (acronym definitions, legal forms, organization head words,
Russian names, person names after a title or with a known given name, initials, demonyms of state
actors). Each finder adds its mentions to the scan; later finders see what earlier ones found
(a name already taken is not taken again). Mentions are then grouped into entities, each with one
canonical name (`group.py`), so "EEC" and "Eurasian Economic Commission" are one organization
and "Putin" is "Vladimir Putin".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..document import Document
from ..gazetteer import Entity, Gazetteer
from ..model import Finding
from ..scorer import Candidate, LinearModel, Weights, score_all
from ..text import Token
from .acronyms import find_acronym_definitions
from .bilateral import find_bilateral_bodies
from .countries import find_countries
from .datafile import find_data_file_names, find_dateline_country
from .features import candidate
from .group import group_countries, group_orgs, group_people
from .orgs import find_org_rules
from .overlaps import resolve_org_overlaps, rule_names_again
from .people import find_people
from .roles import find_anaphora, mark_title_spans
from .scan import Mention, Scan

FINDERS = (
    find_data_file_names,  # names and aliases of data/entities.yaml
    find_acronym_definitions,  # "Full Name (ACR)", then ACR alone
    find_org_rules,  # legal forms, head words, "company X", Russian names
    find_bilateral_bodies,  # "the Belarus-Kyrgyzstan intergovernmental commission", embassies
    resolve_org_overlaps,  # the longest organization name at each place
    rule_names_again,  # a rule-found name wherever it recurs
    find_countries,  # demonyms of state actors, hyphenated pairs, typos
    find_dateline_country,  # "BAKU, Azerbaijan, May 14."
    find_people,  # capitalised runs that read as names, initials, surnames alone
    mark_title_spans,  # organizations inside someone's job title
    find_anaphora,  # "the Commission" after the Eurasian Economic Commission
)


@dataclass
class EntityResult:
    organizations: list[Finding] = field(default_factory=list)
    people: list[Finding] = field(default_factory=list)
    countries: list[Finding] = field(default_factory=list)
    agencies: list[Entity] = field(default_factory=list)
    org_spans: list[tuple[int, int]] = field(default_factory=list)
    """Where organizations are named (a place inside one is part of its name)."""
    person_spans: list[tuple[int, int]] = field(default_factory=list)
    org_seats: list[tuple[int, int, str]] = field(default_factory=list)
    """Where an organization with a known seat is named, and its seat ("at the CSTO Secretariat")."""
    org_founded: list[tuple[int, int, int]] = field(default_factory=list)
    """Where an organization with a known founding year is named, and that year."""
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    """Every organization and person found, with its evidence and score (kept or not)."""
    words: Callable[[int, int], list[Token]] | None = None
    """The story's tokens of a range (tokenized once, by the scan)."""


def _kept(candidates: list[Candidate], model: LinearModel) -> list[Finding]:
    """The findings of the candidates the model keeps, in the order the story names them. A body
    named only inside another's name ("the SCO" in "the Council of Foreign Ministers of the SCO") is
    not one the story is about: the annotation policy makes it optional, and where the corpus
    scores it, it is wrong (2 of 12 training articles; cross-validated fp 26 -> 24, nothing lost)."""
    score_all(candidates, model)
    return [Finding(c.value, f"{c.finding.rule} (score {c.score:.2f})", c.finding.start, c.finding.end) for c in candidates if c.score >= model.threshold and "nested_only" not in c.features]


def find_entities(doc: Document, gaz: Gazetteer, weights: Weights) -> EntityResult:
    scan = Scan(doc, gaz)
    for finder in FINDERS:
        finder(scan)
    orgs = [candidate(g, scan) for g in group_orgs(scan)]
    people = [candidate(g, scan) for g in group_people(scan)]
    return EntityResult(
        organizations=_kept(orgs, weights["organizations"]),
        people=_kept(people, weights["people"]),
        countries=group_countries(scan),
        candidates={"organizations": orgs, "people": people},
        words=scan.words,
        agencies=scan.agencies,
        org_spans=[(m.start, m.end) for m in scan.mentions if m.kind == "organization"],
        person_spans=[(m.start, m.end) for m in scan.mentions if m.kind == "person"],
        org_seats=[(m.start, m.end, m.entity.seat) for m in scan.mentions if m.kind == "organization" and m.entity is not None and m.entity.seat],
        org_founded=[(m.start, m.end, m.entity.founded) for m in scan.mentions if m.kind == "organization" and m.entity is not None and m.entity.founded],
    )


__all__ = ["find_entities", "EntityResult", "Mention", "Scan", "FINDERS"]
