"""Running the probe: N concurrent sessions, each playing every file `repeat` times, for each N.

Each session is a real WebRTC client. It plays one utterance, waits for the turns it opened to
end (the reply, or the final transcript without an origin), pauses `gap_s`, and plays the next,
as a person taking turns would. The probe also measures itself (CPU, event-loop lateness, how late
its audio frames left) so its own load is reported beside the numbers it produced.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from latency_probe.client import ProbeError, ProbeSession, ReceivedEvent
from latency_probe.report import TurnRecord, stats, summarise, turn_records
from latency_probe.truth import SpeechSegment, speech_segments
from latency_probe.wav_track import RATE
from voice.audio_file import load_audio
from voice.budget import LatencyBudget
from voice.loop_monitor import LoopMonitor


@dataclass(frozen=True, slots=True)
class ProbeFile:
    """A file to play: its name, 48 kHz samples for the track, and its true speech segments."""

    name: str
    samples_48k: np.ndarray
    segments: tuple[SpeechSegment, ...]

    @classmethod
    def load(cls, path) -> ProbeFile:
        """Raises `voice.audio_file.AudioFileError` with a readable reason."""
        segments = tuple(speech_segments(load_audio(path, 16_000)))
        return cls(str(path), load_audio(path, RATE), segments)


@dataclass
class LevelResult:
    sessions: int
    records: list[TurnRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    probe_overhead: dict = field(default_factory=dict)


async def run_session(url: str, files: list[ProbeFile], repeat: int, budget: LatencyBudget, sessions: int,
                      index: int, *, tail_s: float, gap_s: float, turn_timeout_s: float,
                      progress: Callable[[str], None], on_event: Callable[[ReceivedEvent], None] | None = None,
                      connect_timeout_s: float = 10.0) -> tuple[list[TurnRecord], list[str], list[float]]:
    session = ProbeSession(url, connect_timeout_s=connect_timeout_s, on_event=on_event)
    played: list[ProbeFile] = []
    errors: list[str] = []
    try:
        await session.connect()
        for r in range(repeat):
            for f in files:
                await session.play(f.samples_48k, tail_s=tail_s, turn_timeout_s=turn_timeout_s)
                played.append(f)
                progress(f"[{sessions} sessions] session {index + 1} pass {r + 1}: {f.name}")
                await asyncio.sleep(gap_s)
    except ProbeError as exc:
        errors.append(f"session {index + 1}: {exc}")
    finally:
        records = turn_records(session.snapshot(), [(f.name, list(f.segments)) for f in played], budget,
                               sessions, index)
        for record in records:
            if record.client_marks:
                session.report_marks(record.turn_id, record.client_marks)
        await asyncio.sleep(0.05)  # let the marks leave before the connection closes
        await session.close()
        errors.extend(f"session {index + 1}: {e}" for e in session.run.protocol_errors)
    return records, errors, session.run.frame_lateness_s


async def run_level(url: str, files: list[ProbeFile], sessions: int, repeat: int, budget: LatencyBudget, *,
                    tail_s: float = 1.0, gap_s: float = 0.5, turn_timeout_s: float = 60.0,
                    progress: Callable[[str], None] = lambda _: None,
                    on_event: Callable[[ReceivedEvent], None] | None = None,
                    connect_timeout_s: float = 10.0) -> LevelResult:
    monitor = LoopMonitor()
    monitor.start()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    results = await asyncio.gather(*(
        run_session(url, files, repeat, budget, sessions, i, tail_s=tail_s, gap_s=gap_s,
                    turn_timeout_s=turn_timeout_s, progress=progress, on_event=on_event,
                    connect_timeout_s=connect_timeout_s) for i in range(sessions)))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    await monitor.stop()
    level = LevelResult(sessions)
    lateness_ms: list[float] = []
    for records, errors, lateness in results:
        level.records += records
        level.errors += errors
        lateness_ms += [x * 1000 for x in lateness]
    level.summary = summarise(level.records, budget)
    level.probe_overhead = {"cpu_seconds": round(cpu, 3), "wall_seconds": round(wall, 3),
                            "cpu_percent_of_one_core": round(100 * cpu / wall, 1) if wall else None,
                            "event_loop_lateness": monitor.stats(), "audio_frame_lateness_ms": stats(lateness_ms)}
    return level
