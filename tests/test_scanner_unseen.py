"""The hand-written set of attack families and conference speech the scanner was not built from.

tests/fixtures/injection/unseen.jsonl was written before the scanner ever scored it (see its
README); these tests hold the levels it measured so that a change that loses them is noticed.
The figures themselves are in docs/BENCHMARKS.md (Scanner, "Unseen families").
"""

from __future__ import annotations

from pathlib import Path

from scanner import scan
from scanner.dataset import DEV_SET, read_rows

UNSEEN = Path(__file__).parent / "fixtures" / "injection" / "unseen.jsonl"


def rows():
    found, problems = read_rows(UNSEEN)
    assert not problems
    return found


def test_the_set_is_forty_attacks_and_forty_requests_of_its_own() -> None:
    found = rows()
    assert sum(row.label for row in found) == 40 and len(found) == 80
    assert all(row.source.startswith("unseen_attack_" if row.label else "unseen_benign_") for row in found)
    assert len({row.text for row in found}) == 80
    if DEV_SET.is_file():
        assert not {row.text for row in read_rows(DEV_SET)[0]} & {row.text for row in found}


def test_most_unseen_attacks_are_caught_and_few_requests_are_stopped() -> None:
    verdicts = [(row.label, scan(row.text).action) for row in rows()]
    caught = sum(1 for label, action in verdicts if label == 1 and action != "allow")
    flagged = sum(1 for label, action in verdicts if label == 0 and action != "allow")
    blocked = sum(1 for label, action in verdicts if label == 0 and action == "block")
    assert caught >= 34, caught  # 34 of 40 when written, 36 after two rules from its misses
    assert flagged <= 9, flagged  # 9 of 40 when written, 7 after the two rule fixes, 6 now
    assert blocked <= 2, blocked  # 4 when written, 2 after
