"""POST /offer and /healthz over real HTTP against a running edge."""

import asyncio
import threading

import httpx
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection

from edge_relay.signaling import OfferError, check_offer
from latency_probe.wav_track import WavTrack


async def make_offer(audio: bool = True, data: bool = True) -> str:
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    if data:
        pc.createDataChannel("events")
    if audio:
        import numpy as np
        pc.addTrack(WavTrack(np.zeros(4800, np.int16)))
    await pc.setLocalDescription(await pc.createOffer())
    sdp = pc.localDescription.sdp
    await pc.close()
    return sdp


def decoder_threads() -> int:
    return sum("decoder_worker" in t.name for t in threading.enumerate())


async def post(edge, body) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        if isinstance(body, (bytes, str)):
            return await client.post(edge.url + "/offer", content=body,
                                     headers={"content-type": "application/json"})
        return await client.post(edge.url + "/offer", json=body)


async def test_healthz(edge):
    async with httpx.AsyncClient() as client:
        r = await client.get(edge.url + "/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["sessions"] == 0
    assert {"max_ms", "p99_ms"} <= body["event_loop"].keys()


async def test_bad_offers_get_400_and_leave_nothing_running(edge):
    good = await make_offer()
    no_audio = await make_offer(audio=False)
    no_data = await make_offer(data=False)
    unknown_codecs = "\r\n".join(
        line for line in good.split("\r\n")
        if not line.startswith(("a=rtpmap", "a=fmtp", "a=rtcp-fb")) or "opus" in line.lower()
    ).replace("opus/48000/2", "x-secret/48000/2")
    recvonly = good.replace("a=sendrecv", "a=recvonly")
    no_ice = "\r\n".join(line for line in good.split("\r\n") if not line.startswith("a=ice-"))
    cases = {
        "garbage": {"sdp": "hello world", "type": "offer"},
        "empty sdp": {"sdp": "", "type": "offer"},
        "no audio": {"sdp": no_audio, "type": "offer"},
        "no data channel": {"sdp": no_data, "type": "offer"},
        "unknown codecs": {"sdp": unknown_codecs, "type": "offer"},
        "receive only": {"sdp": recvonly, "type": "offer"},
        "no ice credentials": {"sdp": no_ice, "type": "offer"},
        "answer not offer": {"sdp": good, "type": "answer"},
        "missing type": {"sdp": good},
        "not json": b"{{{",
        "json list": b"[1, 2]",
        "binary": b"\xff\xfe\x00\x01",
    }
    before = decoder_threads()
    for name, body in cases.items():
        r = await post(edge, body)
        assert r.status_code == 400, (name, r.status_code, r.text)
        assert isinstance(r.json().get("error"), str) and r.json()["error"], name
    r = await post(edge, {"sdp": "v=0\r\n" + "a=x\r\n" * 40_000, "type": "offer"})
    assert r.status_code == 413
    await asyncio.sleep(0.2)
    assert edge.state.sessions == {}
    assert decoder_threads() == before


async def test_unknown_codec_message_names_the_supported_ones():
    sdp = (await make_offer()).replace("opus/48000/2", "x-secret/48000/2")
    sdp = "\r\n".join(line for line in sdp.split("\r\n")
                      if not line.startswith("a=rtpmap") or "x-secret" in line)
    with pytest.raises(OfferError, match="opus"):
        check_offer(sdp)


async def test_capacity_is_enforced(whisper):
    from edge_relay.config import EdgeConfig
    from tests.conftest import start_edge, stop_edge

    small = await start_edge(EdgeConfig(port=0, max_sessions=1, idle_timeout_s=2.0), whisper)
    try:
        first = await post(small, {"sdp": await make_offer(), "type": "offer"})
        assert first.status_code == 200 and first.json()["type"] == "answer"
        second = await post(small, {"sdp": await make_offer(), "type": "offer"})
        assert second.status_code == 503
        # the first client never connects: the session must time out and free its slot
        for _ in range(100):
            if not small.state.sessions:
                break
            await asyncio.sleep(0.1)
        assert small.state.sessions == {}
    finally:
        await stop_edge(small)
