import pytest

from origin_llm.ledger import OriginTurnLedger


def test_report_turns_marks_into_stage_durations():
    ledger = OriginTurnLedger("embedded")
    for name, at in [("received", 10.0), ("queued", 10.001), ("started", 10.011), ("prompt_evaluated", 10.041),
                     ("first_token", 10.042), ("done", 10.342)]:
        ledger.mark(name, at)
    ledger.mark("received", 99.0)  # the first record wins
    ledger.prompt_tokens, ledger.cached_prompt_tokens, ledger.completion_tokens = 90, 70, 12
    report = ledger.report()
    assert report.received_s == 10.0
    assert (report.queue_wait_ms, report.prompt_eval_ms, report.ttft_ms, report.generation_ms, report.total_ms) == \
        pytest.approx((10.0, 30.0, 42.0, 300.0, 342.0))
    assert report.marks_ms["done"] == pytest.approx(342.0)
    assert (report.prompt_tokens, report.cached_prompt_tokens, report.completion_tokens) == (90, 70, 12)


def test_stages_that_did_not_happen_are_none():
    ledger = OriginTurnLedger("openai")
    ledger.mark("received", 1.0)
    ledger.mark("done", 1.5)
    report = ledger.report()
    assert report.prompt_eval_ms is None and report.ttft_ms is None and report.total_ms == pytest.approx(500.0)


def test_unknown_marks_are_refused():
    with pytest.raises(ValueError, match="unknown"):
        OriginTurnLedger("x").mark("lunch")
