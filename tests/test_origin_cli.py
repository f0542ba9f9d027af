"""`edgevoice origin`: option validation, and the real command as a process that is killed and
restarted mid-conversation."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from origin_llm.cli import main
from origin_llm.local_server import free_port
from origin_llm.probe import OriginProbe
from voice.wire import SECRET_ENV, ConversationStart, ReplyDelta, ScanVerdict, Turn, make_edge_token

SECRET = "cli-test-secret-0123456789"
EDGEVOICE = str(Path(sys.executable).with_name("edgevoice"))
LONG_PROMPT = "Write a very long story about a dragon, at least five hundred words."


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)


def test_help_lists_the_options():
    result = subprocess.run([EDGEVOICE, "origin", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for option in ("--port", "--db", "--backend", "--openai-base-url", "--turn-timeout", SECRET_ENV):
        assert option in result.stdout


@pytest.mark.parametrize("argv, message", [
    (["--port", "70000"], "port must be"),
    (["--backend", "openai"], "base URL"),
    (["--backend", "openai", "--openai-base-url", "http://127.0.0.1:1/v1"], "model name"),
    (["--model-path", "/nonexistent.gguf"], "does not exist"),
    (["--threads", "0"], "threads"),
    (["--history-tokens", "4000"], "must fit"),
    (["--turn-timeout", "0"], "turn_timeout_s"),
])
def test_bad_options_are_refused_with_a_clear_message(secret, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_the_secret_is_required(monkeypatch, capsys):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert main([]) == 2
    assert SECRET_ENV in capsys.readouterr().err
    monkeypatch.setenv(SECRET_ENV, "short")
    assert main([]) == 2
    assert "at least 16 bytes" in capsys.readouterr().err


class OriginProcess:
    def __init__(self, db: Path, port: int) -> None:
        self.db, self.port = db, port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/edge"

    async def start(self) -> None:
        env = {**os.environ, SECRET_ENV: SECRET}
        self.process = subprocess.Popen(
            [EDGEVOICE, "origin", "--port", str(self.port), "--db", str(self.db), "--max-reply-tokens", "48",
             "--log-level", "info"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as client:
            while True:
                assert self.process.poll() is None, self.process.stderr.read().decode()[-2000:]
                try:
                    if (await client.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "origin did not start"
                await asyncio.sleep(0.1)

    def stop(self, sig: int) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.mark.slow
async def test_killed_mid_reply_then_restarted_the_turn_is_answered_exactly_once(tmp_path):
    origin = OriginProcess(tmp_path / "origin.sqlite3", free_port())
    await origin.start()
    token = make_edge_token(SECRET.encode(), "edge-1")
    try:
        probe = await OriginProbe.connect(origin.url, token)
        await probe.send(ConversationStart("conv-1"))
        await probe.send(Turn("conv-1", "turn-1", LONG_PROMPT, ScanVerdict("allow"), {}))
        assert isinstance(await probe.receive(), ReplyDelta)
        assert origin.stop(signal.SIGKILL) == -signal.SIGKILL  # the origin dies mid-reply

        await origin.start()
        probe = await OriginProbe.connect(origin.url, token)  # the edge reconnects and resends
        answer = await probe.ask("conv-1", "turn-1", LONG_PROMPT)
        assert answer.done.status == "answered" and not answer.done.replay
        assert answer.done.ledger.completion_tokens == 48
        again = await probe.ask("conv-1", "turn-1", LONG_PROMPT)
        assert again.done.replay and again.done.text == answer.done.text
        await probe.close()
        assert origin.stop(signal.SIGTERM) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
        assert "Application shutdown complete" in origin.process.stderr.read().decode()
    finally:
        if origin.process.poll() is None:
            origin.process.kill()
    rows = sqlite3.connect(origin.db).execute("SELECT status, attempts, reply FROM turns").fetchall()
    assert rows == [("answered", 2, answer.done.text)]
