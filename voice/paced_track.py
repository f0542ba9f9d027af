"""An outgoing aiortc audio track paced in real time: 20 ms frames at 48 kHz mono.

aiortc's sender pulls frames as fast as `recv` returns them, so a track must pace itself. This
base class keeps the schedule (frame k leaves at start + (k + 1) * 20 ms, as a microphone would
deliver it), stamps timestamps, and records how late each frame left; subclasses only say what
the next 20 ms of audio are. Used by the edge's reply voice and the probe's microphone.

A track that has been sending silence can `wake` when sound arrives: the frame being waited for
leaves at once and the schedule restarts from there, instead of the sound waiting up to 20 ms for
the next slot of a grid nobody is listening to. (Frames still leave one per 20 ms on average; a
receiver's jitter buffer absorbs one early packet like any other jitter.)
"""

from __future__ import annotations

import asyncio
import fractions
import time
from collections import deque

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

RATE = 48_000
FRAME_SAMPLES = RATE // 50
TIME_BASE = fractions.Fraction(1, RATE)
SILENCE = np.zeros(FRAME_SAMPLES, np.int16)
MAX_CATCH_UP_S = 0.2


class PacedAudioTrack(MediaStreamTrack):
    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._start: float | None = None
        self._index = 0
        self.lateness_s: deque[float] = deque(maxlen=100_000)
        self._wake = asyncio.Event()
        self.wakes = 0  # frames sent early because sound arrived while waiting

    def wake(self) -> None:
        """Sound is ready after silence: send the frame being waited for now."""
        self._wake.set()

    def next_chunk(self, now: float) -> np.ndarray:
        """The next 20 ms (FRAME_SAMPLES int16 samples) to send; `now` is when it leaves."""
        raise NotImplementedError

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._start is None:
            self._start = now
        due = self._start + (self._index + 1) * FRAME_SAMPLES / RATE
        if due > now:
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), due - now)
            except TimeoutError:
                pass
            else:  # woken: this frame leaves now, the next ones 20 ms apart from here
                self.wakes += 1
                due = time.monotonic()
                self._start = due - (self._index + 1) * FRAME_SAMPLES / RATE
        elif now - due > MAX_CATCH_UP_S:  # fell far behind (a stalled loop): do not burst to catch up
            self._start = now - (self._index + 1) * FRAME_SAMPLES / RATE
            due = now
        sent = time.monotonic()
        self.lateness_s.append(max(0.0, sent - due))
        chunk = self.next_chunk(sent)
        if len(chunk) < FRAME_SAMPLES:
            chunk = np.pad(chunk, (0, FRAME_SAMPLES - len(chunk)))
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._index * FRAME_SAMPLES
        frame.time_base = TIME_BASE
        self._index += 1
        return frame
