"""Leave-one-source-out validation of the whole scanner (rules + model), on two views of the data.

A random split flatters a detector: near-duplicate templates land on both sides. Holding out a
whole source instead asks the question the edge faces: an attack family, or a kind of benign
speech, that training never saw. For every source in turn the model is retrained on all other
sources and the full scanner (rules, evasion notes and the retrained model, combined as in
scanner.detector) scores the held-out rows, both as given and after scanner.speech_form turns
them into what a recogniser would output. Needs the `train` extra (scikit-learn).

Thresholds are part of what is validated. With `nested=True` each held-out source is judged with
thresholds chosen without it: every other source is held out in turn from a model that also never
saw the outer source, and `choose_thresholds` picks the flag and block thresholds from those inner
out-of-fold scores alone. The shipped ScanConfig defaults come from the same rule applied to the
full leave-one-source-out scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from scanner.dataset import LabelledRow
from scanner.detector import FRAGMENT_CEILING, is_fragment, prepare, signal_keep
from scanner.language import is_foreign
from scanner.metrics import Confusion
from scanner.model import LinearModel
from scanner.rules import match_rules
from scanner.speech_form import to_speech_form
from scanner.train import (
    REGULARISATION_C,
    canonical_texts,
    feature_matrix,
    fit,
    multilingual_sets,
    sample_weights,
    shifted,
    shipped_foreign_shift,
    synthetic_rows,
)
from scanner.verdict import ScanConfig

AS_GIVEN = "as_given"
SPEECH_FORM = "speech_form"
SPOKEN_BENIGN = frozenset({"slurp_devel", "clinc150_train"})
HARD_NEGATIVES = frozenset({"protectai_validation"})  # its benign rows: WildGuard and NotInject
# Threshold rule: flag where at most 0.5 % of spoken-style benign rows score (half the 1 % budget,
# as margin for speech the sample lacks), block where at most 0.1 % do; never below the floors,
# because the hard negatives pay for every step down.
FLAG_SPOKEN_FPR = 0.005
BLOCK_SPOKEN_FPR = 0.001
FLAG_FLOOR = 0.5  # the class-balanced decision boundary of the logistic model
BLOCK_FLOOR = 0.8


@dataclass(frozen=True)
class Thresholds:
    flag: float
    block: float


def threshold_at(scores: np.ndarray, allowed_rate: float) -> float:
    """The lowest threshold at which at most `allowed_rate` of `scores` are >= it."""
    ordered = np.sort(np.asarray(scores, dtype=np.float64))
    allowed = int(np.floor(allowed_rate * len(ordered)))
    if allowed >= len(ordered):
        return 0.0
    return float(np.nextafter(ordered[len(ordered) - allowed - 1], np.inf))


def choose_thresholds(scores: np.ndarray, labels: np.ndarray, sources: np.ndarray) -> Thresholds:
    """Flag and block thresholds from out-of-fold scores of spoken-style benign rows."""
    spoken = np.isin(sources, list(SPOKEN_BENIGN)) & (np.asarray(labels) == 0)
    if not spoken.any():
        return Thresholds(FLAG_FLOOR, BLOCK_FLOOR)
    flag = max(FLAG_FLOOR, threshold_at(scores[spoken], FLAG_SPOKEN_FPR))
    block = max(BLOCK_FLOOR, threshold_at(scores[spoken], BLOCK_SPOKEN_FPR), flag)
    return Thresholds(min(flag, 1.0), min(block, 1.0))


def blocks(scores: np.ndarray, model_only: np.ndarray, chars: np.ndarray, config: ScanConfig) -> np.ndarray:
    """Which scores ScanConfig.action_for blocks (the model's alone against its own level)."""
    levels = np.array([config.block_level(alone, length) for alone, length in zip(model_only, chars)])
    return scores >= levels


@dataclass(frozen=True)
class View:
    """Rows prepared once: the feature matrix and the model-independent rule factor per row."""

    matrix: object  # scipy.sparse.csr_matrix
    rule_keep: np.ndarray  # noisy-OR factor of rules and evasion notes (1 = no signal)
    fragment: np.ndarray  # bool: few enough words for the detector's fragment ceiling
    chars: np.ndarray  # length of each canonical text (the model alone needs more to block a long one)
    foreign: np.ndarray  # bool: scanner.language sends the row to the other-language model

    @classmethod
    def of(cls, texts: list[str], config: ScanConfig) -> View:
        canonical, keep, foreign = [], [], []
        for text in texts:
            norm = prepare(text, config.max_chars).normalised
            canonical.append(norm.canonical)
            keep.append(signal_keep(tuple(match_rules(norm.canonical, norm.folded)), norm.notes))
            foreign.append(is_foreign(norm.canonical, norm.notes))
        fragment = np.array([is_fragment(text) for text in canonical], dtype=bool)
        chars = np.array([len(text) for text in canonical], dtype=np.int64)
        return cls(feature_matrix(canonical), np.array(keep), fragment, chars, np.array(foreign, dtype=bool))

    def model_only(self, rows: np.ndarray) -> np.ndarray:
        """Rows whose score is the model's alone (no rule hit or evasion note)."""
        return self.rule_keep[rows] == 1.0

    def scores(self, model: LinearModel, rows: np.ndarray, foreign_model: LinearModel | None = None) -> np.ndarray:
        """What scanner.detector scores each row, from the cached features and rule factors (the
        rows the language gate sends to it scored by `foreign_model`, if given)."""
        matrix = self.matrix[rows]
        logits = matrix @ model.weights.astype(np.float64) + model.bias
        if foreign_model is not None:
            foreign_logits = matrix @ foreign_model.weights.astype(np.float64) + foreign_model.bias
            logits = np.where(self.foreign[rows], foreign_logits, logits)
        probability = 1.0 / (1.0 + np.exp(-logits))
        probability = np.where(self.fragment[rows], np.minimum(probability, FRAGMENT_CEILING), probability)
        return 1.0 - (1.0 - probability) * self.rule_keep[rows]


@dataclass
class SourceHoldout:
    """Models trained without given sets of dev sources (cached: nesting reuses every pair)."""

    dev_rows: list[LabelledRow]
    config: ScanConfig
    synthetic: bool = True
    c: float = REGULARISATION_C
    # Retrain the other-language model per fold too (on the multilingual sets and the dev rows the
    # language gate sends it, without the held-out sources), as scanner.train --foreign trains it.
    foreign: bool = True
    _models: dict[frozenset[str], LinearModel] = field(default_factory=dict, repr=False)
    _foreign_models: dict[frozenset[str], LinearModel] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        extra = synthetic_rows() if self.synthetic else []
        texts = [row.text for row in self.dev_rows]
        self.views = {
            AS_GIVEN: View.of(texts, self.config),
            SPEECH_FORM: View.of([to_speech_form(text) for text in texts], self.config),
        }
        self.extra = extra
        # (training rows: only their features are used)
        self.extra_view = View.of([row.text for row in extra], self.config) if extra else None
        self.labels = np.array([row.label for row in self.dev_rows])
        self.sources = np.array([row.source for row in self.dev_rows])
        if self.foreign:
            self.multilingual = [row for _, rows in multilingual_sets() for row in rows]
            self.multilingual_matrix = feature_matrix(canonical_texts([row.text for row in self.multilingual]))
            # The shipped bias shift in every fold: without one dev source's foreign rows it comes
            # out at most one step (0.05) apart (measured for each source that has such rows).
            self.foreign_shift = shipped_foreign_shift()

    def model_without(self, excluded: frozenset[str]) -> LinearModel:
        if excluded not in self._models:
            kept = np.flatnonzero(~np.isin(self.sources, list(excluded)))
            matrix = self.views[AS_GIVEN].matrix[kept]
            if self.extra_view is not None:
                from scipy.sparse import vstack

                matrix = vstack([matrix, self.extra_view.matrix]).tocsr()
            train_rows = [self.dev_rows[i] for i in kept] + self.extra
            labels = np.array([row.label for row in train_rows])
            self._models[excluded] = fit(matrix, labels, sample_weights(train_rows), self.c)
        return self._models[excluded]

    def foreign_model_without(self, excluded: frozenset[str]) -> LinearModel | None:
        """The other-language model trained without the dev rows of `excluded` sources."""
        if not self.foreign:
            return None
        gated = self.views[AS_GIVEN].foreign
        key = excluded & frozenset(self.sources[gated])  # folds that drop the same foreign rows share it
        if key not in self._foreign_models:
            from scipy.sparse import vstack

            kept = np.flatnonzero(gated & ~np.isin(self.sources, list(key)))
            matrix = vstack([self.multilingual_matrix, self.views[AS_GIVEN].matrix[kept]]).tocsr()
            train_rows = self.multilingual + [self.dev_rows[i] for i in kept]
            labels = np.array([row.label for row in train_rows])
            model = fit(matrix, labels, sample_weights(train_rows), self.c)
            self._foreign_models[key] = shifted(model, self.foreign_shift)
        return self._foreign_models[key]

    def held_out_scores(self, source: str, view: str = AS_GIVEN, also_without: str | None = None) -> np.ndarray:
        """Scores of `source`'s rows by the models that never saw it (nor `also_without`)."""
        excluded = frozenset({source} if also_without is None else {source, also_without})
        rows = np.flatnonzero(self.sources == source)
        return self.scores_without(excluded, self.views[view], rows)

    def scores_without(self, excluded: frozenset[str], view: View, rows: np.ndarray) -> np.ndarray:
        """`view`'s rows scored by the English and other-language models trained without `excluded`."""
        return view.scores(self.model_without(excluded), rows, self.foreign_model_without(excluded))

    def out_of_fold(self, view: str = AS_GIVEN) -> np.ndarray:
        """Every dev row scored by the model trained without its source."""
        scores = np.zeros(len(self.dev_rows))
        for source in sorted(set(self.sources)):
            scores[self.sources == source] = self.held_out_scores(source, view)
        return scores

    def nested_thresholds(self, outer: str) -> Thresholds:
        """Thresholds chosen from the other sources' scores by models that never saw `outer`."""
        inner = [source for source in sorted(set(self.sources)) if source != outer]
        mask = self.sources != outer
        scores = np.zeros(len(self.dev_rows))
        for source in inner:
            scores[self.sources == source] = self.held_out_scores(source, AS_GIVEN, also_without=outer)
        return choose_thresholds(scores[mask], self.labels[mask], self.sources[mask])


@dataclass(frozen=True)
class HeldOutResult:
    source: str
    confusion: dict[str, Confusion]  # view name -> flag-or-block confusion on the held-out rows
    blocked: dict[str, Confusion]  # view name -> block-only confusion
    thresholds: Thresholds = Thresholds(FLAG_FLOOR, BLOCK_FLOOR)


def leave_one_source_out(
    dev_rows: list[LabelledRow],
    config: ScanConfig,
    synthetic: bool = True,
    c: float = REGULARISATION_C,
    nested: bool = False,
    holdout: SourceHoldout | None = None,
) -> list[HeldOutResult]:
    """One result per source. Thresholds: `config`'s, or with `nested` chosen without the source."""
    holdout = holdout or SourceHoldout(dev_rows, config, synthetic, c)
    results = []
    for source in sorted(set(holdout.sources)):
        labels = holdout.labels[holdout.sources == source]
        thresholds = (
            holdout.nested_thresholds(source) if nested else Thresholds(config.flag_threshold, config.block_threshold)
        )
        decider = replace(config, flag_threshold=thresholds.flag, block_threshold=thresholds.block)
        confusion, blocked = {}, {}
        rows = np.flatnonzero(holdout.sources == source)
        for name, view in holdout.views.items():
            scores = holdout.held_out_scores(source, name)
            confusion[name] = Confusion.of(labels, scores >= thresholds.flag)
            blocked[name] = Confusion.of(labels, blocks(scores, view.model_only(rows), view.chars[rows], decider))
        results.append(HeldOutResult(source, confusion, blocked, thresholds))
    return results


def pooled(results: list[HeldOutResult], sources: set[str] | frozenset[str], view: str, block_only: bool = False) -> Confusion:
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
