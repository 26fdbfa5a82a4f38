"""data/entities.yaml: one reader for extraction and the build, errors with file and line (exit 1)."""

import subprocess
import sys

import pytest

from briefing.canon import load_canon
from briefing.entityfile import read_entity_file
from briefing.errors import BriefingError
from tests.conftest import ROOT

GOOD = """organizations:
  - name: Caspian Ferry Council
    aliases: [CFC]
    seat: Aktau
    founded: 2004
people:
  - name: Ilona Petrosyan
    aliases: [Petrosyan]
    roles:
      - {title: Chair, from: 2019, org: Caspian Ferry Council}
countries:
  - name: Armenia
    demonyms: [Armenian]
    country: AM
"""


def test_both_readers_see_the_same_entries(tmp_path):
    (tmp_path / "entities.yaml").write_text(GOOD, encoding="utf-8")
    data = read_entity_file(tmp_path / "entities.yaml")
    person = data.section("people")[0]
    assert person.roles[0].title == "Chair" and person.roles[0].start == 2019 and person.roles[0].end is None
    assert data.section("organizations")[0].founded == 2004
    canon = load_canon(tmp_path)
    assert canon.name("organizations", "cfc") == "Caspian Ferry Council"
    assert canon.codes["Armenia"] == "AM"
    (tmp_path / "entities.yaml").write_text(GOOD.replace("[CFC]", "[CFC, Ferry Council]"), encoding="utf-8")
    assert load_canon(tmp_path).digest != canon.digest  # an edited alias changes every page that shows names


@pytest.mark.parametrize(
    "broken, line, words",
    [
        (GOOD.replace("    aliases: [CFC]\n", "    alias: [CFC]\n"), 2, "unknown key 'alias'"),
        (GOOD.replace("from: 2019", "from: last year"), 7, "the role's 'from' must be a year"),
        (GOOD.replace("founded: 2004", "founded: long ago"), 2, "'founded' must be a year"),
        (GOOD.replace("  - name: Armenia\n", "  - aliases: [Hayastan]\n"), 12, "needs a 'name'"),
        (GOOD.replace("    seat: Aktau\n", "    seat: [Aktau\n"), None, "invalid entity data file"),
        (GOOD + "agencies:\n  - name: X\n", 15, "unknown section 'agencies'"),
        (GOOD.replace("    aliases: [Petrosyan]\n", "    aliases: Petrosyan\n"), 7, "must be a list"),
        (
            GOOD.replace("people:\n", "  - name: Caspian Ferry Council Board\n    aliases: [cfc]\npeople:\n"),
            6,
            "entry 2 of 'organizations' (Caspian Ferry Council Board): 'cfc' is already a name or alias of Caspian Ferry Council (line 2)",
        ),
    ],
)
def test_a_broken_file_names_the_line_and_what_is_wrong(tmp_path, broken, line, words):
    (tmp_path / "entities.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        read_entity_file(tmp_path / "entities.yaml")
    problem = err.value.problems[0]
    assert words in problem.message
    if line is not None:
        assert problem.line == line
    assert problem.line is not None


@pytest.mark.parametrize("command", [["extract", "item.txt"], ["build"]])
def test_extraction_and_the_build_stop_on_a_broken_file_with_exit_1(tmp_site, command):
    config = tmp_site({"seeds/item.txt": "MINSK, 3 March – Officials met.\n", "item.txt": "MINSK, 3 March – Officials met.\n"})
    (config.root / "data/entities.yaml").write_text(GOOD.replace("from: 2019", "from: soon"), encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), *command], cwd=config.root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("data/entities.yaml:7: error:") and "bug" not in run.stderr  # (named from the site's folder)
