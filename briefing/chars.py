"""Characters no page or feed may hold.

XML 1.0 forbids the C0 control characters other than tab and line ends, U+FFFE, U+FFFF and lone
surrogates, even escaped: one of them in a title makes a feed that no reader parses. They carry no
meaning in a news item, so they are dropped wherever text enters the site (YAML strings, page
bodies, seeds, rendered Markdown), and everything the templates render from that text is clean.
"""

from __future__ import annotations

import re

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_forbidden(text: str) -> str:
    """`text` without the characters XML forbids (most texts have none: one search, no copy)."""
    return XML_FORBIDDEN.sub("", text) if XML_FORBIDDEN.search(text) else text


C0 = bytes(c for c in range(32) if c not in (9, 10, 13))
"""The C0 control characters other than tab and line ends, as bytes (for bytes.translate)."""


def utf8_has_forbidden(data: bytes) -> bool:
    """Whether valid UTF-8 bytes hold a character XML forbids (a surrogate cannot be valid UTF-8):
    one pass in C, a few times faster than searching the decoded text."""
    return len(data.translate(None, C0)) != len(data) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data
