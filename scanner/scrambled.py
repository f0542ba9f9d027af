"""Words typed with their inner letters shuffled ("ignroe all prevoius isntructions"), read back.

People read a word whose first and last letters are in place and whose inner letters are shuffled
almost as easily as the word itself, and so do LLMs: the "typoglycemia" evasion (named in OWASP's
prompt-injection prevention cheat sheet) shuffles the words a filter looks for, and with the rule
words shuffled 85 % of the dev set's caught attacks were allowed. A shuffled word keeps its length,
its ends and its letters, so a word is restored to a rule word when it has the same first letter,
last letter and inner letters and is not itself a known word; so is a typing slip of a rule word
of six letters or more (one inner letter dropped or one letter doubled: "promt", "ignnore"). Only
English rule words are restored to: in other languages a word a letter away from a rule word is
most often a word of its own (rule_words.FOREIGN_ONLY_WORDS).
Known words (scanner/data/known_words.txt; `python -m scanner.known_words` rebuilds it) are those
of the benign training texts and the whole words of the recogniser's vocabulary, and a rule word
that shares its shape with a known word ("from" and "form", "reverse" and "reserve") is never
restored to, nor a slip that is a known word ("revel"). Speech never needs this (a recogniser
writes words it knows); the cost on a transcript is one set difference and a lookup or two for
each word left.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from scanner.rule_words import CONTEXT_ONLY_WORDS, FOREIGN_ONLY_WORDS
from scanner.rules import ALL_KEYWORDS

KNOWN_WORDS_FILE = Path(__file__).with_name("data") / "known_words.txt"
MIN_LENGTH = 4  # "teh" has one inner letter: nothing to shuffle
MIN_SLIP_LENGTH = 6  # a slip in a shorter word too often makes another word ("revel" for "reveal")


def shape(word: str) -> str:
    """First and last letter, then the inner letters sorted: equal for a word and its shuffles."""
    return word[0] + word[-1] + "".join(sorted(word[1:-1]))


def restorable(known: Iterable[str], targets: Iterable[str]) -> dict[str, str]:
    """shape -> target word, for targets no other known word (nor other target) shares a shape with."""
    owners: dict[str, set[str]] = {}
    for word in (*known, *targets):
        if len(word) >= MIN_LENGTH:
            owners.setdefault(shape(word), set()).add(word)
    return {
        shape(word): word
        for word in targets
        if len(word) >= MIN_LENGTH and word.isalpha() and owners[shape(word)] == {word}
    }


def slipped_forms(known: Iterable[str], targets: Iterable[str]) -> dict[str, str]:
    """A typing slip of a target -> the target: one inner letter dropped ("instuctions") or one
    letter doubled ("ignnore"), for targets of MIN_SLIP_LENGTH letters or more. A form that is a
    known word or a target, or that two targets share, is left out."""
    owners: dict[str, set[str]] = {}
    targets = [word for word in targets if len(word) >= MIN_SLIP_LENGTH and word.isalpha()]
    for word in targets:
        for i in range(1, len(word) - 1):
            owners.setdefault(word[:i] + word[i + 1 :], set()).add(word)
            owners.setdefault(word[:i] + word[i] + word[i:], set()).add(word)
    excluded = {*known, *targets}
    return {form: next(iter(words)) for form, words in owners.items() if len(words) == 1 and form not in excluded}


def _load_known(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_KNOWN_WORDS = _load_known(KNOWN_WORDS_FILE)  # commonest first
# English rule words that carry an attack (rule_words.FOREIGN_ONLY_WORDS and CONTEXT_ONLY_WORDS say why)
TARGETS = ALL_KEYWORDS - FOREIGN_ONLY_WORDS - CONTEXT_ONLY_WORDS
RESTORE: dict[str, str] = restorable(_KNOWN_WORDS, TARGETS)
SLIPS: dict[str, str] = slipped_forms(_KNOWN_WORDS, TARGETS)
# The fast path: the commonest known words and the rule words are never looked at, and of the
# rest a word is looked up as a slip, and sorted into a shape only if it has the first letter,
# last letter and length of a restorable word. Gating with every known word would be exact too (no
# known word is a slip or shares a shape with a restorable word); the gate is kept to the 3,000
# commonest so that it stays small in the cache between transcripts (20,000 words measured no
# faster within the machine's noise, 1.2 us per dev text warm either way).
GATE_WORDS = 3000
COMMON: frozenset[str] = frozenset(_KNOWN_WORDS[:GATE_WORDS]) | ALL_KEYWORDS
ENDS: frozenset[tuple[str, str, int]] = frozenset((word[0], word[-1], len(word)) for word in RESTORE.values())
del _KNOWN_WORDS


def restore_scrambled(words: list[str]) -> list[str] | None:
    """`words` with shuffled or slipped rule words restored, or None when there is none."""
    fixes = {}
    for word in set(words).difference(COMMON):
        target = SLIPS.get(word)
        if target is None and MIN_LENGTH <= len(word) and (word[0], word[-1], len(word)) in ENDS:
            target = RESTORE.get(shape(word))
        if target is not None:
            fixes[word] = target
    if not fixes:
        return None
    return [fixes.get(word, word) for word in words]
