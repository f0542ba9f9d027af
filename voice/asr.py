"""The speech recogniser seam: what the streaming layer asks of an ASR engine.

One real engine implements it (`voice.whisper_asr.WhisperRecognizer`); tests of the code
around it may use a fake, and a future engine (another model, a remote service) plugs in here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Transcript:
    """One recognition result.

    `fallback` says the fast path's output looked degenerate (repetition, implausible speech
    rate) and the engine decoded again the robust way; `rejected` says a partial was dropped for
    the same reason, since partials are not worth a second decode.
    """

    text: str
    audio_s: float
    elapsed_s: float
    fallback: bool = False
    rejected: bool = False


class SpeechRecognizer(Protocol):
    """Transcribes up to `max_audio_s` of 16 kHz mono float32 audio. Blocking: call it off the loop."""

    max_audio_s: float

    def transcribe(self, audio: np.ndarray, *, final: bool) -> Transcript: ...
