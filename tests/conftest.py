"""Shared test fixtures: audio fixtures on disk, one loaded Whisper model per test run."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

FIXTURES = Path(__file__).parent / "fixtures"
SPEECH = FIXTURES / "speech"


def speech_manifest() -> dict[str, dict[str, str]]:
    with open(SPEECH / "manifest.tsv", newline="") as f:
        return {row["utt_id"]: row for row in csv.DictReader(f, delimiter="\t")}


async def wait_until(predicate, timeout: float = 10.0, interval: float = 0.02) -> bool:
    """Poll `predicate` until it holds or `timeout` passes; returns its last value."""
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(interval)
    return bool(predicate())


@pytest.fixture(scope="session")
def manifest() -> dict[str, dict[str, str]]:
    return speech_manifest()


@pytest.fixture(scope="session")
def whisper():
    """The real Whisper tiny.en recogniser, loaded once for the whole run."""
    from voice.whisper_asr import WhisperRecognizer

    return WhisperRecognizer()


class RunningEdge:
    """An edge app served by a real uvicorn server on a free loopback port, in the test loop."""

    def __init__(self, app, server, task):
        self.app, self.server, self.task = app, server, task

    @property
    def url(self) -> str:
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    @property
    def state(self):
        return self.app.state.edge


async def start_edge(config, recognizer, synthesizer=None) -> RunningEdge:
    import asyncio

    import uvicorn

    from edge_relay.app import create_app

    app = create_app(config, recognizer=recognizer, synthesizer=synthesizer)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    task = asyncio.ensure_future(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    return RunningEdge(app, server, task)


async def stop_edge(edge: RunningEdge) -> None:
    edge.server.should_exit = True
    await edge.task


@pytest.fixture(scope="session")
async def edge(whisper, piper):
    """One edge (no origin) for the run; tests must leave it with no sessions."""
    from edge_relay.config import EdgeConfig

    running = await start_edge(EdgeConfig(port=0, idle_timeout_s=2.0, offer_timeout_s=5.0), whisper, piper)
    yield running
    await stop_edge(running)


ORIGIN_SECRET = "edgevoice-test-secret-0123456789"


@pytest.fixture(scope="session")
def secret_env():
    """The shared edge/origin secret in the environment, as both tiers read it."""
    from voice.wire import SECRET_ENV

    old = os.environ.get(SECRET_ENV)
    os.environ[SECRET_ENV] = ORIGIN_SECRET
    yield ORIGIN_SECRET.encode()
    if old is None:
        os.environ.pop(SECRET_ENV, None)
    else:
        os.environ[SECRET_ENV] = old


@pytest.fixture(scope="session")
def origin_config(tmp_path_factory, secret_env):
    from origin_llm.config import OriginConfig

    return OriginConfig(port=0, db_path=tmp_path_factory.mktemp("origin") / "conversations.db", secret=secret_env)


@pytest.fixture(scope="session")
def origin(origin_config):
    """A real origin (embedded SmolLM2, SQLite) on its own thread and loop, for the run."""
    from origin_llm.local_server import LocalOrigin

    with LocalOrigin(origin_config) as running:
        yield running


@pytest.fixture(scope="session")
async def edge_origin(whisper, piper, origin):
    """An edge with an origin link and a voice, for the run."""
    import asyncio

    from edge_relay.config import EdgeConfig

    edge = await start_edge(EdgeConfig(port=0, idle_timeout_s=2.0, origin_url=f"ws://127.0.0.1:{origin.port}",
                                       origin_turn_wait_s=20.0), whisper, piper)
    for _ in range(100):
        if edge.state.origin_link.available:
            break
        await asyncio.sleep(0.05)
    yield edge
    await stop_edge(edge)


@pytest.fixture(scope="session")
def piper():
    """The real Piper voice (en_US joe, medium), loaded once for the whole run."""
    from voice.piper_tts import PiperSynthesizer

    return PiperSynthesizer()
