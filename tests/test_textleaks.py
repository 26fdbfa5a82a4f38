"""No third-party article text in the project: the annotated articles in ../shared belong to their
publishers (they are for measuring and training only). The check fails, rather than skips, when
the articles are missing (exit 2): CI has ../shared, and a check that cannot run checks nothing."""

import subprocess
import sys

from tests.conftest import ROOT

TOOL = ROOT.parent / "shared" / "tools" / "textleaks.py"


def _project_files() -> list[str]:
    """The files of the project (tracked, or new and not ignored), so that what git ignores (the
    benchmarks' generated sites in bench/work/, a built public/) is not taken for the project's."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True)
    return [f for f in listed.stdout.splitlines() if (ROOT / f).is_file()] if listed.returncode == 0 else []


def test_no_run_of_ten_words_is_copied_from_the_annotated_articles():
    assert TOOL.exists(), f"{TOOL} is missing: the leak check cannot run"
    files = _project_files()
    run = subprocess.run([sys.executable, str(TOOL), str(ROOT), *(["--paths", *files] if files else [])], capture_output=True, text=True)
    assert run.returncode != 2, f"the leak check found no articles to compare with:\n{run.stdout}{run.stderr}"
    assert run.returncode == 0, f"text copied from third-party articles:\n{run.stdout}"
