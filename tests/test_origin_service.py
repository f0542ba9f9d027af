"""The origin service end to end: a real uvicorn server, real WebSockets with real credentials,
and the real embedded SmolLM2 model answering."""

import asyncio
import json
import time

import httpx
import pytest
import websockets

from origin_llm.config import ModelConfig, OriginConfig
from origin_llm.embedded_model import EmbeddedModel
from origin_llm.local_server import LocalOrigin
from origin_llm.probe import OriginProbe
from origin_llm.prompt import Exchange
from voice.wire import (MAX_FRAME_BYTES, ConversationEnd, ConversationStart, OriginError, Ping, Pong,
                        ReplyDelta, ScanVerdict, Turn, TurnCancel, TurnPrefill, make_edge_token)

pytestmark = pytest.mark.slow

SECRET = b"test-secret-0123456789"
LONG_PROMPT = "Write a very long story about a dragon, at least five hundred words."


@pytest.fixture(scope="module")
def model():
    engine = EmbeddedModel(ModelConfig())
    yield engine
    asyncio.run(engine.close())


@pytest.fixture
async def start(tmp_path, model):
    started = []

    async def start_origin(engine=None, db=None, **overrides) -> LocalOrigin:
        reply_tokens = overrides.pop("max_reply_tokens", 24)
        settings = {"abandon_grace_s": 0.2, **overrides}
        config = OriginConfig(port=0, db_path=db or tmp_path / "origin.sqlite3", secret=SECRET,
                              model=ModelConfig(max_reply_tokens=reply_tokens), **settings)
        origin = LocalOrigin(config, engine or model)
        await asyncio.to_thread(origin.start)
        started.append(origin)
        return origin

    yield start_origin
    for origin in started:
        await asyncio.to_thread(origin.stop)


async def connect(origin: LocalOrigin, edge_id: str = "edge-1") -> OriginProbe:
    return await OriginProbe.connect(origin.url, make_edge_token(SECRET, edge_id))


async def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


async def test_real_model_answers_and_the_turn_is_stored(start, model):
    origin = await start()
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    answer = await probe.ask("conv-1", "turn-1", "What is the capital of France?")
    assert answer.error is None and "Paris" in answer.text
    done = answer.done
    assert done.status == "answered" and done.text == answer.text and not done.replay
    assert [d.seq for d in answer.deltas] == list(range(len(answer.deltas)))
    ledger = done.ledger
    assert ledger.backend == "embedded" and ledger.prompt_tokens > 10 and ledger.completion_tokens > 0
    assert 0 < ledger.prompt_eval_ms <= ledger.ttft_ms <= ledger.total_ms
    assert set(ledger.marks_ms) == {"received", "queued", "started", "prompt_evaluated", "first_token", "done"}

    follow_up = await probe.ask("conv-1", "turn-2", "And what is the capital of Italy?")
    assert follow_up.error is None and follow_up.text
    assert follow_up.done.ledger.cached_prompt_tokens > ledger.prompt_tokens // 2  # the KV cache was reused
    await probe.close()

    stored = await origin.state.store.get_turn("edge-1", "turn-1")
    assert (stored.status, stored.reply, stored.origin_ledger["ttft_ms"]) == ("answered", answer.text, ledger.ttft_ms)
    assert await origin.state.store.history("edge-1", "conv-1", "turn-3") == [
        Exchange("What is the capital of France?", answer.text),
        Exchange("And what is the capital of Italy?", follow_up.text)]


async def test_pong_carries_origin_clock_readings(start):
    origin = await start()
    probe = await connect(origin)
    t0 = time.monotonic()
    await probe.send(Ping(t0))
    pong = await probe.receive()
    t3 = time.monotonic()
    assert isinstance(pong, Pong) and pong.t0 == t0 and pong.t1 <= pong.t2
    assert abs(((pong.t1 - t0) + (pong.t2 - t3)) / 2) < 0.05  # same machine, same monotonic clock
    await probe.close()


def forged(edge_id: str) -> str:
    return make_edge_token(b"not-the-origin-secret", edge_id)


@pytest.mark.parametrize("headers", [
    None,
    {"Authorization": "Bearer"},
    {"Authorization": "Basic ZWRnZTpwYXNzd29yZA=="},
    {"Authorization": "Bearer ev1.edge-x.99999999999.AAAA"},
    {"Authorization": f"Bearer {forged('edge-x')}"},
    {"Authorization": f"Bearer {make_edge_token(SECRET, 'edge-x', ttl_s=60, now=time.time() - 3600)}"},
], ids=["no-header", "empty-bearer", "basic", "garbage", "wrong-secret", "expired"])
async def test_refused_edges_are_closed_1008_before_any_frame_is_read(start, headers):
    origin = await start()
    async with websockets.connect(origin.url, additional_headers=headers) as ws:
        try:
            await ws.send(json.dumps({"v": 1, "type": "conversation.start", "conversation_id": "sneaky"}))
        except websockets.ConnectionClosed:
            pass
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 1008
    assert closed.value.rcvd.reason
    assert await origin.state.store.open_conversation("edge-x", "sneaky") == "opened"  # it never existed


async def test_bad_frames_get_error_frames_and_the_connection_survives(start):
    origin = await start()
    probe = await connect(origin)
    cases = [
        ("not json", "malformed"),
        (b"\x00\xffbinary", "malformed"),
        ('{"v": 1, "type": "turn", "pad": "' + "x" * (MAX_FRAME_BYTES + 10) + '"}', "malformed"),
        ('{"v": 9, "type": "ping", "t0": 1}', "unsupported_version"),
        ('{"v": 1, "type": "subscribe", "topic": "all"}', "unknown_type"),
        ('{"v": 1, "type": "turn", "conversation_id": "c", "turn_id": "t-bad", "text": ""}', "invalid_message"),
    ]
    for frame, code in cases:
        await probe.send_raw(frame)
        error = await probe.receive()
        assert isinstance(error, OriginError) and error.code == code, frame[:40]
    assert error.turn_id == "t-bad"
    answer = await probe.ask("never-started", "t-1", "hello?")
    assert answer.error.code == "unknown_conversation" and answer.error.turn_id == "t-1"
    await probe.send(TurnCancel("no-such-turn"))
    assert (await probe.receive()).code == "unknown_turn"
    await probe.send(ConversationEnd("no-such-conversation"))
    assert (await probe.receive()).code == "unknown_conversation"
    await probe.send(Ping(1.0))
    assert isinstance(await probe.receive(), Pong)
    await probe.send(ConversationStart("conv-1"))
    assert (await probe.ask("conv-1", "t-2", "Say hello.")).done.status == "answered"
    await probe.close()


async def test_a_store_failure_is_an_error_frame_not_a_dropped_connection(start):
    origin = await start()
    probe = await connect(origin)
    store = origin.state.store
    real_open = store.open_conversation

    async def broken_open(edge_id, conversation_id):
        raise OSError("disk full")

    store.open_conversation = broken_open
    try:
        await probe.send(ConversationStart("conv-1"))
        error = await probe.receive()
        assert error.code == "internal" and "conversation.start" in error.message
    finally:
        store.open_conversation = real_open
    await probe.send(ConversationStart("conv-1"))
    assert (await probe.ask("conv-1", "turn-1", "Say hello.")).done.status == "answered"
    await probe.close()


async def test_frames_beyond_the_transport_limit_close_the_connection(start):
    origin = await start()
    probe = await connect(origin)
    await probe.send_raw("x" * (origin.config.ws_max_bytes + 1))
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await probe.receive()
    assert closed.value.rcvd.code == 1009


async def test_an_edge_that_keeps_sending_garbage_is_closed(start):
    origin = await start(max_bad_frames=3)
    probe = await connect(origin)
    for _ in range(3):
        await probe.send_raw("{")
    codes = []
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            codes.append((await probe.receive()).code)
    assert codes == ["malformed"] * 3 and closed.value.rcvd.code == 1008


async def test_one_edge_misbehaving_does_not_disturb_another(start):
    origin = await start(max_bad_frames=5)
    good, bad = await connect(origin, "edge-good"), await connect(origin, "edge-bad")
    await good.send(ConversationStart("conv-1"))
    asking = asyncio.create_task(good.ask("conv-1", "turn-1", "What colour is the sky?"))
    for _ in range(10):
        try:
            await bad.send_raw("]]garbage[[")
        except websockets.ConnectionClosed:
            break
    answer = await asking
    assert answer.error is None and answer.done.status == "answered", answer
    assert good.others == [], good.others
    await good.close()


async def test_a_resent_finished_turn_is_replayed_not_regenerated(start, model):
    origin = await start()
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    first = await probe.ask("conv-1", "turn-1", "Name a fruit.")
    await probe.close()
    generations = model.generations
    again = await connect(origin)  # a reconnect; the edge did not see the reply, say
    replay = await again.ask("conv-1", "turn-1", "Name a fruit.")
    assert replay.done.replay and replay.done.text == first.done.text and replay.deltas == []
    assert replay.done.ledger == first.done.ledger
    assert model.generations == generations
    conflict = await again.ask("conv-1", "turn-1", "Name a vegetable.")
    assert conflict.error.code == "turn_conflict"
    await again.close()


async def test_a_turn_resent_while_in_flight_is_answered_once(start, model):
    origin = await start(max_reply_tokens=60, abandon_grace_s=10.0)
    first = await connect(origin)
    await first.send(ConversationStart("conv-1"))
    generations = model.generations
    await first.send(Turn("conv-1", "turn-1", LONG_PROMPT, ScanVerdict("allow"), {}))
    assert isinstance(await first.receive(), ReplyDelta)
    await first.close()  # connection lost mid-reply
    second = await connect(origin)
    answer = await second.ask("conv-1", "turn-1", LONG_PROMPT)
    assert answer.done.status == "answered" and not answer.done.replay
    assert [d.seq for d in answer.deltas] == list(range(len(answer.deltas)))
    assert answer.done.ledger.completion_tokens == 60 and answer.text == answer.done.text
    assert model.generations == generations + 1
    await second.close()


async def test_cancel_stops_the_generation(start, model):
    origin = await start(max_reply_tokens=400)
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    await probe.send(Turn("conv-1", "turn-1", LONG_PROMPT, ScanVerdict("allow"), {}))
    assert isinstance(await probe.receive(), ReplyDelta)
    await probe.send(TurnCancel("turn-1"))
    answer = await probe.collect("turn-1")
    assert answer.done.status == "interrupted"
    await wait_until(lambda: not model.busy.is_set(), timeout=2.0)
    assert model.last.stop_reason == "cancelled" and model.last.completion_tokens < 400
    stored = await origin.state.store.get_turn("edge-1", "turn-1")
    assert stored.status == "interrupted" and answer.done.text.startswith(stored.reply[:10])
    await probe.close()


async def test_an_edge_that_disconnects_has_its_generation_stopped(start, model):
    origin = await start(max_reply_tokens=400, abandon_grace_s=0.2)
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    await probe.send(Turn("conv-1", "turn-1", LONG_PROMPT, ScanVerdict("allow"), {}))
    assert isinstance(await probe.receive(), ReplyDelta)
    await probe.close()
    await wait_until(lambda: model.last.stop_reason == "cancelled" and not model.busy.is_set(), timeout=5.0)
    assert model.last.completion_tokens < 400
    await wait_until(lambda: not origin.state.orchestrator.live)
    stored = await origin.state.store.get_turn("edge-1", "turn-1")
    assert stored.status == "failed" and "abandoned" in stored.error


async def test_real_model_timeout_is_reported_and_stops_the_model(start, model):
    origin = await start(max_reply_tokens=400, turn_timeout_s=0.3)
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    answer = await probe.ask("conv-1", "turn-1", LONG_PROMPT)
    assert answer.error.code == "backend_timeout" and answer.done is None
    await wait_until(lambda: not model.busy.is_set(), timeout=2.0)
    assert model.last.stop_reason == "cancelled"
    await probe.send(Ping(1.0))
    assert isinstance(await probe.receive(), Pong)
    await probe.close()


async def test_real_model_error_is_reported_and_the_service_carries_on(start):
    small = await asyncio.to_thread(EmbeddedModel, ModelConfig(context_tokens=256, history_tokens=0,
                                                               max_reply_tokens=16))
    try:
        origin = await start(engine=small, max_reply_tokens=16)
        probe = await connect(origin)
        await probe.send(ConversationStart("conv-1"))
        too_long = " ".join(["please tell me about the weather in every city"] * 40)
        answer = await probe.ask("conv-1", "turn-1", too_long)
        assert answer.error.code == "backend_error" and "context" in answer.error.message
        assert (await probe.ask("conv-1", "turn-2", "Hello!")).done.status == "answered"
        await probe.close()
    finally:
        await small.close()


async def test_healthz(start):
    origin = await start()
    probe = await connect(origin)
    async with httpx.AsyncClient(base_url=origin.http_url) as client:
        health = (await client.get("/healthz")).json()
    assert health["status"] == "ok" and health["backend"] == "embedded" and health["edges"] == 1
    assert health["protocol"] == 1 and "max_ms" in health["event_loop"]
    await probe.close()


async def test_conversations_and_replies_survive_an_origin_restart(start, tmp_path, model):
    db = tmp_path / "kept.sqlite3"
    origin = await start(db=db)
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    first = await probe.ask("conv-1", "turn-1", "What is the capital of France?")
    await probe.close()
    await asyncio.to_thread(origin.stop)

    generations = model.generations
    restarted = await start(db=db)
    probe = await connect(restarted)
    replay = await probe.ask("conv-1", "turn-1", "What is the capital of France?")
    assert replay.done.replay and replay.done.text == first.done.text and model.generations == generations
    second = await probe.ask("conv-1", "turn-2", "And Germany?")  # no conversation.start needed again
    assert second.done.status == "answered"
    assert await restarted.state.store.history("edge-1", "conv-1", "turn-2") == [
        Exchange("What is the capital of France?", first.done.text)]
    other_edge = await connect(restarted, "edge-2")
    assert (await other_edge.ask("conv-1", "turn-1", "What is the capital of France?")).error.code == \
        "unknown_conversation"
    await probe.close()
    await other_edge.close()


async def test_a_prefill_hint_makes_the_turn_start_from_a_warm_cache(start, model):
    origin = await start()
    probe = await connect(origin)
    await probe.send(ConversationStart("conv-1"))
    before = model.prefills
    first = await probe.ask("conv-1", "turn-1", "What is the capital of France?")
    await wait_until(lambda: model.prefills > before and model.idle)  # the warm-up after turn-1 is done
    prefills = model.prefills
    await probe.send(TurnPrefill("conv-1", "And what about Spain?"))
    await probe.send(TurnPrefill("nobody-started-this", "Hello?"))  # a hint: dropped or used, never answered
    await probe.send(Ping(1.0))
    assert isinstance(await probe.receive(), Pong)  # nothing came back for the hints
    await wait_until(lambda: model.prefills > prefills and model.idle)
    second = await probe.ask("conv-1", "turn-2", "And what about Spain?")
    assert first.done and second.done.status == "answered"
    ledger = second.done.ledger
    assert ledger.cached_prompt_tokens == ledger.prompt_tokens - 1
    async with httpx.AsyncClient(base_url=origin.http_url) as client:
        assert (await client.get("/healthz")).json()["turns"]["prefilled"] >= 1
    await probe.close()
