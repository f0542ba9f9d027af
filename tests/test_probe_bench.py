"""The edge benchmark's framing measure runs from a fresh install (its naive baseline needs soxr,
from the `bench` extra), on real speech through the real resamplers and VADs."""

from pathlib import Path

from latency_probe.bench import bench_framing

SPEECH = Path(__file__).parent / "fixtures" / "speech"


def test_the_framing_benchmark_measures_all_three_paths() -> None:
    result = bench_framing([{"wav": "LJ001-0002.wav"}], SPEECH)
    assert set(result) == {"per_20ms_frame_us", "webrtcvad_per_frame_us", "naive_soxr_per_frame_us"}
    for costs in result.values():
        assert costs["mean"] > 0 and costs["p50"] <= costs["max"]
