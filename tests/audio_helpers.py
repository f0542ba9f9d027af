"""Helpers for tests that feed audio through the pipeline without WebRTC."""

from __future__ import annotations

import numpy as np

from voice.audio_file import load_audio
from voice.frames import FRAME_SAMPLES, SAMPLE_RATE, PcmFrame


def frames_of(samples: np.ndarray, start_time: float = 1000.0, first_index: int = 0) -> list[PcmFrame]:
    """Cut 16 kHz int16 samples into 20 ms `PcmFrame`s stamped as if they arrived in real time."""
    n = len(samples) // FRAME_SAMPLES
    return [PcmFrame(samples[i * FRAME_SAMPLES:(i + 1) * FRAME_SAMPLES].tobytes(),
                     start_time + (i + 1) * FRAME_SAMPLES / SAMPLE_RATE, first_index + i)
            for i in range(n)]


def with_silence(samples: np.ndarray, before_s: float = 0.5, after_s: float = 1.0) -> np.ndarray:
    return np.concatenate([np.zeros(int(before_s * SAMPLE_RATE), np.int16), samples,
                           np.zeros(int(after_s * SAMPLE_RATE), np.int16)])


def fixture_frames(path, before_s: float = 0.5, after_s: float = 1.0) -> list[PcmFrame]:
    return frames_of(with_silence(load_audio(path), before_s, after_s))
