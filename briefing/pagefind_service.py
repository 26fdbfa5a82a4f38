"""`pagefind --service`: Pagefind's indexer driven through its stdin/stdout protocol (search.py
indexes one shard per index it opens), and the wait for the files it writes to be complete.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
from pathlib import Path


class SearchError(Exception):
    """The index could not be made; the build warns and goes on."""


class PagefindService:
    """`pagefind --service`: requests and replies are base64 JSON, each followed by a comma."""

    def __init__(self, binary: str):
        self.binary = binary
        self.proc: subprocess.Popen | None = None
        self._id = 0
        self._buffer = b""

    def __enter__(self) -> PagefindService:
        try:
            self.proc = subprocess.Popen([self.binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchError(f"Pagefind did not run: {exc}") from None
        return self

    def __exit__(self, *exc) -> None:
        proc = self.proc
        if proc is None:
            return
        try:
            proc.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def send(self, payload: dict) -> None:
        self._id += 1
        message = json.dumps({"message_id": self._id, "payload": payload}, ensure_ascii=False).encode("utf-8", "surrogateescape")
        try:
            self.proc.stdin.write(base64.b64encode(message) + b",")  # type: ignore[union-attr]
        except OSError as exc:
            raise SearchError(f"Pagefind stopped: {exc}") from None

    def flush(self) -> None:
        try:
            self.proc.stdin.flush()  # type: ignore[union-attr]
        except OSError as exc:
            raise SearchError(f"Pagefind stopped: {exc}") from None

    def receive(self, expected: str) -> dict:
        while b"," not in self._buffer:
            chunk = self.proc.stdout.read1(1 << 16)  # type: ignore[union-attr]
            if not chunk:
                raise SearchError(f"Pagefind stopped (exit status {self.proc.wait()})")  # type: ignore[union-attr]
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b",")
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") != expected:
            raise SearchError(f"Pagefind failed: {payload.get('message') or payload.get('type')}")
        return payload

    def call(self, payload: dict, expected: str) -> dict:
        self.send(payload)
        self.flush()
        return self.receive(expected)

    def new_index(self, language: str) -> int:
        return self.call({"type": "NewIndex", "config": {"force_language": language}}, "NewIndex")["index_id"]

    def write(self, index_id: int, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.call({"type": "WriteFiles", "index_id": index_id, "output_path": str(folder.resolve())}, "WriteFiles")
        _settled(folder)


WRITE_WAIT = 30.0
"""Seconds to wait for the files of a `WriteFiles` reply to be complete on disk."""


def _settled(folder: Path) -> None:
    """Wait until the index Pagefind's service wrote into `folder` is complete. Its reply to
    WriteFiles can come before the files are: under load, `pagefind-entry.json` was found empty
    right after the reply (~1 in 30 writes with two services at work), and a shard moved into place
    then would be broken. Complete: the entry parses, every file is non-empty, and no file's size
    changed between two looks. SearchError if that does not happen within WRITE_WAIT seconds."""
    deadline = time.monotonic() + WRITE_WAIT
    previous = None
    while True:
        sizes = None
        try:
            entry = json.loads((folder / "pagefind-entry.json").read_bytes())
            if isinstance(entry, dict) and isinstance(entry.get("languages"), dict):
                sizes = {p: p.stat().st_size for p in folder.rglob("*") if p.is_file()}
        except (OSError, ValueError):
            sizes = None
        if sizes is not None and all(sizes.values()) and sizes == previous:
            return
        previous = sizes
        if time.monotonic() > deadline:
            raise SearchError(f"Pagefind wrote no complete index into {folder.name}")
        time.sleep(0.01)
