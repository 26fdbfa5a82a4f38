"""Problems found in the user's input, and the exceptions that carry them to the CLI.

Every message a user sees names a place (`path:line`) and says what to do. The CLI maps
`BriefingError` to exit status 1 and anything else to 3 ("please report").
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .progress import Phase


def display_path(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the site's root (forward slashes) when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


current_file: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_file", default=None)
"""The file being processed, named by the CLI if an internal error escapes."""


@contextlib.contextmanager
def processing(name: str) -> Iterator[None]:
    """Set `current_file` for a block. An unexpected error leaving the block keeps the name
    (`failed_file`), so the CLI can say which file it was about after the block has been left."""
    token = current_file.set(name)
    try:
        yield
    except BriefingError:
        raise
    except Exception as exc:
        if getattr(exc, "briefing_file", None) is None:
            exc.briefing_file = name  # type: ignore[attr-defined]
        raise
    finally:
        current_file.reset(token)


def failed_file(exc: BaseException) -> str | None:
    """The file an internal error happened on, if known."""
    return getattr(exc, "briefing_file", None) or current_file.get()


# C0 and C1 controls, lone surrogates (undecodable bytes of a file name), line and paragraph
# separators and the bidirectional overrides: shown escaped, so that a file name or a value cannot
# start a new line of output, hide text or make one line look like another.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that is not UTF-8, as Python's surrogateescape kept it
    return ch.encode("unicode_escape").decode("ascii") if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text as one safe line of terminal output: control characters and the like escaped."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one file: an error stops the build, a warning does not."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}" if self.line else printable(self.path)
        return f"{where}: {self.severity}: {printable(self.message)}"


class BriefingError(Exception):
    """A problem in the user's input (exit status 1). Holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(path="briefing", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__(problems)  # the problems themselves, so the error survives pickling

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ConfigError(BriefingError):
    """The configuration file is missing, unreadable or invalid."""


class ContentError(BriefingError):
    """One or more content pages are invalid (bad YAML, wrong types, missing fields)."""


class ThemeError(BriefingError):
    """A template is missing or fails to compile or render."""


class LockedError(BriefingError):
    """Another build holds the lock on the output folder."""


class OutputError(BriefingError):
    """The output or cache folder cannot be written (read-only, full disk, no permission): a
    problem of the machine the build runs on, not a bug (exit status 1)."""


_ENVIRONMENT = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EROFS: "the file system is read-only; build into a writable folder ('paths.output', 'paths.cache')",
    errno.EACCES: "permission denied; make the folder writable for this user, or build elsewhere",
    errno.EPERM: "the operation is not permitted (an immutable file, or no permission); check the file's attributes (lsattr) and permissions",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n) and build again",
    errno.ENAMETOOLONG: "the file name is too long for this file system",
    errno.EIO: "the disk reported an input/output error",
}


def environment_error(exc: OSError, path: str | Path) -> OutputError | None:
    """An OSError that says something about the machine (full disk, read-only, permissions) as a
    user-facing error naming the file; None for errors that mean a bug."""
    advice = _ENVIRONMENT.get(exc.errno or 0)
    if advice is None:
        return None
    return OutputError(Problem(str(path), f"cannot write: {exc.strerror or exc}: {advice}"))


class SeedError(Exception):
    """A seed cannot be used (empty, binary, undecodable). Reported as a warning; the seed is skipped."""


@dataclass
class Reporter:
    """Collects the warnings of a run and prints them as they come, one line each."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    warnings: list[Problem] = field(default_factory=list)
    _live: bool = False
    """A progress line is on the terminal (cleared before anything else is printed)."""

    def warn(self, path: str | Path, message: str, line: int | None = None) -> None:
        problem = Problem(str(path), message, line, "warning")
        self.warnings.append(problem)
        self._clear()
        print(problem, file=self.stream)

    def progress(self, label: str, total: int, unit: str = "") -> Phase | None:
        """A phase of work with `total` items (see progress.py): call it with the number done so
        far; it shows a live line on a terminal and prints one summary line when done. None (no
        cost at all) with --quiet or when there is nothing to do."""
        if self.quiet or total <= 0:
            return None
        from .progress import Phase

        def on_live(live: bool) -> None:
            self._live = live

        try:
            live = self.stream.isatty()
        except (AttributeError, ValueError):
            live = False
        return Phase(self.stream, label, total, unit, live, on_live)

    def _clear(self) -> None:
        if self._live:
            self.stream.write("\r\033[K")
            self._live = False

    def info(self, message: str) -> None:
        if not self.quiet:
            self._clear()
            print(message, file=self.stream)
