"""The agent's voice on the WebRTC connection: synthesis of reply clauses off the event loop,
and the outgoing audio track that plays them in real time.

`ReplyAudioTrack` (a `PacedAudioTrack`) sends 20 ms frames at 48 kHz mono, silence when nothing
is queued. `stop` empties it at once: the next frame it sends is silent, which is what
makes barge-in take one frame rather than the rest of a sentence.

`ReplyVoice` (one per session) turns reply deltas into clauses (`ClauseChunker`), synthesises
them one at a time on the edge's shared TTS executor, resamples to 48 kHz and queues the audio in
order. `interrupt` stops the voice: playback, queued clauses and any synthesis in flight.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor

import numpy as np

from voice.clauses import ClauseChunker
from voice.frames import AUDIBLE_DB, level_db, resample
from voice.paced_track import FRAME_SAMPLES, RATE, SILENCE, PacedAudioTrack
from voice.tts import SpeechSynthesizer

ONSET_MARGIN_DB = 0.5  # resampling a clause's first frame to 48 kHz moves its level by less than this


class ReplyAudioTrack(PacedAudioTrack):
    def __init__(self, on_first_audio: Callable[[str, float], None] | None = None) -> None:
        super().__init__()
        self._queue: deque[tuple[str, np.ndarray]] = deque()
        self._current: tuple[str, np.ndarray] | None = None
        self._offset = 0
        self._started_turns: set[str] = set()
        self._on_first_audio = on_first_audio
        self.stopped_at: float | None = None

    @property
    def playing(self) -> bool:
        return self._current is not None or bool(self._queue)

    def enqueue(self, turn_id: str, samples_48k: np.ndarray) -> None:
        """Queue audio to play; after silence it starts with the very next frame (`wake`)."""
        if samples_48k.size:
            idle = not self.playing
            self._queue.append((turn_id, np.asarray(samples_48k, dtype=np.int16)))
            if idle:
                self.wake()

    def stop(self) -> bool:
        """Drop everything queued; True if something was playing."""
        was_playing = self.playing
        self._queue.clear()
        self._current = None
        self.stopped_at = time.monotonic()
        return was_playing

    def next_chunk(self, now: float) -> np.ndarray:
        if self._current is None:
            if not self._queue:
                return SILENCE
            self._current, self._offset = self._queue.popleft(), 0
        turn_id, samples = self._current
        chunk = samples[self._offset:self._offset + FRAME_SAMPLES]
        self._offset += FRAME_SAMPLES
        if turn_id not in self._started_turns and level_db(chunk) >= AUDIBLE_DB:
            self._started_turns.add(turn_id)
            if self._on_first_audio is not None:
                self._on_first_audio(turn_id, now)
        if self._offset >= len(samples):
            self._current = None
        return chunk


def trim_leading_silence(samples: np.ndarray, rate: int, fade_s: float = 0.0025) -> np.ndarray:
    """Start at the first 5 ms as loud as `AUDIBLE_DB` from which the first 20 ms, faded in over
    `fade_s` (no click), are as loud too: the voice's lead-in silence, and an onset too soft to hear, are
    latency the user hears as a pause. Cutting only down to 10 dB below that left the first 20 ms
    frame inaudible for 26 of 60 first clauses of a probe run; starting at the first loud 5 ms
    still left it inaudible when a soft stretch followed (-45.4 dB, seen in a CI run), so the
    whole first frame is measured, with ONSET_MARGIN_DB for what resampling to 48 kHz moves."""
    step = max(1, rate // 200)
    ramp = int(fade_s * rate)
    frame = max(step, rate // 50, ramp)  # the measured head holds the whole fade
    fade_in = np.linspace(0.0, 1.0, ramp, endpoint=False, dtype=np.float32)
    for start in range(0, len(samples) - step + 1, step):
        if level_db(samples[start:start + step]) < AUDIBLE_DB:  # never start in silence
            continue
        head = samples[start:start + frame].astype(np.float32)
        faded = min(len(head), ramp)
        head[:faded] *= fade_in[:faded]
        if level_db(head) >= AUDIBLE_DB + ONSET_MARGIN_DB:
            out = samples[start:].astype(np.float32)
            out[:len(head)] = head  # already faded in
            return out.astype(samples.dtype)
    return samples


class ReplyVoice:
    """Speaks the replies of one session on its `ReplyAudioTrack`."""

    def __init__(self, synthesizer: SpeechSynthesizer, executor: Executor, track: ReplyAudioTrack,
                 on_synthesis: Callable[[str, str], None] | None = None,
                 on_silent: Callable[[str], None] | None = None) -> None:
        """`on_synthesis(turn_id, "start" | "audio")` marks a turn's first clause going into and
        coming out of synthesis; `on_silent(turn_id)` says a finished reply had nothing speakable."""
        self._synth = synthesizer
        self._executor = executor
        self.track = track
        self._on_synthesis = on_synthesis or (lambda turn_id, what: None)
        self._on_silent = on_silent or (lambda turn_id: None)
        self._chunkers: dict[str, ClauseChunker] = {}
        self._clauses: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._pending: dict[str, int] = {}
        self._voiced: set[str] = set()
        self._finished: set[str] = set()
        self._worker = asyncio.ensure_future(self._speak())
        self._cancelled: set[str] = set()
        self.speaking_turn: str | None = None

    @property
    def busy(self) -> bool:
        """Something of a reply is playing, queued or being synthesised."""
        return self.track.playing or not self._clauses.empty() or self.speaking_turn is not None

    def add_text(self, turn_id: str, delta: str, restart: bool = False) -> None:
        if turn_id in self._cancelled:
            return  # deltas still arriving for a reply the user interrupted
        if restart or turn_id not in self._chunkers:
            self._chunkers[turn_id] = ClauseChunker()
        for clause in self._chunkers[turn_id].add(delta):
            self._queue_clause(turn_id, clause)

    def finish(self, turn_id: str) -> None:
        """The reply's text is complete: speak the rest."""
        chunker = self._chunkers.pop(turn_id, None)
        for clause in chunker.flush() if chunker else []:
            self._queue_clause(turn_id, clause)
        self._finished.add(turn_id)
        self._check_silent(turn_id)

    def _queue_clause(self, turn_id: str, clause: str) -> None:
        self._pending[turn_id] = self._pending.get(turn_id, 0) + 1
        self._clauses.put_nowait((turn_id, clause))

    def _check_silent(self, turn_id: str) -> None:
        if turn_id in self._finished and not self._pending.get(turn_id) and turn_id not in self._voiced:
            self._finished.discard(turn_id)
            self._on_silent(turn_id)

    def interrupt(self, also: set[str] = frozenset()) -> bool:
        """Stop speaking now: playback, queued clauses, synthesis in flight, and any later text of
        the turns in `also` (replies still being generated). True if anything audible was cut."""
        cut = set(self._chunkers) | ({self.speaking_turn} if self.speaking_turn else set())
        while not self._clauses.empty():
            cut.add(self._clauses.get_nowait()[0])
        was_playing = self.track.stop()
        self._cancelled |= cut | set(also)
        self._chunkers.clear()
        self._pending.clear()
        self._finished.clear()
        return was_playing or bool(cut)

    async def close(self) -> None:
        self._worker.cancel()
        await asyncio.gather(self._worker, return_exceptions=True)

    async def _speak(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            turn_id, clause = await self._clauses.get()
            if turn_id in self._cancelled:
                continue
            self.speaking_turn = turn_id
            self._on_synthesis(turn_id, "start")
            try:
                audio = await loop.run_in_executor(self._executor, self._render, clause)
            finally:
                self.speaking_turn = None
            if turn_id in self._cancelled:
                continue
            self._pending[turn_id] = self._pending.get(turn_id, 1) - 1
            if audio.size:
                self._voiced.add(turn_id)
                self._on_synthesis(turn_id, "audio")
                self.track.enqueue(turn_id, audio)
            self._check_silent(turn_id)

    def _render(self, clause: str) -> np.ndarray:
        """On the TTS thread: synthesise one clause, drop its leading silence, bring it to 48 kHz."""
        chunks = list(self._synth.synthesize(clause))
        if not chunks:
            return np.zeros(0, np.int16)
        return resample(trim_leading_silence(np.concatenate(chunks), self._synth.sample_rate),
                        self._synth.sample_rate, RATE)
