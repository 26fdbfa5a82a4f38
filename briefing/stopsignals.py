"""Ctrl-C and SIGTERM for a long-running command (`serve`): a stop event besides the interrupt."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stop_signals() -> Iterator[threading.Event]:
    """An event that Ctrl-C (SIGINT) and SIGTERM set, for the watch to end on.

    The handler also raises KeyboardInterrupt, which stops a build under way at once; the event is
    what makes the stop certain: an interrupt raised inside a library call can be swallowed there
    (a serve that ignored Ctrl-C was seen once in CI), a set event is seen by the watch within one
    step (0.1 s). A signal ignored when serve starts (a background job's SIGINT) stays ignored. A
    signal that comes while the handlers are put back only sets the event, so every handler is put
    back. Handlers can be set from the main thread only; elsewhere (a test's thread) the event is
    never set and Ctrl-C behaves as Python's default."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    closing = False

    def on_signal(signum: int, _frame) -> None:
        stop.set()
        if not closing:  # (while the handlers are put back, a signal only sets the event)
            raise KeyboardInterrupt

    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(sig) is not signal.SIG_IGN:
                previous[sig] = signal.signal(sig, on_signal)
        yield stop
    finally:
        closing = True
        for sig, handler in previous.items():
            signal.signal(sig, handler)
