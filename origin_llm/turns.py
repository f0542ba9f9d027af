"""Turn orchestration: each received turn is answered exactly once, streamed to whoever listens.

`TurnOrchestrator.submit` takes a validated `turn` from an edge connection. Turns in flight are
`LiveTurn`s keyed by (edge id, turn id): a resent turn attaches to the live one (and gets the
pieces so far), otherwise the store decides (`claim_turn`) between generating, replaying the
stored reply, or refusing. Turns of one conversation run one after another, so each sees the
previous answer in its history. A live turn stops early when the edge cancels it, ends its
conversation, no connection of its edge has listened for `abandon_grace_s`, or it runs past
`turn_timeout_s`; every stop closes the model's stream, which stops the generation itself.

A `turn.prefill` hint builds the prompt the expected turn would get and asks the model to
evaluate it ahead, one hint at a time, only while no turn of that conversation is live; a hint
that cannot help is dropped without a word, as the protocol says. After each turn is recorded
the orchestrator warms the same way for the next turn, up to where the user's words will go:
its history window may have moved, which on a small CPU is a second of evaluation that had
better happen while the user is still speaking.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from origin_llm.config import OriginConfig
from origin_llm.language_model import BackendError, LanguageModel
from origin_llm.ledger import OriginTurnLedger
from origin_llm.metrics import OriginMetrics
from origin_llm.prompt import build_prompt
from origin_llm.store import ConversationStore, StoredTurn
from voice.wire import ErrorCode, OriginError, OriginLedger, ReplyDelta, ReplyDone, Turn, TurnPrefill

log = logging.getLogger(__name__)

StopReason = Literal["cancelled", "ended", "abandoned", "shutdown"]
_STOPPED_AS: dict[StopReason, tuple[str, ErrorCode | None]] = {
    # stop reason -> (stored status, error code sent instead of reply.done)
    "cancelled": ("interrupted", None),
    "ended": ("interrupted", None),
    "abandoned": ("failed", "abandoned"),
    "shutdown": ("failed", "shutting_down"),
}


class ReplySink(Protocol):
    """Where a turn's messages go: an edge connection. `deliver` must not block."""

    edge_id: str

    def deliver(self, message: Any) -> None: ...


@dataclass(eq=False)
class LiveTurn:
    edge_id: str
    turn: Turn
    ledger: OriginTurnLedger
    sinks: set[ReplySink] = field(default_factory=set)
    deltas: list[ReplyDelta] = field(default_factory=list)
    outcome: ReplyDone | OriginError | None = None
    stop_reason: StopReason | None = None
    claimed: bool = False
    finishing: bool = False
    task: asyncio.Task | None = None
    abandon_timer: asyncio.TimerHandle | None = None

    @property
    def text(self) -> str:
        return "".join(d.text for d in self.deltas)

    def publish(self, message: ReplyDelta | ReplyDone | OriginError) -> None:
        for sink in list(self.sinks):
            sink.deliver(message)


class TurnOrchestrator:
    def __init__(self, config: OriginConfig, store: ConversationStore, model: LanguageModel,
                 metrics: OriginMetrics | None = None) -> None:
        self.config = config
        self.store = store
        self.model = model
        self.metrics = metrics
        self.live: dict[tuple[str, str], LiveTurn] = {}
        self._tails: dict[tuple[str, str], asyncio.Task] = {}
        self.answered = 0
        self.replayed = 0
        self.prefills = 0
        self._prefilling: asyncio.Task | None = None
        self._next_warm: tuple[str, str, str | None, bool] | None = None  # asked for while one was being built

    # ---- called by edge connections ----

    def submit(self, turn: Turn, ledger: OriginTurnLedger, sink: ReplySink) -> None:
        key = (sink.edge_id, turn.turn_id)
        live = self.live.get(key)
        if live is not None:
            if live.turn.conversation_id != turn.conversation_id or live.turn.text != turn.text:
                sink.deliver(_conflict(turn.turn_id))
            else:
                self._attach(live, sink)
            return
        if len(self.live) >= self.config.max_turns_in_flight:
            sink.deliver(OriginError("overloaded", f"{len(self.live)} turns in flight; retry later", turn.turn_id))
            return
        live = LiveTurn(sink.edge_id, turn, ledger, {sink})
        self.live[key] = live
        conversation = (sink.edge_id, turn.conversation_id)
        live.task = asyncio.create_task(self._run(live, self._tails.get(conversation)),
                                        name=f"turn-{turn.turn_id}")
        self._tails[conversation] = live.task
        live.task.add_done_callback(lambda task: self._turn_finished(key, conversation, task))

    def prefill(self, edge_id: str, hint: TurnPrefill) -> None:
        """Warm the model for the turn the edge expects next in `hint.conversation_id`."""
        self._warm(edge_id, hint.conversation_id, hint.text, flagged=hint.flagged)

    def _warm(self, edge_id: str, conversation_id: str, text: str | None, *, flagged: bool = False) -> None:
        """Warm the model for the next turn of a conversation; `text` None: the user's words are
        not known yet, evaluate the prompt up to them."""
        if self._prefilling is not None and not self._prefilling.done():
            self._next_warm = (edge_id, conversation_id, text, flagged)  # the newest waits its turn
            return
        live = self._live_in(edge_id, conversation_id)
        if any(not turn.finishing for turn in live):
            return  # a reply is still being generated: the next prompt is not known yet
        recording = [turn.task for turn in live if turn.task is not None]
        self._prefilling = asyncio.create_task(
            self._prefill(edge_id, conversation_id, text, flagged, recording), name="prefill")
        self._prefilling.add_done_callback(self._warm_next)

    def _warm_next(self, _: asyncio.Task) -> None:
        """A warm-up was built: build the one asked for meanwhile (a hint arriving while the
        warm-up after the last reply reads the history must not be lost)."""
        waiting, self._next_warm = self._next_warm, None
        if waiting is not None:
            edge_id, conversation_id, text, flagged = waiting
            self._warm(edge_id, conversation_id, text, flagged=flagged)

    def _live_in(self, edge_id: str, conversation_id: str) -> list[LiveTurn]:
        return [live for live in self.live.values()
                if live.edge_id == edge_id and live.turn.conversation_id == conversation_id]

    async def _prefill(self, edge_id: str, conversation_id: str, text: str | None, flagged: bool,
                       recording: list[asyncio.Task]) -> None:
        try:
            if recording:  # a reply just sent is being stored: it belongs in the history
                await asyncio.wait(recording)
            if not await self.store.is_open(edge_id, conversation_id):
                return
            history = await self.store.history(edge_id, conversation_id, "")
            if self._live_in(edge_id, conversation_id):
                return  # a turn arrived meanwhile and will evaluate its own prompt
            messages = build_prompt(history, text or "", flagged=flagged,
                                    history_tokens=self.config.model.history_tokens,
                                    count_tokens=self.model.count_tokens)
            if self.model.prefill(messages, open_user_turn=text is None):
                self.prefills += 1
        except Exception:
            log.exception("prefill for conversation %s failed", conversation_id)

    def cancel(self, edge_id: str, turn_id: str) -> bool:
        """Stop a live turn at the edge's request; False if it is not live."""
        live = self.live.get((edge_id, turn_id))
        if live is None:
            return False
        self._stop(live, "cancelled")
        return True

    def end_conversation(self, edge_id: str, conversation_id: str) -> None:
        for live in list(self.live.values()):
            if live.edge_id == edge_id and live.turn.conversation_id == conversation_id:
                self._stop(live, "ended")

    def detach(self, sink: ReplySink) -> None:
        """`sink`'s connection closed: its turns keep going for a grace period, in case it returns."""
        loop = asyncio.get_running_loop()
        for live in list(self.live.values()):
            if sink in live.sinks:
                live.sinks.discard(sink)
                if not live.sinks and live.abandon_timer is None:
                    live.abandon_timer = loop.call_later(self.config.abandon_grace_s, self._abandon, live)

    async def close(self) -> None:
        """Stop every live turn (origin shutting down) and wait for them to be recorded."""
        self._next_warm = None
        if self._prefilling is not None:
            self._prefilling.cancel()
        tasks = [live.task for live in self.live.values() if live.task is not None]
        for live in list(self.live.values()):
            self._stop(live, "shutdown")
        await asyncio.gather(*tasks, return_exceptions=True)

    # ---- internals ----

    def _attach(self, live: LiveTurn, sink: ReplySink) -> None:
        live.sinks.add(sink)
        if live.abandon_timer is not None:
            live.abandon_timer.cancel()
            live.abandon_timer = None
        if isinstance(live.outcome, ReplyDone):  # finished, being recorded: a replay, as from the store
            sink.deliver(dataclasses.replace(live.outcome, replay=True))
        elif live.outcome is not None:
            sink.deliver(live.outcome)
        else:
            for delta in list(live.deltas):
                sink.deliver(delta)

    def _abandon(self, live: LiveTurn) -> None:
        live.abandon_timer = None
        if not live.sinks:
            self._stop(live, "abandoned")

    def _stop(self, live: LiveTurn, reason: StopReason) -> None:
        if live.finishing or live.stop_reason is not None or live.task is None:
            return
        live.stop_reason = reason
        live.task.cancel()

    def _turn_finished(self, key: tuple[str, str], conversation: tuple[str, str], task: asyncio.Task) -> None:
        live = self.live.pop(key, None)
        if live is not None and live.abandon_timer is not None:
            live.abandon_timer.cancel()
        if self._tails.get(conversation) is task:
            del self._tails[conversation]

    async def _run(self, live: LiveTurn, previous: asyncio.Task | None) -> None:
        turn = live.turn
        try:
            async with asyncio.timeout(self.config.turn_timeout_s):
                if previous is not None and not previous.done():  # a done task would still yield
                    await asyncio.wait([previous])
                status, outcome = await self._answer(live)
        except TimeoutError:
            status, outcome = self._failed(live, "backend_timeout",
                                           f"turn not answered within {self.config.turn_timeout_s:g} s")
        except BackendError as exc:
            status, outcome = self._failed(live, "backend_error", str(exc))
        except asyncio.CancelledError:
            if live.stop_reason is None:
                raise
            asyncio.current_task().uncancel()
            status, code = _STOPPED_AS[live.stop_reason]
            if code is None:
                outcome = self._done(live, "interrupted")
            else:
                status, outcome = self._failed(live, code, f"turn stopped: {live.stop_reason}")
        except Exception:
            log.exception("turn %s failed", turn.turn_id)
            status, outcome = self._failed(live, "internal", "the origin failed while answering the turn")
        await self._finish(live, status, outcome)

    async def _answer(self, live: LiveTurn) -> tuple[str | None, ReplyDone | OriginError]:
        """Generate the reply (or decide not to): the status to store (None: store nothing) and the
        turn's last message."""
        turn, edge_id = live.turn, live.edge_id
        claim = await self.store.claim_turn(edge_id, turn)
        if claim.outcome == "replay":
            self.replayed += 1
            return None, _replay(claim.stored)
        if claim.outcome == "conflict":
            return None, _conflict(turn.turn_id)
        if claim.outcome == "unknown_conversation":
            return None, OriginError("unknown_conversation",
                                     f"conversation {turn.conversation_id!r} was never started", turn.turn_id)
        if claim.outcome == "conversation_ended":
            return None, OriginError("conversation_ended",
                                     f"conversation {turn.conversation_id!r} has ended", turn.turn_id)
        live.claimed = True
        if turn.scan.action == "block":
            return self._failed(live, "blocked", "the edge scanner blocked this turn; the model did not see it")
        history = await self.store.history(edge_id, turn.conversation_id, turn.turn_id)
        messages = build_prompt(history, turn.text, flagged=turn.scan.action == "flag",
                                history_tokens=self.config.model.history_tokens,
                                count_tokens=self.model.count_tokens)
        live.ledger.mark("queued")
        stream = self.model.stream(messages, self.config.model.max_reply_tokens, live.ledger)
        async with contextlib.aclosing(stream) as pieces:
            async for piece in pieces:
                if not live.deltas:
                    live.ledger.mark("first_token")
                delta = ReplyDelta(turn.turn_id, len(live.deltas), piece)
                live.deltas.append(delta)
                live.publish(delta)
        self.answered += 1
        return "answered", self._done(live, "answered")

    def _done(self, live: LiveTurn, status: Literal["answered", "interrupted"]) -> ReplyDone:
        live.ledger.mark("done")
        return ReplyDone(live.turn.turn_id, live.text, status, live.ledger.report())

    def _failed(self, live: LiveTurn, code: ErrorCode, message: str) -> tuple[str, OriginError]:
        live.ledger.mark("done")
        return "failed", OriginError(code, message, live.turn.turn_id)

    async def _finish(self, live: LiveTurn, status: str | None, outcome: ReplyDone | OriginError) -> None:
        """Send the turn's last message, then record it (if this turn claimed the stored row)."""
        live.finishing = True
        live.outcome = outcome
        live.publish(outcome)
        if status is None or not live.claimed:
            return
        report = live.ledger.report()
        if self.metrics is not None:
            self.metrics.observe_turn(status, report)
        ledger = dataclasses.asdict(report)
        error = f"{outcome.code}: {outcome.message}" if isinstance(outcome, OriginError) else None
        try:
            await asyncio.shield(self.store.finish_turn(live.edge_id, live.turn.turn_id, status, live.text,
                                                        ledger, error))
        except Exception:
            log.exception("could not record turn %s", live.turn.turn_id)
            return
        if status in ("answered", "interrupted"):
            self._warm(live.edge_id, live.turn.conversation_id, None)


def _conflict(turn_id: str) -> OriginError:
    return OriginError("turn_conflict", f"turn id {turn_id!r} was already used with another conversation "
                       "or text", turn_id)


def _replay(stored: StoredTurn) -> ReplyDone:
    return ReplyDone(stored.turn_id, stored.reply, stored.status, OriginLedger(**stored.origin_ledger),
                     replay=True)
