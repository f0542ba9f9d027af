import pytest

from voice.ledger import MARKS, STAGES, ClockOffset, Tier, TurnLedger


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


def full_turn(origin_offset_s: float = 0.0, client_offset_s: float = 0.0) -> TurnLedger:
    """A turn with marks on three clocks; origin = edge + origin_offset, client = edge + client_offset."""
    ledger = TurnLedger("t4")
    ledger.mark("client.speech_end", 9.95 + client_offset_s, clock=Tier.CLIENT)
    ledger.mark("speech_start", 8.0)
    ledger.mark("speech_end", 10.0)
    ledger.mark("endpoint", 10.3)
    ledger.mark("transcript_final", 10.31)
    ledger.mark("scan_done", 10.3101)
    ledger.mark("origin_sent", 10.311)
    for name, t in (("received", 10.321), ("started", 10.322), ("prompt_evaluated", 10.38),
                    ("first_token", 10.39), ("done", 11.0)):
        ledger.mark(f"origin.{name}", t + origin_offset_s, clock=Tier.ORIGIN)
    ledger.mark("first_token", 10.40)
    ledger.mark("client.first_token", 10.43 + client_offset_s, clock=Tier.CLIENT)
    return ledger


@pytest.mark.parametrize("origin_skew,client_skew", [(0.0, 0.0), (3.7, -2.2), (-5.0, 4.0)])
def test_skewed_clocks_give_the_same_stages_once_offsets_are_known(origin_skew, client_skew):
    ledger = full_turn(origin_skew, client_skew)
    ledger.set_offset(Tier.ORIGIN, ClockOffset(origin_skew, 0.0005))
    ledger.set_offset(Tier.CLIENT, ClockOffset(client_skew, 0.001))
    stages = {s.name: s.ms for s in ledger.stages()}
    assert stages["uplink"] == pytest.approx(50)
    assert stages["edge_to_origin"] == pytest.approx(10)
    assert stages["origin_queue"] == pytest.approx(1)
    assert stages["prompt_eval"] == pytest.approx(58)
    assert stages["first_token"] == pytest.approx(10)
    assert stages["origin_to_edge"] == pytest.approx(10)
    assert stages["downlink"] == pytest.approx(30)
    assert not any(s.clamped for s in ledger.stages())
    d = ledger.to_dict()
    assert d["offsets"]["origin"]["offset_ms"] == pytest.approx(origin_skew * 1000)


def test_without_an_offset_a_remote_stage_is_missing_not_wrong():
    ledger = full_turn(origin_offset_s=42.0)
    stages = {s.name: s.ms for s in ledger.stages()}
    assert stages["edge_to_origin"] is None and stages["origin_to_edge"] is None
    assert stages["prompt_eval"] is None  # both ends on the origin clock, but not placed
    assert stages["asr_final"] == pytest.approx(10)


def test_offset_error_within_uncertainty_is_clamped_and_flagged():
    ledger = full_turn(origin_offset_s=1.0)
    ledger.set_offset(Tier.ORIGIN, ClockOffset(1.015, 0.02))  # 15 ms wrong: the hop goes negative
    hop = next(s for s in ledger.stages() if s.name == "edge_to_origin")
    assert hop.ms == 0.0 and hop.clamped
    assert any(s.get("clamped") for s in ledger.to_dict()["stages"])


def test_turn_abandoned_half_way_reports_what_happened():
    ledger = TurnLedger("t5")
    ledger.mark("speech_start", 1.0)
    ledger.mark("speech_end", 2.0)
    ledger.mark("endpoint", 2.3)
    ledger.mark("transcript_final", 2.35)
    ledger.mark("scan_done", 2.3502)
    ledger.mark("origin_sent", 2.351)  # and then the origin never answered
    d = ledger.to_dict()
    by_name = {s["name"]: s["ms"] for s in d["stages"]}
    assert by_name["scan"] == pytest.approx(0.2)
    assert all(by_name[n] is None for n in ("edge_to_origin", "prompt_eval", "origin_to_edge", "downlink"))
    assert d["machine_ms"] == pytest.approx(50.2)


def test_round_trip_through_dict_keeps_stages():
    ledger = full_turn(2.0, -1.0)
    ledger.set_offset(Tier.ORIGIN, ClockOffset(2.0, 0.001))
    ledger.set_offset(Tier.CLIENT, ClockOffset(-1.0, 0.001))
    again = TurnLedger.from_dict(ledger.to_dict())
    assert [(s.name, round(s.ms or -1, 6)) for s in again.stages()] == \
           [(s.name, round(s.ms or -1, 6)) for s in ledger.stages()]
