"""Problems found in the user's input, and the exceptions that carry them to the CLI.

Every message a user sees names a place (`path:line`) and says what to do. The CLI maps
`BriefingError` to exit status 1 and anything else to 3 ("please report").
"""
from __future__ import annotations

import contextvars
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

PROGRESS_MIN = 300
"""Jobs with at least this many items show a progress line on a terminal."""

def display_path(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the site's root (forward slashes) when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


current_file: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_file", default=None)
"""The file being processed, named by the CLI if an internal error escapes."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one file: an error stops the build, a warning does not."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


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

    def progress(self, label: str, total: int) -> Callable[[int], None] | None:
        """A callback done -> None that keeps 'label done/total' on one terminal line; None (no
        progress to show) for small jobs, with --quiet, and when the stream is not a terminal."""
        if self.quiet or total < PROGRESS_MIN or not self.stream.isatty():
            return None

        step, shown = max(1, total // 100), [0]

        def show(done: int) -> None:
            if done >= total:
                self._clear()
                return
            if done - shown[0] < step:
                return
            shown[0] = done
            self.stream.write(f"\r{label} {done:,}/{total:,}\033[K")
            self.stream.flush()
            self._live = True

        return show

    def _clear(self) -> None:
        if self._live:
            self.stream.write("\r\033[K")
            self._live = False

    def info(self, message: str) -> None:
        if not self.quiet:
            self._clear()
            print(message, file=self.stream)
