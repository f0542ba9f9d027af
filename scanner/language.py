"""Whether a canonical text is English or another language, so that the right model scores it.

The learned layer was trained on English: the dev set, the synthetic sets and the spoken sets are
English but for a few hundred rows, and text in another language reaches it as letter n-grams it
has few weights for. Held out, it caught 79 of 200 attacks in twenty languages (docs/BENCHMARKS.md,
Scanner, "Stop 29"), and training it on other languages raised its bias and its scores of short
English commands (stop 24). So a second model of the same kind, trained on other languages only
(scanner.train, `--foreign`), scores the texts this gate sends it, and the English model never
sees its training rows.

The gate is the share of a text's words that are English words: the whole words of the edge
recogniser's vocabulary (18,000 frequent English words, as in scanner.known_words) and the
commonest short ones, looked up by their feature bucket in the compiled extension (a word that
shares a bucket with one of them, one in fourteen, counts as English too). English text, typed or transcribed, has most of its words there (an English
sentence with a foreign name or two stays English); German, French or Indonesian text has a tenth
of them, Russian, Hindi or Chinese none. A text of fewer than MIN_WORDS words is too short to
tell ("gracias", "merci beaucoup") and stays with the English model, whose fragment ceiling
already caps it, unless it is MIN_UNSPACED_CHARS or more of other letters: Chinese, Japanese and
Thai write a sentence without spaces. A text whose hidden payload the normaliser decoded (ROT13, Pig
Latin, Braille...: its raw half reads as no language) stays with the English model too, which has
scored those readings since they were added.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from pathlib import Path

from scanner.features import marked_words, word_marks
from scanner.hidden_text import DECODING_NOTES

ENGLISH_WORDS_FILE = Path(__file__).with_name("data") / "english_words.txt"
# Below this share of English words a text is another language's (English dev texts: 4.5 % of
# them fall below 0.4, nearly all German, Chinese or other-language rows of the dev set).
MAX_ENGLISH_SHARE = 0.4
MIN_WORDS = 3
MIN_UNSPACED_CHARS = 8
# Words of up to three letters (the recogniser's vocabulary file is read from four letters up), and
# the contractions and titles it lacks as whole words ("im", "youre", "isnt" once the normaliser has
# dropped the apostrophe; "mr", "dr"): a three-word English turn with a name in it ("alligator mr
# brown") was otherwise read as another language.
SHORT_ENGLISH_WORDS = (
    "a i me my to of is it in on at be do no so up all the and you your are any for with what this that from now not"
    " but can please just then also here there our we us was were has have had will would should could must let get"
    " how why who when where one out off over into about its they them their as by or if am an he she him her his"
    " did does yes yeah ok okay hi hey too two six ten new old big own set put see say ask add may way day"
    " im ive id ill youre youve youd youll hes shes theyre theyve theyd weve wed isnt arent wasnt werent hasnt havent"
    " hadnt heres theres hows whos whens wheres mr mrs ms dr st jr"
)


def _load(path: Path) -> frozenset[str]:
    return frozenset(path.read_text(encoding="utf-8").split()) | frozenset(SHORT_ENGLISH_WORDS.split())


ENGLISH_WORDS = _load(ENGLISH_WORDS_FILE)
# The same words as a bit per feature bucket (32 KB, where a set of 18,000 strings takes over a
# megabyte a lookup may miss in cache): every scan asks the gate.
ENGLISH_MARKS = word_marks(ENGLISH_WORDS)


def is_foreign(canonical: str, notes: Collection[str] = ()) -> bool:
    """Whether canonical text of MIN_WORDS words or more has under MAX_ENGLISH_SHARE English words
    (and, with the normaliser's `notes`, no payload decoded)."""
    if notes and not DECODING_NOTES.isdisjoint(notes):
        return False
    english, words = marked_words(canonical, ENGLISH_MARKS)
    if words < MIN_WORDS:
        return len(canonical) >= MIN_UNSPACED_CHARS and not canonical.isascii()
    return english < MAX_ENGLISH_SHARE * words


def main(argv: list[str] | None = None) -> int:
    """`python -m scanner.language`: rebuild the English word list from the recogniser's vocabulary."""
    from scanner.known_words import recogniser_words

    parser = argparse.ArgumentParser(prog="python -m scanner.language", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=ENGLISH_WORDS_FILE)
    args = parser.parse_args(argv)
    words = recogniser_words()
    args.out.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} English words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
