"""The OpenAI-compatible backend against real HTTP servers on loopback: llama.cpp's own
OpenAI-compatible server running the bundled SmolLM2 (the happy path), and small SSE servers that
misbehave on purpose (errors, garbage, truncation, stalls, endless streams)."""

import asyncio
import json
import threading
import time

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from origin_llm.config import ModelConfig, OriginConfig
from origin_llm.language_model import BackendError, ChatMessage
from origin_llm.ledger import OriginTurnLedger
from origin_llm.local_server import LlamaServer, LocalOrigin, free_port
from origin_llm.openai_model import OpenAIChatModel
from origin_llm.probe import OriginProbe
from voice.wire import ConversationStart, ReplyDelta, ScanVerdict, Turn, TurnCancel, make_edge_token

pytestmark = pytest.mark.slow

SECRET = b"test-secret-0123456789"
QUESTION = [ChatMessage("system", "Answer briefly."), ChatMessage("user", "What is the capital of France?")]


@pytest.fixture(scope="module")
def llama_server():
    """`python -m llama_cpp.server` with the bundled GGUF, on a free loopback port."""
    server = LlamaServer().wait_ready()
    yield server.base_url
    server.stop()


class Misbehaving:
    """SSE endpoints that go wrong in one way each; records when a client hangs up."""

    def __init__(self) -> None:
        self.hung_up = threading.Event()
        self.chunks_sent = 0

    def chunk(self, content: str | None = None, finish: str | None = None) -> str:
        delta = {"content": content} if content is not None else {}
        return "data: " + json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"

    def app(self) -> Starlette:
        async def endless(request):
            async def events():
                try:
                    yield ": keep-alive comment\n\n"
                    while True:
                        yield self.chunk("word ")
                        self.chunks_sent += 1
                        await asyncio.sleep(0.02)
                finally:
                    self.hung_up.set()
            return StreamingResponse(events(), media_type="text/event-stream")

        async def fails(request):
            return JSONResponse({"error": {"message": "model is overloaded"}}, status_code=503)

        async def garbage(request):
            return StreamingResponse(iter([self.chunk("ok"), "data: {not json\n\n"]), media_type="text/event-stream")

        async def error_event(request):
            return StreamingResponse(iter([self.chunk("ok"), 'data: {"error": {"message": "CUDA out of memory"}}\n\n']),
                                     media_type="text/event-stream")

        async def truncated(request):
            return StreamingResponse(iter([self.chunk("half an ans")]), media_type="text/event-stream")

        async def no_done_but_finished(request):
            return StreamingResponse(iter([self.chunk("Fine."), self.chunk(finish="stop")]),
                                     media_type="text/event-stream")

        async def stalls(request):
            async def events():
                yield self.chunk("")
                await asyncio.sleep(3600)
            return StreamingResponse(events(), media_type="text/event-stream")

        routes = {"endless": endless, "fails": fails, "garbage": garbage, "error-event": error_event,
                  "truncated": truncated, "finished": no_done_but_finished, "stalls": stalls}
        return Starlette(routes=[Route(f"/{name}/v1/chat/completions", handler, methods=["POST"])
                                 for name, handler in routes.items()])


@pytest.fixture
def misbehaving():
    behaviour = Misbehaving()
    server = uvicorn.Server(uvicorn.Config(behaviour.app(), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield behaviour, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def openai_config(base_url: str, **overrides) -> ModelConfig:
    return ModelConfig(backend="openai", base_url=base_url, model_name="smollm2", **overrides)


@pytest.fixture
async def openai_model():
    made = []

    def make(base_url: str, **overrides) -> OpenAIChatModel:
        made.append(OpenAIChatModel(openai_config(base_url, **overrides)))
        return made[-1]

    yield make
    for model in made:
        await model.close()


async def collect(model: OpenAIChatModel, messages=QUESTION, max_tokens: int = 32) -> tuple[str, OriginTurnLedger]:
    ledger = OriginTurnLedger(model.name)
    pieces = [piece async for piece in model.stream(messages, max_tokens, ledger)]
    return "".join(pieces), ledger


async def test_streams_a_real_answer_from_llama_cpp_server(llama_server, openai_model):
    text, ledger = await collect(openai_model(llama_server))
    assert "Paris" in text
    assert "started" in ledger.marks and "prompt_evaluated" not in ledger.marks
    assert 0 < ledger.completion_tokens <= 32


async def test_origin_answers_through_the_openai_backend(llama_server, tmp_path):
    config = OriginConfig(port=0, db_path=tmp_path / "o.sqlite3", secret=SECRET,
                          model=openai_config(llama_server, max_reply_tokens=24))
    origin = LocalOrigin(config)  # the app builds the backend from config, as `edgevoice origin` does
    await asyncio.to_thread(origin.start)
    try:
        probe = await OriginProbe.connect(origin.url, make_edge_token(SECRET, "edge-1"))
        await probe.send(ConversationStart("conv-1"))
        answer = await probe.ask("conv-1", "turn-1", "What is the capital of France?")
        assert answer.error is None and "Paris" in answer.text
        assert answer.done.ledger.backend == "openai" and answer.done.ledger.ttft_ms > 0
        follow_up = await probe.ask("conv-1", "turn-2", "What language do they speak there?")
        assert follow_up.done.status == "answered" and follow_up.text
        await probe.close()
    finally:
        await asyncio.to_thread(origin.stop)


@pytest.mark.parametrize("route, reason", [
    ("fails", "HTTP 503"),
    ("garbage", "not JSON"),
    ("error-event", "CUDA out of memory"),
    ("truncated", "ended before"),
])
async def test_server_failures_become_backend_errors(misbehaving, openai_model, route, reason):
    _, base = misbehaving
    with pytest.raises(BackendError, match=reason):
        await collect(openai_model(f"{base}/{route}/v1"))


async def test_a_stream_that_finishes_without_done_is_accepted(misbehaving, openai_model):
    _, base = misbehaving
    assert (await collect(openai_model(f"{base}/finished/v1")))[0] == "Fine."


async def test_unreachable_server_is_a_backend_error(openai_model):
    with pytest.raises(BackendError, match="failed"):
        await collect(openai_model(f"http://127.0.0.1:{free_port()}/v1", connect_timeout_s=1.0))


async def test_closing_the_stream_hangs_up_on_the_server(misbehaving, openai_model):
    behaviour, base = misbehaving
    stream = openai_model(f"{base}/endless/v1").stream(QUESTION, 10_000, OriginTurnLedger("openai"))
    assert await anext(stream) == "word "
    await stream.aclose()
    assert await asyncio.to_thread(behaviour.hung_up.wait, 2.0)


@pytest.fixture
async def openai_origin(misbehaving, tmp_path):
    behaviour, base = misbehaving
    started = []

    async def start(route: str, **overrides) -> tuple[Misbehaving, OriginProbe]:
        config = OriginConfig(port=0, db_path=tmp_path / "o.sqlite3", secret=SECRET,
                              model=openai_config(f"{base}/{route}/v1", max_reply_tokens=4096), **overrides)
        origin = LocalOrigin(config)
        await asyncio.to_thread(origin.start)
        started.append(origin)
        probe = await OriginProbe.connect(origin.url, make_edge_token(SECRET, "edge-1"))
        await probe.send(ConversationStart("conv-1"))
        return behaviour, probe

    yield start
    for origin in started:
        await asyncio.to_thread(origin.stop)


async def test_origin_reports_an_erroring_backend_and_keeps_serving(openai_origin):
    _, probe = await openai_origin("fails")
    first = await probe.ask("conv-1", "turn-1", "Hello?")
    assert first.error.code == "backend_error" and "503" in first.error.message
    second = await probe.ask("conv-1", "turn-2", "Still there?")
    assert second.error.code == "backend_error"  # each turn gets its own clear answer
    await probe.close()


async def test_origin_times_out_a_stalled_backend(openai_origin):
    _, probe = await openai_origin("stalls", turn_timeout_s=0.5)
    started = time.monotonic()
    answer = await probe.ask("conv-1", "turn-1", "Hello?")
    assert answer.error.code == "backend_timeout" and time.monotonic() - started < 3
    await probe.close()


async def test_origin_cancel_hangs_up_on_the_backend(openai_origin):
    behaviour, probe = await openai_origin("endless")
    await probe.send(Turn("conv-1", "turn-1", "Talk forever.", ScanVerdict("allow"), {}))
    assert isinstance(await probe.receive(), ReplyDelta)
    await probe.send(TurnCancel("turn-1"))
    answer = await probe.collect("turn-1")
    assert answer.done.status == "interrupted"
    assert await asyncio.to_thread(behaviour.hung_up.wait, 2.0)
    sent = behaviour.chunks_sent
    await asyncio.sleep(0.2)
    assert behaviour.chunks_sent == sent
    await probe.close()
