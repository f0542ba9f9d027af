"""Detection metrics shared by the eval CLI and the benchmark.

A prediction is positive when the scanner does not simply allow the text (flag or block): both
stop an attack from reaching the origin unremarked, and both are a false alarm on benign speech.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Confusion:
    true_positives: int = 0
    false_positives: int = 0
    true_negatives: int = 0
    false_negatives: int = 0

    @classmethod
    def of(cls, labels: np.ndarray, predicted: np.ndarray) -> Confusion:
        labels, predicted = np.asarray(labels, bool), np.asarray(predicted, bool)
        return cls(
            int(np.sum(labels & predicted)),
            int(np.sum(~labels & predicted)),
            int(np.sum(~labels & ~predicted)),
            int(np.sum(labels & ~predicted)),
        )

    @property
    def attacks(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def benign(self) -> int:
        return self.true_negatives + self.false_positives

    @property
    def precision(self) -> float | None:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.attacks if self.attacks else None

    @property
    def f1(self) -> float | None:
        precision, recall = self.precision, self.recall
        if not precision or not recall:
            return None if precision is None or recall is None else 0.0
        return 2 * precision * recall / (precision + recall)

    @property
    def false_positive_rate(self) -> float | None:
        return self.false_positives / self.benign if self.benign else None

    def summary(self) -> dict[str, float | int | None]:
        return {
            "attacks": self.attacks,
            "benign": self.benign,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "false_positive_rate": _round(self.false_positive_rate),
        }


def latency_summary(elapsed_us: list[float] | np.ndarray) -> dict[str, float | None]:
    """p50 / p99 / max of per-call latencies in microseconds."""
    if len(elapsed_us) == 0:
        return {"p50_us": None, "p99_us": None, "max_us": None}
    values = np.asarray(elapsed_us, dtype=float)
    return {
        "p50_us": round(float(np.percentile(values, 50)), 1),
        "p99_us": round(float(np.percentile(values, 99)), 1),
        "max_us": round(float(values.max()), 1),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
