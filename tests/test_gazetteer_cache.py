"""The compiled gazetteer (briefing/extract/compiled.py, what every build loads from its cache)
holds what the data files give: the in-process tests use that copy (conftest.project_gazetteer)."""

import dataclasses

from briefing.extract.compiled import _to_data
from briefing.extract.datafiles import build
from tests.conftest import ROOT, project_gazetteer


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
