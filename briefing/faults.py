"""Fault injection at named points, for tests that must interrupt a run at an exact moment.

`BRIEFING_FAULT=<point>:<action>[:<n>]` makes the n-th time (default: the first) the running
process reaches `fault_point("<point>")` do <action>:

- `kill`    die at once with SIGKILL, as `kill -9` or a power cut would leave things;
- `raise`   raise `InjectedFault` (a RuntimeError: an internal error, a bug);
- `oserror` raise OSError(ENOSPC), as a full disk would;
- `erofs`   raise OSError(EROFS), as a read-only file system would.

Several faults can be armed at once, separated by commas. Unset (always, outside tests), a fault
point is one global lookup and one comparison. The variable is read once, at import; in-process
tests use `armed(spec)`. The points, in the order a build reaches them (POINTS lists them, and
a test checks that each one is reached):
"""
from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Iterator

POINTS = {
    "ingest.page_written": "ingest wrote a content page, before the ingest state records it",
    "ingest.recorded": "ingest recorded a page in its journal (the state file is written at the end)",
    "ingest.state_written": "ingest wrote the state file, before it removes its journal",
    "write.temp_written": "a content page or state file is in its temporary file, before the rename",
    "publish.staged": "every page is rendered and staged, before any file in the output moves",
    "publish.renamed": "one staged file was moved into place (the others not yet)",
    "publish.manifest": "every file is in place, before the manifest records them",
    "publish.committed": "the manifest is written, before old versions and stale files are removed",
}
__doc__ += "\n".join(f"    {name:24} {what}" for name, what in POINTS.items()) + "\n"

ACTIONS = ("kill", "raise", "oserror", "erofs")


class InjectedFault(RuntimeError):
    """The `raise` action: an unexpected error at a fault point."""


def _parse(spec: str | None) -> dict[str, list]:
    """'point:action[:n],...' -> {point: [action, hits to go]}; an unknown point or action is refused
    (a test that arms a misspelled point would otherwise test nothing)."""
    armed: dict[str, list] = {}
    for item in filter(None, (s.strip() for s in (spec or "").split(","))):
        point, _, rest = item.partition(":")
        action, _, count = rest.partition(":")
        if point not in POINTS or action not in ACTIONS or (count and not count.isdigit()):
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
