#!/usr/bin/env python3
"""A deterministic synthetic corpus for the build benchmark, in Briefing's, Pelican's and Hugo's forms.

    python bench/corpus.py N OUT_DIR [--flavour briefing|pelican|hugo]

Each article: ~640 words of Markdown (paragraphs, a bullet list, headings, links), front-matter
with 1-4 tags from 60, a location from 40 and 2-6 organizations from 150. The same seed gives the
same corpus byte for byte, in every flavour.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = (
    "cooperation integration trade industry energy transport logistics customs tariff market investment "
    "agreement memorandum delegation ministers council commission union partners programme project road map "
    "digital economy agriculture grain fertiliser railway corridor container transit border crossing bank "
    "loan finance currency settlement payment export import turnover growth production plant factory "
    "microelectronics technology innovation science education university exchange culture tourism youth "
    "security defence consultations meeting session summit forum declaration statement results priorities "
    "regional interregional strategy implementation development sustainable infrastructure modernisation"
).split()
TAGS = [f"topic {i:02d}" for i in range(60)]
LOCATIONS = [f"City {chr(65 + i // 10)}{i % 10}" for i in range(40)]
ORGS = [f"Organization {i:03d}" for i in range(150)]


def article(i: int, rng: random.Random) -> dict:
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3650))
    paragraphs = []
    words = 0
    n_par = 0
    while words < 640:
        n = rng.randint(40, 90)
        sentence_words = [rng.choice(WORDS) for _ in range(n)]
        text = []
        for k in range(0, n, 12):
            chunk = sentence_words[k : k + 12]
            text.append(" ".join(chunk).capitalize() + ".")
        paragraph = " ".join(text)
        if n_par == 1:
            paragraph += f" See the [programme](https://example.org/programme/{i}) and the [results](../{i}/)."
        paragraphs.append(paragraph)
        if n_par == 2:
            paragraphs.append("\n".join(f"- {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(5)))
        if n_par == 3:
            paragraphs.append(f"## {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}")
        words += n
        n_par += 1
    return {
        "title": f"Item {i}: {rng.choice(WORDS)} {rng.choice(WORDS)} and {rng.choice(WORDS)}",
        "slug": f"item-{i:05d}",
        "date": date,
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "location": rng.choice(LOCATIONS),
        "organizations": rng.sample(ORGS, rng.randint(2, 6)),
        "summary": " ".join(rng.choice(WORDS) for _ in range(25)).capitalize() + ".",
        "body": "\n\n".join(paragraphs),
    }


def _list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def render(a: dict, flavour: str) -> tuple[str, str]:
    """(file name, text) of one article in a flavour."""
    if flavour == "briefing":
        meta = (
            f'title: "{a["title"]}"\ndate: {a["date"].isoformat()}\nlocation: {a["location"]}\n'
            f"organizations: {_list(a['organizations'])}\npeople: []\ncountries: []\ntags: {_list(a['tags'])}\n"
            f"summary: {a['summary']}\n"
        )
        return f"{a['slug']}.md", f"---\n{meta}---\n\n{a['body']}\n"
    if flavour == "pelican":
        meta = (
            f"Title: {a['title']}\nDate: {a['date'].isoformat()}\nSlug: {a['slug']}\nTags: {', '.join(a['tags'])}\n"
            f"Location: {a['location']}\nOrganizations: {', '.join(a['organizations'])}\nSummary: {a['summary']}\n"
        )
        return f"{a['slug']}.md", f"{meta}\n{a['body']}\n"
    if flavour == "hugo":
        meta = (
            f'title: "{a["title"]}"\ndate: {a["date"].isoformat()}\nslug: {a["slug"]}\ntags: {_list(a["tags"])}\n'
            f'locations: [{a["location"]}]\norganizations: {_list(a["organizations"])}\nsummary: "{a["summary"]}"\n'
        )
        return f"{a['slug']}.md", f"---\n{meta}---\n\n{a['body']}\n"
    raise ValueError(flavour)


def generate(n: int, out_dir: Path, flavour: str, seed: int = 2024) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        name, text = render(article(i, rng), flavour)
        (out_dir / name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--flavour", default="briefing", choices=("briefing", "pelican", "hugo"))
    args = parser.parse_args()
    generate(args.n, args.out, args.flavour)


if __name__ == "__main__":
    main()
