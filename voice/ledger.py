"""The per-turn latency ledger: when each instant of a turn happened, and what the stages cost.

A turn is followed by one `TurnLedger`. Code that observes an instant records it in one line,
``ledger.mark("transcript_final")``; the stages are spans between two marks, declared once in
`STAGES`. Adding a stage is one line there (and the `mark` call that feeds its end).

Marks are monotonic times on the clock of the tier that took them. The ledger keeps the edge's
clock as its timeline: a mark taken on another machine (``origin.first_token``) is recorded with
its clock, and placed on the timeline with that clock's offset, estimated NTP-style from
ping/pong. The offset and its uncertainty travel in the ledger. A cross-clock stage that comes
out negative (within the uncertainty) is reported as 0 and flagged, never silently dropped; a
stage whose marks are missing is reported with `ms: null`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum


class Tier(StrEnum):
    """Where a stage runs; also names the clock its marks were read from."""

    CLIENT = "client"
    EDGE = "edge"
    ORIGIN = "origin"


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A named span of a turn between two marks.

    `budgeted` stages are machine work counted against the conversational budget; the user's
    own speech, the deliberate end-of-speech wait and the reply's streaming after its first
    token are reported on their own lines instead.
    """

    name: str
    tier: Tier
    begins: str
    ends: str
    budgeted: bool
    doc: str


STAGES: tuple[StageSpec, ...] = (
    StageSpec("speech", Tier.EDGE, "speech_start", "speech_end", False,
              "the user speaking, from the first to the last voiced frame the VAD heard"),
    StageSpec("vad_confirm", Tier.EDGE, "speech_start", "speech_confirmed", False,
              "onset voiced audio the VAD needs before it trusts speech has begun"),
    StageSpec("uplink", Tier.CLIENT, "client.speech_end", "speech_end", True,
              "true end of speech at the client to the edge's VAD hearing its last voiced frame: "
              "network, jitter buffer, decoding and the VAD's own error"),
    StageSpec("endpoint_wait", Tier.EDGE, "speech_end", "endpoint", False,
              "deliberate hangover: silence waited for before deciding the user has finished"),
    StageSpec("asr_final", Tier.EDGE, "endpoint", "transcript_final", True,
              "endpoint decision to final transcript (speculative decoding starts at the pause)"),
    StageSpec("scan", Tier.EDGE, "transcript_final", "scan_done", True,
              "prompt-injection scan of the final transcript"),
    StageSpec("edge_to_origin", Tier.EDGE, "origin_sent", "origin.received", True,
              "the turn frame crossing to the origin"),
    StageSpec("origin_queue", Tier.ORIGIN, "origin.received", "origin.started", True,
              "waiting for the model at the origin"),
    StageSpec("prompt_eval", Tier.ORIGIN, "origin.started", "origin.prompt_evaluated", True,
              "the model reading the prompt (history and the new turn)"),
    StageSpec("first_token", Tier.ORIGIN, "origin.prompt_evaluated", "origin.first_token", True,
              "sampling the reply's first token"),
    StageSpec("origin_to_edge", Tier.EDGE, "origin.first_token", "first_token", True,
              "the first reply delta crossing back to the edge"),
    StageSpec("downlink", Tier.CLIENT, "first_token", "client.first_token", False,
              "the first reply text crossing from the edge to the client (in parallel with the voice)"),
    StageSpec("clause_wait", Tier.EDGE, "first_token", "tts_start", True,
              "waiting for the reply's first clause to be complete enough to speak"),
    StageSpec("tts", Tier.EDGE, "tts_start", "tts_first_audio", True,
              "synthesising the first clause"),
    StageSpec("playout", Tier.EDGE, "tts_first_audio", "first_audio_sent", True,
              "the first clause's audio waiting for its first frame on the wire"),
    StageSpec("downlink_audio", Tier.CLIENT, "first_audio_sent", "client.first_audio", True,
              "the first reply audio crossing from the edge to the client"),
    StageSpec("barge_in", Tier.EDGE, "speech_confirmed", "reply_stopped", False,
              "user speech confirmed over a reply, to the reply falling silent"),
    StageSpec("reply_stream", Tier.ORIGIN, "origin.first_token", "origin.done", False,
              "generating the rest of the reply, heard while it streams"),
)

MARKS: frozenset[str] = frozenset(
    {"audio_received", "speech_paused", "reply_done", "client.transcript_final", "client.reply_done",
     "client.audio_end"}
    | {s.begins for s in STAGES} | {s.ends for s in STAGES}
)


@dataclass(frozen=True, slots=True)
class ClockOffset:
    """Another tier's clock = edge clock + `offset_s`, within +/- `uncertainty_s`."""

    offset_s: float
    uncertainty_s: float


@dataclass(frozen=True, slots=True)
class StageTiming:
    """One stage of one turn, as reported: `ms` is None when the stage did not complete;
    `clamped` says a cross-clock stage came out negative within the offset's uncertainty."""

    name: str
    tier: Tier
    ms: float | None
    budgeted: bool
    clamped: bool = False


@dataclass(slots=True)
class TurnLedger:
    """Marks of one turn, keyed by name: (clock they were read on, monotonic seconds)."""

    turn_id: str
    marks: dict[str, tuple[Tier, float]] = field(default_factory=dict)
    offsets: dict[Tier, ClockOffset] = field(default_factory=dict)

    def mark(self, name: str, at: float | None = None, clock: Tier = Tier.EDGE) -> float:
        """Record instant `name` (now, unless `at` is given); the first record of a name wins."""
        if name not in MARKS:
            raise ValueError(f"unknown ledger mark {name!r}")
        at = time.monotonic() if at is None else at
        return self.marks.setdefault(name, (clock, at))[1]

    def set_offset(self, clock: Tier, offset: ClockOffset) -> None:
        self.offsets[clock] = offset

    def at(self, name: str) -> float | None:
        """Mark `name` on the edge's timeline, or None if missing (or its clock has no offset)."""
        if name not in self.marks:
            return None
        clock, t = self.marks[name]
        if clock is Tier.EDGE:
            return t
        offset = self.offsets.get(clock)
        return None if offset is None else t - offset.offset_s

    def stages(self) -> list[StageTiming]:
        timings = []
        for spec in STAGES:
            begin, end = self.at(spec.begins), self.at(spec.ends)
            if begin is None or end is None:
                timings.append(StageTiming(spec.name, spec.tier, None, spec.budgeted))
                continue
            ms = (end - begin) * 1000.0
            clamped = ms < 0
            timings.append(StageTiming(spec.name, spec.tier, max(0.0, ms), spec.budgeted, clamped))
        return timings

    def machine_ms(self) -> float:
        """Sum of the budgeted stages that completed."""
        return sum(s.ms for s in self.stages() if s.budgeted and s.ms is not None)

    @classmethod
    def from_dict(cls, data: dict) -> TurnLedger:
        """Rebuild a ledger from `to_dict` output (marks already on the edge timeline), e.g. so a
        client can add its own marks to the ledger the edge sent it."""
        base = float(data.get("base_s", 0.0))
        ledger = cls(str(data.get("turn_id", "")))
        for name, ms in data.get("marks_ms", {}).items():
            if name in MARKS:
                ledger.marks[name] = (Tier.EDGE, base + float(ms) / 1000.0)
        for tier, off in data.get("offsets", {}).items():
            ledger.offsets[Tier(tier)] = ClockOffset(off["offset_ms"] / 1000.0, off["uncertainty_ms"] / 1000.0)
        return ledger

    def to_dict(self) -> dict:
        placed = {name: t for name in self.marks if (t := self.at(name)) is not None}
        origin = min(placed.values(), default=0.0)
        return {
            "turn_id": self.turn_id,
            "clock": str(Tier.EDGE),
            "base_s": origin,
            "offsets": {str(k): {"offset_ms": round(v.offset_s * 1000, 3), "uncertainty_ms": round(v.uncertainty_s * 1000, 3)}
                        for k, v in self.offsets.items()},
            "marks_ms": {k: round((v - origin) * 1000.0, 3) for k, v in sorted(placed.items(), key=lambda kv: kv[1])},
            "stages": [
                {"name": s.name, "tier": str(s.tier), "budgeted": s.budgeted,
                 "ms": None if s.ms is None else round(s.ms, 3), **({"clamped": True} if s.clamped else {})}
                for s in self.stages()
            ],
            "machine_ms": round(self.machine_ms(), 3),
        }
