"""The compiled gazetteer (briefing/extract/compiled.py, what every build loads from its cache)
holds what the data files give: the in-process tests use that copy (conftest.project_gazetteer)."""

import dataclasses
import subprocess
import sys

from briefing.extract.compiled import _to_data
from briefing.extract.datafiles import build
from tests.conftest import ROOT, project_gazetteer, write_files


def test_the_compiled_gazetteer_holds_what_the_data_files_give():
    fresh = build((ROOT / "data").resolve())
    loaded = project_gazetteer()
    assert _to_data(loaded) == _to_data(fresh)
    # and nothing the plain data leaves out: every field equal (the phrase index has no ==: its
    # trie is compared in the plain data above, here its attributes), but for the ones made from
    # the others on first use (other tests may have used the shared gazetteer already)
    for f in dataclasses.fields(fresh):
        if f.name == "index":
            assert vars(loaded.index).keys() == vars(fresh.index).keys()
        elif f.compare and f.name not in ("org_bags", "venue_lemmas"):
            assert getattr(loaded, f.name) == getattr(fresh, f.name), f.name


def _alone(code: str, *args: str) -> subprocess.CompletedProcess:
    """Python code run in a process of its own (one thread, as a build's is when it compiles)."""
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_place_table_read_in_a_child_gives_the_same_gazetteer(tmp_path):
    data = tmp_path / "data"
    places = (ROOT / "data" / "places.tsv").read_text(encoding="utf-8").splitlines()
    write_files(
        data,
        {
            "entities.yaml": "organizations:\n  - name: Union Test Board\n    aliases: [UTB, Союзный совет]\n"
            "people: []\ncountries:\n  - name: Belarus\n    aliases: [Беларусь]\n    country: BY\n    capital: Minsk\n",
            "places.tsv": "\n".join(places[:400]) + "\n",  # the header and a few hundred towns
            "venues.yaml": (ROOT / "data" / "venues.yaml").read_text(encoding="utf-8"),
        },
    )
    done = _alone(
        "import os, sys\n"
        "from pathlib import Path\n"
        "from briefing.extract import datafiles\n"
        "from briefing.extract.compiled import _to_data\n"
        "forks = []\n"
        "real_fork = os.fork\n"
        "os.fork = lambda: forks.append(1) or real_fork()\n"
        "together = _to_data(datafiles.build(Path(sys.argv[1]), parallel=True))\n"
        "assert forks == [1], forks\n"
        "assert together == _to_data(datafiles.build(Path(sys.argv[1])))\n"
        "assert together[-3] and together[-1]  # places and venues came back\n",
        str(data),
    )
    assert done.returncode == 0, done.stderr


def test_a_child_that_fails_leaves_the_work_to_the_caller_and_one_unasked_is_stopped():
    # A child that fails (a broken place table) exits; the caller does the work itself, so its
    # error is raised where it always was. A child whose result is never asked for is stopped.
    done = _alone(
        "import os\n"
        "from briefing.background import Background\n"
        "parent = os.getpid()\n"
        "def work(x):\n"
        "    if os.getpid() != parent:\n"
        "        raise ValueError('in the child')\n"
        "    return {'here': x}\n"
        "with Background(work, 7) as job:\n"
        "    assert job.pid is not None\n"
        "    assert job.result() == {'here': 7}\n"
        "with Background(lambda: list(range(10**6))) as unasked:\n"
        "    child = unasked.pid\n"
        "try:\n"
        "    os.kill(child, 0)\n"
        "except ProcessLookupError:\n"
        "    print('stopped')\n"
    )
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr
