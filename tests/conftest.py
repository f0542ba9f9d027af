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


async def start_edge(config, recognizer) -> RunningEdge:
    import asyncio

    import uvicorn

    from edge_relay.app import create_app

    app = create_app(config, recognizer=recognizer)
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
async def edge(whisper):
    """One edge for the run; tests must leave it with no sessions."""
    from edge_relay.config import EdgeConfig

    running = await start_edge(EdgeConfig(port=0, idle_timeout_s=2.0, offer_timeout_s=5.0), whisper)
    yield running
    await stop_edge(running)
