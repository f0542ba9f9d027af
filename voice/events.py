"""Messages on the `events` data channel between the edge and its client (browser or probe).

The client opens a data channel labelled `events` in its offer; the edge sends these JSON
messages on it, each with a `type`. The probe and the browser demo read them; the edge
validates anything a client sends with the same adapter, so a malformed message is refused
with an `error` event, never a crash.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

EVENTS_CHANNEL = "events"
MAX_MESSAGE_BYTES = 64 * 1024


@dataclass(frozen=True)
class VadStart:
    """Edge -> client: the VAD confirmed the user started speaking (turn `turn_id` opens)."""

    turn_id: str
    type: Literal["vad.start"] = "vad.start"


@dataclass(frozen=True)
class VadEnd:
    """Edge -> client: the endpoint decision; the user's turn is over."""

    turn_id: str
    speech_ms: float
    type: Literal["vad.end"] = "vad.end"


@dataclass(frozen=True)
class TranscriptPartial:
    """Edge -> client: the running hypothesis while the user speaks; may still change."""

    turn_id: str
    text: str
    type: Literal["transcript.partial"] = "transcript.partial"


@dataclass(frozen=True)
class TranscriptFinal:
    """Edge -> client: the turn's final transcript, with the ledger of the turn so far."""

    turn_id: str
    text: str
    ledger: dict[str, Any]
    type: Literal["transcript.final"] = "transcript.final"


@dataclass(frozen=True)
class TurnDropped:
    """Edge -> client: a turn that opened with `vad.start` ends without a transcript (the audio
    held no recognisable speech, or transcription failed); every turn ends in a final or this."""

    turn_id: str
    reason: str
    type: Literal["turn.dropped"] = "turn.dropped"


@dataclass(frozen=True)
class ScanVerdict:
    """Edge -> client: the scanner let the turn's text through (`allow`) or let it through
    marked as suspicious (`flag`); the text goes on to the origin with this verdict attached."""

    turn_id: str
    action: Literal["allow", "flag"]
    score: float
    reasons: list[str]
    type: Literal["scan.verdict"] = "scan.verdict"


@dataclass(frozen=True)
class ScanBlocked:
    """Edge -> client: the scanner blocked the turn's text; it never leaves the edge."""

    turn_id: str
    score: float
    reasons: list[str]
    type: Literal["scan.blocked"] = "scan.blocked"


@dataclass(frozen=True)
class ReplyDelta:
    """Edge -> client: the next piece of the agent's reply to `turn_id`, in order of `seq`.
    `seq` 0 starts the reply, or starts it over after the origin failed over: show it afresh."""

    turn_id: str
    seq: int
    text: str
    type: Literal["reply.delta"] = "reply.delta"


@dataclass(frozen=True)
class ReplyDone:
    """Edge -> client: the reply is complete (or was cut short: `interrupted`); `ledger` is the
    turn's full ledger, edge and origin stages together."""

    turn_id: str
    text: str
    interrupted: bool
    ledger: dict[str, Any]
    type: Literal["reply.done"] = "reply.done"


@dataclass(frozen=True)
class OriginUnavailable:
    """Edge -> client: the edge cannot reach the origin now. Finished turns wait (bounded) at
    the edge and are sent when the link is back; the client is told, not left guessing."""

    message: str
    type: Literal["origin.unavailable"] = "origin.unavailable"


@dataclass(frozen=True)
class OriginAvailable:
    """Edge -> client: the origin link is up (sent on connect and after an outage)."""

    type: Literal["origin.available"] = "origin.available"


@dataclass(frozen=True)
class ClockPing:
    """Client -> edge: clock probe; `t0` is the client's clock (seconds) when sent."""

    t0: float
    type: Literal["ping"] = "ping"


@dataclass(frozen=True)
class ClockPong:
    """Edge -> client: answer to `ping`, NTP style: `t1` edge clock when the ping was read, `t2`
    when the pong was sent. With its receive time t3 the client has the edge's clock offset
    ((t1 - t0) + (t2 - t3)) / 2 and the round trip (t3 - t0) - (t2 - t1)."""

    t0: float
    t1: float
    t2: float
    type: Literal["pong"] = "pong"


@dataclass(frozen=True)
class ClientMarks:
    """Client -> edge: instants of a turn seen at the client (`client.speech_end`,
    `client.first_token`, ...) in the client's clock, with the client's estimate of its clock
    offset (client = edge + `offset_s`, +/- `uncertainty_s`), so the edge can account the last
    mile in its metrics."""

    turn_id: str
    marks: dict[str, float]
    offset_s: float
    uncertainty_s: float
    type: Literal["client.marks"] = "client.marks"


@dataclass(frozen=True)
class ErrorEvent:
    """Either way: something failed; `code` is stable and machine-readable, `message` is for
    people; `turn_id` names the turn the failure ended, when there is one."""

    code: str
    message: str
    turn_id: str | None = None
    type: Literal["error"] = "error"


Event = Annotated[
    Union[VadStart, VadEnd, TranscriptPartial, TranscriptFinal, TurnDropped, ScanVerdict, ScanBlocked,
          ReplyDelta, ReplyDone, OriginUnavailable, OriginAvailable, ClockPing, ClockPong, ClientMarks, ErrorEvent],
    Field(discriminator="type"),
]
_ADAPTER: TypeAdapter = TypeAdapter(Event)


class EventError(ValueError):
    """A data-channel message that is not a valid event."""


def encode_event(event: Any) -> str:
    return _ADAPTER.dump_json(event).decode()


def decode_event(message: str | bytes) -> Any:
    """Parse and validate one message; raises `EventError` with a readable reason."""
    if len(message) > MAX_MESSAGE_BYTES:
        raise EventError(f"message of {len(message)} bytes exceeds {MAX_MESSAGE_BYTES}")
    try:
        return _ADAPTER.validate_json(message)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "message"
        raise EventError(f"invalid event at {where}: {first.get('msg')}") from None
