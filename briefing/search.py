"""Full-text search: a Pagefind index of the article pages, made after the pages are published.

Pagefind (the `pagefind[bin]` package: a self-contained binary inside a wheel, no network) reads
the published article pages - the part marked `data-pagefind-body`, with `data-pagefind-filter`
values for tag, organization, country and year - and writes a static bundle that the search page
loads. The bundle is written beside the site and moved in with two renames, so a reader never gets
half an index. It is rebuilt only when an article page changed or the bundle is missing. Without
Pagefind the build warns and the site works without search.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE = "pagefind"
ENTRY = f"{BUNDLE}/pagefind-entry.json"
INDEXED = "articles/"
"""Only article pages are indexed: lists and profiles would repeat them in the results."""


@dataclass(frozen=True)
class SearchReport:
    seconds: float
    files: int
    bytes: int


def needs_index(output_dir: Path, changed: list[str]) -> bool:
    """Whether the index is out of date: an article page was written or removed, or the bundle is gone."""
    return any(p.startswith(INDEXED) for p in changed) or not (output_dir / ENTRY).is_file()


def executable() -> str | None:
    """The Pagefind binary: from the `pagefind[bin]` wheel, else one on PATH."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except Exception:  # not installed, or no binary for this platform
        return shutil.which("pagefind")


def index(output_dir: Path, language: str, pretty_urls: bool) -> SearchReport:
    """Index the published article pages into `<output>/pagefind/`. Raises SearchError."""
    binary = executable()
    if binary is None:
        raise SearchError("Pagefind is not installed; install it with `pip install 'pagefind[bin]'` (see requirements.txt)")
    started = time.perf_counter()
    # Beside the output folder (not in it: never deployed; same file system: renames work).
    # Named by process, so a build and `serve`'s background indexing never share one.
    staging, old = (output_dir.parent / f".{output_dir.name}.{BUNDLE}-{kind}-{os.getpid()}" for kind in ("new", "old"))
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    cmd = [
        binary, "--site", str(output_dir), "--output-path", str(staging.resolve()), "--glob", f"{INDEXED}**/*.html",
        # One index for the whole digest: English and Russian items are found from the same box.
        "--force-language", language, "--silent",
    ]
    if not pretty_urls:
        cmd.append("--keep-index-url")
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchError(f"Pagefind did not run: {exc}") from None
    if done.returncode != 0 or not (staging / "pagefind-entry.json").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError(f"Pagefind failed: {detail[-1].rstrip('.') if detail else f'exit status {done.returncode}'}")
    bundle = output_dir / BUNDLE
    if bundle.exists():
        os.replace(bundle, old)
    os.replace(staging, bundle)
    shutil.rmtree(old, ignore_errors=True)
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return SearchReport(time.perf_counter() - started, len(files), sum(p.stat().st_size for p in files))


def remove(output_dir: Path) -> None:
    """Remove the bundle (search switched off, or no article left to find)."""
    shutil.rmtree(output_dir / BUNDLE, ignore_errors=True)


class SearchError(Exception):
    """The index could not be made; the build warns and goes on."""
