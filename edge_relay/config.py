"""Settings of one edge process, validated when built so a bad value fails at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from voice.budget import LatencyBudget
from voice.endpointer import EndpointerConfig

# The edge ends a turn after 160 ms of silence (not 300) when its transcript reads as a finished
# sentence. Silero VAD hears the end of speech ~30-40 ms after it happens, so 160 ms of its
# silence is about the 200 ms webrtcvad used here; see edge_relay/pipeline.py, and
# docs/BENCHMARKS.md (`python -m latency_probe.vad_bench`) for what it costs in split sentences.
COMPLETE_HANGOVER_MS = 160
# The final is decoded speculatively from the first 60 ms of silence (the decode takes 60-150 ms),
# so it is ready when the 160 ms are up. Silero bridges the short gaps inside words, so starting
# at 60 ms instead of 100 wastes few decodes: 27 against 23 resumed pauses in the speech set.
PAUSE_MS = 60


@dataclass(frozen=True, slots=True)
class EdgeConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    max_sessions: int = 16
    asr_workers: int = 2
    asr_threads: int = 1
    idle_timeout_s: float = 10.0
    offer_timeout_s: float = 10.0
    ice_loopback: bool = False
    origin_url: str | None = None
    edge_id: str = "edge"
    origin_turn_wait_s: float = 30.0
    voice: bool = True
    jitter_buffer_frames: int = 2  # aiortc's fixed default is 4 (80 ms): see voice/jitter.py
    endpointer: EndpointerConfig = field(
        default_factory=lambda: EndpointerConfig(pause_ms=PAUSE_MS, complete_hangover_ms=COMPLETE_HANGOVER_MS))
    budget: LatencyBudget = field(default_factory=LatencyBudget)

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0..65535, got {self.port}")
        if self.max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        if not 1 <= self.asr_workers <= 64 or not 1 <= self.asr_threads <= 64:
            raise ValueError("asr_workers and asr_threads must be 1..64")
        if not 0 <= self.jitter_buffer_frames <= 15:
            raise ValueError("jitter_buffer_frames must be 0..15 (20 ms packets)")
        if self.idle_timeout_s <= 0 or self.offer_timeout_s <= 0:
            raise ValueError("timeouts must be positive")
