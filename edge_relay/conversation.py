"""One client's conversation as the edge relays it: scan each final transcript, forward what may
leave the edge to the origin, relay the reply back as text and (with a voice) as speech, and
stop it when the user talks over it.

The pipeline hands over each final transcript with its ledger. The scan runs inline (tens of
microseconds); a blocked text never leaves the edge. Everything else goes to the origin through
the process's shared `OriginLink`. Reply deltas go to the client as they come and, when the
session has a `ReplyVoice`, clause by clause into speech. The client's `reply.done` (which carries
the full ledger) waits until the reply's first audio is on the wire, so the ledger holds the
voice's stages too; a reply with nothing speakable completes at once.

Barge-in: when the VAD confirms user speech while a reply is playing or still being generated,
the voice stops at once (the next frame is silent), the origin is told to cancel the turns in
flight, and the new turn's ledger records how long the reply took to fall silent.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable

from opentelemetry import trace

import scanner
from edge_relay.metrics import EdgeMetrics
from edge_relay.origin_link import OriginLink, OriginReply, TurnFailed
from edge_relay.reply_audio import ReplyVoice
from voice import wire
from voice.budget import BudgetVerdict, LatencyBudget
from voice.events import ClientMarks, ErrorEvent, ReplyDelta, ReplyDone, ScanBlocked, ScanVerdict, TranscriptFinal
from voice.ledger import MARKS, ClockOffset, Tier, TurnLedger
from voice.streaming_asr import FinalTranscript
from voice.tracing import record_turn

RECENT_TURNS = 16  # finished turns kept for the client's late `client.marks`
FIRST_AUDIO_WAIT_S = 10.0  # a reply.done held for its first audio goes out after this at the latest


class EdgeConversation:
    def __init__(self, conversation_id: str, link: OriginLink | None, emit: Callable[[object], None],
                 metrics: EdgeMetrics | None = None, budget: LatencyBudget | None = None) -> None:
        self.conversation_id = conversation_id
        self._link = link
        self._emit = emit
        self._metrics = metrics
        self._budget = budget or LatencyBudget()
        self._scan_context = scanner.ScanContext()
        self._ledgers: dict[str, TurnLedger] = {}
        self._held_done: dict[str, tuple[wire.ReplyDone, asyncio.TimerHandle]] = {}
        self._finished: OrderedDict[str, TurnLedger] = OrderedDict()
        self._tracer = trace.get_tracer("edgevoice.edge")
        self.voice: ReplyVoice | None = None
        if link is not None:
            link.open_conversation(conversation_id)

    # ---- the user's side ---------------------------------------------------------------------

    def on_user_speech(self, ledger: TurnLedger) -> None:
        """The VAD confirmed new user speech: barge in on whatever reply is playing or coming."""
        in_flight = set(self._ledgers)
        speaking = self.voice is not None and self.voice.busy
        if not in_flight and not speaking:
            return
        if self.voice is not None:
            self.voice.interrupt(also=in_flight)
            ledger.mark("reply_stopped")
        for turn_id in in_flight:
            if self._link is not None:
                self._link.cancel_turn(turn_id)

    def on_likely_transcript(self, turn_id: str, text: str) -> None:
        """The user is probably saying this (a partial, or the speculative final at a pause): let
        the origin read it ahead. Scanned with a copy of the session's context, so the hint is
        flagged as the final will be (a flagged turn's prompt carries a note the origin must read
        ahead too) and the real scan still sees the window unchanged; a hint that would be
        blocked is not sent."""
        if self._link is None or not self._link.available:
            return
        verdict = scanner.scan(text, self._scan_context.snapshot())
        if verdict.action != "block":
            self._link.prefill(self.conversation_id, text, verdict.action == "flag")

    def on_final(self, turn_id: str, final: FinalTranscript, ledger: TurnLedger) -> None:
        """Scan the final transcript, tell the client (final, then the verdict), forward it if allowed."""
        verdict = scanner.scan(final.text, self._scan_context)
        ledger.mark("scan_done")
        self._emit(TranscriptFinal(turn_id, final.text, ledger.to_dict()))
        reasons = list(verdict.reasons)
        if verdict.action == "block":
            self._emit(ScanBlocked(turn_id, verdict.score, reasons))
            self._finish(turn_id, ledger, "blocked")
            return
        self._emit(ScanVerdict(turn_id, verdict.action, verdict.score, reasons))
        if self._link is None:
            self._finish(turn_id, ledger, "transcribed")
            return
        self._ledgers[turn_id] = ledger
        ledger.mark("origin_sent")
        turn = wire.Turn(self.conversation_id, turn_id, final.text,
                         wire.ScanVerdict(verdict.action, round(min(1.0, max(0.0, verdict.score)), 4),
                                          [r[:200] for r in reasons[: wire.MAX_REASONS]]),
                         ledger.to_dict())
        self._link.send_turn(turn, lambda reply, turn_id=turn_id: self._on_reply(turn_id, reply))

    # ---- the origin's side -------------------------------------------------------------------

    def _on_reply(self, turn_id: str, reply: OriginReply) -> None:
        ledger = self._ledgers.get(turn_id)
        if ledger is None:
            return
        if isinstance(reply, wire.ReplyDelta):
            ledger.mark("first_token")
            self._emit(ReplyDelta(turn_id, reply.seq, reply.text))
            if self.voice is not None:
                self.voice.add_text(turn_id, reply.text, restart=reply.seq == 0)
            return
        if isinstance(reply, wire.ReplyDone):
            ledger.mark("reply_done")
            self._add_origin_marks(ledger, reply.ledger)
            if self.voice is not None and reply.status == "answered" and "first_audio_sent" not in ledger.marks:
                timer = asyncio.get_running_loop().call_later(FIRST_AUDIO_WAIT_S, self._release, turn_id)
                self._held_done[turn_id] = (reply, timer)
                self.voice.finish(turn_id)  # a reply with nothing speakable is released at once
                return
            self._complete(turn_id, reply)
            return
        del self._ledgers[turn_id]
        self._finish(turn_id, ledger, "failed")
        if isinstance(reply, wire.OriginError):
            self._emit(ErrorEvent(f"origin_{reply.code}", reply.message, turn_id))
        elif isinstance(reply, TurnFailed):
            self._emit(ErrorEvent("origin_unavailable", f"your turn was not answered: {reply.reason}", turn_id))

    def _complete(self, turn_id: str, reply: wire.ReplyDone) -> None:
        ledger = self._ledgers.pop(turn_id)
        verdict = self._finish(turn_id, ledger, reply.status)
        self._emit(ReplyDone(turn_id, reply.text, reply.status == "interrupted",
                             {**ledger.to_dict(), "budget": verdict.to_dict()}))

    def _release(self, turn_id: str) -> None:
        held = self._held_done.pop(turn_id, None)
        if held is not None:
            held[1].cancel()
            self._complete(turn_id, held[0])

    # ---- the voice's side --------------------------------------------------------------------

    def on_synthesis(self, turn_id: str, what: str) -> None:
        ledger = self._ledgers.get(turn_id)
        if ledger is not None:
            ledger.mark("tts_start" if what == "start" else "tts_first_audio")

    def on_first_audio(self, turn_id: str, sent_at: float) -> None:
        ledger = self._ledgers.get(turn_id) or self._finished.get(turn_id)
        if ledger is not None:
            ledger.mark("first_audio_sent", sent_at)
        self._release(turn_id)

    def on_silent(self, turn_id: str) -> None:
        """The reply had nothing the voice could say (empty, or only symbols): complete it now."""
        self._release(turn_id)

    # ---- bookkeeping -------------------------------------------------------------------------

    def _finish(self, turn_id: str, ledger: TurnLedger, outcome: str) -> BudgetVerdict:
        """A turn ended: judge it against the budget, record its metrics, keep it for late client marks."""
        stages = ledger.stages()
        verdict = self._budget.judge(stages)
        if self._metrics is not None:
            self._metrics.observe_turn(outcome, stages, verdict)
        record_turn(self._tracer, ledger, outcome, {"edgevoice.conversation_id": self.conversation_id,
                                                    "edgevoice.budget_within": verdict.within})
        self._finished[turn_id] = ledger
        while len(self._finished) > RECENT_TURNS:
            self._finished.popitem(last=False)
        return verdict

    def on_client_marks(self, marks: ClientMarks) -> bool:
        """Fold the client's view of a finished turn (uplink, downlink) into its ledger and metrics."""
        ledger = self._finished.get(marks.turn_id)
        if ledger is None:
            return False
        before = {s.name for s in ledger.stages() if s.ms is not None}
        ledger.set_offset(Tier.CLIENT, ClockOffset(marks.offset_s, abs(marks.uncertainty_s)))
        for name, at in marks.marks.items():
            if name.startswith("client.") and name in MARKS:
                ledger.mark(name, at, clock=Tier.CLIENT)
        if self._metrics is not None:
            new = {s.name for s in ledger.stages() if s.ms is not None} - before
            self._metrics.observe_stages(ledger.stages(), only=new)
        return True

    def _add_origin_marks(self, ledger: TurnLedger, origin: wire.OriginLedger) -> None:
        clock = self._link.clock if self._link is not None else None
        if clock is None:
            return
        ledger.set_offset(Tier.ORIGIN, ClockOffset(clock.offset_s, clock.uncertainty_s))
        for name, ms in origin.marks_ms.items():
            try:
                ledger.mark(f"origin.{name}", origin.received_s + ms / 1000.0, clock=Tier.ORIGIN)
            except ValueError:
                pass  # an origin mark the edge's stages do not use

    def close(self) -> None:
        if self._link is not None:
            self._link.end_conversation(self.conversation_id)
        for _, timer in self._held_done.values():
            timer.cancel()
        self._held_done.clear()
        self._ledgers.clear()
