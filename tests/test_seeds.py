"""The four sample seeds give what DESIGN.md's table says (one case per seed)."""

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from briefing.extract import Options, extract
from briefing.sources import decode
from tests.conftest import ROOT, TODAY

EXPECTED = yaml.safe_load((Path(__file__).parent / "seeds_expected.yaml").read_text(encoding="utf-8"))
LEGAL = {"ojsc", "jsc", "llc", "cjsc", "pjsc", "oao", "zao", "ltd", "inc", "ooo", "iooo", "jscb", "ojc"}


def norm(name: str) -> str:
    """As the devset scorer compares names: folded, no accents or punctuation, no legal forms or leading 'the'."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"['’`´ʼ‘]", "", s)
    words = re.sub(r"[^\w\s]", " ", s).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w for w in words if w not in LEGAL)


def assert_entities(found: list[str], expected: list[list[str]]) -> None:
    found_norm = [norm(f) for f in found]
    for aliases in expected:
        hits = [f for f in found_norm if f in {norm(a) for a in aliases}]
        assert len(hits) == 1, f"expected exactly one of {aliases} in {found}"


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_seed(stem, gazetteer):
    want = EXPECTED[stem]
    text = decode((ROOT / "seeds" / f"{stem}.txt").read_bytes())
    got = extract(text, gazetteer, Options(today=TODAY))

    if want["title"] == "from the lede":
        assert 1 <= len(got.title.split()) <= 20 and got.title == got.title.strip()
    else:
        assert got.title == want["title"]
    if "date" in want:
        assert got.date == dt.date.fromisoformat(want["date"]) and got.date_note is None
    else:
        assert got.date.strftime("%m-%d") == want["month_day"]
        assert got.date_note in ("year assumed", "year inferred") and got.date <= TODAY
    if "period" in want:
        assert [d.isoformat() for d in got.period] == want["period"]
    assert got.location in want["location"]
    assert_entities(got.organizations, want["organizations"])
    assert_entities(got.people, want["people"])
    assert sorted(norm(c) for c in got.countries) == sorted(norm(c) for c in want["countries"])
    if "agency" in want:
        assert got.agency == want["agency"]
    for name in want.get("not_organizations", []):
        assert norm(name) not in {norm(o) for o in got.organizations}
    for phrase in want.get("body_excludes", []):
        assert phrase not in got.body
    # Lists hold canonical names without duplicates.
    for field in (got.organizations, got.people, got.countries, got.tags):
        assert len({norm(x) for x in field}) == len(field)
    assert got.summary and len(got.summary) <= Options(today=TODAY).summary_max_chars + 1
