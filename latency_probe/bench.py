"""`python -m latency_probe.bench`: the edge benchmark behind docs/BENCHMARKS.md.

In one run, on this machine:
1. framing + VAD cost per 20 ms frame (FrameConverter + Endpointer on real speech, Opus-shaped
   48 kHz stereo frames);
2. the naive baseline: offline faster-whisper `transcribe()` of each whole utterance (default
   30 s window, beam 5), its WER and its time, which is what "transcribe at the endpoint" costs;
3. the streaming edge: a real edge process, each shared utterance played in real time through
   the probe's WebRTC client, `--repeat` times; endpoint -> final transcript per turn from the
   turn ledger, streaming WER with the same normaliser, event-loop stalls from /healthz.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import fractions
import json
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

import av
import httpx
import numpy as np

from latency_probe.client import run_probe
from latency_probe.wav_track import RATE
from voice.audio_file import load_audio
from voice.endpointer import Endpointer
from voice.frames import FrameConverter, pcm_to_float
from voice.wer import corpus_wer

DEFAULT_SPEECH = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "speech"


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    a = np.asarray(values, dtype=float)
    return {"n": int(a.size), "p50": round(float(np.percentile(a, 50)), 3),
            "p95": round(float(np.percentile(a, 95)), 3), "max": round(float(a.max()), 3),
            "mean": round(float(a.mean()), 3)}


def load_manifest(folder: Path) -> list[dict[str, str]]:
    with open(folder / "manifest.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def bench_framing(rows: list[dict[str, str]], folder: Path) -> dict:
    """Per-frame cost of resampling 48 kHz stereo to 16 kHz mono 20 ms frames plus the VAD."""
    costs_us: list[float] = []
    for row in rows:
        mono = load_audio(folder / row["wav"], 48_000)
        stereo = np.repeat(mono, 2)
        converter, endpointer = FrameConverter(), Endpointer()
        for i in range(0, stereo.size - 1920, 1920):
            frame = av.AudioFrame.from_ndarray(stereo[i:i + 1920].reshape(1, -1), format="s16", layout="stereo")
            frame.sample_rate, frame.pts, frame.time_base = 48_000, i // 2, fractions.Fraction(1, 48_000)
            t0 = time.perf_counter_ns()
            for pcm in converter.convert(frame, time.monotonic()):
                endpointer.process(pcm)
            costs_us.append((time.perf_counter_ns() - t0) / 1000.0)
    return {"per_20ms_frame_us": percentiles(costs_us)}


def bench_offline(rows: list[dict[str, str]], folder: Path, threads: int) -> dict:
    from faster_whisper import WhisperModel

    from voice.whisper_asr import bundled_model_dir

    model = WhisperModel(str(bundled_model_dir()), device="cpu", compute_type="int8", cpu_threads=threads)
    texts, times = {}, []
    for row in rows:
        audio = pcm_to_float(load_audio(folder / row["wav"]).tobytes())
        t0 = time.perf_counter()
        segments, _ = model.transcribe(audio, language="en")
        texts[row["utt_id"]] = " ".join(s.text.strip() for s in segments)
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"texts": texts, "transcribe_ms": percentiles(times),
            "wer": corpus_wer((r["reference"], texts[r["utt_id"]]) for r in rows)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_healthy(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            try:
                if (await http.get(url + "/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"edge at {url} did not become healthy")


async def bench_streaming(rows: list[dict[str, str]], folder: Path, repeat: int) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    edge = subprocess.Popen([sys.executable, "-m", "voice.cli", "edge", "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        await wait_healthy(url)
        asr_final, endpoint_wait, texts, speculative = [], [], {}, []
        for r in range(repeat):
            for row in rows:
                run = await run_probe(load_audio(folder / row["wav"], RATE), url, tail_s=1.0)
                finals = [e.event for e in run.finals()]
                for final in finals:
                    stages = {s["name"]: s["ms"] for s in final.ledger["stages"]}
                    asr_final.append(stages["asr_final"])
                    endpoint_wait.append(stages["endpoint_wait"])
                texts[(r, row["utt_id"])] = run.transcript()
                print(f"  pass {r + 1} {row['utt_id']:<18} turns={len(finals)} "
                      f"asr_final_ms={[round(f.ledger['stages'][-1]['ms'], 1) for f in finals]}", flush=True)
        async with httpx.AsyncClient() as http:
            health = (await http.get(url + "/healthz")).json()
    finally:
        edge.terminate()
        edge.wait(timeout=20)
    by_pass = [corpus_wer((row["reference"], texts[(r, row["utt_id"])]) for row in rows) for r in range(repeat)]
    return {"endpoint_to_final_ms": percentiles(asr_final), "endpoint_wait_ms": percentiles(endpoint_wait),
            "wer_per_pass": by_pass, "wer": float(np.mean(by_pass)),
            "texts": {f"{r}:{u}": t for (r, u), t in texts.items()},
            "event_loop_lateness_ms": health["event_loop"], "asr_scheduler": health["asr"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m latency_probe.bench", description=__doc__.splitlines()[0])
    p.add_argument("--speech", type=Path, default=DEFAULT_SPEECH, help="folder with manifest.tsv and WAVs")
    p.add_argument("--repeat", type=int, default=3, help="passes over the speech set through the edge")
    p.add_argument("--limit", type=int, default=0, help="use only the first N utterances (0 = all)")
    p.add_argument("--out", type=Path, default=Path("docs/bench/edge.json"))
    args = p.parse_args(argv)
    if not (args.speech / "manifest.tsv").is_file():
        p.error(f"{args.speech}/manifest.tsv not found")
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    rows = load_manifest(args.speech)[: args.limit or None]
    print(f"edge bench: {len(rows)} utterances x {args.repeat} passes", flush=True)
    framing = bench_framing(rows, args.speech)
    print("framing + VAD:", framing, flush=True)
    offline = bench_offline(rows, args.speech, threads=2)
    print(f"offline transcribe(): WER {offline['wer']:.4f}, {offline['transcribe_ms']}", flush=True)
    streaming = asyncio.run(bench_streaming(rows, args.speech, args.repeat))
    print(f"streaming edge: WER {streaming['wer']:.4f}; endpoint->final {streaming['endpoint_to_final_ms']}; "
          f"loop lateness {streaming['event_loop_lateness_ms']}", flush=True)
    result = {
        "command": "python -m latency_probe.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "utterances": len(rows), "repeat": args.repeat,
        "framing": framing, "offline_baseline": offline, "streaming": streaming,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
