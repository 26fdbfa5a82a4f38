"""Check the curated data files: data/entities.yaml, data/places.tsv and data/venues.yaml.

    python tools/check_data.py [data-folder]

Prints one line per problem, "file:line: message", and exits 1 if there is any (0 otherwise).
The rules are those of the header comment of entities.yaml, and these for the newer keys:

- every entry has a `name`; keys are among name, aliases, description, country, kind, demonyms,
  roles, seat, capital; `kind` is `agency` or `event`; `country` is an ISO 3166-1 alpha-2 code;
- an alias (or name) belongs to one entry only within a section, compared case- and
  accent-insensitively with 'ё' as 'е';
- no organization alias is a country's name or alias, or the main name of a place in places.tsv;
- no organization alias is generic, i.e. made only of words that every country's bodies share
  ('Foreign Ministry', 'National Bank', 'МИД', 'Минфин'): it needs its country or a proper name;
- a person's one-word alias (a surname alone) is the last word of no other person's name or alias;
- `roles` is a list of mappings with a non-empty `title` and optionally `country` (ISO-2), `org`
  (the canonical name of an organization of the file), `from` and `to` (whole years 1950-2030,
  from <= to; `to` only with `from`; no `to` means still in office);
- `seat` (organizations) and `capital` (countries) name a place of places.tsv (its first column)
  or a venue of venues.yaml (its name); a capital lies in its country;
- places.tsv has 7 tab-separated columns and no alias that the cleaning rule of
  tools/make_places.py removes for being a country name, a demonym, a person or a stop word.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_places  # noqa: E402  (the cleaning rule of the place table)

KEYS = {
    "organizations": {"name", "aliases", "description", "country", "kind", "roles", "seat"},
    "people": {"name", "aliases", "description", "country", "roles"},
    "countries": {"name", "aliases", "description", "country", "demonyms", "capital"},
}
ROLE_KEYS = {"title", "country", "org", "from", "to"}
KINDS = {"agency", "event"}
ISO2 = re.compile(r"[A-Z]{2}")
YEARS = range(1950, 2031)
# Organization aliases that are also the main name of a (far-away, small) place: the organization
# wins. "Duma" is Dūmā in Syria; "UN", "ILO", "ITU", "PACE", "ENA" are acronyms.
ORG_ALIASES_THAT_NAME_PLACES = {"duma", "un", "ilo", "itu", "pace", "ena"}
# Words that the names of many countries' bodies share: an organization alias made of these alone
# ("Foreign Ministry", "Ministry of Transport", "National Bank", "Минфин") could be any country's.
GENERIC_WORDS = frozenset(
    """
    ministry ministries of the for and on foreign affairs economy economic development finance financial trade commerce
    industry industrial energy transport agriculture agricultural food defence defense interior internal justice emergency
    emergencies situations health healthcare education enlightenment science higher digital communications natural resources
    environment environmental ecology investment investments labour labor social protection culture sport sports tourism
    construction national central bank government cabinet parliament supreme constitutional court security council committee
    state customs tax taxes service general prosecutor's prosecutor prosecutors office election electoral commission mfa
    statistics statistical agency armed forces army presidential administration president chamber railway railways airline
    airlines post police border guard audit accounts senate assembly house representatives revenue policy information
    technology technologies innovation water irrigation housing utilities forestry mining geology property standardization
    ministers republic department
    министерство мид минфин минэкономики минтранс минэнерго минсельхоз минобороны минюст минздрав мвд мчс минобразования
    минпросвещения минобрнауки минцифры минстрой минтруда минкультуры минспорт минприроды минсвязи нацбанк центробанк цб
    правительство парламент кабмин кабинет министров совет безопасности иностранных дел экономики финансов национальный банк
    центральный верховный конституционный суд генпрокуратура генеральная прокуратура таможенный комитет налоговый служба
    государственный государственная
""".split()
)
# Generic-looking aliases that name one body only: the Union State's council, the US State Department.
GENERIC_ALIASES_ALLOWED = {"supreme state council", "state department", "department of state", "department of defense"}


def fold(text: str) -> str:
    text = "".join(ch for ch in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("ё", "е").split())


class Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []

    def problem(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(f"{self.folder / file}:{line or 0}: {message}")

    # --- places and venues ---------------------------------------------------------------------

    def places(self) -> dict[str, set[str]]:
        """Folded place and venue name -> the countries it is in."""
        found: dict[str, set[str]] = {}
        path = self.folder / "places.tsv"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("#") or line.startswith("name\t") or not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != 7:
                self.problem("places.tsv", n, f"expected 7 tab-separated columns, found {len(cells)}")
                continue
            found.setdefault(fold(cells[0]), set()).add(cells[1])
            self.place_rows.append((n, cells))
        venues = yaml.safe_load((self.folder / "venues.yaml").read_text(encoding="utf-8")) or []
        for v in venues:
            found.setdefault(fold(v["name"]), set()).add(str(v.get("country") or ""))
        return found

    def place_aliases(self) -> None:
        lists = make_places.cleaning_lists(english=False)
        for n, cells in self.place_rows:
            for alias in (a for a in cells[6].split("|") if a):
                reason = make_places.alias_problem(alias, cells[0], cells[1], lists, None)
                if reason:
                    self.problem("places.tsv", n, f"alias {alias!r} of {cells[0]} is a {reason}")

    # --- entities ------------------------------------------------------------------------------

    def entities(self) -> None:
        path = self.folder / "entities.yaml"
        text = path.read_text(encoding="utf-8")
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problem("entities.yaml", mark.line + 1 if mark else None, f"invalid YAML: {exc}")
            return
        lines = {}  # (section, index) -> line of the entry
        for key_node, value_node in root.value:
            for i, item in enumerate(value_node.value):
                lines[(key_node.value, i)] = item.start_mark.line + 1
        self.place_rows: list[tuple[int, list[str]]] = []
        places = self.places()
        self.place_aliases()
        orgs = {str(o.get("name")) for o in data.get("organizations") or []}
        codes = {str(c.get("country")) for c in data.get("countries") or [] if c.get("country")}
        try:
            import pycountry

            codes |= {c.alpha_2 for c in pycountry.countries}
        except ImportError:  # pragma: no cover
            pass
        country_names = {fold(n) for c in data.get("countries") or [] for n in [c["name"], *(c.get("aliases") or [])]}
        city_names = set(places)
        surnames: dict[str, set[str]] = {}
        for p in data.get("people") or []:
            for a in [p.get("name"), *(p.get("aliases") or [])]:
                words = str(a).split()
                if len(words) > 1:
                    surnames.setdefault(fold(words[-1]), set()).add(str(p.get("name")))
        for section in ("organizations", "people", "countries"):
            owner: dict[str, str] = {}
            for i, e in enumerate(data.get(section) or []):
                line = lines.get((section, i))
                if not isinstance(e, dict) or not e.get("name"):
                    self.problem("entities.yaml", line, f"entry of '{section}' needs a name")
                    continue
                name = str(e["name"])
                for k in set(e) - KEYS[section]:
                    self.problem("entities.yaml", line, f"{name}: unknown key '{k}' in {section}")
                aliases = e.get("aliases") or []
                if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                    self.problem("entities.yaml", line, f"{name}: aliases must be a list of strings")
                    aliases = [str(a) for a in aliases] if isinstance(aliases, list) else []
                for a in [name, *aliases]:
                    k = fold(a)
                    if k in owner and owner[k] != name:
                        self.problem("entities.yaml", line, f"{name}: alias {a!r} also belongs to {owner[k]} in {section}")
                    owner.setdefault(k, name)
                    if section == "organizations" and a != name and k in country_names:
                        self.problem("entities.yaml", line, f"{name}: alias {a!r} is a country name")
                    if section == "organizations" and a != name and k not in GENERIC_ALIASES_ALLOWED:
                        words = re.findall(r"[\w']+", k)
                        if words and all(w in GENERIC_WORDS for w in words):
                            self.problem("entities.yaml", line, f"{name}: alias {a!r} is generic (it needs its country)")
                    if section == "organizations" and a != name and k in city_names and k not in ORG_ALIASES_THAT_NAME_PLACES:
                        self.problem("entities.yaml", line, f"{name}: alias {a!r} is a place name")
                    if section == "people" and " " not in a.strip() and surnames.get(k, {name}) - {name}:
                        others = ", ".join(sorted(surnames[k] - {name}))
                        self.problem("entities.yaml", line, f"{name}: surname alias {a!r} is shared with {others}")
                if "country" in e and not (isinstance(e["country"], str) and ISO2.fullmatch(e["country"]) and e["country"] in codes):
                    self.problem("entities.yaml", line, f"{name}: country {e['country']!r} is not an ISO 3166-1 alpha-2 code")
                if "kind" in e and e["kind"] not in KINDS:
                    self.problem("entities.yaml", line, f"{name}: kind must be one of {sorted(KINDS)}")
                for key in ("seat", "capital"):
                    if key in e:
                        where = places.get(fold(e[key])) if isinstance(e[key], str) else None
                        if not where:
                            self.problem("entities.yaml", line, f"{name}: {key} {e[key]!r} is no place of places.tsv or venues.yaml")
                        elif key == "capital" and e.get("country") and e["country"] not in where:
                            self.problem("entities.yaml", line, f"{name}: capital {e[key]!r} is not in {e['country']}")
                if "roles" in e:
                    self.roles(name, e["roles"], line, orgs, codes)

    def roles(self, name: str, roles: object, line: int | None, orgs: set[str], codes: set[str]) -> None:
        if not isinstance(roles, list):
            self.problem("entities.yaml", line, f"{name}: roles must be a list")
            return
        for r in roles:
            if not isinstance(r, dict):
                self.problem("entities.yaml", line, f"{name}: a role must be a mapping")
                continue
            for k in set(r) - ROLE_KEYS:
                self.problem("entities.yaml", line, f"{name}: unknown role key '{k}'")
            if not isinstance(r.get("title"), str) or not r["title"].strip():
                self.problem("entities.yaml", line, f"{name}: a role needs a title")
            if "country" in r and not (isinstance(r["country"], str) and ISO2.fullmatch(r["country"]) and r["country"] in codes):
                self.problem("entities.yaml", line, f"{name}: role country {r['country']!r} is not an ISO 3166-1 alpha-2 code")
            if "org" in r and r["org"] not in orgs:
                self.problem("entities.yaml", line, f"{name}: role org {r['org']!r} is no organization of the file")
            for k in ("from", "to"):
                if k in r and not (isinstance(r[k], int) and not isinstance(r[k], bool) and r[k] in YEARS):
                    self.problem("entities.yaml", line, f"{name}: role '{k}' must be a year 1950-2030, not {r[k]!r}")
            if "to" in r and "from" not in r:
                self.problem("entities.yaml", line, f"{name}: role has 'to' without 'from'")
            if isinstance(r.get("from"), int) and isinstance(r.get("to"), int) and r["from"] > r["to"]:
                self.problem("entities.yaml", line, f"{name}: role {r.get('title')!r} ends ({r['to']}) before it starts ({r['from']})")


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "data"
    checker = Checker(folder)
    checker.entities()
    for p in checker.problems:
        print(p)
    print(f"{len(checker.problems)} problem(s)", file=sys.stderr)
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
