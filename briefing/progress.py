"""Progress a person can see: one line per phase of a build (ingest, reading, rendering, search).

On a terminal the line is live: `render 2,310/6,250 pages · 1,840/s · 2 s left`, rewritten in place
at most ten times a second, and replaced by the phase's summary when it ends. In a pipe (cron, CI,
a log file) nothing is rewritten: each phase prints its summary once, when it ends:
`render: 6,250 pages in 3.41 s (1,833/s)`. `--quiet` prints neither. A phase that had nothing to do,
or took less than half a second, prints nothing. Updates come from the build's parent process only (workers report through it), so
no lock is needed, and a phase costs nothing when output is quiet (the reporter hands out no phase).
"""

from __future__ import annotations

import time
from typing import TextIO

LIVE_AFTER = 0.3
"""Seconds before a live line first appears: quick phases do not flicker."""
LIVE_EVERY = 0.1
"""Seconds between two rewrites of the live line."""
SUMMARY_AFTER = 0.5
"""A phase shorter than this prints no summary line (an incremental build stays one line)."""


class Phase:
    """One phase's counter. Call it with the number of items done so far (the callback that
    `parallel.map_chunks` takes), then `finish()` (also called when done reaches the total)."""

    def __init__(self, stream: TextIO, label: str, total: int, unit: str, live: bool, on_live=None):
        self.stream = stream
        self.label = label
        self.total = total
        self.unit = unit
        self.live = live
        self.done = 0
        self.note = ""
        self.started = time.perf_counter()
        self._shown = 0.0  # when the live line was last written
        self._finished = False
        self._on_live = on_live  # tells the reporter a live line is on screen (it clears it before other output)

    def __call__(self, done: int) -> None:
        self.done = done
        if done >= self.total:
            self.finish()
            return
        if not self.live:
            return
        now = time.perf_counter()
        elapsed = now - self.started
        if elapsed < LIVE_AFTER or now - self._shown < LIVE_EVERY:
            return
        self._shown = now
        rate = done / elapsed if elapsed > 0 else 0.0
        parts = [f"{self.label} {done:,}/{self.total:,} {self.unit}".rstrip()]
        if rate > 0:
            parts.append(f"{rate:,.0f}/s")
            parts.append(f"{_duration((self.total - done) / rate)} left")
        self.stream.write("\r" + " · ".join(parts) + "\033[K")
        self.stream.flush()
        if self._on_live is not None:
            self._on_live(True)

    def advance(self, n: int = 1) -> None:
        self(self.done + n)

    def finish(self, note: str = "") -> None:
        """Print the phase's summary line (once); nothing if no item was done."""
        if self._finished:
            return
        self._finished = True
        if note:
            self.note = note
        seconds = time.perf_counter() - self.started
        if self.live:
            self.stream.write("\r\033[K")
            if self._on_live is not None:
                self._on_live(False)
        if self.done <= 0 or seconds < SUMMARY_AFTER:
            return
        rate = f" ({self.done / seconds:,.0f}/s)" if seconds >= 0.05 else ""
        note = f"; {self.note}" if self.note else ""
        self.stream.write(f"{self.label}: {self.done:,} {self.unit} in {seconds:.2f} s{rate}{note}\n".replace("  ", " "))
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
