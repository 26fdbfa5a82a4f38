"""Nothing lost, nothing made twice: ingests killed at every named point and at random moments, a
lost, reset, tampered or wrong-typed state, an ingest beside a build, seed names and files that are
not what they seem. Kills are placed with fault points (briefing/faults.py), not with sleeps."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing import faults
from briefing.content import parse_page
from briefing.errors import BriefingError
from briefing.files import build_lock
from briefing.ingest import STATE_FILE, ingest
from tests.conftest import ROOT, TODAY, copy_project, write_files

ENV = dict(os.environ, BRIEFING_TODAY="2026-11-22", PYTHONPATH=str(ROOT))
TOPICS = ["rail freight", "grain exports", "customs rules", "power grids", "water treaties", "road tolls", "bus routes", "steel quotas"]
CITIES = ["Minsk", "Astana", "Bishkek", "Yerevan", "Tashkent", "Baku"]


def item(i: int, rng: random.Random) -> str:
    """An invented news item; the number in the headline keeps every title (and slug) distinct."""
    topic, city = rng.choice(TOPICS), rng.choice(CITIES)
    return (
        f"Working group {i} reviewed {topic} in {city}\n\n"
        f"{city.upper()}, {1 + i % 28} March (BelTA) – The working group number {i} met in {city} to review {topic}.\n\n"
        "The experts agreed to prepare a joint report.\n"
    )


def make_site(root: Path, seeds: int, search: bool = False) -> Path:
    copy_project(root, "themes", "data")
    rng = random.Random(seeds)
    write_files(root, {"config.yaml": f"title: Faults\nsearch: {'true' if search else 'false'}\n"})
    write_files(root, {f"seeds/item-{i:03d}.txt": item(i, rng) for i in range(seeds)})
    (root / "seeds").mkdir(exist_ok=True)
    return root


def run(root: Path, *args: str, fault: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(ENV, BRIEFING_FAULT=fault) if fault else ENV
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


def pages_by_seed(root: Path) -> dict[str, list[str]]:
    """Every content page, grouped by the seed its `source:` names."""
    found: dict[str, list[str]] = {}
    for p in sorted((root / "content" / "articles").glob("*.md")):
        article = parse_page(p.read_bytes(), p.name, p.stem).article
        assert article is not None, p
        found.setdefault(article.source, []).append(p.name)
    return found


def assert_one_page_per_seed(root: Path, seeds: int) -> None:
    by_seed = pages_by_seed(root)
    twice = {s: names for s, names in by_seed.items() if len(names) > 1}
    assert twice == {}, f"{len(twice)} seeds have more than one page"
    assert sorted(by_seed) == [f"seeds/item-{i:03d}.txt" for i in range(seeds)]
    leftovers = [p.name for p in (root / "content").rglob(".*") if p.name.endswith(".tmp") or p.name == ".ingest.journal"]
    assert leftovers == []
    public = root / "public" / "articles"
    assert sorted(p.name for p in public.iterdir()) == sorted(Path(names[0]).stem for names in by_seed.values())


# --- kills ---------------------------------------------------------------------------------------


ROUNDS = [pytest.param(3, id="3-rounds"), pytest.param(10, id="10-rounds", marks=pytest.mark.slow)]
"""Kill loops: three rounds in the quick suite, the full ten with the slow ones (CI runs both)."""


@pytest.mark.parametrize("rounds", ROUNDS)
def test_kill_9s_at_random_moments_of_an_ingest_then_a_build_give_one_page_per_seed(tmp_path, rounds):
    """Real SIGKILLs from outside, each once the ingest has written a random number of pages more
    (the test waits for that many files, not for a time); 30 seeds a round, at most 25 pages more a round."""
    seeds = 30 * rounds
    root = make_site(tmp_path / "site", seeds)
    articles = root / "content" / "articles"
    rng = random.Random(16)
    kills = 0
    for _ in range(rounds):
        before = len(list(articles.glob("*.md"))) if articles.is_dir() else 0
        target = before + rng.randint(1, 25)
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "ingest"], cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and (len(os.listdir(articles)) if articles.is_dir() else 0) < target:
            time.sleep(0.001)  # polls the folder: the kill lands wherever the ingest is when the count is reached
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= rounds - rounds // 5  # (8 of 10 before: an ingest may finish before its count)
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert_one_page_per_seed(root, seeds)


INGEST_POINTS = ["write.temp_written", "ingest.page_written", "ingest.recorded", "ingest.state_written"]


@pytest.mark.parametrize("point", INGEST_POINTS)
def test_an_ingest_killed_at_each_named_point_then_a_build_give_one_page_per_seed(tmp_path, point):
    root = make_site(tmp_path / "site", 40)
    rng = random.Random(point)
    hits = [1] if point == "ingest.state_written" else rng.sample(range(2, 12), 3)  # (counted from each run's start)
    for n in hits:
        killed = run(root, "ingest", fault=f"{point}:kill:{n}")
        assert killed.returncode == -signal.SIGKILL, killed.stderr
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert_one_page_per_seed(root, 40)
    if point == "ingest.page_written":
        assert "recognised by their source" in done.stderr  # the page written just before the kill


@pytest.mark.parametrize("rounds,seed", [pytest.param(3, 5, id="3-rounds"), pytest.param(10, 10, id="10-rounds", marks=pytest.mark.slow)])
def test_kills_at_random_named_points_of_ingest_and_build(tmp_path, rounds, seed):
    """Builds, each with 30 more seeds to ingest and publish, killed at a random named point of
    ingest or publishing (the n-th arrival, n random); then a build: one page per seed."""
    root = make_site(tmp_path / "site", 0)
    rng = random.Random(seed)
    points = INGEST_POINTS + ["publish.staged", "publish.renamed", "publish.manifest", "publish.committed"]
    killed_at = []
    for round_ in range(rounds):
        write_files(root, {f"seeds/item-{i:03d}.txt": item(i, rng) for i in range(30 * round_, 30 * round_ + 30)})
        point = rng.choice(points)
        n = 1 if point in ("ingest.state_written", "publish.staged", "publish.manifest", "publish.committed") else rng.randint(1, 30)
        done = run(root, fault=f"{point}:kill:{n}")
        assert done.returncode == -signal.SIGKILL, (point, n, done.stderr)
        killed_at.append(point)
    assert {p in INGEST_POINTS for p in killed_at} == {True, False}  # (the seed) kills in ingest and in publishing both
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert_one_page_per_seed(root, 30 * rounds)
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("public", ".cache"))
    assert run(cold).returncode == 0
    assert tree(root / "public") == tree(cold / "public")  # and the site is what a cold build of the same pages gives


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_internal_error_during_ingest_names_the_seed_and_loses_nothing(tmp_path):
    root = make_site(tmp_path / "site", 5)
    failed = run(root, "ingest", fault="ingest.recorded:raise:3")
    assert failed.returncode == 3
    assert "internal error while processing seeds/item-002.txt: InjectedFault" in failed.stderr
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert_one_page_per_seed(root, 5)


def test_leftover_temporary_files_are_removed(tmp_path):
    root = make_site(tmp_path / "site", 3)
    assert run(root, "ingest", fault="write.temp_written:kill:2").returncode == -signal.SIGKILL
    assert [p.name for p in (root / "content" / "articles").glob(".*.tmp")]  # the kill left one
    assert run(root, "ingest").returncode == 0
    assert list((root / "content").rglob("*.tmp")) == []


def test_a_full_disk_while_writing_a_page_leaves_no_temporary_file(tmp_site, reporter):
    config = tmp_site({"seeds/a.txt": item(1, random.Random(1))})
    with faults.armed("write.temp_written:oserror"), pytest.raises(OSError):
        ingest(config, reporter, today=TODAY)
    assert list(config.path("content").rglob("*.tmp")) == []


# --- a lost, reset, tampered or wrong-typed state --------------------------------------------------


@pytest.mark.parametrize("damage", ["deleted", "reset", "emptied", "records-dropped"])
def test_a_lost_or_reset_state_never_makes_a_second_page(tmp_site, reporter, damage):
    rng = random.Random(3)
    config = tmp_site({f"seeds/s{i}.txt": item(i, rng) for i in range(6)})
    ingest(config, reporter, today=TODAY)
    state = config.path("content") / STATE_FILE
    pages = sorted(p.name for p in config.articles_dir.glob("*.md"))
    edited = config.articles_dir / pages[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: EDITED ", 1), encoding="utf-8")
    if damage == "deleted":
        state.unlink()
    elif damage == "reset":
        state.write_text('{"version": 1, "seeds": {}}\n')
    elif damage == "emptied":
        state.write_text("{}")
    else:
        raw = json.loads(state.read_text())
        raw["seeds"] = dict(list(raw["seeds"].items())[:2])
        state.write_text(json.dumps(raw))
    report = ingest(config, reporter, today=TODAY)
    assert report.created == [] and sorted(p.name for p in config.articles_dir.glob("*.md")) == pages
    assert "EDITED" in edited.read_text(encoding="utf-8")  # the editor's page is kept as it is
    assert len(json.loads(state.read_text())["seeds"]) == 6
    # A recognised page whose bytes are not what extraction gives counts as edited: never overwritten.
    for seed in config.path("seeds").glob("*.txt"):
        seed.write_text(seed.read_text(encoding="utf-8") + "\nA later paragraph.\n", encoding="utf-8")
    ingest(config, reporter, today=TODAY)
    assert "EDITED" in edited.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["../../build.py", "/tmp/elsewhere.md", "articles/../../x.md", "articles/.hidden.md", "articles/x.txt", "x.md"])
def test_a_tampered_state_cannot_make_ingest_write_outside_the_articles_folder(tmp_site, reporter, page):
    config = tmp_site({"seeds/a.txt": item(1, random.Random(1))})
    ingest(config, reporter, today=TODAY)
    state = config.path("content") / STATE_FILE
    raw = json.loads(state.read_text())
    raw["seeds"]["seeds/a.txt"].update(page=page, seed_sha256="0" * 64)
    state.write_text(json.dumps(raw, indent=2))
    before = {p: p.read_bytes() for p in config.root.rglob("*") if p.is_file() and ".cache" not in p.parts}
    for files in (None, [config.path("seeds") / "a.txt"]):
        with pytest.raises(BriefingError) as exc:
            ingest(config, reporter, files=files, today=TODAY)
        (problem,) = exc.value.problems
        assert problem.path == "content/.ingest.json" and problem.line == 4  # the line of its record
        assert f"names the page {page!r}, which is not a .md file inside the articles folder" in problem.message
    after = {p: p.read_bytes() for p in config.root.rglob("*") if p.is_file() and ".cache" not in p.parts}
    assert after == before and not Path("/tmp/elsewhere.md").exists()


def test_a_state_link_out_of_the_articles_folder_is_refused(tmp_site, reporter, tmp_path):
    config = tmp_site({"seeds/a.txt": item(1, random.Random(1))})
    ingest(config, reporter, today=TODAY)
    outside = tmp_path / "outside"
    outside.mkdir()
    (config.articles_dir / "linked").symlink_to(outside)
    state = config.path("content") / STATE_FILE
    raw = json.loads(state.read_text())
    raw["seeds"]["seeds/a.txt"].update(page="articles/linked/x.md", seed_sha256="0" * 64)
    state.write_text(json.dumps(raw))
    with pytest.raises(BriefingError):
        ingest(config, reporter, today=TODAY)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    "text,shown",
    [
        ("[]", "must be a JSON object with a 'seeds' object, not a list"),
        ('{"seeds": []}', "must be a JSON object with a 'seeds' object, not a list"),
        ('{"seeds": {"seeds/a.txt": 5}}', "the record of 'seeds/a.txt' must be an object, not a number"),
        ('{"seeds": {"seeds/a.txt": {"page": 5, "seed_sha256": "", "written_sha256": ""}}}', "has 'page' of the wrong type (a number)"),
        ('{"seeds": {"seeds/a.txt": {"page": "articles/a.md"}}}', "has no 'seed_sha256', 'written_sha256'"),
        ("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n", "the ingest state is unreadable"),
        ("[" * 100_000, "the ingest state is unreadable"),
    ],
)
def test_a_wrong_typed_or_broken_state_is_an_input_error_saying_what_to_do(tmp_site, text, shown):
    config = tmp_site({"seeds/a.txt": item(1, random.Random(1))})
    (config.path("content")).mkdir(parents=True, exist_ok=True)
    (config.path("content") / STATE_FILE).write_text(text)
    done = run(config.root, "ingest")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("content/.ingest.json") and shown in done.stderr
    assert "delete it: pages that name their seed in 'source:' are recognised again" in done.stderr


# --- an ingest beside a build ----------------------------------------------------------------------


def test_ingest_waits_for_a_running_build(tmp_path):
    root = make_site(tmp_path / "site", 3)
    with build_lock(root / ".cache"):  # as a running build holds it
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "ingest"], cwd=root, env=ENV, stderr=subprocess.PIPE, text=True)
        assert proc.stderr.readline() == "waiting for another build of this site to finish...\n"
        assert not (root / "content").exists()  # nothing written while the build runs
    assert proc.wait(timeout=120) == 0
    assert len(list((root / "content" / "articles").glob("*.md"))) == 3


# --- seeds that are not what they seem -------------------------------------------------------------


def test_a_seed_name_that_is_not_utf8_is_skipped_every_time_with_a_warning(tmp_path):
    root = make_site(tmp_path / "site", 1)
    os.rename(root / "seeds" / "item-000.txt", os.fsencode(root / "seeds") + b"/bad\xff\xfename.txt")
    for _ in range(2):
        done = run(root)
        assert done.returncode == 0, done.stderr
        assert "seeds/bad\\xff\\xfename.txt: warning: seed skipped: its file name is not valid UTF-8; rename it" in done.stderr
    assert not (root / "content" / "articles").exists() or list((root / "content" / "articles").iterdir()) == []


def test_a_seed_name_with_a_newline_cannot_forge_a_line_of_output(tmp_path):
    root = make_site(tmp_path / "site", 1)
    forged = "x.txt\nconfig.yaml:1: error: forged"
    (root / "seeds" / "item-000.txt").rename(root / "seeds" / forged)
    done = run(root)
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert not any(line.startswith("config.yaml") for line in lines)
    assert "seeds/x.txt\\nconfig.yaml:1: error: forged: warning: seed skipped: its file name holds a control character" in done.stderr


def test_links_out_of_the_site_are_not_followed(tmp_path):
    root = make_site(tmp_path / "site", 1)
    secret = tmp_path / "secret.txt"
    secret.write_text(item(7, random.Random(7)).replace("Working group 7", "Secret group"))
    (root / "seeds" / "secret.txt").symlink_to(secret)
    (root / "seeds" / "status.txt").symlink_to("/proc/self/status")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "inside.txt").write_text(item(8, random.Random(8)))
    (root / "seeds" / "inside.txt").symlink_to(root / "elsewhere" / "inside.txt")  # inside the site: fine
    (root / "seeds" / "folder").symlink_to(tmp_path)
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert "seeds/secret.txt: warning: seed skipped: it is a link to a file outside the site, which is not followed" in done.stderr
    assert "seeds/status.txt: warning: seed skipped: it is a link to a file outside the site" in done.stderr
    assert "seeds/folder: warning: seed skipped: it is a link to a folder, which is not followed" in done.stderr
    assert sorted(pages_by_seed(root)) == ["seeds/inside.txt", "seeds/item-000.txt"]  # named as the link, not its target
    published = "".join(p.read_text(encoding="utf-8") for p in (root / "public").rglob("*.html"))
    assert "Secret group" not in published and str(tmp_path) not in published


def test_a_fifo_in_seeds_is_skipped_not_waited_for(tmp_path):
    root = make_site(tmp_path / "site", 1)
    os.mkfifo(root / "seeds" / "pipe.txt")
    done = run(root, timeout=60)
    assert done.returncode == 0
    assert "seeds/pipe.txt: warning: seed skipped: it is a named pipe (FIFO), not a file" in done.stderr


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/null"])
def test_extract_and_ingest_refuse_a_fifo_or_a_device_cleanly(tmp_path, special):
    root = make_site(tmp_path / "site", 0)
    path = special
    if special == "fifo":
        path = str(tmp_path / "pipe.txt")
        os.mkfifo(path)
    done = run(root, "extract", "--json", path, timeout=60)
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"] in ("it is a named pipe (FIFO), not a file; give the path of a saved news item", "it is a device, not a file; give the path of a saved news item")
    done = run(root, "ingest", path, timeout=60)
    assert done.returncode == 1 and "cannot ingest it: it is a" in done.stderr
    assert list((root / "seeds").iterdir()) == []
