"""Bring typed text and recognised speech to one canonical form before anything is scored.

The rule and learned layers only ever see the canonical form: lower case, ASCII letters where a
look-alike was used, no punctuation or markup, numbers as words, no filler words, letters that
were spelled out one by one joined back into words, rule words typed with their inner letters
shuffled restored (scanner.scrambled), and text hidden in base64, hex, Morse, ROT13, Pig Latin
or backwards writing decoded and appended (scanner.hidden_text). A typed attack and the same attack spoken
and transcribed by Whisper therefore look the same to the scorers, and Unicode tricks (zero-width
characters, homoglyphs, full-width letters, tag-character smuggling) are undone rather than
learned. What was undone is reported as `notes`, because an evasion attempt is itself a signal.

`fold` keeps punctuation and line structure (the markup rules need it); `canonical` removes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from scanner.hidden_text import decode_in_place, hidden_texts
from scanner.number_words import has_digit, numbers_to_words
from scanner.rules import ALL_KEYWORDS
from scanner.scrambled import restore_scrambled

# Format characters (Unicode category Cf) an attacker can hide inside a word; tag characters
# U+E0020..U+E007E carry invisible ASCII and are decoded, not dropped.
INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
# Marks a word is written as well without: Latin accents and, like them, the optional vowel
# points of Arabic (harakat) and Hebrew (niqqud), which most typists leave out ("انسَ" = "انس").
# Not the vowel signs of Indic scripts or Thai, which are part of the word.
COMBINING_RE = re.compile(
    "[\u0300-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
TAG_BASE = 0xE0000
# Invisible characters are also honest spelling: the zero-width non-joiner of Persian, Urdu and the
# Indic scripts, the joiner of emoji sequences, the emoji presentation selector after "❤", the
# direction marks of Hebrew and Arabic, the tags of a subdivision flag after "🏴". They are removed
# all the same, but called an evasion only where they hide inside a word of an alphabet that never
# needs them (Latin, Greek, Cyrillic: "ig\u200bnore") or carry tag-encoded text.
PLAIN_LETTER = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
HIDING_RE = re.compile(f"[{PLAIN_LETTER}]{INVISIBLE_RE.pattern}+[{PLAIN_LETTER}]|[\U000e0020-\U000e007e]")
FLAG_TAGS_RE = re.compile("\U0001F3F4[\U000e0020-\U000e007f]+")

# Cyrillic and Greek letters that render like Latin ones (after NFKC and lower-casing).
HOMOGLYPHS = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "ɡ": "g", "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "η": "n",
    "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ℓ": "l",
})
# Small capitals ("ꜱʏꜱᴛᴇᴍ ᴘʀᴏᴍᴘᴛ"), a typeface that Unicode compatibility folding (NFKC) leaves
# alone although it folds full-width and mathematical letters: read as the letters they are.
SMALL_CAPITALS = str.maketrans(dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz")))
SMALL_CAPITALS_RE = re.compile("[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ]")
# Turkish and Azerbaijani dotless "ı" is a letter of those languages, not a disguise: it is read as
# "i" (as Turks write it on keyboards without it) and, unlike the look-alikes above, is no evasion.
NATIVE_DOTLESS_I = str.maketrans({"ı": "i"})
# Apostrophe look-alikes, all read as "'" (a regex: str.translate with a dict costs about 45 ns a
# character on text that is not ASCII, 8 us on a 160-character Chinese request; this costs 0.7).
QUOTE_RE = re.compile("[’‘ʼ`´]")

# Typed leetspeak ("1gn0re pr3v10us"): only inside tokens where a digit sits between letters,
# so "mp3", "b12", "3pm" and "covid19" keep their digits.
LEET_TOKEN_RE = re.compile(r"\b(?=[a-z0-9@$]*[a-z][0-9@$]+[a-z])[a-z0-9@$]{4,}\b")
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def _mark_ranges() -> str:
    """A character class body of every combining mark (Unicode category M*) in the BMP.

    Python's \\w leaves marks out, so splitting on \\W cut Devanagari, Thai or Bengali words at
    every vowel sign ("निर्देशों" became "न र द श"). Built once at import (about 10 ms).
    """
    ranges: list[str] = []
    start = None
    for code in range(0x10001):
        is_mark = code < 0x10000 and unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


# Runs of characters that separate words: not a letter, digit or combining mark, or "_". The
# mark-aware class is slower (10 us against 6 us on 250 characters), so text without any letter
# beyond Latin and its punctuation, whose marks fold() has already removed, takes the plain one.
NON_WORD_RE = re.compile(f"(?:[^\\w{_mark_ranges()}]|_)+")
LATIN_NON_WORD_RE = re.compile(r"[\W_]+")
# The blocks that hold every BMP combining mark outside the Latin one (U+0300-036F): Cyrillic to
# Mongolian and Khmer, combining marks for symbols, kana voicing, and the blocks after U+A66F.
MARKED_SCRIPT_RE = re.compile(
    "[\u0483-\u1dff\u20d0-\u20ff\u2cef-\u2dff\u302a-\u302f\u3099\u309a\ua66f-\uabff\ufb1e\ufe20-\ufe2f]"
)
# Any character str.translate(HOMOGLYPHS) would change; translate with a dict costs about 40 ns a
# character, a search for these a few.
HOMOGLYPH_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in HOMOGLYPHS) + "]")
# A look-alike is a disguise where it sits inside a Latin word ("іgnоrе" with Cyrillic і, о, е); a
# Greek letter standing alone ("β-blockers", "the α particle") is mapped too but is no evasion.
DISGUISED_RE = re.compile(f"[a-z]{HOMOGLYPH_RE.pattern}|{HOMOGLYPH_RE.pattern}[a-z]")
# Letters in white on a black circle or square ("🅘🅖🅝🅞🅡🅔", "🅸🅶🅽🅾🆁🅴") and regional indicators
# ("🇮🇬🇳🇴🇷🇪", the letters two of which make a flag), which NFKC leaves alone: read as letters
# ("🅿" for parking too); regional indicators only in a text with a run of three or more, so that
# flags stay flags (an attacker puts zero-width spaces between the letters so that none renders
# as a flag, and they are gone by now, so a word of two letters is a run of two).
def _letters_from(first: int) -> dict[int, str]:
    return {first + offset: letter for offset, letter in enumerate("abcdefghijklmnopqrstuvwxyz")}


NEGATIVE_LETTERS = str.maketrans({**_letters_from(0x1F150), **_letters_from(0x1F170)})
NEGATIVE_LETTER_RE = re.compile("[\U0001F150-\U0001F169\U0001F170-\U0001F189]")
REGIONAL_LETTERS = str.maketrans(_letters_from(0x1F1E6))
REGIONAL_RUN_RE = re.compile("[\U0001F1E6-\U0001F1FF]{3,}")
LOOK_ALIKE_RE = re.compile(
    HOMOGLYPH_RE.pattern[:-1] + SMALL_CAPITALS_RE.pattern[1:-1] + "\U0001F150-\U0001F169\U0001F170-\U0001F189\U0001F1E6-\U0001F1FF]"
)
# Markup a recogniser never hears: <b>, </data>, <div class="x">, <|im_start|> (not "<GOD MODE>")
MARKUP_TAG_RE = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]{0,80})?>|<\|[^<>|]{1,40}\|>")
# ASCII fast path of NON_WORD_RE: punctuation and control characters become spaces, apostrophes
# vanish ("don't" -> "dont"); bytes.translate on ASCII text is several times faster than a regex
# (and than str.translate, which looks each character up in a dict).
ASCII_WORDS = bytes(code if code < 128 and (chr(code).isalnum() or chr(code) == "'") else 32 for code in range(256))
FILLERS = frozenset("um umm ummm uh uhh uhhh uhm erm er hm hmm hmmm mm mmm ah eh".split())
# Single letters other than the words "a" and "i": a run of three or more single letters is a
# word spelled aloud ("i g n o r e") and is joined back; the gate keeps this off the fast path.
SPELLING_LETTERS = frozenset("bcdefghjklmnopqrstuvwxyz")
MIN_SPELLED_RUN = 3
# A spelled-out run spans word boundaries the speaker never said ("s y s t e m p r o m p t" is
# "systemprompt"); it is split back into words where the whole run is words the rules look for.
# The rules' words alone would make the split depend on which words some rule happens to require:
# the commonest short words are listed here too. A compound of two of these words ("systemprompt",
# the German and Scandinavian spelling the rules know) is left out, so that it is split too.
_SPELLED_WORDS = frozenset(
    {word for word in ALL_KEYWORDS if len(word) >= 3 and word.isascii()}
    | set("me my to of is it in on at be do no so up all the and you your are any for with what this that from now"
          " not but can please just then also here there our we us was were has have had will would should could"
          " must let get how why who when where one out off over into about its they them their as by or if".split())
)
SPELLED_VOCABULARY = frozenset(
    word for word in _SPELLED_WORDS
    if not any(word[:cut] in _SPELLED_WORDS and word[cut:] in _SPELLED_WORDS for cut in range(2, len(word) - 1))
)
VOCABULARY_LENGTHS = tuple(sorted({len(word) for word in SPELLED_VOCABULARY}))
# Letters spelled in the NATO phonetic alphabet ("india golf november oscar romeo echo"), the way a
# speaker spells a name or code clearly to a voice assistant, or hides a word from a filter: like
# letters spelled one by one, a run of MIN_SPELLED_RUN or more is read as its letters, split into
# known words where it spells them ("kilo lima mike" becomes the code "klm").
NATO_LETTERS = {
    "alpha": "a", "alfa": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e", "foxtrot": "f",
    "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j", "kilo": "k", "lima": "l",
    "mike": "m", "november": "n", "oscar": "o", "papa": "p", "quebec": "q", "romeo": "r", "sierra": "s",
    "tango": "t", "uniform": "u", "victor": "v", "whiskey": "w", "whisky": "w", "xray": "x",
    "yankee": "y", "zulu": "z",
}
NATO_WORDS = frozenset(NATO_LETTERS)
MAX_SPLIT_RUN = 48
LEET_HINT_RE = re.compile(r"[a-z][0-9@$]+[a-z]")
# Punctuation typed inside words to break them up for a filter ("Ov.er.ri.de y.our in.str.uc.tio.ns",
# "sys|tem pro_mpt"): a word made of short pieces joined by dots, asterisks, underscores or bars is read
# whole when the whole is a SPELLED_VOCABULARY word of three letters or more and not every piece is
# one ("e.g", "a.m" and "U.S.A" are too short or only single letters; "bbc.co.uk" is no word).
# (The mark first: a search that starts at the rare marks is 2.6 times faster than one that starts
# at every letter, 0.75 against 2.0 us per short dev text.)
INNER_MARK_HINT_RE = re.compile(r"[.*_|](?<=[a-z].)[a-z]")
INNER_MARK_WORD_RE = re.compile(r"(?<![\w.*|])[a-z]{1,10}(?:[.*_|][a-z]{1,10})+(?![\w*|]|\.[a-z])")
INNER_MARKS_RE = re.compile(r"[.*_|]")

SPELLED_NOTE = "spelled-out letters joined"
# Typed text with every letter spaced out and wider gaps between the words ("i g n o r e   a l l"):
# the gaps say where the words end, which joining the letters of a long run would have to guess.
# (Every character: "w e ' r e" and "n o w ! !" are spaced out too.)
SPACED_WORDS_RE = re.compile(r"(?<!\S)\S(?: \S)+(?: {2,}\S(?: \S)*)+(?!\S)")
WIDE_GAP_RE = re.compile(r" {2,}")


def _joined_spaced_words(match: re.Match[str]) -> str:
    return " ".join(word.replace(" ", "") for word in WIDE_GAP_RE.split(match.group(0)))


# Mishearings and split words a recogniser produces for the vocabulary attacks use.
MISHEARINGS = {
    "jail break": "jailbreak",
    "jail broken": "jailbroken",
    "jail breaking": "jailbreaking",
    "pre prompt": "preprompt",
    "pass word": "password",
    "pass phrase": "passphrase",
    "over ride": "override",
    "dis regard": "disregard",
    "this regard all": "disregard all",
    "this regard any": "disregard any",
    "this regard your": "disregard your",
    "this regard the previous": "disregard the previous",
    "in structions": "instructions",
    "instruct shuns": "instructions",
    "pre vious": "previous",
    "chat gpt": "chatgpt",
}
MISHEARING_GATE = frozenset(key.split()[1] for key in MISHEARINGS)
MISHEARING_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(MISHEARINGS, key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class Normalised:
    """One input in the forms the scorers use, with what normalising had to undo."""

    folded: str  # Unicode-folded, lower case, punctuation and lines kept
    canonical: str  # speech-like: words only, single spaces
    notes: tuple[str, ...]


def coerce_text(value: object) -> str:
    """Any input as a valid str: bytes are decoded leniently, lone surrogates replaced."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    text = value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    return text


def _decode_tag(match: re.Match[str]) -> str:
    code = ord(match.group(0)) - TAG_BASE
    return chr(code) if 0x20 <= code < 0x7F else ""


def fold(text: str, notes: list[str]) -> str:
    """Undo Unicode tricks and lower-case; appends what it undid to `notes`."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if INVISIBLE_RE.search(text):
            text = FLAG_TAGS_RE.sub("\U0001F3F4", text)
            if HIDING_RE.search(text):
                notes.append("invisible characters removed")
            text = INVISIBLE_RE.sub(_decode_tag, text)
        if not text.isascii():
            decomposed = unicodedata.normalize("NFKD", text)
            plain = COMBINING_RE.sub("", decomposed)
            if len(plain) != len(decomposed):
                text = unicodedata.normalize("NFC", plain)
            text = QUOTE_RE.sub("'", text.lower())
            if "ı" in text:
                text = text.translate(NATIVE_DOTLESS_I)
            if LOOK_ALIKE_RE.search(text):  # (one scan for every kind; most text has none)
                if SMALL_CAPITALS_RE.search(text):
                    text = text.translate(SMALL_CAPITALS)
                if NEGATIVE_LETTER_RE.search(text):
                    text = text.translate(NEGATIVE_LETTERS)
                if REGIONAL_RUN_RE.search(text):
                    text = text.translate(REGIONAL_LETTERS)
                if HOMOGLYPH_RE.search(text) and _mostly_latin(text):
                    if DISGUISED_RE.search(text):
                        notes.append("look-alike letters mapped to latin")
                    text = text.translate(HOMOGLYPHS)
            return text
    return text.lower()


LATIN_LETTER_RE = re.compile("[a-z]")
LETTER_RE = re.compile(r"[^\W\d_]")


def _mostly_latin(text: str) -> bool:
    """More than half the letters are a-z (counted by the regex engine, not a Python loop)."""
    return len(LATIN_LETTER_RE.findall(text)) * 2 > len(LETTER_RE.findall(text))


def add_note(notes: list[str], note: str) -> None:
    """Note what was undone once, however many steps undid it (spelled letters, NATO words)."""
    if note not in notes:
        notes.append(note)


def canonical(folded: str, notes: list[str], restore: bool = True) -> tuple[str, list[str]]:
    """The speech-like form of folded text (what a recogniser would have written for it), and its
    words before mishearings are mended. `restore=False` leaves shuffled words as they are (for
    building the list of known words that restoring relies on)."""
    text = folded
    if INNER_MARK_HINT_RE.search(text):
        unbroken = INNER_MARK_WORD_RE.sub(_unbroken_word, text)
        if unbroken != text:
            notes.append("punctuation inside words removed")
            text = unbroken
    if has_digit(text):  # the same digits numbers_to_words reads
        if LEET_HINT_RE.search(text):
            leet = LEET_TOKEN_RE.sub(lambda m: m.group(0).translate(LEET), text)
            if leet != text:
                notes.append("leetspeak digits read as letters")
                text = leet
        text = numbers_to_words(text)
    words = split_words(text)
    spelled = not SPELLING_LETTERS.isdisjoint(words)  # (fillers and NATO words make no letters)
    if spelled and "  " in text:
        spaced = split_words(SPACED_WORDS_RE.sub(_joined_spaced_words, text))
        if spaced != words:  # (spaced-out symbols, ") ] }   ) ] }", make no words)
            add_note(notes, SPELLED_NOTE)
            words = spaced
    if not FILLERS.isdisjoint(words):
        words = [word for word in words if word not in FILLERS]
    if (spelled and " as in " in text) or (" for " in text and not NATO_WORDS.isdisjoint(words)):
        read = read_spelling_examples(words)
        if read is not None:
            words = read  # (the letters left are joined below, and noted there)
    if not NATO_WORDS.isdisjoint(words):
        read = join_spelled_letters(words, NATO_LETTERS.get)
        if len(read) != len(words):  # (a run of three or more letters makes fewer words)
            add_note(notes, SPELLED_NOTE)
            words = read
    if spelled and not SPELLING_LETTERS.isdisjoint(words):
        joined = join_spelled_letters(words)
        if len(joined) != len(words):
            add_note(notes, SPELLED_NOTE)
            words = joined
    if restore:
        restored = restore_scrambled(words)
        if restored is not None:
            notes.append("scrambled words restored")
            words = restored
    text = " ".join(words)
    if not MISHEARING_GATE.isdisjoint(words):
        text = MISHEARING_RE.sub(lambda m: MISHEARINGS[m.group(0)], text)
    return text, words


def split_words(text: str) -> list[str]:
    """The words of folded text: letters and digits (with the marks of scripts that have them)."""
    if text.isascii():
        return text.encode("ascii").translate(ASCII_WORDS, b"'").decode("ascii").split()
    splitter = NON_WORD_RE if MARKED_SCRIPT_RE.search(text) else LATIN_NON_WORD_RE
    return splitter.sub(" ", text.replace("'", "")).split()


def _unbroken_word(match: re.Match[str]) -> str:
    """The word of a match of INNER_MARK_WORD_RE without its marks, when it is one (else as it was)."""
    token = match.group(0)
    pieces = INNER_MARKS_RE.split(token)
    whole = "".join(pieces)
    if (
        len(whole) >= 3 and whole in SPELLED_VOCABULARY and max(map(len, pieces)) > 1
        and not all(piece in SPELLED_VOCABULARY for piece in pieces)
    ):
        return whole
    return token


def spelled_letter(word: str) -> str | None:
    """The letter a one-letter word spells ("g"), else None."""
    return word if len(word) == 1 and word.isalpha() else None


def join_spelled_letters(words: list[str], letter_of: Callable[[str], str | None] = spelled_letter) -> list[str]:
    """Read every run of MIN_SPELLED_RUN or more words that each spell a letter (one-letter words,
    or NATO alphabet words with `NATO_LETTERS.get`) as the word(s) its letters make."""
    out: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if letter_of(word) is not None:
            run.append(word)
            continue
        if len(run) >= MIN_SPELLED_RUN:
            out.extend(split_known_words("".join(map(letter_of, run))))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


def read_spelling_examples(words: list[str]) -> list[str] | None:
    """`words` with each letter spelled by an example read as the letter alone, or None when there
    is none: "i as in india g as in golf" (any example word that starts with the letter) and "i
    for india g for golf" (a NATO word), the way people spell a name or a code on the phone; the
    letters are then joined like letters spelled one by one."""
    out: list[str] = []
    index, changed = 0, False
    while index < len(words):
        letter = words[index]
        if len(letter) == 1 and index + 2 < len(words):
            if words[index + 1 : index + 3] == ["as", "in"] and index + 3 < len(words) and words[index + 3][0] == letter:
                out.append(letter)
                index, changed = index + 4, True
                continue
            if words[index + 1] == "for" and words[index + 2] in NATO_LETTERS and words[index + 2][0] == letter:
                out.append(letter)
                index, changed = index + 3, True
                continue
        out.append(letter)
        index += 1
    return out if changed else None


def split_known_words(run: str) -> list[str]:
    """`run` as the fewest SPELLED_VOCABULARY words that make it up exactly, else `[run]`.

    Runs longer than MAX_SPLIT_RUN (a flood of one letter, not a phrase spelled aloud) are left
    whole: the search costs time in proportion to the run's length.
    """
    if run in SPELLED_VOCABULARY or len(run) > MAX_SPLIT_RUN:
        return [run]
    # best[end]: the fewest words that spell run[:end], as (count, start of the last word); only
    # reachable ends are extended, by the word lengths the vocabulary has.
    best: list[tuple[int, int] | None] = [(0, 0)] + [None] * len(run)
    for start in range(len(run)):
        before = best[start]
        if before is None:
            continue
        for length in VOCABULARY_LENGTHS:
            end = start + length
            if end > len(run):
                break
            if run[start:end] in SPELLED_VOCABULARY and (best[end] is None or before[0] + 1 < best[end][0]):
                best[end] = (before[0] + 1, start)
    if best[-1] is None:
        return [run]
    words: list[str] = []
    end = len(run)
    while end:
        start = best[end][1]
        words.append(run[start:end])
        end = start
    return words[::-1]


def normalise(text: str) -> Normalised:
    """Fold and canonicalise one already-coerced input; payloads hidden in an encoding
    (scanner.hidden_text) are decoded, in place (hex, Morse) or appended (the rest), so the scorers
    read what the LLM would."""
    text, notes = decode_in_place(text, SPELLED_VOCABULARY)
    folded = fold(text, notes)
    canonical_text, words = canonical(folded, notes)
    for note, decoded in hidden_texts(text, canonical_text, words, SPELLED_VOCABULARY):
        notes.append(note)
        decoded_folded = fold(decoded, notes)
        folded = f"{folded}\n{decoded_folded}"
        canonical_text = f"{canonical_text} {canonical(decoded_folded, notes)[0]}".strip()
    return Normalised(folded=folded, canonical=canonical_text, notes=tuple(notes))
