"""One authenticated edge connection, seen from the origin.

`EdgeLink.serve` reads the edge's frames one at a time: each is validated, and a bad one gets an
`error` frame while the connection carries on (until `max_bad_frames`, then 1008). Control
messages are handled in order before the next frame is read, so a `turn` always sees the
`conversation.start` sent before it; turns are handed to the `TurnOrchestrator` and answered
concurrently. Everything going back to the edge passes through one bounded outbox and one writer
task, so frames of different turns never interleave mid-frame and an edge that stops reading is
disconnected (1013) instead of growing the origin's memory.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from origin_llm.config import OriginConfig
from origin_llm.ledger import OriginTurnLedger
from origin_llm.store import ConversationStore
from origin_llm.turns import TurnOrchestrator
from voice.wire import (ConversationEnd, ConversationStart, OriginError, Ping, Pong, Turn, TurnCancel,
                        TurnPrefill, WireError, decode_edge_message, encode_message)

log = logging.getLogger(__name__)

CLOSE_POLICY = 1008
CLOSE_TRY_AGAIN = 1013
CLOSE_GOING_AWAY = 1001
DRAIN_TIMEOUT_S = 5.0


@dataclasses.dataclass(frozen=True, slots=True)
class _CloseAfterSending:
    code: int
    reason: str


class EdgeLink:
    def __init__(self, websocket: WebSocket, edge_id: str, config: OriginConfig, store: ConversationStore,
                 orchestrator: TurnOrchestrator) -> None:
        self.websocket = websocket
        self.edge_id = edge_id
        self.config = config
        self.store = store
        self.orchestrator = orchestrator
        self.frames_in = 0
        self.bad_frames = 0
        self._outbox: asyncio.Queue = asyncio.Queue(maxsize=config.send_backlog)
        self._closing: asyncio.Task | None = None
        self.closed = False

    def deliver(self, message: Any) -> None:
        if self.closed:
            return
        try:
            self._outbox.put_nowait(message)
        except asyncio.QueueFull:
            log.warning("edge %s is not reading its replies; disconnecting it", self.edge_id)
            self.close_soon(CLOSE_TRY_AGAIN, "edge is not reading its replies")

    def close_soon(self, code: int, reason: str) -> None:
        if self._closing is None:
            self._closing = asyncio.get_running_loop().create_task(self.close(code, reason))

    async def close(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            await self.websocket.close(code, reason)
        except (RuntimeError, OSError):
            pass  # already closed by the other side

    async def serve(self) -> None:
        writer = asyncio.create_task(self._write(), name=f"edge-{self.edge_id}-writer")
        draining = False
        try:
            draining = await self._read()
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            self.orchestrator.detach(self)
            if draining:  # let the writer send what is queued, then the close frame
                await asyncio.wait([writer], timeout=DRAIN_TIMEOUT_S)
            self.closed = True
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)

    async def _read(self) -> bool:
        """Serve frames until the edge goes away (False) or has to be closed once the frames
        queued for it are sent (True)."""
        while not self.closed:
            event = await self.websocket.receive()
            if event["type"] == "websocket.disconnect":
                return False
            received = time.monotonic()
            self.frames_in += 1
            frame = event.get("text")
            try:
                message = decode_edge_message(frame if frame is not None else event.get("bytes") or b"")
            except WireError as exc:
                self.bad_frames += 1
                self.deliver(OriginError(exc.code, str(exc), exc.turn_id))
                if self.bad_frames >= self.config.max_bad_frames:
                    self.deliver(_CloseAfterSending(CLOSE_POLICY, f"{self.bad_frames} invalid frames"))
                    return True
                continue
            try:
                await self._dispatch(message, received)
            except Exception:  # the store failed: this frame is lost, the connection is not
                log.exception("edge %s: could not handle %s", self.edge_id, message.type)
                self.deliver(OriginError("internal", f"the origin could not handle this {message.type}",
                                         getattr(message, "turn_id", None)))
        return False

    async def _dispatch(self, message: Any, received: float) -> None:
        match message:
            case Turn():
                ledger = OriginTurnLedger(self.orchestrator.model.name)
                ledger.mark("received", received)
                self.orchestrator.submit(message, ledger, self)
            case TurnPrefill():
                self.orchestrator.prefill(self.edge_id, message)
            case Ping():
                self.deliver(Pong(message.t0, received, received))
            case TurnCancel():
                if not self.orchestrator.cancel(self.edge_id, message.turn_id) and \
                        await self.store.get_turn(self.edge_id, message.turn_id) is None:
                    self.deliver(OriginError("unknown_turn", f"no turn {message.turn_id!r} to cancel",
                                             message.turn_id))
            case ConversationStart():
                if await self.store.open_conversation(self.edge_id, message.conversation_id) == "ended":
                    self.deliver(OriginError("conversation_ended",
                                             f"conversation {message.conversation_id!r} has ended"))
            case ConversationEnd():
                self.orchestrator.end_conversation(self.edge_id, message.conversation_id)
                if not await self.store.end_conversation(self.edge_id, message.conversation_id):
                    self.deliver(OriginError("unknown_conversation",
                                             f"conversation {message.conversation_id!r} was never started"))

    async def _write(self) -> None:
        while True:
            message = await self._outbox.get()
            if isinstance(message, _CloseAfterSending):
                await self.close(message.code, message.reason)
                return
            if isinstance(message, Pong):
                message = dataclasses.replace(message, t2=time.monotonic())
            try:
                await self.websocket.send_text(encode_message(message))
            except (WebSocketDisconnect, RuntimeError, OSError) as exc:
                log.debug("edge %s: send failed (%s); closing", self.edge_id, exc)
                self.closed = True
                return
