"""What a speech recogniser would have written for a typed text.

The edge scans transcripts, not typed prompts, so the benchmark also scores every dev-set text
after this conversion: Unicode folded, lower case, markup and symbols gone (the few that are
spoken, like "%" or "&", become their words), numbers as words. Apostrophes inside words stay,
as Whisper writes them.
"""

from __future__ import annotations

import re
import unicodedata

from scanner.normalise import MARKUP_TAG_RE
from scanner.number_words import numbers_to_words

CURRENCY_RE = re.compile(r"\$\s?(\d[\d,.]*)")
SPOKEN_SYMBOLS = {"%": " percent ", "&": " and ", "+": " plus ", "=": " equals ", "@": " at "}
SPOKEN_SYMBOL_RE = re.compile("[%&+=@]")
UNSPOKEN_RE = re.compile(r"[^\w\s']+|_+")
LOOSE_APOSTROPHE_RE = re.compile(r"(?<!\w)'|'(?!\w)")


def to_speech_form(text: str) -> str:
    """`text` as a recogniser's transcript: lower case, words only, numbers spelled out."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    text = MARKUP_TAG_RE.sub(" ", text)
    text = CURRENCY_RE.sub(r"\1 dollars", text)
    text = SPOKEN_SYMBOL_RE.sub(lambda m: SPOKEN_SYMBOLS[m.group(0)], text)
    text = numbers_to_words(text.lower())
    text = UNSPOKEN_RE.sub(" ", text)
    text = LOOSE_APOSTROPHE_RE.sub(" ", text)
    return " ".join(text.split())
