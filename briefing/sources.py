"""Seeds: find the raw files in `seeds/` and turn their bytes into clean text.

Editors drop whatever a web page or a mail client gave them, so decoding is defensive: BOMs,
UTF-16, Windows and KOI8 Cyrillic (detected by charset-normalizer), CRLF and lone CR, NUL bytes.
A file that cannot be text is a `SeedError` with the reason; the caller warns and skips it.
This module never writes to `seeds/` except through `add_seed`, which never overwrites.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .chars import C0, strip_forbidden
from .errors import SeedError

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
_CONTROL_BYTES = C0 + b"\x7f"
_CONTROL = re.compile(f"[{re.escape(_CONTROL_BYTES.decode('ascii'))}]")
"""chars.C0 and DEL: dropped from a seed's text."""


@dataclass(frozen=True, slots=True)
class Seed:
    """A seed file read once: its bytes' hash identifies it in the ingest state."""

    path: Path
    rel: str  # path relative to the site root, with forward slashes (what front-matter `source:` holds)
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def find_seeds(seeds_dir: Path, root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every seed file, sorted by name (the order that settles slug clashes), and the files that
    are not read, with the reason (a link out of the site, a FIFO, an unusable name). Hidden files
    and folders are skipped; links to folders are not followed."""
    found: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(seeds_dir):  # (links to folders are listed, not entered)
        folder = Path(dirpath)
        for name in list(dirnames):
            if name.startswith(".") or is_page_files_folder(folder, name, filenames):
                dirnames.remove(name)
            elif (folder / name).is_symlink():
                refused.append((folder / name, "it is a link to a folder, which is not followed; move the files into the seeds folder"))
        for name in filenames:
            if not name.startswith("."):
                path = folder / name
                reason = refusal(path, seeds_dir, root)
                if reason is None:
                    found.append(path)
                else:
                    refused.append((path, reason))
    key = lambda p: p.relative_to(seeds_dir).as_posix()  # noqa: E731
    return sorted(found, key=key), sorted(refused, key=lambda r: key(r[0]))


_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht")


def is_page_files_folder(folder: Path, name: str, filenames: list[str]) -> bool:
    """Whether a folder is the `<name>_files` a browser writes beside a saved page `<name>.html`
    (its images, styles and scripts): never read as seeds."""
    if not name.endswith("_files"):
        return False
    stem = name[: -len("_files")]
    return any(f"{stem}{suffix}" in filenames for suffix in _PAGE_SUFFIXES) or any(f.lower() in {f"{stem}{suffix}".lower() for suffix in _PAGE_SUFFIXES} for f in filenames)


# Characters a file name must not hold to be named in a page and in messages: controls (a line
# break in a name could forge a line of output) and undecodable bytes (kept by Python as surrogates).
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def refusal(path: Path, seeds_dir: Path, root: Path) -> str | None:
    """Why a file in the seeds folder is not read as a seed, or None when it can be."""
    bad = _BAD_NAME.search(str(path.relative_to(seeds_dir)))
    if bad:
        if 0xD800 <= ord(bad.group()) <= 0xDFFF:
            return "its file name is not valid UTF-8; rename it (any letters, digits and punctuation)"
        return "its file name holds a control character (such as a line break); rename it"
    try:
        st = os.lstat(path)  # (one call for most files: a link is stat'ed again, through it)
        link = stat.S_ISLNK(st.st_mode)
        if link:
            st = os.stat(path)
    except OSError:
        return "it is a link to nothing (a broken link)" if path.is_symlink() else "it disappeared while being read"
    if link:
        target = Path(os.path.realpath(path))
        if not (_inside(target, seeds_dir) or _inside(target, root)):
            return "it is a link to a file outside the site, which is not followed; copy the file into the seeds folder instead"
    if not stat.S_ISREG(st.st_mode):
        return f"it is {_kind(st.st_mode)}, not a file"
    return None


def _inside(path: Path, folder: Path) -> bool:
    folder = folder.resolve()
    return path == folder or folder in path.parents


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def seed_rel(path: Path, root: Path) -> str:
    """A seed's name as `source:` holds it: relative to the site root, with forward slashes. The
    file itself is not resolved (a link inside seeds/ is named as the link, not as its target)."""
    located = Path(os.path.realpath(path.parent)) / path.name
    try:
        return located.relative_to(root.resolve()).as_posix()
    except ValueError:
        return located.as_posix()


def read_regular(path: Path, limit: int = MAX_SEED_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Anything else (a FIFO, which would
    wait for a writer forever; /dev/zero, which never ends; a folder) is a SeedError, found before
    reading a byte."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise SeedError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SeedError(f"it is {_kind(st.st_mode)}, not a file; give the path of a saved news item")
        if st.st_size > limit:
            raise SeedError(f"file is {st.st_size // (1024 * 1024)} MB; a news item is expected to be under {limit // (1024 * 1024)} MB")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise SeedError(f"the file grew past {limit // (1024 * 1024)} MB while being read")
        return b"".join(chunks)
    except OSError as exc:
        raise SeedError(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_seed(path: Path, root: Path) -> Seed:
    """Read a seed's bytes; SeedError if unreadable, too large or not a regular file."""
    return Seed(path=path, rel=seed_rel(path, root), data=read_regular(path))


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
    cleaned, controls = _CONTROL.subn("", text)
    if controls > max(8, len(text) // 100):
        raise SeedError("the file looks binary (many control characters), not text")
    text = cleaned
    text = unicodedata.normalize("NFC", strip_forbidden(text))  # (U+FFFE, U+FFFF: see chars.py)
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
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 50):
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

    An identical seed already there is reused; a different one with the same name gets `-2`, `-3`.
    SeedError if the file is not a regular file of a usable size."""
    from .files import atomic_write

    data = read_regular(source)
    stem, suffix = source.stem, source.suffix or ".txt"
    candidate = seeds_dir / f"{stem}{suffix}"
    n = 1
    while os.path.lexists(candidate):
        if candidate.is_file() and candidate.read_bytes() == data:
            return candidate
        n += 1
        candidate = seeds_dir / f"{stem}-{n}{suffix}"
    atomic_write(candidate, data, durable=True)
    return candidate
