import pytest

from voice.clock import ClockTracker, estimate


@pytest.mark.parametrize("skew", [0.0, 12.5, -3.25])
def test_offset_from_symmetric_exchange(skew):
    # local sends at 100.0, 5 ms each way, remote holds it 1 ms
    e = estimate(100.0, 100.005 + skew, 100.006 + skew, 100.011)
    assert e.offset_s == pytest.approx(skew)
    assert e.rtt_s == pytest.approx(0.010)
    assert e.uncertainty_s == pytest.approx(0.005)


def test_tracker_trusts_the_fastest_exchange():
    tracker = ClockTracker(keep=3)
    tracker.add(0.0, 2.010, 2.011, 0.060)   # queued on the way out: loose
    tracker.add(1.0, 3.002, 3.003, 1.005)   # fast: 2 ms error at most
    tracker.add(2.0, 4.030, 4.031, 2.035)   # queued on the way out again
    assert tracker.best.offset_s == pytest.approx(2.0, abs=0.002)
    assert len(tracker) == 3
    assert ClockTracker().best is None
