"""Spread independent work over the cores: forked workers that inherit the build's data.

Workers are forked after the parent has read and modelled everything, so they share it without
pickling; only each chunk's small result comes back. Results keep the input order, so the output
of a parallel build is the same as a serial one. Small jobs stay in the parent process.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 40  # items per task at most

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


def map_chunks(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int, progress: Callable[[int], None] | None = None) -> list[R]:
    """fn(chunk) over chunks of items, in worker processes when there are at least min_items and
    more than one core; the results concatenated in input order. progress(done) is called in the
    parent as chunks finish."""
    jobs = cores()
    # Small chunks: the last ones to finish keep every core busy until the end (a worker left with
    # one big chunk while the others idle costs more than sending more, smaller results back).
    chunk = max(1, min(CHUNK, -(-len(items) // (jobs * 4))))
    bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    if jobs <= 1 or len(items) < min_items or not _can_fork():
        if progress is None:
            return fn(items)
        serial: list[R] = []
        for a, b in bounds:
            serial += fn(items[a:b])
            progress(b)
        return serial
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _TASK
    _TASK = (fn, items)
    out: list[R] = []
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_die_with, initargs=(os.getpid(), _prctl())) as pool:
            for (_a, b), part in zip(bounds, pool.map(_run, bounds)):
                out += part
                if progress is not None:
                    progress(b)
    finally:
        _TASK = None
    return out


def imap_ordered(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int, chunk: int = 8) -> Iterator[R]:
    """fn(chunk) over chunks of items, yielded item by item in input order as the chunks finish:
    the caller works on the first results (writes them, reports them) while workers compute the
    rest. In worker processes when there are at least min_items and more than one core, else in
    this process, one chunk at a time. Leaving the loop early cancels the chunks not yet started."""
    jobs = cores()
    bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    if jobs <= 1 or len(items) < min_items or not _can_fork():
        for a, b in bounds:
            yield from fn(items[a:b])
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _TASK
    if _TASK is not None:  # (one parallel job at a time: the workers read the task from _TASK)
        raise RuntimeError("imap_ordered inside another parallel job")
    _TASK = (fn, items)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_die_with, initargs=(os.getpid(), _prctl()))
    finished = False
    try:
        for part in pool.map(_run, bounds):
            yield from part
        finished = True
    finally:
        _TASK = None
        pool.shutdown(wait=finished, cancel_futures=not finished)


def _can_fork() -> bool:
    """Forking is safe only from a process with one thread: a thread holding a lock (the HTTP
    server's under `serve`, the search indexer's) would leave it held in the child for ever. With
    threads running (serve's rebuilds after the first), the work is done in this process."""
    return threading.active_count() == 1 and "fork" in _start_methods()


def _start_methods() -> list[str]:
    import multiprocessing  # only when there is work to spread: it costs ~25 ms to import

    return multiprocessing.get_all_start_methods()


def _prctl():
    """libc's prctl where there is one (Linux), looked up in the parent before forking: a worker
    then only calls it (no import or dlopen in a child forked from a process with threads)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except Exception:  # no ctypes (a Python built without libffi), no libc symbol
        return None


def _die_with(parent: int, prctl) -> None:
    """A worker ends when the build that forked it dies (kill -9): left behind, it would wait
    forever on a queue lock its dead parent held, and keep the build lock it inherited, so the
    next build would wait for it too. Needs Linux's prctl; on other systems (no prctl) a killed
    build can still leave its workers behind."""
    if prctl is None:
        return
    prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: killed when the parent dies (a refusal, -1, changes nothing)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before prctl took effect


def _run(bounds: tuple[int, int]) -> list[Any]:
    fn, items = _TASK  # type: ignore[misc]
    return fn(items[bounds[0] : bounds[1]])
