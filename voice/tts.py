"""The speech synthesiser seam, and making reply text speakable.

One real engine implements `SpeechSynthesizer` (`voice.piper_tts.PiperSynthesizer`); the edge
calls it off the event loop, one clause at a time, so the first words can play while the model is
still writing the rest.

LLM replies are written text: markdown, emoji, symbols, now and then another script. An English
voice reads an emoji as its name and a Chinese character as "Chinese letter", and the phonemiser
rejects control characters outright. `speakable` keeps what the voice can say and drops the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Protocol

import numpy as np

MAX_CLAUSE_CHARS = 400
_MARKDOWN = re.compile(r"[*_`#>|~\[\]{}<>\\^]+")
_SPACES = re.compile(r"\s+")
_KEEP_PUNCT = set(".,;:!?'\"-()%&$@/+=")


class SpeechSynthesizer(Protocol):
    """Blocking text-to-speech: yields mono int16 chunks at `sample_rate`. Call it off the loop."""

    sample_rate: int

    def synthesize(self, text: str) -> Iterator[np.ndarray]: ...


def _speakable_char(ch: str) -> str:
    if ch.isspace():
        return " "
    category = unicodedata.category(ch)
    if category[0] in "LN":
        # letters and digits of the Latin script (with accents) only; other scripts are dropped
        name = unicodedata.name(ch, "")
        return ch if category[0] == "N" or "LATIN" in name else " "
    return ch if ch in _KEEP_PUNCT else " "


def speakable(text: str) -> str:
    """`text` reduced to what an English voice can pronounce; may be empty."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKDOWN.sub(" ", text)
    text = "".join(_speakable_char(ch) for ch in text)
    text = _SPACES.sub(" ", text).strip()
    if not any(ch.isalnum() for ch in text):
        return ""
    return text[:MAX_CLAUSE_CHARS]
