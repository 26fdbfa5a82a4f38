"""Mentions grouped into entities with one canonical name each: "EEC" and "Eurasian Economic
Commission" are one organization, "Putin" is "Vladimir Putin"."""

from __future__ import annotations

import difflib
import re
from typing import Any

from .. import russian
from ..gazetteer import LEGAL_FORMS, Entity, Gazetteer, token_key
from ..model import Finding
from ..text import CYRILLIC_RE, fold, key, squash, strip_quotes, tokens, transliterate
from .features import EntityGroup
from .scan import Mention, Scan, surname_key

GroupId = tuple[str, Any]
"""('entity', its canonical name) or ('bag', the frozenset of a name's words)."""
_PARENTHESES = re.compile(r"\([^)]*\)")
_RU_NAME_WORD = re.compile(r"(?:[А-ЯЁ]\.\s?)+|[\w\-]+")
_RU_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.)+$")
_INITIALS_NAME = re.compile(r"^((?:\w\.\s?)+)\s*([\w\-]+)$")
_INITIAL = re.compile(r"(\w)\.")


def _bag(name: str, acronyms: dict[str, str], gaz: Gazetteer) -> frozenset[str]:
    """The content words of an organization name, order ignored, with every known organization it
    contains reduced to one token: 'CIS Human Rights Commission' and 'Human Rights Commission of the
    Commonwealth of Independent States' get the same bag; so do 'EEC Board' and 'Board of the EEC'."""
    if not acronyms or not any(t.text in acronyms for t in tokens(name)):  # then it depends on the name alone
        return gaz.remember("bag", name, lambda n: _make_bag(n, {}, gaz))
    return _make_bag(name, acronyms, gaz)


def _make_bag(name: str, acronyms: dict[str, str], gaz: Gazetteer) -> frozenset[str]:
    toks = tokens(_PARENTHESES.sub(" ", name))
    keys = [token_key(t.text) for t in toks]
    words: list[str] = []
    i = 0
    while i < len(toks):
        hit = gaz.index.longest_at(toks, i, keys)
        if hit and hit[0] < len(toks):
            orgs = [e.entity for e in hit[1] if e.entity.kind == "organization"]
            if orgs:
                words.append("#" + orgs[0].name)
                i += hit[0]
                continue
        t = toks[i].text
        if toks[i].is_upper and t in acronyms and len(toks) > 1:
            words.append("#" + key(acronyms[t]))
        else:
            words.append(keys[i])
        i += 1
    stop = {"of", "the", "and", "for", "in", "on", "a", "an", "named", "after", "between", "и", "по", "в"}
    return frozenset(p for w in words if w not in stop and w not in LEGAL_FORMS for p in _parts(w, gaz))


def _parts(word: str, gaz: Gazetteer) -> tuple[str, ...]:
    """A hyphenated pair of countries is the pair in any order and any form: 'Russian-Tajik' and
    'Tajikistan-Russia' are one commission's."""
    if "-" not in word or word.startswith("#"):
        return (word,)
    parts = word.split("-")
    countries = [_country(p, gaz) for p in parts]
    return tuple("@" + c for c in countries if c) if all(countries) else (word,)


def _country(word: str, gaz: Gazetteer) -> str | None:
    demonym = gaz.demonyms.get(word)
    return demonym.name if demonym is not None else gaz.country_named(word)


def entity_by_alias(alias: str, gaz: Gazetteer, kind: str) -> Entity | None:
    """The data file's entity of this kind that has exactly this name or alias."""
    return gaz.remember(f"{kind} alias", alias, lambda a: _find_entity_by_alias(a, gaz, kind))


def _find_entity_by_alias(alias: str, gaz: Gazetteer, kind: str) -> Entity | None:
    toks = tokens(alias)
    hit = gaz.index.longest_at(toks, 0, [token_key(t.text) for t in toks]) if toks else None
    if hit and hit[0] == len(toks):
        for e in hit[1]:
            if e.entity.kind == kind:
                return e.entity
    return None


def group_orgs(scan: Scan) -> list[EntityGroup]:
    groups: dict[GroupId, list[Mention]] = {}
    order: list[GroupId] = []
    for m in sorted((m for m in scan.mentions if m.kind == "organization"), key=lambda m: m.start):
        if m.entity is not None:
            gid: GroupId = ("entity", m.entity.name)
        else:
            entity = _entity_for_unknown(m.surface, scan)
            if entity is not None:
                m.entity = entity
                gid = ("entity", entity.name)
            else:
                gid = ("bag", _bag(m.surface, scan.acronyms, scan.gaz))
        if gid not in groups:
            groups[gid] = []
            order.append(gid)
        groups[gid].append(m)
    # An acronym defined in the text joins the group of its full name.
    for acr, full in scan.acronyms.items():
        a, f = ("bag", _bag(acr, scan.acronyms, scan.gaz)), None
        for gid in order:
            if gid[0] == "bag" and gid == ("bag", _bag(full, scan.acronyms, scan.gaz)):
                f = gid
        if f is not None and a in groups and a != f:
            groups[f] += groups.pop(a)
            order.remove(a)
    _join_short_forms(groups, order)
    out = []
    for gid in order:
        ms = groups[gid]
        entity = next((m.entity for m in ms if m.entity is not None), None)
        if entity is not None and entity.role == "event":
            continue  # forums and exhibitions are events, not organizations
        name = _written_name(entity, ms) if entity is not None else _best_org_name(ms, scan.acronyms)
        out.append(EntityGroup(name, ms))
    return out


_POSSESSIVE = re.compile(r"['’]s$")


def _written_name(entity: Entity, ms: list[Mention], min_words: int = 1) -> str:
    """A known entity's name as the story writes it: the canonical name if the story uses it, else
    the fullest alias of the data file (of at least `min_words` words) that the story writes out in
    Latin script, else the canonical name (a Russian story's forms are inflected: it gets the
    canonical name). The build maps any alias to the canonical name, so pages still merge; the
    front-matter keeps the story's own name, the one a reader of the item recognises.
    Cross-validated against always the canonical name: organizations F1 0.80 -> 0.86, people
    tp 333 -> 335, fp 12 -> 10 (the Russian aliases in the nominative, tried too, cost 3
    organizations)."""
    names = (entity.name, *entity.aliases)
    latin = {fold(n): n for n in names if not CYRILLIC_RE.search(n)}
    as_written = {fold(m.surface): m.surface for m in ms if not CYRILLIC_RE.search(m.surface)}
    written = as_written.keys() & latin.keys()
    if fold(entity.name) in written:
        return entity.name
    # (two aliases may differ only in case, "EAEU" and "EaEU": the one the story writes)
    found = [as_written[w] if as_written[w] in names else latin[w] for w in written if len(w.split()) >= min_words]
    if not found:  # no alias as such: a longer name the story writes that was joined to this entity
        found = [_POSSESSIVE.sub("", m.surface) for m in ms if not CYRILLIC_RE.search(m.surface) and len(m.surface.split()) >= max(min_words, 3)]
    return max(found, key=lambda n: (len(n.split()), len(n), n)) if found else entity.name


def _join_short_forms(groups: dict[GroupId, list[Mention]], order: list[GroupId]) -> None:
    """'The Commission' after 'the Kyrgyz-Uzbek Intergovernmental Commission': a name whose words
    are all in exactly one longer name of the story is that body's short form."""
    bags = [g for g in order if g[0] == "bag"]
    for short in bags:
        longer = [g for g in bags if g != short and g in groups and short[1] < g[1]]
        if len(longer) == 1 and short in groups:
            groups[longer[0]] += groups.pop(short)
            order.remove(short)


def _entity_for_unknown(surface: str, scan: Scan) -> Entity | None:
    """A rule-found name that is a data-file entity: by alias (legal forms dropped), or by the same
    content words in another order ('Council of Heads of State of the Commonwealth of Independent
    States' is the data file's 'Council of Heads of State of the CIS')."""
    cleaned = " ".join(w for w in surface.split() if key(w) not in LEGAL_FORMS)
    ent = entity_by_alias(cleaned, scan.gaz, "organization")
    if ent is None and surface in scan.acronyms:
        ent = entity_by_alias(scan.acronyms[surface], scan.gaz, "organization")
    if ent is None:
        ent = _org_bags(scan.gaz).get(_bag(cleaned, scan.acronyms, scan.gaz))
    return ent


def _org_bags(gaz: Gazetteer) -> dict[frozenset[str], Entity]:
    """Bag of content words of every organization name and alias in the data file (built once)."""
    if gaz.org_bags is None:
        bags: dict[frozenset[str], Entity] = {}
        for ent in gaz.organizations:
            for name in (ent.name, *ent.aliases):
                if len(name.split()) >= 2:
                    bags.setdefault(_bag(name, {}, gaz), ent)
        gaz.org_bags = bags
    return gaz.org_bags


def _best_org_name(ms: list[Mention], acronyms: dict[str, str]) -> str:
    """The fullest written form: no acronym if the full name is known, no quotes or legal form."""
    names = [m.surface for m in ms]
    for n in names:
        if n in acronyms:
            names.append(acronyms[n])
    full = [n for n in names if not (n.isupper() and len(n) <= 10)] or names
    best = max(full, key=lambda n: (len(n.split()), len(n)))
    return " ".join(w for w in strip_quotes(best).split() if key(w) not in LEGAL_FORMS)


def group_people(scan: Scan) -> list[EntityGroup]:
    people = sorted((m for m in scan.mentions if m.kind == "person"), key=lambda m: m.start)
    groups: list[tuple[str, list[Mention]]] = []  # (canonical name, mentions)
    for m in people:
        name = person_name(m, scan.gaz)
        if name is None:
            continue
        target = _match_person(name, m, groups)
        if target is None:
            groups.append((name, [m]))
        else:
            i, better = target
            groups[i] = (better, groups[i][1] + [m])
    return [EntityGroup(_person_written(name, ms), ms) for name, ms in groups]


def _person_written(name: str, ms: list[Mention]) -> str:
    """A person of the data file as the story writes their full name (see _written_name)."""
    entity = ms[0].entity
    if entity is None or any(m.entity not in (entity, None) for m in ms):
        return name
    return _written_name(entity, ms, min_words=2)


def person_name(m: Mention, gaz: Gazetteer) -> str | None:
    if m.entity is not None:
        return m.entity.name
    if m.link is not None:
        return person_name(m.link, gaz)
    surface = m.surface
    if CYRILLIC_RE.search(surface):
        words = [w for w in _RU_NAME_WORD.findall(surface) if not (len(surface.split()) > 1 and russian.is_patronymic(w, gaz.given_names))]
        if len(words) == 1 and "Name" in russian.name_tags(words[0]):
            return None  # "Роман Александрович": a form of address, the person is named elsewhere
        initials = [bool(_RU_INITIALS.match(w)) for w in words]
        given = russian.given_name_reading(words[0], words[-1]) if len(words) == 2 and not any(initials) else None
        if given is not None:  # the reading of the given name that agrees with the surname
            case, gender, nominative = given
            words = [nominative, russian.surname_nominative(words[1], case, gender)]
        else:
            case = russian.case_of(words[0]) if len(words) > 1 and not initials[0] else "nomn"
            gender = russian.gender_of(words[0]) if len(words) > 1 and not initials[0] else None
            words = [
                w if initial else (russian.surname_nominative(w, case, gender) if k == len(words) - 1 and len(words) > 1 else russian.nominative(w))
                for k, (w, initial) in enumerate(zip(words, initials))
            ]
        surface = " ".join(w.strip() for w in words)
    # Initials + surname: the data file may know the person ("N. Pashinyan" -> "Nikol Pashinyan").
    m_init = _INITIALS_NAME.match(surface)
    surname = (m_init.group(2) if m_init else surface.split()[-1]) if surface.split() else ""
    known = gaz.surnames.get(token_key(surname), [])
    initials = _INITIAL.findall(m_init.group(1)) if m_init else [surface.split()[0][0]] if len(surface.split()) > 1 else []
    for person in known:
        variants = [a.split()[0] for a in (person.name, *person.aliases) if len(a.split()) > 1]
        if initials and any(fold(transliterate(v))[:1] == fold(transliterate(initials[0]))[:1] for v in variants):
            # "Alexei Zhukov" is not the data file's Alexander Zhukov; "Sergey" is its "Sergei".
            if m_init or any(_same_given_name(v, surface.split()[0]) for v in variants):
                return person.name
    # A name the data file does not know stays in the script it was written in, in the nominative:
    # a transliteration would be one guess among several ("Aleksei", "Alexey", "Alexei").
    if m_init:
        return squash(surface.replace(". ", ".").replace(".", ". ")).replace(". ", ".", len(initials) - 1)
    return surface


def _same_given_name(a: str, b: str) -> bool:
    """The same given name in two spellings or scripts: 'Sergei'/'Sergey', 'Юрий'/'Yury'; not a
    woman's and a man's name ('Alexandra'/'Alexander', 'Olga'/'Oleg')."""
    a, b = fold(transliterate(a)), fold(transliterate(b))
    if a == b:
        return True
    return a.endswith("a") == b.endswith("a") and difflib.SequenceMatcher(None, a, b).ratio() >= 0.7


def _match_person(name: str, m: Mention, groups: list[tuple[str, list[Mention]]]) -> tuple[int, str] | None:
    """Index of the group this name belongs to, and the better of the two names."""
    parts = name.replace(".", ". ").split()
    for i, (gname, _ms) in enumerate(groups):
        gparts = gname.replace(".", ". ").split()
        if fold(gname) == fold(name):
            return i, gname
        if surname_key(gparts[-1]) != surname_key(parts[-1]):
            continue
        if len(parts) == 1 or len(gparts) == 1:
            return i, gname if len(gparts) >= len(parts) else name
        g0, p0 = fold(gparts[0]).rstrip("."), fold(parts[0]).rstrip(".")
        if g0 == p0 or (len(g0) == 1 and p0.startswith(g0)) or (len(p0) == 1 and g0.startswith(p0)):
            return i, gname if len(gname) >= len(name) else name
    return None


def group_countries(scan: Scan) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for m in sorted((m for m in scan.mentions if m.kind == "country"), key=lambda m: m.start):
        if m.entity is not None and m.entity.name not in seen:
            seen[m.entity.name] = Finding(m.entity.name, m.rule, m.start, m.end)
    return list(seen.values())
