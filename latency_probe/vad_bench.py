"""`python -m latency_probe.vad_bench`: Silero against webrtcvad as the edge's endpointer.

Offline and deterministic, on the speech set's files played through `Endpointer` as the edge
feeds it (20 ms frames), in a clean room, with steady hiss at each `--snr` dB below the speech, and with
babble (four other files of the set summed, the conference case) at the same SNRs. Every pause of
`complete_hangover_ms` ends a turn, as if each transcript read as a finished sentence (the
edge's early endpoint at its most eager), so the count of turns against the true spoken segments
shows how often a VAD splits a sentence. Per VAD and room:

* `endpoint_after_true_end_ms`: true end of each spoken segment (latency_probe/truth.py, on the
  clean audio) -> the first endpoint decision from `EARLY_S` before it, p50/p95; `not_ended`
  counts segments with no endpoint within `MAX_WAIT_S` (the noise kept the turn open);
* `turns` against `true_segments` (more turns than segments: sentences split at pauses);
* `false_starts`: turns opened before the speech began (noise taken for a voice);
* `vad_us_per_frame`: the endpointer's cost per 20 ms frame, p50/p95 and mean (Silero runs on
  32 ms windows, so about 5 frames in 8 pay for one).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from latency_probe.bench import DEFAULT_SPEECH, cost_stats, load_manifest, write_result
from latency_probe.report import stats
from latency_probe.truth import speech_segments
from voice.audio_file import load_audio
from voice.endpointer import Endpointer, EndpointerConfig, SpeechEnded, SpeechStarted
from voice.frames import FRAME_SAMPLES, PcmFrame

RATE = 16_000
LEAD_S = 1.0
TAIL_S = 2.0
MAX_WAIT_S = 1.5
EARLY_S = 0.3  # in noise a soft last sound is masked: an endpoint this much before the clean end counts
BABBLE_TALKERS = 4


def active_rms(samples: np.ndarray) -> float:
    """RMS over the loudest half of 20 ms frames: the speech level, not diluted by its pauses."""
    n = samples.size // FRAME_SAMPLES
    frames = samples[: n * FRAME_SAMPLES].astype(np.float64).reshape(n, FRAME_SAMPLES)
    power = np.sort((frames ** 2).mean(axis=1))[n // 2:]
    return float(np.sqrt(power.mean()))


def hiss(length: int, rng: np.random.Generator) -> np.ndarray:
    """Pink-ish noise (white noise through a one-pole low-pass): a room's or a recording's hiss."""
    return np.convolve(rng.standard_normal(length), 0.95 ** np.arange(200))[:length]


def babble(others: list[np.ndarray], length: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(length)
    for voice in rng.choice(len(others), size=min(BABBLE_TALKERS, len(others)), replace=False):
        talker = others[voice].astype(np.float64)
        reps = np.tile(talker, length // talker.size + 2)
        start = int(rng.integers(0, talker.size))
        out += reps[start:start + length]
    return out


def scene(speech: np.ndarray, noise: np.ndarray | None, snr_db: float) -> np.ndarray:
    """Speech with `LEAD_S` before and `TAIL_S` after it, plus noise scaled to `snr_db` below it."""
    lead, tail = int(LEAD_S * RATE), int(TAIL_S * RATE)
    mix = np.concatenate([np.zeros(lead), speech.astype(np.float64), np.zeros(tail)])
    if noise is not None:
        scale = active_rms(speech) / max(1e-9, float(np.sqrt((noise ** 2).mean()))) / 10 ** (snr_db / 20)
        mix += noise[: mix.size] * scale
    return np.clip(mix, -32768, 32767).astype(np.int16)


def run_endpointer(samples: np.ndarray, config: EndpointerConfig) -> tuple[list[float], list[float], list[float]]:
    """Turn starts and endpoint decisions (seconds into `samples`), and the cost of each frame in us."""
    endpointer = Endpointer(config)
    starts, ends, costs = [], [], []
    try:
        for i in range(samples.size // FRAME_SAMPLES):
            frame = PcmFrame(samples[i * FRAME_SAMPLES:(i + 1) * FRAME_SAMPLES].tobytes(), i * 0.02, i)
            t0 = time.perf_counter_ns()
            event = endpointer.process(frame)
            costs.append((time.perf_counter_ns() - t0) / 1000.0)
            if event is None and endpointer.silence_ms >= config.complete_hangover_ms:
                event = endpointer.end_now(frame.received_at)
            if isinstance(event, SpeechStarted):
                starts.append(event.started_at)
            elif isinstance(event, SpeechEnded):
                ends.append(event.endpoint_at)
    finally:
        endpointer.close()
    return starts, ends, costs


def evaluate(files: dict[str, np.ndarray], rooms: list[str], vads: dict[str, EndpointerConfig],
             snr_db: float, seed: int = 7) -> dict:
    result: dict = {}
    for room in rooms:
        rng = np.random.default_rng(seed)
        scenes = []
        for name, speech in files.items():
            length = speech.size + int((LEAD_S + TAIL_S) * RATE)
            noise = None
            if room == "hiss":
                noise = hiss(length, rng)
            elif room == "babble":
                noise = babble([s for n, s in files.items() if n != name], length, rng)
            truth = [(LEAD_S + s.start_s, LEAD_S + s.end_s) for s in speech_segments(speech)]
            scenes.append((scene(speech, noise, snr_db), truth))
        for vad, config in vads.items():
            delays, not_ended, turns, segments, false_starts, costs = [], 0, 0, 0, 0, []
            for samples, truth in scenes:
                starts, ends, frame_costs = run_endpointer(samples, config)
                costs += frame_costs
                turns += len(starts)
                segments += len(truth)
                false_starts += sum(s < truth[0][0] - 0.3 for s in starts) if truth else len(starts)
                for _, end in truth:
                    after = [e - end for e in ends if -EARLY_S <= e - end <= MAX_WAIT_S]
                    if after:
                        delays.append(min(after) * 1000.0)
                    else:
                        not_ended += 1
            result.setdefault(room, {})[vad] = {
                "endpoint_after_true_end_ms": stats(delays), "not_ended": not_ended,
                "turns": turns, "true_segments": segments, "false_starts": false_starts,
                "vad_us_per_frame": cost_stats(costs)}
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m latency_probe.vad_bench", description=__doc__.splitlines()[0])
    p.add_argument("--speech", type=Path, default=DEFAULT_SPEECH, help="folder with manifest.tsv and WAVs")
    p.add_argument("--snr", type=float, nargs="+", default=[15.0, 25.0],
                   help="speech-to-noise ratios of the noisy rooms, dB")
    p.add_argument("--out", type=Path, default=Path("docs/bench/vad.json"))
    args = p.parse_args(argv)
    if not (args.speech / "manifest.tsv").is_file():
        p.error(f"{args.speech}/manifest.tsv not found")
    files = {row["wav"]: load_audio(args.speech / row["wav"]) for row in load_manifest(args.speech)}
    # each VAD with the early-endpoint wait the edge uses with it (edge_relay/config.py): Silero hears
    # the end of speech ~30-40 ms late, so the edge waits 160 ms of its silence, 200 of webrtcvad's
    vads = {"silero": EndpointerConfig(pause_ms=60, complete_hangover_ms=160),
            "silero_200": EndpointerConfig(complete_hangover_ms=200),
            "webrtc": EndpointerConfig(vad="webrtc", complete_hangover_ms=200)}
    rooms = {"clean": evaluate(files, ["clean"], vads, 0.0)["clean"]}
    for snr in args.snr:
        for room, by_vad in evaluate(files, ["hiss", "babble"], vads, snr).items():
            rooms[f"{room} {snr:g} dB"] = by_vad
    result = {"command": "python -m latency_probe.vad_bench " + " ".join(argv if argv is not None else sys.argv[1:]),
              "files": len(files), "rooms": rooms}
    for room, by_vad in rooms.items():
        for vad, r in by_vad.items():
            print(f"{room:13s} {vad:10s} end->endpoint p50 {r['endpoint_after_true_end_ms']['p50']} "
                  f"p95 {r['endpoint_after_true_end_ms']['p95']} ms, not ended {r['not_ended']}, "
                  f"turns {r['turns']}/{r['true_segments']} segments, false starts {r['false_starts']}, "
                  f"{r['vad_us_per_frame']['mean']} us/frame (mean)")
    write_result(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
