#!/usr/bin/env python3
"""Raw news items for the benchmarks: what an editor drops into seeds/, with a corpus-like density
of names.

    python bench/newsitems.py N OUT_DIR [--seed 2024]

Each item is a plain-text agency report: a headline, a dateline ("MINSK, 17 November (BelTA) –"),
and about 600 words in paragraphs whose sentences name organizations, people, countries and
cities drawn from the project's `data/` files. Per 600 words an item names about 14 organizations,
7 people and 7 countries (distinct), the density of the annotated corpus (measured on its gold
labels: 5.1 organizations, 2.5 people and 2.4 countries per 213 words), so extraction works as hard
as on real items. The same seed gives the same items byte for byte. The texts are generated from
templates written for this script; no article text is copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ["BelTA", "Kazinform", "Kabar", "TASS", "Trend", "Armenpress"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
FILLER = (
    "cooperation integration trade industry energy transport logistics customs market investment agreement "
    "delegation programme project digital economy agriculture grain railway corridor container transit bank "
    "loan finance payment export import turnover growth production plant technology innovation education "
    "tourism security consultations session results priorities strategy infrastructure modernisation"
).split()
TEMPLATES = (
    "{person}, {title} of the {org}, met {person2} in {city} on {date}.",
    "The {org} and the {org2} signed a memorandum on {w1} {w2} during the talks.",
    "According to {person}, trade between {country} and {country2} grew by {n} percent last year.",
    "Representatives of the {org} discussed {w1} and {w2} with the delegation of {country}.",
    "{person} said the {org} would finance {w1} projects in {city} and other regions of {country}.",
    "The parties agreed to expand {w1} {w2} and to prepare a road map for {w3} cooperation.",
    "The meeting was attended by {person}, {person2} and experts of the {org}.",
    "Earlier, {country} and the {org} launched a joint {w1} {w2} initiative.",
)


def _names(data: Path) -> dict[str, list[str]]:
    entities = yaml.safe_load((data / "entities.yaml").read_text(encoding="utf-8"))
    orgs = [e["name"] for e in entities["organizations"] if not e.get("kind")]
    people = [e["name"] for e in entities["people"]]
    countries = [e["name"] for e in entities["countries"]]
    cities = [
        line.split("\t")[0]
        for line in (data / "places.tsv").read_text(encoding="utf-8").splitlines()[2:]
        if line.split("\t")[1:2] and line.split("\t")[1] in ("RU", "BY", "KZ", "KG", "AM", "UZ", "TJ", "AZ")
    ]
    return {"org": orgs, "person": people, "country": countries, "city": cities[:300]}


def item(i: int, rng: random.Random, names: dict[str, list[str]]) -> tuple[str, str]:
    """(file name, text) of one news item."""
    date = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000))
    day = f"{date.day} {MONTHS[date.month - 1]}"
    pools = {k: rng.sample(v, min(len(v), {"org": 14, "person": 7, "country": 7, "city": 4}[k])) for k, v in names.items()}
    city = pools["city"][0]
    headline = f"{pools['org'][0]} and {pools['org'][1]} agree on {rng.choice(FILLER)} {rng.choice(FILLER)}"
    paragraphs, words = [], 0
    while words < 600:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            s = rng.choice(TEMPLATES).format(
                person=rng.choice(pools["person"]),
                person2=rng.choice(pools["person"]),
                title=rng.choice(["chairman", "minister", "head"]),
                org=rng.choice(pools["org"]),
                org2=rng.choice(pools["org"]),
                country=rng.choice(pools["country"]),
                country2=rng.choice(pools["country"]),
                city=rng.choice(pools["city"]),
                date=day,
                n=rng.randint(3, 40),
                w1=rng.choice(FILLER),
                w2=rng.choice(FILLER),
                w3=rng.choice(FILLER),
            )
            sentences.append(s[:1].upper() + s[1:])
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    dateline = f"{city.upper()}, {day} ({rng.choice(AGENCIES)}) – "
    text = f"{headline}\n\n{dateline}{paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:]) + "\n"
    return f"item-{i:05d}.txt", text


def generate(n: int, out_dir: Path, seed: int = 2024, data: Path = ROOT / "data") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = _names(data)
    paths = []
    for i in range(n):
        name, text = item(i, rng, names)
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
