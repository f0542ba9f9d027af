"""Prometheus metrics of one edge process, served at `GET /metrics`.

A histogram per ledger stage (labelled with its tier), turns by outcome, budget overruns by
stage, and gauges read at scrape time (sessions, ASR queue, origin link, event-loop lateness).
Each process has its own registry, so tests can run several edges side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from voice.budget import BudgetVerdict
from voice.ledger import StageTiming

STAGE_BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0,
                   1.5, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class EdgeMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.stage_seconds = Histogram(
            "edgevoice_stage_seconds", "Duration of each stage of a turn, from the turn ledger",
            ["stage", "tier", "budgeted"], buckets=STAGE_BUCKETS_S, registry=self.registry)
        self.machine_seconds = Histogram(
            "edgevoice_machine_stages_seconds", "Sum of a turn's budgeted (machine) stages",
            buckets=STAGE_BUCKETS_S, registry=self.registry)
        self.turns = Counter("edgevoice_turns", "Turns by how they ended", ["outcome"], registry=self.registry)
        self.overruns = Counter("edgevoice_budget_overruns", "Stages that exceeded their allowance",
                                ["stage"], registry=self.registry)
        self.over_budget = Counter("edgevoice_turns_over_budget", "Turns whose machine stages exceeded the total",
                                   registry=self.registry)

    def gauge(self, name: str, doc: str, read: Callable[[], float]) -> None:
        Gauge(name, doc, registry=self.registry).set_function(read)

    def observe_stages(self, stages: list[StageTiming], only: set[str] | None = None) -> None:
        for stage in stages:
            if stage.ms is not None and (only is None or stage.name in only):
                self.stage_seconds.labels(stage.name, str(stage.tier), str(stage.budgeted).lower()).observe(
                    stage.ms / 1000.0)

    def observe_turn(self, outcome: str, stages: list[StageTiming], verdict: BudgetVerdict | None) -> None:
        self.turns.labels(outcome).inc()
        self.observe_stages(stages)
        if verdict is not None:
            self.machine_seconds.observe(verdict.machine_ms / 1000.0)
            for overrun in verdict.overruns:
                self.overruns.labels(overrun.stage).inc()
            if not verdict.within:
                self.over_budget.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
