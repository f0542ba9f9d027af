"""`edgevoice probe --wav FILE [--url URL]`: play a WAV to the edge and report the turn's timing."""

from __future__ import annotations

import argparse
import asyncio
import sys

from latency_probe.client import ProbeError, ProbeRun, ReceivedEvent, run_probe
from latency_probe.wav_track import RATE
from voice.audio_file import AudioFileError, load_audio
from voice.events import (ErrorEvent, OriginAvailable, OriginUnavailable, ReplyDelta, ReplyDone, ScanBlocked,
                          ScanVerdict, TranscriptFinal, TranscriptPartial, TurnDropped, VadEnd, VadStart)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="edgevoice probe",
                                description="Play a WAV file to the edge over WebRTC and report latencies.")
    p.add_argument("--wav", required=True, help="audio file (any rate, channels or sample format)")
    p.add_argument("--url", default="http://127.0.0.1:8080", help="edge base URL")
    p.add_argument("--tail", type=float, default=2.0, help="seconds of silence sent after the file")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for final transcripts")
    return p.parse_args(argv)


def describe(event: object) -> str:
    if isinstance(event, VadStart):
        return f"vad.start          {event.turn_id}"
    if isinstance(event, VadEnd):
        return f"vad.end            {event.turn_id} (speech {event.speech_ms:.0f} ms)"
    if isinstance(event, TranscriptPartial):
        return f"transcript.partial {event.text}"
    if isinstance(event, TranscriptFinal):
        return f"transcript.final   {event.text}"
    if isinstance(event, ScanVerdict):
        return f"scan.verdict       {event.action} (score {event.score:.2f})"
    if isinstance(event, ScanBlocked):
        return f"scan.blocked       {event.turn_id}: {'; '.join(event.reasons)}"
    if isinstance(event, ReplyDelta):
        return f"reply.delta        {event.text!r}"
    if isinstance(event, ReplyDone):
        return f"reply.done         {event.text}" + (" (interrupted)" if event.interrupted else "")
    if isinstance(event, OriginAvailable):
        return "origin.available"
    if isinstance(event, OriginUnavailable):
        return f"origin.unavailable {event.message}"
    if isinstance(event, TurnDropped):
        return f"turn.dropped       {event.turn_id} ({event.reason})"
    if isinstance(event, ErrorEvent):
        return f"error              {event.code}: {event.message}"
    return repr(event)


def summary(run: ProbeRun) -> str:
    """Each turn's stage table, from the most complete ledger the edge sent for it."""
    lines = []
    replies = {e.event.turn_id: e.event for e in run.replies()}
    for received in run.finals():
        final: TranscriptFinal = received.event
        reply = replies.get(final.turn_id)
        ledger = reply.ledger if reply is not None else final.ledger
        lines.append(f"\nturn {final.turn_id}: {final.text}")
        if reply is not None:
            lines.append(f"  reply: {reply.text}")
        lines.append(f"  {'stage':<16}{'tier':<8}{'ms':>9}")
        for stage in ledger.get("stages", []):
            ms = "-" if stage["ms"] is None else f"{stage['ms']:.1f}"
            note = "" if stage["budgeted"] else "  (not budgeted)"
            lines.append(f"  {stage['name']:<16}{stage['tier']:<8}{ms:>9}{note}")
        lines.append(f"  machine stages total: {ledger.get('machine_ms', 0):.1f} ms")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        samples = load_audio(args.wav, RATE)
    except AudioFileError as exc:
        print(f"edgevoice probe: {exc}", file=sys.stderr)
        return 2
    start: list[float] = []

    def show(received: ReceivedEvent) -> None:
        start.append(start[0] if start else received.at)
        print(f"[{received.at - start[0]:7.3f}s] {describe(received.event)}", flush=True)

    try:
        run = asyncio.run(run_probe(samples, args.url, tail_s=args.tail, final_timeout_s=args.timeout,
                                    on_event=show))
    except ProbeError as exc:
        print(f"edgevoice probe: {exc}", file=sys.stderr)
        return 1
    print(summary(run))
    for problem in run.protocol_errors:
        print(f"edgevoice probe: {problem}", file=sys.stderr)
    if not run.finals():
        print("edgevoice probe: no final transcript received", file=sys.stderr)
        return 1
    return 1 if run.protocol_errors else 0
