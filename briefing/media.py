"""Images and files beside the content pages, published under fingerprinted names.

A body's reference to a file (`![A river port](port.jpg)`, `[the report](report.pdf)`) is read
relative to the page's own file; a name not found there is looked for in `content/media/`. Each
file referenced is copied to `media/<name>.<8 hex of its sha256>.<ext>` in the output (a changed
file gets a new name, so a browser never shows a stale copy), and every page that shows the body
(the article, its weekly issue) links to the copy relatively. The rendered Markdown, cached by the
page's hash, keeps the reference as written: it is pointed at the copy when the page is rendered
(`localize`), and the copies' names are part of the story's fingerprint, so an edited image
re-renders exactly the pages that show it. Files are only read from the content folder, never
written or deleted there.
"""

from __future__ import annotations

import hashlib
import html
import os
import pickle
import re
import stat as stat_module
from collections import ChainMap
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Problem, Reporter, display_path
from .files import atomic_write

MAX_MEDIA_BYTES = 50 * 1024 * 1024
MEDIA_FOLDER = "media"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def with_lines(text: str, files: list[tuple[str, str, str]]) -> tuple[tuple[str, int, str, str, str], ...]:
    """The body's local files (markup.render_page_body) with the line of the page that names each
    (the first line holding it after the front-matter and the reference before), and no published URL yet."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    out = []
    for ref, kind, alt in files:  # (in the body's order: each is looked for from the line of the one before)
        found = next((i for i in range(start, len(lines)) if ref in lines[i]), None)
        if found is not None:
            start = found
        out.append((ref, 0 if found is None else found + 1, kind, alt, ""))
    return tuple(out)


class _Digests:
    """sha256 of media files by (size, mtime, inode), as ContentCache does for pages: a file is
    hashed again only when its stat changed (or was recent when recorded)."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "media.pickle"
        try:
            with open(self.path, "rb") as f:
                self.known: dict[str, tuple[int, int, int, str]] = pickle.load(f)
                self.written_ns = os.fstat(f.fileno()).st_mtime_ns
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            self.known, self.written_ns = {}, 0
        self.used: dict[str, tuple[int, int, int, str]] = {}

    def digest(self, path: str, st: os.stat_result) -> str:
        key = (st.st_size, st.st_mtime_ns, st.st_ino)
        rec = self.known.get(path)
        if rec is not None and rec[:3] == key and st.st_mtime_ns < self.written_ns - 2_000_000_000:
            self.used[path] = rec
            return rec[3]
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        self.used[path] = (*key, h.hexdigest())
        return h.hexdigest()

    def save(self) -> None:
        if self.used != self.known:
            atomic_write(self.path, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))


def published_name(path: str, digest: str) -> str:
    """media/<name>.<8 hex>.<ext>: the file's own name made URL-safe, and its content's hash."""
    stem, ext = os.path.splitext(os.path.basename(path))
    stem = _UNSAFE.sub("-", stem).strip("-") or "file"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{MEDIA_FOLDER}/{stem}.{digest[:8]}" + (f".{ext}" if ext else "")


def resolve_media(articles: list, content: Path, root: Path, cache_dir: Path, reporter: Reporter) -> tuple[list, dict[str, tuple[str, str]]]:
    """Each article's local references pointed at their published copies; and the copies to make,
    {output path: (source file, sha256)}. A reference to a missing file, to a file outside the
    content folder or to one over MAX_MEDIA_BYTES is a warning naming the page and the line, and
    is left as written."""
    digests = _Digests(cache_dir)
    content_real = os.path.realpath(content)
    copies: dict[str, tuple[str, str]] = {}
    out = []
    for a in articles:
        if not a.media or a.draft:
            out.append(a)
            continue
        folder = (root / a.path).parent
        refs = []
        for ref, line, kind, alt, _url in a.media:
            url = ""
            found = _locate(ref, folder, content, content_real, root)
            what = "image" if kind == "img" else "file"
            if isinstance(found, str):
                reporter.warn(a.path, f"the {what} '{ref}' {found}; the reference is left as written", line or None)
            else:
                path, st, fragment = found
                if st.st_size > MAX_MEDIA_BYTES:
                    reporter.warn(a.path, f"the {what} '{ref}' is {st.st_size / 1024 / 1024:,.0f} MB, over the {MAX_MEDIA_BYTES // 1024 // 1024} MB a file may have; it is not copied", line or None)
                else:
                    digest = digests.digest(path, st)
                    name = published_name(path, digest)
                    copies[name] = (path, digest)
                    url = name + (f"#{fragment}" if fragment else "")
            refs.append((ref, line, kind, alt, url))
        out.append(replace(a, media=tuple(refs)))
    digests.save()
    return out, copies


def check_media(articles: list, content: Path, root: Path) -> list[Problem]:
    """`check`: an image without alt text (readers of screens, og:image:alt), and references to
    files that do not exist or are not published, as warnings naming the page and the line."""
    from .markup import render_page_body

    problems = []
    content_real = os.path.realpath(content)
    for a in articles:
        if a.draft or ("](" not in a.body and "]:" not in a.body):
            continue
        files = render_page_body(a.body)[2]
        if not files:
            continue
        text = (root / a.path).read_text(encoding="utf-8", errors="replace")
        for ref, line, kind, alt, _url in with_lines(text, files):
            if kind == "img" and not alt.strip():
                problems.append(Problem(a.path, f"the image '{ref}' has no alt text: write what it shows between the brackets, ![...]({ref})", line or None, "warning"))
            found = _locate(ref, (root / a.path).parent, content, content_real, root)
            if isinstance(found, str):
                problems.append(Problem(a.path, f"the {'image' if kind == 'img' else 'file'} '{ref}' {found}", line or None, "warning"))
            elif found[1].st_size > MAX_MEDIA_BYTES:
                problems.append(Problem(a.path, f"the file '{ref}' is over {MAX_MEDIA_BYTES // 1024 // 1024} MB; it is not copied", line or None, "warning"))
    return problems


def to_copy(copies: dict[str, tuple[str, str]], output, keep: set[str]) -> dict[str, tuple[str, str]]:
    """The copies not yet in the output as they should be (the others are added to `keep`):
    a copy's name holds its hash, so the file the manifest recorded for it is the right one."""
    todo = {}
    for path, (source, digest) in copies.items():
        if output.is_current(path, digest):
            keep.add(path)
        else:
            todo[path] = (source, digest)
    return todo


def _locate(ref: str, folder: Path, content: Path, content_real: str, root: Path):
    """(path, stat, fragment) of the file a reference names, or why there is none."""
    parts = urlsplit(ref)
    name = unquote(parts.path)
    candidates = [os.path.normpath(folder / name)]
    if "/" not in name.strip("./"):
        candidates.append(os.path.normpath(content / MEDIA_FOLDER / name))
    for path in candidates:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            continue
        real = os.path.realpath(path)
        if not real.startswith(content_real + os.sep):
            return "is outside the content folder (or a link to a file there), which is not published"
        if not stat_module.S_ISREG(st.st_mode):
            return "is not a regular file"
        return path, st, parts.fragment
    where = " or ".join(sorted({display_path(Path(c).parent, root) + "/" for c in candidates}))
    return f"does not exist (looked in {where})"


_ATTR = re.compile(r'\b(src|href)="([^"]*)"')


def localize(page, bodies, pretty: bool):
    """The bodies a page shows, their references to local files pointed at the published copies,
    relative to the page (so the site works from any sub-path and from file://)."""
    from . import urls
    from .contexts import ArticleContext, WeekContext

    if isinstance(page.context, ArticleContext):
        stories = [page.context.story]
    elif isinstance(page.context, WeekContext):
        stories = list(page.context.week.stories)
    else:
        return bodies
    changed = {}
    for story in stories:
        if not story.media or story.digest not in bodies:
            continue
        links = {ref: urls.relative(page.url, url, pretty) for ref, url in story.media}

        def point(m: re.Match, links=links) -> str:
            target = links.get(html.unescape(m.group(2)))
            return m.group(0) if target is None else f'{m.group(1)}="{html.escape(target)}"'

        changed[story.digest] = _ATTR.sub(point, bodies[story.digest])
    return ChainMap(changed, bodies) if changed else bodies
