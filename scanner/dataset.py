"""Labelled JSONL rows ({"text", "label"[, "source"]}), read defensively.

The eval CLI, the benchmark and the training script all read the same format; a bad line is
reported with its line number and skipped, never allowed to crash a run or to be silently counted.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

UNKNOWN_SOURCE = "unknown"
DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "injection" / "dev.jsonl"
# Public sets the scanner never trained on (tests/fixtures/injection/README.md): scored by the
# benchmark and the tests, per family; present in a checkout of the repository, not in a wheel.
PUBLIC_HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "injection" / "public_heldout.jsonl"


@dataclass(frozen=True)
class LabelledRow:
    text: str
    label: int  # 1 = injection or jailbreak, 0 = benign
    source: str = UNKNOWN_SOURCE


@dataclass(frozen=True)
class PublicRow:
    """A row of the public held-out sets: a labelled text with the family it is counted in and its
    half ("look": its errors could be read while the scanner was changed; "sealed": never read)."""

    text: str
    label: int
    source: str
    family: str
    split: str
    id: str

    def as_labelled(self) -> LabelledRow:
        return LabelledRow(self.text, self.label, self.source)


def read_public_rows(path: Path = PUBLIC_HELDOUT) -> list[PublicRow]:
    """The committed public held-out rows (their fields are checked by tests/test_scanner_public.py)."""
    return [PublicRow(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def parse_row(line: str, number: int) -> LabelledRow | RowProblem:
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        return RowProblem(number, f"not valid JSON ({error.__class__.__name__}: {error})"[:200])
    if not isinstance(item, dict):
        return RowProblem(number, f"expected a JSON object, got {type(item).__name__}")
    text, label = item.get("text"), item.get("label")
    if not isinstance(text, str):
        return RowProblem(number, "missing or non-string 'text'")
    if isinstance(label, bool) or label not in (0, 1):
        return RowProblem(number, f"'label' must be 0 or 1, got {label!r}"[:200])
    source = item.get("source", UNKNOWN_SOURCE)
    if not isinstance(source, str) or not source:
        return RowProblem(number, "'source' must be a non-empty string when given")
    return LabelledRow(text, int(label), source)


def read_rows(path: Path) -> tuple[list[LabelledRow], list[RowProblem]]:
    """All valid rows of a JSONL file and a problem per invalid, non-blank line.

    Raises OSError if the file cannot be read at all; undecodable bytes are replaced, and the
    row they sit in is then judged like any other.
    """
    rows: list[LabelledRow] = []
    problems: list[RowProblem] = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            parsed = parse_row(line, number)
            (rows if isinstance(parsed, LabelledRow) else problems).append(parsed)
    return rows, problems


def read_rows_or_report(path: Path, prog: str) -> list[LabelledRow] | None:
    """`read_rows` for a command line: bad lines and an unreadable file reported on stderr.

    Returns None when the file cannot be read at all (the caller exits with a usage error).
    """
    try:
        rows, problems = read_rows(path)
    except OSError as error:
        print(f"{prog}: cannot read {path}: {error}", file=sys.stderr)
        return None
    for problem in problems:
        print(f"{prog}: skipped {path}:{problem}", file=sys.stderr)
    return rows
