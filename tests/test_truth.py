import numpy as np

from latency_probe.truth import speech_segments
from tests.conftest import FIXTURES, SPEECH
from voice.audio_file import load_audio


def test_true_speech_end_of_a_clean_phrase():
    samples = load_audio(FIXTURES / "question_spoken.wav")
    segments = speech_segments(samples)
    assert len(segments) == 1
    # the fixture has 0.5 s of digital silence on both sides
    assert 0.45 <= segments[0].start_s <= 0.65
    # speech ends before the padding starts (Piper leaves ~0.15 s of near-silence of its own)
    padding_starts = len(samples) / 16000 - 0.5
    assert padding_starts - 0.3 <= segments[0].end_s <= padding_starts + 0.02


def test_pause_longer_than_the_gap_splits_segments():
    one = load_audio(SPEECH / "LJ001-0008.wav")
    two = np.concatenate([one, np.zeros(16000, np.int16), one])
    assert len(speech_segments(two, min_gap_s=0.3)) == 2
    assert len(speech_segments(two, min_gap_s=1.5)) == 1


def test_silence_and_empty_have_no_speech():
    assert speech_segments(load_audio(FIXTURES / "silence_3s.wav")) == []
    assert speech_segments(np.zeros(0, np.int16)) == []


class FileClock:
    """A played file that started at `started_at` on the probe's clock (as WavTrack says)."""

    def __init__(self, started_at: float) -> None:
        self.started_at = started_at

    def clock_at(self, seconds_into_file: float) -> float:
        return self.started_at + seconds_into_file


def vad_ended_at(edge_time: float):
    from voice.ledger import TurnLedger

    ledger = TurnLedger("t")
    ledger.mark("speech_end", edge_time)
    return ledger


def test_a_turn_is_matched_to_the_speech_end_it_followed_never_to_a_later_one():
    from latency_probe.report import _true_end
    from latency_probe.truth import SpeechSegment
    from voice.ledger import ClockOffset

    offset = ClockOffset(offset_s=100.0, uncertainty_s=0.001)  # probe clock = edge clock + 100 s
    entry = ("f.wav", FileClock(started_at=1000.0), [SpeechSegment(0.5, 3.0), SpeechSegment(3.6, 6.0)])
    # the VAD heard the first segment end 80 ms late (the uplink): matched to 1003.0
    assert _true_end(vad_ended_at(903.08), offset, entry, set()) == 1003.0
    # a VAD end 1.5 s before the second segment ends (a pause inside it): no true end
    assert _true_end(vad_ended_at(904.5), offset, entry, set()) is None
    # a soft last sound the VAD let go 0.1 s before the energy did: still that segment's end
    assert _true_end(vad_ended_at(905.9), offset, entry, set()) == 1006.0
    # an end already given to another turn is not given twice
    assert _true_end(vad_ended_at(903.1), offset, entry, {1003.0}) is None
