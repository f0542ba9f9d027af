"""One session's voice pipeline: 16 kHz frames in, client events out.

It knows nothing of WebRTC or HTTP: `push` takes `PcmFrame`s, and events leave through the
`emit` callback given at construction. Cheap work (VAD) runs inline on the event loop; every
recogniser call goes through the shared `AsrScheduler`'s worker threads.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from voice.asr_scheduler import AsrScheduler
from voice.endpointer import (Endpointer, EndpointerConfig, SpeechEnded, SpeechPaused,
                              SpeechResumed, SpeechStarted)
from voice.events import (ErrorEvent, TranscriptFinal, TranscriptPartial, TurnDropped, VadEnd,
                          VadStart)
from voice.frames import PcmFrame
from voice.ledger import TurnLedger
from voice.silero import SileroPool
from voice.streaming_asr import FinalTranscript, UtteranceTranscriber

log = logging.getLogger(__name__)

SENTENCE_END = (".", "?", "!")


def reads_complete(text: str) -> bool:
    """Whisper closes what it hears as a finished sentence with . ? or ! (an ellipsis, a trailing
    comma or no punctuation say the speaker is mid-thought)."""
    text = text.rstrip().rstrip("\"')")
    return text.endswith(SENTENCE_END) and not text.endswith("...")


@dataclass(slots=True)
class Turn:
    """The utterance being spoken now: its id, ledger and transcriber."""

    turn_id: str
    ledger: TurnLedger
    transcriber: UtteranceTranscriber
    last_partial: str = ""
    tasks: set[asyncio.Task] = field(default_factory=set)
    reads_complete: bool = False  # the paused utterance's speculative transcript ends a sentence


class VoicePipeline:
    """Endpointing and streaming transcription for one session."""

    def __init__(self, session_id: str, scheduler: AsrScheduler, emit: Callable[[object], None],
                 endpointer_config: EndpointerConfig | None = None, vad_models: SileroPool | None = None,
                 on_final: Callable[[str, FinalTranscript, TurnLedger], None] | None = None,
                 on_speech_start: Callable[[TurnLedger], None] | None = None,
                 on_likely_transcript: Callable[[str, str], None] | None = None) -> None:
        """`on_final`, when given, takes over each final transcript, including telling the client;
        `on_speech_start` hears of each confirmed start of speech (barge-in); `on_likely_transcript`
        gets what the user has probably said so far, before the endpoint: each new partial while
        they speak, and the speculative transcript when they pause (to warm the origin)."""
        self.session_id = session_id
        self._scheduler = scheduler
        self._emit = emit
        self._on_final = on_final
        self._on_speech_start = on_speech_start
        self._on_likely_transcript = on_likely_transcript
        self._endpointer = Endpointer(endpointer_config, vad_models)
        self._turn_numbers = itertools.count(1)
        self._turn: Turn | None = None
        self._tasks: set[asyncio.Task] = set()
        self._last_final: asyncio.Task | None = None
        self.frames_seen = 0

    def push(self, frame: PcmFrame) -> None:
        self.frames_seen += 1
        event = self._endpointer.process(frame)
        if event is None and self._turn is not None and self._turn.reads_complete and \
                self._endpointer.silence_ms >= self._endpointer.config.complete_hangover_ms:
            event = self._endpointer.end_now(frame.received_at)
        voiced = self._endpointer.last_frame_voiced
        if isinstance(event, SpeechStarted):
            self._start_turn(event)
            return
        turn = self._turn
        if turn is None:
            return
        if isinstance(event, SpeechEnded):
            self._end_turn(turn, event)
            return
        turn.transcriber.add(frame, voiced)
        if isinstance(event, SpeechPaused):
            turn.ledger.mark("speech_paused", event.paused_at)
            speculation = turn.transcriber.pause()
            speculation.add_done_callback(lambda _, turn=turn: self._speculation_ready(turn))
        elif isinstance(event, SpeechResumed):
            turn.reads_complete = False
            turn.transcriber.resume()
        elif (task := turn.transcriber.maybe_partial()) is not None:
            self._track(task).add_done_callback(lambda t, turn=turn: self._partial_done(turn, t))

    def _start_turn(self, event: SpeechStarted) -> None:
        turn_id = f"{self.session_id}-{next(self._turn_numbers)}"
        ledger = TurnLedger(turn_id)
        ledger.mark("audio_received", event.audio[0].received_at)
        ledger.mark("speech_start", event.started_at)
        ledger.mark("speech_confirmed", event.confirmed_at)
        transcriber = UtteranceTranscriber(self._scheduler, self.session_id)
        for frame in event.audio:
            transcriber.add(frame, True)
        self._turn = Turn(turn_id, ledger, transcriber)
        if self._on_speech_start is not None:
            self._on_speech_start(ledger)
        self._emit(VadStart(turn_id))

    def _end_turn(self, turn: Turn, event: SpeechEnded) -> None:
        self._turn = None
        turn.ledger.mark("speech_end", event.last_voiced_at)
        turn.ledger.mark("endpoint", event.endpoint_at)
        speech_ms = (event.last_voiced_at - turn.ledger.at("speech_start")) * 1000.0
        self._emit(VadEnd(turn.turn_id, round(speech_ms, 1)))
        self._last_final = self._track(asyncio.ensure_future(self._finalise(turn, self._last_final)))

    async def _finalise(self, turn: Turn, previous: asyncio.Task | None) -> None:
        try:
            final = await turn.transcriber.finish()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("final transcription failed for %s", turn.turn_id)
            self._emit(ErrorEvent("asr_failed", f"transcription failed: {exc}"))
            self._emit(TurnDropped(turn.turn_id, "transcription failed"))
            return
        turn.ledger.mark("transcript_final")
        # Finals reach the client in turn order. Usually the previous one is long done, and then
        # nothing may be awaited: awaiting even a finished task through asyncio.wait yields to the
        # loop, whose other callbacks (audio frames, their VAD) then ran inside this turn's scan
        # stage and ahead of its forwarding (up to half a millisecond at the p95 on a slow core).
        if previous is not None and not previous.done():
            await asyncio.wait([previous])
        if not final.text:
            self._emit(TurnDropped(turn.turn_id, "no speech recognised"))
        elif self._on_final is not None:
            self._on_final(turn.turn_id, final, turn.ledger)  # it tells the client (after scanning)
        else:
            self._emit(TranscriptFinal(turn.turn_id, final.text, turn.ledger.to_dict()))

    def _speculation_ready(self, turn: Turn) -> None:
        """A paused turn's speculative transcript is in: hint the origin, and if it reads as a
        finished sentence, end the turn after the shorter `complete_hangover_ms`."""
        if self._turn is not turn or not (text := turn.transcriber.speculative_text()):
            return
        if self._on_likely_transcript is not None:
            self._on_likely_transcript(turn.turn_id, text)
        turn.reads_complete = reads_complete(text)
        config = self._endpointer.config
        if turn.reads_complete and self._endpointer.silence_ms >= config.complete_hangover_ms:
            if (event := self._endpointer.end_now(time.monotonic())) is not None:
                self._end_turn(turn, event)

    def _partial_done(self, turn: Turn, task: asyncio.Task) -> None:
        if task.cancelled() or task.exception() is not None or self._turn is not turn:
            return
        text = task.result()
        if text and text != turn.last_partial:
            turn.last_partial = text
            self._emit(TranscriptPartial(turn.turn_id, text))
            if self._on_likely_transcript is not None:
                # the origin reads the words as they come, so at the endpoint only the last are new
                self._on_likely_transcript(turn.turn_id, text)

    def _track(self, task: asyncio.Task) -> asyncio.Task:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def close(self) -> None:
        """Cancel everything in flight for this session and forget it in the scheduler."""
        if self._turn is not None:
            self._turn.transcriber.cancel()
            self._turn = None
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._scheduler.forget(self.session_id)
        self._endpointer.close()
