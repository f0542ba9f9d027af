"""Audio as the edge's pipeline consumes it: 20 ms frames of 16 kHz mono signed 16-bit PCM.

aiortc hands the edge decoded frames in whatever format the codec produced (Opus: 48 kHz
stereo s16, 20 ms). `FrameConverter` turns any of them into fixed 20 ms pipeline frames, the
unit both the VAD (webrtcvad accepts 10/20/30 ms) and the ASR buffer work in.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import numpy as np

SAMPLE_RATE = 16_000
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2


@dataclass(frozen=True, slots=True)
class PcmFrame:
    """20 ms of 16 kHz mono s16 audio.

    `received_at` is the monotonic time the source frame reached the edge; the ledger's
    edge-side instants (speech start, speech end, endpoint) are read from it. `index` counts
    frames since the stream began, so `index * FRAME_MS` is the frame's media time.
    """

    pcm: bytes
    received_at: float
    index: int

    @property
    def media_time(self) -> float:
        return self.index * FRAME_MS / 1000.0


AUDIBLE_DB = -45.0  # the level from which a reply frame counts as heard (edge and probe agree on it)
SILENT_DB = -120.0


def level_db(samples: np.ndarray) -> float:
    """RMS level of int16 samples in dBFS; digital silence (or nothing) reads as SILENT_DB."""
    if samples.size == 0:
        return SILENT_DB
    power = float(np.dot(samples.astype(np.float64), samples.astype(np.float64))) / samples.size / 32768.0 ** 2
    return max(SILENT_DB, 10.0 * np.log10(power)) if power > 0 else SILENT_DB


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Mono int16 samples from one rate to another (FFmpeg's resampler), in one piece."""
    samples = np.asarray(samples, dtype=np.int16)
    if from_rate == to_rate or samples.size == 0:
        return samples
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = from_rate
    resampler = av.AudioResampler(format="s16", layout="mono", rate=to_rate)
    out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out) if out else np.zeros(0, np.int16)


def pcm_to_float(pcm: bytes | bytearray | memoryview) -> np.ndarray:
    """s16 PCM bytes -> float32 samples in [-1, 1), the form Whisper expects."""
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0


class FrameConverter:
    """Resamples and re-chunks decoded audio frames of any format into `PcmFrame`s.

    Keeps resampler state and a remainder between calls, so a stream split into frames of any
    size converts exactly as if it were one piece.
    """

    def __init__(self) -> None:
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        self._pending = bytearray()
        self._next_index = 0

    def convert(self, frame: av.AudioFrame, received_at: float) -> list[PcmFrame]:
        for resampled in self._resampler.resample(frame):
            self._pending += bytes(resampled.planes[0])[: resampled.samples * 2]
        return self._drain(received_at)

    def _drain(self, received_at: float) -> list[PcmFrame]:
        frames: list[PcmFrame] = []
        while len(self._pending) >= FRAME_BYTES:
            frames.append(PcmFrame(bytes(self._pending[:FRAME_BYTES]), received_at, self._next_index))
            del self._pending[:FRAME_BYTES]
            self._next_index += 1
        return frames
