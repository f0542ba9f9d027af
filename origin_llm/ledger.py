"""The origin's ledger of one turn: marks on the origin's monotonic clock, reported as durations.

Code that observes an instant records it in one line, ``ledger.mark("first_token")``. The stages
are spans between two marks declared once in `STAGES`; `report` turns the marks into the
`OriginLedger` that travels back to the edge in `reply.done`. Marks may be taken on the model's
worker thread (the first write of a name wins, and dict writes are atomic under the GIL).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from voice.wire import OriginLedger

MARKS = ("received", "queued", "started", "prompt_evaluated", "first_token", "done")

# wire field -> (begin mark, end mark)
STAGES: dict[str, tuple[str, str]] = {
    "queue_wait_ms": ("queued", "started"),
    "prompt_eval_ms": ("started", "prompt_evaluated"),
    "ttft_ms": ("received", "first_token"),
    "generation_ms": ("first_token", "done"),
    "total_ms": ("received", "done"),
}


@dataclass(slots=True)
class OriginTurnLedger:
    """Marks of one turn at the origin; token counts are filled in by the backend."""

    backend: str
    marks: dict[str, float] = field(default_factory=dict)
    prompt_tokens: int | None = None
    cached_prompt_tokens: int | None = None
    completion_tokens: int = 0

    def mark(self, name: str, at: float | None = None) -> float:
        """Record instant `name` (now, unless `at` is given); the first record of a name wins."""
        if name not in MARKS:
            raise ValueError(f"unknown origin ledger mark {name!r}")
        return self.marks.setdefault(name, time.monotonic() if at is None else at)

    def span_ms(self, begins: str, ends: str) -> float | None:
        begin, end = self.marks.get(begins), self.marks.get(ends)
        return None if begin is None or end is None else round(max(0.0, end - begin) * 1000.0, 3)

    def report(self) -> OriginLedger:
        received = self.marks.get("received", min(self.marks.values(), default=0.0))
        return OriginLedger(
            backend=self.backend,
            received_s=received,
            prompt_tokens=self.prompt_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens,
            completion_tokens=self.completion_tokens,
            marks_ms={name: round((at - received) * 1000.0, 3)
                      for name, at in sorted(self.marks.items(), key=lambda kv: kv[1])},
            **{name: self.span_ms(*span) for name, span in STAGES.items()},
        )
