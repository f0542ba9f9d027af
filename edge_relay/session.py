"""One client's WebRTC session at the edge: peer connection, `events` channel, audio consumer.

The session owns everything it starts (the peer connection, its receiver's decoder thread, the
consumer task, the pipeline's ASR requests) and `close` releases all of it, whichever way the
session ends: the client hangs up, ICE fails, audio stops arriving for `idle_timeout_s` (a peer
that vanished without a goodbye), or the edge shuts down.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaBlackhole
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from edge_relay.config import EdgeConfig
from edge_relay.conversation import EdgeConversation
from edge_relay.metrics import EdgeMetrics
from edge_relay.origin_link import OriginLink
from edge_relay.pipeline import VoicePipeline
from edge_relay.reply_audio import ReplyAudioTrack, ReplyVoice
from voice.asr_scheduler import AsrScheduler
from voice.events import (EVENTS_CHANNEL, ClientMarks, ClockPing, ClockPong, ErrorEvent, EventError, OriginAvailable,
                          OriginUnavailable, decode_event, encode_event)
from voice.frames import FrameConverter
from voice.jitter import set_audio_prefetch
from voice.silero import SileroPool
from voice.tts import SpeechSynthesizer

log = logging.getLogger(__name__)

MAX_QUEUED_EVENTS = 256


class EdgeSession:
    def __init__(self, session_id: str, config: EdgeConfig, scheduler: AsrScheduler,
                 on_closed: Callable[["EdgeSession"], None], origin_link: OriginLink | None = None,
                 metrics: EdgeMetrics | None = None, synthesizer: SpeechSynthesizer | None = None,
                 tts_executor: Executor | None = None, vad_models: SileroPool | None = None) -> None:
        self.session_id = session_id
        self.config = config
        self.created_at = time.monotonic()
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.conversation = EdgeConversation(session_id, origin_link, self.send, metrics, config.budget)
        self.pipeline = VoicePipeline(session_id, scheduler, self.send, config.endpointer,
                                      vad_models=vad_models, on_final=self.conversation.on_final,
                                      on_speech_start=self.conversation.on_user_speech,
                                      on_likely_transcript=self.conversation.on_likely_transcript)
        self.reply_track: ReplyAudioTrack | None = None
        if synthesizer is not None and tts_executor is not None:
            self.reply_track = ReplyAudioTrack(on_first_audio=self.conversation.on_first_audio)
            self.conversation.voice = ReplyVoice(synthesizer, tts_executor, self.reply_track,
                                                 on_synthesis=self.conversation.on_synthesis,
                                                 on_silent=self.conversation.on_silent)
        self._on_closed = on_closed
        self._channel = None
        self._pending: list[str] = []
        self._consumer: asyncio.Task | None = None
        self._audio_track: asyncio.Future[MediaStreamTrack] = asyncio.get_running_loop().create_future()
        self._blackhole = MediaBlackhole()
        self._closing: asyncio.Task | None = None
        self.closed = asyncio.Event()
        self.close_reason = ""
        self.pc.on("datachannel", self._on_datachannel)
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection_state)
        if origin_link is not None:
            self.origin_status(origin_link.available, "origin link up" if origin_link.available
                               else origin_link.stats.last_error or "connecting to the origin")

    async def answer(self, offer: RTCSessionDescription) -> RTCSessionDescription:
        await self.pc.setRemoteDescription(offer)
        set_audio_prefetch(self.pc, self.config.jitter_buffer_frames)
        if self.reply_track is not None:
            self.pc.addTrack(self.reply_track)  # the agent's voice, on the client's audio transceiver
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        self._consumer = asyncio.ensure_future(self._consume())
        return self.pc.localDescription

    def send(self, event: object) -> None:
        """Send an event to the client, queueing (bounded) until the channel opens."""
        message = encode_event(event)
        channel = self._channel
        if channel is not None and channel.readyState == "open":
            channel.send(message)
        elif len(self._pending) < MAX_QUEUED_EVENTS:
            self._pending.append(message)

    def origin_status(self, available: bool, message: str) -> None:
        self.send(OriginAvailable() if available else OriginUnavailable(message))

    def _on_datachannel(self, channel) -> None:
        if channel.label != EVENTS_CHANNEL or self._channel is not None:
            channel.close()
            return
        self._channel = channel
        channel.on("message", self._on_message)
        if channel.readyState == "open":
            self._flush()
        else:
            channel.on("open", self._flush)

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for message in pending:
            self._channel.send(message)

    def _on_message(self, message: str | bytes) -> None:
        """Clients may send clock pings and their marks of a turn; anything else is answered with an error."""
        received = time.monotonic()
        try:
            event = decode_event(message)
        except EventError as exc:
            self.send(ErrorEvent("bad_message", str(exc)))
            return
        if isinstance(event, ClockPing):
            self.send(ClockPong(event.t0, received, time.monotonic()))
        elif isinstance(event, ClientMarks):
            if not self.conversation.on_client_marks(event):
                self.send(ErrorEvent("unknown_turn", f"no recent finished turn {event.turn_id!r} in this session"))
        else:
            self.send(ErrorEvent("unsupported", f"the edge does not accept {event.type!r} from clients"))

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio" and not self._audio_track.done():
            self._audio_track.set_result(track)
        else:
            self._blackhole.addTrack(track)  # video or a second audio track: drained, not buffered
            asyncio.ensure_future(self._blackhole.start())

    async def _consume(self) -> None:
        """Wait for the client's audio (bounded), then feed every frame to the pipeline."""
        converter = FrameConverter()
        reason = "audio track ended"
        try:
            wait_s = self.config.offer_timeout_s + self.config.idle_timeout_s
            try:
                track = await asyncio.wait_for(asyncio.shield(self._audio_track), wait_s)
            except TimeoutError:
                self.close_soon(f"no audio track within {wait_s:g} s of the answer")
                return
            while True:
                try:
                    frame = await asyncio.wait_for(track.recv(), self.config.idle_timeout_s)
                except MediaStreamError:
                    break
                except TimeoutError:
                    reason = f"no audio for {self.config.idle_timeout_s:g} s"
                    self.send(ErrorEvent("idle_timeout", f"closing the session: {reason}"))
                    break
                for pcm in converter.convert(frame, time.monotonic()):
                    self.pipeline.push(pcm)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("session %s: audio consumer failed", self.session_id)
            reason = f"audio processing failed: {exc}"
            self.send(ErrorEvent("internal", reason))
        self.close_soon(reason)

    def _on_connection_state(self) -> None:
        if self.pc.connectionState in ("failed", "closed"):
            self.close_soon(f"connection {self.pc.connectionState}")

    def close_soon(self, reason: str) -> None:
        """Start closing (once); safe to call from the session's own tasks and callbacks."""
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close(reason))

    async def close(self, reason: str = "closed") -> None:
        self.close_soon(reason)
        await asyncio.shield(self._closing)

    async def _close(self, reason: str) -> None:
        self.close_reason = reason
        log.info("session %s closing: %s", self.session_id, reason)
        try:
            if self._consumer is not None:
                self._consumer.cancel()
                await asyncio.gather(self._consumer, return_exceptions=True)
            await self.pipeline.close()
            self.conversation.close()
            if self.conversation.voice is not None:
                await self.conversation.voice.close()
            if self.reply_track is not None:
                self.reply_track.stop()
            await self._blackhole.stop()
            await self.pc.close()
        finally:
            self.closed.set()
            self._on_closed(self)
