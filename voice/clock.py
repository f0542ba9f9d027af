"""Clock offset between two machines, estimated NTP-style from ping/pong exchanges.

One exchange gives four times: t0 (local send), t1 (remote receive), t2 (remote send), t3 (local
receive). The remote clock is ahead of the local one by ((t1 - t0) + (t2 - t3)) / 2, accurate to
within half the round trip (t3 - t0) - (t2 - t1). Queueing makes some exchanges slow and their
estimates loose, so `ClockTracker` keeps the recent samples and trusts the one with the
smallest round trip. Used on the edge's origin link and by clients on the `events` channel.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClockEstimate:
    """remote clock = local clock + `offset_s`, within +/- `uncertainty_s`."""

    offset_s: float
    uncertainty_s: float
    rtt_s: float


def estimate(t0: float, t1: float, t2: float, t3: float) -> ClockEstimate:
    rtt = max(0.0, (t3 - t0) - (t2 - t1))
    return ClockEstimate(((t1 - t0) + (t2 - t3)) / 2.0, rtt / 2.0, rtt)


class ClockTracker:
    def __init__(self, keep: int = 8) -> None:
        self._samples: deque[ClockEstimate] = deque(maxlen=keep)

    def add(self, t0: float, t1: float, t2: float, t3: float) -> ClockEstimate:
        sample = estimate(t0, t1, t2, t3)
        self._samples.append(sample)
        return sample

    @property
    def best(self) -> ClockEstimate | None:
        return min(self._samples, key=lambda s: s.rtt_s, default=None)

    def __len__(self) -> int:
        return len(self._samples)
