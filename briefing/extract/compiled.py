"""The gazetteer compiled: read once from the data files (datafiles.py, about a second: YAML, the
place table, the morphology for Russian aliases), then kept in the site's cache folder as plain
Python data (`marshal`, no code) and loaded from there in a fraction of that.

The cache file is named by a hash of the data files and of the code that reads them, so an edited
alias or a new release makes a new one; the build never trusts a file it cannot read (it reads the
data files again and writes the cache anew). Only `gazetteer-*.marshal` files in the cache folder
are ever written or removed here.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
from functools import lru_cache
from pathlib import Path

from .datafiles import DATA_FILES, build
from .gazetteer import Entity, Entry, Gazetteer, PhraseIndex, Role
from .tagvocab import TagVocabulary, _Keyword

PACKAGE_DATA = Path(__file__).resolve().parents[2] / "data"
"""The data folder shipped with the project, used when a site has no data folder of its own."""
_CODE = ("gazetteer.py", "datafiles.py", "compiled.py", "tagvocab.py", "text.py", "russian.py", "../entityfile.py")
"""The modules whose code decides what a compiled gazetteer holds."""
_PREFIX = "gazetteer-"


def load(data_dir: Path, cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer of a data folder: from the compiled copy in `cache_dir` when it is there and
    current, else read from the data files (and compiled there, when a cache folder is given)."""
    folder = (data_dir if (data_dir / "entities.yaml").exists() else PACKAGE_DATA).resolve()
    return _load(folder, digest(folder), cache_dir.resolve() if cache_dir is not None else None)


def digest(folder: Path) -> str:
    """Hash of the data files' bytes and of the code that reads them."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    for name in DATA_FILES:
        path = folder / name
        h.update(name.encode() + b"\0")
        if path.exists():
            h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=4)
def _load(folder: Path, data_digest: str, cache_dir: Path | None) -> Gazetteer:
    cached = cache_dir / f"{_PREFIX}{data_digest[:24]}.marshal" if cache_dir is not None else None
    if cached is not None and cached.exists():
        try:
            return _from_data(_read(cached))
        except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
            pass  # damaged or foreign: read the data files again and compile anew
    data = _to_data(build(folder, parallel=True))
    if cached is not None:
        _write(cached, data)
    return _from_data(data)


def _read(path: Path):
    enabled = gc.isenabled()
    gc.disable()  # many small containers, no cycles: the collector would only slow this down
    try:
        return marshal.loads(path.read_bytes())
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, data) -> None:
    """Write the compiled gazetteer through a temporary file and a rename; remove older ones. A
    cache that cannot be written (a read-only folder, a full disk) is skipped: it only saves time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, path)
        for old in path.parent.glob(f"{_PREFIX}*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


# --- the gazetteer as plain data, and back -----------------------------------------------------------

_ENTITY_FIELDS = ("kind", "name", "aliases", "description", "country", "role", "demonyms", "seat", "founded")


def _to_data(g: Gazetteer) -> tuple:
    entities = [*g.organizations, *g.people, *g.countries]
    number = {id(e): i for i, e in enumerate(entities)}

    def trie(level: dict) -> dict:
        return {k: (None if entries is None else [(number[id(e.entity)], e.alias, e.exact_case) for e in entries], trie(children)) for k, (entries, children) in level.items()}

    def keywords(table: dict) -> dict:
        return {w: [(kw.tag, kw.words, kw.prefix) for kw in kws] for w, kws in table.items()}

    tags = g.tags or TagVocabulary({}, {}, ())
    return (
        [tuple(getattr(e, f) for f in _ENTITY_FIELDS) + (tuple((r.title, r.start, r.end, r.country, r.org) for r in e.roles),) for e in entities],
        (len(g.organizations), len(g.people), len(g.countries)),
        trie(g.index.trie),
        {k: number[id(e)] for k, e in g.demonyms.items()},
        {k: [number[id(e)] for e in es] for k, es in g.surnames.items()},
        {k: number[id(e)] for k, e in g.country_typos.items()},
        tuple(sorted(g.given_names)),
        (keywords(tags.exact), keywords(tags.stems), tags.stem_lengths),
        g.places,
        g.place_rows,
        g.venues,
    )


def _from_data(data: tuple) -> Gazetteer:
    raw_entities, (n_orgs, n_people, _n_countries), trie, demonyms, surnames, typos, given, tags, places, rows, venues = data
    entities = [Entity(**dict(zip(_ENTITY_FIELDS, fields)), roles=tuple(Role(*r) for r in fields[-1])) for fields in raw_entities]

    def level(raw: dict) -> dict:
        return {k: [None if entries is None else [Entry(entities[i], alias, exact) for i, alias, exact in entries], level(children)] for k, (entries, children) in raw.items()}

    def keywords(table: dict) -> dict:
        return {w: [_Keyword(tag, tuple(words), tuple(prefix)) for tag, words, prefix in kws] for w, kws in table.items()}

    g = Gazetteer()
    g.organizations = entities[:n_orgs]
    g.people = entities[n_orgs : n_orgs + n_people]
    g.countries = entities[n_orgs + n_people :]
    g.index = PhraseIndex()
    g.index.trie = level(trie)
    g.demonyms = {k: entities[i] for k, i in demonyms.items()}
    g.surnames = {k: [entities[i] for i in ids] for k, ids in surnames.items()}
    g.country_typos = {k: entities[i] for k, i in typos.items()}
    g.given_names = frozenset(given)
    g.tags = TagVocabulary(keywords(tags[0]), keywords(tags[1]), tuple(tags[2]))
    g.places = places
    g.place_rows = rows
    g.venues = [tuple(v) for v in venues]
    return g
