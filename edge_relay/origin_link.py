"""The edge's one persistent, authenticated WebSocket to the origin, shared by all sessions.

Why one connection: a warm, already-authenticated link means a turn costs one frame, not a TCP
and TLS handshake, and the origin sees one client per edge instead of one per user.

* Sessions open a conversation with a handler; the link routes `reply.delta` / `reply.done` /
  `error` frames to it by turn id.
* Turns are never silently dropped: while the origin is unreachable they wait (up to
  `turn_wait_s`) and are sent after reconnecting; a turn that was sent but not finished is sent
  again after a reconnect (turn ids are idempotency keys, so the origin replays or re-attaches
  instead of answering twice); a turn that cannot be delivered in time fails with a reason.
* The edge also deduplicates: a delta whose `seq` was already delivered on this connection, or a
  second `reply.done`, never reaches the session. A turn sent again after a reconnect streams
  again from `seq` 0 (replayed by a surviving origin, or generated afresh by a restarted one),
  which clients treat as the reply starting over; `reply.done` is what counts, and it comes once.
* Reconnects back off exponentially with full jitter, so a fleet of edges does not stampede a
  restarted origin; the credential is minted afresh for every attempt.
* Periodic ping/pong estimates the origin's clock offset NTP-style (the sample with the smallest
  round trip of the recent ones wins), for placing origin marks on the edge's timeline.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from voice.clock import ClockEstimate, ClockTracker
from voice.wire import (EDGE_PATH, MAX_FRAME_BYTES, MAX_TEXT_CHARS, ConversationEnd, ConversationStart, OriginError,
                        Ping, Pong, ReplyDelta, ReplyDone, Turn, TurnCancel, TurnPrefill, WireError, bearer_headers,
                        decode_origin_message, encode_message)

log = logging.getLogger(__name__)

CLOSE_POLICY = 1008
# Errors that end an attempt, not the turn: the origin is going away (or lost us); it will be
# answered after the next connection, where the turn is sent again.
RETRY_AFTER_RECONNECT = frozenset({"shutting_down", "abandoned"})


@dataclass(frozen=True, slots=True)
class TurnFailed:
    """Edge-side failure of a turn: it could not be delivered or was not answered in time."""

    turn_id: str
    reason: str


OriginReply = ReplyDelta | ReplyDone | OriginError | TurnFailed
ReplyHandler = Callable[[OriginReply], None]


@dataclass
class _PendingTurn:
    message: Turn
    handler: ReplyHandler
    queued_at: float
    sent: bool = False
    next_seq: int = 0


@dataclass
class LinkStats:
    connects: int = 0
    disconnects: int = 0
    turns_sent: int = 0
    turns_resent: int = 0
    duplicates_dropped: int = 0
    turns_failed: int = 0
    last_error: str = ""


@dataclass
class _Backoff:
    initial_s: float
    max_s: float
    attempt: int = 0

    def next_delay(self) -> float:
        self.attempt += 1
        return random.uniform(0, min(self.max_s, self.initial_s * 2 ** (self.attempt - 1)))


@dataclass
class OriginLinkConfig:
    url: str
    turn_wait_s: float = 30.0
    reply_timeout_s: float = 120.0
    max_pending_turns: int = 1024
    backoff_initial_s: float = 0.2
    backoff_max_s: float = 10.0
    ping_interval_s: float = 2.0
    open_timeout_s: float = 5.0
    clock_samples: int = 8
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.url.startswith(("ws://", "wss://")):
            raise ValueError(f"origin URL must be ws:// or wss://, got {self.url!r}")
        if min(self.turn_wait_s, self.reply_timeout_s, self.backoff_initial_s, self.ping_interval_s) <= 0:
            raise ValueError("origin link timeouts and intervals must be positive")

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith(EDGE_PATH) else base + EDGE_PATH


class OriginLink:
    def __init__(self, config: OriginLinkConfig, make_token: Callable[[], str]) -> None:
        self.config = config
        self._make_token = make_token
        self._ws: ClientConnection | None = None
        self._conversations: set[str] = set()
        self._turns: dict[str, _PendingTurn] = {}
        self._status_listeners: list[Callable[[bool, str], None]] = []
        self._clock = ClockTracker(config.clock_samples)
        self._runner: asyncio.Task | None = None
        self._watchdog: asyncio.Task | None = None
        self._closed = False
        self.available = False
        self.stats = LinkStats()

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self._runner is None:
            self._runner = asyncio.ensure_future(self._run())
            self._watchdog = asyncio.ensure_future(self._expire_turns())

    async def close(self) -> None:
        self._closed = True
        for task in (self._runner, self._watchdog):
            if task is not None:
                task.cancel()
        await asyncio.gather(*(t for t in (self._runner, self._watchdog) if t), return_exceptions=True)
        if self._ws is not None:
            await self._ws.close()
        for turn_id in list(self._turns):
            self._fail(turn_id, "edge shutting down")

    def on_status(self, listener: Callable[[bool, str], None]) -> None:
        """`listener(available, message)` on every change of the link's availability."""
        self._status_listeners.append(listener)

    @property
    def clock(self) -> ClockEstimate | None:
        """The origin's clock relative to this edge's (origin = edge + offset)."""
        return self._clock.best

    # ---- what sessions call ----------------------------------------------------------------

    def open_conversation(self, conversation_id: str) -> None:
        self._conversations.add(conversation_id)
        self._send_soon(ConversationStart(conversation_id))

    def end_conversation(self, conversation_id: str) -> None:
        self._conversations.discard(conversation_id)
        for turn_id, pending in list(self._turns.items()):
            if pending.message.conversation_id == conversation_id:
                del self._turns[turn_id]
        self._send_soon(ConversationEnd(conversation_id))

    def send_turn(self, turn: Turn, handler: ReplyHandler) -> None:
        """Queue `turn` for the origin; `handler` gets its replies, an `OriginError` or a `TurnFailed`."""
        if turn.turn_id in self._turns:
            return  # already on its way: never send (or answer) a turn twice
        if len(self._turns) >= self.config.max_pending_turns:
            handler(TurnFailed(turn.turn_id, "too many turns waiting for the origin"))
            self.stats.turns_failed += 1
            return
        self._turns[turn.turn_id] = _PendingTurn(turn, handler, time.monotonic())
        if self._ws is not None:
            self._send_turn(self._turns[turn.turn_id])

    def prefill(self, conversation_id: str, text: str, flagged: bool) -> None:
        """Hint the origin that `text` is probably coming (sent only while connected; never queued)."""
        self._send_soon(TurnPrefill(conversation_id, text[: MAX_TEXT_CHARS], flagged))

    def cancel_turn(self, turn_id: str) -> None:
        if turn_id in self._turns:
            self._send_soon(TurnCancel(turn_id))

    def pending_turns(self) -> int:
        return len(self._turns)

    # ---- connection ------------------------------------------------------------------------

    async def _run(self) -> None:
        backoff = _Backoff(self.config.backoff_initial_s, self.config.backoff_max_s)
        while not self._closed:
            reason = ""
            try:
                async with connect(self.config.endpoint, additional_headers=bearer_headers(self._make_token()),
                                   open_timeout=self.config.open_timeout_s, max_size=4 * MAX_FRAME_BYTES,
                                   proxy=None, compression=None, close_timeout=2) as ws:
                    self._ws = ws
                    self.stats.connects += 1
                    await self._on_connected(ws)
                    pinger = asyncio.ensure_future(self._ping(ws))
                    try:
                        async for frame in ws:
                            backoff.attempt = 0  # the origin talks to us: the link is healthy
                            self._on_frame(frame)
                    finally:
                        pinger.cancel()
                    reason = f"origin closed the link ({ws.close_code} {ws.close_reason})".strip()
            except ConnectionClosed as exc:
                reason = f"origin link lost ({exc.rcvd.code if exc.rcvd else 'no close frame'})"
                if exc.rcvd is not None and exc.rcvd.code == CLOSE_POLICY:
                    reason = f"origin refused this edge's credential: {exc.rcvd.reason}"
            except (OSError, TimeoutError, InvalidHandshake) as exc:
                reason = f"cannot reach the origin at {self.config.endpoint}: {exc or type(exc).__name__}"
            finally:
                self._ws = None
            if self._closed:
                break
            self.stats.disconnects += 1
            self.stats.last_error = reason
            self._set_available(False, reason)
            delay = backoff.next_delay()
            log.warning("%s; retrying in %.2f s", reason, delay)
            await asyncio.sleep(delay)

    async def _on_connected(self, ws: ClientConnection) -> None:
        for conversation_id in sorted(self._conversations):
            await ws.send(encode_message(ConversationStart(conversation_id)))
        for pending in list(self._turns.values()):
            if pending.sent:
                self.stats.turns_resent += 1
                pending.next_seq = 0  # a resent turn's reply streams again from seq 0
            await ws.send(encode_message(pending.message))
            pending.sent = True
            self.stats.turns_sent += 1
        self._set_available(True, "origin link up")

    async def _ping(self, ws: ClientConnection) -> None:
        while True:
            await ws.send(encode_message(Ping(time.monotonic())))
            await asyncio.sleep(self.config.ping_interval_s)

    def _set_available(self, available: bool, message: str) -> None:
        if available != self.available:
            self.available = available
            for listener in list(self._status_listeners):
                listener(available, message)

    def _send_soon(self, message: Any) -> None:
        ws = self._ws
        if ws is not None:
            asyncio.ensure_future(self._send(ws, message))

    def _send_turn(self, pending: _PendingTurn) -> None:
        pending.sent = True
        self.stats.turns_sent += 1
        self._send_soon(pending.message)

    @staticmethod
    async def _send(ws: ClientConnection, message: Any) -> None:
        try:
            await ws.send(encode_message(message))
        except ConnectionClosed:
            pass  # the runner notices and resends unfinished turns after reconnecting

    # ---- incoming --------------------------------------------------------------------------

    def _on_frame(self, frame: str | bytes) -> None:
        try:
            message = decode_origin_message(frame)
        except WireError as exc:
            log.warning("dropping invalid frame from origin: %s", exc)
            return
        if isinstance(message, Pong):
            self._clock.add(message.t0, message.t1, message.t2, time.monotonic())
            return
        pending = self._turns.get(message.turn_id) if message.turn_id else None
        if pending is None:
            if isinstance(message, OriginError):
                log.warning("origin error: %s %s", message.code, message.message)
            else:
                self.stats.duplicates_dropped += 1  # a replay of a turn already finished here
            return
        if isinstance(message, ReplyDelta):
            if message.seq < pending.next_seq:
                self.stats.duplicates_dropped += 1
                return
            pending.next_seq = message.seq + 1
        elif isinstance(message, OriginError) and message.code in RETRY_AFTER_RECONNECT:
            log.info("turn %s will be sent again after reconnecting: %s", message.turn_id, message.message)
            return
        else:
            del self._turns[message.turn_id]
        pending.handler(message)

    # ---- bounds ----------------------------------------------------------------------------

    async def _expire_turns(self) -> None:
        while True:
            await asyncio.sleep(0.25)
            now = time.monotonic()
            for turn_id, pending in list(self._turns.items()):
                waited = now - pending.queued_at
                if not self.available and waited > self.config.turn_wait_s:
                    self._fail(turn_id, f"origin unreachable for {self.config.turn_wait_s:g} s")
                elif waited > self.config.reply_timeout_s:
                    self._fail(turn_id, f"origin did not answer within {self.config.reply_timeout_s:g} s")

    def _fail(self, turn_id: str, reason: str) -> None:
        pending = self._turns.pop(turn_id, None)
        if pending is not None:
            self.stats.turns_failed += 1
            pending.handler(TurnFailed(turn_id, reason))
