"""The probe's ear: receives the edge's reply audio and notes when it sounds and when it stops.

Every received frame's level is kept with its arrival time, so the probe can tell when a reply's
first audible frame arrived (voice-to-voice latency) and when a reply fell silent after the user
barged in. The audio itself is kept too (16 kHz mono, bounded) so a test can transcribe what the
agent actually said.
"""

from __future__ import annotations

import asyncio
import time

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from voice.frames import AUDIBLE_DB, level_db

KEEP_SECONDS = 600
RATE = 16_000


class ReplyListener:
    def __init__(self, sound_db: float = AUDIBLE_DB) -> None:
        self.sound_db = sound_db
        self.times: list[float] = []
        self.levels_db: list[float] = []
        self._chunks: list[np.ndarray] = []
        self._kept = 0
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        self._task: asyncio.Task | None = None

    def listen(self, track: MediaStreamTrack) -> None:
        if self._task is None:
            self._task = asyncio.ensure_future(self._consume(track))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _consume(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            at = time.monotonic()
            for out in self._resampler.resample(frame):
                samples = out.to_ndarray().reshape(-1)
                self.times.append(at)
                self.levels_db.append(level_db(samples))
                if self._kept < KEEP_SECONDS * RATE:
                    self._chunks.append(samples)
                    self._kept += samples.size

    def first_sound_after(self, t: float, before: float | None = None) -> float | None:
        for at, level in zip(self.times, self.levels_db):
            if at > t and (before is None or at < before) and level >= self.sound_db:
                return at
        return None

    def silent_after(self, t: float, quiet_s: float = 0.2) -> float | None:
        """Arrival of the first frame, after `t`, that begins at least `quiet_s` of silence."""
        start = None
        for at, level in zip(self.times, self.levels_db):
            if at <= t:
                continue
            if level < self.sound_db:
                start = at if start is None else start
                if at - start >= quiet_s:
                    return start
            else:
                start = None
        return None

    def quiet_for(self, seconds: float) -> bool:
        """True if nothing audible arrived in the last `seconds` (or nothing was ever received)."""
        if not self.times:
            return True
        cutoff = self.times[-1] - seconds
        recent = [level for at, level in zip(reversed(self.times), reversed(self.levels_db)) if at >= cutoff]
        return self.times[-1] - self.times[0] >= seconds and all(level < self.sound_db for level in recent)

    def audio_between(self, t0: float, t1: float) -> np.ndarray:
        """The received audio (16 kHz mono int16) that arrived within [t0, t1]."""
        if not self._chunks:
            return np.zeros(0, np.int16)
        picked = [c for at, c in zip(self.times, self._chunks) if t0 <= at <= t1]
        return np.concatenate(picked) if picked else np.zeros(0, np.int16)
