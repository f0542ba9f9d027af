"""`python -m scanner.analyse [--source NAME] [--top N]`: what the scanner gets wrong on unseen sources.

For every dev-set source (or one), the model is retrained without it (scanner.validation) and the
held-out rows are scored; the missed attacks with the lowest scores and the benign rows with the
highest are printed with their rule hits and the words that pushed the model up. This is the
error analysis behind docs/BENCHMARKS.md; it needs the `train` extra.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from scanner.dataset import DEV_SET, read_rows_or_report
from scanner.detector import prepare
from scanner.rules import match_rules
from scanner.validation import SourceHoldout
from scanner.verdict import ScanConfig

SNIPPET_CHARS = 160


def describe(text: str, score: float, holdout: SourceHoldout, source: str, config: ScanConfig) -> str:
    norm = prepare(text, config.max_chars).normalised
    rules = ",".join(hit.name for hit in match_rules(norm.canonical, norm.folded)) or "-"
    words = holdout.model_without(frozenset({source})).word_evidence(norm.canonical)
    evidence = " ".join(f"{word}({weight:+.1f})" for word, weight in words) or "-"
    snippet = " ".join(text.split())[:SNIPPET_CHARS]
    return f"  {score:.2f} len={len(text):<5d} rules={rules:<22s} words={evidence:<40s} {snippet!r}"


def report(holdout: SourceHoldout, source: str, top: int, config: ScanConfig) -> list[str]:
    mask = holdout.sources == source
    indices = np.flatnonzero(mask)
    labels = holdout.labels[mask]
    scores = holdout.held_out_scores(source)
    flagged = scores >= config.flag_threshold
    lines = [f"== {source}: {len(indices)} rows held out"]
    if (labels == 1).any():
        missed = np.flatnonzero((labels == 1) & ~flagged)
        lines.append(f"recall {1 - len(missed) / (labels == 1).sum():.3f}; lowest-scored missed attacks:")
        for i in missed[np.argsort(scores[missed])][:top]:
            lines.append(describe(holdout.dev_rows[indices[i]].text, scores[i], holdout, source, config))
    if (labels == 0).any():
        false_positives = np.flatnonzero((labels == 0) & flagged)
        lines.append(f"FPR {len(false_positives) / (labels == 0).sum():.4f}; highest-scored false positives:")
        for i in false_positives[np.argsort(-scores[false_positives])][:top]:
            lines.append(describe(holdout.dev_rows[indices[i]].text, scores[i], holdout, source, config))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.analyse", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEV_SET, help="labelled JSONL (default: the dev set)")
    parser.add_argument("--source", action="append", help="only this held-out source (repeatable)")
    parser.add_argument("--top", type=int, default=15, help="rows to show per list")
    parser.add_argument("--no-synthetic", action="store_true", help="train on --data alone")
    args = parser.parse_args(argv)
    rows = read_rows_or_report(args.data, "scanner.analyse")
    if rows is None:
        return 2
    config = ScanConfig()
    holdout = SourceHoldout(rows, config, synthetic=not args.no_synthetic)
    known = sorted(set(holdout.sources))
    unknown = sorted(set(args.source or []) - set(known))
    if unknown:
        print(f"scanner.analyse: no such source {unknown}; sources: {known}", file=sys.stderr)
        return 2
    for source in args.source or known:
        print("\n".join(report(holdout, source, args.top, config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
