"""`python build.py check --external`: do the built site's links to other hosts still work?

Every http(s) link of every HTML page in the output folder (links to the site's own `base_url`
aside) is requested once, whatever the number of pages it is on: HEAD first, GET when the server
refuses HEAD or fails it; each with a timeout, ENDPOINTS at a time in a thread pool. A broken
link is a warning per page that has it (file, line, the URL and what happened). Never part of a
build: only this command touches the network, and `check` without `--external` makes no request.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import Problem, display_path
from .urls import split_url

TIMEOUT = 10.0
WORKERS = 8
USER_AGENT = "Briefing-link-check/1.0 (+https://pypi.org/project/briefing/)"
# Statuses after which a GET is worth trying: servers that do not do HEAD (or do it wrongly).
HEAD_REFUSED = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}


def external_links(output: Path, root: Path, base_url: str = "") -> dict[str, list[tuple[str, int]]]:
    """{url: [(page, line), ...]} of the links to other hosts in the built site's pages."""
    from .check import _Links

    found: dict[str, list[tuple[str, int]]] = {}
    for page in sorted(output.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        rel = display_path(page, root)
        for _attr, value, line, kind in parser.links:
            url = value.strip()
            parts = split_url(url)
            if kind != "link" or parts is None or parts.scheme.lower() not in ("http", "https"):
                continue
            if base_url and url.startswith(base_url):
                continue  # the site itself, at its published address
            url = url.split("#", 1)[0]
            if (rel, line) not in found.setdefault(url, []):
                found[url].append((rel, line))
    return found


def probe(url: str, timeout: float = TIMEOUT) -> str | None:
    """None if the URL answers with a success (after redirects), else what went wrong."""
    failure = _request(url, "HEAD", timeout)
    if failure is None or failure.startswith("timed out"):
        return failure
    if failure.startswith("HTTP ") and int(failure.split()[1]) not in HEAD_REFUSED:
        return failure
    return _request(url, "GET", timeout)


def _request(url: str, method: str, timeout: float) -> str | None:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked above
            if method == "GET":
                response.read(1024)  # (enough to know the body comes)
            return None
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}".rstrip()
    except TimeoutError:
        return f"timed out after {timeout:g} s"
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return f"timed out after {timeout:g} s"
        return f"cannot connect: {getattr(reason, 'strerror', None) or reason}"
    except (OSError, ValueError) as exc:  # a reset connection, a malformed address
        return f"cannot connect: {exc}"


def check_external(output: Path, root: Path, base_url: str = "", *, timeout: float = TIMEOUT, workers: int = WORKERS) -> list[Problem]:
    """A warning per page and broken outside link; each URL is requested once, in parallel."""
    links = external_links(output, root, base_url)
    urls = sorted(links)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda u: probe(u, timeout), urls))
    problems = []
    for url, failure in zip(urls, results):
        if failure is None:
            continue
        for page, line in links[url]:
            problems.append(Problem(page, f"external link {url} is broken: {failure}", line, severity="warning"))
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
