"""Seeded rewrites of a text the way an attacker disguises it, for measuring robustness.

Each evasion keeps the text readable to a person (and to an LLM) while changing the characters a
filter looks at: shuffled inner letters (typoglycemia), typing slips, letters spelled out one by
one, words broken by dots, invisible characters, look-alike letters, leetspeak, full-width letters,
speech fillers, every letter spaced out, words spelled in the NATO alphabet, small capitals,
letters on black circles or squares or as regional indicators, upside-down letters, a
right-to-left override, bytes in variation selectors; or encodes the whole text the way an LLM
decodes on request: base64, hex bytes, Morse code, ROT13, Pig Latin, backwards, another Caesar
shift, Atbash, Braille. The alphabets are the normaliser's tables read the other way, as Morse's.
`scanner.bench` applies each to the dev set's caught attacks and to its benign rows and reports
what is still caught and what is newly flagged; the tests use them on the fixtures.
"""

from __future__ import annotations

import base64
import codecs
import random
import re
import string
from collections.abc import Callable

from scanner.hidden_text import BRAILLE_LETTERS, MORSE, UPSIDE_DOWN as TURNED_TO_LETTER
from scanner.normalise import NATO_LETTERS, SMALL_CAPITALS as SMALL_CAPITAL_TO_LETTER

WORD_RE = re.compile(r"\b[A-Za-z]+\b")  # whole words: "Base64" is left alone
SHARE = 1 / 3  # the share of eligible words an evasion touches, where it touches some
LOOK_ALIKES = {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
FILLERS = ("um", "uh", "er")
# (the first spelling of a letter: "alpha", "juliet", "whiskey"; capitalised as Whisper writes it)
NATO = {letter: word.capitalize() for word, letter in reversed(NATO_LETTERS.items())}
SMALL_CAPITALS = {letter: chr(code) for code, letter in SMALL_CAPITAL_TO_LETTER.items()}
UPSIDE_DOWN = {letter: chr(code) for code, letter in TURNED_TO_LETTER.items()}
BRAILLE = {**dict(zip(string.ascii_lowercase, BRAILLE_LETTERS)), " ": "\u2800"}  # a blank cell between words


def shuffle_inner(word: str, rng: random.Random) -> str:
    """`word` with its inner letters shuffled, first and last in place (typoglycemia)."""
    inner = list(word[1:-1])
    for _ in range(5):  # a shuffle that changes something, if any can
        rng.shuffle(inner)
        if "".join(inner) != word[1:-1]:
            break
    return word[0] + "".join(inner) + word[-1]


def _words(text: str, rng: random.Random, change: Callable[[str, random.Random], str], share: float, min_len: int) -> str:
    return WORD_RE.sub(
        lambda m: change(m.group(0), rng) if len(m.group(0)) >= min_len and rng.random() < share else m.group(0), text
    )


def shuffled_words(text: str, rng: random.Random) -> str:
    """Every word of four letters or more with its inner letters shuffled."""
    return _words(text, rng, shuffle_inner, 1.0, 4)


def typing_slips(text: str, rng: random.Random) -> str:
    """A third of the words of five letters or more with one letter dropped, doubled or swapped."""

    def slip(word: str, rng: random.Random) -> str:
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice("dds")
        if kind == "d":
            return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    return _words(text, rng, slip, SHARE, 5)


def spelled_out(text: str, rng: random.Random) -> str:
    """A third of the words of four letters or more spelled letter by letter ("i g n o r e")."""
    return _words(text, rng, lambda word, _: " ".join(word), SHARE, 4)


def broken_by_dots(text: str, rng: random.Random) -> str:
    """A third of the words of five letters or more cut by dots into pieces of two or three letters
    ("in.str.uc.tio.ns")."""

    def cut(word: str, rng: random.Random) -> str:
        pieces, start = [], 0
        while start < len(word):
            step = rng.choice((2, 3))
            pieces.append(word[start:start + step])
            start += step
        return ".".join(pieces)

    return _words(text, rng, cut, SHARE, 5)


def invisible_characters(text: str, rng: random.Random) -> str:
    """A zero-width space inside a third of the words of four letters or more."""
    def hide(word: str, rng: random.Random) -> str:
        cut = rng.randrange(1, len(word))
        return word[:cut] + "\u200b" + word[cut:]

    return _words(text, rng, hide, SHARE, 4)


def look_alikes(text: str, rng: random.Random) -> str:
    """Cyrillic look-alike letters in a third of the words."""
    return _words(text, rng, lambda word, _: "".join(LOOK_ALIKES.get(ch, ch) for ch in word), SHARE, 3)


def leetspeak(text: str, rng: random.Random) -> str:
    """Digits for letters inside a third of the words of four letters or more ("1gn0r3")."""
    return _words(text, rng, lambda word, _: word[0] + "".join(LEET.get(ch, ch) for ch in word[1:-1]) + word[-1], SHARE, 4)


def full_width(text: str, rng: random.Random) -> str:
    """Every ASCII letter and digit as its full-width form ("Ｉｇｎｏｒｅ")."""
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)


def spaced_letters(text: str, rng: random.Random) -> str:
    """Every character spaced out, so the words are three spaces apart ("I g n o r e   a l l")."""
    return " ".join(text)


def nato_alphabet(text: str, rng: random.Random) -> str:
    """A third of the words of four letters or more spelled in the NATO alphabet ("India Golf ..."),
    as a speaker spells clearly or hides a word from a filter."""
    return _words(text, rng, lambda word, _: " ".join(NATO[ch] for ch in word.lower()), SHARE, 4)


def small_capitals(text: str, rng: random.Random) -> str:
    """Every letter a small capital ("ꜱʏꜱᴛᴇᴍ"), a typeface NFKC does not fold."""
    return "".join(SMALL_CAPITALS.get(ch, ch) for ch in text.lower())


def enclosed_letters(text: str, rng: random.Random) -> str:
    """Every letter white on a black circle or square ("🅘🅖🅝", "🅸🅶🅽") or a regional indicator
    ("🇮🇬🇳", with a zero-width space between so that no two make a flag): one style per text, seeded."""
    first = rng.choice((0x1F150, 0x1F170, 0x1F1E6))
    joiner = "\u200b" if first == 0x1F1E6 else ""
    return "".join(chr(first + ord(ch) - ord("a")) + joiner if "a" <= ch <= "z" else ch for ch in text.lower())


def upside_down(text: str, rng: random.Random) -> str:
    """Letters turned by 180 degrees and the text reversed, so that it reads turned upside down."""
    return "".join(UPSIDE_DOWN.get(ch, ch) for ch in text.lower())[::-1]


def right_to_left_override(text: str, rng: random.Random) -> str:
    """The text reversed after a right-to-left override: it renders forwards, and is stored backwards."""
    return "\u202e" + text[::-1] + "\u202c"


def variation_selectors(text: str, rng: random.Random) -> str:
    """The text's bytes as invisible variation selectors after an emoji ("emoji smuggling")."""
    return "\U0001f600" + "".join(chr(0xFE00 + byte) if byte < 16 else chr(0xE0100 + byte - 16) for byte in text.encode("utf-8"))


def caesar(text: str, rng: random.Random) -> str:
    """Every letter shifted by a seeded number of places (not 13, which is ROT13)."""
    shift = rng.choice([shift for shift in range(1, 26) if shift != 13])
    lower = string.ascii_lowercase
    upper = string.ascii_uppercase
    return text.translate(str.maketrans(lower + upper, lower[shift:] + lower[:shift] + upper[shift:] + upper[:shift]))


def fillers(text: str, rng: random.Random) -> str:
    """A spoken filler after a third of the words."""
    return WORD_RE.sub(lambda m: f"{m.group(0)} {rng.choice(FILLERS)}" if rng.random() < SHARE else m.group(0), text)


LETTER_TO_MORSE = {letter: code for code, letter in MORSE.items()}
VOWELS = "aeiouAEIOU"


def to_pig_latin(word: str) -> str:
    """ "previous" -> "eviouspray", "all" -> "allway" (the consonants before the first vowel moved)."""
    first_vowel = next((i for i, ch in enumerate(word) if ch in VOWELS), 0)
    return word + "way" if first_vowel == 0 else word[first_vowel:] + word[:first_vowel] + "ay"


def _morse(text: str) -> str:
    words = ("".join(ch for ch in word.lower() if ch in LETTER_TO_MORSE) for word in text.split())
    return " / ".join(" ".join(LETTER_TO_MORSE[ch] for ch in word) for word in words if word)


# Encodings of the whole text (the generator is not needed: each has one output).
ENCODINGS: dict[str, Callable[[str, random.Random], str]] = {
    "base64": lambda text, _: base64.b64encode(text.encode("utf-8")).decode("ascii"),
    "hex bytes": lambda text, _: text.encode("utf-8").hex(" "),
    "morse code": lambda text, _: _morse(text),
    "rot13": lambda text, _: codecs.encode(text, "rot13"),
    "pig latin": lambda text, _: WORD_RE.sub(lambda m: to_pig_latin(m.group(0)), text),
    "backwards": lambda text, _: text[::-1],
    "caesar shift": caesar,
    "atbash": lambda text, _: text.translate(
        str.maketrans(string.ascii_letters, string.ascii_lowercase[::-1] + string.ascii_uppercase[::-1])
    ),
    "braille": lambda text, _: "".join(BRAILLE.get(ch, ch) for ch in text.lower()),
}

EVASIONS: dict[str, Callable[[str, random.Random], str]] = {
    "shuffled inner letters": shuffled_words,
    "typing slips": typing_slips,
    "spelled out": spelled_out,
    "broken by dots": broken_by_dots,
    "invisible characters": invisible_characters,
    "look-alike letters": look_alikes,
    "leetspeak": leetspeak,
    "full-width letters": full_width,
    "fillers": fillers,
    # (stop 28) the character injections of Hackett et al. (2025) the ones above left out, and the
    # NATO alphabet a speaker spells with
    "spaced letters": spaced_letters,
    "nato alphabet": nato_alphabet,
    "small capitals": small_capitals,
    "enclosed letters": enclosed_letters,
    "upside down": upside_down,
    "right-to-left override": right_to_left_override,
    "variation selectors": variation_selectors,
    **{f"encoded as {name}": encode for name, encode in ENCODINGS.items()},
}


def evade(texts: list[str], name: str, seed: int = 0) -> list[str]:
    """Every text rewritten by the named evasion, with one seeded generator for the list."""
    rng = random.Random(seed)
    return [EVASIONS[name](text, rng) for text in texts]
