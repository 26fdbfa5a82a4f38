"""Taxonomies: the terms of tags, organizations, people, places and countries, their display
names and slugs, their sort order, and the terms named together with each (co-mentions).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from itertools import chain
from operator import attrgetter
from typing import Any

from .canon import Canon
from .content import Article
from .fingerprint import quick
from .model import ENTITY_KINDS, TAXONOMY_TITLES, Card, Mentioned, Taxonomy, Term, TermRef, dated, entities_of, terms_of
from .slugs import slugify


def fold(name: str) -> str:
    return " ".join(name.casefold().split())


def canonical_names(articles: list[Article], canon: Canon) -> dict[str, dict[str, str]]:
    """kind -> folded name -> the display name: the canonical name, else the most used spelling."""
    out: dict[str, dict[str, str]] = {}
    for kind in TAXONOMY_TITLES:
        if kind == "places":
            written = Counter(a.location for a in articles if a.location)
        else:  # counted in C: some 20,000 names at 5,000 articles, a few hundred of them distinct
            written = Counter(chain.from_iterable(map(attrgetter(kind), articles)))
        counter: Counter = Counter()
        for value, n in written.items():
            counter[canon.name(kind, value)] += n
        best: dict[str, str] = {}
        for name, _n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            best.setdefault(fold(name), name)
        out[kind] = best
    return out


def term_slugs(kind: str, names) -> dict[str, str]:
    """Name -> slug, unique within the kind (a clash gets -2, -3 in name order)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        base = slugify(name, fallback=kind[:-1] if kind.endswith("s") else kind)
        slug = base
        n = 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        out[name] = slug
    return out


RELATED_LIMIT = 8
"""Co-mentions kept per kind (organizations, people, places, countries) for a dossier."""


def co_mentions(cards: list[Card], only: set[TermRef] | None = None) -> dict[TermRef, tuple[Mentioned, ...]]:
    """For every entity (of `only`, when given), the entities most often named in the same articles
    (at most RELATED_LIMIT): most frequent first, then by kind and name. A term's result depends
    only on the articles that name it (kept.py counts again only the terms of changed articles)."""
    # Terms by number (ints hash in C, terms in Python), one Counter per term updated with each
    # article's whole list (itself included, dropped at the end), and only each term's top few
    # picked (heapq), not every pair sorted: ~40% of the co-mention cost at 5,000 articles.
    number: dict[TermRef, int] = {}
    terms: list[TermRef] = []
    together: list[Counter | None] = []
    for card in cards:
        ids = []
        for ref in entities_of(card):
            i = number.get(ref)
            if i is None:
                i = number[ref] = len(terms)
                terms.append(ref)
                together.append(Counter() if only is None or ref in only else None)
            ids.append(i)
        for i in ids:
            counter = together[i]
            if counter is not None:
                counter.update(ids)
    rank = {i: r for r, i in enumerate(sorted(range(len(terms)), key=lambda i: (terms[i].kind, terms[i].name.casefold(), terms[i].name, terms[i].slug)))}
    # (names are unique per kind by their folded form: the last two never decide, and the order
    # does not depend on which article names a term first)
    out: dict[TermRef, tuple[Mentioned, ...]] = {}
    for i, counts in enumerate(together):
        if counts is None:
            continue
        del counts[i]  # never itself
        by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for j, n in counts.items():
            by_kind[terms[j].kind].append((j, n))
        picked = []
        for kind in ENTITY_KINDS:
            top = heapq.nsmallest(RELATED_LIMIT, by_kind.get(kind, ()), key=lambda kv: (-kv[1], rank[kv[0]]))
            picked += [Mentioned(terms[j], n) for j, n in top]
        out[terms[i]] = tuple(picked)
    return out


# Countries whose people English news writes family name first (Xi Jinping, Kim Jong Un, Nguyen
# Phu Trong, Hun Manet): their names sort as written unless the data file's `sort_as` says otherwise.
FAMILY_NAME_FIRST = frozenset({"CN", "TW", "KP", "KR", "VN", "KH"})


def sort_key(kind: str, name: str, sort_as: str | None = None, country: str | None = None) -> str:
    """How a term sorts from A to Z: a person by surname (the last word; the name as written for a
    country that puts the family name first; the data file's `sort_as` overrides both), everything
    else by name."""
    if sort_as:
        return fold(sort_as)
    if kind == "people" and isinstance(country, str) and country.upper() in FAMILY_NAME_FIRST:
        return fold(name)
    if kind == "people" and " " in name.strip():
        words = name.split()
        return fold(" ".join([words[-1], *words[:-1]]))
    return fold(name)


def with_country_names(roles: Any, canon: Canon) -> tuple[dict, ...]:
    """A person's roles, each with the name of its country (the data file gives ISO codes)."""
    if not isinstance(roles, list):
        return ()
    names = {code: name for name, code in canon.codes.items()}
    out = []
    for role in roles:
        if isinstance(role, dict) and role.get("title"):
            code = str(role.get("country") or "").upper()
            out.append({**role, "country_name": names.get(code, code)})
    return tuple(out)


def names_of(ref: TermRef, canon: Canon) -> tuple[str, ...]:
    return (ref.name, *canon.aliases.get((ref.kind, ref.name), ()))


def build_taxonomy(
    kind: str,
    cards: list[Card],
    canon: Canon,
    related: dict[TermRef, tuple[Mentioned, ...]],
    quotes: dict[TermRef, list[str]] | None = None,
) -> Taxonomy:
    """A kind's terms with their articles; `quotes`: for each term, the sentence of each of its
    articles that names it, in the order of `cards` (site.py), for the dossiers (without it, a
    term's notes are empty)."""
    members: dict[TermRef, list[Card]] = defaultdict(list)
    for card in cards:  # cards are newest first, so each term's list is too
        for ref in terms_of(card, kind):
            members[ref].append(card)
    terms = []
    for ref, cs in members.items():
        description, aliases = canon.descriptions.get((kind, ref.name), ""), canon.aliases.get((kind, ref.name), ())
        sure = dated(tuple(cs))  # (an assumed year draws no bar: Term.dated)
        years = Counter([c.date.year for c in sure])
        by_year = tuple((y, years.get(y, 0)) for y in range(sure[-1].date.year, sure[0].date.year + 1))
        mentioned = related.get(ref, ())
        facts = canon.details.get((kind, ref.name), {})
        details = tuple(sorted((k, with_country_names(v, canon) if k == "roles" else v) for k, v in facts.items() if k != "sort_as"))
        notes: tuple[str, ...] = ()
        if quotes is not None and kind != "tags":
            notes = tuple(quotes.get(ref, ()))
            if len(notes) != len(cs):
                raise RuntimeError(f"{len(notes)} quotes for the {len(cs)} articles of {ref.flat}: cards and quotes out of step")
        key = sort_key(kind, ref.name, facts.get("sort_as"), facts.get("country"))
        # (the notes joined after their lengths, not repr'd: they are most of the text hashed)
        lengths = [len(n) for n in notes]
        related_key = ";".join([m.fp for m in mentioned])
        fp = quick(f"{ref.flat}|{description}|{aliases!r}|{by_year!r}|{details!r}|{lengths}|{''.join(notes)}|{key}|{related_key}|" + ",".join([c.fp for c in cs]))
        terms.append(Term(ref=ref, cards=tuple(cs), description=description, aliases=aliases, by_year=by_year, related=mentioned, notes=notes, details=details, sort_key=key, fp=fp))
    terms.sort(key=lambda t: (t.sort_key, t.ref.name.casefold(), t.ref.slug))
    title, singular = TAXONOMY_TITLES[kind]
    return Taxonomy(kind, title, singular, tuple(terms))
