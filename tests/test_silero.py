"""voice/silero.py: Silero VAD's speech probability over 20 ms frames, and the pool of loaded models."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import SPEECH
from voice.audio_file import load_audio
from voice.frames import FRAME_BYTES
from voice.silero import SileroPool, SpeechProbability


def test_probability_follows_speech_and_silence():
    pool = SileroPool()
    stream = SpeechProbability(pool)
    speech = load_audio(SPEECH / "LJ001-0008.wav")
    audio = np.concatenate([np.zeros(16000, np.int16), speech, np.zeros(16000, np.int16)]).tobytes()
    probs = [stream.update(audio[i:i + FRAME_BYTES]) for i in range(0, len(audio) - FRAME_BYTES + 1, FRAME_BYTES)]
    assert max(probs[:45]) < 0.2  # the first 0.9 s: digital silence
    assert np.mean(np.array(probs[55:120]) > 0.5) > 0.8  # inside the speech
    assert max(probs[-30:]) < 0.2  # the last 0.6 s: silence again
    stream.close()


def test_windows_are_32_ms_so_a_score_changes_on_about_five_frames_in_eight():
    stream = SpeechProbability(SileroPool())
    rng = np.random.default_rng(0)
    updated = 0
    last = stream.probability
    for _ in range(80):
        prob = stream.update((rng.standard_normal(320) * 3000).astype(np.int16).tobytes())
        updated += prob != last
        last = prob
    assert 40 <= updated <= 50  # 80 frames of 20 ms = 50 windows of 32 ms (a score may repeat)
    stream.close()


def test_a_closed_stream_refuses_audio_and_its_model_is_reused_reset():
    pool = SileroPool(keep=1)
    first = SpeechProbability(pool)
    first.update(b"\x00\x10" * 320 * 4)
    first.close()
    first.close()  # idempotent
    with pytest.raises(RuntimeError):
        first.update(b"\x00" * FRAME_BYTES)
    second = SpeechProbability(pool)
    assert pool.loaded == 1 and second.probability == 0.0
    third = SpeechProbability(pool)  # the pool is empty: a new model is loaded
    assert pool.loaded == 2
    second.close()
    third.close()
    assert pool.idle == 1  # keeps at most `keep`


def test_fill_loads_until_enough_are_idle():
    pool = SileroPool(keep=3)
    pool.fill(2)
    assert pool.idle == 2 and pool.loaded == 2
    pool.fill(5)
    assert pool.idle == 3
