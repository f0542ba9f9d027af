"""Prometheus metrics of one edge process, served at `GET /metrics`.

A histogram per ledger stage (labelled with its tier), turns by outcome, budget overruns by
stage, and gauges read at scrape time (sessions, ASR queue, origin link, event-loop lateness).
Each process has its own registry, so tests can run several edges side by side.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from voice.budget import BudgetVerdict
from voice.ledger import StageTiming
from voice.metrics import CONTENT_TYPE, STAGE_BUCKETS_S, MetricsRegistry

__all__ = ["CONTENT_TYPE", "EdgeMetrics"]


class EdgeMetrics(MetricsRegistry):
    def __init__(self) -> None:
        super().__init__()
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
