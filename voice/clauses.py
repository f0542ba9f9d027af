"""Cutting a streamed reply into clauses worth synthesising on their own.

Synthesis of the first clause starts as soon as it is complete, not when the whole reply is:
that is most of the difference between a voice agent that answers and one that pauses. The first
clause is cut early (at a comma, or after `first_max_words` words at a word boundary) so the
voice starts quickly; later clauses wait for sentence ends, which sound more natural and cost
fewer synthesis calls. A clause cut at a word count never ends on a word that leans on the next
one ("of", "the", "is"): "The capital city of | France is Paris." is spoken as two phrases with a
break where no speaker makes one (our own recogniser heard "The capital city, Francis Paris"),
"The capital city | of France is Paris." as one sentence with a natural pause.
"""

from __future__ import annotations

import re

# a sentence end followed by a space, or closing the text so far after a word (not "3." of "3.5")
_SENTENCE_END = re.compile(r"[.!?;:]+[\"')\]]*\s|(?<=[^\W\d_])[.!?]+[\"')\]]*$")
_COMMA = re.compile(r",\s")
_WORD = re.compile(r"\S+")
# Words that lean on the word after them (articles, prepositions, conjunctions, auxiliaries, ...)
LEANING_WORDS = frozenset("""
a an the this that these those my your his her its our their some any no every each
of to in on at by for with from into onto about as than like over under after before between
and or but nor so if because while although though when where which who whom whose what how
is are was were be been being am do does did has have had will would can could shall should may
might must not very too quite just i you he she it we they there here
""".split())


class ClauseChunker:
    # Three words: Piper speaks them in ~44 ms (p50) against ~59 ms for four, and the reply's
    # next clause is written and synthesised well before they have been heard.
    def __init__(self, first_min_words: int = 3, first_max_words: int = 3, max_chars: int = 300) -> None:
        self._buffer = ""
        self._first = True
        self.first_min_words = first_min_words
        self.first_max_words = first_max_words
        self.max_chars = max_chars

    def add(self, delta: str) -> list[str]:
        """Feed the next piece of the reply; returns the clauses it completed."""
        self._buffer += delta
        clauses = []
        while (cut := self._cut()) is not None:
            clause, self._buffer = self._buffer[:cut].strip(), self._buffer[cut:]
            if clause:
                clauses.append(clause)
                self._first = False
        return clauses

    def flush(self) -> list[str]:
        """The rest of the reply, once it is complete."""
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []

    def _cut(self) -> int | None:
        text = self._buffer
        if (m := _SENTENCE_END.search(text)) is not None:
            return m.end()
        if self._first:
            words = text.split()
            if len(words) >= self.first_min_words and (m := _COMMA.search(text)) is not None:
                return m.end()
            if len(words) > self.first_max_words:
                return self._word_cut(words[:-1])  # keep the last, maybe unfinished, word
        if len(text) >= self.max_chars:
            space = text.rfind(" ", 0, self.max_chars)
            return space + 1 if space > 0 else self.max_chars
        return None

    def _word_cut(self, words: list[str]) -> int | None:
        """Where to cut the buffer after the complete `words`, backing off the words that lean on
        the next one; None (wait for more) if fewer than two words would be left."""
        keep = len(words)
        while keep > 2 and words[keep - 1].lower().strip("\"'") in LEANING_WORDS:
            keep -= 1
        if keep < 2 or words[keep - 1].lower().strip("\"'") in LEANING_WORDS:
            return None if len(words) < 2 * self.first_max_words else self._after(len(words))
        return self._after(keep)

    def _after(self, count: int) -> int:
        """The buffer's index just after its `count`-th word and the whitespace that follows it."""
        word = list(_WORD.finditer(self._buffer))[count - 1]
        return word.end() + 1
