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
