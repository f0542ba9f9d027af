"""Cutting a streamed reply into clauses worth synthesising on their own.

Synthesis of the first clause starts as soon as it is complete, not when the whole reply is:
that is most of the difference between a voice agent that answers and one that pauses. The first
clause is cut early (at a comma, or after `first_max_words` words at a word boundary) so the
voice starts quickly; later clauses wait for sentence ends, which sound more natural and cost
fewer synthesis calls.
"""

from __future__ import annotations

import re

# a sentence end followed by a space, or closing the text so far after a word (not "3." of "3.5")
_SENTENCE_END = re.compile(r"[.!?;:]+[\"')\]]*\s|(?<=[^\W\d_])[.!?]+[\"')\]]*$")
_COMMA = re.compile(r",\s")


class ClauseChunker:
    def __init__(self, first_min_words: int = 3, first_max_words: int = 4, max_chars: int = 300) -> None:
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
                return text.rstrip().rfind(" ") + 1 or None  # keep the last, maybe unfinished, word
        if len(text) >= self.max_chars:
            space = text.rfind(" ", 0, self.max_chars)
            return space + 1 if space > 0 else self.max_chars
        return None
