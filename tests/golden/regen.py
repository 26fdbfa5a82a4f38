"""Regenerate the expected output of the golden-site test after an intended change:

    python -m tests.golden.regen

Then review `git diff tests/golden/` as you would review the change itself.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SITE = HERE / "small_site"


def build_into(folder: Path) -> Path:
    """Build the golden site in `folder` with the project's theme; return the output folder."""
    from briefing.config import load_config
    from briefing.errors import Reporter
    from briefing.pipeline import build
    from tests.conftest import TODAY

    shutil.copytree(SITE / "input", folder, dirs_exist_ok=True)
    shutil.copytree(ROOT / "themes", folder / "themes", dirs_exist_ok=True)
    config = load_config(folder / "config.yaml")
    build(config, Reporter(quiet=True), today=TODAY)
    return config.path("output")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = build_into(Path(tmp))
        expected = SITE / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out, expected)
    print(f"wrote {expected}")


if __name__ == "__main__":
    main()
