"""Piper with the bundled voice, checked by ear: our own Whisper must understand what it says."""

import numpy as np
import pytest

from voice.frames import pcm_to_float, resample
from voice.tts import MAX_CLAUSE_CHARS, speakable
from voice.wer import wer


@pytest.mark.parametrize("text,expected", [
    ("**Paris** is the capital!", "Paris is the capital!"),
    ("Café naïve, 42% off", "Café naïve, 42% off"),
    ("Hello 😀🎉 there", "Hello there"),
    ("你好 hello", "hello"),
    ("😀🎉", ""), ("你好世界", ""), ("", ""), ("   ", ""), ("\x00\x01\x02", ""), ("$%^&*()", ""),
    ("# Title\n- item `code`", "Title - item code"),
])
def test_speakable(text, expected):
    assert speakable(text) == expected


def test_speakable_is_bounded():
    assert len(speakable("word " * 5000)) <= MAX_CLAUSE_CHARS


def test_piper_says_what_it_is_asked_to(piper, whisper):
    """Piper samples noise in its VITS graph, so each rendering differs: 40 offline renderings of
    this sentence were heard at word error 0-0.14, and one under a loaded CI run at 0.36 ("the
    water to date a sunny ..."). The median of three renderings is graded, so one unlucky rendering
    does not fail the test while speech that is garbled or cut short (0.29 without "breeze from the
    sea", 0.57 at half length) fails every rendering."""
    text = "The weather today is sunny and warm, with a light breeze from the sea."
    rates, heard = [], []
    for _ in range(3):
        audio = np.concatenate(list(piper.synthesize(text)))
        assert audio.dtype == np.int16 and 2.0 < audio.size / piper.sample_rate < 8.0
        # our recogniser wants 16 kHz: go through 48 kHz as the edge does, then down
        pcm = resample(resample(audio, piper.sample_rate, 48_000), 48_000, 16_000)
        heard.append(whisper.transcribe(pcm_to_float(pcm.tobytes()), final=True).text)
        rates.append(wer(text, heard[-1]))
    assert sorted(rates)[1] <= 0.25, heard


@pytest.mark.parametrize("text", ["😀🎉", "你好世界", "\x00", "", "   ", "***"])
def test_unpronounceable_text_gives_no_audio_and_no_error(piper, text):
    assert list(piper.synthesize(text)) == []
