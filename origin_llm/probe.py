"""A minimal edge-side client of the wire protocol, for the benchmark, the tests and smoke checks.

It speaks the protocol plainly (one turn at a time, no reconnects); the edge's real client is
`OriginLink` in the edge relay. `ask` sends one turn and collects its reply, timing it from the
client's side as well.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

from voice.wire import (OriginError, ReplyDelta, ReplyDone, ScanVerdict, Turn, bearer_headers,
                        decode_origin_message, encode_message)

ALLOW = ScanVerdict("allow")


@dataclass
class Answer:
    """Everything the origin sent for one turn."""

    turn_id: str
    deltas: list[ReplyDelta] = field(default_factory=list)
    done: ReplyDone | None = None
    error: OriginError | None = None
    client_ttft_ms: float | None = None
    client_total_ms: float | None = None

    @property
    def text(self) -> str:
        return "".join(d.text for d in self.deltas)


class OriginProbe:
    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.others: list[Any] = []  # messages that arrived for other turns while `ask` waited

    @classmethod
    async def connect(cls, url: str, token: str | None, open_timeout: float = 10.0) -> OriginProbe:
        headers = bearer_headers(token) if token is not None else None
        return cls(await websockets.connect(url, additional_headers=headers, open_timeout=open_timeout,
                                            max_size=None))

    async def send(self, message: Any) -> None:
        await self.connection.send(encode_message(message))

    async def send_raw(self, frame: str | bytes) -> None:
        await self.connection.send(frame)

    async def receive(self, timeout: float = 30.0) -> Any:
        return decode_origin_message(await asyncio.wait_for(self.connection.recv(), timeout))

    async def collect(self, turn_id: str, timeout: float = 60.0, sent_at: float | None = None) -> Answer:
        """Read until turn `turn_id` ends with `reply.done` or an `error` naming it."""
        answer = Answer(turn_id)
        sent_at = time.monotonic() if sent_at is None else sent_at
        deadline = sent_at + timeout
        while answer.done is None and answer.error is None:
            message = await self.receive(max(0.001, deadline - time.monotonic()))
            if getattr(message, "turn_id", None) != turn_id:
                self.others.append(message)
            elif isinstance(message, ReplyDelta):
                if answer.client_ttft_ms is None:
                    answer.client_ttft_ms = (time.monotonic() - sent_at) * 1000.0
                answer.deltas.append(message)
            elif isinstance(message, ReplyDone):
                answer.done = message
            else:
                answer.error = message
        answer.client_total_ms = (time.monotonic() - sent_at) * 1000.0
        return answer

    async def ask(self, conversation_id: str, turn_id: str, text: str, scan: ScanVerdict = ALLOW,
                  timeout: float = 60.0) -> Answer:
        sent_at = time.monotonic()
        await self.send(Turn(conversation_id, turn_id, text, scan, {}))
        return await self.collect(turn_id, timeout, sent_at)

    async def close(self) -> None:
        await self.connection.close()
