"""`python -m scanner.eval FILE.jsonl [--json]`: score the scanner on labelled lines.

Each line is {"text": str, "label": 0 or 1[, "source": str]}. Bad lines are reported (to stderr,
with line numbers, and counted in the output) and skipped; the run still scores the good ones.
Prints precision, recall, F1 and false-positive rate (positive = flag or block), the block-only
rates, p50/p99 latency in microseconds, and the same per source.
Exit codes: 0 scored, 2 usage error or unreadable file, 4 no valid line at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from scanner.dataset import LabelledRow, read_rows
from scanner.metrics import Confusion, latency_summary
from scanner.verdict import ScanConfig

USAGE_ERROR = 2
NOTHING_TO_SCORE = 4
MAX_PROBLEMS_SHOWN = 20


def evaluate(rows: list[LabelledRow], config: ScanConfig | None = None) -> dict:
    """Scan every row (shipped weights; `config` overrides the thresholds); metrics overall and per source."""
    from scanner import default_detector

    detector = default_detector() if config is None else default_detector().with_config(config)
    labels, flagged, blocked, elapsed = [], [], [], []
    for row in rows:
        verdict = detector.scan(row.text)
        labels.append(row.label)
        flagged.append(verdict.action != "allow")
        blocked.append(verdict.action == "block")
        elapsed.append(verdict.elapsed_us)
    labels_a, flagged_a, blocked_a = np.array(labels, bool), np.array(flagged, bool), np.array(blocked, bool)
    by_source = defaultdict(list)
    for index, row in enumerate(rows):
        by_source[row.source].append(index)
    return {
        "rows": len(rows),
        "thresholds": detector.config.thresholds_report(),
        "overall": _metrics(labels_a, flagged_a, blocked_a, elapsed),
        "per_source": {
            source: _metrics(labels_a[idx], flagged_a[idx], blocked_a[idx], [elapsed[i] for i in idx])
            for source, idx in sorted(by_source.items())
        },
    }


def _metrics(labels: np.ndarray, flagged: np.ndarray, blocked: np.ndarray, elapsed: list[float]) -> dict:
    block = Confusion.of(labels, blocked)
    return {
        **Confusion.of(labels, flagged).summary(),
        "block_recall": block.summary()["recall"],
        "block_false_positive_rate": block.summary()["false_positive_rate"],
        **latency_summary(elapsed),
    }


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def render(report: dict) -> str:
    columns = ("attacks", "benign", "precision", "recall", "f1", "false_positive_rate", "block_recall", "block_false_positive_rate", "p50_us", "p99_us")
    header = ("source", "attacks", "benign", "prec", "recall", "f1", "fpr", "blk_rec", "blk_fpr", "p50_us", "p99_us")
    lines = [f"{report['rows']} rows scored (flag >= {report['thresholds']['flag']}, block >= {report['thresholds']['block']})"]
    if report.get("bad_lines"):
        lines.append(f"{report['bad_lines']} bad lines skipped (see stderr)")
    table = [header] + [
        (name, *(_fmt(metrics[c]) for c in columns))
        for name, metrics in [("ALL", report["overall"]), *report["per_source"].items()]
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.eval", description="Score the scanner on labelled JSONL.")
    parser.add_argument("file", type=Path, help='JSONL with {"text", "label"[, "source"]} per line')
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.file.is_file():
        print(f"scanner.eval: no such file: {args.file}", file=sys.stderr)
        return USAGE_ERROR
    try:
        rows, problems = read_rows(args.file)
    except OSError as error:
        print(f"scanner.eval: cannot read {args.file}: {error}", file=sys.stderr)
        return USAGE_ERROR
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        print(f"scanner.eval: {args.file}: {problem}", file=sys.stderr)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"scanner.eval: ... and {len(problems) - MAX_PROBLEMS_SHOWN} more bad lines", file=sys.stderr)
    if not rows:
        print(f"scanner.eval: {args.file}: no valid lines to score", file=sys.stderr)
        return NOTHING_TO_SCORE
    report = evaluate(rows)
    report["bad_lines"] = len(problems)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
