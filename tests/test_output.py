"""Writing public/: only changed files, atomically, stale files of earlier builds removed, nothing else."""

import os

import pytest

from briefing.errors import OutputError
from briefing.output import IN_PROGRESS, TEMP_SUFFIX, Output


def commit(out_dir, cache_dir, files):
    return Output(out_dir, cache_dir).commit({k: (v, "") for k, v in files.items()}, keep=set())


def test_writes_new_files_and_skips_identical_ones(tmp_path):
    out, cache = tmp_path / "public", tmp_path / "cache"
    first = commit(out, cache, {"index.html": b"a", "tags/x/index.html": b"b"})
    assert sorted(first.written) == ["index.html", "tags/x/index.html"]
    mtime = (out / "index.html").stat().st_mtime_ns
    second = commit(out, cache, {"index.html": b"a", "tags/x/index.html": b"c"})
    assert second.written == ["tags/x/index.html"] and second.unchanged == 1
    assert (out / "index.html").stat().st_mtime_ns == mtime


def test_removes_only_files_the_build_wrote(tmp_path):
    out, cache = tmp_path / "public", tmp_path / "cache"
    commit(out, cache, {"index.html": b"a", "tags/x/index.html": b"b"})
    (out / "CNAME").write_text("example.org")  # a file the user put there
    report = commit(out, cache, {"index.html": b"a"})
    assert report.removed == ["tags/x/index.html"]
    assert not (out / "tags").exists()  # empty folders go too
    assert (out / "CNAME").read_text() == "example.org"


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out, cache = tmp_path / "public", tmp_path / "cache"
    commit(out, cache, {"index.html": b"a"})
    (out / f".index.html{TEMP_SUFFIX}").write_bytes(b"half")  # a build died while staging
    (cache / IN_PROGRESS).write_text("123")
    commit(out, cache, {"index.html": b"a"})
    assert sorted(p.name for p in out.iterdir()) == ["index.html"] and not (cache / IN_PROGRESS).exists()


def test_a_failed_build_leaves_nothing_behind(tmp_path):
    out, cache = tmp_path / "public", tmp_path / "cache"
    commit(out, cache, {"index.html": b"a"})
    output = Output(out, cache)
    output.begin()
    output.prepare(["tags/x/index.html"])
    staged = [output.stage("index.html", b"new"), output.stage("tags/x/index.html", b"b")]
    output.abort(staged)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["index.html"]
    assert (out / "index.html").read_bytes() == b"a"


def test_a_file_changed_behind_the_build_is_noticed(tmp_path):
    out, cache = tmp_path / "public", tmp_path / "cache"
    commit(out, cache, {"index.html": b"a"})
    (out / "index.html").write_bytes(b"tampered")
    os.utime(out / "index.html", ns=(1, 1))
    report = commit(out, cache, {"index.html": b"a"})
    assert report.written == ["index.html"] and (out / "index.html").read_bytes() == b"a"


def test_a_folder_where_a_file_goes_is_an_error_and_nothing_changes(tmp_path):
    """The folder is not the build's to delete: the build stops before anything moves, names the
    folder and says what to do; once it is moved away, the file is written."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    commit(out, cache, {"index.html": b"a"})
    (out / "feed.xml").mkdir()
    (out / "feed.xml" / "old.txt").write_text("x")
    with pytest.raises(OutputError) as exc:
        commit(out, cache, {"index.html": b"a2", "feed.xml": b"<feed/>"})
    assert str(exc.value) == "public/feed.xml: error: a folder stands where the build writes this file; move the folder away (the build never deletes what it did not write)"
    assert (out / "feed.xml" / "old.txt").read_text() == "x" and (out / "index.html").read_bytes() == b"a"
    assert sorted(p.name for p in out.rglob("*")) == ["feed.xml", "index.html", "old.txt"]  # no temporary file left
    (out / "feed.xml" / "old.txt").unlink()
    (out / "feed.xml").rmdir()
    report = commit(out, cache, {"index.html": b"a2", "feed.xml": b"<feed/>"})
    assert sorted(report.written) == ["feed.xml", "index.html"] and (out / "feed.xml").read_bytes() == b"<feed/>"


def test_a_rewrite_of_known_files_keeps_the_manifest_complete(tmp_path):
    """Only new paths need the manifest saved before files move; known ones are recorded after."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    commit(out, cache, {"index.html": b"a", "x/index.html": b"b"})
    commit(out, cache, {"index.html": b"a2", "x/index.html": b"b"})
    report = commit(out, cache, {"index.html": b"a2"})
    assert report.removed == ["x/index.html"] and (out / "index.html").read_bytes() == b"a2"


def test_a_file_with_a_new_mtime_but_the_same_bytes_is_current_again_after_one_build(tmp_path):
    """A copy of the site (`cp -r`), a restored backup: every file's mtime is new, its bytes are
    not. One build renders everything again and finds it unchanged; it must record the files as
    they are now, or every later build renders every page again."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    files = {"index.html": b"a", "tags/x/index.html": b"b"}
    Output(out, cache).commit({k: (v, "fp-" + k) for k, v in files.items()}, keep=set())
    for name in files:
        os.utime(out / name, ns=(10**18, 10**18))
    output = Output(out, cache)
    assert not any(output.is_current(name, "fp-" + name) for name in files)
    report = output.commit({k: (v, "fp-" + k) for k, v in files.items()}, keep=set())
    assert report.written == [] and report.unchanged == 2
    again = Output(out, cache)
    assert all(again.is_current(name, "fp-" + name) for name in files)
