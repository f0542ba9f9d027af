"""Train the learned layer and write its weights: `python -m scanner.train [--out PATH]`.

Training-only dependency: scikit-learn (the `train` extra), for its logistic-regression solver;
the features come from scanner.features so training and scanning can never disagree.

Every text is prepared exactly as the scanner prepares it (bounded, normalised to the canonical
spoken form). Sources are weighted so that no single one dominates: the dev set holds 952 copies
of one indirect-injection document template and 3,000 CLINC queries, and a model that learns those
sources instead of the attack families does not carry over to sources it has never seen.
The synthetic sets are added unless --no-synthetic is given: the hand-written ones
(scanner.spoken_examples, scanner.typed_examples), the generated benign text (see
scanner.generate_prose): prose, without which ordinary written English scored as an attack, and
short texts that use attack words innocently (scanner/data/benign_*.jsonl), five sets of
conversational attacks and benign turns written by hand one after another, each first used to
measure the scanner on families it had not seen (scanner/data/handwritten_*.jsonl), four sets
written by other authors who never saw the repository, its data or its rules
(scanner/data/independent_*.jsonl, scanner/data/README.md), and since stop 32 the sixth to
twenty-fifth held-out sets, once the sets after them could measure the same question
(FORMER_HELD_OUT_SETS; they stay in tests/fixtures/injection with their provenance).

`--foreign` trains the other-language model instead (scanner.language says why there are two):
on the multilingual sets written by other authors (scanner/data/multilingual_*.jsonl) and the dev
set, only their rows the language gate sends to it (scanner.validation retrains it without the
held-out source, as it does the English model). Its bias is then moved so that its flags
add at most FOREIGN_MODEL_FPR of the other-language benign rows to what the rules flag, judged
on scores from models that never saw the row's set (leave-one-set-out), as the English model's
flag threshold is judged on held-out sources.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from scanner.dataset import DEV_SET, LabelledRow, read_rows, read_rows_or_report
from scanner.detector import prepare, signal_keep
from scanner.features import N_BUCKETS, hashed_features, occurrence_scale
from scanner.generate_prose import PROSE, TRIGGER, Recipe
from scanner.language import is_foreign
from scanner.model import DEFAULT_WEIGHTS, FOREIGN_WEIGHTS, LinearModel
from scanner.spoken_examples import spoken_examples
from scanner.typed_examples import typed_examples
from scanner.verdict import ScanConfig

HANDWRITTEN_SOURCE = "synthetic_handwritten"
DATA = Path(__file__).with_name("data")
HANDWRITTEN_SETS = tuple(DATA / f"handwritten_{number}.jsonl" for number in range(1, 6))
INDEPENDENT_SETS = tuple(
    DATA / f"independent_{name}.jsonl" for name in ("spoken_1", "spoken_2", "commands", "typed", "spoken_3")
)
# Each independent set counts as at most 100 rows per label. Twice that raised the spoken-style
# benign rows' scores (commands that share words with tool misuse: "stop all payments to my bank
# account"), the chosen thresholds rose and held-out recall fell (docs/BENCHMARKS.md, Scanner).
INDEPENDENT_CAP = 100
# The sixth to twenty-fifth held-out sets (tests/fixtures/injection/README.md), each first used to
# measure the scanner on families it had never seen, are training data since stop 32: trained on,
# the held-out sets written after them (29-31, 33) gained 37 of 520 attacks (25 of 270 in their
# sealed halves) for 20 more of 1,320 benign turns flagged, with leave-one-source-out recall on the
# dev set as before at the shipped threshold (docs/BENCHMARKS.md, Scanner, "Stop 32"). Twice these
# weights caught 10 more held-out attacks but cost a point of dev recall; benign rows at the
# attacks' weight pulled the dev set's attack words down. The twenty-seventh and twenty-eighth, in
# forty languages, stay held out (they raised the dev set's spoken rate), as do the sets from the
# twenty-ninth on.
FORMER_HELD_OUT_SETS = tuple(
    Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "injection" / f"unseen_{name}.jsonl"
    for name in (
        "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
        "fifteenth", "seventeenth", "twentieth", "twentyfirst", "twentysecond", "twentythird", "twentyfourth",
        "twentyfifth",
    )
)
FORMER_HELD_OUT_ATTACK_CAP = 25
FORMER_HELD_OUT_BENIGN_CAP = 12
REGULARISATION_C = 8.0  # with the synthetic sets the total sample weight doubled; 4 and 8 validate alike
SOURCE_CAP = 600  # a source with more rows than this counts as if it had this many


def independent_source(path: Path, label: int) -> str:
    """Each independent set's attacks and benign rows are capped as separate sources."""
    return f"synthetic_{path.stem}_{'attack' if label else 'benign'}"


# The generated prose is the only long typed benign text outside the hard-negative source, so it
# counts double: 600 -> 1,200 cost 0.7 points of recall and took 1.5 points off the held-out
# hard-negative rate (docs/BENCHMARKS.md, Scanner, "Length").
SOURCE_CAPS = {
    PROSE.source: 1200,
    HANDWRITTEN_SOURCE: 225,
    **{independent_source(path, label): INDEPENDENT_CAP for path in INDEPENDENT_SETS for label in (0, 1)},
    # The third spoken set's attacks (a third of them another person's data or entitlement, in
    # words ordinary commands use) raised slurp's and clinc's commands as well: held-out recall
    # 0.869 -> 0.854-0.862 at the weights tried. Its benign twins alone lower the hard negatives
    # and the spoken rows a little, so only they are trained on (docs/BENCHMARKS.md, Scanner,
    # stop 16); the attacks stay in the file for a layer that can tell whose.
    independent_source(DATA / "independent_spoken_3.jsonl", 1): 0,
    **{independent_source(path, 1): FORMER_HELD_OUT_ATTACK_CAP for path in FORMER_HELD_OUT_SETS},
    **{independent_source(path, 0): FORMER_HELD_OUT_BENIGN_CAP for path in FORMER_HELD_OUT_SETS},
}
SEED = 4
# The hand-written sets count half (460 rows as 225): at full weight the spoken-style benign rows
# scored higher, the chosen threshold rose and leave-one-source-out recall fell 0.873 -> 0.864;
# at half weight 0.868, with most of the gain on a sixth set written after them (docs/BENCHMARKS.md).
CONSTANT_LOGIT = 6.0


def feature_matrix(canonical_texts: list[str]):
    """CSR matrix whose row i holds occurrence_scale(count) for every feature occurrence of text i."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for text in canonical_texts:
        buckets = hashed_features(text)
        indices.append(buckets)
        values.append(np.full(len(buckets), occurrence_scale(len(buckets)), dtype=np.float64))
        indptr.append(indptr[-1] + len(buckets))
    matrix = csr_matrix(
        (np.concatenate(values) if values else np.empty(0), np.concatenate(indices) if indices else np.empty(0, np.int64), indptr),
        shape=(len(canonical_texts), N_BUCKETS),
    )
    matrix.sum_duplicates()
    return matrix


def canonical_texts(texts: list[str], max_chars: int = ScanConfig().max_chars) -> list[str]:
    return [prepare(text, max_chars).normalised.canonical for text in texts]


def sample_weights(rows: list[LabelledRow]) -> np.ndarray:
    """Per-row weights: sources capped at SOURCE_CAP rows (SOURCE_CAPS), then the classes balanced."""
    per_source = Counter(row.source for row in rows)
    caps = [SOURCE_CAPS.get(row.source, SOURCE_CAP) for row in rows]
    weights = np.array([min(1.0, cap / per_source[row.source]) for cap, row in zip(caps, rows)])
    labels = np.array([row.label for row in rows])
    for label in (0, 1):
        mask = labels == label
        if mask.any():
            weights[mask] *= 0.5 * weights.sum() / weights[mask].sum()
    return weights


def fit(matrix, labels: np.ndarray, weights: np.ndarray, c: float = REGULARISATION_C) -> LinearModel:
    """Weighted logistic regression; a single-class training set gives a constant model."""
    from sklearn.linear_model import LogisticRegression

    present = np.unique(labels)
    if len(present) < 2:  # a validation fold can leave one class only (tiny or --no-synthetic data)
        only = int(present[0]) if len(present) else 0
        return LinearModel(weights=np.zeros(N_BUCKETS, np.float32), bias=CONSTANT_LOGIT if only else -CONSTANT_LOGIT)

    classifier = LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=SEED)
    classifier.fit(matrix, labels, sample_weight=weights)
    return LinearModel(
        weights=classifier.coef_[0].astype(np.float32), bias=float(classifier.intercept_[0])
    )


def committed_rows(path: Path) -> list[LabelledRow]:
    """A labelled set committed with the package (a bad line would be a bug, so it raises)."""
    rows, problems = read_rows(path)
    if problems:
        raise ValueError(f"{path}: {problems[0]}")
    return rows


def generated_rows(recipe: Recipe = PROSE) -> list[LabelledRow]:
    """A committed generated benign set."""
    return committed_rows(recipe.out)


def handwritten_rows() -> list[LabelledRow]:
    """The five hand-written sets as one training source (each row's own source names its family)."""
    return [
        LabelledRow(row.text, row.label, HANDWRITTEN_SOURCE) for path in HANDWRITTEN_SETS for row in committed_rows(path)
    ]


def independent_rows() -> list[LabelledRow]:
    """The sets written by other authors, each row's source naming its set and label, and the
    former held-out sets (FORMER_HELD_OUT_SETS) alike."""
    return [
        LabelledRow(row.text, row.label, independent_source(path, row.label))
        for path in (*INDEPENDENT_SETS, *FORMER_HELD_OUT_SETS)
        for row in committed_rows(path)
    ]


def synthetic_rows() -> list[LabelledRow]:
    """The synthetic training sets: spoken requests and attacks, typed framing pairs, generated text,
    the hand-written conversational sets and the independently written ones."""
    return (
        spoken_examples() + typed_examples() + generated_rows(PROSE) + generated_rows(TRIGGER) + handwritten_rows()
        + independent_rows()
    )


def training_rows(dev_rows: list[LabelledRow], synthetic: bool = True) -> list[LabelledRow]:
    return dev_rows + (synthetic_rows() if synthetic else [])


def train(rows: list[LabelledRow], c: float = REGULARISATION_C) -> LinearModel:
    matrix = feature_matrix(canonical_texts([row.text for row in rows]))
    labels = np.array([row.label for row in rows])
    return fit(matrix, labels, sample_weights(rows), c)


MULTILINGUAL_SETS = tuple(
    DATA / f"multilingual_{name}.jsonl" for name in ("rules_dev", "sixteenth", "eighteenth", "nineteenth")
)
# The other-language model's flags may add this share of the other-language benign rows (held out
# by set) to the share the rules flag alone; the English threshold allows 0.5 % of spoken requests
# in all, but the rules alone flag 0.6 % of these (docs/BENCHMARKS.md, Scanner, "Stop 29").
FOREIGN_MODEL_FPR = 0.005
BIAS_STEP = 0.05


def foreign_rows(rows: list[LabelledRow]) -> list[LabelledRow]:
    """The rows the language gate sends to the other-language model."""
    max_chars = ScanConfig().max_chars
    kept = []
    for row in rows:
        norm = prepare(row.text, max_chars).normalised
        if is_foreign(norm.canonical, norm.notes):
            kept.append(row)
    return kept


def multilingual_sets() -> list[tuple[str, list[LabelledRow]]]:
    """Each multilingual set's foreign rows, their sources naming the set and the label."""
    return [
        (path.stem, [
            LabelledRow(row.text, row.label, f"{path.stem}_{'attack' if row.label else 'benign'}")
            for row in foreign_rows(committed_rows(path))
        ])
        for path in MULTILINGUAL_SETS
    ]


def foreign_bias_shift(
    sets: list[tuple[str, list[LabelledRow]]], always: list[LabelledRow], c: float, flag_threshold: float
) -> float:
    """The bias change (<= 0) at which, on leave-one-set-out scores (`always` in every fold's
    training), the model's flags add at most FOREIGN_MODEL_FPR of the sets' benign rows to those
    the rules and evasion notes flag alone."""
    from scanner.rules import match_rules

    logits: list[float] = []
    keeps: list[float] = []
    for held, held_rows in sets:
        model = train([row for name, rows in sets if name != held for row in rows] + always, c)
        for row in held_rows:
            if row.label:
                continue
            norm = prepare(row.text, ScanConfig().max_chars).normalised
            logits.append(model.logit(norm.canonical))
            keeps.append(signal_keep(tuple(match_rules(norm.canonical, norm.folded)), norm.notes))
    logit, keep = np.array(logits), np.array(keeps)
    by_rules = np.mean(keep <= 1.0 - flag_threshold)
    shift = 0.0
    while True:
        probability = 1.0 / (1.0 + np.exp(-(logit + shift)))
        if np.mean(1.0 - (1.0 - probability) * keep >= flag_threshold) <= by_rules + FOREIGN_MODEL_FPR:
            return shift
        shift -= BIAS_STEP


def shifted(model: LinearModel, shift: float) -> LinearModel:
    """`model` with its bias moved by `shift` (the other-language model's flag level)."""
    return LinearModel(model.weights, model.bias + shift)


def train_foreign(dev_rows: list[LabelledRow], c: float = REGULARISATION_C) -> tuple[LinearModel, float, int]:
    """The other-language model: the multilingual sets' and the dev set's foreign rows, its bias
    moved by foreign_bias_shift; with the shift and the number of rows."""
    sets = multilingual_sets()
    dev_foreign = foreign_rows(dev_rows)
    shift = foreign_bias_shift(sets, dev_foreign, c, ScanConfig().flag_threshold)
    rows = [row for _, set_rows in sets for row in set_rows] + dev_foreign
    return shifted(train(rows, c), shift), shift, len(rows)


def shipped_foreign_shift(path: Path = FOREIGN_WEIGHTS) -> float:
    """The bias shift the shipped other-language model was trained with (validation retrains it)."""
    with np.load(path, allow_pickle=False) as data:
        return float(data["bias_shift"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.train", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEV_SET, help="labelled JSONL (default: the dev set)")
    parser.add_argument("--out", type=Path, help=f"weights file to write (default {DEFAULT_WEIGHTS.name}, with --foreign {FOREIGN_WEIGHTS.name})")
    parser.add_argument("--foreign", action="store_true", help="train the other-language model on the multilingual sets")
    parser.add_argument("--no-synthetic", action="store_true", help="train on --data alone")
    parser.add_argument("-C", type=float, default=REGULARISATION_C, help="inverse L2 strength")
    args = parser.parse_args(argv)
    dev_rows = read_rows_or_report(args.data, "scanner.train")
    if dev_rows is None:
        return 2
    if args.foreign:
        model, shift, count = train_foreign(dev_rows, args.C)
        out = args.out or FOREIGN_WEIGHTS
        model.save(out, trained_on=f"multilingual sets, {args.data.name}", rows=str(count), c=str(args.C), bias_shift=f"{shift:.2f}")
        print(f"trained the other-language model on {count} rows (bias moved by {shift:+.2f}); wrote {out}")
        return 0
    args.out = args.out or DEFAULT_WEIGHTS
    rows = training_rows(dev_rows, synthetic=not args.no_synthetic)
    if len({row.label for row in rows}) < 2:
        print("scanner.train: need both labels to train", file=sys.stderr)
        return 2
    model = train(rows, args.C)
    model.save(args.out, trained_on=str(args.data.name), rows=str(len(rows)), c=str(args.C))
    counts = Counter((row.source, row.label) for row in rows)
    print(f"trained on {len(rows)} rows from {len({s for s, _ in counts})} sources; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
