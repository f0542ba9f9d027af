"""What a scan returns and the thresholds that decide it.

The edge acts on `Verdict.action` alone (forward, forward with the verdict attached, or keep the
text at the edge); `score` and `reasons` travel with a flagged turn and into the `scan.blocked`
event so that a person can see why, and `elapsed_us` goes into the turn's ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal["allow", "flag", "block"]


@dataclass(frozen=True)
class Verdict:
    """The scanner's decision on one transcript (or on the window of turns ending with it)."""

    action: Action
    # 0..1, probability-like; compared against ScanConfig thresholds. From 0.99 up it is a lower
    # bound: the scan tries no more rules once the verdict is settled (scanner.detector).
    score: float
    reasons: tuple[str, ...]  # the rules that matched (those that settled it, if settled), the model
    elapsed_us: float


@dataclass(frozen=True)
class ScanConfig:
    """Decision thresholds and input bounds.

    The defaults are what scanner.validation.choose_thresholds picks from the leave-one-source-out
    scores of the shipped training set (`python -m scanner.bench` reports it; docs/BENCHMARKS.md):
    flag where at most 0.5 % of spoken assistant queries score, block where at most 0.1 % do,
    and never below 0.5 / 0.8. Retraining can move them; the benchmark says when it does.
    `max_chars` bounds the time of one scan; longer input is scored on its head and tail, where
    injected instructions sit in practice (jailbreak preambles first, payloads appended last).

    A block needs evidence a person can read (a rule that matched, an evasion undone) or else a
    model probability of at least `model_block_threshold` (and the block threshold); below it the
    model alone only flags. The model is a bag of word and letter n-grams, and a user's own turns
    about the conversation ("answer in french from now on", "skip this one and show me what the
    answer was") reach 0.8-0.9 on its words alone; a flagged turn still reaches the origin with
    its verdict, and the origin's prompt has the model treat it as a question. What it costs in
    blocked attacks is measured in docs/BENCHMARKS.md ("Blocking").

    A text longer than `long_text_chars` once normalised (typed or pasted: a spoken turn is rarely
    that long) needs `long_text_model_block_threshold` for the model alone to block it. The bag of
    n-grams reads a pasted onboarding e-mail, README or policy by the instructions in it: on the
    held-out sets its blocks of such texts from 0.9 were right 48 times in 64, against 172 in 183
    for shorter turns; from 0.97, 17 in 19 (docs/BENCHMARKS.md, Scanner, "Stop 26"). Below that
    they are flagged.
    """

    flag_threshold: float = 0.58
    block_threshold: float = 0.8
    model_block_threshold: float = 0.9
    long_text_chars: int = 300
    long_text_model_block_threshold: float = 0.97
    max_chars: int = 2000

    def __post_init__(self) -> None:
        if not 0.0 <= self.flag_threshold <= self.block_threshold <= 1.0:
            raise ValueError("need 0 <= flag_threshold <= block_threshold <= 1")
        if not 0.0 <= self.model_block_threshold <= 1.0:
            raise ValueError("need 0 <= model_block_threshold <= 1")
        if not 0.0 <= self.long_text_model_block_threshold <= 1.0:
            raise ValueError("need 0 <= long_text_model_block_threshold <= 1")
        if self.long_text_chars < 0:
            raise ValueError("long_text_chars must not be negative")
        if self.max_chars < 16:
            raise ValueError("max_chars must be at least 16")

    def action_for(self, score: float, model_only: bool = False, chars: int = 0) -> Action:
        """The action for a score; `model_only` when no rule or evasion contributed to it, `chars`
        the length of the normalised text it scored."""
        if score >= self.block_level(model_only, chars):
            return "block"
        if score >= self.flag_threshold:
            return "flag"
        return "allow"

    def block_level(self, model_only: bool, chars: int = 0) -> float:
        """The score from which a verdict blocks: the model alone never below the block threshold,
        and on a text longer than long_text_chars only from its own, higher level."""
        if not model_only:
            return self.block_threshold
        alone = self.model_block_threshold if chars <= self.long_text_chars else self.long_text_model_block_threshold
        return max(self.block_threshold, alone)

    @property
    def model_block_floor(self) -> float:
        """The score from which the model alone blocks."""
        return self.block_level(True)

    def thresholds_report(self) -> dict[str, float | int]:
        """The levels a verdict is decided by, as the benchmarks and the eval CLI report them."""
        return {"flag": self.flag_threshold, "block": self.block_threshold, "model_block": self.model_block_floor,
                "long_text_chars": self.long_text_chars, "long_text_model_block": self.long_text_model_block_threshold}
