#!/usr/bin/env python3
"""Learn the extraction scorer's weights from the annotated corpus and write `weights.json`.

    python tools/train.py            # learn on the 143 training articles, write briefing/extract/weights.json
    python tools/train.py --check    # learn, compare with the committed file, write nothing

Every scored field's candidates are made by the extractor itself (`Extraction.candidates`), each
labelled right or wrong against the corpus's gold labels with the corpus's own scorer, and a
logistic regression (L2-regularised, fitted by Newton's method: small and exact, no library) learns
how much each piece of evidence counts. The locked fold (numbers ending in 7) is never used.
`tools/evaluate.py` calls `train()` once per fold, on the other folds only.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.extract import Options, extract, load_gazetteer  # noqa: E402
from briefing.extract.scorer import WEIGHTS_FILE, Candidate, LinearModel, Weights, sigmoid  # noqa: E402

L2 = 3.0
"""Ridge penalty on every weight (not the bias) of the location, organization and people models:
keeps weights of rare evidence small. The year model chooses its own (`YEAR_L2_GRID`)."""
DROPPED: set[str] = set()
"""Features left out of training (ablation: `tools/evaluate.py --drop NAME`); a name ending in ':'
drops every feature with that prefix."""

Sample = tuple[dict[str, float], int]


def train(articles) -> Weights:
    """Weights learnt from these articles (objects with .text and .gold, see evaluate.Article)."""
    from tools.evaluate import SCORE, TODAY

    gaz = load_gazetteer(ROOT / "data")
    neutral = Options(TODAY, weights=Weights())
    location: list[list[Candidate]] = []
    location_gold: list[list[str]] = []
    entities: dict[str, list[tuple[Sample, ...]]] = {"organizations": [], "people": []}
    year_groups: list[tuple[list[Candidate], set[int]]] = []
    missed = {"organizations": 0, "people": 0}  # required gold entities no candidate names
    for a in articles:
        result = extract(a.text, gaz, neutral)
        location.append(result.candidates.get("location", []))
        location_gold.append(a.gold.get("location", []))
        gold_years = {int(d[:4]) for d in [a.gold["date"], *a.gold.get("date_alt", [])]}
        for field_name, samples in entities.items():
            labelled = _entity_samples(result.candidates.get(field_name, []), a.gold, field_name, SCORE)
            samples.append(tuple(labelled))
            missed[field_name] += len(SCORE.entity_sets(a.gold, field_name)[0]) - sum(1 for _f, y in labelled if y == 1)
        year_candidates = result.candidates.get("year", [])
        if year_candidates:
            year_groups.append((year_candidates, gold_years))
    model = fit_choice([[(c.features, int(SCORE.location_ok(c.value, gold))) for c in cands] for cands, gold in zip(location, location_gold)])
    models = {"location": model, "year": fit_year(year_groups)}
    for field_name, per_article in entities.items():
        fitted = fit([s for article in per_article for s in article if s[1] is not None])
        models[field_name] = _best_f1_threshold(fitted, per_article, missed[field_name])
    return Weights(models)


def _entity_samples(candidates: list[Candidate], gold: dict, field_name: str, scorer) -> list[tuple[dict, int | None]]:
    """Each candidate labelled 1 (a required entity of the gold), 0 (none) or None (an optional one:
    predicting it costs nothing, so it teaches nothing). A second name of one entity is a 0."""
    kind = "person" if field_name == "people" else "org"
    required, optional = scorer.entity_sets(gold, field_name)
    out = []
    matched = set()
    for c in candidates:
        n = scorer.norm(c.value, kind)
        hit = next((i for i, names in enumerate(required) if n in names and i not in matched), None)
        if hit is not None:
            matched.add(hit)
            out.append((c.features, 1))
        elif any(n in names for names in optional):
            out.append((c.features, None))
        else:
            out.append((c.features, 0))
    return out


def _best_f1_threshold(model: LinearModel, per_article, missed: int) -> LinearModel:
    """The probability from which a candidate is kept, where the training articles' micro-F1 is best
    (the gold entities no candidate found count as misses at every threshold)."""
    scored = [(model.probability(f), y) for article in per_article for f, y in article if y is not None]
    best_t, best_f1 = 0.5, -1.0
    for t in [i / 40 for i in range(1, 40)]:
        tp = sum(1 for p, y in scored if p >= t and y)
        fp = sum(1 for p, y in scored if p >= t and not y)
        fn = sum(1 for p, y in scored if p < t and y) + missed
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return LinearModel(model.weights, model.bias, best_t)


def fit_choice(groups: list[list[Sample]], l2: float = L2, iterations: int = 300) -> LinearModel:
    """A choice model (conditional logit): in each group (an article's candidates, "none" among
    them) the candidates compete by softmax, and the probability of the right ones (any mention
    of a right value) is maximised. Gradient ascent with step halving; no bias (it cancels out)."""
    groups = [[({k: v for k, v in f.items() if not _dropped(k)}, y) for f, y in g] for g in groups if any(y for _, y in g)]
    names = sorted({k for g in groups for f, _ in g for k in f})
    w = {k: 0.0 for k in names}

    def objective_and_gradient(w):
        total = -0.5 * l2 * sum(v * v for v in w.values())
        grad = {k: -l2 * v for k, v in w.items()}
        for g in groups:
            logits = [sum(w[k] * v for k, v in f.items()) for f, _ in g]
            top = max(logits)
            ex = [math.exp(z - top) for z in logits]
            z_all = sum(ex)
            z_right = sum(e for e, (_, y) in zip(ex, g) if y)
            total += math.log(z_right) - math.log(z_all)
            for e, (f, y) in zip(ex, g):
                coef = (e / z_right if y else 0.0) - e / z_all
                for k, v in f.items():
                    grad[k] += coef * v
        return total, grad

    step = 0.5
    value, grad = objective_and_gradient(w)
    for _ in range(iterations):
        trial = {k: w[k] + step * grad[k] for k in w}
        new_value, new_grad = objective_and_gradient(trial)
        if new_value >= value:
            if new_value - value < 1e-7:
                w = trial
                break
            w, value, grad = trial, new_value, new_grad
            step *= 1.2
        else:
            step /= 2
    return LinearModel(w, 0.0, 0.0)


YEAR_L2_GRID = (3.0, 1.0, 0.3, 0.1)
"""Ridge penalties tried for the year model, strongest first (a tie keeps the stronger)."""
INNER_FOLDS = 4
"""Folds of the cross-validation inside a training set that chooses the year model's penalty."""


def fit_year(groups) -> LinearModel:
    """The year model: a logistic regression over every candidate year (right or not), its ridge
    penalty chosen by cross-validation inside these training articles (so the held-out folds of
    `tools/evaluate.py` never choose it), then its threshold."""
    l2 = _inner_cv_l2(groups)
    return _best_year_threshold(fit(_year_samples(groups), l2=l2), groups)


def _year_samples(groups) -> list[Sample]:
    return [(c.features, int(c.value in gold)) for cands, gold in groups for c in cands]


def _inner_cv_l2(groups) -> float:
    """The penalty of `YEAR_L2_GRID` under which the most articles get their year right when each
    inner fold is predicted by a model (and threshold) fitted on the others."""
    best_l2, best_right = YEAR_L2_GRID[0], -1
    for l2 in YEAR_L2_GRID:
        right = 0
        for k in range(INNER_FOLDS):
            train_part = [g for i, g in enumerate(groups) if i % INNER_FOLDS != k]
            model = _best_year_threshold(fit(_year_samples(train_part), l2=l2), train_part)
            right += _years_right(model, [g for i, g in enumerate(groups) if i % INNER_FOLDS == k])
        if right > best_right:
            best_l2, best_right = l2, right
    return best_l2


def _years_right(model: LinearModel, groups) -> int:
    """How many articles of `groups` get their year right with this model."""
    from briefing.extract.year import choose_year

    return sum(choose_year(cands, model)[0] in gold for cands, gold in groups)


def _best_year_threshold(model: LinearModel, groups) -> LinearModel:
    """The probability above which a year is inferred rather than the latest assumed: where most
    training articles get their year right."""
    best_t, best_right = 0.5, -1
    for t in [i / 40 for i in range(1, 40)]:
        right = _years_right(LinearModel(model.weights, model.bias, t), groups)
        if right > best_right:
            best_t, best_right = t, right
    return LinearModel(model.weights, model.bias, best_t)


def fit(samples: list[Sample], l2: float = L2, iterations: int = 25) -> LinearModel:
    """Logistic regression by Newton's method (iteratively reweighted least squares)."""
    samples = [({k: v for k, v in f.items() if not _dropped(k)}, y) for f, y in samples]
    names = sorted({name for features, _ in samples for name in features})
    index = {name: i + 1 for i, name in enumerate(names)}  # 0: the bias
    n = len(names) + 1
    rows = [([(0, 1.0)] + [(index[k], v) for k, v in f.items() if v], y) for f, y in samples]
    w = [0.0] * n
    for _ in range(iterations):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for row, y in rows:
            p = sigmoid(sum(w[i] * v for i, v in row))
            r = p * (1 - p)
            for i, v in row:
                grad[i] += (p - y) * v
                hi = hess[i]
                for j, u in row:
                    hi[j] += r * v * u
        for i in range(1, n):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        hess[0][0] += 1e-6
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return LinearModel({name: w[index[name]] for name in names}, w[0])


def _dropped(name: str) -> bool:
    return name in DROPPED or any(d.endswith(":") and name.startswith(d) for d in DROPPED)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a @ x = b (Gaussian elimination with partial pivoting; a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                row, top = m[r], m[col]
                for c in range(col, n + 1):
                    row[c] -= f * top[c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(m[r][r]) < 1e-12:
            continue
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def main(argv: list[str] | None = None) -> int:
    from tools.evaluate import CORPUS, load_set

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed weights; write nothing")
    args = ap.parse_args(argv)
    training = [a for a in load_set(CORPUS) if not a.locked]
    weights = train(training)
    if args.check:
        same = WEIGHTS_FILE.exists() and Weights.from_dict(__import__("json").loads(WEIGHTS_FILE.read_text())).as_dict() == weights.as_dict()
        print("weights.json is up to date" if same else "weights.json differs from what training gives now")
        return 0 if same else 1
    weights.save()
    for name, model in weights.models.items():
        top = sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))[:12]
        print(f"{name}: bias {model.bias:+.2f}, threshold {model.threshold:.2f}; " + ", ".join(f"{k} {v:+.2f}" for k, v in top))
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
