"""The per-turn latency ledger: when each instant of a turn happened, and what the stages cost.

A turn is followed by one `TurnLedger`. Code that observes an instant records it in one line,
``ledger.mark("transcript_final")``; the stages are spans between two marks, declared once in
`STAGES`. Adding a stage is one line there (and the `mark` call that feeds its end).

Marks are monotonic times of the clock of the tier that took them. Durations are only computed
between marks of the same clock here; cross-machine offsets are the ledger's concern once a
turn crosses tiers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum


class Tier(StrEnum):
    """Where a stage runs; also names the clock its marks were read from."""

    CLIENT = "client"
    EDGE = "edge"
    ORIGIN = "origin"


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A named span of a turn between two marks.

    `budgeted` stages are machine work counted against the conversational budget; the user's
    own speech and the deliberate end-of-speech wait are reported on their own lines instead.
    """

    name: str
    tier: Tier
    begins: str
    ends: str
    budgeted: bool
    doc: str


STAGES: tuple[StageSpec, ...] = (
    StageSpec("speech", Tier.EDGE, "speech_start", "speech_end", False,
              "the user speaking, from the first to the last voiced frame the VAD heard"),
    StageSpec("vad_confirm", Tier.EDGE, "speech_start", "speech_confirmed", False,
              "onset voiced audio the VAD needs before it trusts speech has begun"),
    StageSpec("endpoint_wait", Tier.EDGE, "speech_end", "endpoint", False,
              "deliberate hangover: silence waited for before deciding the user has finished"),
    StageSpec("asr_final", Tier.EDGE, "endpoint", "transcript_final", True,
              "endpoint decision to final transcript (speculative decoding starts at the pause)"),
)

MARKS: frozenset[str] = frozenset(
    {"audio_received", "speech_paused"}
    | {s.begins for s in STAGES} | {s.ends for s in STAGES}
)


@dataclass(frozen=True, slots=True)
class StageTiming:
    """One stage of one turn, as reported: `ms` is None when the stage did not complete."""

    name: str
    tier: Tier
    ms: float | None
    budgeted: bool


@dataclass(slots=True)
class TurnLedger:
    """Marks of one turn, keyed by name, each a monotonic time in seconds on `clock`."""

    turn_id: str
    clock: Tier = Tier.EDGE
    marks: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str, at: float | None = None) -> float:
        """Record instant `name` (now, unless `at` is given); the first record of a name wins."""
        if name not in MARKS:
            raise ValueError(f"unknown ledger mark {name!r}")
        at = time.monotonic() if at is None else at
        return self.marks.setdefault(name, at)

    def stages(self) -> list[StageTiming]:
        timings = []
        for spec in STAGES:
            begin, end = self.marks.get(spec.begins), self.marks.get(spec.ends)
            ms = None if begin is None or end is None else (end - begin) * 1000.0
            timings.append(StageTiming(spec.name, spec.tier, ms, spec.budgeted))
        return timings

    def machine_ms(self) -> float:
        """Sum of the budgeted stages that completed."""
        return sum(s.ms for s in self.stages() if s.budgeted and s.ms is not None)

    def to_dict(self) -> dict:
        origin = min(self.marks.values(), default=0.0)
        return {
            "turn_id": self.turn_id,
            "clock": str(self.clock),
            "marks_ms": {k: round((v - origin) * 1000.0, 3) for k, v in sorted(self.marks.items(), key=lambda kv: kv[1])},
            "stages": [
                {"name": s.name, "tier": str(s.tier), "budgeted": s.budgeted,
                 "ms": None if s.ms is None else round(s.ms, 3)}
                for s in self.stages()
            ],
            "machine_ms": round(self.machine_ms(), 3),
        }
