"""The curated knowledge extraction relies on (read from `data/` by datafiles.py, kept compiled by
compiled.py):

- `entities.yaml`: organizations, people and countries with canonical names and aliases (editable);
- `places.tsv`: cities >= 15,000 inhabitants from GeoNames (CC BY 4.0), made by tools/make_places.py;
- `venues.yaml`: residences, palaces and small places that news names as event locations;
- `given_names.txt`: given names that mark "Firstname Lastname" as a person;
- `tags.yaml`: the controlled tag vocabulary.

`load` (in compiled.py) gives the gazetteer of a data folder from a compiled copy in the site's
cache folder, made again when a data file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import russian
from .tagvocab import TagVocabulary
from .text import CYRILLIC_RE, Token, fold, key

# Word tables stay a few entries a line (the formatter would give each entry a line of its own).
# fmt: off
LEGAL_FORMS = {
    "ojsc", "jsc", "cjsc", "pjsc", "llc", "ltd", "limited", "inc", "plc", "gmbh", "ag", "oao", "zao", "ooo", "iooo", "jscb",
    "ojc", "cjs", "co", "corp", "оао", "зао", "ооо", "пао", "ао", "оаэ", "иооо", "уп", "руп", "гуп", "фгуп",
}
# fmt: on


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # "organization" | "person" | "country"
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    country: str = ""
    role: str = ""  # organizations: "agency" (a news source) or "event" (a forum, an exhibition)
    demonyms: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    """People: the offices they held, with years ('roles' in the data file)."""
    seat: str = ""
    """Organizations: the city where they sit ('seat'); countries: the capital ('capital')."""
    founded: int | None = None
    """Organizations: the year they were founded ('founded')."""


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
        self._country_starts: frozenset[str] | None = None

    def country_starts(self) -> frozenset[str]:
        """The first keys of the countries' aliases (worked out once)."""
        if self._country_starts is None:
            self._country_starts = frozenset(k for k, node in self.trie.items() if _holds_country(node))
        return self._country_starts

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
        self._country_starts = None

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
        capitalised = first[:1].isupper()  # then only acronyms need a look at the case
        for n, entries in reversed(found):
            if capitalised:
                matched = [e for e in entries if not e.exact_case or _case_ok(e, first)]
            else:
                matched = [e for e in entries if _case_ok(e, first)]
            if matched:
                return n, matched
        return None


def _holds_country(node: list) -> bool:
    """A country's alias ends at this node of the trie or below it."""
    entries, children = node
    return any(e.entity.kind == "country" for e in entries or ()) or any(_holds_country(child) for child in children.values())


def _case_ok(entry: Entry, first: str) -> bool:
    """Whether an alias may match where the name's first word is written `first`."""
    if entry.exact_case:
        return first.rstrip("'’s") == entry.alias or first == entry.alias
    # A capitalised alias needs a capitalised first word: "Integral" the plant, not "an integral part";
    # but Russian news writes a body's name of several words in lower case ("министерство обороны ...").
    if entry.alias[:1].isupper() and not first[:1].isupper():
        return " " in entry.alias and CYRILLIC_RE.match(entry.alias) is not None and entry.entity.kind == "organization"
    return True


@dataclass
class Gazetteer:
    organizations: list[Entity] = field(default_factory=list)
    people: list[Entity] = field(default_factory=list)
    countries: list[Entity] = field(default_factory=list)
    given_names: frozenset[str] = frozenset()
    tags: TagVocabulary | None = None
    places: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    """Key of every place alias -> the place (its index in `place_rows`), or the places, best first."""
    place_rows: list[tuple] = field(default_factory=list)
    """Every place as the fields of `Place`: made into a Place when a lookup needs it."""
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
    venues: list[tuple[str, int]] = field(default_factory=list)
    """(alias, place index) of every venue alias."""
    venue_lemmas: dict[str, list[Place]] | None = None
    """Cyrillic venue aliases by lemmas (built on first use: it needs the morphology)."""
    place_starts: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    """Word -> whether a place's name may begin with it (remembered: see may_start_place)."""
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

    def longest_country_typo(self) -> int:
        """The length of the longest key of `country_typos`."""
        return self.remember("longest country typo", "", lambda _: max(map(len, self.country_typos), default=0))

    def find_place(self, name: str) -> Place | None:
        """The best place for a name as written ('MINSK', 'Минске', 'the Grand Kremlin Palace')."""
        candidates = self.place_candidates(name)
        return candidates[0] if candidates else None

    def place_candidates(self, name: str) -> list[Place]:
        return self.remember("places", name, self._place_candidates)

    def _place_candidates(self, name: str) -> list[Place]:
        for k in _place_keys(name):
            found = self.places.get(k)
            if found is not None:
                return [self.place(i) for i in found] if isinstance(found, tuple) else [self.place(found)]
        if CYRILLIC_RE.search(name):  # "Во Дворце Независимости": venues inflect word by word
            return self._venue_lemmas().get(_lemma_key(name), [])
        return []

    def place(self, i: int) -> Place:
        return Place(*self.place_rows[i])

    def _venue_lemmas(self) -> dict[str, list[Place]]:
        if self.venue_lemmas is None:
            self.venue_lemmas = {}
            for alias, i in self.venues:
                if CYRILLIC_RE.search(alias):
                    self.venue_lemmas.setdefault(_lemma_key(alias), []).append(self.place(i))
        return self.venue_lemmas

    def is_place(self, name: str) -> bool:
        return bool(self.place_candidates(name))

    def may_start_place(self, word: str) -> bool:
        """Whether a place, a venue or a country's name can begin with this word (most capitalised
        words of a story begin none: names of people and bodies)."""
        found = self.place_starts.get(word)
        if found is None:
            found = self._may_start_place(word)
            if len(self.place_starts) < 200_000:
                self.place_starts[word] = found
        return found

    def _may_start_place(self, word: str) -> bool:
        if self._begins_place_key(word):
            return True
        return token_key(word) in self.index.trie

    def may_start_latin_place(self, word: str) -> bool:
        """may_start_place for a word of a text without Cyrillic, narrower: there a place's name
        begins with the first word of a key of the place table (or with "the", which the keys drop)
        and a country's with the first word of one of its aliases; the first words of the other
        names of the data file (people, bodies) begin neither. A word before "region" names a
        region whatever it is: that is for the caller to see."""
        return self.remember("may start a Latin place", word, self._may_start_latin_place)

    def _may_start_latin_place(self, word: str) -> bool:
        if _LEADING_ARTICLE.fullmatch(word) or self._begins_place_key(word):
            return True
        return token_key(word) in self.index.country_starts()

    def _begins_place_key(self, word: str) -> bool:
        """The first word of a key of `word` is the first word of a place's key."""
        firsts = self.memo.get(("place firsts", ""))
        if firsts is None:
            firsts = self.memo[("place firsts", "")] = {k.split(" ", 1)[0].split("-", 1)[0] for k in self.places if k}
        return any(k.split(" ", 1)[0].split("-", 1)[0] in firsts for k in _place_keys(word) if k)

    def country_or_place(self, name: str) -> tuple[str | None, Place | None]:
        """(the country `name` names as a whole, else None; when none, its best place or None):
        what the location finder asks of a run of capitalised words, remembered as one answer."""
        return self.remember("country or place", name, self._country_or_place)

    def _country_or_place(self, name: str) -> tuple[str | None, Place | None]:
        country = self.country_named(name)
        return country, self.find_place(name) if country is None else None

    def is_dateline_place(self, name: str) -> bool:
        """What a dateline may open with: a place, or a country ("UZBEKISTAN, January 19 -")."""
        return self.is_place(name) or self.country_named(name) is not None

    def tenure(self, person: str):
        """The years a person of the data file held office (the first role's start to the last
        role's end; None at the end: in office still), or None when the file gives no years.
        Remembered per person."""
        return self.remember("tenure", person, self._tenure)

    def _tenure(self, person: str):
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
        """Each person of the data file by their canonical name and by each alias (extraction
        writes a person as the story does)."""
        found = self.memo.get(("people by name", ""))
        if found is None:
            found = {alias: p for p in reversed(self.people) for alias in p.aliases}
            found.update((p.name, p) for p in self.people)
            self.memo[("people by name", "")] = found
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


_LEADING_ARTICLE = re.compile(r"the|город|г", re.IGNORECASE)
"""The words `_place_keys` drops before a name (a superset: "г" without its dot)."""


def _place_keys(name: str) -> list[str]:
    base = key(re.sub(r"^(?:the|город|г\.)\s+", "", name.strip(), flags=re.I))
    keys = [base]
    if CYRILLIC_RE.search(name):
        lem = " ".join(fold(russian.lemma(w)) for w in base.split())
        keys.append(lem)
        # Hyphenated Russian place names inflect each part: "Чолпон-Ате" -> "чолпон-ата"
        keys.append("-".join(fold(russian.lemma(w)) for w in name.strip().casefold().split("-")).replace(" ", "-"))
    return keys
