"""Prometheus metrics of the origin, served at `GET /metrics`: a histogram per origin stage of
each finished turn (queue wait, prompt evaluation, time to first token, generation, total),
turns by how they ended, generated tokens, and gauges read at scrape time (edges connected, turns
in flight, replays, prefill hints used, event-loop lateness)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from voice.metrics import CONTENT_TYPE, STAGE_BUCKETS_S, MetricsRegistry
from voice.wire import OriginLedger

__all__ = ["CONTENT_TYPE", "OriginMetrics"]

STAGE_FIELDS = ("queue_wait_ms", "prompt_eval_ms", "ttft_ms", "generation_ms", "total_ms")


class OriginMetrics(MetricsRegistry):
    def __init__(self) -> None:
        super().__init__()
        self.stage_seconds = Histogram(
            "edgevoice_origin_stage_seconds", "Duration of each origin stage of a turn",
            ["stage", "backend"], buckets=STAGE_BUCKETS_S, registry=self.registry)
        self.turns = Counter("edgevoice_origin_turns", "Finished turns by status", ["status"], registry=self.registry)
        self.tokens = Counter("edgevoice_origin_completion_tokens", "Tokens generated", registry=self.registry)

    def observe_turn(self, status: str, ledger: OriginLedger) -> None:
        self.turns.labels(status).inc()
        self.tokens.inc(ledger.completion_tokens)
        for name in STAGE_FIELDS:
            ms = getattr(ledger, name)
            if ms is not None:
                self.stage_seconds.labels(name.removesuffix("_ms"), ledger.backend).observe(ms / 1000.0)
