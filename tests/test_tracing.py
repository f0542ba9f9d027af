"""OpenTelemetry spans of a turn: from a ledger directly, and from a real edge process."""

import asyncio
import json
import os
import socket
import sys

import httpx

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.conftest import SPEECH
from voice.ledger import ClockOffset, Tier, TurnLedger
from voice.tracing import record_turn


def test_turn_becomes_a_span_with_a_child_per_completed_stage():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    ledger = TurnLedger("s-1")
    ledger.mark("speech_start", 100.0)
    ledger.mark("speech_end", 101.0)
    ledger.mark("endpoint", 101.3)
    ledger.mark("transcript_final", 101.31)
    ledger.mark("origin.received", 205.0, clock=Tier.ORIGIN)  # origin clock runs 103.68 s ahead
    ledger.set_offset(Tier.ORIGIN, ClockOffset(103.68, 0.001))
    ledger.mark("origin_sent", 101.311)
    record_turn(provider.get_tracer("test"), ledger, "answered", {"edgevoice.conversation_id": "s"})
    spans = {s.name: s for s in exporter.get_finished_spans()}
    assert {"turn", "speech", "endpoint_wait", "asr_final", "edge_to_origin"} <= set(spans)
    assert "prompt_eval" not in spans  # it never happened
    root = spans["turn"]
    assert root.attributes["edgevoice.outcome"] == "answered"
    assert all(s.parent.span_id == root.context.span_id for n, s in spans.items() if n != "turn")
    assert abs((spans["endpoint_wait"].end_time - spans["endpoint_wait"].start_time) / 1e6 - 300) < 0.01
    assert abs((spans["edge_to_origin"].end_time - spans["edge_to_origin"].start_time) / 1e6 - 9.0) < 0.01
    assert spans["edge_to_origin"].attributes["edgevoice.tier"] == "edge"


async def test_edge_process_exports_turn_spans_when_configured():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, OTEL_TRACES_EXPORTER="console", OTEL_BSP_SCHEDULE_DELAY="100")
    edge = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "voice.cli", "edge", "--port", str(port), "--no-voice", "--log-level", "warning",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        banner = b""
        while b"demo at" not in banner:
            banner += await asyncio.wait_for(edge.stdout.readline(), 60)
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.1)
        probe = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "voice.cli", "probe", "--wav", str(SPEECH / "LJ001-0008.wav"),
            "--url", f"http://127.0.0.1:{port}", "--tail", "0.8", "--connect-timeout", "60",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(probe.communicate(), 120)
        assert probe.returncode == 0, err.decode()
        await asyncio.sleep(1.0)
    finally:
        edge.terminate()
        stdout, _ = await asyncio.wait_for(edge.communicate(), 30)
    text = stdout.decode()
    assert "OpenTelemetry spans" in banner.decode() + text
    names = {json.loads(block)["name"] for block in split_json_objects(text)}
    assert {"turn", "asr_final", "endpoint_wait"} <= names


def split_json_objects(text: str) -> list[str]:
    """The console exporter prints pretty JSON objects back to back."""
    objects, depth, start = [], 0, None
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
            start = i if depth == 1 else start
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                objects.append(text[start:i + 1])
    return [o for o in objects if '"name"' in o]
