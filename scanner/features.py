"""Hashed word and character n-gram features of canonical text; the hashing is compiled.

The scanner runs on every transcript inside a latency budget of about a tenth of a millisecond, so
the features are computed by a small C extension (scanner/_hashing.c, built by `pip install`): as
a dozen numpy vector operations they cost about 50 us on a slow 2.45 GHz core, half the budget,
almost all of it per-call overhead; compiled they cost about 1 us. The arithmetic is a polynomial
rolling hash of each n-gram's code points modulo 2**64, mixed and cut to HASH_BITS bits; training
(scanner.train) calls the same function, so the weights always match, and the tests restate the
arithmetic in plain Python to check the extension against it.

Features: character 3-, 4- and 5-grams of the text padded with spaces (they carry misspellings,
split words and other languages), word unigrams and word bigrams. Every occurrence contributes
`occurrence_scale(count)`: 1/sqrt(count) up to LENGTH_KNEE features (about 300 characters), so
that short inputs score on one scale, and 1/count times sqrt(LENGTH_KNEE) beyond it, so that a long
text scores by the mean of its evidence rather than its sum. With 1/sqrt alone the logit of a long
text grows with the square root of its length times its mean weight, and long benign prose (a
role-play set-up, a story to continue) whose words lean slightly toward attacks crossed the
threshold on length alone: a third of the long hard-negative prompts were flagged (see
docs/BENCHMARKS.md, Scanner, "Length").

Every function here reads the text through scanner.model_view first: a self-correction's
override verb ("ignore the last number i said") and a real thing's "instructions" ("the
instructions on the box") are replaced by neutral words, for training and scoring alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from scanner.model_view import model_view

try:
    from scanner import _hashing
except ImportError as error:  # a checkout used without `pip install` / `make install`
    raise ImportError(
        "scanner/_hashing.c is not compiled for this Python: run `make install` "
        "(or `pip install -e .`, which builds it with the C compiler)"
    ) from error

HASH_BITS = _hashing.HASH_BITS
N_BUCKETS = 1 << HASH_BITS

# Features beyond which a text is scored by its mean evidence; about 300 characters of text (three
# character n-grams per character plus two word features per word). 300-2,500 were measured.
LENGTH_KNEE = 1000


def occurrence_scale(count: int) -> float:
    """The value each feature occurrence of a text with `count` occurrences contributes."""
    if count <= 0:
        return 0.0
    return 1.0 / max(math.sqrt(count), count / math.sqrt(LENGTH_KNEE))


def hashed_features(text: str) -> np.ndarray:
    """Bucket indices (int64, with repeats) of every feature occurrence in canonical `text`.

    `text` is expected to be canonical (single spaces, no leading or trailing space); an empty
    text gives an empty array. Order: 3-, 4- and 5-grams, then one unigram per word, then one
    bigram per neighbouring pair.
    """
    return np.frombuffer(_hashing.buckets(model_view(text)), dtype=np.int64)


def weight_sum(text: str, weights: np.ndarray) -> tuple[float, int]:
    """Sum of `weights` (float16, N_BUCKETS) over every feature occurrence of `text`, and how many
    occurrences there are: what the model needs, without materialising the buckets."""
    return _hashing.weight_sum(model_view(text), weights)


def word_marks(words: Iterable[str]) -> bytes:
    """A bit per bucket, set at each word's unigram bucket: the set `marked_words` looks words up in.

    One call hashes them all: in a text of n words the n unigrams come just before the n - 1
    bigrams, at the end of the buckets.
    """
    words = [word for word in words if word and " " not in word]
    marks = np.zeros(N_BUCKETS // 8, dtype=np.uint8)
    if words:
        every = np.frombuffer(_hashing.buckets(" ".join(words)), dtype=np.int64)
        unigrams = every[len(every) - (2 * len(words) - 1) : len(every) - (len(words) - 1)]
        np.bitwise_or.at(marks, unigrams >> 3, (1 << (unigrams & 7)).astype(np.uint8))
    return marks.tobytes()


def marked_words(text: str, marks: bytes) -> tuple[int, int]:
    """How many words of canonical `text` have their unigram bucket marked in `marks`, and how many
    words it has (compiled: no set lookup per word; words that share a bucket with a marked one
    count as marked, about one in fourteen for a set of 18,000 words)."""
    return _hashing.marked_words(text, marks)


def word_weights(text: str, weights: np.ndarray) -> tuple[list[str], list[float]]:
    """The words of canonical `text` as the model reads them (scanner.model_view) and the
    weight of each word's unigram feature, aligned."""
    words = model_view(text).split()
    return words, _hashing.word_weights(" ".join(words), weights)
