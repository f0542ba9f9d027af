"""The probe's WebRTC client: offer to the edge over HTTP, stream a WAV, collect events."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from latency_probe.wav_track import RATE, WavTrack
from voice.events import (EVENTS_CHANNEL, ErrorEvent, EventError, OriginAvailable, OriginUnavailable, ReplyDone,
                          ScanBlocked, TranscriptFinal, TurnDropped, VadStart, decode_event)


class ProbeError(RuntimeError):
    """The probe could not do its job; the message says what failed, for a person to read."""


@dataclass(frozen=True, slots=True)
class ReceivedEvent:
    at: float
    event: object


@dataclass
class ProbeRun:
    """Everything one playback observed: events with arrival times, and the track's timing."""

    events: list[ReceivedEvent] = field(default_factory=list)
    file_started_at: float | None = None
    file_ended_at: float | None = None
    session_id: str = ""
    protocol_errors: list[str] = field(default_factory=list)

    def finals(self) -> list[ReceivedEvent]:
        return [e for e in self.events if isinstance(e.event, TranscriptFinal)]

    def transcript(self) -> str:
        return " ".join(e.event.text for e in self.finals())

    def replies(self) -> list[ReceivedEvent]:
        return [e for e in self.events if isinstance(e.event, ReplyDone)]


class TurnTracker:
    """Which turns the edge has opened and not yet ended. A turn ends with its final transcript
    when the edge has no origin; with one (the edge says `origin.available`/`unavailable` at the
    start), it ends with the reply, a block, a drop, or an error naming it."""

    def __init__(self) -> None:
        self.open: set[str] = set()
        self.expect_replies = False
        self.all_done = asyncio.Event()
        self.all_done.set()

    def see(self, event: object) -> None:
        if isinstance(event, (OriginAvailable, OriginUnavailable)):
            self.expect_replies = True
        elif isinstance(event, VadStart):
            self.open.add(event.turn_id)
        elif isinstance(event, TranscriptFinal) and not self.expect_replies:
            self.open.discard(event.turn_id)
        elif isinstance(event, (ReplyDone, ScanBlocked, TurnDropped)):
            self.open.discard(event.turn_id)
        elif isinstance(event, ErrorEvent) and event.turn_id:
            self.open.discard(event.turn_id)
        if self.open:
            self.all_done.clear()
        else:
            self.all_done.set()


async def run_probe(samples_48k: np.ndarray, url: str, *, tail_s: float = 2.0, final_timeout_s: float = 15.0,
                    connect_timeout_s: float = 10.0,
                    on_event: Callable[[ReceivedEvent], None] | None = None) -> ProbeRun:
    """Play `samples_48k` (mono int16 at 48 kHz) to the edge at `url` and collect what comes back.

    Waits for the file to finish, then `tail_s` of silence, then for every opened turn to end
    (see `TurnTracker`; at most `final_timeout_s`).
    """
    run = ProbeRun()
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    track = WavTrack(samples_48k)
    channel = pc.createDataChannel(EVENTS_CHANNEL)
    opened = asyncio.Event()
    turns = TurnTracker()

    def on_message(message: str | bytes) -> None:
        try:
            event = decode_event(message)
        except EventError as exc:
            run.protocol_errors.append(str(exc))
            return
        received = ReceivedEvent(time.monotonic(), event)
        run.events.append(received)
        turns.see(event)
        if on_event is not None:
            on_event(received)

    channel.on("message", on_message)
    channel.on("open", opened.set)
    pc.addTrack(track)
    try:
        await pc.setLocalDescription(await pc.createOffer())
        async with httpx.AsyncClient(timeout=connect_timeout_s) as http:
            try:
                response = await http.post(url.rstrip("/") + "/offer", json={
                    "sdp": pc.localDescription.sdp, "type": pc.localDescription.type})
            except httpx.HTTPError as exc:
                raise ProbeError(f"cannot reach the edge at {url}: {exc or type(exc).__name__}") from None
        if response.status_code != 200:
            raise ProbeError(f"edge refused the offer: HTTP {response.status_code} {response.text[:300]}")
        answer = response.json()
        run.session_id = answer.get("session_id", "")
        await pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], answer["type"]))
        try:
            await asyncio.wait_for(opened.wait(), connect_timeout_s)
        except TimeoutError:
            raise ProbeError(f"WebRTC connection to {url} did not open within {connect_timeout_s:g} s") from None
        await asyncio.wait_for(track.file_done.wait(), track.duration_s + connect_timeout_s)
        await asyncio.sleep(tail_s)
        try:
            await asyncio.wait_for(turns.all_done.wait(), final_timeout_s)
        except TimeoutError:
            what = "reply" if turns.expect_replies else "final transcript"
            run.protocol_errors.append(f"no {what} within {final_timeout_s:g} s for turns {sorted(turns.open)}")
    finally:
        run.file_started_at, run.file_ended_at = track.file_started_at, track.file_ended_at
        track.stop()
        await pc.close()
    return run


__all__ = ["ProbeError", "ProbeRun", "ReceivedEvent", "TurnTracker", "run_probe", "RATE"]
