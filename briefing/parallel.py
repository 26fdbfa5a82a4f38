"""Spread independent work over the cores: forked workers that inherit the build's data.

Workers are forked after the parent has read and modelled everything, so they share it without
pickling; only each chunk's small result comes back. Results keep the input order, so the output
of a parallel build is the same as a serial one. Small jobs stay in the parent process.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable, Sequence] | None = None  # what forked workers run (set before forking)


def cores() -> int:
    """Cores this process may use; BRIEFING_JOBS=N overrides (1 = no worker processes)."""
    pinned = os.environ.get("BRIEFING_JOBS", "")
    if pinned.isdigit() and int(pinned) > 0:
        return int(pinned)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def map_chunks(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int) -> list[R]:
    """fn(chunk) over chunks of items, in worker processes when there are at least min_items and
    more than one core; the results concatenated in input order."""
    jobs = cores()
    if jobs <= 1 or len(items) < min_items:
        return fn(items)
    import multiprocessing  # only when there is work to spread: it costs ~25 ms to import
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not on Linux
        return fn(items)
    global _TASK
    chunk = max(1, -(-len(items) // (jobs * 4)))
    bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    _TASK = (fn, items)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_run, bounds))
    finally:
        _TASK = None
    return [r for part in parts for r in part]


def _run(bounds: tuple[int, int]) -> list[Any]:
    fn, items = _TASK  # type: ignore[misc]
    return fn(items[bounds[0] : bounds[1]])
