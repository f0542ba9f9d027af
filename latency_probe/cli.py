"""`edgevoice probe`: play WAV files to the edge over WebRTC and report each stage's latency.

    edgevoice probe --wav FILE... [--url URL] [--sessions N...] [--repeat K]
                    [--report out.json] [--plot out.png] [--budget budget.json]

With one session the events are printed as they arrive; with more, a progress line per played
utterance. Each session count prints a table of p50/p95/max per stage with the budget verdict.
The JSON report (written even when a run fails, with what was measured) holds every turn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from latency_probe.client import ReceivedEvent
from latency_probe.report import format_table, records_to_json
from latency_probe.sweep import LevelResult, ProbeFile, run_level
from voice.audio_file import AudioFileError
from voice.budget import LatencyBudget
from voice.events import (ErrorEvent, OriginAvailable, OriginUnavailable, ReplyDelta, ReplyDone, ScanBlocked,
                          ScanVerdict, TranscriptFinal, TranscriptPartial, TurnDropped, VadEnd, VadStart)

MAX_SESSIONS = 64


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="edgevoice probe",
                                description="Play audio files to the edge over WebRTC and report latencies.")
    p.add_argument("--wav", required=True, nargs="+", help="audio files (any rate, channels or sample format)")
    p.add_argument("--url", default="http://127.0.0.1:8080", help="edge base URL")
    p.add_argument("--sessions", type=int, nargs="+", default=[1],
                   help="concurrent sessions; several values run a sweep, e.g. --sessions 1 2 4 8")
    p.add_argument("--repeat", type=int, default=1, help="times each session plays each file")
    p.add_argument("--report", type=Path, help="write the JSON report here")
    p.add_argument("--plot", type=Path, help="draw the waterfall and distribution chart here (PNG)")
    p.add_argument("--budget", type=Path, help='latency budget JSON: {"total_ms": 300, "stages": {...}}')
    p.add_argument("--tail", type=float, default=1.0, help="seconds of silence after each utterance")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a turn to end")
    p.add_argument("--connect-timeout", type=float, default=10.0,
                   help="seconds to wait for the edge to answer the offer and the connection to open")
    args = p.parse_args(argv)
    if any(not 1 <= n <= MAX_SESSIONS for n in args.sessions):
        p.error(f"--sessions values must be 1..{MAX_SESSIONS}")
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.tail < 0 or args.timeout <= 0 or args.connect_timeout <= 0:
        p.error("--tail must be >= 0, --timeout and --connect-timeout positive")
    return args


DESCRIBE = {
    VadStart: lambda e: f"vad.start          {e.turn_id}",
    VadEnd: lambda e: f"vad.end            {e.turn_id} (speech {e.speech_ms:.0f} ms)",
    TranscriptPartial: lambda e: f"transcript.partial {e.text}",
    TranscriptFinal: lambda e: f"transcript.final   {e.text}",
    ScanVerdict: lambda e: f"scan.verdict       {e.action} (score {e.score:.2f})",
    ScanBlocked: lambda e: f"scan.blocked       {e.turn_id}: {'; '.join(e.reasons)}",
    ReplyDelta: lambda e: f"reply.delta        {e.text!r}",
    ReplyDone: lambda e: f"reply.done         {e.text}" + (" (interrupted)" if e.interrupted else ""),
    OriginAvailable: lambda e: "origin.available",
    OriginUnavailable: lambda e: f"origin.unavailable {e.message}",
    TurnDropped: lambda e: f"turn.dropped       {e.turn_id} ({e.reason})",
    ErrorEvent: lambda e: f"error              {e.code}: {e.message}",
}


def describe(event: object) -> str:
    return DESCRIBE.get(type(event), repr)(event)


def level_report(level: LevelResult) -> dict:
    return {"sessions": level.sessions, "summary": level.summary, "probe_overhead": level.probe_overhead,
            "errors": level.errors, "records": records_to_json(level.records)}


async def run(args: argparse.Namespace, files: list[ProbeFile], budget: LatencyBudget, levels: list[dict]) -> None:
    start: list[float] = []

    def show(received: ReceivedEvent) -> None:
        start.append(start[0] if start else received.at)
        print(f"[{received.at - start[0]:7.3f}s] {describe(received.event)}", flush=True)

    single = args.sessions == [1] and args.repeat == 1 and len(files) == 1
    for n in args.sessions:
        level = await run_level(args.url, files, n, args.repeat, budget, tail_s=args.tail,
                                turn_timeout_s=args.timeout, connect_timeout_s=args.connect_timeout,
                                on_event=show if single else None,
                                progress=(lambda line: None) if single else
                                (lambda line: print(line, file=sys.stderr, flush=True)))
        levels.append(level_report(level))
        for record in level.records:
            if record.text:
                reply = f"\n    reply: {record.reply}" if record.reply else ""
                print(f"turn {record.turn_id} [{record.outcome}]: {record.text}{reply}")
        print(f"\n{n} session{'s' if n > 1 else ''}, {args.repeat} pass{'es' if args.repeat > 1 else ''}:")
        print(format_table(level.summary))
        overhead = level.probe_overhead
        print(f"probe overhead: {overhead['cpu_percent_of_one_core']}% of one core, loop lateness p99 "
              f"{overhead['event_loop_lateness']['p99_ms']} ms, audio frames late p99 "
              f"{overhead['audio_frame_lateness_ms']['p95']} ms (p95)\n", flush=True)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        budget = LatencyBudget.from_file(args.budget) if args.budget else LatencyBudget()
        files = [ProbeFile.load(path) for path in args.wav]
    except (AudioFileError, ValueError) as exc:
        print(f"edgevoice probe: {exc}", file=sys.stderr)
        return 2
    levels: list[dict] = []
    failure = ""
    try:
        asyncio.run(run(args, files, budget, levels))
    except KeyboardInterrupt:
        failure = "interrupted"
    finally:
        if args.report:
            args.report.parent.mkdir(parents=True, exist_ok=True)
            args.report.write_text(json.dumps({"url": args.url, "files": args.wav, "repeat": args.repeat,
                                               "budget": {"total_ms": budget.total_ms, "stages": budget.allowances_ms},
                                               "levels": levels, "failure": failure}, indent=1))
        if args.plot and levels:
            from latency_probe.plot import draw

            draw(levels, args.plot, budget.total_ms)
    errors = [e for level in levels for e in level["errors"]]
    for problem in errors:
        print(f"edgevoice probe: {problem}", file=sys.stderr)
    finals = sum(1 for level in levels for r in level["records"] if r["text"])
    if not finals:
        print("edgevoice probe: no final transcript received", file=sys.stderr)
    return 1 if errors or not finals or failure else 0
