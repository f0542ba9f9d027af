import json

import pytest

from voice.budget import DEFAULT_ALLOWANCES_MS, LatencyBudget
from voice.ledger import STAGES, StageTiming, Tier


def timing(name: str, ms: float | None) -> StageTiming:
    spec = next(s for s in STAGES if s.name == name)
    return StageTiming(name, spec.tier, ms, spec.budgeted)


def test_verdict_names_the_stage_that_overran():
    verdict = LatencyBudget().judge([timing("asr_final", 20), timing("prompt_eval", 190), timing("scan", 0.1),
                                     timing("endpoint_wait", 300), timing("downlink_audio", None)])
    assert verdict.machine_ms == pytest.approx(210.1)
    assert verdict.within  # 210 <= 300: the endpoint wait is not a machine stage
    assert [(o.stage, o.over_ms) for o in verdict.overruns] == [("prompt_eval", pytest.approx(130))]
    assert "downlink_audio" in verdict.missing
    d = verdict.to_dict()
    assert d["overruns"][0]["allowance_ms"] == DEFAULT_ALLOWANCES_MS["prompt_eval"]


def test_total_over_budget():
    verdict = LatencyBudget(total_ms=100).judge([timing("asr_final", 60), timing("prompt_eval", 50)])
    assert not verdict.within and verdict.machine_ms == 110


def test_budget_file(tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"total_ms": 250, "stages": {"asr_final": 30}}))
    budget = LatencyBudget.from_file(path)
    assert budget.total_ms == 250 and budget.allowances_ms["asr_final"] == 30
    assert budget.allowances_ms["scan"] == DEFAULT_ALLOWANCES_MS["scan"]


@pytest.mark.parametrize("content", ["not json", "[1]", '{"stages": {"endpoint_wait": 5}}',
                                     '{"stages": {"nope": 5}}', '{"total_ms": -1}', '{"stages": {"scan": "x"}}',
                                     '{"stages": []}'])
def test_bad_budget_files_are_refused_clearly(tmp_path, content):
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(ValueError):
        LatencyBudget.from_file(path)
    with pytest.raises(ValueError, match="cannot read"):
        LatencyBudget.from_file(tmp_path / "missing.json")
