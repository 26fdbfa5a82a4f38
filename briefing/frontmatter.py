"""Split a content page into YAML front-matter and Markdown body, and write one back."""

from __future__ import annotations

from typing import Any

from . import yamlio

FENCE = "---"


class FrontMatterMissing(ValueError):
    """The page does not start with a `---` fenced YAML block."""


def split(text: str) -> tuple[str, str, int]:
    """-> (yaml text, body, line number of the body's first line).

    The page must open with a line `---` and close the block with `---` (or `...`)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first, sep, rest = text.partition("\n")
    if first.rstrip() != FENCE or not sep:
        raise FrontMatterMissing("the page must start with a line '---', then the YAML front-matter, then a line '---'")
    lines = rest.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip() in (FENCE, "..."):
            meta = "\n".join(lines[:i])
            body = "\n".join(lines[i + 1 :])
            return meta, body, i + 3
    raise FrontMatterMissing("the front-matter is not closed: add a line '---' after the YAML")


def compose(meta: dict[str, Any], body: str) -> str:
    """A content page: fenced YAML (keys in the given order) and the Markdown body."""
    body = body.strip("\n")
    return f"{FENCE}\n{yamlio.dump(meta)}{FENCE}\n\n{body}\n" if body else f"{FENCE}\n{yamlio.dump(meta)}{FENCE}\n"
