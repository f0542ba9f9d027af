"""The edge's HTTP surface: `POST /offer` (WebRTC signalling) and `GET /healthz`.

Routes stay thin: parse, validate, hand over to `EdgeSession`. Shared state (the recogniser,
the ASR scheduler, the live sessions, the loop monitor, the loaded VAD models) is built in the
lifespan and kept on `app.state.edge`, never in module globals.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiortc import RTCSessionDescription
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError

from edge_relay.config import EdgeConfig
from edge_relay.ice import include_loopback
from edge_relay.metrics import CONTENT_TYPE, EdgeMetrics
from edge_relay.origin_link import OriginLink, OriginLinkConfig
from edge_relay.session import EdgeSession
from edge_relay.signaling import MAX_SDP_CHARS, OfferError, OfferRequest, check_offer
from voice.asr import SpeechRecognizer
from voice.asr_scheduler import AsrScheduler
from voice.loop_monitor import LoopMonitor
from voice.silero import SileroPool
from voice.tts import SpeechSynthesizer
from voice.wire import make_edge_token, secret_from_env

log = logging.getLogger(__name__)

MAX_OFFER_BODY = MAX_SDP_CHARS + 1024
STATIC_DIR = Path(__file__).parent / "static"


SPARE_VAD_MODELS = 2  # loaded and idle before each new session, so concurrent offers rarely load on the loop


@dataclass
class EdgeState:
    config: EdgeConfig
    scheduler: AsrScheduler
    monitor: LoopMonitor
    metrics: EdgeMetrics
    origin_link: OriginLink | None = None
    synthesizer: SpeechSynthesizer | None = None
    tts_executor: ThreadPoolExecutor | None = None
    sessions: dict[str, EdgeSession] = field(default_factory=dict)
    vad_models: SileroPool = field(default_factory=SileroPool)

    def broadcast_origin_status(self, available: bool, message: str) -> None:
        for session in list(self.sessions.values()):
            session.origin_status(available, message)


def build_origin_link(config: EdgeConfig) -> OriginLink | None:
    """The origin link, if an origin is configured; the shared secret must be in the environment."""
    if not config.origin_url:
        return None
    secret = secret_from_env()  # raises CredentialError with a clear message when unset
    link_config = OriginLinkConfig(config.origin_url, turn_wait_s=config.origin_turn_wait_s)
    return OriginLink(link_config, lambda: make_edge_token(secret, config.edge_id))


def register_gauges(state: EdgeState) -> None:
    """Gauges read when Prometheus scrapes, from the state that already holds the numbers."""
    m = state.metrics
    m.gauge("edgevoice_sessions", "Live WebRTC sessions", lambda: len(state.sessions))
    m.gauge("edgevoice_asr_queue_depth", "Recognition requests waiting for a worker", state.scheduler.queue_depth)
    m.gauge("edgevoice_asr_partials_shed", "Partial decodes dropped for newer ones", lambda: state.scheduler.stats.partials_shed)
    m.gauge("edgevoice_loop_lateness_max_seconds", "Worst event-loop wake-up lateness in the recent window",
            lambda: state.monitor.stats()["max_ms"] / 1000.0)
    m.gauge("edgevoice_loop_lateness_p99_seconds", "p99 event-loop wake-up lateness in the recent window",
            lambda: state.monitor.stats()["p99_ms"] / 1000.0)
    if state.origin_link is not None:
        link = state.origin_link
        m.gauge("edgevoice_origin_available", "1 while the origin link is up", lambda: float(link.available))
        m.gauge("edgevoice_origin_pending_turns", "Turns waiting for the origin's answer", link.pending_turns)


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(config: EdgeConfig | None = None, recognizer: SpeechRecognizer | None = None,
               synthesizer: SpeechSynthesizer | None = None) -> FastAPI:
    """Build the edge app. `recognizer` and `synthesizer` let tests share loaded models across apps."""
    config = config or EdgeConfig()
    if config.ice_loopback:
        include_loopback()
    origin_link = build_origin_link(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = recognizer
        if engine is None:
            from voice.whisper_asr import WhisperRecognizer

            engine = await asyncio.to_thread(
                WhisperRecognizer, cpu_threads=config.asr_threads, num_workers=config.asr_workers)
        voice = synthesizer
        if voice is None and config.voice:
            from voice.piper_tts import PiperSynthesizer

            voice = await asyncio.to_thread(PiperSynthesizer)
        state = EdgeState(config, AsrScheduler(engine, config.asr_workers), LoopMonitor(), EdgeMetrics(), origin_link,
                          voice if config.voice else None,
                          ThreadPoolExecutor(1, thread_name_prefix="tts") if config.voice else None)
        if config.endpointer.vad == "silero":
            await asyncio.to_thread(state.vad_models.fill, SPARE_VAD_MODELS)
        register_gauges(state)
        state.monitor.start()
        if origin_link is not None:
            origin_link.on_status(state.broadcast_origin_status)
            origin_link.start()
        app.state.edge = state
        try:
            yield
        finally:
            await asyncio.gather(*(s.close("edge shutting down") for s in list(state.sessions.values())),
                                 return_exceptions=True)
            if origin_link is not None:
                await origin_link.close()
            await state.monitor.stop()
            await asyncio.to_thread(state.scheduler.close)
            if state.tts_executor is not None:
                state.tts_executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="edgevoice edge relay", lifespan=lifespan)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    async def demo_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @app.post("/offer")
    async def offer(request: Request) -> JSONResponse:
        state: EdgeState = request.app.state.edge
        body = await request.body()
        if len(body) > MAX_OFFER_BODY:
            return error(413, f"offer body exceeds {MAX_OFFER_BODY} bytes")
        try:
            parsed = OfferRequest.model_validate_json(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "body"
            return error(400, f"invalid offer at {where}: {first.get('msg')}")
        try:
            check_offer(parsed.sdp)
        except OfferError as exc:
            return error(400, str(exc))
        if len(state.sessions) >= state.config.max_sessions:
            return error(503, f"edge is at capacity ({state.config.max_sessions} sessions)")
        if state.config.endpointer.vad == "silero":  # loading a model takes ~55 ms: not on the loop
            await asyncio.to_thread(state.vad_models.fill, SPARE_VAD_MODELS)
        session_id = uuid.uuid4().hex[:12]
        session = EdgeSession(session_id, state.config, state.scheduler,
                              lambda s: state.sessions.pop(s.session_id, None), state.origin_link, state.metrics,
                              state.synthesizer, state.tts_executor, state.vad_models)
        state.sessions[session_id] = session
        try:
            answer = await asyncio.wait_for(
                session.answer(RTCSessionDescription(parsed.sdp, parsed.type)),
                state.config.offer_timeout_s)
        except TimeoutError:
            await session.close("negotiation timed out")
            return error(504, f"negotiation did not finish within {state.config.offer_timeout_s:g} s")
        except Exception as exc:  # aiortc raises ValueError/OperationError/... on bad offers
            await session.close("negotiation failed")
            return error(400, f"cannot answer this offer: {exc or type(exc).__name__}")
        return JSONResponse({"sdp": answer.sdp, "type": answer.type, "session_id": session_id})

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        return Response(request.app.state.edge.metrics.render(), media_type=CONTENT_TYPE)

    @app.get("/healthz")
    async def healthz(request: Request) -> dict:
        state: EdgeState = request.app.state.edge
        stats = state.scheduler.stats
        return {
            "status": "ok",
            "sessions": len(state.sessions),
            "asr": {"queue_depth": state.scheduler.queue_depth(), "finals": stats.finals,
                    "partials": stats.partials, "partials_shed": stats.partials_shed,
                    "max_queue_wait_ms": round(stats.max_queue_wait_s * 1000, 1)},
            "event_loop": state.monitor.stats(),
            "origin": None if state.origin_link is None else {
                "available": state.origin_link.available, "pending_turns": state.origin_link.pending_turns(),
                "connects": state.origin_link.stats.connects, "turns_resent": state.origin_link.stats.turns_resent,
                "duplicates_dropped": state.origin_link.stats.duplicates_dropped,
                "turns_failed": state.origin_link.stats.turns_failed,
                "last_error": state.origin_link.stats.last_error},
        }

    return app
