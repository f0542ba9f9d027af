"""An origin served by uvicorn on a background thread and an ephemeral loopback port.

For the benchmark and the tests: the origin runs on its own event loop, as it would in its own
process, while the caller's loop plays the edge. `stop()` shuts it down the way uvicorn does on
SIGTERM (lifespan shutdown included), so a restart over the same database is a real restart.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import uvicorn

from origin_llm.app import OriginState, create_app
from origin_llm.config import OriginConfig
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
