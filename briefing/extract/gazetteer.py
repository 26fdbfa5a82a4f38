"""The curated knowledge extraction relies on, loaded from `data/`:

- `entities.yaml`: organizations, people and countries with canonical names and aliases (editable);
- `places.tsv`: cities >= 15,000 inhabitants from GeoNames (CC BY 4.0), made by tools/make_places.py;
- `venues.yaml`: residences, palaces and small places that news names as event locations;
- `given_names.txt`: given names that mark "Firstname Lastname" as a person;
- `tags.yaml`: the controlled tag vocabulary.

Everything is loaded once per process and per data folder (the folder's file times are the key).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path

from .. import yamlio
from ..placedata import read_places, read_venues
from ..region import REGION
from . import russian
from .text import CYRILLIC_RE, Token, fold, key

PACKAGE_DATA = Path(__file__).resolve().parents[2] / "data"
"""The data folder shipped with the project, used when a site has no data folder of its own."""

LEGAL_FORMS = {
    "ojsc", "jsc", "cjsc", "pjsc", "llc", "ltd", "limited", "inc", "plc", "gmbh", "ag", "oao", "zao", "ooo", "iooo", "jscb",
    "ojc", "cjs", "co", "corp", "оао", "зао", "ооо", "пао", "ао", "оаэ", "иооо", "уп", "руп", "гуп", "фгуп",
}


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # "organization" | "person" | "country"
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    country: str = ""
    role: str = ""  # organizations: "agency" (a news source) or "event" (a forum, an exhibition)
    demonyms: tuple[str, ...] = ()
    roles: tuple["Role", ...] = ()
    """People: the offices they held, with years ('roles' in the data file)."""
    seat: str = ""
    """Organizations: the city where they sit ('seat'); countries: the capital ('capital')."""


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    start: int | None
    end: int | None
    """None: still in office."""
    country: str = ""
    org: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    lat: float
    lon: float
    population: int = 0
    kind: str = "city"  # "city" | "venue" | "residence" | ...
    city: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    entity: Entity
    alias: str
    exact_case: bool  # acronyms match in their own case only ("MIR", not "mir")


def token_key(text: str) -> str:
    """How a token is compared: folded, possessive dropped; Cyrillic words by lemma."""
    found = _TOKEN_KEYS.get(text)
    if found is None:
        found = _token_key(text)
        if len(_TOKEN_KEYS) < 200_000:  # a text's words repeat, and so do a digest's
            _TOKEN_KEYS[text] = found
    return found


def token_keys(toks: list[Token]) -> list[str]:
    """token_key of every token (a text's worth at once)."""
    words = [t[0] for t in toks]
    keys = list(map(_TOKEN_KEYS.get, words))
    if None in keys:  # words not seen before
        keys = [k if k is not None else token_key(w) for k, w in zip(keys, words)]
    return keys


_TOKEN_KEYS: dict[str, str] = {}
_MISSING = object()


def _token_key(text: str) -> str:
    t = text
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    if CYRILLIC_RE.search(t):
        return fold(russian.lemma(t.casefold()))
    return fold(t).replace("’", "'")


class PhraseIndex:
    """Aliases as token sequences; `longest_at(tokens, i)` finds the longest alias starting at i."""

    def __init__(self) -> None:
        self.trie: dict[str, list] = {}
        """The aliases' token keys as a tree: key -> [entries of the alias ending here or None,
        {next key: ...}]. Its own keys are the words an alias can begin with."""

    def add(self, alias: str, entity: Entity) -> None:
        from .text import tokens as split

        toks = split(alias)
        if not toks:
            return
        k = tuple(token_key(t.text) for t in toks)
        exact = len(toks) == 1 and Token(alias, 0, 0).is_upper and len(alias) <= 6
        level, node = self.trie, None
        for part in k:
            node = level.setdefault(part, [None, {}])
            level = node[1]
        if node[0] is None:
            node[0] = []
        node[0].append(Entry(entity, alias, exact))

    def longest_at(self, toks: list[Token], i: int, keys: list[str], stop: int | None = None) -> tuple[int, list[Entry]] | None:
        """(number of tokens, entries) of the longest alias matching toks[i:stop], or None."""
        limit = len(toks) if stop is None else stop
        found = []  # (number of tokens, entries) of every alias that starts here
        node, j = self.trie.get(keys[i]), i + 1
        while node is not None:
            if node[0]:
                found.append((j - i, node[0]))
            if j >= limit:
                break
            node, j = node[1].get(keys[j]), j + 1
        first = toks[i].text
        for n, entries in reversed(found):
            matched = [e for e in entries if _case_ok(e, first)]
            if matched:
                return n, matched
        return None


def _case_ok(entry: Entry, first: str) -> bool:
    """Whether an alias may match where the name's first word is written `first`."""
    if entry.exact_case:
        return first.rstrip("'’s") == entry.alias or first == entry.alias
    # A capitalised alias needs a capitalised first word: "Integral" the plant, not "an integral part".
    return not (entry.alias[:1].isupper() and not first[:1].isupper())


@dataclass
class Gazetteer:
    organizations: list[Entity] = field(default_factory=list)
    people: list[Entity] = field(default_factory=list)
    countries: list[Entity] = field(default_factory=list)
    given_names: frozenset[str] = frozenset()
    tags: TagVocabulary | None = None
    places: dict[str, list[Place]] = field(default_factory=dict)
    index: PhraseIndex = field(default_factory=PhraseIndex)
    """Organizations, people and countries (names, aliases, demonyms) by token sequence."""
    demonyms: dict[str, Entity] = field(default_factory=dict)
    """Folded demonym ('kazakh', 'российский') -> country."""
    surnames: dict[str, list[Entity]] = field(default_factory=dict)
    """Folded surname -> the people in the file who bear it (for initials: 'N. Pashinyan')."""
    country_typos: dict[str, Entity] = field(default_factory=dict)
    """Single-word country names of 7+ letters and each of them with one letter deleted: a word, or
    the word with one letter deleted, found here is at most one edit away ('Kygyzstan')."""
    org_bags: dict[frozenset[str], Entity] | None = None
    """Content-word bags of organization names (built on first use by the entity grouping)."""
    venues: list[tuple[str, Place]] = field(default_factory=list)
    venue_lemmas: dict[str, list[Place]] | None = None
    """Cyrillic venue aliases by lemmas (built on first use: it needs the morphology)."""
    memo: dict[tuple[str, str], object] = field(default_factory=dict, repr=False, compare=False)
    """Answers about a word or name, remembered: a text's names repeat, and so do a digest's."""

    def remember(self, kind: str, text: str, compute):
        """compute(text), remembered under (kind, text)."""
        k = (kind, text)
        found = self.memo.get(k, _MISSING)
        if found is _MISSING:
            found = compute(text)
            if len(self.memo) < 200_000:
                self.memo[k] = found
        return found

    def find_place(self, name: str) -> Place | None:
        """The best place for a name as written ('MINSK', 'Минске', 'the Grand Kremlin Palace')."""
        candidates = self.place_candidates(name)
        return candidates[0] if candidates else None

    def place_candidates(self, name: str) -> list[Place]:
        return self.remember("places", name, self._place_candidates)

    def _place_candidates(self, name: str) -> list[Place]:
        for k in _place_keys(name):
            found = self.places.get(k)
            if found:
                return found
        if CYRILLIC_RE.search(name):  # "Во Дворце Независимости": venues inflect word by word
            return self._venue_lemmas().get(_lemma_key(name), [])
        return []

    def _venue_lemmas(self) -> dict[str, list[Place]]:
        if self.venue_lemmas is None:
            self.venue_lemmas = {}
            for alias, place in self.venues:
                if CYRILLIC_RE.search(alias):
                    self.venue_lemmas.setdefault(_lemma_key(alias), []).append(place)
        return self.venue_lemmas

    def is_place(self, name: str) -> bool:
        return bool(self.place_candidates(name))

    def is_dateline_place(self, name: str) -> bool:
        """What a dateline may open with: a place, or a country ("UZBEKISTAN, January 19 -")."""
        return self.is_place(name) or self.country_named(name) is not None

    def tenure(self, person: str):
        """The years a person of the data file held office (the first role's start to the last
        role's end; None at the end: in office still), or None when the file gives no years."""
        from .year import Tenure

        entity = self.people_by_name().get(person)
        if entity is None:
            return None
        starts = [r.start for r in entity.roles if r.start]
        if not starts:
            return None
        ends = [r.end for r in entity.roles]
        return Tenure(min(starts), None if None in ends else max(e for e in ends if e))

    def people_by_name(self) -> dict[str, Entity]:
        found = self.memo.get(("people by name", ""))
        if found is None:
            found = self.memo[("people by name", "")] = {p.name: p for p in self.people}
        return found  # type: ignore[return-value]

    def country_named(self, name: str) -> str | None:
        """The canonical name of the country `name` names as a whole ('the Russian Federation',
        'Белоруссии'), or None."""
        return self.remember("country named", name, self._country_named)

    def _country_named(self, name: str) -> str | None:
        from .text import tokens as split

        toks = split(name)
        hit = self.index.longest_at(toks, 0, token_keys(toks)) if toks else None
        if hit and hit[0] == len(toks):
            for entry in hit[1]:
                if entry.entity.kind == "country":
                    return entry.entity.name
        return None


def _lemma_key(name: str) -> str:
    return " ".join(fold(russian.lemma(w)) for w in key(name).split())


def _place_keys(name: str) -> list[str]:
    base = key(re.sub(r"^(?:the|город|г\.)\s+", "", name.strip(), flags=re.I))
    keys = [base]
    if CYRILLIC_RE.search(name):
        lem = " ".join(fold(russian.lemma(w)) for w in base.split())
        keys.append(lem)
        # Hyphenated Russian place names inflect each part: "Чолпон-Ате" -> "чолпон-ата"
        keys.append("-".join(fold(russian.lemma(w)) for w in name.strip().casefold().split("-")).replace(" ", "-"))
    return keys


# --- loading -------------------------------------------------------------------------------------


def load(data_dir: Path) -> Gazetteer:
    """The gazetteer of a data folder, cached until one of its files changes."""
    folder = data_dir if (data_dir / "entities.yaml").exists() else PACKAGE_DATA
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*") if p.is_file()))
    return _load(folder.resolve(), stamp)


@lru_cache(maxsize=4)
def _load(folder: Path, _stamp: tuple) -> Gazetteer:
    g = Gazetteer()
    data = _yaml(folder / "entities.yaml")
    g.organizations = [_entity("organization", e) for e in data.get("organizations") or []]
    g.people = [_entity("person", e) for e in data.get("people") or []]
    g.countries = _countries(data.get("countries") or [])
    for ent in (*g.organizations, *g.people, *g.countries):
        for alias in {ent.name, *ent.aliases}:
            g.index.add(alias, ent)
    for country in g.countries:
        for dem in country.demonyms:
            g.demonyms[token_key(dem)] = country
    for person in g.people:
        for alias in (person.name, *person.aliases):
            parts = alias.split()
            if len(parts) >= 2:
                g.surnames.setdefault(token_key(parts[-1]), [])
                if person not in g.surnames[token_key(parts[-1])]:
                    g.surnames[token_key(parts[-1])].append(person)
    for country in g.countries:
        for name in (country.name, *country.aliases):
            n = fold(name)
            if " " not in n and len(n) >= 7 and n.isalpha():
                g.country_typos.setdefault(n, country)
                for i in range(len(n)):
                    g.country_typos.setdefault(n[:i] + n[i + 1 :], country)
    g.given_names = _given_names(folder / "given_names.txt")
    g.tags = _tags(folder / "tags.yaml")
    g.places, g.venues = _places(folder / "places.tsv", folder / "venues.yaml")
    return g


def _yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    data = yamlio.load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _entity(kind: str, raw: dict) -> Entity:
    return Entity(
        kind=kind,
        name=str(raw["name"]).strip(),
        aliases=tuple(str(a).strip() for a in raw.get("aliases") or () if str(a).strip()),
        description=str(raw.get("description") or ""),
        country=str(raw.get("country") or ""),
        role=str(raw.get("kind") or ""),
        roles=tuple(_role(r) for r in raw.get("roles") or () if isinstance(r, dict) and r.get("title")),
        seat=str(raw.get("seat") or ""),
    )


def _role(raw: dict) -> Role:
    def year(value) -> int | None:
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    return Role(str(raw["title"]), year(raw.get("from")), year(raw.get("to")), str(raw.get("country") or ""), str(raw.get("org") or ""))


def _countries(raw: list[dict]) -> list[Entity]:
    """Countries from the data file, completed with pycountry's names for the ones it lacks."""
    out: list[Entity] = []
    owner: dict[str, int] = {}  # key of every known name -> index in out
    for r in raw:
        ent = Entity(
            kind="country",
            name=str(r["name"]),
            aliases=tuple(str(a) for a in r.get("aliases") or ()),
            demonyms=tuple(str(d) for d in r.get("demonyms") or ()),
            country=str(r.get("country") or r.get("code") or ""),
            seat=str(r.get("capital") or ""),
        )
        for n in (ent.name, *ent.aliases):
            owner.setdefault(key(n), len(out))
        out.append(ent)
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return out
    codes = {c.country for c in out}
    for c in pycountry.countries:
        names = [n for n in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)) if n and "," not in n]
        if not names or c.alpha_2 in codes:
            continue
        known = next((owner[key(n)] for n in names if key(n) in owner), None)
        if known is not None:
            ent = out[known]
            if not ent.country:  # the data file names it: fill in its ISO code
                out[known] = Entity("country", ent.name, ent.aliases, ent.description, c.alpha_2, ent.role, ent.demonyms, seat=ent.seat)
                codes.add(c.alpha_2)
            continue
        for n in names:
            owner.setdefault(key(n), len(out))
        out.append(Entity("country", names[0], tuple(names[1:]), country=c.alpha_2))
    return out


def _given_names(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(fold(line))
    return frozenset(names)


_TAG_WORD = re.compile(r"[^\W_][\w-]*")
_NOT_SEEN = (None,)


@dataclass(frozen=True)
class _Keyword:
    tag: str
    words: tuple[str, ...]
    prefix: tuple[bool, ...]  # per word: a stem that allows any ending ("manufactur*")

    def matches(self, words: list[str], i: int) -> bool:
        if i + len(self.words) > len(words):
            return False
        return all(words[i + k].startswith(w) if p else words[i + k] == w for k, (w, p) in enumerate(zip(self.words, self.prefix)))


@dataclass(frozen=True)
class TagVocabulary:
    """Keywords indexed by their first word: one pass over the words of a text counts every tag."""

    exact: dict[str, list[_Keyword]]
    stems: dict[str, list[_Keyword]]
    stem_lengths: tuple[int, ...]
    _cache: dict[str, tuple[_Keyword, ...]] = field(default_factory=dict, repr=False, compare=False)

    def count(self, text: str) -> dict[str, list[str]]:
        """Tag -> the keywords found for it, in order."""
        words = _TAG_WORD.findall(text.casefold())
        found: dict[str, list[str]] = {}
        # Most words start no keyword (remembered as ()): pick the others, and words not seen yet,
        # out with map() over C functions.
        may_start = map(bool, map(self._cache.get, words, repeat(_NOT_SEEN)))
        for i in compress(range(len(words)), may_start):
            for kw in self._starting_with(words[i]):
                # A one-word keyword matches: the index found it by this word.
                if len(kw.words) == 1 or kw.matches(words, i):
                    found.setdefault(kw.tag, []).append(" ".join(words[i : i + len(kw.words)]))
        return found

    def _starting_with(self, word: str) -> tuple[_Keyword, ...]:
        """Keywords whose first word matches `word` (remembered: a text's words repeat a lot)."""
        cache = self._cache
        found = cache.get(word)
        if found is None:
            candidates = list(self.exact.get(word, ()))
            for n in self.stem_lengths:
                if n > len(word):
                    break
                candidates += self.stems.get(word[:n], ())
            found = tuple(candidates)
            if len(cache) < 200_000:
                cache[word] = found
        return found


def _tags(path: Path) -> TagVocabulary:
    """The tag vocabulary. A keyword is a whole word; `*` at the end of a word allows any ending."""
    data = _yaml(path)
    exact: dict[str, list[_Keyword]] = {}
    stems: dict[str, list[_Keyword]] = {}
    for tag, keywords in (data.get("tags") or {}).items():
        for raw in keywords or ():
            parts = str(raw).casefold().split()
            if not parts:
                continue
            kw = _Keyword(str(tag), tuple(p.rstrip("*") for p in parts), tuple(p.endswith("*") for p in parts))
            (stems if kw.prefix[0] else exact).setdefault(kw.words[0], []).append(kw)
    return TagVocabulary(exact, stems, tuple(sorted({len(k) for k in stems})))


def _places(table: Path, venues: Path) -> tuple[dict[str, list[Place]], list[tuple[str, Place]]]:
    """Alias key -> places, best first: venues, then by population; and every venue alias."""
    index: dict[str, list[Place]] = {}
    venue_aliases: list[tuple[str, Place]] = []
    for row in read_places(table):
        place = Place(row.name, row.country, row.lat, row.lon, row.population)
        for alias in {row.name, *row.aliases}:
            index.setdefault(key(alias), []).append(place)
    for places in index.values():
        # The region's cities first when a name is shared (Brest, Belarus before Brest, France).
        places.sort(key=lambda p: -p.population * (4 if p.country in REGION else 1))
    for venue in read_venues(venues):
        place = Place(venue.name, venue.country, venue.lat, venue.lon, 0, venue.kind, venue.city)
        # A venue inside a city does not take the city's name, unless the table lacks that city.
        names = venue.names if key(venue.name) in index else (venue.name, *venue.names)
        for alias in dict.fromkeys(names):  # in file order: the same index in every process
            index.setdefault(key(alias), []).insert(0, place)
            venue_aliases.append((alias, place))
    return index, venue_aliases
