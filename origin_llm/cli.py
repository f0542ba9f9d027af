"""`edgevoice origin`: run the origin LLM service with uvicorn."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from origin_llm.config import (API_KEY_ENV, DEFAULT_HISTORY_TOKENS, DEFAULT_MAX_REPLY_TOKENS, DEFAULT_THREADS, ModelConfig, OriginConfig,
                               default_db_path)
from voice.wire import EDGE_PATH, SECRET_ENV, secret_from_env


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="edgevoice origin",
        description="Run the edgevoice origin: edges connect to ws://HOST:PORT" + EDGE_PATH +
                    f" with a bearer token signed with ${SECRET_ENV} (shared with the edges).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8090)
    p.add_argument("--db", type=Path, default=None, help=f"SQLite conversation store (default {default_db_path()})")
    p.add_argument("--backend", choices=["embedded", "openai"], default="embedded",
                   help="embedded: llama.cpp in-process (default); openai: an OpenAI-compatible server")
    p.add_argument("--model-path", type=Path, default=None,
                   help="embedded: a GGUF chat model (default: the bundled SmolLM2-135M-Instruct)")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                   help="embedded: CPU threads (1 is faster while other work shares the cores; "
                        "try 2 on a dedicated machine)")
    p.add_argument("--context", type=int, default=2048, help="embedded: context window in tokens")
    p.add_argument("--openai-base-url", default="", help="openai: e.g. http://127.0.0.1:8000/v1")
    p.add_argument("--openai-model", default="", help=f"openai: model name (API key from ${API_KEY_ENV})")
    p.add_argument("--max-reply-tokens", type=int, default=DEFAULT_MAX_REPLY_TOKENS)
    p.add_argument("--history-tokens", type=int, default=DEFAULT_HISTORY_TOKENS, help="token budget for earlier turns")
    p.add_argument("--turn-timeout", type=float, default=30.0, help="seconds from receipt to reply.done")
    p.add_argument("--max-edges", type=int, default=64)
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return p.parse_args(argv)


def build_config(args: argparse.Namespace) -> OriginConfig:
    model = ModelConfig(
        backend=args.backend, model_path=args.model_path, threads=args.threads, context_tokens=args.context,
        base_url=args.openai_base_url, model_name=args.openai_model, api_key=os.environ.get(API_KEY_ENV, ""),
        max_reply_tokens=args.max_reply_tokens, history_tokens=args.history_tokens)
    return OriginConfig(host=args.host, port=args.port, db_path=args.db or default_db_path(),
                        secret=secret_from_env(), model=model, turn_timeout_s=args.turn_timeout,
                        max_edges=args.max_edges)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        config = build_config(args)
    except (ValueError, FileNotFoundError) as exc:  # CredentialError is a ValueError
        print(f"edgevoice origin: {exc}", file=sys.stderr)
        return 2
    import uvicorn

    from origin_llm.app import create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    print(f"edgevoice origin: edges connect to ws://{config.host}:{config.port}{EDGE_PATH}, "
          f"backend {config.model.backend}, store {config.db_path}  (Ctrl-C to stop)", flush=True)
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level=args.log_level,
                ws_max_size=config.ws_max_bytes)
    return 0
