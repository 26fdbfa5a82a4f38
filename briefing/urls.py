"""URLs of the built site and the links between its pages.

A URL here is site-relative, without a leading slash: "" (home), "articles/<slug>/", "feed.xml".
Every page URL is a folder holding an index.html. Links are made relative to the page that holds
them, so the site works from any sub-path, and with `pretty_urls: false` from `file://` too.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import SplitResult, quote, urlsplit

HOME = ""


def article(slug: str) -> str:
    return f"articles/{slug}/"


def taxonomy(kind: str) -> str:
    return f"{kind}/"


def term(kind: str, slug: str) -> str:
    return f"{kind}/{slug}/"


def index_page(number: int) -> str:
    return HOME if number == 1 else f"page/{number}/"


def output_path(url: str) -> str:
    """Where a URL's file lives under public/: folders get index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative(from_url: str, to_url: str, pretty: bool = True) -> str:
    """A link from the page at `from_url` to `to_url` that works under any prefix."""
    depth = from_url.count("/")  # "articles/x/" and "tags/x/feed.xml" both sit two folders down
    target = to_url
    if not pretty and (target == "" or target.endswith("/")):
        target += "index.html"
    link = "../" * depth + _quote(target)
    return link or "./"


def absolute(base_url: str, url: str) -> str:
    """The published address of a URL; '' when the site has no base_url."""
    if not base_url:
        return ""
    return base_url.rstrip("/") + "/" + _quote(url)


@lru_cache(maxsize=65536)  # a site links to the same few thousand URLs from every page
def _quote(url: str) -> str:
    return quote(url, safe="/#?=&.-_~")


def split_url(value: str) -> SplitResult | None:
    """urlsplit, or None for what cannot be an address ("http://host[": an unclosed IPv6 bracket
    makes urlsplit raise). Links in bodies and pages are text an editor typed."""
    try:
        return urlsplit(value)
    except ValueError:
        return None
