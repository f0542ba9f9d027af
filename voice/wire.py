"""The wire protocol between an edge relay and the origin: one WebSocket per edge process.

The edge connects to ``ws://ORIGIN/edge`` presenting ``Authorization: Bearer <token>``, a token made
by `make_edge_token` with the secret both tiers read from ``EDGEVOICE_ORIGIN_SECRET``. The origin
checks it with `verify_edge_token` before reading anything and closes a refused edge with 1008
(policy violation). After that both sides send JSON text frames, each one message below with a
`type` and the protocol version `v`; many conversations share the connection.

Edge -> origin: `conversation.start`, `turn`, `turn.prefill` (a hint), `turn.cancel`, `conversation.end`,
`ping`.
Origin -> edge: `reply.delta`, `reply.done`, `error`, `pong`.

Turn ids are idempotency keys (scoped to the edge id in the credential): a `turn` resent after a
reconnect is never answered twice. If its reply is finished the origin sends the stored `reply.done`
again with ``replay: true`` and no deltas; if it is still being generated the new connection is
attached to it and receives the deltas so far (same `seq` numbers; drop the ones already seen) and
the rest. A turn that failed (error frame, or abandoned when its edge went away) may be resent and
is then generated afresh.

Every receiver validates with `decode_edge_message` / `decode_origin_message`, which raise
`WireError` carrying a stable `code` (the `error` frame's code) and a readable reason. Unknown
fields are ignored, so a peer may add optional fields; anything that changes meaning bumps `v`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

import pydantic_core
from pydantic import Field, StringConstraints, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

WIRE_VERSION = 1
EDGE_PATH = "/edge"
SECRET_ENV = "EDGEVOICE_ORIGIN_SECRET"
MAX_FRAME_BYTES = 64 * 1024
MAX_TEXT_CHARS = 4000
MAX_REASONS = 16

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
UserText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS, pattern=r"\S")]
Reason = Annotated[str, StringConstraints(max_length=200)]
Millis = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Seconds = Annotated[float, Field(allow_inf_nan=False)]
ErrorCode = Literal[
    "malformed",             # not JSON, not an object, or over MAX_FRAME_BYTES
    "unsupported_version",   # `v` is missing or not WIRE_VERSION
    "unknown_type",          # `type` names no message this side accepts
    "invalid_message",       # a known type whose fields do not validate
    "unknown_conversation",  # no conversation.start was ever accepted for this id
    "conversation_ended",    # the conversation was ended; start a new one
    "unknown_turn",          # turn.cancel for a turn id the origin never saw
    "turn_conflict",         # a turn id resent with another conversation or text
    "blocked",               # the scan verdict says block; the model never sees the text
    "overloaded",            # too many turns in flight; retry later
    "backend_error",         # the model backend failed
    "backend_timeout",       # the turn did not finish within the origin's turn timeout
    "abandoned",             # the turn's edge went away; resend it to have it answered
    "shutting_down",         # the origin stopped while the turn was in flight
    "internal",              # the origin failed unexpectedly (e.g. its store); retry later
]


# ---- edge -> origin ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConversationStart:
    """Edge -> origin: open conversation `conversation_id` (or resume it after a reconnect; resending
    is harmless). Turns of a conversation the origin has not seen started are refused."""

    conversation_id: Identifier
    type: Literal["conversation.start"] = "conversation.start"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class ScanVerdict:
    """Carried in a `turn`: the edge scanner's verdict on the user's text. The origin stores it,
    answers `allow` and `flag` (a flagged turn gets a guard note in the prompt) and refuses
    `block` with a `blocked` error."""

    action: Literal["allow", "flag", "block"]
    score: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.0
    reasons: Annotated[list[Reason], Field(max_length=MAX_REASONS)] = Field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    """Edge -> origin: the user's final transcript of turn `turn_id`; the origin answers with
    `reply.delta`s and one `reply.done` (or an `error` naming the turn). `ledger` is the edge's
    ledger of the turn so far (any JSON object); the origin stores it beside its own."""

    conversation_id: Identifier
    turn_id: Identifier
    text: UserText
    scan: ScanVerdict
    ledger: dict[str, Any] = Field(default_factory=dict)
    type: Literal["turn"] = "turn"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class TurnPrefill:
    """Edge -> origin: a hint, not a turn. The user is probably saying `text` (each new partial
    transcript while they speak, the speculative transcript when they pause); the origin may
    evaluate the prompt it would build for it now, so the `turn` that follows the endpoint
    decision starts from a warm cache. Nothing is
    answered or stored, and a hint the origin cannot use (unknown conversation, model busy) is
    dropped silently: it is only ever an optimisation."""

    conversation_id: Identifier
    text: UserText
    flagged: bool = False
    type: Literal["turn.prefill"] = "turn.prefill"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class TurnCancel:
    """Edge -> origin: stop generating turn `turn_id` (the user barged in). The origin stops the
    model and sends `reply.done` with status `interrupted` and the text produced so far. Cancelling
    a finished turn does nothing."""

    turn_id: Identifier
    type: Literal["turn.cancel"] = "turn.cancel"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class ConversationEnd:
    """Edge -> origin: the client left; turns still in flight are interrupted, later turns refused."""

    conversation_id: Identifier
    type: Literal["conversation.end"] = "conversation.end"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class Ping:
    """Edge -> origin: clock probe; `t0` is the edge's clock when sent, echoed in the `pong`."""

    t0: Seconds
    type: Literal["ping"] = "ping"
    v: int = WIRE_VERSION


# ---- origin -> edge ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyDelta:
    """Origin -> edge: the next piece of turn `turn_id`'s reply; `seq` counts from 0 per turn, so a
    receiver that was re-attached after a reconnect drops the pieces it already has."""

    turn_id: Identifier
    seq: Annotated[int, Field(ge=0)]
    text: str
    type: Literal["reply.delta"] = "reply.delta"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class OriginLedger:
    """Carried in `reply.done`: the origin's stage times of the turn, in milliseconds on the
    origin's monotonic clock. `queue_wait` is queued -> the model starting on it, `prompt_eval`
    the model reading the prompt up to the first sampled token, `ttft` received -> first token
    sent, `generation` first token -> done. `None` where a stage did not happen (the OpenAI
    backend cannot see prompt evaluation). `marks_ms` holds every mark relative to `received`,
    and `received_s` is that mark's absolute origin-clock time, to place the marks on the edge's
    timeline with the clock offset from ping/pong."""

    backend: str
    received_s: Seconds
    queue_wait_ms: Millis | None = None
    prompt_eval_ms: Millis | None = None
    ttft_ms: Millis | None = None
    generation_ms: Millis | None = None
    total_ms: Millis | None = None
    prompt_tokens: int | None = None
    cached_prompt_tokens: int | None = None
    completion_tokens: int = 0
    marks_ms: dict[str, float] = Field(default_factory=dict)


@dataclass(frozen=True)
class ReplyDone:
    """Origin -> edge: turn `turn_id` is finished; `text` is the whole reply. `status` is
    `answered`, or `interrupted` after a `turn.cancel` (or `conversation.end`) cut it short.
    `replay` is true when this is the stored reply re-sent for a resent turn, not a new answer."""

    turn_id: Identifier
    text: str
    status: Literal["answered", "interrupted"]
    ledger: OriginLedger
    replay: bool = False
    type: Literal["reply.done"] = "reply.done"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class OriginError:
    """Origin -> edge: a frame or a turn failed. `code` is stable (see `ErrorCode`), `message` is
    for people; `turn_id` is set when the failure ends that turn (it gets no `reply.done`)."""

    code: ErrorCode
    message: str
    turn_id: str | None = None
    type: Literal["error"] = "error"
    v: int = WIRE_VERSION


@dataclass(frozen=True)
class Pong:
    """Origin -> edge: answer to `ping`, NTP style. `t1` is the origin's clock when the ping was
    read and `t2` when the pong was queued to send; with the edge's receive time t3 the offset of
    the origin clock is ((t1 - t0) + (t2 - t3)) / 2 and the round trip (t3 - t0) - (t2 - t1)."""

    t0: Seconds
    t1: Seconds
    t2: Seconds
    type: Literal["pong"] = "pong"
    v: int = WIRE_VERSION


EdgeMessage = Annotated[
    Union[ConversationStart, Turn, TurnPrefill, TurnCancel, ConversationEnd, Ping], Field(discriminator="type")]
OriginMessage = Annotated[
    Union[ReplyDelta, ReplyDone, OriginError, Pong], Field(discriminator="type")]
_EDGE_ADAPTER: TypeAdapter = TypeAdapter(EdgeMessage)
_ORIGIN_ADAPTER: TypeAdapter = TypeAdapter(OriginMessage)
_EDGE_TYPES = frozenset({"conversation.start", "turn", "turn.prefill", "turn.cancel", "conversation.end", "ping"})
_ORIGIN_TYPES = frozenset({"reply.delta", "reply.done", "error", "pong"})


class WireError(ValueError):
    """A frame that is not a valid message for its receiver. `code` is the `error` frame's code;
    `turn_id` is the frame's turn id when one could be read, so the error can name the turn."""

    def __init__(self, code: ErrorCode, reason: str, turn_id: str | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.turn_id = turn_id


def encode_message(message: Any) -> str:
    """Serialise any wire message (either direction) to one JSON text frame."""
    adapter = _ORIGIN_ADAPTER if message.type in _ORIGIN_TYPES else _EDGE_ADAPTER
    return adapter.dump_json(message).decode()


def decode_edge_message(frame: str | bytes) -> Any:
    """Validate a frame the origin received; raises `WireError`."""
    return _decode(frame, _EDGE_ADAPTER, _EDGE_TYPES, "edge -> origin")


def decode_origin_message(frame: str | bytes) -> Any:
    """Validate a frame the edge received; raises `WireError`."""
    return _decode(frame, _ORIGIN_ADAPTER, _ORIGIN_TYPES, "origin -> edge")


def _decode(frame: str | bytes, adapter: TypeAdapter, types: frozenset[str], direction: str) -> Any:
    if len(frame) > MAX_FRAME_BYTES:
        raise WireError("malformed", f"frame of {len(frame)} bytes exceeds {MAX_FRAME_BYTES}")
    try:
        data = pydantic_core.from_json(frame, allow_inf_nan=False)
    except ValueError as exc:
        raise WireError("malformed", f"frame is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise WireError("malformed", f"frame must be a JSON object, got {type(data).__name__}")
    turn_id = data.get("turn_id") if isinstance(data.get("turn_id"), str) else None
    turn_id = turn_id if turn_id and len(turn_id) <= 64 else None
    version = data.get("v")
    if type(version) is not int or version != WIRE_VERSION:
        raise WireError("unsupported_version",
                        f"protocol version {version!r} is not supported (this side speaks {WIRE_VERSION})",
                        turn_id)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in types:
        shown = repr(kind)[:80]
        raise WireError("unknown_type", f"unknown {direction} message type {shown} "
                        f"(expected one of {', '.join(sorted(types))})", turn_id)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "message"
        raise WireError("invalid_message", f"invalid {kind} at {where}: {first.get('msg')}", turn_id) from None


# ---- edge credentials ----------------------------------------------------------------------------

TOKEN_SCHEME = "ev1"
MIN_SECRET_BYTES = 16
MAX_TOKEN_CHARS = 256
MAX_TOKEN_TTL_S = 24 * 3600
CLOCK_SKEW_S = 30
_EDGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class CredentialError(ValueError):
    """An edge credential (or the shared secret) that cannot be used; the reason is safe to log."""


def secret_from_env(environ: Mapping[str, str] = os.environ) -> bytes:
    """The shared edge/origin secret from ``EDGEVOICE_ORIGIN_SECRET``."""
    value = environ.get(SECRET_ENV, "")
    if not value:
        raise CredentialError(f"{SECRET_ENV} is not set; edge and origin need the same secret")
    secret = value.encode()
    if len(secret) < MIN_SECRET_BYTES:
        raise CredentialError(f"{SECRET_ENV} must be at least {MIN_SECRET_BYTES} bytes long")
    return secret


def _signature(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_edge_token(secret: bytes, edge_id: str, ttl_s: float = 3600.0, now: float | None = None) -> str:
    """A credential for edge `edge_id`, valid for `ttl_s` seconds of wall-clock time:
    ``ev1.<edge_id>.<expiry unix s>.<base64url HMAC-SHA256(secret, "ev1.<edge_id>.<expiry>")>``."""
    if not _EDGE_ID.match(edge_id):
        raise CredentialError("edge id must be 1-64 characters of A-Z a-z 0-9 _ -")
    if not 0 < ttl_s <= MAX_TOKEN_TTL_S:
        raise CredentialError(f"token lifetime must be within (0, {MAX_TOKEN_TTL_S}] s")
    expiry = int((time.time() if now is None else now) + ttl_s)
    payload = f"{TOKEN_SCHEME}.{edge_id}.{expiry}"
    return f"{payload}.{_signature(secret, payload)}"


def verify_edge_token(secret: bytes, token: str, now: float | None = None) -> str:
    """The edge id of a valid, unexpired token; raises `CredentialError` otherwise."""
    if len(token) > MAX_TOKEN_CHARS:
        raise CredentialError("credential is too long")
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != TOKEN_SCHEME or not _EDGE_ID.match(parts[1]) or not parts[2].isdigit():
        raise CredentialError("credential is malformed")
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(_signature(secret, payload), parts[3]):
        raise CredentialError("credential signature does not match")
    now = time.time() if now is None else now
    expiry = int(parts[2])
    if expiry + CLOCK_SKEW_S < now:
        raise CredentialError("credential has expired")
    if expiry - now > MAX_TOKEN_TTL_S + CLOCK_SKEW_S:
        raise CredentialError("credential lifetime exceeds the maximum")
    return parts[1]


def bearer_headers(token: str) -> dict[str, str]:
    """Handshake headers that present `token` (pass to the WebSocket client)."""
    return {"Authorization": f"Bearer {token}"}


def token_from_authorization(header: str | None) -> str:
    """The token of an ``Authorization: Bearer ...`` header value; raises `CredentialError`."""
    if not header:
        raise CredentialError("no credential presented (Authorization: Bearer <token>)")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise CredentialError("credential must be presented as 'Authorization: Bearer <token>'")
    return token.strip()
