#!/usr/bin/env python3
"""Extraction speed on one core: articles per second over a folder of texts, repeated.

    python bench/extract_speed.py [FOLDER ...] [--rounds 5] [--repeat 10]
    python bench/extract_speed.py --items 200 [--rounds 5] [--repeat 1]

Default folders: ../shared/devset/articles and seeds/. `--items N`: N raw news items of ~650 words
with the annotated corpus's density of names (bench/newsitems.py), the realistic load. One process,
one core, the garbage collector off as in `build.py`. The gazetteer is loaded as a build loads it:
compiled from the data files into a fresh cache folder (cold), then from that cache (warm); both
times are printed. The first pass over the texts (cold caches: morphology, line judgements) is
reported apart; the figure quoted is the median of `rounds` timed passes over the texts repeated
`repeat` times (CPU time of this process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from briefing.extract import Options, extract, load_gazetteer  # noqa: E402
from briefing.sources import decode  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--items", type=int, default=0, help="generate this many raw news items instead of reading folders")
    args = parser.parse_args()
    gc.disable()
    work = tempfile.TemporaryDirectory()
    if args.items:
        from newsitems import generate

        folders = [Path(work.name) / "items"]
        generate(args.items, folders[0])
    else:
        folders = args.folders or [ROOT.parent / "shared" / "devset" / "articles", ROOT / "seeds"]
    texts = [decode(p.read_bytes()) for f in folders for p in sorted(f.glob("*.txt"))]
    if not texts:
        sys.exit("no .txt files found")
    import briefing.extract.compiled as compiled

    cache = Path(work.name) / "cache"
    started = time.perf_counter()
    load_gazetteer(ROOT / "data", cache)
    cold_s = time.perf_counter() - started
    compiled._load.cache_clear()  # as a new process would: read the compiled copy
    started = time.perf_counter()
    gaz = load_gazetteer(ROOT / "data", cache)
    load_s = time.perf_counter() - started
    options = Options(today=dt.date(2026, 11, 22))
    t0 = time.process_time()
    for text in texts:
        extract(text, gaz, options)
    cold = len(texts) / (time.process_time() - t0)
    rates = []
    for _ in range(args.rounds):
        t0 = time.process_time()
        for _ in range(args.repeat):
            for text in texts:
                extract(text, gaz, options)
        rates.append(len(texts) * args.repeat / (time.process_time() - t0))
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} texts, {words:.0f} words on average; extraction data compiled in {cold_s:.2f} s, loaded compiled in {load_s:.2f} s")
    print(f"first pass (cold caches): {cold:.0f} articles/s")
    print(f"median of {args.rounds} rounds x {args.repeat} repeats: {statistics.median(rates):.0f} articles/s (min {min(rates):.0f}, max {max(rates):.0f}) on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
