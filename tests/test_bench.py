"""The benchmark's Briefing part at N = 50: the corpus builds, every case runs, the table is printed.
(The full bench with Pelican and Hugo is run by hand; see bench/RESULTS.md.) A dozen builds end to
end (~14 s): marked slow, so the quick suite leaves it out and CI, which runs everything, keeps it."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_bench_smoke(tmp_path):
    cmd = [sys.executable, str(ROOT / "bench/run.py"), "--briefing-only", "--sizes", "50", "--repeats", "1", "--big", "0", "--out", "-", "--work", str(tmp_path)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    (row,) = [line for line in out.stdout.splitlines() if line.startswith("| 50 | briefing |")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    seconds = [float(c.split()[0]) for c in cells[2:6]]
    assert all(s > 0 for s in seconds)
    assert float(cells[6].split()[0]) > 10  # peak memory in MB: a real process was measured
    assert int(cells[7].replace(",", "")) > 50  # at least a page per article
    assert len(list((tmp_path / "briefing-50/content/articles").glob("*.md"))) == 51  # 50 and the one added
