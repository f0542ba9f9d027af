import pytest

from voice.ledger import MARKS, STAGES, Tier, TurnLedger


def test_stages_from_marks():
    ledger = TurnLedger("t1")
    ledger.mark("speech_start", 10.0)
    ledger.mark("speech_confirmed", 10.16)
    ledger.mark("speech_end", 12.0)
    ledger.mark("endpoint", 12.3)
    ledger.mark("transcript_final", 12.35)
    stages = {s.name: s for s in ledger.stages()}
    assert stages["endpoint_wait"].ms == pytest.approx(300)
    assert not stages["endpoint_wait"].budgeted
    assert stages["asr_final"].ms == pytest.approx(50)
    assert stages["asr_final"].budgeted and stages["asr_final"].tier is Tier.EDGE
    assert ledger.machine_ms() == pytest.approx(50)


def test_missing_stage_is_reported_not_dropped():
    ledger = TurnLedger("t2")
    ledger.mark("speech_start", 1.0)
    ledger.mark("speech_end", 2.0)
    ledger.mark("endpoint", 2.3)
    d = ledger.to_dict()
    names = [s["name"] for s in d["stages"]]
    assert names == [s.name for s in STAGES]
    asr = next(s for s in d["stages"] if s["name"] == "asr_final")
    assert asr["ms"] is None
    assert d["marks_ms"]["speech_start"] == 0.0 and d["marks_ms"]["endpoint"] == pytest.approx(1300)


def test_first_mark_wins_and_unknown_marks_are_refused():
    ledger = TurnLedger("t3")
    assert ledger.mark("endpoint", 5.0) == 5.0
    assert ledger.mark("endpoint", 6.0) == 5.0
    with pytest.raises(ValueError):
        ledger.mark("endpiont", 1.0)


def test_every_stage_uses_known_marks():
    for spec in STAGES:
        assert spec.begins in MARKS and spec.ends in MARKS and spec.doc
