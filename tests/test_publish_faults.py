"""Publishing is all or nothing, and never touches what the build did not write: failures and kills
at the named points of publishing (briefing/faults.py), a full disk (a small tmpfs), a read-only
output, an immutable file (chattr +i: CI runs as root, so chmod would not stop it), a folder in the
way, a user's own pagefind/ folder, a tampered or moved manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import faults, search
from tests.conftest import ROOT, page, write_files
from tests.test_ingest_faults import INGEST_POINTS

ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))
PUBLISH_POINTS = ["render.page", "publish.staged", "publish.renamed", "publish.manifest", "publish.committed"]


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (hidden ones too) -> sha256 of its bytes ('dir' for a folder)."""
    return {p.relative_to(folder).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))}


def run(root: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = dict(ENV, BRIEFING_FAULT=fault) if fault else ENV
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def make_site(root: Path, articles: int = 12, config: str = "title: Publish\nsearch: false\nbase_url: https://example.org/\n") -> Path:
    shutil.copytree(ROOT / "themes", root / "themes")
    write_files(root, {"config.yaml": config})
    write_files(root, {f"content/articles/item-{i:02d}.md": page(f"Item {i}", f"2024-03-{1 + i:02d}", f"Body {i}.", tags=f"[t{i % 3}]") for i in range(articles)})
    return root


def edit_everything(root: Path) -> None:
    """A change that rewrites most of the site: every article, every list, every feed."""
    for p in (root / "content" / "articles").glob("*.md"):
        p.write_text(p.read_text(encoding="utf-8").replace("title: Item", "title: Changed item"), encoding="utf-8")
    (root / "content" / "articles" / "item-00.md").unlink()  # and one stale page to remove


def cold_tree(root: Path, tmp_path: Path) -> dict[str, str]:
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
    assert run(cold).returncode == 0
    return tree(cold / "public")


def test_every_fault_point_has_its_kill_test_and_a_misspelled_one_is_refused():
    assert sorted(faults.POINTS) == sorted(INGEST_POINTS + PUBLISH_POINTS)  # each list is run by a test with kills
    for spec in ("publish.renamd:kill", "publish.renamed:explode", "publish.renamed:kill:0"):
        with pytest.raises(ValueError):
            faults._parse(spec)
    assert faults._parse("publish.renamed:kill:3, ingest.recorded:raise") == {"publish.renamed": ["kill", 3], "ingest.recorded": ["raise", 1]}


# --- failures roll back -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault,status,shown",
    [
        ("publish.renamed:oserror:7", 1, "cannot write: No space left on device: the disk is full; free some space and build again"),
        ("publish.renamed:erofs:2", 1, "cannot write: Read-only file system: the file system is read-only"),
        ("publish.renamed:raise:9", 3, "internal error while processing"),
        ("publish.manifest:oserror", 1, "the disk is full"),
        ("publish.staged:raise", 3, "internal error while processing"),
    ],
)
def test_a_failure_while_publishing_leaves_the_output_as_it_was(tmp_path, fault, status, shown):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    before = tree(root / "public")
    edit_everything(root)
    failed = run(root, fault=fault)
    assert failed.returncode == status, failed.stderr
    assert shown in failed.stderr and "Traceback" not in failed.stderr
    if status == 1:
        assert "This is a bug" not in failed.stderr
    assert tree(root / "public") == before  # the files already replaced have their old versions back; no temporary file
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert tree(root / "public") == cold_tree(root, tmp_path)


@pytest.mark.parametrize("point", PUBLISH_POINTS)
def test_a_build_killed_at_each_publishing_point_is_repaired_by_the_next(tmp_path, point):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    edit_everything(root)
    killed = run(root, fault=f"{point}:kill:{5 if point == 'publish.renamed' else 1}")
    assert killed.returncode == -signal.SIGKILL
    done = run(root)
    assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr
    assert tree(root / "public") == cold_tree(root, tmp_path)  # no .briefing-tmp or .briefing-old left either


# --- the machine: full disk, read-only, immutable files ----------------------------------------------


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_is_an_error_of_the_environment_and_the_output_stays_whole(tmp_path):
    root = make_site(tmp_path / "site", articles=3, config=f"title: Publish\nsearch: false\npaths:\n  output: {tmp_path / 'small' / 'public'}\n")
    with tmpfs(tmp_path / "small", "400k"):
        assert run(root).returncode == 0
        before = tree(tmp_path / "small" / "public")
        big = "A long paragraph of the report about customs rules and rail freight. " * 2000
        write_files(root, {f"content/articles/big-{i}.md": page(f"Big {i}", "2024-04-01", big) for i in range(8)})
        failed = run(root)
        assert failed.returncode == 1, failed.stderr
        assert "No space left on device: the disk is full; free some space and build again" in failed.stderr
        assert tree(tmp_path / "small" / "public") == before


def test_a_read_only_output_is_an_error_of_the_environment(tmp_path):
    out = tmp_path / "ro"
    root = make_site(tmp_path / "site", articles=3, config=f"title: Publish\nsearch: false\npaths:\n  output: {out / 'public'}\n")
    with tmpfs(out, "20m"):
        assert run(root).returncode == 0
        before = tree(out / "public")
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        edit_everything(root)
        failed = run(root)
        assert failed.returncode == 1, failed.stderr
        assert "Read-only file system: the file system is read-only" in failed.stderr and "This is a bug" not in failed.stderr
        assert tree(out / "public") == before


def test_an_immutable_file_stops_the_build_and_nothing_is_half_replaced(tmp_path):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    target = root / "public" / "robots.txt"
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        before = tree(root / "public")
        (root / "config.yaml").write_text("title: Publish\nsearch: false\nbase_url: https://example.net/\n")  # every page changes, robots.txt too
        failed = run(root)
        assert failed.returncode == 1, failed.stderr
        assert failed.stderr.startswith("public/robots.txt: error: cannot write: Operation not permitted"), failed.stderr
        assert tree(root / "public") == before
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    assert run(root).returncode == 0


# --- what the build did not write ---------------------------------------------------------------------


def test_a_folder_in_the_way_is_named_and_kept(tmp_path):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    (root / "public" / "robots.txt").unlink()
    write_files(root, {"public/robots.txt/mine.txt": "the user's file"})
    before = tree(root / "public")
    edit_everything(root)
    failed = run(root)
    assert failed.returncode == 1
    assert "public/robots.txt: error: a folder stands where the build writes this file; move the folder away" in failed.stderr
    assert tree(root / "public") == before


def test_a_file_where_a_folder_goes_is_named(tmp_path):
    root = make_site(tmp_path / "site")
    write_files(root, {"public/tags": "the user's file"})
    failed = run(root)
    assert failed.returncode == 1, failed.stderr
    assert "a file stands where the build needs a folder; move it away" in failed.stderr
    assert (root / "public" / "tags").read_text() == "the user's file"


def test_search_off_keeps_a_pagefind_folder_the_build_did_not_make(tmp_path):
    root = make_site(tmp_path / "site")
    write_files(root, {"public/pagefind/pagefind-entry.json": "{}", "public/pagefind/mine.js": "mine"})
    assert run(root).returncode == 0
    assert (root / "public" / "pagefind" / "mine.js").read_text() == "mine"


@pytest.mark.skipif(search.executable() is None, reason="needs Pagefind")
def test_the_index_never_replaces_a_pagefind_folder_the_build_did_not_make(tmp_path):
    root = make_site(tmp_path / "site", config="title: Publish\nbase_url: https://example.org/\n")
    write_files(root, {"public/pagefind/mine.js": "mine"})
    done = run(root)
    assert done.returncode == 0
    assert "public/pagefind: warning: search index not updated:" in done.stderr and "was not made by this build; move it away" in done.stderr
    assert sorted(p.name for p in (root / "public" / "pagefind").iterdir()) == ["mine.js"]
    shutil.rmtree(root / "public" / "pagefind")
    assert run(root).returncode == 0 and (root / "public" / search.ENTRY).is_file()
    (root / "config.yaml").write_text("title: Publish\nsearch: false\n")
    assert run(root).returncode == 0 and not (root / "public" / "pagefind").exists()  # its own index goes


def test_a_tampered_manifest_cannot_make_the_build_delete_outside_the_output(tmp_path):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    manifest = root / ".cache" / "manifest.json"
    raw = json.loads(manifest.read_text())
    outside = tmp_path / "outside.txt"  # (never a system file: the code before this test deleted what it named)
    outside.write_text("not the build's")
    for name in ("../config.yaml", str(outside), "articles/../../config.yaml", "a/../../themes"):
        raw["files"][name] = ["0" * 64, 1, 1, ""]
    manifest.write_text(json.dumps(raw))
    edit_everything(root)  # (a build with nothing changed stops before it reads the manifest)
    assert run(root).returncode == 0
    assert (root / "config.yaml").is_file() and (root / "themes").is_dir() and outside.exists()


def test_a_link_in_the_output_leading_out_of_it_is_not_written_through(tmp_path):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(root / "public" / "tags")
    (root / "public" / "tags").symlink_to(elsewhere)
    edit_everything(root)
    failed = run(root)
    assert failed.returncode == 1 and "leads out of the output folder" in failed.stderr
    assert list(elsewhere.iterdir()) == []


def test_moving_the_site_folder_still_removes_deleted_articles(tmp_path):
    root = make_site(tmp_path / "site")
    assert run(root).returncode == 0
    moved = tmp_path / "moved" / "site"
    moved.parent.mkdir()
    root.rename(moved)
    (moved / "content" / "articles" / "item-03.md").unlink()
    done = run(moved)
    assert done.returncode == 0, done.stderr
    assert not (moved / "public" / "articles" / "item-03").exists()
    assert tree(moved / "public") == cold_tree(moved, tmp_path)
