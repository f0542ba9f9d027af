"""Word and character error rates after Whisper's English text normaliser, so "1455" and
"fourteen fifty-five", "Mr." and "mister" compare equal. One normaliser for tests, the probe and
the benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import jiwer


@lru_cache(maxsize=1)
def _normaliser():
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


def normalise(text: str) -> str:
    return " ".join(_normaliser()(text).split())


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance in words, reference length in words) after normalisation."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return len(hyp.split()), 0
    out = jiwer.process_words(ref, hyp if hyp else "")
    return out.substitutions + out.deletions + out.insertions, len(ref.split())


def wer(reference: str, hypothesis: str) -> float:
    errors, words = word_errors(reference, hypothesis)
    return errors / words if words else float(errors > 0)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate after normalisation.

    For a reply of a few words the word rate has a cliff: Whisper tiny hears Piper's "France is"
    as "Francis" in every rendering (2 word errors of 7), so one more misheard word fails a bound
    that garbled audio would fail too; characters grade the same mishearing as 2 edits of 35.
    """
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return float(bool(hyp))
    return float(jiwer.cer(ref, hyp)) if hyp else 1.0


def corpus_wer(pairs: Iterable[tuple[str, str]]) -> float:
    """Total word errors over total reference words, across (reference, hypothesis) pairs."""
    errors = words = 0
    for ref, hyp in pairs:
        e, w = word_errors(ref, hyp)
        errors += e
        words += w
    return errors / words if words else 0.0
