"""Servers run on loopback for the benchmark and the tests.

`LocalOrigin`: an origin served by uvicorn on a background thread and an ephemeral port. It runs
on its own event loop, as it would in its own process, while the caller's loop plays the edge;
`stop()` shuts it down the way uvicorn does on SIGTERM (lifespan shutdown included), so a restart
over the same database is a real restart.

`LlamaServer`: llama.cpp's own OpenAI-compatible server (``python -m llama_cpp.server``, from the
``llama-cpp-python[server]`` extra) running the bundled GGUF in a subprocess, for the
OpenAI-compatible backend to talk to.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import uvicorn

from origin_llm.app import OriginState, create_app
from origin_llm.config import DEFAULT_THREADS, OriginConfig, bundled_model_path
from origin_llm.language_model import LanguageModel
from voice.wire import EDGE_PATH

START_TIMEOUT_S = 30.0


class LocalOrigin:
    def __init__(self, config: OriginConfig, model: LanguageModel | None = None) -> None:
        self.config = config
        self.app = create_app(config, model)
        self._server = uvicorn.Server(uvicorn.Config(
            self.app, host=config.host, port=config.port, log_level="warning", lifespan="on",
            ws_max_size=config.ws_max_bytes))
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://{self.config.host}:{self.port}{EDGE_PATH}"

    @property
    def http_url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    @property
    def state(self) -> OriginState:
        return self.app.state.origin

    def start(self) -> LocalOrigin:
        self._thread = threading.Thread(target=self._server.run, name="local-origin", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the origin failed to start (see its log)")
            if time.monotonic() > deadline:
                raise TimeoutError("the origin did not start in time")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
            self._thread = None

    def __enter__(self) -> LocalOrigin:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def free_port() -> int:
    """A loopback port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    def __init__(self, threads: int = DEFAULT_THREADS, context_tokens: int = 2048) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model_path()),
             "--n_threads", str(threads), "--n_ctx", str(context_tokens), "--host", "127.0.0.1",
             "--port", str(self.port), "--verbose", "False"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self, timeout_s: float = 60.0) -> LlamaServer:
        deadline = time.monotonic() + timeout_s
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited: {self.process.stderr.read().decode()[-500:]}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"llama_cpp.server did not answer within {timeout_s:g} s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
