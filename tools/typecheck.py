"""mypy over the package against a baseline that may only shrink.

    python tools/typecheck.py            # fails on an error not in tools/mypy-baseline.txt, or on a
                                         # baseline entry that no longer occurs (delete it: fixed)
    python tools/typecheck.py --update   # rewrite the baseline (only to remove entries, in review)

Entries are "file: message [code]" without line numbers, so moving code does not touch them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tools" / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<file>[^:]+):\d+: error: (?P<message>.*)$")


def current() -> Counter[str]:
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty"], cwd=ROOT, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(run.stderr or run.stdout)
    found: Counter[str] = Counter()
    for line in run.stdout.splitlines():
        m = ERROR.match(line)
        if m:
            found[f"{m['file']}: {m['message']}"] += 1
    return found


def main(argv: list[str]) -> int:
    found = current()
    if "--update" in argv:
        BASELINE.write_text("".join(f"{entry}\n" for entry in sorted(found.elements())), encoding="utf-8")
        print(f"{BASELINE.relative_to(ROOT)}: {sum(found.values())} entries")
        return 0
    allowed = Counter(line for line in BASELINE.read_text(encoding="utf-8").splitlines() if line.strip()) if BASELINE.exists() else Counter()
    new, fixed = found - allowed, allowed - found
    for entry in sorted(new.elements()):
        print(f"new type error: {entry}")
    for entry in sorted(fixed.elements()):
        print(f"fixed, remove from {BASELINE.name}: {entry}")
    print(f"mypy: {sum(found.values())} known errors, {sum(new.values())} new, {sum(fixed.values())} fixed")
    return 1 if new or fixed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
