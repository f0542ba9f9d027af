"""Reading audio files of any format, rate, channel count or sample width (via FFmpeg/PyAV),
converted to mono s16 at the rate the caller needs. Used by the probe, tests and benchmarks.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

MAX_FILE_SECONDS = 3600.0


class AudioFileError(ValueError):
    """The file cannot be used as audio; the message says why, for a person to read."""


def load_audio(path: str | Path, rate: int = 16_000, max_seconds: float = MAX_FILE_SECONDS) -> np.ndarray:
    """Decode the first audio stream of `path` to mono int16 samples at `rate` Hz."""
    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file")
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise AudioFileError(f"{path}: not a readable audio file ({exc})") from None
    with container:
        if not container.streams.audio:
            raise AudioFileError(f"{path}: the file has no audio stream")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        chunks: list[np.ndarray] = []
        total = 0
        limit = int(max_seconds * rate)
        try:
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
                    total += out.samples
                if total > limit:
                    raise AudioFileError(f"{path}: longer than {max_seconds:g} s")
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError as exc:
            raise AudioFileError(f"{path}: audio cannot be decoded ({exc})") from None
    if not chunks:
        raise AudioFileError(f"{path}: the audio stream is empty")
    return np.concatenate(chunks).astype(np.int16, copy=False)
