"""Digits to English number words, the way a speech recogniser writes what it heard.

A spoken attack reaches the scanner as "ignore the first two rules", never "ignore the first 2
rules", so typed text is brought to the same form before scoring, and the benchmark uses the same
function to turn the dev set into what the edge would actually receive. Runtime dependencies are
numpy and the standard library only, which is why this is a small hand-written converter rather
than a third-party package.
"""

from __future__ import annotations

import re

ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))
MAX_GROUPED_DIGITS = 12  # longer digit runs (phone numbers, codes) are read digit by digit

NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
DIGIT_RE = re.compile(r"\d")


def integer_words(value: int) -> str:
    """Words for a non-negative integer below 10**12, e.g. 2024 -> "two thousand twenty four"."""
    if value < 20:
        return ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return TENS[tens] if ones == 0 else f"{TENS[tens]} {ONES[ones]}"
    for scale, name in SCALES:
        if value >= scale:
            high, rest = divmod(value, scale)
            head = f"{integer_words(high)} {name}"
            return head if rest == 0 else f"{head} {integer_words(rest)}"
    raise AssertionError("unreachable")  # pragma: no cover


def digit_run_words(digits: str) -> str:
    """Words for one run of digits: grouped as a number when short, else one digit at a time."""
    if len(digits) > MAX_GROUPED_DIGITS or (len(digits) > 1 and digits[0] == "0"):
        return " ".join(ONES[int(d)] for d in digits)
    return integer_words(int(digits))


def _number_match_words(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.isdigit():
        return f" {digit_run_words(token)} "
    if "." in token and token.count(".") == 1 and "," not in token:
        whole, frac = token.split(".")
        return f" {digit_run_words(whole)} point {' '.join(ONES[int(d)] for d in frac)} "
    plain = token.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token) else None
    if plain is not None:
        return f" {digit_run_words(plain)} "
    parts = re.split(r"[.,]", token)
    return " " + " ".join(digit_run_words(p) for p in parts if p) + " "


def has_digit(text: str) -> bool:
    """Whether `text` has a digit NUMBER_RE can match.

    Ten substring searches run in C (0.14 us on a 274-character text without digits, against 5.6
    us for a per-character `isdigit` loop and 1.4 us for a regex scan); only non-ASCII text, which
    may hold other scripts' digits, needs the regex.
    """
    return (
        "0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text or "6" in text
        or "7" in text or "8" in text or "9" in text
        or (not text.isascii() and DIGIT_RE.search(text) is not None)
    )


def numbers_to_words(text: str) -> str:
    """Replace every run of ASCII digits in `text` by its spoken words (spaces around it)."""
    if not has_digit(text):
        return text
    return NUMBER_RE.sub(_number_match_words, text)
