#!/usr/bin/env python3
"""Score extraction on the annotated development set with its own scorer.

    python tools/score_devset.py [DEVSET_DIR]      (default: ../shared/devset)

Runs `python build.py extract --json` exactly as a user would, on the devset articles and on the
seeds, turns the JSON lines into one prediction file per article, and runs the devset's
`score.py` against `gold.json` and `seed_gold.json`. The devset texts are never copied here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("title", "date", "location", "organizations", "people", "countries")


def predict(files: list[Path], out_dir: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "extract", "--json", *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"extract failed ({run.returncode}):\n{run.stderr}")
    for line in run.stdout.splitlines():
        obj = json.loads(line)
        stem = Path(obj["file"]).stem
        (out_dir / f"{stem}.json").write_text(json.dumps({k: obj.get(k) for k in KEYS}, ensure_ascii=False), encoding="utf-8")


def main() -> int:
    devset = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "devset").resolve()
    for gold, files in (("gold.json", sorted((devset / "articles").glob("*.txt"))), ("seed_gold.json", sorted((ROOT / "seeds").glob("*.txt")))):
        with tempfile.TemporaryDirectory() as tmp:
            predict(files, Path(tmp))
            print(f"== {gold}")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(devset / "score.py"), str(devset / gold), tmp], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
