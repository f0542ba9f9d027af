"""Real WebRTC: an aiortc client (the probe's) streams fixture audio to a running edge."""

import asyncio
import os
import signal
import sys
import threading
import time

import pytest

from latency_probe.client import ProbeSession, run_probe
from latency_probe.wav_track import RATE
from tests.conftest import FIXTURES, SPEECH, wait_until
from voice.audio_file import load_audio
from voice.events import ErrorEvent, TranscriptFinal, TranscriptPartial, VadEnd, VadStart
from voice.wer import wer


def decoder_threads() -> int:
    return sum("decoder_worker" in t.name for t in threading.enumerate())


async def test_probe_gets_partials_and_final_transcript(edge, manifest):
    run = await run_probe(load_audio(SPEECH / "LJ001-0013.wav", RATE), edge.url, tail_s=1.0)
    kinds = [type(e.event) for e in run.events]
    assert kinds[0] is VadStart and VadEnd in kinds and TranscriptPartial in kinds
    assert run.protocol_errors == []
    assert wer(manifest["LJ001-0013"]["reference"], run.transcript()) <= 0.15, run.transcript()
    final = run.finals()[0].event
    stages = {s["name"]: s["ms"] for s in final.ledger["stages"]}
    assert stages["asr_final"] is not None and 0 <= stages["asr_final"] < 2000
    assert await wait_until(lambda: not edge.state.sessions, 5)


async def test_other_rate_and_channels_are_converted(edge, manifest):
    run = await run_probe(load_audio(FIXTURES / "LJ001-0002_44k_stereo.wav", RATE), edge.url, tail_s=1.0)
    assert wer(manifest["LJ001-0002"]["reference"], run.transcript()) <= 0.2, run.transcript()


async def test_two_sessions_at_once_each_get_their_own_transcript(edge, manifest):
    a, b = await asyncio.gather(
        run_probe(load_audio(SPEECH / "LJ001-0008.wav", RATE), edge.url, tail_s=1.0),
        run_probe(load_audio(SPEECH / "LJ001-0002.wav", RATE), edge.url, tail_s=1.0),
    )
    assert a.session_id != b.session_id
    assert wer(manifest["LJ001-0008"]["reference"], a.transcript()) <= 0.2
    assert wer(manifest["LJ001-0002"]["reference"], b.transcript()) <= 0.2
    assert all(e.event.turn_id.startswith(a.session_id) for e in a.finals())


async def test_silence_gives_no_transcript(edge):
    run = await run_probe(load_audio(FIXTURES / "silence_3s.wav", RATE), edge.url, tail_s=0.5)
    assert not [e for e in run.events if isinstance(e.event, (TranscriptFinal, TranscriptPartial))]


async def test_peer_that_vanishes_mid_utterance_is_released(edge):
    """SIGKILL a probe process mid-sentence: no goodbye, no RTCP BYE, no SCTP abort."""
    base_decoders = decoder_threads()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "voice.cli", "probe", "--wav", str(SPEECH / "jfk.wav"), "--url", edge.url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        line = b""
        while b"vad.start" not in line:
            line = await asyncio.wait_for(proc.stdout.readline(), 30)
            assert line, (await proc.stderr.read()).decode()
        assert len(edge.state.sessions) == 1
        session = next(iter(edge.state.sessions.values()))
        await asyncio.sleep(0.5)  # mid-utterance, partial decodes in flight
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        await proc.wait()
    # idle timeout is 2 s in the test edge
    assert await wait_until(lambda: not edge.state.sessions, 10), "session not released"
    assert session.closed.is_set() and "no audio" in session.close_reason
    assert session.pc.connectionState == "closed"
    assert not session.pipeline._tasks
    assert await wait_until(lambda: decoder_threads() == base_decoders, 5)
    assert edge.state.scheduler.queue_depth() == 0


async def test_bad_data_channel_messages_get_error_events(edge):
    """The session answers garbage on the events channel with `error` and keeps working."""
    session = ProbeSession(edge.url)
    await session.connect()
    received = session.run.events
    try:
        session.play_now(load_audio(SPEECH / "LJ001-0008.wav", RATE))
        for bad in ("not json", '{"type": "nonsense"}', "x" * 100_000, b"\x00\x01binary"):
            session.channel.send(bad)
        session.channel.send('{"type": "vad.start", "turn_id": "spoofed"}')
        assert await wait_until(lambda: sum(isinstance(e.event, ErrorEvent) for e in received) >= 5, 5)
        codes = [e.event.code for e in received if isinstance(e.event, ErrorEvent)]
        assert codes.count("bad_message") == 4 and "unsupported" in codes
        assert await wait_until(lambda: any(isinstance(e.event, TranscriptFinal) for e in received), 15)
    finally:
        await session.close()
    assert await wait_until(lambda: not edge.state.sessions, 5)
