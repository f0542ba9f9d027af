"""The real Whisper tiny.en recogniser on real speech."""

import numpy as np
import pytest

from tests.conftest import FIXTURES, SPEECH
from voice.audio_file import load_audio
from voice.frames import pcm_to_float
from voice.wer import wer
from voice.whisper_asr import WhisperRecognizer, has_repetition_loop, looks_degenerate


def audio_of(path) -> np.ndarray:
    return pcm_to_float(load_audio(path).tobytes())


@pytest.mark.parametrize("utt", ["jfk", "LJ001-0002", "LJ001-0008", "LJ001-0013", "2412-153948-0000"])
def test_final_transcripts_match_references(whisper, manifest, utt):
    row = manifest[utt]
    result = whisper.transcribe(audio_of(SPEECH / row["wav"]), final=True)
    assert wer(row["reference"], result.text) <= 0.15, result.text


def test_silence_and_noise_give_no_text(whisper):
    for name in ("silence_3s.wav", "noise_4s.wav"):
        assert whisper.transcribe(audio_of(FIXTURES / name), final=True).text == ""
    assert whisper.transcribe(np.zeros(0, np.float32), final=True).text == ""


def test_clipped_and_resampled_input(whisper, manifest):
    clipped = whisper.transcribe(audio_of(FIXTURES / "jfk_clipped.wav"), final=True)
    assert wer(manifest["jfk"]["reference"], clipped.text) <= 0.25, clipped.text
    other_rate = whisper.transcribe(audio_of(FIXTURES / "LJ001-0002_44k_stereo.wav"), final=True)
    assert wer(manifest["LJ001-0002"]["reference"], other_rate.text) <= 0.15


def test_trimmed_window_loops_and_the_guard_falls_back(manifest):
    """With no padding Whisper loops on short phrases; the guard must catch it and decode again."""
    naive = WhisperRecognizer(min_window_s=0.0, min_pad_s=0.0, num_workers=1)
    caught = 0
    for utt in ("LJ001-0002", "LJ001-0008", "LJ001-0013"):
        row = manifest[utt]
        final = naive.transcribe(audio_of(SPEECH / row["wav"]), final=True)
        assert wer(row["reference"], final.text) <= 0.15, final.text
        partial = naive.transcribe(audio_of(SPEECH / row["wav"]), final=False)
        caught += final.fallback
        assert partial.rejected == final.fallback
        assert partial.rejected or wer(row["reference"], partial.text) <= 0.15
    assert caught >= 1


def test_audio_longer_than_the_window_is_cut_not_crashed(whisper):
    long = np.tile(audio_of(SPEECH / "jfk.wav"), 4)  # 44 s
    result = whisper.transcribe(long, final=True)
    assert result.audio_s == pytest.approx(30.0)
    assert "country" in result.text.lower()


def test_degeneracy_checks():
    assert has_repetition_loop("the cat the cat the cat".split())
    assert has_repetition_loop("no no no no".split())
    assert not has_repetition_loop("no no no".split())
    assert not has_repetition_loop("ask not what your country can do for you ask what you can do".split())
    assert looks_degenerate("a b c d e f g h i j k l", audio_s=1.0, hit_token_cap=False)  # 12 words/s
    # the utterance read a second time into the padding (LJ001-0011, 4.8 s: 5.4 words/s passed)
    assert looks_degenerate("It is of the first importance that the letter used should be fine in form. "
                            "It is of the first importance that the letter used", audio_s=4.8, hit_token_cap=False)
    assert not looks_degenerate("ask not what your country can do for you, ask what you can do for your country",
                                audio_s=6.0, hit_token_cap=False)
    assert looks_degenerate("fine", audio_s=1.0, hit_token_cap=True)
    assert not looks_degenerate("in being comparatively modern.", audio_s=1.9, hit_token_cap=False)
