"""The edge's OriginLink against scripted WebSocket servers (real sockets, a scripted peer): the
behaviours a real origin rarely shows on cue. The real origin is exercised in test_edge_origin."""

import asyncio
import json

import pytest
from websockets.asyncio.server import serve

from edge_relay.origin_link import OriginLink, OriginLinkConfig, TurnFailed
from tests.conftest import wait_until
from voice import wire


def turn(turn_id: str, conversation: str = "c1") -> wire.Turn:
    return wire.Turn(conversation, turn_id, "hello there", wire.ScanVerdict("allow"))


def frame(message) -> str:
    return wire.encode_message(message)


def done(turn_id: str, text: str = "hi") -> wire.ReplyDone:
    return wire.ReplyDone(turn_id, text, "answered", wire.OriginLedger("scripted", 0.0))


async def scripted_origin(handler):
    server = await serve(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"ws://127.0.0.1:{port}"


def link_to(url: str, **kw) -> OriginLink:
    return OriginLink(OriginLinkConfig(url, backoff_initial_s=0.05, backoff_max_s=0.2, **kw), lambda: "token")


async def test_duplicates_and_garbage_never_reach_the_session():
    async def handler(ws):
        async for raw in ws:
            msg = json.loads(raw)
            if msg["type"] == "turn":
                tid = msg["turn_id"]
                await ws.send("this is not json")
                await ws.send(json.dumps({"type": "reply.delta", "v": 99, "turn_id": tid, "seq": 0, "text": "x"}))
                for seq, text in [(0, "Hel"), (1, "lo"), (0, "Hel"), (1, "lo"), (2, "!")]:
                    await ws.send(frame(wire.ReplyDelta(tid, seq, text)))
                await ws.send(frame(done(tid, "Hello!")))
                await ws.send(frame(done(tid, "Hello!")))

    server, url = await scripted_origin(handler)
    link = link_to(url)
    got = []
    link.start()
    try:
        link.open_conversation("c1")
        link.send_turn(turn("t1"), got.append)
        link.send_turn(turn("t1"), got.append)  # the same turn again: ignored
        assert await wait_until(lambda: any(isinstance(m, wire.ReplyDone) for m in got))
        await asyncio.sleep(0.2)
        assert [m.text for m in got] == ["Hel", "lo", "!", "Hello!"]
        assert link.stats.duplicates_dropped >= 3
    finally:
        await link.close()
        server.close()


async def test_refused_credential_is_reported_and_turns_fail_in_bounded_time():
    async def handler(ws):
        await ws.close(1008, "credential signature does not match")

    server, url = await scripted_origin(handler)
    link = link_to(url, turn_wait_s=0.5)
    statuses, got = [], []
    link.on_status(lambda available, message: statuses.append((available, message)))
    link.start()
    try:
        link.send_turn(turn("t2"), got.append)
        assert await wait_until(lambda: got, 5)
        assert isinstance(got[0], TurnFailed) and "unreachable" in got[0].reason
        assert "credential" in link.stats.last_error
        assert link.pending_turns() == 0
    finally:
        await link.close()
        server.close()


async def test_unanswered_turn_is_resent_after_reconnect_and_answered_once():
    connections = []

    async def handler(ws):
        connections.append(ws)
        async for raw in ws:
            msg = json.loads(raw)
            if msg["type"] != "turn":
                continue
            if len(connections) == 1:
                await ws.send(frame(wire.ReplyDelta(msg["turn_id"], 0, "first try")))
                await ws.close(1011, "crash")  # drop the link mid-reply
                return
            await ws.send(frame(wire.ReplyDelta(msg["turn_id"], 0, "second ")))
            await ws.send(frame(wire.ReplyDelta(msg["turn_id"], 1, "try")))
            await ws.send(frame(done(msg["turn_id"], "second try")))

    server, url = await scripted_origin(handler)
    link = link_to(url)
    got = []
    link.start()
    try:
        link.send_turn(turn("t3"), got.append)
        assert await wait_until(lambda: any(isinstance(m, wire.ReplyDone) for m in got))
        assert [type(m).__name__ for m in got].count("ReplyDone") == 1
        assert [m.seq for m in got if isinstance(m, wire.ReplyDelta)] == [0, 0, 1]  # restarts at 0
        assert link.stats.turns_resent == 1 and len(connections) == 2
    finally:
        await link.close()
        server.close()


async def test_unreachable_origin_fails_turns_after_the_wait_and_closing_fails_the_rest():
    link = link_to("ws://127.0.0.1:9", turn_wait_s=0.3)  # discard port: nothing listens
    got = []
    link.start()
    link.send_turn(turn("t4"), got.append)
    assert await wait_until(lambda: got, 5)
    assert isinstance(got[0], TurnFailed)
    link.send_turn(turn("t5"), got.append)
    await link.close()
    assert isinstance(got[-1], TurnFailed) and got[-1].turn_id == "t5"


def test_bad_link_config_is_refused():
    with pytest.raises(ValueError):
        OriginLinkConfig("http://origin")
    with pytest.raises(ValueError):
        OriginLinkConfig("ws://origin", turn_wait_s=0)
    assert OriginLinkConfig("ws://o:1").endpoint == "ws://o:1/edge"
    assert OriginLinkConfig("ws://o:1/edge").endpoint == "ws://o:1/edge"
