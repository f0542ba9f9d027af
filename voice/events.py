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
class ErrorEvent:
    """Either way: something failed; `code` is stable and machine-readable, `message` is for people."""

    code: str
    message: str
    type: Literal["error"] = "error"


Event = Annotated[
    Union[VadStart, VadEnd, TranscriptPartial, TranscriptFinal, TurnDropped, ErrorEvent],
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
