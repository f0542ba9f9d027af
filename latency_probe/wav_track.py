"""An aiortc audio track that plays sample buffers in real time, as a microphone would.

Frames are 20 ms at 48 kHz mono, paced against the monotonic clock from the first `recv`. Between
utterances the track sends silence (a real microphone does not go quiet on the wire). `play`
queues an utterance and returns a `Playback` whose times say when its first and last frames were
sent, so the probe can place instants of the file on its clock. The track also records how late
each frame left against its schedule: the probe's own timing error.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from voice.paced_track import FRAME_SAMPLES, RATE, SILENCE, PacedAudioTrack


@dataclass
class Playback:
    """One queued utterance. `started_at` is when the frame holding its first sample was sent."""

    samples: np.ndarray
    started_at: float | None = None
    ended_at: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / RATE

    def clock_at(self, seconds_into_file: float) -> float | None:
        """Monotonic time a microphone would have captured that instant of the file: frame k (file
        time [20k, 20k+20) ms) leaves when its last sample is captured, at started_at + 20k ms."""
        if self.started_at is None:
            return None
        return self.started_at + seconds_into_file - FRAME_SAMPLES / RATE


class WavTrack(PacedAudioTrack):
    def __init__(self, samples: np.ndarray | None = None, lead_silence_s: float = 0.5) -> None:
        super().__init__()
        self._queue: deque[Playback] = deque()
        self._current: Playback | None = None
        self._offset = 0
        self._silence_frames = int(lead_silence_s * RATE) // FRAME_SAMPLES
        self.first: Playback | None = self.play(samples) if samples is not None else None

    def play(self, samples: np.ndarray) -> Playback:
        playback = Playback(np.asarray(samples, dtype=np.int16))
        self._queue.append(playback)
        return playback

    def next_chunk(self, now: float) -> np.ndarray:
        if self._silence_frames > 0 or (self._current is None and not self._queue):
            self._silence_frames = max(0, self._silence_frames - 1)
            return SILENCE
        if self._current is None:
            self._current, self._offset = self._queue.popleft(), 0
            self._current.started_at = now
        playback = self._current
        chunk = playback.samples[self._offset:self._offset + FRAME_SAMPLES]
        self._offset += FRAME_SAMPLES
        if self._offset >= len(playback.samples):
            playback.ended_at = now
            playback.done.set()
            self._current = None
        return chunk


__all__ = ["RATE", "FRAME_SAMPLES", "Playback", "WavTrack"]
