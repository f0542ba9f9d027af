"""Leave-one-source-out validation of the whole scanner (rules + model), on two views of the data.

A random split flatters a detector: near-duplicate templates land on both sides. Holding out a
whole source instead asks the question the edge faces: an attack family, or a kind of benign
speech, that training never saw. For every source in turn the model is retrained on all other
sources and the full scanner (rules, evasion notes and the retrained model, combined as in
scanner.detector) scores the held-out rows, both as given and after scanner.speech_form turns
them into what a recogniser would output. Needs the `train` extra (scikit-learn).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scanner.dataset import LabelledRow
from scanner.detector import prepare, signal_keep
from scanner.metrics import Confusion
from scanner.model import LinearModel
from scanner.rules import match_rules
from scanner.speech_form import to_speech_form
from scanner.spoken_examples import spoken_examples
from scanner.train import REGULARISATION_C, feature_matrix, fit, sample_weights
from scanner.verdict import ScanConfig

AS_GIVEN = "as_given"
SPEECH_FORM = "speech_form"


@dataclass(frozen=True)
class View:
    """Rows prepared once: the feature matrix and the model-independent rule factor per row."""

    matrix: object  # scipy.sparse.csr_matrix
    rule_keep: np.ndarray  # noisy-OR factor of rules and evasion notes (1 = no signal)

    @classmethod
    def of(cls, texts: list[str], config: ScanConfig) -> View:
        canonical, keep = [], []
        for text in texts:
            norm = prepare(text, config.max_chars).normalised
            canonical.append(norm.canonical)
            keep.append(signal_keep(tuple(match_rules(norm.canonical, norm.folded)), norm.notes))
        return cls(feature_matrix(canonical), np.array(keep))

    def scores(self, model: LinearModel, rows: np.ndarray) -> np.ndarray:
        logits = self.matrix[rows] @ model.weights.astype(np.float64) + model.bias
        return 1.0 - (1.0 - 1.0 / (1.0 + np.exp(-logits))) * self.rule_keep[rows]


@dataclass(frozen=True)
class HeldOutResult:
    source: str
    confusion: dict[str, Confusion]  # view name -> flag-or-block confusion on the held-out rows
    blocked: dict[str, Confusion]  # view name -> block-only confusion


def leave_one_source_out(
    dev_rows: list[LabelledRow], config: ScanConfig, synthetic: bool = True, c: float = REGULARISATION_C
) -> list[HeldOutResult]:
    extra = spoken_examples() if synthetic else []
    texts = [row.text for row in dev_rows]
    views = {AS_GIVEN: View.of(texts, config), SPEECH_FORM: View.of([to_speech_form(t) for t in texts], config)}
    extra_view = View.of([row.text for row in extra], config) if extra else None
    labels = np.array([row.label for row in dev_rows])
    sources = np.array([row.source for row in dev_rows])
    results = []
    for source in sorted(set(sources)):
        held = np.flatnonzero(sources == source)
        kept = np.flatnonzero(sources != source)
        train_rows = [dev_rows[i] for i in kept] + extra
        matrix = views[AS_GIVEN].matrix[kept]
        if extra_view is not None:
            from scipy.sparse import vstack

            matrix = vstack([matrix, extra_view.matrix]).tocsr()
        train_labels = np.array([row.label for row in train_rows])
        model = fit(matrix, train_labels, sample_weights(train_rows), c)
        confusion, blocked = {}, {}
        for name, view in views.items():
            scores = view.scores(model, held)
            confusion[name] = Confusion.of(labels[held], scores >= config.flag_threshold)
            blocked[name] = Confusion.of(labels[held], scores >= config.block_threshold)
        results.append(HeldOutResult(source, confusion, blocked))
    return results


def pooled(results: list[HeldOutResult], sources: set[str], view: str, block_only: bool = False) -> Confusion:
    """Sum of the held-out confusions of `sources` (each scored by the model that never saw it)."""
    total = Confusion()
    for result in results:
        if result.source in sources:
            part = (result.blocked if block_only else result.confusion)[view]
            total = Confusion(
                total.true_positives + part.true_positives,
                total.false_positives + part.false_positives,
                total.true_negatives + part.true_negatives,
                total.false_negatives + part.false_negatives,
            )
    return total
