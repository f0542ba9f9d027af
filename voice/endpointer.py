"""Voice activity detection and endpointing over 20 ms frames (Silero VAD, or webrtcvad).

The endpointer turns per-frame voiced/unvoiced decisions into utterance events:

* `SpeechStarted` once `min_speech_ms` of voiced frames fall within `start_window_ms`, so a
  cough or a door slam shorter than that never opens an utterance (nor, later, interrupts a
  reply). The start time is back-dated to the first voiced frame of the onset.
* `SpeechPaused` after `pause_ms` of silence: the edge's cue to start the final transcription
  speculatively, while the endpoint wait is still running.
* `SpeechResumed` if speech returns before the hangover expires: the speculation is void.
* `SpeechEnded` after `hangover_ms` of silence, or earlier through `end_now` once the caller knows
  more (the edge ends a turn after `complete_hangover_ms` when the speculative transcript reads
  as a finished sentence): the endpoint decision. It carries both the
  time of the last voiced frame (speech end as the VAD saw it) and the decision time, so the
  deliberate wait between them is reported as its own ledger line.

Isolated voiced frames during a pause (noise flicker) do not resume speech: `resume_ms` of
voiced audio within the last `resume_window_ms` is needed.

Which frames are voiced: by default Silero VAD's speech probability (voice/silero.py) at least
`start_probability` to open an utterance and `continue_probability` within one. webrtcvad
(`vad="webrtc"`) is the cheaper, older choice, kept as the baseline: it calls steady noise
speech, so in a noisy room (or a recording's hiss) an utterance does not end until the noise
does. Measured on the shared speech set (docs/BENCHMARKS.md, `make bench-vad`): in clean audio
the two split sentences alike, Silero noticing the end of speech ~30-40 ms later (the edge's
shorter early-endpoint wait gives that back); in steady hiss Silero ends the turns webrtcvad
keeps open. It costs ~50 us per frame on average against ~3.

Both smooth their decisions, holding "voiced" for a few frames after energy stops, so a
100 ms click reads as ~160 ms of speech. Onset frames therefore also have to stand
`onset_margin_db` above a running noise floor (a minimum tracker that rises slowly between
utterances), which makes `min_speech_ms` mean what it says and keeps steady hall noise from
opening turns. Once speech is confirmed, continuation uses the VAD alone, so a long utterance is
never cut because the floor crept up.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

import numpy as np
import webrtcvad

from voice.frames import FRAME_MS, SAMPLE_RATE, PcmFrame, level_db
from voice.silero import DEFAULT_POOL, SileroPool, SpeechProbability

SILENCE_DB = -90.0


def frame_energy_db(pcm: bytes) -> float:
    """RMS level of a frame in dBFS, floored at SILENCE_DB (digital silence reads as that)."""
    return max(SILENCE_DB, level_db(np.frombuffer(pcm, dtype=np.int16)))


@dataclass(frozen=True, slots=True)
class EndpointerConfig:
    """Tuning of the endpointer; all durations in milliseconds, multiples of 20."""

    vad: Literal["silero", "webrtc"] = "silero"
    start_probability: float = 0.5      # silero: speech probability that counts toward an onset
    continue_probability: float = 0.5   # silero: ... that keeps an utterance going
    aggressiveness: int = 3             # webrtc: 0..3
    min_speech_ms: int = 160
    start_window_ms: int = 240
    pause_ms: int = 100
    hangover_ms: int = 300
    complete_hangover_ms: int | None = None  # None: the same as hangover_ms (no early endpoints)
    resume_ms: int = 40
    resume_window_ms: int = 60
    preroll_ms: int = 300
    onset_margin_db: float = 10.0
    floor_rise_db_per_s: float = 20.0
    initial_floor_db: float = -60.0

    def __post_init__(self) -> None:
        if self.complete_hangover_ms is None:
            object.__setattr__(self, "complete_hangover_ms", self.hangover_ms)
        if self.vad not in ("silero", "webrtc"):
            raise ValueError(f"vad must be 'silero' or 'webrtc', got {self.vad!r}")
        for name in ("start_probability", "continue_probability"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ValueError(f"{name} must lie strictly between 0 and 1")
        if self.aggressiveness not in (0, 1, 2, 3):
            raise ValueError(f"VAD aggressiveness must be 0..3, got {self.aggressiveness}")
        for name in ("min_speech_ms", "start_window_ms", "pause_ms", "hangover_ms", "complete_hangover_ms",
                     "resume_ms", "resume_window_ms", "preroll_ms"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0 or value % FRAME_MS:
                raise ValueError(f"{name} must be a non-negative multiple of {FRAME_MS} ms, got {value!r}")
        if not 0 < self.min_speech_ms <= self.start_window_ms:
            raise ValueError("min_speech_ms must be positive and no longer than start_window_ms")
        if not 0 < self.pause_ms <= self.hangover_ms:
            raise ValueError("pause_ms must be positive and no longer than hangover_ms")
        if not self.pause_ms <= self.complete_hangover_ms <= self.hangover_ms:
            raise ValueError("complete_hangover_ms must lie between pause_ms and hangover_ms "
                             "(equal to hangover_ms turns early endpoints off)")
        if not 0 < self.resume_ms <= self.resume_window_ms:
            raise ValueError("resume_ms must be positive and no longer than resume_window_ms")


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    """Speech confirmed. `audio` holds the pre-roll and onset frames, oldest first."""

    started_at: float
    confirmed_at: float
    audio: tuple[PcmFrame, ...]


@dataclass(frozen=True, slots=True)
class SpeechPaused:
    """`pause_ms` of silence after speech; `last_voiced_at` is the speech end as the VAD saw it."""

    last_voiced_at: float
    paused_at: float


@dataclass(frozen=True, slots=True)
class SpeechResumed:
    """Speech came back during the hangover; the utterance goes on."""

    resumed_at: float


@dataclass(frozen=True, slots=True)
class SpeechEnded:
    """The endpoint decision: `hangover_ms` of silence after `last_voiced_at`."""

    last_voiced_at: float
    endpoint_at: float


EndpointEvent = SpeechStarted | SpeechPaused | SpeechResumed | SpeechEnded


class Endpointer:
    """Per-stream VAD state machine; feed it every frame in order with `process`, and `close` it
    (a Silero model goes back to `pool`, which lends loaded models so a new stream need not load
    one on the event loop)."""

    def __init__(self, config: EndpointerConfig | None = None, pool: SileroPool | None = None) -> None:
        self.config = config or EndpointerConfig()
        c = self.config
        self._vad = webrtcvad.Vad(c.aggressiveness) if c.vad == "webrtc" else None
        self._speech = SpeechProbability(pool or DEFAULT_POOL) if c.vad == "silero" else None
        self._start_frames = c.min_speech_ms // FRAME_MS
        self._pause_frames = c.pause_ms // FRAME_MS
        self._hangover_frames = c.hangover_ms // FRAME_MS
        self._resume_frames = c.resume_ms // FRAME_MS
        self._window: deque[tuple[PcmFrame, bool]] = deque(
            maxlen=(c.preroll_ms + c.start_window_ms) // FRAME_MS)
        self._start_window_frames = c.start_window_ms // FRAME_MS
        self._recent: deque[bool] = deque(maxlen=c.resume_window_ms // FRAME_MS)
        self.in_speech = False
        self.last_frame_voiced = False
        self._silence_run = 0
        self._last_voiced_at = 0.0
        self._paused = False
        self._floor_db = c.initial_floor_db
        self._floor_rise = c.floor_rise_db_per_s * FRAME_MS / 1000.0

    @property
    def noise_floor_db(self) -> float:
        return self._floor_db

    @property
    def silence_ms(self) -> int:
        """Silence since the last voiced frame of the current utterance (0 outside speech)."""
        return self._silence_run * FRAME_MS if self.in_speech else 0

    def end_now(self, at: float) -> SpeechEnded | None:
        """Decide the endpoint now (the caller knows the utterance is complete); None if not in a pause."""
        if not self.in_speech or not self._paused:
            return None
        self.in_speech = False
        self._paused = False
        self._window.clear()
        return SpeechEnded(self._last_voiced_at, at)

    def is_voiced(self, frame: PcmFrame) -> bool:
        if self._speech is None:
            return self._vad.is_speech(frame.pcm, SAMPLE_RATE)
        c = self.config
        return self._speech.update(frame.pcm) >= (c.continue_probability if self.in_speech else c.start_probability)

    def close(self) -> None:
        if self._speech is not None:
            self._speech.close()

    def process(self, frame: PcmFrame) -> EndpointEvent | None:
        voiced = self.is_voiced(frame)
        self.last_frame_voiced = voiced
        if self.in_speech:
            return self._in_speech(frame, voiced)
        return self._in_silence(frame, voiced)

    def _in_silence(self, frame: PcmFrame, voiced: bool) -> SpeechStarted | None:
        energy = frame_energy_db(frame.pcm)
        voiced = voiced and energy >= self._floor_db + self.config.onset_margin_db
        self._floor_db = min(energy, self._floor_db + self._floor_rise) if energy > SILENCE_DB else self._floor_db
        self._window.append((frame, voiced))
        onset = list(self._window)[-self._start_window_frames:]
        if sum(v for _, v in onset) < self._start_frames:
            return None
        first_voiced = next(f for f, v in onset if v)
        preroll_start = max(0, first_voiced.index - self.config.preroll_ms // FRAME_MS)
        audio = tuple(f for f, _ in self._window if f.index >= preroll_start)
        self._window.clear()
        self.in_speech = True
        self._silence_run = 0
        self._paused = False
        self._recent.extend([True] * self._recent.maxlen)
        self._last_voiced_at = frame.received_at
        return SpeechStarted(first_voiced.received_at, frame.received_at, audio)

    def _in_speech(self, frame: PcmFrame, voiced: bool) -> EndpointEvent | None:
        self._recent.append(voiced)
        if voiced and sum(self._recent) >= self._resume_frames:
            self._last_voiced_at = frame.received_at
            self._silence_run = 0
            if self._paused:
                self._paused = False
                return SpeechResumed(frame.received_at)
            return None
        self._silence_run += 1
        if self._silence_run >= self._hangover_frames:
            self.in_speech = False
            self._paused = False
            self._window.clear()
            return SpeechEnded(self._last_voiced_at, frame.received_at)
        if self._silence_run == self._pause_frames and not self._paused:
            self._paused = True
            return SpeechPaused(self._last_voiced_at, frame.received_at)
        return None
