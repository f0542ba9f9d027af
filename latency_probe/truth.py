"""Where speech really ends in a probe's WAV file, found offline on the clean audio.

The edge only knows when its VAD heard the last voiced frame, after the network and the jitter
buffer. The probe plays files it can analyse beforehand, so it knows the true end of each spoken
segment and can measure the delay the user experiences from their last word. A segment is a run
of 10 ms frames that webrtcvad (least aggressive mode, for recall) calls voiced and that stand
above a level threshold relative to the file's loudest frames; runs closer than `min_gap_s` are
one segment, as the edge's hangover would make them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import webrtcvad

RATE = 16_000
FRAME = RATE // 100  # 10 ms
RELATIVE_FLOOR_DB = 45.0
ABSOLUTE_FLOOR_DBFS = -55.0


@dataclass(frozen=True, slots=True)
class SpeechSegment:
    start_s: float
    end_s: float


def frame_levels_db(samples: np.ndarray) -> np.ndarray:
    n = len(samples) // FRAME
    frames = samples[: n * FRAME].astype(np.float64).reshape(n, FRAME)
    power = (frames ** 2).mean(axis=1) / 32768.0 ** 2
    return 10.0 * np.log10(np.maximum(power, 1e-12))


def speech_segments(samples: np.ndarray, min_gap_s: float = 0.3, min_speech_s: float = 0.1) -> list[SpeechSegment]:
    """Spoken segments of 16 kHz mono int16 `samples`, in seconds from the start of the file."""
    samples = np.asarray(samples, dtype=np.int16)
    levels = frame_levels_db(samples)
    if levels.size == 0:
        return []
    loud = np.percentile(levels, 99)
    threshold = max(ABSOLUTE_FLOOR_DBFS, loud - RELATIVE_FLOOR_DB)
    vad = webrtcvad.Vad(1)
    voiced = [levels[i] >= threshold and vad.is_speech(samples[i * FRAME:(i + 1) * FRAME].tobytes(), RATE)
              for i in range(levels.size)]
    segments: list[list[int]] = []
    gap = round(min_gap_s * 100)
    for i, v in enumerate(voiced):
        if not v:
            continue
        if segments and i - segments[-1][1] <= gap:
            segments[-1][1] = i + 1
        else:
            segments.append([i, i + 1])
    return [SpeechSegment(a / 100.0, b / 100.0) for a, b in segments if (b - a) / 100.0 >= min_speech_s]
