"""Hashed word and character n-gram features of canonical text, computed with numpy alone.

The scanner runs on every transcript inside a latency budget of about a tenth of a millisecond, so
features are computed without a Python loop over characters: the text becomes an array of code
points, every substring hash comes from one prefix sum (a polynomial rolling hash taken modulo
2**64, which numpy's unsigned arithmetic gives for free), and each n-gram family is a few vector
operations. Training (scanner.train) calls the same function, so the weights always match.

Features: character 3-, 4- and 5-grams of the text padded with spaces (they carry misspellings,
split words and other languages), word unigrams and word bigrams. Every occurrence contributes
`occurrence_scale(count)`: 1/sqrt(count) up to LENGTH_KNEE features (about 300 characters), so
that short inputs score on one scale, and 1/count times sqrt(LENGTH_KNEE) beyond it, so that a long
text scores by the mean of its evidence rather than its sum. With 1/sqrt alone the logit of a long
text grows with the square root of its length times its mean weight, and long benign prose (a
role-play set-up, a story to continue) whose words lean slightly toward attacks crossed the
threshold on length alone: a third of the long hard-negative prompts were flagged (see
docs/BENCHMARKS.md, Scanner, "Length").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

HASH_BITS = 18
N_BUCKETS = 1 << HASH_BITS
CHAR_NGRAMS = (3, 4, 5)
SPACE = 32

_BASE = np.uint64(1_000_003)
_BASE_INVERSE = np.uint64(pow(1_000_003, -1, 1 << 64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(64 - HASH_BITS)
_PAIR = np.uint64(0xC2B2AE3D27D4EB4F)
# Word hashes get their own salt so the word "abc" and the 3-gram "abc" land apart; n-grams of
# different lengths already differ because the padded space takes part in the hash.
_WORD_SALT = np.uint64(0x14057B7EF767814F)


def _powers(base: np.uint64, length: int) -> np.ndarray:
    powers = np.empty(length, dtype=np.uint64)
    powers[0] = 1
    with np.errstate(over="ignore"):
        np.multiply.accumulate(np.full(length - 1, base, dtype=np.uint64), out=powers[1:])
    return powers


@dataclass
class _PowerTables:
    forward: np.ndarray
    inverse: np.ndarray

    def ensure(self, length: int) -> None:
        if length > len(self.forward):
            size = max(length, 2 * len(self.forward))
            self.forward = _powers(_BASE, size)
            self.inverse = _powers(_BASE_INVERSE, size)


# Features beyond which a text is scored by its mean evidence; about 300 characters of text (three
# character n-grams per character plus two word features per word). 300-2,500 were measured.
LENGTH_KNEE = 1000


def occurrence_scale(count: int) -> float:
    """The value each feature occurrence of a text with `count` occurrences contributes."""
    if count <= 0:
        return 0.0
    return 1.0 / max(math.sqrt(count), count / math.sqrt(LENGTH_KNEE))


_TABLES = _PowerTables(_powers(_BASE, 4096), _powers(_BASE_INVERSE, 4096))


def hashed_features(text: str) -> np.ndarray:
    """Bucket indices (int64, with repeats) of every feature occurrence in canonical `text`.

    `text` is expected to be canonical (single spaces, no leading or trailing space); an empty
    text gives an empty array. The hashing is uint64 arithmetic; the result is its int64 view
    (every bucket is below 2**HASH_BITS), because indexing the weight table with uint64 makes
    numpy convert the indices first (1.2 us of a 3.3 us gather on a slow core).
    """
    if not text:
        return np.empty(0, dtype=np.int64)
    # uint32 code points: multiplied by the uint64 power table they become uint64 without a copy
    codes = np.frombuffer(f" {text} ".encode("utf-32-le"), dtype=np.uint32)
    length = len(codes)
    _TABLES.ensure(length + 1)
    forward, inverse = _TABLES.forward, _TABLES.inverse
    prefix = np.empty(length + 1, dtype=np.uint64)
    prefix[0] = 0
    # Array arithmetic on uint64 wraps modulo 2**64 without a warning (only scalar arithmetic warns),
    # so no np.errstate block is needed here: entering one costs about 1.3 us, a tenth of this function.
    np.cumsum(codes * inverse[:length], out=prefix[1:])
    parts = [(prefix[n:] - prefix[:-n]) * forward[n - 1 : length] for n in CHAR_NGRAMS if length >= n]
    spaces = (codes == SPACE).nonzero()[0]  # np.flatnonzero's wrapper costs a microsecond here
    starts, ends = spaces[:-1] + 1, spaces[1:]
    words = ((prefix[ends] - prefix[starts]) * forward[ends - 1]) ^ _WORD_SALT
    parts.append(words)
    parts.append(words[:-1] * _PAIR + words[1:])
    buckets = np.concatenate(parts)
    buckets *= _MIX  # in place: no second and third array of the same size
    buckets >>= _SHIFT
    return buckets.view(np.int64)


def unigram_slice(features: np.ndarray, word_count: int) -> np.ndarray:
    """The unigram buckets inside `hashed_features` output of a text with `word_count` words.

    The output ends with one unigram per word followed by one bigram per neighbouring pair.
    """
    if word_count == 0:
        return features[:0]
    start = len(features) - (2 * word_count - 1)
    return features[start : start + word_count]


def word_buckets(text: str) -> tuple[list[str], np.ndarray]:
    """The words of canonical `text` and the bucket of each word's unigram feature, aligned."""
    words = text.split()
    return words, unigram_slice(hashed_features(" ".join(words)), len(words))
