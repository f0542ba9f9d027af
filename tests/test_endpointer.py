import numpy as np
import pytest

from tests.audio_helpers import fixture_frames, frames_of, with_silence
from tests.conftest import FIXTURES, SPEECH
from voice.audio_file import load_audio
from voice.endpointer import (Endpointer, EndpointerConfig, SpeechEnded, SpeechPaused, SpeechResumed,
                              SpeechStarted)
from voice.silero import SileroPool


def run(frames, config=None):
    ep = Endpointer(config)
    return [(f, e) for f in frames if (e := ep.process(f)) is not None]


def test_silence_and_noise_open_no_turn():
    assert run(fixture_frames(FIXTURES / "silence_3s.wav")) == []
    assert run(fixture_frames(FIXTURES / "burst_100ms.wav")) == []


def test_single_phrase_start_pause_end():
    frames = fixture_frames(SPEECH / "LJ001-0008.wav", before_s=0.5, after_s=1.0)
    events = [e for _, e in run(frames)]
    kinds = [type(e) for e in events]
    assert kinds[0] is SpeechStarted and kinds[-1] is SpeechEnded
    assert SpeechPaused in kinds
    start, end = events[0], events[-1]
    # speech begins around 0.5 s into the stream (frames are stamped from t=1000)
    assert 1000.3 <= start.started_at <= 1000.8
    # the pre-roll gives the recogniser the onset
    assert start.audio[0].received_at < start.started_at
    # endpoint decided exactly one hangover after the last voiced frame
    assert end.endpoint_at - end.last_voiced_at == pytest.approx(0.3, abs=1e-6)


def test_hangover_is_configurable():
    frames = fixture_frames(SPEECH / "LJ001-0008.wav")
    end = [e for _, e in run(frames, EndpointerConfig(hangover_ms=200, pause_ms=60))][-1]
    assert isinstance(end, SpeechEnded)
    assert end.endpoint_at - end.last_voiced_at == pytest.approx(0.2, abs=1e-6)


def test_pause_inside_sentence_resumes_without_ending():
    # jfk has a ~0.4 s pause mid-utterance; with a long hangover it stays one turn
    frames = fixture_frames(SPEECH / "jfk.wav")
    events = [e for _, e in run(frames, EndpointerConfig(hangover_ms=1000, pause_ms=100))]
    assert sum(isinstance(e, SpeechStarted) for e in events) >= 1
    assert any(isinstance(e, SpeechResumed) for e in events)
    for a, b in zip(events, events[1:]):
        if isinstance(a, SpeechPaused):
            assert isinstance(b, (SpeechResumed, SpeechEnded))


def test_two_sentences_with_default_hangover_are_two_turns():
    frames = fixture_frames(SPEECH / "jfk.wav")
    events = [e for _, e in run(frames)]
    assert sum(isinstance(e, SpeechEnded) for e in events) >= 2


def test_clipped_speech_still_detected():
    events = [e for _, e in run(fixture_frames(FIXTURES / "jfk_clipped.wav"))]
    assert isinstance(events[0], SpeechStarted)


def test_lone_voiced_frames_in_noise_do_not_extend_speech():
    speech = load_audio(SPEECH / "LJ001-0008.wav")
    frames = frames_of(np.concatenate([np.zeros(8000, np.int16), speech, np.zeros(32000, np.int16)]))
    ep = Endpointer()
    ep.is_voiced = lambda f, real=ep.is_voiced: real(f) or f.index in (200, 210)  # two flickers
    ended = [e for f in frames if isinstance(e := ep.process(f), SpeechEnded)]
    assert len(ended) == 1


@pytest.mark.parametrize("kwargs", [
    {"aggressiveness": 4}, {"hangover_ms": 310}, {"hangover_ms": -20}, {"min_speech_ms": 0},
    {"pause_ms": 400}, {"min_speech_ms": 400, "start_window_ms": 200}, {"resume_ms": 100},
])
def test_bad_config_is_refused(kwargs):
    with pytest.raises(ValueError):
        EndpointerConfig(**kwargs)


def test_end_now_only_in_a_pause():
    frames = fixture_frames(SPEECH / "LJ001-0008.wav")
    ep = Endpointer(EndpointerConfig(complete_hangover_ms=200))
    ended = None
    for f in frames:
        event = ep.process(f)
        if isinstance(event, SpeechStarted):
            assert ep.end_now(f.received_at) is None  # speaking, not paused
        if isinstance(event, SpeechPaused):
            ended = ep.end_now(f.received_at + 0.1)
            break
    assert isinstance(ended, SpeechEnded) and not ep.in_speech
    assert ended.endpoint_at - ended.last_voiced_at == pytest.approx(0.1 + 0.1, abs=0.03)


def test_complete_hangover_defaults_to_the_hangover():
    assert EndpointerConfig(hangover_ms=240).complete_hangover_ms == 240
    with pytest.raises(ValueError):
        EndpointerConfig(hangover_ms=240, complete_hangover_ms=260)


@pytest.mark.parametrize("kwargs", [{"vad": "rnnoise"}, {"start_probability": 0.0}, {"continue_probability": 1.0}])
def test_bad_vad_config_is_refused(kwargs):
    with pytest.raises(ValueError):
        EndpointerConfig(**kwargs)


def endpoints(samples: np.ndarray, config: EndpointerConfig) -> list[SpeechEnded]:
    ep = Endpointer(config)
    try:
        return [e for f in frames_of(samples) if isinstance(e := ep.process(f), SpeechEnded)]
    finally:
        ep.close()


def test_silero_ends_a_sentence_in_a_noisy_recording_webrtc_hears_the_noise_as_speech():
    # jfk.wav: "And so, my fellow Americans" ends at 2.2 s, then ~1.1 s of the recording's hiss
    # at -40 dBFS. webrtcvad calls the hiss voiced and runs on into the next sentences.
    jfk = load_audio(SPEECH / "jfk.wav")
    first_end = 1000.0 + 2.21
    silero = endpoints(jfk, EndpointerConfig())
    webrtc = endpoints(jfk, EndpointerConfig(vad="webrtc"))
    assert first_end <= silero[0].endpoint_at <= first_end + 0.5
    assert webrtc[0].endpoint_at > first_end + 3.0


def test_silero_ends_turns_in_steady_hiss():
    rng = np.random.default_rng(3)
    speech = with_silence(load_audio(SPEECH / "LJ001-0008.wav"), 0.5, 2.0).astype(np.float64)
    hiss = np.convolve(rng.standard_normal(speech.size), 0.95 ** np.arange(200))[: speech.size]
    level = np.sqrt(np.mean(speech[speech != 0] ** 2))
    noisy = np.clip(speech + hiss * level / np.sqrt(np.mean(hiss ** 2)) / 10 ** (15 / 20), -32768, 32767)
    ended = endpoints(noisy.astype(np.int16), EndpointerConfig())
    true_end = 1000.0 + 0.5 + 1.69  # LJ001-0008's speech ends 1.69 s into the file
    assert len(ended) == 1 and true_end <= ended[0].endpoint_at <= true_end + 0.6


def test_close_gives_the_silero_model_back_to_its_pool():
    pool = SileroPool()
    ep = Endpointer(EndpointerConfig(), pool)
    assert pool.idle == 0 and pool.loaded == 1
    ep.close()
    ep.close()
    assert pool.idle == 1
    Endpointer(EndpointerConfig(), pool)
    assert pool.idle == 0 and pool.loaded == 1  # reused, not loaded again
    webrtc = Endpointer(EndpointerConfig(vad="webrtc"), pool)
    webrtc.close()
    assert pool.loaded == 1
