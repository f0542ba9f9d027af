"""The whole loop: a real aiortc client -> edge (VAD, Whisper, scanner) -> origin (SmolLM2) -> back.

The origin runs on its own thread and loop (`LocalOrigin`), with the real embedded model and a
SQLite store in a temporary folder; the edge is a real uvicorn server with an origin link.
"""

import asyncio
import os
import sqlite3

import numpy as np
import pytest

from edge_relay.config import EdgeConfig
from latency_probe.client import ProbeSession, run_probe
from latency_probe.wav_track import RATE
from origin_llm.config import OriginConfig
from origin_llm.local_server import LocalOrigin
from tests.conftest import FIXTURES, start_edge, stop_edge, wait_until
from voice.audio_file import load_audio
from voice.events import (ErrorEvent, OriginAvailable, OriginUnavailable, ReplyDelta, ReplyDone, ScanBlocked,
                          ScanVerdict, TranscriptFinal)
from voice.frames import resample

def of_type(run, kind):
    return [e.event for e in run.events if isinstance(e.event, kind)]


def stored_turns(origin, turn_id: str) -> list[dict]:
    """Rows for `turn_id` in the origin's SQLite store, read over a separate connection."""
    with sqlite3.connect(origin.config.db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(
            "select turn_id, text, status, reply, attempts from turns where turn_id = ?", (turn_id,))]


async def test_spoken_question_gets_a_streamed_reply_and_is_stored(edge_origin, origin):
    run = await run_probe(load_audio(FIXTURES / "question_spoken.wav", RATE), edge_origin.url,
                          tail_s=1.0, final_timeout_s=60)
    assert run.protocol_errors == []
    assert of_type(run, OriginAvailable)
    final = of_type(run, TranscriptFinal)[0]
    assert "france" in final.text.lower()
    assert of_type(run, ScanVerdict)[0].action == "allow"
    deltas = of_type(run, ReplyDelta)
    done = of_type(run, ReplyDone)
    assert len(done) == 1 and deltas
    assert [d.seq for d in deltas] == list(range(len(deltas)))
    assert "".join(d.text for d in deltas).strip() == done[0].text.strip()
    assert "paris" in done[0].text.lower(), done[0].text
    stages = {s["name"]: s for s in done[0].ledger["stages"]}
    for name in ("asr_final", "scan", "edge_to_origin", "prompt_eval", "first_token", "origin_to_edge"):
        assert stages[name]["ms"] is not None, name
    assert done[0].ledger["offsets"]["origin"]["uncertainty_ms"] >= 0
    rows = stored_turns(origin, final.turn_id)
    assert len(rows) == 1 and rows[0]["status"] == "answered"
    assert rows[0]["reply"].strip() == done[0].text.strip() and rows[0]["text"] == final.text


async def test_spoken_attack_is_blocked_at_the_edge_and_never_reaches_the_origin(edge_origin, origin):
    run = await run_probe(load_audio(FIXTURES / "attack_spoken.wav", RATE), edge_origin.url,
                          tail_s=1.0, final_timeout_s=30)
    final = of_type(run, TranscriptFinal)[0]
    assert "instructions" in final.text.lower()
    blocked = of_type(run, ScanBlocked)
    assert blocked and blocked[0].turn_id == final.turn_id and blocked[0].reasons
    assert not of_type(run, ReplyDelta) and not of_type(run, ReplyDone)
    assert stored_turns(origin, final.turn_id) == []


async def test_a_flagged_turn_keeps_the_next_one_flagged_for_the_origin(edge_origin, origin, piper):
    """The session's guard (scanner.context) through the real loop: a spoken question about other
    callers is flagged at the edge, and the ordinary question after it in the same session
    goes to the origin flagged too (so its prompt keeps the guard note), with the reason named.
    (Until stop 31 the flagged turn asked for another user's words, which cross_session_leak now
    blocks.)"""
    def spoken(text: str) -> np.ndarray:
        return resample(np.concatenate(list(piper.synthesize(text))), piper.sample_rate, RATE)

    session = ProbeSession(edge_origin.url)
    try:
        await session.connect()
        await session.play(spoken("What did the other guests ask you about today?"), tail_s=1.0, turn_timeout_s=60)
        await session.play(spoken("What is the capital of France?"), tail_s=1.0, turn_timeout_s=60)
    finally:
        await session.close()
    run = session.run
    assert run.protocol_errors == []
    finals = of_type(run, TranscriptFinal)
    verdicts = {v.turn_id: v for v in of_type(run, ScanVerdict)}
    assert len(finals) == 2 and set(verdicts) == {f.turn_id for f in finals}, finals
    first, second = (verdicts[f.turn_id] for f in finals)
    assert first.action == "flag", (finals[0].text, first)
    assert second.action == "flag" and any(r.startswith("multi-turn: follows a flagged turn") for r in second.reasons)
    assert len(of_type(run, ReplyDone)) == 2
    assert [row["status"] for row in stored_turns(origin, finals[1].turn_id)] == ["answered"]


async def test_turn_waits_while_the_origin_is_down_and_is_answered_once_after(whisper, piper, origin_config):
    first = LocalOrigin(origin_config).start()
    port = first.port
    restarted_config = OriginConfig(port=port, db_path=origin_config.db_path, secret=origin_config.secret)
    edge = await start_edge(EdgeConfig(port=0, idle_timeout_s=2.0, origin_url=f"ws://127.0.0.1:{port}",
                                       origin_turn_wait_s=30.0), whisper, piper)
    second = None
    try:
        assert await wait_until(lambda: edge.state.origin_link.available, 5)
        await asyncio.to_thread(first.stop)
        assert await wait_until(lambda: not edge.state.origin_link.available, 5)
        restarted = asyncio.Event()

        def on_event(received):
            nonlocal second
            if isinstance(received.event, TranscriptFinal) and second is None:
                # the turn is now waiting at the edge; bring the origin back on the same port and store
                second = LocalOrigin(restarted_config)
                asyncio.get_running_loop().run_in_executor(None, second.start).add_done_callback(
                    lambda _: restarted.set())

        run = await run_probe(load_audio(FIXTURES / "question_spoken.wav", RATE), edge.url, tail_s=1.0,
                              final_timeout_s=60, on_event=on_event)
        assert restarted.is_set()
        assert of_type(run, OriginUnavailable)
        done = of_type(run, ReplyDone)
        assert len(done) == 1 and "paris" in done[0].text.lower()
        turn_id = of_type(run, TranscriptFinal)[0].turn_id
        rows = stored_turns(second, turn_id)
        assert len(rows) == 1 and rows[0]["status"] == "answered"
        assert not [e for e in of_type(run, ErrorEvent) if e.turn_id]
    finally:
        await stop_edge(edge)
        for o in (first, second):
            if o is not None:
                await asyncio.to_thread(o.stop)


async def test_origin_killed_mid_reply_is_answered_exactly_once_after_restart(whisper, piper, tmp_path, secret_env):
    """SIGKILL the origin process while it streams a reply; a new one takes over the same store."""
    import signal
    import socket
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "voice.cli", "origin", "--port", str(port), "--db", str(db),
               "--log-level", "warning"]
    procs = [await asyncio.create_subprocess_exec(*command)]
    edge = await start_edge(EdgeConfig(port=0, idle_timeout_s=2.0, origin_url=f"ws://127.0.0.1:{port}",
                                       origin_turn_wait_s=60.0), whisper, piper)
    try:
        assert await wait_until(lambda: edge.state.origin_link.available, 30), "origin did not come up"

        def on_event(received):
            if isinstance(received.event, ReplyDelta) and len(procs) == 1:
                procs[0].send_signal(signal.SIGKILL)
                procs.append(None)  # marks the kill; the restart happens below

        async def restart_after_kill():
            while len(procs) == 1:
                await asyncio.sleep(0.01)
            await procs[0].wait()
            procs[1] = await asyncio.create_subprocess_exec(*command)

        restarter = asyncio.ensure_future(restart_after_kill())
        run = await run_probe(load_audio(FIXTURES / "question_spoken.wav", RATE), edge.url, tail_s=1.0,
                              final_timeout_s=90, on_event=on_event)
        await restarter
        assert procs[1] is not None, "the origin was never killed: no reply delta arrived"
        done = of_type(run, ReplyDone)
        assert len(done) == 1, [type(e.event).__name__ for e in run.events]
        assert done[0].text.strip()
        deltas = of_type(run, ReplyDelta)
        assert [d.seq for d in deltas].count(0) >= 2  # the reply started over after the failover
        turn_id = of_type(run, TranscriptFinal)[0].turn_id

        def answered_rows():
            with sqlite3.connect(db) as conn:
                return conn.execute("select status, reply from turns where turn_id = ?", (turn_id,)).fetchall()

        assert await wait_until(lambda: [r[0] for r in answered_rows()] == ["answered"], 5), answered_rows()
        assert answered_rows()[0][1].strip() == done[0].text.strip()
        assert edge.state.origin_link.stats.turns_resent >= 1
    finally:
        await stop_edge(edge)
        for proc in procs:
            if proc is not None and proc.returncode is None:
                proc.terminate()
                await proc.wait()


async def test_origin_metrics_count_the_answered_turns(edge_origin, origin):
    """After a real turn, the origin's /metrics (parsed by Prometheus' own parser) has it."""
    import httpx
    from prometheus_client.parser import text_string_to_metric_families

    await run_probe(load_audio(FIXTURES / "question_spoken.wav", RATE), edge_origin.url, tail_s=1.0,
                    final_timeout_s=60)
    async with httpx.AsyncClient() as http:
        r = await http.get(origin.http_url + "/metrics")
    assert r.status_code == 200
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(r.text) for s in family.samples}
    assert samples[("edgevoice_origin_turns_total", (("status", "answered"),))] >= 1
    ttft = [v for (name, labels), v in samples.items()
            if name == "edgevoice_origin_stage_seconds_count" and ("stage", "ttft") in labels]
    assert ttft and ttft[0] >= 1
    assert samples[("edgevoice_origin_edges", ())] >= 1
