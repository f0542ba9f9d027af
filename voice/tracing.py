"""Optional OpenTelemetry spans for turns: one span per turn, a child span per stage.

The ledger already holds every stage's start and end, so spans are written after the fact with
explicit timestamps rather than opened around the code. Through the OpenTelemetry API alone this
costs nothing until a tracer provider is installed: `configure_tracing` installs one when an
exporter is configured in the environment (OTEL_EXPORTER_OTLP_ENDPOINT, or
OTEL_TRACES_EXPORTER=console) and the SDK is installed (`pip install edgevoice[otel]`).
"""

from __future__ import annotations

import logging
import os
import time

from opentelemetry import trace

from voice.ledger import STAGES, TurnLedger

log = logging.getLogger(__name__)


def configure_tracing(service_name: str) -> bool:
    """Install an SDK tracer provider if the environment asks for an exporter; True if installed."""
    wants_otlp = bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or
                      os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
    wants_console = os.environ.get("OTEL_TRACES_EXPORTER", "") == "console"
    if not (wants_otlp or wants_console):
        return False
    try:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

        if wants_otlp:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            exporter = OTLPSpanExporter()
        else:
            exporter = ConsoleSpanExporter()
    except ImportError as exc:
        log.warning("tracing requested but the OpenTelemetry SDK/exporter is missing (%s); "
                    "install edgevoice[otel]", exc)
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return True


def record_turn(tracer: trace.Tracer, ledger: TurnLedger, outcome: str, attributes: dict | None = None) -> None:
    """Write the turn and its completed stages as spans (timestamps from the ledger's marks)."""
    placed = {name: t for name in ledger.marks if (t := ledger.at(name)) is not None}
    if not placed:
        return
    to_epoch_ns = time.time_ns() - time.monotonic_ns()
    ns = lambda t: int(t * 1e9) + to_epoch_ns  # noqa: E731
    root = tracer.start_span("turn", start_time=ns(min(placed.values())),
                             attributes={"edgevoice.turn_id": ledger.turn_id, "edgevoice.outcome": outcome,
                                         **(attributes or {})})
    context = trace.set_span_in_context(root)
    for spec, timing in zip(STAGES, ledger.stages()):
        begin, end = placed.get(spec.begins), placed.get(spec.ends)
        if timing.ms is None or begin is None or end is None:
            continue
        span = tracer.start_span(spec.name, context=context, start_time=ns(begin),
                                 attributes={"edgevoice.tier": str(spec.tier), "edgevoice.budgeted": spec.budgeted,
                                             "edgevoice.clamped": timing.clamped})
        span.end(end_time=ns(max(begin, end)))
    root.end(end_time=ns(max(placed.values())))
