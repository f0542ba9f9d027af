"""Measures event-loop stalls: how late a periodic timer wakes up.

If heavy work (inference, a big JSON parse) ran on the loop, every session's audio would stall
with it. A task sleeping `interval_s` in a loop and recording its lateness tells us, cheaply,
whether that ever happens; the edge and origin report max and p99 in /healthz and benchmarks.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

import numpy as np


class LoopMonitor:
    def __init__(self, interval_s: float = 0.01, keep: int = 60_000) -> None:
        self.interval_s = interval_s
        self._lateness: deque[float] = deque(maxlen=keep)
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-monitor")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def reset(self) -> None:
        self._lateness.clear()

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval_s)
            self._lateness.append(max(0.0, time.perf_counter() - before - self.interval_s))

    def stats(self) -> dict[str, float]:
        """Lateness of the loop's wake-ups in milliseconds over the kept window."""
        if not self._lateness:
            return {"samples": 0, "max_ms": 0.0, "p99_ms": 0.0, "p50_ms": 0.0}
        ms = np.fromiter(self._lateness, dtype=np.float64) * 1000.0
        return {"samples": int(ms.size), "max_ms": round(float(ms.max()), 3),
                "p99_ms": round(float(np.percentile(ms, 99)), 3),
                "p50_ms": round(float(np.percentile(ms, 50)), 3)}
