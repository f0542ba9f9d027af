"""The browser demo in Debian's Firefox ESR, headless, driven over WebDriver BiDi.

Firefox has no switch to make a WAV file its microphone, so before the page's scripts run the
test replaces `getUserMedia` with a Web Audio graph playing the fixture into a MediaStream: the
page, its WebRTC stack (Firefox's own), the edge, Whisper and the origin's model are all real.
"""

from __future__ import annotations

import base64
import json

import pytest

from origin_llm.config import OriginConfig
from origin_llm.local_server import LocalOrigin
from tests.conftest import FIXTURES, start_edge, stop_edge, wait_until
from tests.firefox_bidi import FIREFOX, firefox
from voice.ledger import STAGES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(FIREFOX is None, reason="firefox-esr is not installed (`make browser` installs Debian's "
                                               "firefox-esr as root); the Firefox demo test drives it"),
]

# The microphone the page gets: the fixture, played once through Web Audio, 0.5 s after capture
# starts, then silence (a MediaStreamDestination keeps sending silence when its source ends).
FAKE_MICROPHONE = """(wavBase64) => {
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (!constraints?.audio) throw new DOMException("only audio is faked", "NotSupportedError");
    const context = new AudioContext();
    const bytes = Uint8Array.from(atob(wavBase64), (c) => c.charCodeAt(0));
    const buffer = await context.decodeAudioData(bytes.buffer);
    const source = context.createBufferSource();
    source.buffer = buffer;
    const destination = context.createMediaStreamDestination();
    source.connect(destination);
    source.start(context.currentTime + 0.5);
    window.__micPlayed = new Promise((resolve) => { source.onended = () => resolve(true); });
    return destination.stream;
  };
}"""

TURNS = """[...document.querySelectorAll(".turn")].map((t) => ({
  id: t.dataset.turnId, state: t.dataset.state,
  transcript: t.querySelector(".transcript").textContent,
  transcriptState: t.querySelector(".transcript").dataset.state,
  reply: t.querySelector(".reply").textContent, replyState: t.querySelector(".reply").dataset.state,
  stages: Object.fromEntries([...t.querySelectorAll("svg.waterfall g.stage")].map((g) => [g.dataset.stage, {
    tier: g.dataset.tier, ms: g.dataset.ms === undefined ? null : Number(g.dataset.ms),
    bars: g.querySelectorAll("rect.bar").length}]))}))"""
SETTLED = ("answered", "interrupted", "blocked", "failed", "dropped")


def with_preload_argument(function: str, argument: str) -> str:
    """A preload script takes no arguments: bind one into the function's text."""
    return f"() => ({function})({json.dumps(argument)})"


@pytest.fixture
async def origin_edge(whisper, secret_env, tmp_path):
    from edge_relay.config import EdgeConfig

    config = OriginConfig(port=0, db_path=tmp_path / "conversations.db", secret=secret_env)
    with LocalOrigin(config) as origin:
        running = await start_edge(EdgeConfig(port=0, ice_loopback=True, max_sessions=1, idle_timeout_s=5.0,
                                              offer_timeout_s=10.0, origin_url=f"ws://127.0.0.1:{origin.port}"),
                                   whisper)
        yield running
        await stop_edge(running)


async def test_a_spoken_question_is_answered_in_firefox(origin_edge, tmp_path):
    assert await wait_until(lambda: origin_edge.state.origin_link.available, 15), "the edge has no origin"
    question = base64.b64encode((FIXTURES / "question_spoken.wav").read_bytes()).decode()
    async with firefox(tmp_path / "firefox-profile") as browser:
        await browser.preload(with_preload_argument(FAKE_MICROPHONE, question))
        await browser.navigate(origin_edge.url + "/?raw=1")
        await browser.evaluate('document.getElementById("connect").click()')
        connected = await browser.wait_for(
            'document.getElementById("st-connection").dataset.state === "connected" '
            '|| document.querySelector("#alerts .alert") !== null', timeout=20)
        alerts = await browser.evaluate('[...document.querySelectorAll("#alerts .alert")].map((a) => a.innerText)')
        assert connected and alerts == [], alerts
        assert len(origin_edge.state.sessions) == 1
        assert await browser.wait_for("window.__micPlayed", timeout=30)
        settled = await browser.wait_for(
            f"(() => {{ const turns = {TURNS}; return turns.length > 0 "
            f"&& turns.every((t) => {json.dumps(list(SETTLED))}.includes(t.state)); }})()", timeout=45)
        await browser.screenshot(tmp_path / "demo-firefox.png")
        turns = [t for t in await browser.evaluate(TURNS) if t["transcriptState"] == "final"]
        assert settled and len(turns) == 1 and "france" in turns[0]["transcript"].lower(), turns
        turn = turns[0]
        assert turn["state"] == "answered" and turn["replyState"] == "done" and turn["reply"].strip(), turn
        for spec in STAGES:
            assert turn["stages"][spec.name]["tier"] == spec.tier, turn["stages"]
        assert all(turn["stages"][name]["bars"] == 1 for name in ("asr_final", "prompt_eval", "first_token")), turn
        assert turn["stages"]["first_token_seen"]["ms"] is not None, turn["stages"]
        assert turn["stages"]["network_rtt"]["ms"] is not None, turn["stages"]  # Firefox's getStats
        assert await browser.evaluate('[...document.querySelectorAll("#alerts .alert.error")].length') == 0

        await browser.evaluate('document.getElementById("disconnect").click()')
        assert await wait_until(lambda: not origin_edge.state.sessions, 10), "the edge kept the session"
