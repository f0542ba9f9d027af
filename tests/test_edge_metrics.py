"""GET /metrics, parsed with Prometheus' own text parser, after real turns through the edge."""

import asyncio

import httpx
from prometheus_client.parser import text_string_to_metric_families

from latency_probe.client import ProbeSession
from latency_probe.sweep import ProbeFile, run_level
from tests.conftest import FIXTURES, wait_until
from voice.budget import LatencyBudget
from voice.events import ClientMarks, ErrorEvent, encode_event


async def scrape(edge) -> dict:
    async with httpx.AsyncClient() as http:
        r = await http.get(edge.url + "/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(r.text)}


def sample(families, name, suffix="", **labels):
    family = families[name]
    for s in family.samples:
        if s.name == name + suffix and all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    return None


async def test_metrics_count_turns_and_stages_including_the_clients_marks(edge):
    before = await scrape(edge)
    turns_before = sample(before, "edgevoice_turns", "_total", outcome="transcribed") or 0
    level = await run_level(edge.url, [ProbeFile.load(FIXTURES / "question_spoken.wav")], 1, 1, LatencyBudget())
    assert level.errors == [] and level.records and level.records[0].stages["uplink"] is not None
    await asyncio.sleep(0.2)
    after = await scrape(edge)
    assert sample(after, "edgevoice_turns", "_total", outcome="transcribed") == turns_before + 1
    for stage, tier in (("asr_final", "edge"), ("scan", "edge"), ("uplink", "client")):
        count = sample(after, "edgevoice_stage_seconds", "_count", stage=stage, tier=tier)
        assert count and count >= 1, stage
    assert sample(after, "edgevoice_sessions") == 0
    assert sample(after, "edgevoice_loop_lateness_p99_seconds") is not None


async def test_clock_ping_and_bad_client_marks_on_the_data_channel(edge):
    """The client's pings get pongs (its clock estimate fills in); marks for an unknown turn get an error."""
    session = ProbeSession(edge.url)
    await session.connect()
    try:
        assert await wait_until(lambda: len(session.clock) >= 3, 10)
        best = session.clock.best
        assert abs(best.offset_s) < best.uncertainty_s + 0.005  # same machine, same monotonic clock
        session.channel.send(encode_event(ClientMarks("nope-1", {"client.first_token": 1.0}, 0.0, 0.001)))
        assert await wait_until(lambda: any(isinstance(e.event, ErrorEvent) and e.event.code == "unknown_turn"
                                            for e in session.run.events), 5)
    finally:
        await session.close()
