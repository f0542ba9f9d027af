"""An aiortc audio track that plays a sample buffer in real time, as a microphone would.

Frames are 20 ms at 48 kHz mono, paced against the monotonic clock from the first `recv`. The
track remembers when it sent the last frame of the file, so the probe can measure what the user
would experience after they stop talking; after the file it keeps sending silence (a real
microphone does not go quiet on the wire) until `stop`.
"""

from __future__ import annotations

import asyncio
import fractions
import time

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

RATE = 48_000
FRAME_SAMPLES = RATE // 50
TIME_BASE = fractions.Fraction(1, RATE)


class WavTrack(MediaStreamTrack):
    kind = "audio"

    def __init__(self, samples: np.ndarray, lead_silence_s: float = 0.5) -> None:
        super().__init__()
        lead = np.zeros(int(lead_silence_s * RATE), dtype=np.int16)
        self._audio = np.concatenate([lead, np.asarray(samples, dtype=np.int16)])
        self._lead_s = lead_silence_s
        self._index = 0
        self._start: float | None = None
        self.file_started_at: float | None = None
        self.file_ended_at: float | None = None
        self.file_done = asyncio.Event()

    @property
    def duration_s(self) -> float:
        return len(self._audio) / RATE

    def file_time_to_clock(self, seconds_into_file: float) -> float | None:
        """Monotonic time at which the frame holding that instant of the file was sent."""
        if self._start is None:
            return None
        return self._start + self._lead_s + seconds_into_file

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._start is None:
            self._start = now
        due = self._start + (self._index + 1) * FRAME_SAMPLES / RATE
        if due > now:
            await asyncio.sleep(due - now)
        begin = self._index * FRAME_SAMPLES
        chunk = self._audio[begin:begin + FRAME_SAMPLES]
        if len(chunk) < FRAME_SAMPLES:
            chunk = np.pad(chunk, (0, FRAME_SAMPLES - len(chunk)))
        if begin < len(self._audio) <= begin + FRAME_SAMPLES:
            self.file_ended_at = time.monotonic()
            self.file_done.set()
        if self.file_started_at is None and begin >= int(self._lead_s * RATE):
            self.file_started_at = time.monotonic()
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = begin
        frame.time_base = TIME_BASE
        self._index += 1
        return frame
