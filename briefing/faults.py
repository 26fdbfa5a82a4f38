"""Fault injection at named points, for tests that must interrupt a run at an exact moment.

`BRIEFING_FAULT=<point>:<action>[:<n>]` makes the n-th arrival (default: the first) of the running
process at `fault_point("<point>")` do <action>:

- `kill`    die at once with SIGKILL, as `kill -9` or a power cut would leave things;
- `raise`   raise InjectedFault (a RuntimeError: an internal error, a bug);
- `oserror` raise OSError(ENOSPC), as a full disk would;
- `erofs`   raise OSError(EROFS), as a read-only file system would;
- `hold`    write the process id into the file BRIEFING_FAULT_HOLD names, then wait there until
            the test deletes that file (at most HOLD_SECONDS): the run is at that point, for sure,
            while the test does what it must (start a second build, kill this one).

Several faults can be armed at once, separated by commas; a point or an action that does not
exist is refused (a test would otherwise test nothing). The variable is read once, at import;
in-process tests use `armed(spec)`. Unset (always, outside tests), a fault point is a global
lookup and a test of an empty dict. The points (POINTS), in the order a build reaches them:

    write.temp_written     a content page or the state file is in its temporary file, not renamed yet
    ingest.page_written    ingest wrote a content page; the ingest state does not record it yet
    ingest.recorded        ingest recorded a page in its journal (the state file is written at the end)
    ingest.state_written   ingest wrote the state file; its journal is not removed yet
    render.page            a page is about to be rendered (in a worker process when there are many)
    publish.staged         every page is rendered and staged; nothing in the output has moved
    publish.renamed        one more staged file is in place (the n-th), the others not yet
    publish.manifest       every file is in place; the manifest does not record them yet
    publish.committed      the manifest is written; old versions and stale files not removed yet
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Iterator

POINTS = (
    "write.temp_written",
    "ingest.page_written",
    "ingest.recorded",
    "ingest.state_written",
    "render.page",
    "publish.staged",
    "publish.renamed",
    "publish.manifest",
    "publish.committed",
)

ACTIONS = ("kill", "raise", "oserror", "erofs", "hold")
HOLD_SECONDS = 120


class InjectedFault(RuntimeError):
    """The `raise` action: an unexpected error at a fault point."""


def _parse(spec: str | None) -> dict[str, list]:
    """'point:action[:n],...' -> {point: [action, hits to go]}; an unknown point or action is refused
    (a test that arms a misspelled point would otherwise test nothing)."""
    armed: dict[str, list] = {}
    for item in filter(None, (s.strip() for s in (spec or "").split(","))):
        point, _, rest = item.partition(":")
        action, _, count = rest.partition(":")
        if point not in POINTS or action not in ACTIONS or (count and not (count.isdigit() and int(count) > 0)):
            raise ValueError(f"BRIEFING_FAULT: {item!r} is not <point>:<action>[:<n>] with a point of {sorted(POINTS)} and an action of {ACTIONS}")
        armed[point] = [action, int(count or 1)]
    return armed


_ARMED = _parse(os.environ.get("BRIEFING_FAULT"))


def fault_point(name: str) -> None:
    """Do the armed fault if this is its n-th arrival at `name`; nothing otherwise."""
    if not _ARMED:
        return
    fault = _ARMED.get(name)
    if fault is None:
        return
    fault[1] -= 1
    if fault[1] != 0:
        return
    action = fault[0]
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if action == "raise":
        raise InjectedFault(f"fault injected at {name}")
    if action == "hold":
        _hold(os.environ.get("BRIEFING_FAULT_HOLD") or "")
        return
    code = errno.ENOSPC if action == "oserror" else errno.EROFS
    raise OSError(code, os.strerror(code))


@contextlib.contextmanager
def armed(spec: str) -> Iterator[None]:
    """Arm faults in this process for the duration of a `with` block (in-process tests)."""
    global _ARMED
    before = _ARMED
    _ARMED = _parse(spec)
    try:
        yield
    finally:
        _ARMED = before


def _hold(marker: str) -> None:
    """The `hold` action: say where we are (the marker file, with our pid) and wait for its removal."""
    import time

    if not marker:
        raise ValueError("BRIEFING_FAULT: the hold action needs BRIEFING_FAULT_HOLD, the file to wait on")
    with open(marker, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + HOLD_SECONDS
    while os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.01)
