"""The learned layer: a logistic-regression model over hashed n-gram features.

A linear model over hashed features is the fastest learned scorer that still generalises across
phrasings: scoring is one compiled pass that sums about a thousand bucket weights. The weights
are trained by `python -m scanner.train` and committed as a small .npz file (float16, so the file
stays small; the precision lost is far below the decision margins), loaded once at import and
kept in half precision (a model trained in memory is rounded to it too, so it scores as it ships).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scanner.features import N_BUCKETS, occurrence_scale, weight_sum, word_weights

DEFAULT_WEIGHTS = Path(__file__).with_name("data") / "injection_model.npz"
# The model for text in other languages (scanner.language), trained by `python -m scanner.train --foreign`.
FOREIGN_WEIGHTS = Path(__file__).with_name("data") / "foreign_model.npz"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LinearModel:
    """Bias plus one weight per hash bucket; `logit` is bias + the length-scaled weight sum."""

    # float16, shape (N_BUCKETS,), C-contiguous: the compiled sum reads it. Half precision is what
    # the committed file holds, so nothing is lost, and the table then takes 512 KB of cache instead
    # of 1 MB: a scan's thousand scattered reads of it cost a third as much after the rest of a
    # scan has evicted it (2.6 against 7.8 us median on the dev set, docs/BENCHMARKS.md).
    weights: np.ndarray
    bias: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", np.ascontiguousarray(self.weights, dtype=np.float16))
        if self.weights.shape != (N_BUCKETS,):
            raise ValueError(f"expected {N_BUCKETS} weights, got shape {self.weights.shape}")

    def logit(self, canonical_text: str) -> float:
        total, count = weight_sum(canonical_text, self.weights)
        return self.bias + total * occurrence_scale(count)

    def probability(self, canonical_text: str) -> float:
        return sigmoid(self.logit(canonical_text))

    def word_evidence(self, canonical_text: str, top: int = 3) -> list[tuple[str, float]]:
        """The words whose unigram weights push the score up most (for a verdict's reasons)."""
        words, weights = word_weights(canonical_text, self.weights)
        best: dict[str, float] = {}
        # strongest first, earlier words first among equals (sorted is stable): stop at `top`
        for index in sorted(range(len(words)), key=weights.__getitem__, reverse=True):
            weight = weights[index]
            if weight <= 0 or len(best) == top:
                break
            best.setdefault(words[index], weight)
        return list(best.items())

    def save(self, path: Path, **metadata: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=np.float64(self.bias),
            version=np.int64(FORMAT_VERSION),
            **{key: np.str_(value) for key, value in metadata.items()},
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_WEIGHTS) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            version = int(data["version"])
            if version != FORMAT_VERSION:
                raise ValueError(f"{path}: weights format {version}, expected {FORMAT_VERSION}")
            return cls(weights=data["weights"], bias=float(data["bias"]))


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)
