"""Fingerprints of page inputs: a page whose inputs hash the same as last time need not be rendered.

A page's context holds only frozen values (cards, terms, dates, strings), so hashing them says
exactly what the page shows. Values that carry a precomputed `fp` (every article card) are hashed
by it, which keeps a 5,000-item timeline cheap to fingerprint.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any


def fingerprint(*values: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for value in values:
        _feed(h, value)
    return h.hexdigest()


_FIELDS: dict[type, tuple[str, ...]] = {}


def quick(text: str) -> str:
    """Fingerprint of a value's repr (for flat values such as a card's fields)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def own_fp(value: Any) -> str | None:
    """A value's precomputed fingerprint, if it has one (an empty `fp` is a value made without one)."""
    fp = getattr(value, "fp", None)
    return fp if isinstance(fp, str) and fp else None


def value_key(value: Any) -> str:
    """A short string that changes whenever the value does: its fingerprint, the fingerprints of a
    tuple of fingerprinted values (a page of cards) joined, else the hash of its fields."""
    if value is None:
        return "-"
    fp = own_fp(value)
    if fp is not None:
        return fp
    if isinstance(value, tuple):
        fps = [own_fp(v) for v in value]
        if None not in fps:
            return ",".join(fps)
    return fingerprint(value)


def _feed(h, value: Any) -> None:
    fp = own_fp(value)
    if fp is not None:
        h.update(b"\x01")
        h.update(fp.encode())
        return
    if isinstance(value, (str, int, float, bool)) or value is None:
        h.update(b"\x02")
        h.update(repr(value).encode())
    elif isinstance(value, (tuple, list)):
        h.update(b"\x03%d" % len(value))
        for item in value:
            fp = own_fp(item)
            if fp is not None:  # as _feed does it, without a recursive call per card
                h.update(b"\x01")
                h.update(fp.encode())
            else:
                _feed(h, item)
    elif isinstance(value, dict):  # page contexts: built in a fixed order, so no sorting needed
        h.update(b"\x04%d" % len(value))
        for k, v in value.items():
            _feed(h, k)
            _feed(h, v)
    elif is_dataclass(value):
        names = _FIELDS.get(type(value))
        if names is None:
            # compare=False fields are not part of the value (e.g. a cached hash, which differs per process)
            names = _FIELDS[type(value)] = tuple(f.name for f in fields(value) if f.compare)
        h.update(type(value).__name__.encode())
        for name in names:
            _feed(h, getattr(value, name))
    else:
        h.update(b"\x05")
        h.update(repr(value).encode())


def files_digest(paths: list[Path], root: Path) -> str:
    """Hash of the names and bytes of files (templates, code): any edit changes it."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\x00")
        h.update(path.read_bytes())
    return h.hexdigest()
