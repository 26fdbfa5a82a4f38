#!/usr/bin/env python3
"""Cross-validated extraction figures on the annotated corpus, with the devset and seeds beside them.

    python tools/evaluate.py                 # 5 folds over the corpus (locked fold left out)
    python tools/evaluate.py --locked        # also score the locked fold (report only: never tune on it)
    python tools/evaluate.py --show FIELD    # list the held-out errors of one field

The corpus (`../shared/corpus/`) is split as issue 15 says: the **locked fold** is every article
whose number ends in 7; the other articles go into 5 folds, stratified by prefix letter (within a
prefix, in stem order, article i goes to fold i % 5). For each fold the scorer's weights are learnt
on the other four (`tools/train.py`) and the fold is extracted with them; the figures are the
corpus scorer's micro-F1 pooled over the five held-out folds, for all articles, English and
Russian apart. The devset, the seeds and the locked fold are extracted with weights learnt on all
143 training articles. The texts are read from `../shared/` at run time and never copied here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.extract import Options, extract, load_gazetteer  # noqa: E402
from briefing.sources import decode  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DEVSET = SHARED / "devset"
TODAY = dt.date(2026, 11, 1)
"""The ingest day for every article (the corpus was captured before it): pinned, so runs agree."""
KEYS = ("title", "date", "location", "organizations", "people", "countries")
N_FOLDS = 5


@dataclass(frozen=True)
class Article:
    stem: str
    text: str
    gold: dict

    @property
    def language(self) -> str:
        return "ru" if self.stem.startswith("r") else "en"

    @property
    def locked(self) -> bool:
        return self.stem[-1] == "7"


def load_set(folder: Path, gold_name: str = "gold.json", articles: Path | None = None) -> list[Article]:
    gold = json.loads((folder / gold_name).read_text(encoding="utf-8"))
    where = articles or folder / "articles"
    return [Article(stem, decode((where / f"{stem}.txt").read_bytes()), gold[stem]) for stem in sorted(gold)]


def folds(articles: list[Article]) -> dict[str, int]:
    """stem -> fold (0-4) of every article outside the locked fold."""
    out: dict[str, int] = {}
    by_prefix: dict[str, list[str]] = {}
    for a in articles:
        if not a.locked:
            by_prefix.setdefault(a.stem[0], []).append(a.stem)
    for stems in by_prefix.values():
        for i, stem in enumerate(sorted(stems)):
            out[stem] = i % N_FOLDS
    return out


def _scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


def predict(articles: list[Article], model=None) -> dict[str, dict]:
    """stem -> prediction record (the keys the scorer reads), extracted in this process."""
    gaz = load_gazetteer(ROOT / "data")
    options = Options(TODAY, weights=model)
    out = {}
    for a in articles:
        record = extract(a.text, gaz, options).as_record()
        out[a.stem] = {k: record.get(k) for k in KEYS}
    return out


def score(articles: list[Article], preds: dict[str, dict]) -> dict:
    """The corpus scorer's figures for these articles, plus the year where the text gives none."""
    gold = {a.stem: a.gold for a in articles}
    with tempfile.TemporaryDirectory() as tmp:
        for stem, p in preds.items():
            if stem in gold:
                Path(tmp, f"{stem}.json").write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
        log = io.StringIO()
        res = SCORE.score(gold, tmp, out=log)
    no_year = [a for a in articles if not a.gold.get("year_in_text")]
    right = sum(1 for a in no_year if _year(preds.get(a.stem, {}).get("date")) in _gold_years(a.gold))
    figures = {
        "n": len(articles),
        "orgs": res["organizations"][2],
        "people": res["people"][2],
        "countries": res["countries"][2],
        "date_md": res["date_md"],
        "year": res["date_year"],
        "location": res["location"],
        "title": res["title"],
        "year_no_text": right / len(no_year) if no_year else float("nan"),
        "n_no_year": len(no_year),
        "log": log.getvalue(),
    }
    return figures


def _year(date) -> int | None:
    return int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None


def _gold_years(g: dict) -> set[int]:
    return {int(d[:4]) for d in [g["date"], *g.get("date_alt", [])]}


def cross_validate(corpus: list[Article], train=None) -> dict[str, dict]:
    """Predictions for every non-locked article, each made with a model learnt without its fold."""
    fold_of = folds(corpus)
    preds: dict[str, dict] = {}
    for k in range(N_FOLDS):
        held = [a for a in corpus if fold_of.get(a.stem) == k]
        model = train([a for a in corpus if fold_of.get(a.stem) not in (k, None)]) if train else None
        preds.update(predict(held, model))
    return preds


COLUMNS = ("orgs", "people", "countries", "date_md", "year", "location", "title", "year_no_text")


def table(rows: list[tuple[str, dict]]) -> str:
    head = "| set | n | orgs F1 | people F1 | countries F1 | date m-d | year | location | title | year, none in text |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 2)]
    for name, f in rows:
        cells = [f"{f[c]:.2f}" if c != "year_no_text" else f"{f[c]:.2f} ({round(f[c] * f['n_no_year'])}/{f['n_no_year']})" for c in COLUMNS]
        lines.append(f"| {name} | {f['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _trainer():
    try:
        from tools.train import train  # noqa: PLC0415
    except ImportError:
        return None
    return train


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--locked", action="store_true", help="also score the locked fold (report it; never tune on it)")
    ap.add_argument("--show", metavar="FIELD", help="print the scorer's per-article lines for the held-out folds")
    ap.add_argument("--no-training", action="store_true", help="use the committed weights everywhere (no per-fold training)")
    ap.add_argument("--drop", action="append", default=[], metavar="FEATURE", help="leave a feature out of training (ablation); 'cue:' drops a prefix")
    args = ap.parse_args(argv)
    if args.drop:
        from tools import train as training

        training.DROPPED.update(args.drop)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    corpus = load_set(CORPUS)
    train = None if args.no_training else _trainer()
    cv = cross_validate(corpus, train)
    training = [a for a in corpus if not a.locked]
    full_model = train(training) if train else None
    en = [a for a in training if a.language == "en"]
    ru = [a for a in training if a.language == "ru"]
    rows = [
        ("corpus, 5-fold CV (143)", score(training, cv)),
        ("— English (107)", score(en, cv)),
        ("— Russian (36)", score(ru, cv)),
    ]
    devset = load_set(DEVSET)
    rows.append(("devset (20)", score(devset, predict(devset, full_model))))
    seeds = load_set(DEVSET, "seed_gold.json", ROOT / "seeds")
    rows.append(("seeds (4)", score(seeds, predict(seeds, full_model))))
    if args.locked:
        locked = [a for a in corpus if a.locked]
        rows.append(("locked fold (16)", score(locked, predict(locked, full_model))))
    print(table(rows))
    if args.show:
        print()
        print(rows[0][1]["log"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
