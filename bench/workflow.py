#!/usr/bin/env python3
"""An editor's workflow, timed: raw news items in seeds/, default config (search on), every step.

    python bench/workflow.py                                   # N = 1,000 and 5,000, 3 rounds
    python bench/workflow.py --sizes 1000 --repeats 1 --out -  # a quick look
    python bench/workflow.py --briefing-only --sizes 30 --repeats 1 --out -   # as the smoke test does

For each N, bench/newsitems.py writes N raw news items (headline, dateline, ~650 words, the
annotated corpus's density of organizations, people and places) into `seeds/` of a site with the
default config (only a title and base_url are set; search is on). Each round then measures, on
Briefing with search on and on the same site with `search: false`:

- cold: a fresh clone's first build (seeds only: no content/, no public/, no cache): ingest of
  every item on every core, render, search index;
- no-op: a rebuild with nothing changed;
- page edited: one content page's text changed by hand;
- seed added: one news item dropped into seeds/;
- seed changed: an item whose page nobody edited changed (re-extracted, page rewritten);
- edited page's seed changed: the seed of the page edited above changed (the page is kept, the new
  extraction goes beside it as a `.md.new` proposal);
- no-op, proposal pending: the next rebuild (the proposal is not made again, nothing re-extracted).

In the same rounds, alternated with Briefing's cold builds, Hugo and Pelican (installed into
bench/.venv) build the same articles cold: the Markdown pages Briefing's ingest made, converted to
their front-matter (title, date, tags, organizations, people, countries, location, summary; Hugo
makes a page per term of each of these taxonomies, as Briefing does; Pelican per tag). Times are
wall seconds around the process, peak memory the PSS of its whole process tree (Pagefind
included), sampled every 20 ms; medians over the rounds. Only ratios from one run mean anything on
a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import newsitems  # noqa: E402
import run  # noqa: E402
from run import VENV, Sample, ensure_peers, measure, version  # noqa: E402

CASES = ("cold", "no-op", "page edited", "seed added", "seed changed", "edited page's seed changed", "no-op, proposal pending")
TODAY = "2026-11-22"
"""The ingest day (BRIEFING_TODAY): items without a year get the same date in every round."""


class Workflow:
    """A Briefing site whose inputs are raw seeds."""

    def __init__(self, n: int, work: Path, search: bool):
        self.n = n
        self.search = search
        self.name = "briefing" if search else "briefing, search off"
        self.site = work / f"workflow-{n}-{'search' if search else 'nosearch'}"
        self.pristine = work / f"workflow-{n}-seeds"
        self.samples: dict[str, list[Sample]] = {c: [] for c in CASES}
        self.pages = 0

    def setup(self) -> None:
        if not self.pristine.is_dir():
            tmp = self.pristine.with_name(self.pristine.name + ".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            newsitems.generate(self.n, tmp)
            tmp.rename(self.pristine)
        shutil.rmtree(self.site, ignore_errors=True)
        self.site.mkdir(parents=True)
        for folder in ("themes", "data"):
            shutil.copytree(ROOT / folder, self.site / folder)
        config = "title: Workflow bench\nbase_url: https://bench.example.org/\n" + ("" if self.search else "search: false\n")
        (self.site / "config.yaml").write_text(config, encoding="utf-8")

    def clean(self) -> None:
        """A fresh clone's state: the seeds, the config, the theme and the data files; no content,
        no output, no cache."""
        for name in ("public", ".cache", "content", "seeds"):
            shutil.rmtree(self.site / name, ignore_errors=True)
        shutil.copytree(self.pristine, self.site / "seeds")

    def command(self) -> list[str]:
        return [sys.executable, str(ROOT / "build.py"), "--quiet"]

    def env(self) -> dict:
        return dict(os.environ, BRIEFING_TODAY=TODAY)

    def build(self) -> Sample:
        return measure(self.command(), self.site, self.env())

    # --- the edits --------------------------------------------------------------------------

    def articles(self) -> list[Path]:
        return sorted((self.site / "content" / "articles").glob("*.md"))

    def edit_page(self, k: int) -> None:
        pages = self.articles()
        self.edited = pages[len(pages) // 2]
        with self.edited.open("a", encoding="utf-8") as f:
            f.write(f"\nAn editor's note added by the benchmark, round {k}.\n")

    def add_seed(self, k: int) -> None:
        import random

        name, text = newsitems.item(self.n + 1000 + k, random.Random(k), newsitems._names(ROOT / "data"))
        (self.site / "seeds" / f"added-{k}-{name}").write_text(text, encoding="utf-8")

    def change_seed(self, k: int) -> None:
        seed = self.site / "seeds" / f"item-{self.n // 3:05d}.txt"
        with seed.open("a", encoding="utf-8") as f:
            f.write(f"\nThe parties agreed to meet again next year (update {k}).\n")

    def change_edited_pages_seed(self, k: int) -> None:
        text = self.edited.read_text(encoding="utf-8")
        source = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("source:"))
        with (self.site / source).open("a", encoding="utf-8") as f:
            f.write(f"\nThe delegation will report on the results (update {k}).\n")

    def round(self, k: int) -> None:
        self.clean()
        self.samples["cold"].append(self.build())
        if not self.pages:
            self.pages = sum(1 for p in (self.site / "public").rglob("*.html"))
        self.samples["no-op"].append(self.build())
        self.edit_page(k)
        self.samples["page edited"].append(self.build())
        self.add_seed(k)
        self.samples["seed added"].append(self.build())
        self.change_seed(k)
        self.samples["seed changed"].append(self.build())
        self.change_edited_pages_seed(k)
        self.samples["edited page's seed changed"].append(self.build())
        proposals = list((self.site / "content" / "articles").glob("*.md.new"))
        assert len(proposals) == 1, f"expected one proposal beside the edited page, found {proposals}"
        self.samples["no-op, proposal pending"].append(self.build())

    def median(self, case: str) -> float:
        return statistics.median(s.seconds for s in self.samples[case])

    def peak(self, case: str | None = None) -> float:
        cases = [case] if case else CASES
        return max(s.peak_mb for c in cases for s in self.samples[c] if self.samples[c])


# --- the peers, on the articles Briefing made --------------------------------------------------


def _front(text: str) -> tuple[dict, str]:
    import yaml

    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body.lstrip("\n")


def convert(articles_dir: Path, flavour: str, out_dir: Path) -> int:
    """Briefing's content pages as Hugo or Pelican pages (same title, date, body, taxonomies)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    n = 0
    for page in sorted(articles_dir.glob("*.md")):
        meta, body = _front(page.read_text(encoding="utf-8"))
        slug = page.stem
        title, date = str(meta["title"]), meta["date"].isoformat()
        lists = {k: [str(v) for v in meta.get(k) or []] for k in ("tags", "organizations", "people", "countries")}
        location = [str(meta["location"])] if meta.get("location") else []
        summary = str(meta.get("summary") or "")
        if flavour == "hugo":
            front = [f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {date}", f"slug: {slug}"]
            front += [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in lists.items()]
            front += [f"locations: {json.dumps(location, ensure_ascii=False)}", f"summary: {json.dumps(summary, ensure_ascii=False)}"]
            text = "---\n" + "\n".join(front) + "\n---\n\n" + body
        else:
            clean = lambda s: " ".join(s.replace(",", " ").split())  # noqa: E731 (Pelican splits tags on commas)
            front = [f"Title: {clean(title)}", f"Date: {date}", f"Slug: {slug}", f"Tags: {', '.join(clean(t) for t in lists['tags'])}"]
            front += [f"Organizations: {', '.join(lists['organizations'])}", f"Location: {', '.join(location)}", f"Summary: {clean(summary)}"]
            text = "\n".join(front) + "\n\n" + body
        (out_dir / f"{slug}.md").write_text(text, encoding="utf-8")
        n += 1
    return n


class PeerHugo(run.Hugo):
    """Hugo over Briefing's articles, with a page per tag, organization, person, country, place."""

    def setup_from(self, articles_dir: Path) -> None:
        shutil.rmtree(self.site, ignore_errors=True)
        self.site.mkdir(parents=True)
        convert(articles_dir, "hugo", self.content_dir())
        self.configure()
        toml = self.site / "hugo.toml"
        toml.write_text(
            toml.read_text(encoding="utf-8").replace(
                "[taxonomies]\ntag = 'tags'\norganization = 'organizations'\nlocation = 'locations'\n",
                "[taxonomies]\ntag = 'tags'\norganization = 'organizations'\nperson = 'people'\ncountry = 'countries'\nlocation = 'locations'\n",
            ),
            encoding="utf-8",
        )


class PeerPelican(run.Pelican):
    def setup_from(self, articles_dir: Path) -> None:
        shutil.rmtree(self.site, ignore_errors=True)
        self.site.mkdir(parents=True)
        convert(articles_dir, "pelican", self.content_dir())
        self.configure()


def bench(n: int, work: Path, repeats: int, briefing_only: bool) -> tuple[list[Workflow], dict[str, list[Sample]]]:
    sites = [Workflow(n, work, search=True), Workflow(n, work, search=False)]
    for s in sites:
        s.setup()
    peers: list[run.Tool] = []
    peer_samples: dict[str, list[Sample]] = {}
    for k in range(repeats):
        for i, s in enumerate(sites):
            s.round(k)
            print(f"  round {k + 1}/{repeats} {s.name} N={n}: " + ", ".join(f"{c} {s.samples[c][-1].seconds:.2f} s" for c in CASES), flush=True)
            if k == 0 and i == 0 and not briefing_only:
                # The peers build what the first cold ingest made (the articles, before the edits).
                articles = work / f"workflow-{n}-articles"
                shutil.rmtree(articles, ignore_errors=True)
                shutil.copytree(sites[0].site / "content" / "articles", articles, ignore=shutil.ignore_patterns("*.new"))
                peers = [PeerHugo(n, work), PeerPelican(n, work)]
                for p in peers:
                    p.site = work / f"workflow-{n}-{p.name}"
                    p.setup_from(articles)
                    peer_samples[p.name] = []
            if peers and i == 0:  # a peer's cold build after each Briefing cold round: alternated
                for p in peers:
                    p.clean()
                    peer_samples[p.name].append(measure(p.command(), p.site, p.env()))
                    print(f"  round {k + 1}/{repeats} {p.name} N={n}: cold {peer_samples[p.name][-1].seconds:.2f} s", flush=True)
    return sites, peer_samples


def table(results: list[tuple[int, list[Workflow], dict[str, list[Sample]]]]) -> str:
    head = "| N | tool | " + " | ".join(CASES) + " | peak memory (PSS) |"
    lines = [head, "|" + "---|" * (len(CASES) + 3)]
    for n, sites, peers in results:
        hugo = statistics.median(s.seconds for s in peers["hugo"]) if peers.get("hugo") else None
        pelican = statistics.median(s.seconds for s in peers["pelican"]) if peers.get("pelican") else None
        for s in sites:
            cells = []
            for case in CASES:
                m = s.median(case)
                ratio = ""
                if case == "cold" and hugo:
                    ratio = f" ({m / hugo:.1f}× Hugo" + (f", {m / pelican:.1f}× Pelican)" if pelican else ")")
                cells.append(f"{m:.2f} s{ratio}")
            lines.append(f"| {n:,} | {s.name} | " + " | ".join(cells) + f" | {s.peak():.0f} MB |")
        for name, samples in peers.items():
            m = statistics.median(x.seconds for x in samples)
            peak = max(x.peak_mb for x in samples)
            lines.append(f"| {n:,} | {name} (same articles) | {m:.2f} s | " + " | ".join("" for _ in CASES[1:]) + f" | {peak:.0f} MB |")
    return "\n".join(lines)


def rounds(results) -> str:
    """Every round's cold times, for the notes."""
    out = []
    for n, sites, peers in results:
        cells = [f"{s.name} " + ", ".join(f"{x.seconds:.2f}" for x in s.samples["cold"]) for s in sites]
        cells += [f"{name} " + ", ".join(f"{x.seconds:.2f}" for x in samples) for name, samples in peers.items()]
        out.append(f"- N = {n:,}, cold rounds: " + "; ".join(cells))
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--briefing-only", action="store_true")
    parser.add_argument("--out", default=str(HERE / "work" / "workflow-results.md"), help="results file, or - for stdout only")
    parser.add_argument("--work", default=str(HERE / "work"))
    args = parser.parse_args()
    if not args.briefing_only:
        ensure_peers()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",") if s):
        print(f"N = {n:,}", flush=True)
        sites, peers = bench(n, work, args.repeats, args.briefing_only)
        results.append((n, sites, peers))
    text = table(results) + "\n\n" + rounds(results)
    print(text)
    if args.out != "-":
        load = os.getloadavg()
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
        peers = "" if args.briefing_only else f"Pelican: {version([str(VENV / 'bin' / 'pelican'), '--version'])}; Hugo: {version([str(VENV / 'bin' / 'hugo'), 'version'])}."
        Path(args.out).write_text(
            f"Command: `python bench/workflow.py {' '.join(sys.argv[1:])}`  \nMachine: {machine}.  \n{peers}  \nLoad average at the end: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}.\n\n{text}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
