"""Scored choice: candidates with their evidence, and the learnt weights that decide among them.

For the fields where several readings compete (the event's place, the year, organizations,
people), small finders propose `Candidate`s, each with the evidence for it as named features
("cue:in", "src:dateline", "sent:0", ...). A logistic model per field turns the evidence into a
probability: `LinearModel.probability(features)`. The weights are learnt from the annotated corpus
by `tools/train.py` and committed as `weights.json` beside this module; nothing is trained at
build time. `extract --explain` lists what decided.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Finding

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(slots=True)
class Candidate:
    """One possible value of a field, with the evidence for it (feature name -> value)."""

    value: Any
    features: dict[str, float]
    finding: Finding
    """Where the value was found first (rule and span), for `extract --explain`."""
    score: float = 0.0
    """The model's probability, once scored."""

    def add(self, name: str, value: float = 1.0) -> None:
        """Evidence for this candidate; a binary feature keeps its largest value."""
        if value > self.features.get(name, 0.0):
            self.features[name] = value


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression over named features: p = sigmoid(bias + sum(w[f] * x[f]))."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    """A candidate below this probability is not taken (for a single value: no value at all)."""

    def logit(self, features: dict[str, float]) -> float:
        w = self.weights
        return self.bias + sum(w.get(name, 0.0) * x for name, x in features.items())

    def probability(self, features: dict[str, float]) -> float:
        return sigmoid(self.logit(features))

    def contributions(self, features: dict[str, float]) -> list[tuple[str, float]]:
        """The features that moved the score, largest effect first (for --explain)."""
        parts = [(name, self.weights.get(name, 0.0) * x) for name, x in features.items()]
        return sorted((p for p in parts if p[1]), key=lambda p: -abs(p[1]))

    def as_dict(self) -> dict[str, Any]:
        return {"bias": round(self.bias, 4), "threshold": round(self.threshold, 4), "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-4}}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> LinearModel:
        return cls({str(k): float(v) for k, v in (raw.get("weights") or {}).items()}, float(raw.get("bias", 0.0)), float(raw.get("threshold", 0.5)))


@dataclass(frozen=True)
class Weights:
    """The learnt models, one per scored field."""

    models: dict[str, LinearModel] = field(default_factory=dict)

    def __getitem__(self, field_name: str) -> LinearModel:
        return self.models.get(field_name) or LinearModel()

    def as_dict(self) -> dict[str, Any]:
        return {name: model.as_dict() for name, model in sorted(self.models.items())}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Weights:
        return cls({name: LinearModel.from_dict(m) for name, m in raw.items() if isinstance(m, dict)})

    def save(self, path: Path = WEIGHTS_FILE) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The committed weights (no weights file: every model neutral, so nothing is chosen by score)."""
    if not WEIGHTS_FILE.exists():
        return Weights()
    return Weights.from_dict(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))


def score_all(candidates: list[Candidate], model: LinearModel) -> list[Candidate]:
    """The candidates with their probabilities, best first (ties: first found first)."""
    for c in candidates:
        c.score = model.probability(c.features)
    return sorted(candidates, key=lambda c: -c.score)


def choose_one(candidates: list[Candidate], model: LinearModel) -> Candidate | None:
    """The most probable candidate, if it reaches the model's threshold."""
    ranked = score_all(candidates, model)
    if ranked and ranked[0].score >= model.threshold:
        return ranked[0]
    return None


def choose_among(candidates: list[Candidate], model: LinearModel) -> Candidate | None:
    """One value or none (a choice model: the candidates compete with one another and with "none",
    the candidate whose value is None; each gets its softmax share as its score)."""
    if not candidates:
        return None
    logits = [model.logit(c.features) for c in candidates]
    top = max(logits)
    shares = [math.exp(z - top) for z in logits]
    total = sum(shares)
    by_value: dict[object, float] = {}
    for c, share in zip(candidates, shares):
        c.score = share / total
        by_value[c.value] = by_value.get(c.value, 0.0) + c.score
    # The value with the largest share over all its mentions (what training maximises), and of
    # its mentions the strongest, whose text the explanation shows.
    value = max(by_value, key=lambda v: by_value[v])
    best = max((c for c in candidates if c.value == value), key=lambda c: c.score)
    return best if best.value is not None else None


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
