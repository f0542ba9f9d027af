"""The probe's WebRTC client: offer to the edge over HTTP, play utterances, collect events.

`ProbeSession` is one client connection: it keeps a clock offset to the edge from data-channel
ping/pong, plays utterances one after another on a `WavTrack` (waiting for each one's turns to
end), and can report its own marks of each turn back to the edge. `run_probe` is the one-file
convenience used by tests and the simple CLI path.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from latency_probe.listener import ReplyListener
from latency_probe.wav_track import RATE, Playback, WavTrack
from voice.clock import ClockEstimate, ClockTracker
from voice.jitter import set_audio_prefetch
from voice.events import (EVENTS_CHANNEL, ClientMarks, ClockPing, ClockPong, ErrorEvent, EventError,
                          OriginAvailable, OriginUnavailable, ReplyDone, ScanBlocked, TranscriptFinal, TurnDropped,
                          VadStart, decode_event, encode_event)

PING_INTERVAL_S = 1.0
REPLY_QUIET_S = 1.0  # the agent has finished speaking once its voice has been silent this long


class ProbeError(RuntimeError):
    """The probe could not do its job; the message says what failed, for a person to read."""


@dataclass(frozen=True, slots=True)
class ReceivedEvent:
    at: float
    event: object


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


@dataclass
class ProbeRun:
    """Everything one session observed: events with arrival times, its playbacks, its clock."""

    events: list[ReceivedEvent] = field(default_factory=list)
    playbacks: list[Playback] = field(default_factory=list)
    session_id: str = ""
    protocol_errors: list[str] = field(default_factory=list)
    clock: ClockEstimate | None = None
    frame_lateness_s: list[float] = field(default_factory=list)
    listener: ReplyListener = field(default_factory=ReplyListener)

    @property
    def file_started_at(self) -> float | None:
        return self.playbacks[0].started_at if self.playbacks else None

    @property
    def file_ended_at(self) -> float | None:
        return self.playbacks[-1].ended_at if self.playbacks else None

    def finals(self) -> list[ReceivedEvent]:
        return [e for e in self.events if isinstance(e.event, TranscriptFinal)]

    def transcript(self) -> str:
        return " ".join(e.event.text for e in self.finals())

    def replies(self) -> list[ReceivedEvent]:
        return [e for e in self.events if isinstance(e.event, ReplyDone)]


class ProbeSession:
    def __init__(self, url: str, *, connect_timeout_s: float = 10.0, jitter_buffer_frames: int = 2,
                 on_event: Callable[[ReceivedEvent], None] | None = None) -> None:
        """`jitter_buffer_frames`: the probe hears the reply through a receive buffer of this many
        20 ms packets, near what a browser's adaptive buffer settles to on a LAN (aiortc's is 4)."""
        self.url = url.rstrip("/")
        self.jitter_buffer_frames = jitter_buffer_frames
        self.connect_timeout_s = connect_timeout_s
        self.run = ProbeRun()
        self.turns = TurnTracker()
        self.clock = ClockTracker()
        self._on_event = on_event
        self._pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self._track = WavTrack()
        self._channel = self._pc.createDataChannel(EVENTS_CHANNEL)
        self._opened = asyncio.Event()
        self._pinger: asyncio.Task | None = None
        self._channel.on("message", self._on_message)
        self._channel.on("open", self._opened.set)
        self._pc.addTrack(self._track)
        self._pc.on("track", lambda track: self.run.listener.listen(track) if track.kind == "audio" else None)

    async def connect(self) -> None:
        await self._pc.setLocalDescription(await self._pc.createOffer())
        async with httpx.AsyncClient(timeout=self.connect_timeout_s) as http:
            try:
                response = await http.post(self.url + "/offer", json={
                    "sdp": self._pc.localDescription.sdp, "type": self._pc.localDescription.type})
            except httpx.HTTPError as exc:
                raise ProbeError(f"cannot reach the edge at {self.url}: {exc or type(exc).__name__}") from None
        if response.status_code != 200:
            raise ProbeError(f"edge refused the offer: HTTP {response.status_code} {response.text[:300]}")
        try:
            answer = response.json()
            self.run.session_id = str(answer.get("session_id", ""))
            await self._pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], answer["type"]))
            set_audio_prefetch(self._pc, self.jitter_buffer_frames)
        except (ValueError, KeyError, TypeError) as exc:
            raise ProbeError(f"edge sent an unusable answer: {exc}") from None
        try:
            await asyncio.wait_for(self._opened.wait(), self.connect_timeout_s)
        except TimeoutError:
            raise ProbeError(f"WebRTC connection to {self.url} did not open within "
                             f"{self.connect_timeout_s:g} s") from None
        self._pinger = asyncio.ensure_future(self._ping())

    @property
    def channel(self):
        """The `events` data channel (to send raw messages, e.g. in tests of the edge's validation)."""
        return self._channel

    def play_now(self, samples_48k: np.ndarray) -> Playback:
        """Queue an utterance without waiting for anything (it plays after any queued before it)."""
        playback = self._track.play(samples_48k)
        self.run.playbacks.append(playback)
        return playback

    async def play(self, samples_48k: np.ndarray, *, tail_s: float, turn_timeout_s: float) -> Playback:
        """Play one utterance, then `tail_s` of silence, then wait (bounded) for its turns to end
        and for the agent to finish speaking: a polite user does not talk over the reply."""
        playback = self.play_now(samples_48k)
        try:
            await asyncio.wait_for(playback.done.wait(), playback.duration_s + self.connect_timeout_s)
        except TimeoutError:
            raise ProbeError("the audio track stopped sending: is the WebRTC connection still up?") from None
        await asyncio.sleep(tail_s)
        try:
            await asyncio.wait_for(self.turns.all_done.wait(), turn_timeout_s)
        except TimeoutError:
            what = "reply" if self.turns.expect_replies else "final transcript"
            self.run.protocol_errors.append(
                f"no {what} within {turn_timeout_s:g} s for turns {sorted(self.turns.open)}")
            self.turns.open.clear()
            self.turns.all_done.set()
        deadline = time.monotonic() + turn_timeout_s
        while not self.run.listener.quiet_for(REPLY_QUIET_S) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return playback

    def report_marks(self, turn_id: str, marks: dict[str, float]) -> None:
        """Tell the edge this client's marks of a turn (client clock), for its metrics."""
        best = self.clock.best
        if best is None or self._channel.readyState != "open":
            return
        # best.offset_s: edge = client + offset; ClientMarks wants client = edge + offset
        self._channel.send(encode_event(ClientMarks(turn_id, marks, -best.offset_s, best.uncertainty_s)))

    def snapshot(self) -> ProbeRun:
        """The run so far, with the current clock estimate and the track's frame timing."""
        self.run.clock = self.clock.best
        self.run.frame_lateness_s = list(self._track.lateness_s)
        return self.run

    async def close(self) -> None:
        if self._pinger is not None:
            self._pinger.cancel()
        self.snapshot()
        self._track.stop()
        await self.run.listener.close()
        await self._pc.close()

    async def _ping(self) -> None:
        while True:
            if self._channel.readyState == "open":
                self._channel.send(encode_event(ClockPing(time.monotonic())))
            await asyncio.sleep(PING_INTERVAL_S if len(self.clock) >= 4 else 0.1)

    def _on_message(self, message: str | bytes) -> None:
        received_at = time.monotonic()
        try:
            event = decode_event(message)
        except EventError as exc:
            self.run.protocol_errors.append(str(exc))
            return
        if isinstance(event, ClockPong):
            self.clock.add(event.t0, event.t1, event.t2, received_at)
            return
        received = ReceivedEvent(received_at, event)
        self.run.events.append(received)
        self.turns.see(event)
        if self._on_event is not None:
            self._on_event(received)


async def run_probe(samples_48k: np.ndarray, url: str, *, tail_s: float = 2.0, final_timeout_s: float = 15.0,
                    connect_timeout_s: float = 10.0,
                    on_event: Callable[[ReceivedEvent], None] | None = None) -> ProbeRun:
    """Play one utterance (mono int16 at 48 kHz) to the edge at `url` in a fresh session."""
    session = ProbeSession(url, connect_timeout_s=connect_timeout_s, on_event=on_event)
    try:
        await session.connect()
        await session.play(samples_48k, tail_s=tail_s, turn_timeout_s=final_timeout_s)
    finally:
        await session.close()
    return session.run


__all__ = ["ProbeError", "ProbeRun", "ProbeSession", "ReceivedEvent", "TurnTracker", "run_probe", "RATE"]
