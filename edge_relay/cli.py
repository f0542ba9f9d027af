"""`edgevoice edge`: run the edge relay with uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys

from edge_relay.config import COMPLETE_HANGOVER_MS, PAUSE_MS, EdgeConfig
from voice.budget import LatencyBudget
from voice.endpointer import EndpointerConfig


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="edgevoice edge", description="Run the edgevoice edge relay.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--max-sessions", type=int, default=16)
    p.add_argument("--asr-workers", type=int, default=2, help="parallel ASR decodes (threads)")
    p.add_argument("--asr-threads", type=int, default=1, help="CPU threads per ASR decode")
    p.add_argument("--idle-timeout", type=float, default=10.0,
                   help="close a session after this many seconds without audio")
    p.add_argument("--ice-loopback", action="store_true",
                   help="offer 127.0.0.1 as an ICE candidate (browser and edge on one loopback-only machine)")
    p.add_argument("--origin", metavar="URL", default=None,
                   help="origin WebSocket base URL (ws://host:port); the shared secret comes from "
                        "EDGEVOICE_ORIGIN_SECRET. Without it the edge transcribes and scans only.")
    p.add_argument("--ssl-certfile", default=None, help="serve HTTPS (browsers need it for a microphone off localhost)")
    p.add_argument("--ssl-keyfile", default=None)
    p.add_argument("--hangover-ms", type=int, default=300, help="silence that ends a turn (multiple of 20)")
    p.add_argument("--complete-hangover-ms", type=int, default=None,
                   help="silence that ends a turn whose transcript reads as a finished sentence "
                        f"(default {COMPLETE_HANGOVER_MS}, or the hangover if shorter; equal to --hangover-ms "
                        "turns it off)")
    p.add_argument("--vad", choices=["silero", "webrtc"], default="silero",
                   help="voice activity detector: Silero (noise-robust, default) or webrtcvad (cheaper)")
    p.add_argument("--jitter-buffer", type=int, default=2, metavar="PACKETS",
                   help="20 ms packets the audio receive buffer waits for (aiortc's own is 4)")
    p.add_argument("--no-voice", action="store_true", help="text replies only: no speech synthesis")
    p.add_argument("--edge-id", default="edge", help="this edge's name in its origin credential")
    p.add_argument("--budget", metavar="FILE", default=None,
                   help='latency budget JSON: {"total_ms": 300, "stages": {"asr_final": 60, ...}}')
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        budget = LatencyBudget.from_file(args.budget) if args.budget else LatencyBudget()
        complete = args.complete_hangover_ms if args.complete_hangover_ms is not None \
            else min(COMPLETE_HANGOVER_MS, args.hangover_ms)
        endpointer = EndpointerConfig(vad=args.vad, pause_ms=min(PAUSE_MS, complete), hangover_ms=args.hangover_ms,
                                      complete_hangover_ms=complete)
        config = EdgeConfig(budget=budget, endpointer=endpointer, host=args.host, port=args.port, max_sessions=args.max_sessions,
                            asr_workers=args.asr_workers, asr_threads=args.asr_threads,
                            idle_timeout_s=args.idle_timeout, ice_loopback=args.ice_loopback,
                            origin_url=args.origin, edge_id=args.edge_id, voice=not args.no_voice,
                            jitter_buffer_frames=args.jitter_buffer)
    except ValueError as exc:
        print(f"edgevoice edge: {exc}", file=sys.stderr)
        return 2
    import uvicorn

    from edge_relay.app import create_app
    from voice.wire import CredentialError

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from voice.tracing import configure_tracing

    if configure_tracing("edgevoice-edge"):
        print("edgevoice edge: OpenTelemetry spans per turn are exported", flush=True)
    scheme = "https" if args.ssl_certfile else "http"
    print(f"edgevoice edge: demo at {scheme}://{config.host}:{config.port}/  (Ctrl-C to stop)", flush=True)
    try:
        app = create_app(config)
    except (CredentialError, ValueError) as exc:
        print(f"edgevoice edge: {exc}", file=sys.stderr)
        return 2
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("edgevoice edge: --ssl-certfile and --ssl-keyfile go together", file=sys.stderr)
        return 2
    uvicorn.run(app, host=config.host, port=config.port, log_level=args.log_level,
                ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    return 0
