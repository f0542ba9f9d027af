"""The conversational latency budget and a turn's verdict against it.

Machine stages (the budgeted ones in `voice.ledger.STAGES`) share a total, 300 ms by default:
beyond it a conversation turns into a walkie-talkie. Each stage also has an allowance, so a
verdict can say which stage overran and by how much, not only that the total did. The deliberate
endpoint wait is not a machine stage and is never judged here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from voice.ledger import STAGES, StageTiming

DEFAULT_TOTAL_MS = 300.0
DEFAULT_ALLOWANCES_MS: dict[str, float] = {
    "uplink": 60.0,
    "asr_final": 60.0,
    "scan": 2.0,
    "edge_to_origin": 20.0,
    "origin_queue": 10.0,
    "prompt_eval": 60.0,
    "first_token": 20.0,
    "origin_to_edge": 20.0,
    "clause_wait": 60.0,
    "tts": 80.0,
    "playout": 20.0,
    "downlink_audio": 40.0,
}


@dataclass(frozen=True, slots=True)
class Overrun:
    stage: str
    ms: float
    allowance_ms: float

    @property
    def over_ms(self) -> float:
        return self.ms - self.allowance_ms


@dataclass(frozen=True, slots=True)
class BudgetVerdict:
    machine_ms: float
    total_ms: float
    overruns: tuple[Overrun, ...]
    missing: tuple[str, ...]

    @property
    def within(self) -> bool:
        return self.machine_ms <= self.total_ms

    def to_dict(self) -> dict:
        return {"within": self.within, "machine_ms": round(self.machine_ms, 3), "total_ms": self.total_ms,
                "overruns": [{"stage": o.stage, "ms": round(o.ms, 3), "allowance_ms": o.allowance_ms,
                              "over_ms": round(o.over_ms, 3)} for o in self.overruns],
                "missing": list(self.missing)}


@dataclass(frozen=True, slots=True)
class LatencyBudget:
    total_ms: float = DEFAULT_TOTAL_MS
    allowances_ms: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_ALLOWANCES_MS))

    def __post_init__(self) -> None:
        budgeted = {s.name for s in STAGES if s.budgeted}
        if not 0 < self.total_ms < 60_000:
            raise ValueError(f"budget total must be within (0, 60000) ms, got {self.total_ms}")
        unknown = set(self.allowances_ms) - budgeted
        if unknown:
            raise ValueError(f"budget names stages that are not budgeted: {sorted(unknown)} "
                             f"(budgeted: {sorted(budgeted)})")
        if any(not 0 <= v < 60_000 for v in self.allowances_ms.values()):
            raise ValueError("stage allowances must be within [0, 60000) ms")

    @classmethod
    def from_file(cls, path: str | Path) -> LatencyBudget:
        """`{"total_ms": 300, "stages": {"asr_final": 60, ...}}`; stages not named keep their default."""
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read budget {path}: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("stages", {}), dict):
            raise ValueError(f"budget {path} must be an object with optional 'total_ms' and 'stages'")
        try:
            allowances = {**DEFAULT_ALLOWANCES_MS, **{str(k): float(v) for k, v in data.get("stages", {}).items()}}
            return cls(float(data.get("total_ms", DEFAULT_TOTAL_MS)), allowances)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"budget {path}: {exc}") from None

    def judge(self, stages: list[StageTiming]) -> BudgetVerdict:
        machine = [s for s in stages if s.budgeted]
        done = [s for s in machine if s.ms is not None]
        overruns = tuple(Overrun(s.name, s.ms, self.allowances_ms[s.name]) for s in done
                         if s.name in self.allowances_ms and s.ms > self.allowances_ms[s.name])
        return BudgetVerdict(sum(s.ms for s in done), self.total_ms, overruns,
                             tuple(s.name for s in machine if s.ms is None))
