"""One client's conversation as the edge relays it: scan each final transcript, forward what may
leave the edge to the origin, and relay the reply back to the client.

The pipeline hands over each final transcript with its ledger. The scan runs inline (tens of
microseconds); a blocked text never leaves the edge. Everything else goes to the origin through
the process's shared `OriginLink`, and the replies come back as client events, the first delta
and the end of the reply marked in the turn's ledger together with the origin's own marks.
"""

from __future__ import annotations

from collections.abc import Callable

from collections import OrderedDict

import scanner
from edge_relay.metrics import EdgeMetrics
from edge_relay.origin_link import OriginLink, OriginReply, TurnFailed
from voice.budget import BudgetVerdict, LatencyBudget
from voice.events import ClientMarks, ErrorEvent, ReplyDelta, ReplyDone, ScanBlocked, ScanVerdict, TranscriptFinal
from voice.ledger import MARKS, ClockOffset, Tier, TurnLedger
from voice.streaming_asr import FinalTranscript
from voice import wire


RECENT_TURNS = 16  # finished turns kept for the client's late `client.marks`


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
        self._finished: OrderedDict[str, TurnLedger] = OrderedDict()
        if link is not None:
            link.open_conversation(conversation_id)

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

    def _on_reply(self, turn_id: str, reply: OriginReply) -> None:
        ledger = self._ledgers.get(turn_id)
        if ledger is None:
            return
        if isinstance(reply, wire.ReplyDelta):
            ledger.mark("first_token")
            self._emit(ReplyDelta(turn_id, reply.seq, reply.text))
            return
        del self._ledgers[turn_id]
        if isinstance(reply, wire.ReplyDone):
            ledger.mark("reply_done")
            self._add_origin_marks(ledger, reply.ledger)
            verdict = self._finish(turn_id, ledger, reply.status)
            self._emit(ReplyDone(turn_id, reply.text, reply.status == "interrupted",
                                 {**ledger.to_dict(), "budget": verdict.to_dict()}))
        elif isinstance(reply, wire.OriginError):
            self._finish(turn_id, ledger, "failed")
            self._emit(ErrorEvent(f"origin_{reply.code}", reply.message, turn_id))
        elif isinstance(reply, TurnFailed):
            self._finish(turn_id, ledger, "failed")
            self._emit(ErrorEvent("origin_unavailable", f"your turn was not answered: {reply.reason}", turn_id))

    def _finish(self, turn_id: str, ledger: TurnLedger, outcome: str) -> BudgetVerdict:
        """A turn ended: judge it against the budget, record its metrics, keep it for late client marks."""
        stages = ledger.stages()
        verdict = self._budget.judge(stages)
        if self._metrics is not None:
            self._metrics.observe_turn(outcome, stages, verdict)
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
        self._ledgers.clear()
