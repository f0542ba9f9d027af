"""Turning what a probe session saw into per-turn records and per-stage statistics.

Each turn's ledger comes from the edge (`reply.done`, else `transcript.final`); the probe adds its
own marks on its own clock, placed on the edge's timeline with the data-channel clock offset:
`client.speech_end` (the true end of speech, from the clean file), `client.transcript_final`,
`client.first_token`, `client.reply_done`. Two numbers need no offset at all, being measured
entirely on the probe's clock from the true end of speech: to the final transcript's arrival and
to the first reply token's arrival. Those are what the user experiences.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import numpy as np

from latency_probe.client import ProbeRun
from latency_probe.truth import SpeechSegment
from latency_probe.wav_track import Playback
from voice.budget import LatencyBudget
from voice.events import ErrorEvent, ReplyDelta, ReplyDone, ScanBlocked, TranscriptFinal, TurnDropped, VadStart
from voice.ledger import STAGES, ClockOffset, Tier, TurnLedger

MATCH_TOLERANCE_S = 0.25
MATCH_WINDOW_S = 2.0
LATE_TRUTH_S = 0.25


@dataclass
class TurnRecord:
    sessions: int
    session: int
    file: str
    turn_id: str
    outcome: str
    play: int = -1  # which playback of the session (pass * files + file index)
    text: str = ""
    reply: str = ""
    stages: dict[str, float | None] = field(default_factory=dict)
    clamped: list[str] = field(default_factory=list)
    machine_ms: float | None = None
    budget: dict | None = None
    eos_to_final_ms: float | None = None
    eos_to_first_token_ms: float | None = None
    eos_to_first_audio_ms: float | None = None
    barge_in_client_ms: float | None = None
    client_marks: dict[str, float] = field(default_factory=dict)


def _outcome(events: list) -> str:
    kinds = {type(e) for e in events}
    for kind, name in ((ReplyDone, "answered"), (ScanBlocked, "blocked"), (TurnDropped, "dropped"),
                       (ErrorEvent, "failed"), (TranscriptFinal, "transcribed")):
        if kind in kinds:
            if kind is ReplyDone and any(isinstance(e, ReplyDone) and e.interrupted for e in events):
                return "interrupted"
            return name
    return "incomplete"


def _playback_of(at: float, playbacks: list[tuple[str, Playback, list[SpeechSegment]]]) -> int:
    """Index of the last playback that had started when the turn opened (-1: none)."""
    chosen = -1
    for i, entry in enumerate(playbacks):
        started = entry[1].started_at
        if started is not None and started <= at + MATCH_TOLERANCE_S:
            chosen = i
    return chosen


def turn_records(run: ProbeRun, files: list[tuple[str, list[SpeechSegment]]], budget: LatencyBudget,
                 sessions: int = 1, session: int = 0) -> list[TurnRecord]:
    """One record per turn the edge opened; `files` names and segments each playback, in order."""
    playbacks = [(name, pb, segs) for (name, segs), pb in zip(files, run.playbacks)]
    by_turn: dict[str, list] = {}
    arrivals: dict[tuple[str, str], float] = {}
    opened_at: dict[str, float] = {}
    for received in run.events:
        turn_id = getattr(received.event, "turn_id", None)
        if not turn_id:
            continue
        by_turn.setdefault(turn_id, []).append(received.event)
        arrivals.setdefault((turn_id, type(received.event).__name__), received.at)
        if isinstance(received.event, VadStart):
            opened_at[turn_id] = received.at
    client_offset = None if run.clock is None else ClockOffset(-run.clock.offset_s, run.clock.uncertainty_s)
    used_ends: set[float] = set()
    records = []
    finals_at = sorted(at for (tid, kind), at in arrivals.items() if kind == "TranscriptFinal")
    for turn_id, events in by_turn.items():
        play = _playback_of(opened_at.get(turn_id, 0.0), playbacks)
        entry = playbacks[play] if play >= 0 else None
        record = TurnRecord(sessions, session, entry[0] if entry else "", turn_id, _outcome(events), play)
        final = next((e for e in events if isinstance(e, TranscriptFinal)), None)
        done = next((e for e in events if isinstance(e, ReplyDone)), None)
        record.text = final.text if final else ""
        record.reply = done.text if done else ""
        source = done.ledger if done else (final.ledger if final else None)
        if source is None:
            records.append(record)
            continue
        ledger = TurnLedger.from_dict(source)
        final_at = arrivals.get((turn_id, "TranscriptFinal"))
        marks = {"client.transcript_final": final_at,
                 "client.first_token": arrivals.get((turn_id, "ReplyDelta")),
                 "client.reply_done": arrivals.get((turn_id, "ReplyDone"))}
        if final_at is not None and marks["client.first_token"] is not None:
            next_final = next((t for t in finals_at if t > final_at), None)
            marks["client.first_audio"] = run.listener.first_sound_after(final_at, before=next_final)
        true_end = _true_end(ledger, client_offset, entry, used_ends)
        if true_end is not None:
            marks["client.speech_end"] = true_end
            used_ends.add(true_end)
        record.client_marks = {k: v for k, v in marks.items() if v is not None}
        if client_offset is not None:
            ledger.set_offset(Tier.CLIENT, client_offset)
            for name, at in record.client_marks.items():
                ledger.mark(name, at, clock=Tier.CLIENT)
        stages = ledger.stages()
        record.stages = {s.name: None if s.ms is None else round(s.ms, 3) for s in stages}
        if ledger.at("reply_stopped") is not None and (vad_at := arrivals.get((turn_id, "VadStart"))) is not None:
            silent = run.listener.silent_after(vad_at - 0.1)
            record.barge_in_client_ms = None if silent is None else round(max(0.0, silent - vad_at) * 1000, 3)
        record.clamped = [s.name for s in stages if s.clamped]
        verdict = budget.judge(stages)
        record.machine_ms = round(verdict.machine_ms, 3)
        record.budget = verdict.to_dict()
        if true_end is not None:
            if marks["client.transcript_final"] is not None:
                record.eos_to_final_ms = round((marks["client.transcript_final"] - true_end) * 1000, 3)
            if marks["client.first_token"] is not None:
                record.eos_to_first_token_ms = round((marks["client.first_token"] - true_end) * 1000, 3)
            if marks.get("client.first_audio") is not None:
                record.eos_to_first_audio_ms = round((marks["client.first_audio"] - true_end) * 1000, 3)
        records.append(record)
    return records


def _true_end(ledger: TurnLedger, client_offset: ClockOffset | None, entry, used: set[float]) -> float | None:
    """The true end of the speech segment this turn's VAD end belongs to, on the probe's clock:
    the nearest unused segment end at most `MATCH_WINDOW_S` before the VAD end (with no speech
    starting again in between), or at most `LATE_TRUTH_S` after it (the VAD may let a soft last
    sound go before the energy does). A turn
    the VAD ended at a pause inside a segment (read speech pausing mid-sentence) has no true end:
    the speech had not ended, and matching it to the end still to come would count its latency
    from the future, as a negative number."""
    edge_end = ledger.at("speech_end")
    if edge_end is None or client_offset is None or entry is None:
        return None
    vad_end_client = edge_end + client_offset.offset_s
    clock, segments = entry[1].clock_at, entry[2]
    candidates = []
    for seg, after in zip(segments, [*segments[1:], None]):
        t = clock(seg.end_s)
        if t is None or t in used or not -MATCH_WINDOW_S <= t - vad_end_client <= LATE_TRUTH_S:
            continue
        if after is not None and (resumed := clock(after.start_s)) is not None and resumed < vad_end_client:
            continue  # speech started again before the VAD's end: that end belongs to later words
        candidates.append(t)
    return min(candidates, key=lambda t: abs(t - vad_end_client), default=None)


def stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    a = np.asarray(values, dtype=float)
    return {"n": int(a.size), "p50": round(float(np.percentile(a, 50)), 2),
            "p95": round(float(np.percentile(a, 95)), 2), "max": round(float(a.max()), 2)}


def summarise(records: list[TurnRecord], budget: LatencyBudget) -> dict:
    timed = [r for r in records if r.stages]
    stages = {}
    for spec in STAGES:
        values = [r.stages[spec.name] for r in timed if r.stages.get(spec.name) is not None]
        stages[spec.name] = {"tier": str(spec.tier), "budgeted": spec.budgeted,
                             "allowance_ms": budget.allowances_ms.get(spec.name), **stats(values)}
    within = [r.budget["within"] for r in timed if r.budget]
    overruns = Counter(o["stage"] for r in timed if r.budget for o in r.budget["overruns"])
    return {
        "turns": len(records),
        "outcomes": dict(Counter(r.outcome for r in records)),
        "stages": stages,
        "machine_ms": stats([r.machine_ms for r in timed if r.machine_ms is not None]),
        "eos_to_final_ms": stats([r.eos_to_final_ms for r in records if r.eos_to_final_ms is not None]),
        "eos_to_first_token_ms": stats([r.eos_to_first_token_ms for r in records
                                        if r.eos_to_first_token_ms is not None]),
        "voice_to_voice_ms": stats([r.eos_to_first_audio_ms for r in records if r.eos_to_first_audio_ms is not None]),
        "barge_in_client_ms": stats([r.barge_in_client_ms for r in records if r.barge_in_client_ms is not None]),
        "budget": {"total_ms": budget.total_ms, "turns_within": sum(within), "turns_judged": len(within),
                   "overruns_by_stage": dict(overruns)},
        "clamped_stages": dict(Counter(name for r in timed for name in r.clamped)),
    }


def format_table(summary: dict) -> str:
    def cell(v):
        return "-" if v is None else f"{v:.1f}"

    lines = [f"{'stage':<18}{'tier':<8}{'n':>5}{'p50':>9}{'p95':>9}{'max':>9}{'allow':>8}  verdict"]
    for name, s in summary["stages"].items():
        if s["n"] == 0:
            lines.append(f"{name:<18}{s['tier']:<8}{0:>5}{'-':>9}{'-':>9}{'-':>9}{cell(s['allowance_ms']):>8}  not measured")
            continue
        if not s["budgeted"]:
            verdict = "not budgeted"
        elif s["allowance_ms"] is None:
            verdict = ""
        else:
            verdict = "OK" if s["p95"] <= s["allowance_ms"] else f"p95 over by {s['p95'] - s['allowance_ms']:.1f} ms"
        lines.append(f"{name:<18}{s['tier']:<8}{s['n']:>5}{cell(s['p50']):>9}{cell(s['p95']):>9}{cell(s['max']):>9}"
                     f"{cell(s['allowance_ms']):>8}  {verdict}")
    m, b = summary["machine_ms"], summary["budget"]
    lines.append(f"{'machine total':<26}{m['n']:>5}{cell(m['p50']):>9}{cell(m['p95']):>9}{cell(m['max']):>9}"
                 f"{cell(b['total_ms']):>8}  {b['turns_within']}/{b['turns_judged']} turns within budget")
    for key, label in (("eos_to_final_ms", "speech end -> final (client)"),
                       ("eos_to_first_token_ms", "speech end -> 1st token (client)"),
                       ("voice_to_voice_ms", "speech end -> 1st audio (client)"),
                       ("barge_in_client_ms", "barge-in -> reply silent (client)")):
        s = summary[key]
        lines.append(f"{label:<34}{cell(s['p50']):>9}{cell(s['p95']):>9}{cell(s['max']):>9}  (n={s['n']})")
    lines.append(f"outcomes: {summary['outcomes']}")
    if summary["clamped_stages"]:
        lines.append(f"stages clamped to 0 within clock uncertainty: {summary['clamped_stages']}")
    return "\n".join(lines)


def records_to_json(records: list[TurnRecord]) -> list[dict]:
    return [asdict(r) for r in records]
