"""Seeds: find the raw files in `seeds/` and turn their bytes into clean text.

Editors drop whatever a web page or a mail client gave them, so decoding is defensive: BOMs,
UTF-16, Windows and KOI8 Cyrillic (detected by charset-normalizer), CRLF and lone CR, NUL bytes.
A file that cannot be text is a `SeedError` with the reason; the caller warns and skips it.
This module never writes to `seeds/` except through `add_seed`, which never overwrites.
"""
from __future__ import annotations

import codecs
import hashlib
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedError, display_path

MAX_SEED_BYTES = 20 * 1024 * 1024
"""Larger files are not news items; refuse them rather than spend minutes on them."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Files editors save by mistake instead of plain text, known by their first bytes.
_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .xlsx is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
# Control characters other than tab/newline; a few in pasted text are dropped, many mean binary.
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}


@dataclass(frozen=True, slots=True)
class Seed:
    """A seed file read once: its bytes' hash identifies it in the ingest state."""

    path: Path
    rel: str  # path relative to the site root, with forward slashes (what front-matter `source:` holds)
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def find_seeds(seeds_dir: Path) -> list[Path]:
    """Every seed file, sorted by name (the order that settles slug clashes). Hidden files are skipped."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        (p for p in seeds_dir.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(seeds_dir).parts)),
        key=lambda p: p.relative_to(seeds_dir).as_posix(),
    )


def read_seed(path: Path, root: Path) -> Seed:
    """Read a seed's bytes; SeedError if unreadable or too large."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(f"file is {size // (1024 * 1024)} MB; a news item is expected to be under {MAX_SEED_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"cannot read the file: {exc.strerror or exc}") from None
    return Seed(path=path, rel=display_path(path, root), data=data)


def decode(data: bytes) -> str:
    """Bytes -> normalised text (NFC, LF newlines, no NULs). SeedError when it is not text."""
    if not data.strip():
        raise SeedError("the file is empty")
    for magic, kind in _FORMATS:
        if data.startswith(magic):
            raise SeedError(f"the file is {kind}, not text; save the article as plain text (.txt)")
    text = _decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    controls = sum(1 for ch in text if ord(ch) in _CONTROL)
    if controls > max(8, len(text) // 100):
        raise SeedError("the file looks binary (many control characters), not text")
    if controls:
        text = "".join(ch for ch in text if ord(ch) not in _CONTROL)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise SeedError("the file has no text (only whitespace or control characters)")
    return text


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise SeedError(f"the file starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    sample = data[:65536]
    if sum(1 for b in sample if b in _CONTROL) > max(8, len(sample) // 50):
        raise SeedError("the file looks binary (many control bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess_legacy(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: the high byte of each character takes very few values
    (0x00 for Latin, 0x04 for Cyrillic), so one of the two byte columns is nearly constant."""
    sample = data[:4000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    for column, encoding in ((1, "utf-16-le"), (0, "utf-16-be")):
        high = sample[column::2]
        common = sum(n for _b, n in Counter(high).most_common(3))
        if common >= 0.95 * len(high) and Counter(high).most_common(1)[0][0] in (0x00, 0x04):
            return encoding
    return None


def _guess_legacy(data: bytes) -> str:
    """Not UTF-8: ask charset-normalizer, preferring the Cyrillic code pages news arrives in."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp1251", "koi8_r", "cp1252", "iso8859_5", "mac_cyrillic", "latin_1"]).best()
    if best is None:
        raise SeedError("cannot tell the text encoding; save the file as UTF-8 and try again")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise SeedError(f"the text is not valid {best.encoding}; save the file as UTF-8 and try again") from None


def add_seed(source: Path, seeds_dir: Path) -> Path:
    """Copy a file from elsewhere into `seeds/` under its own name, never overwriting a seed.

    An identical seed already there is reused; a different one with the same name gets `-2`, `-3`."""
    seeds_dir.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    stem, suffix = source.stem, source.suffix or ".txt"
    candidate = seeds_dir / f"{stem}{suffix}"
    n = 1
    while candidate.exists():
        if candidate.read_bytes() == data:
            return candidate
        n += 1
        candidate = seeds_dir / f"{stem}-{n}{suffix}"
    tmp = candidate.with_name(f".{candidate.name}.tmp")
    shutil.copyfile(source, tmp)
    tmp.replace(candidate)
    return candidate
