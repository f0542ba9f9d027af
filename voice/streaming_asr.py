"""Streaming transcription of one utterance: partials while the user speaks, one final at the end.

Whisper is not incremental, so "streaming" here means re-decoding the growing utterance:

* a partial is due after every `partial_interval_s` of new audio (at most one in flight);
* at the VAD's pause cue (`pause`), the final decode starts speculatively on the audio so far,
  while the endpointer's hangover is still running. Frames that arrive during the pause are
  held back; if speech resumes they rejoin the utterance and the speculation is void, otherwise
  the final is the speculation's result, often ready before the endpoint is even decided;
* utterances longer than Whisper's 30 s window are cut into segments, each at the quietest point
  (longest unvoiced run, else lowest energy) between `min_cut_s` and `segment_s`; a cut segment
  is finalised in the background while the user keeps talking.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np

from voice.asr import Transcript
from voice.asr_scheduler import AsrScheduler
from voice.frames import FRAME_MS, PcmFrame, pcm_to_float

PARTIAL_INTERVAL_S = 0.5
SEGMENT_S = 28.0
MIN_CUT_S = 20.0


@dataclass(frozen=True, slots=True)
class FinalTranscript:
    """The utterance's final text and how it was obtained, for the ledger and benchmarks."""

    text: str
    audio_s: float
    segments: int
    speculative_hit: bool
    fallback: bool


class UtteranceTranscriber:
    """Drives the recogniser for one utterance of one session. All methods run on the event loop."""

    def __init__(self, scheduler: AsrScheduler, session_id: str, *,
                 partial_interval_s: float = PARTIAL_INTERVAL_S, segment_s: float = SEGMENT_S,
                 min_cut_s: float = MIN_CUT_S) -> None:
        if not 0 < min_cut_s < segment_s <= scheduler.recognizer.max_audio_s:
            raise ValueError("need 0 < min_cut_s < segment_s <= the recogniser's window")
        self._scheduler = scheduler
        self._session_id = session_id
        self._partial_frames = max(1, round(partial_interval_s * 1000 / FRAME_MS))
        self._segment_frames = round(segment_s * 1000 / FRAME_MS)
        self._min_cut_frames = round(min_cut_s * 1000 / FRAME_MS)
        self._frames: list[bytes] = []
        self._voiced: list[bool] = []
        self._held: list[tuple[bytes, bool]] = []
        self._paused = False
        self._since_partial = 0
        self._partial_task: asyncio.Task | None = None
        self._speculation: asyncio.Task | None = None
        self._segment_tasks: list[asyncio.Task] = []
        self._total_frames = 0
        self._fallback = False

    def add(self, frame: PcmFrame, voiced: bool) -> None:
        if self._paused:
            self._held.append((frame.pcm, voiced))
            return
        self._append(frame.pcm, voiced)

    def _append(self, pcm: bytes, voiced: bool) -> None:
        self._frames.append(pcm)
        self._voiced.append(voiced)
        self._since_partial += 1
        self._total_frames += 1
        if len(self._frames) >= self._segment_frames:
            self._cut_segment()

    def maybe_partial(self) -> asyncio.Task | None:
        """Start a partial decode if one is due; the task yields the text so far, or None."""
        if (self._paused or self._since_partial < self._partial_frames
                or (self._partial_task is not None and not self._partial_task.done())):
            return None
        self._since_partial = 0
        self._partial_task = asyncio.ensure_future(self._partial(self._audio()))
        return self._partial_task

    async def _partial(self, audio: np.ndarray) -> str | None:
        """None when the partial was shed under load or looked degenerate."""
        result = await self._scheduler.transcribe(self._session_id, audio, final=False)
        if result is None or result.rejected:
            return None
        head = [t.result().text for t in self._segment_tasks
                if t.done() and not t.cancelled() and t.exception() is None]
        return " ".join(t for t in [*head, result.text] if t)

    def pause(self) -> asyncio.Task:
        """The VAD heard `pause_ms` of silence: start the final decode speculatively."""
        self._paused = True
        self._speculation = asyncio.ensure_future(self._decode_final(self._audio()))
        return self._speculation

    def speculative_text(self) -> str | None:
        """The whole utterance's text as the current speculation has it, if that is ready and
        still valid (paused, not resumed) and every earlier segment is transcribed."""
        spec = self._speculation
        tasks = [*self._segment_tasks, spec] if spec is not None else []
        if not self._paused or not tasks or not all(t.done() and not t.cancelled() and t.exception() is None
                                                    for t in tasks):
            return None
        return " ".join(t.result().text for t in tasks if t.result().text)

    def resume(self) -> None:
        """Speech came back: the held frames rejoin the utterance and the speculation is void."""
        self._paused = False
        if self._speculation is not None:
            self._speculation.cancel()
            self._speculation = None
        held, self._held = self._held, []
        for pcm, voiced in held:
            self._append(pcm, voiced)

    async def finish(self) -> FinalTranscript:
        """The final transcript of the utterance (up to the pause; held silence is dropped)."""
        if self._partial_task is not None:
            self._partial_task.cancel()  # stale now; the scheduler skips it if not yet started
        speculative_hit = self._speculation is not None
        tail_task = self._speculation or asyncio.ensure_future(self._decode_final(self._audio()))
        texts = []
        for task in [*self._segment_tasks, tail_task]:
            result: Transcript = await task
            self._fallback |= result.fallback
            if result.text:
                texts.append(result.text)
        return FinalTranscript(" ".join(texts), self._total_frames * FRAME_MS / 1000.0,
                               len(self._segment_tasks) + 1, speculative_hit, self._fallback)

    def cancel(self) -> None:
        for task in [self._partial_task, self._speculation, *self._segment_tasks]:
            if task is not None:
                task.cancel()

    async def _decode_final(self, audio: np.ndarray) -> Transcript:
        result = await self._scheduler.transcribe(self._session_id, audio, final=True)
        assert result is not None, "finals are never shed"
        return result

    def _audio(self) -> np.ndarray:
        return pcm_to_float(b"".join(self._frames))

    def _cut_segment(self) -> None:
        cut = self._cut_point()
        head = pcm_to_float(b"".join(self._frames[:cut]))
        del self._frames[:cut]
        del self._voiced[:cut]
        self._segment_tasks.append(asyncio.ensure_future(self._decode_final(head)))

    def _cut_point(self) -> int:
        """Frame index to cut at: middle of the longest unvoiced run in the cut range, else quietest frame."""
        lo, hi = self._min_cut_frames, len(self._frames)
        best_len, best_mid, run_start = 0, -1, None
        for i in range(lo, hi + 1):
            unvoiced = i < hi and not self._voiced[i]
            if unvoiced and run_start is None:
                run_start = i
            elif not unvoiced and run_start is not None:
                if i - run_start > best_len:
                    best_len, best_mid = i - run_start, (run_start + i) // 2
                run_start = None
        if best_mid >= 0:
            return best_mid
        energy = [np.abs(np.frombuffer(f, dtype=np.int16).astype(np.int32)).mean() for f in self._frames[lo:hi]]
        return lo + int(np.argmin(energy))
