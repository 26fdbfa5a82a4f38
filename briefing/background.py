"""A function of plain data computed in a forked child while the caller goes on: the place table
is read there while the entity file is read here (a cold build waits for both on one core).

Only on Linux and only from a process with one thread (a fork copies locks another thread may
hold); anywhere else, or when the child fails, the function runs in the caller when its result is
asked for, so an error (a broken data file) is raised where it always was. The result travels
through a pipe as `marshal` data: dicts, lists, tuples, strings and numbers only.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any


class Background:
    """`fn(*args)`, started in a child at `with` and collected by `result()`; leaving the block
    without the result stops the child."""

    def __init__(self, fn: Callable[..., Any], *args: Any, fork: bool = True) -> None:
        self.fn, self.args = fn, args
        self.fork = fork and sys.platform.startswith("linux") and threading.active_count() == 1
        self.pid: int | None = None
        self.fd: int | None = None

    def __enter__(self) -> Background:
        if self.fork:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
                status = 1
                try:
                    os.close(r)
                    data = marshal.dumps(self.fn(*self.args))
                    with os.fdopen(w, "wb") as out:
                        out.write(data)
                    status = 0
                finally:
                    os._exit(status)
            os.close(w)
            self.pid, self.fd = pid, r
        return self

    def result(self) -> Any:
        if self.pid is not None and self.fd is not None:
            with os.fdopen(self.fd, "rb") as pipe:
                data = pipe.read()
            self.fd = None
            _pid, status = os.waitpid(self.pid, 0)
            self.pid = None
            if status == 0:
                with contextlib.suppress(EOFError, ValueError, TypeError):
                    return marshal.loads(data)
        return self.fn(*self.args)  # no child, or it failed: here, where its error is shown

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None
