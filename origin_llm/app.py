"""The origin's network surface: the edge WebSocket (`/edge`), `GET /healthz` and `GET /metrics`.

Routes stay thin. The edge route checks the credential on the handshake and closes a refused
edge with 1008 before reading any frame; an accepted one is served by an `EdgeLink`. Shared
state (store, model, orchestrator, live links, loop monitor) is built in the lifespan and kept on
`app.state.origin`, never in module globals.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from fastapi import FastAPI, Request, Response, WebSocket

from origin_llm.config import OriginConfig
from origin_llm.edge_link import CLOSE_GOING_AWAY, CLOSE_POLICY, CLOSE_TRY_AGAIN, EdgeLink
from origin_llm.language_model import LanguageModel, load_model
from origin_llm.metrics import CONTENT_TYPE, OriginMetrics
from origin_llm.store import ConversationStore, SqliteConversationStore
from origin_llm.turns import TurnOrchestrator
from voice.loop_monitor import LoopMonitor
from voice.wire import EDGE_PATH, WIRE_VERSION, CredentialError, token_from_authorization, verify_edge_token

log = logging.getLogger(__name__)


@dataclass
class OriginState:
    config: OriginConfig
    store: ConversationStore
    model: LanguageModel
    orchestrator: TurnOrchestrator
    monitor: LoopMonitor
    metrics: OriginMetrics
    links: set[EdgeLink] = field(default_factory=set)


def register_gauges(state: OriginState) -> None:
    """Gauges read when Prometheus scrapes, from the state that already holds the numbers."""
    m, orchestrator = state.metrics, state.orchestrator
    m.gauge("edgevoice_origin_edges", "Edges connected", lambda: len(state.links))
    m.gauge("edgevoice_origin_turns_in_flight", "Turns being answered", lambda: len(orchestrator.live))
    m.gauge("edgevoice_origin_replays", "Resent turns answered from the store", lambda: orchestrator.replayed)
    m.gauge("edgevoice_origin_prefills", "Prefill hints acted on", lambda: orchestrator.prefills)
    m.gauge("edgevoice_origin_loop_lateness_p99_seconds", "p99 event-loop wake-up lateness in the recent window",
            lambda: state.monitor.stats()["p99_ms"] / 1000.0)


def authenticate(websocket: WebSocket, secret: bytes) -> str:
    """The edge id of the connection's credential; raises `CredentialError`."""
    return verify_edge_token(secret, token_from_authorization(websocket.headers.get("authorization")))


def create_app(config: OriginConfig, model: LanguageModel | None = None) -> FastAPI:
    """Build the origin app. `model` lets tests and the benchmark share one loaded model; the app
    closes only a model it loaded itself."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store = await SqliteConversationStore.open(config.db_path)
        try:
            engine = model or await load_model(config.model)
        except BaseException:
            await store.close()
            raise
        metrics = OriginMetrics()
        state = OriginState(config, store, engine, TurnOrchestrator(config, store, engine, metrics), LoopMonitor(),
                            metrics)
        register_gauges(state)
        state.monitor.start()
        app.state.origin = state
        try:
            yield
        finally:
            for link in list(state.links):
                await link.close(CLOSE_GOING_AWAY, "origin shutting down")
            await state.orchestrator.close()
            await state.monitor.stop()
            await store.close()
            if model is None:
                await engine.close()

    app = FastAPI(title="edgevoice origin", lifespan=lifespan)

    @app.websocket(EDGE_PATH)
    async def edge(websocket: WebSocket) -> None:
        state: OriginState = websocket.app.state.origin
        try:
            edge_id = authenticate(websocket, state.config.secret)
        except CredentialError as exc:
            log.info("refused an edge from %s: %s", websocket.client, exc)
            await websocket.accept()
            await websocket.close(CLOSE_POLICY, str(exc))
            return
        await websocket.accept()
        if len(state.links) >= state.config.max_edges:
            await websocket.close(CLOSE_TRY_AGAIN, f"origin serves at most {state.config.max_edges} edges")
            return
        link = EdgeLink(websocket, edge_id, state.config, state.store, state.orchestrator)
        state.links.add(link)
        log.info("edge %s connected from %s", edge_id, websocket.client)
        try:
            await link.serve()
        finally:
            state.links.discard(link)
            log.info("edge %s disconnected", edge_id)

    @app.get("/metrics", include_in_schema=False)
    async def metrics_page(request: Request) -> Response:
        return Response(request.app.state.origin.metrics.render(), media_type=CONTENT_TYPE)

    @app.get("/healthz")
    async def healthz(request: Request) -> dict:
        state: OriginState = request.app.state.origin
        return {
            "status": "ok",
            "protocol": WIRE_VERSION,
            "backend": state.model.name,
            "edges": len(state.links),
            "turns": {"in_flight": len(state.orchestrator.live), "answered": state.orchestrator.answered,
                      "replayed": state.orchestrator.replayed, "prefilled": state.orchestrator.prefills},
            "event_loop": state.monitor.stats(),
        }

    return app
