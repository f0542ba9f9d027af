"""Validation of a client's SDP offer before any WebRTC machinery is built for it.

aiortc's SDP parser is lenient (garbage parses as an empty description), so the edge checks
what it needs itself and answers a clear 400 instead of a half-built session: an audio section
the client sends on, with a codec aiortc can decode, and a data-channel section for `events`.
"""

from __future__ import annotations

from typing import Literal

from aiortc import sdp as aiortc_sdp
from aiortc.codecs import CODECS
from pydantic import BaseModel, Field

MAX_SDP_CHARS = 64 * 1024
SENDING_DIRECTIONS = {None, "sendrecv", "sendonly"}
AUDIO_CODECS = sorted({c.mimeType.split("/", 1)[1].lower() for c in CODECS["audio"]})


class OfferError(ValueError):
    """An offer the edge will not answer; the message is shown to the client as is."""


class OfferRequest(BaseModel):
    """Body of `POST /offer`: the browser's `RTCSessionDescription` as JSON."""

    sdp: str = Field(min_length=1, max_length=MAX_SDP_CHARS)
    type: Literal["offer"]


def check_offer(sdp_text: str) -> None:
    """Raise `OfferError` unless the offer has a sending audio section with a usable codec and
    a data-channel section."""
    try:
        description = aiortc_sdp.SessionDescription.parse(sdp_text)
    except Exception as exc:  # the parser asserts and indexes its way through bad input
        raise OfferError(f"unparseable SDP ({type(exc).__name__})") from None
    if not description.media:
        raise OfferError("SDP has no media sections")
    audio = [m for m in description.media if m.kind == "audio"]
    if not audio:
        raise OfferError("offer has no audio section: the edge needs a microphone track")
    if not any(m.direction in SENDING_DIRECTIONS for m in audio):
        raise OfferError("offer's audio section does not send (direction must be sendrecv or sendonly)")
    offered = {c.mimeType.split("/", 1)[-1].lower() for m in audio for c in m.rtp.codecs}
    if not offered & set(AUDIO_CODECS):
        raise OfferError(f"no supported audio codec: offer has {sorted(offered) or 'none'}, "
                         f"the edge decodes {AUDIO_CODECS}")
    if not any(m.kind == "application" for m in description.media):
        raise OfferError("offer has no data channel: open one labelled 'events' before creating the offer")
