#!/usr/bin/env python3
"""Time per seed of each input format: reading the file (the format's library) and extraction.

    python bench/formats.py [--repeat 20]

Reads the fixtures of tests/fixtures/inputs/ (and the PDF and Word files tests/fixtures/
make_documents.py writes) in one process, on one core: the first read of each format (its
library's import) is reported apart, then the median of `--repeat` reads, then extraction of the
item's text with the format's hints applied (origin.py), as ingest does it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing import readers  # noqa: E402
from briefing.extract import Options, load_gazetteer  # noqa: E402
from briefing.origin import Publishers, apply_hints  # noqa: E402
from tests.fixtures import make_documents  # noqa: E402

INPUTS = ROOT / "tests" / "fixtures" / "inputs"
SAMPLES = {
    "text": sorted((ROOT / "seeds").glob("*.txt"))[:2],
    "html": sorted(INPUTS.glob("*.htm*")),
    "mhtml": [INPUTS / "tass_transit.mhtml"],
    "feed (per entry)": [INPUTS / "agency_feed.rss", INPUTS / "commission_news.atom"],
    "markdown": [ROOT / "tests" / "fixtures" / "stories" / "armenpress_transit.md"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    docs = make_documents.write_all(folder)
    samples = dict(SAMPLES, pdf=[docs["release.pdf"]], docx=[docs["release.docx"]])
    gaz = load_gazetteer(ROOT / "data")
    publishers = Publishers(gaz, ROOT / "data")
    from briefing.extract import extract

    options = Options(dt.date(2026, 11, 22))
    print(f"{'format':18} {'first read':>11} {'read':>9} {'extract':>9} {'per seed':>9}  (milliseconds, median of {args.repeat})")
    for fmt, paths in samples.items():
        files = [(p.name, p.read_bytes()) for p in paths]
        start = time.perf_counter()
        for name, data in files:
            [item.reading for item in readers.read_items(f"seeds/{name}", data)]
        first = (time.perf_counter() - start) * 1000 / len(files)
        reads, extracts = [], []
        for _ in range(args.repeat):
            for name, data in files:
                start = time.perf_counter()
                items = readers.read_items(f"seeds/{name}", data)
                readings = [item.reading for item in items]
                reads.append((time.perf_counter() - start) * 1000 / len(items))
                start = time.perf_counter()
                for reading in readings:
                    apply_hints(extract(reading.text, gaz, options), reading, publishers)
                extracts.append((time.perf_counter() - start) * 1000 / len(items))
        read, ex = statistics.median(reads), statistics.median(extracts)
        print(f"{fmt:18} {first:11.1f} {read:9.2f} {ex:9.2f} {read + ex:9.2f}")


if __name__ == "__main__":
    main()
