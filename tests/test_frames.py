import fractions

import av
import numpy as np
import pytest

from voice.frames import FRAME_BYTES, FRAME_SAMPLES, SAMPLE_RATE, FrameConverter, PcmFrame, pcm_to_float


def av_frame(samples: np.ndarray, rate: int, layout: str, pts: int) -> av.AudioFrame:
    channels = 2 if layout == "stereo" else 1
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1).astype(np.int16), format="s16", layout=layout)
    frame.sample_rate = rate
    frame.pts = pts
    frame.time_base = fractions.Fraction(1, rate)
    assert frame.samples == samples.size // channels
    return frame


def sine(freq: float, rate: int, seconds: float) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (np.sin(2 * np.pi * freq * t) * 10000).astype(np.int16)


def convert_all(chunks, rate, layout, chunk):
    conv = FrameConverter()
    out: list[PcmFrame] = []
    for i, c in enumerate(chunks):
        out += conv.convert(av_frame(c, rate, layout, i * chunk), received_at=float(i))
    return out


def test_opus_shaped_frames_become_20ms_16k_mono():
    mono = sine(440, 48_000, 1.0)
    stereo = np.repeat(mono, 2)  # interleaved L R, as aiortc's Opus decoder delivers
    chunks = [stereo[i:i + 1920] for i in range(0, stereo.size, 1920)]
    frames = convert_all(chunks, 48_000, "stereo", 960)
    assert all(len(f.pcm) == FRAME_BYTES for f in frames)
    assert [f.index for f in frames] == list(range(len(frames)))
    # one second in, one second out, less what the resampler holds back at the end
    assert 48 <= len(frames) <= 50
    audio = np.concatenate([np.frombuffer(f.pcm, np.int16) for f in frames]).astype(float)
    spectrum = np.abs(np.fft.rfft(audio))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / audio.size
    assert abs(peak_hz - 440) < 5


@pytest.mark.parametrize("rate,chunk", [(44_100, 441), (8_000, 80), (16_000, 333), (48_000, 2880)])
def test_any_rate_and_frame_size_keeps_duration(rate, chunk):
    mono = sine(300, rate, 2.0)
    frames = convert_all([mono[i:i + chunk] for i in range(0, mono.size, chunk)], rate, "mono", chunk)
    assert abs(len(frames) * FRAME_SAMPLES - 2 * SAMPLE_RATE) <= 2 * FRAME_SAMPLES
    assert frames[-1].media_time == pytest.approx((len(frames) - 1) * 0.02)


def test_received_time_is_that_of_the_source_frame_completing_it():
    conv = FrameConverter()
    first = conv.convert(av_frame(np.zeros(1920, np.int16), 48_000, "stereo", 0), received_at=12.5)
    second = conv.convert(av_frame(np.zeros(1920, np.int16), 48_000, "stereo", 960), received_at=12.52)
    assert len(first) + len(second) >= 1
    assert all(f.received_at == 12.5 for f in first) and all(f.received_at == 12.52 for f in second)


def test_pcm_to_float_range():
    x = pcm_to_float(np.array([-32768, 0, 32767], np.int16).tobytes())
    assert x.dtype == np.float32 and x[0] == -1.0 and x[1] == 0.0 and x[2] < 1.0
